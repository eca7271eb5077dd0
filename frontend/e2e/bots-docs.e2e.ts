// Issue 19, the web app's part, end to end against the real server:
// - /bots: a student creates a bot token, sees it once, copies it, finds it in the list; a bot
//   signs in with it over the WebSocket (ActingAs) and trades; revoking it empties the list and
//   the token stops working;
// - /docs: the repository's documentation renders (headings with anchors, relative links
//   between pages working inside the app), also without signing in;
// - the portfolio's CSV export downloads the student's trades and orders;
// - none of these pages runs into the Content Security Policy.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ExchangeServer,
  WireClient,
  authMode,
  eventually,
  expectCount,
  expectText,
  launchChromium,
  screenshot,
  signIn,
  waitReady,
  watchedPage,
  type AuthMode,
  type Person,
  cohortOf,
} from './harness';

const run = Date.now().toString(36);
const teacher: Person = { name: `teacher-${run}`, password: 'teacher pass 4', admin: true };
const student: Person = { name: `student-${run}`, password: 'student pass 7', admin: false };
const marketName = `Bot market ${run}`;

let server: ExchangeServer;
let browser: Browser;
let mode: AuthMode = 'builtin';
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const cspProblems: string[] = [];
let studentPage: Page;
let marketId = 0n;

async function newPage(label: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  return watchedPage(context, label, { pageErrors, cspProblems });
}

async function tokensFromServer(jwt: string): Promise<{ id: string; name: string; last_used_at: string | null }[]> {
  const response = await fetch(`${server.url}/api/auth/tokens`, { headers: { authorization: `Bearer ${jwt}` } });
  expect(response.status).toBe(200);
  return response.json();
}

/** Parses the CSV the app wrote (no quoted line breaks in these rows). */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const fields = (line: string) => {
    const out: string[] = [];
    let at = 0;
    while (at <= line.length) {
      if (line[at] === '"') {
        let value = '';
        at++;
        while (at < line.length) {
          if (line[at] === '"' && line[at + 1] === '"') (value += '"'), (at += 2);
          else if (line[at] === '"') break;
          else value += line[at++];
        }
        out.push(value);
        at += 2;
      } else {
        const end = line.indexOf(',', at);
        out.push(line.slice(at, end < 0 ? line.length : end));
        at = end < 0 ? line.length + 1 : end + 1;
      }
    }
    return out;
  };
  return text.replace(/^\ufeff/, '').slice(0, -2).split('\r\n').map(fields);
}

async function downloadText(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe('bot tokens, documentation and CSV export', () => {
  beforeAll(async () => {
    server = new ExchangeServer();
    await server.start();
    mode = await authMode(server);
    browser = await launchChromium();
    const teacherPage = await newPage('teacher');
    await signIn(teacherPage, server, mode, teacher);
    studentPage = await newPage('student');
    await signIn(studentPage, server, mode, student);
    const wire = await WireClient.connect(server.url, teacher.jwt!, teacher.idJwt);
    try {
      const created = await wire.request({
        case: 'createMarket',
        value: { name: marketName, description: 'Bots trade here', minSettlement: 0, maxSettlement: 100 },
      });
      marketId = created.message.case === 'market' ? created.message.value.id : 0n;
      expect(marketId).not.toBe(0n);
      await wire.request({ case: 'createOrder', value: { marketId, price: 41.5, size: 5, side: 2 } });
      await wire.request({
        case: 'makeTransfer',
        value: { fromAccountId: wire.userId, toAccountId: wire.accountId(student.name), amount: 1000, note: 'bot money' },
      });
    } finally {
      wire.close();
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('a student creates a bot token, copies it once, a bot trades with it, and revoking it ends it', async () => {
    const page = studentPage;
    await page.getByTestId('nav-bots').click();
    await page.getByTestId('bots-page').waitFor();
    await page.getByTestId('tokens-empty').waitFor();
    // The ready command names this server's WebSocket address.
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/ws/${await cohortOf(page)}`;
    await expectText(page.getByTestId('bot-websocket-url'), wsUrl);
    await expectText(page.getByTestId('run-command'), new RegExp(`--url ${wsUrl.replace(/[.:/]/g, '\\$&')} --token <your bot token>$`));
    await expectText(page.getByTestId('install-command'), /pip install .*\.\/clients\/python/);

    await page.getByTestId('token-name').fill('market-maker');
    await page.getByTestId('create-token').click();
    const shown = page.getByTestId('new-token-value');
    await shown.waitFor();
    const token = ((await shown.textContent()) ?? '').trim();
    expect(token).toMatch(/^bot_[A-Za-z0-9_-]{43}$/);
    await expectText(page.getByTestId('new-token'), /will not be shown again/);
    await expectText(page.getByTestId('run-command'), new RegExp(`--token ${token}$`));
    await page.getByTestId('copy-token').click();
    await eventually('the copy button to confirm', async () => (await page.getByTestId('copy-token').getAttribute('data-copied')) === 'true');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.getByTestId('copy-run').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`--token ${token}`);
    await expectCount(page.getByTestId('token-row'), 1);
    await expectText(page.getByTestId('token-row-name'), 'market-maker');
    await expectText(page.getByTestId('token-last-used'), 'never');
    await screenshot(page, 'bots-token-created');

    // Shown once: after a reload the list has it, the token itself is gone from the page.
    // (The bots page is outside the cohorts: no exchange connection there.)
    await page.reload();
    await page.getByTestId('bots-page').waitFor();
    await expectCount(page.getByTestId('token-row'), 1);
    await expectCount(page.getByTestId('new-token'), 0);
    expect(await page.content()).not.toContain(token);

    // A bot signs in with the token (Authenticate.jwt), is the student, and trades.
    const bot = await WireClient.connect(server.url, token);
    try {
      expect(bot.accountId(student.name)).toBe(bot.userId);
      const filled = await bot.request({ case: 'createOrder', value: { marketId, price: 41.5, size: 2, side: 1 } });
      expect(filled.message.case).toBe('orderCreated');
      await bot.request({ case: 'createOrder', value: { marketId, price: 30.25, size: 1.5, side: 1 } });
      await bot.request({ case: 'out', value: { marketId } });
    } finally {
      bot.close();
    }
    await eventually('last_used_at to be recorded', async () => (await tokensFromServer(student.jwt!))[0]?.last_used_at != null);
    await page.reload();
    await page.getByTestId('bots-page').waitFor();
    await eventually('the list to show when it was used', async () => ((await page.getByTestId('token-last-used').textContent()) ?? '').trim() !== 'never');

    await page.getByTestId('revoke-token').click();
    const dialog = page.getByTestId('revoke-dialog');
    await expectText(dialog, /Revoke “market-maker”\?/);
    await dialog.getByTestId('confirm').click();
    await page.getByTestId('tokens-empty').waitFor();
    expect(await tokensFromServer(student.jwt!)).toEqual([]);
    await expect(WireClient.connect(server.url, token)).rejects.toThrow(/Authenticate failed/);
    await screenshot(page, 'bots-token-revoked');
  });

  it('renders the documentation with anchors and working links, signed in and not', async () => {
    const page = studentPage;
    await page.getByTestId('nav-docs').click();
    await page.getByTestId('docs-index').waitFor();
    const slugs = await page.getByTestId('docs-index-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const slug of ['/docs/limits', '/docs/authentication', '/docs/python']) expect(slugs).toContain(slug);
    await page.locator('[data-testid=docs-index-link][href="/docs/limits"]').click();
    const content = page.getByTestId('doc-content');
    await content.locator('h1').waitFor();
    expect(page.url()).toBe(`${server.url}/docs/limits`);
    await expectText(content.locator('h1'), /Limits/);
    expect(await content.locator('h2#request-rates').count()).toBe(1);
    expect(await content.locator('h2#request-rates a.heading-anchor').getAttribute('href')).toBe('#request-rates');
    expect(await content.locator('script, [onerror], [onclick]').count()).toBe(0);
    await screenshot(page, 'docs-limits');
    // A relative link between docs (authentication.md) stays inside the app.
    const link = content.locator('a[href="/docs/authentication"]').first();
    await link.click();
    await eventually('the authentication page', async () => page.url() === `${server.url}/docs/authentication`);
    await expectText(page.getByTestId('doc-content').locator('h1'), /./);
    await page.getByTestId('doc-content').locator('h2#bot-tokens-both-modes').waitFor();

    // A fresh load (the server's SPA fallback) of a page with an anchor, without signing in.
    const visitor = await newPage('visitor');
    const response = await visitor.goto(`${server.url}/docs/limits#request-rates`);
    expect(response?.status()).toBe(200);
    await visitor.getByTestId('doc-content').locator('h2#request-rates').waitFor();
    expect(visitor.url()).toContain('/docs/limits');
    await visitor.getByTestId('docs-sign-in').waitFor();
    await visitor.goto(`${server.url}/docs/python`);
    await expectText(visitor.getByTestId('doc-content').locator('h1'), /Python/);
    await visitor.goto(`${server.url}/docs/no-such-page`);
    await visitor.getByTestId('doc-missing').waitFor();
    await screenshot(visitor, 'docs-public', false);
  });

  it('exports my trades and orders as CSV from the portfolio', async () => {
    const page = studentPage;
    await page.getByTestId('nav-portfolio').click();
    await page.getByTestId('performance').waitFor();
    await page.getByTestId('pnl-row').first().waitFor();

    const trades = await downloadText(page, 'export-trades');
    expect(trades.name).toMatch(new RegExp(`^trades-student-${run}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const tradeRows = parseCsv(trades.text);
    expect(tradeRows[0]).toEqual(['time', 'market', 'side', 'price', 'size', 'counterparty', 'aggressor', 'trade_id', 'market_id']);
    expect(tradeRows).toHaveLength(2);
    const [time, market, side, price, size, counterparty, aggressor, , market_id] = tradeRows[1];
    expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(time) - Date.now())).toBeLessThan(10 * 60_000);
    expect([market, side, price, size, counterparty, aggressor, market_id]).toEqual([
      marketName,
      'buy',
      '41.50',
      '2.00',
      teacher.name,
      'taker',
      String(marketId),
    ]);

    const orders = await downloadText(page, 'export-orders');
    expect(orders.name).toMatch(/^orders-.*\.csv$/);
    const orderRows = parseCsv(orders.text);
    expect(orderRows[0]).toEqual(['time', 'market', 'side', 'price', 'size', 'filled', 'remaining', 'status', 'order_id', 'market_id']);
    // The bid that filled on arrival never rested; the one that rested was cancelled by Out.
    const rows = orderRows.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5], r[6], r[7]]);
    expect(rows).toContainEqual([marketName, 'bid', '30.25', '1.50', '0.00', '0.00', 'cancelled']);
    expect(cspProblems, 'Content Security Policy violations').toEqual([]);
    expect(pageErrors, 'uncaught page errors').toEqual([]);
  });
});
