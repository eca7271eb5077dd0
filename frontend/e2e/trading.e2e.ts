// End to end against the real server: two people sign in, one creates a market and bids,
// the other hits the bid; both pages update live; cancel and Out; reconnect after restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ExchangeServer,
  WireClient,
  eventually,
  expectCount,
  expectText,
  launchChromium,
  loginUrl,
  screenshot,
  waitReady,
} from './harness';

const run = Date.now().toString(36);
const alice = { name: `alice-${run}`, password: 'correct horse 1' };
const bob = { name: `bob-${run}`, password: 'battery staple 2' };
const marketName = `Rain tomorrow ${run}`;

let server: ExchangeServer;
let browser: Browser;
let contexts: BrowserContext[] = [];
let mode: 'builtin' | 'test-tokens' = 'test-tokens';
let pageA: Page;
let pageB: Page;
let marketPath = '';
const pageErrors: string[] = [];

/** Credentials for the protocol helper: the same identity the page signed in with. */
const tokens = new Map<string, { jwt: string; idJwt: string }>();

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
  return page;
}

async function signIn(page: Page, who: { name: string; password: string }, admin: boolean, register = true): Promise<void> {
  if (mode === 'builtin') {
    // Alice, the admin, registers through the instructor setup link.
    await page.goto(loginUrl(server, admin, register));
    if (register) await page.getByTestId('tab-register').click();
    await page.fill('#name', who.name);
    await page.fill('#password', who.password);
    if (register) await page.fill('#password2', who.password);
    await page.getByTestId('auth-submit').click();
    await waitReady(page);
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(who),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; id_token: string };
    tokens.set(who.name, { jwt: body.access_token, idJwt: body.id_token });
  } else {
    // Until the server offers built-in sign-in: the dev-only test-token path of the app.
    const token = `test::${who.name}::${who.name}::${admin}`;
    await page.goto(`${server.url}/?testToken=${encodeURIComponent(token)}`);
    await waitReady(page);
    tokens.set(who.name, { jwt: token, idJwt: '' });
  }
}

const balance = (page: Page) => page.getByTestId('balance');
const bidLevels = (page: Page) => page.locator('[data-testid=order-book] [data-testid=bid-level]');
const trades = (page: Page) => page.locator('[data-testid=trade-tape] [data-testid=trade]');
const myOrders = (page: Page) => page.getByTestId('my-order');

async function placeOrder(page: Page, side: 'buy' | 'sell', price: string, size: string): Promise<void> {
  await page.getByTestId(side === 'buy' ? 'side-buy' : 'side-sell').click();
  await page.getByTestId('order-price').fill(price);
  await page.getByTestId('order-size').fill(size);
  await page.getByTestId('place-order').click();
}

describe('trading in the browser against the real server', () => {
  beforeAll(async () => {
    server = new ExchangeServer();
    await server.start();
    browser = await launchChromium();
    // Built-in sign-in when the server offers it (E2E_AUTH=test-tokens forces the dev path).
    const config = await fetch(`${server.url}/api/config`);
    if (config.ok && process.env.E2E_AUTH !== 'test-tokens') {
      const body = (await config.json()) as { auth?: string; registration?: string };
      if (body.auth === 'builtin' && body.registration === 'open') mode = 'builtin';
    }
    console.log(`e2e: server on ${server.url}, sign-in via ${mode}`);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('shows the sign-in page', async () => {
    const page = await newPage(1024, 720);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('auth-submit').waitFor();
    await screenshot(page, 'login');
    if (mode === 'builtin') {
      await page.fill('#name', 'nobody');
      await page.fill('#password', 'wrong');
      await page.getByTestId('auth-submit').click();
      await expectText(page.getByTestId('auth-error'), 'Invalid name or password');
    }
  });

  it('two people sign in; one creates a market and bids, the other hits the bid', async () => {
    pageA = await newPage();
    pageB = await newPage();
    await signIn(pageA, alice, true);
    await signIn(pageB, bob, false);

    // Bob needs money to sell: Alice (admin, 100,000,000) pays him through the protocol.
    const wire = await WireClient.connect(server.url, tokens.get(alice.name)!.jwt, tokens.get(alice.name)!.idJwt);
    await wire.request({
      case: 'makeTransfer',
      value: { fromAccountId: wire.userId, toAccountId: wire.accountId(bob.name), amount: 1000, note: 'e2e funding' },
    });
    wire.close();
    await expectText(balance(pageB), '1,000.00');
    await expectText(balance(pageA), '99,999,000.00');

    // Alice creates the market with the UI.
    await pageA.getByTestId('new-market').click();
    await pageA.fill('#market-name', marketName);
    await pageA.fill('#market-description', 'Settles at 100 if it rains tomorrow');
    await pageA.fill('#market-min', '0');
    await pageA.fill('#market-max', '100');
    await pageA.locator('[data-testid=create-market-form] button[type=submit]').click();
    await pageA.getByTestId('market-page').waitFor();
    marketPath = new URL(pageA.url()).pathname;
    expect(marketPath).toMatch(/^\/[a-z0-9][a-z0-9-]*\/market\/\d+$/);

    // Bob sees it appear live in his market list and opens it.
    const row = pageB.locator('[data-testid=market-row]', { hasText: marketName });
    await row.waitFor();
    await screenshot(pageB, 'markets');
    await row.locator('a').click();
    await pageB.getByTestId('market-page').waitFor();
    await expectText(pageB.getByTestId('market-name'), marketName);

    // Client-side checks mirror the server's.
    await placeOrder(pageA, 'buy', '40.123', '5');
    await expectText(pageA.getByTestId('order-error'), /at most 2 decimals/);
    await placeOrder(pageA, 'buy', '140', '5');
    await expectText(pageA.getByTestId('order-error'), /between 0.00 and 100.00/);

    // Alice bids 5 @ 40; both books show it, Alice's marked as hers.
    await placeOrder(pageA, 'buy', '40', '5');
    await expectCount(myOrders(pageA), 1);
    await expectCount(bidLevels(pageB), 1);
    await expectText(bidLevels(pageB), /5\.00\s*40\.00/);
    expect(await bidLevels(pageA).first().getAttribute('data-own')).toBe('true');
    expect(await bidLevels(pageB).first().getAttribute('data-own')).toBeNull();

    // Bob clicks the bid (prefills a sell at 40) and sells 2.
    await bidLevels(pageB).first().click();
    expect(await pageB.getByTestId('order-price').inputValue()).toBe('40.00');
    await pageB.getByTestId('order-size').fill('2');
    await pageB.getByTestId('place-order').click();

    // Both pages show the trade, the smaller bid and the new balances, live.
    await expectCount(trades(pageA), 1);
    await expectCount(trades(pageB), 1);
    await expectText(trades(pageA), /40\.00\s*2\.00/);
    expect(await trades(pageA).first().getAttribute('data-own')).toBe('true');
    await expectText(bidLevels(pageA), /3\.00\s*40\.00/);
    await expectText(bidLevels(pageB), /3\.00\s*40\.00/);
    await expectText(balance(pageA), '99,998,920.00');
    await expectText(balance(pageB), '1,080.00');
    await expectText(pageA.getByTestId('position'), '+2.00');
    await expectText(pageB.getByTestId('position'), '-2.00');
    // Bob: short 2 in [0, 100]: worst case 100 · (−2) = −200; available 1,080 − 200.
    await expectText(pageB.getByTestId('worst-case'), '-200.00');
    await expectText(pageB.getByTestId('available-balance'), '880.00');

    await pageA.waitForTimeout(300); // let the chart draw
    await screenshot(pageA, 'market-alice');
    await screenshot(pageB, 'market-bob');
  });

  it('cancels one order, then all orders in the market (Out)', async () => {
    await placeOrder(pageA, 'buy', '30', '1');
    await expectCount(myOrders(pageA), 2);
    await expectCount(bidLevels(pageB), 2);

    const order30 = myOrders(pageA).filter({ hasText: '30.00' });
    await order30.getByTestId('cancel-order').click();
    await expectCount(myOrders(pageA), 1);
    await expectCount(bidLevels(pageB), 1);

    await placeOrder(pageA, 'sell', '60', '1');
    await expectCount(myOrders(pageA), 2);
    await pageA.getByTestId('cancel-all-market').click();
    await expectCount(myOrders(pageA), 0);
    await expectCount(bidLevels(pageB), 0);
    await expectCount(pageB.locator('[data-testid=order-book] [data-testid=offer-level]'), 0);

    // Out everywhere succeeds even with nothing left to cancel.
    await pageA.getByTestId('cancel-all-markets').click();
    await pageA.getByText('Nothing to cancel').waitFor();
  });

  it('replays the book at a past transaction', async () => {
    await pageA.getByTestId('replay-tab').click();
    const replay = pageA.getByTestId('history-replay');
    await replay.getByTestId('replay-slider').waitFor();
    // Latest transaction: everything cancelled, the replayed book is empty.
    await expectCount(replay.locator('[data-testid=bid-level]'), 0);
    // The playhead back to the market's creation (the book as of a given trade is covered by
    // chart-replay.e2e.ts, where trades fall in different seconds): nothing rested yet.
    await replay.getByTestId('replay-playhead').focus();
    await pageA.keyboard.press('Home');
    await expectText(replay.getByTestId('replay-position'), /\(1 of \d+\)/);
    await expectCount(replay.locator('[data-testid=bid-level]'), 0);
    await pageA.keyboard.press('End');
    await expectText(replay.getByTestId('replay-position'), /\((\d+) of \1\)/);
    await screenshot(pageA, 'market-history');
    await pageA.getByRole('tab', { name: 'Live' }).click();
  });

  it('fits a phone-width screen', async () => {
    const phone = await newPage(390, 844);
    await signIn(phone, bob, false, false);
    await phone.goto(`${server.url}${marketPath}`);
    await phone.getByTestId('market-page').waitFor();
    await expectCount(trades(phone), 1);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'market-phone');
  });

  it('reconnects after the server restarts and keeps trading', async () => {
    await server.stop();
    await pageA.waitForSelector('[data-testid=connection-status][data-status=reconnecting]', { timeout: 10_000 });
    await pageB.waitForSelector('[data-testid=connection-status][data-status=reconnecting]', { timeout: 10_000 });
    await screenshot(pageA, 'reconnecting', false);
    await server.start();
    await waitReady(pageA, 30_000);
    await waitReady(pageB, 30_000);

    // State came back from the new snapshot and the re-fetched trade history.
    await expectCount(trades(pageA), 1);
    await expectCount(trades(pageB), 1);
    await expectText(pageA.getByTestId('position'), '+2.00');

    await placeOrder(pageA, 'buy', '41', '1');
    await expectCount(bidLevels(pageB), 1);
    await bidLevels(pageB).first().click();
    await pageB.getByTestId('order-size').fill('1');
    await pageB.getByTestId('place-order').click();
    await expectCount(trades(pageA), 2);
    await expectCount(trades(pageB), 2);
    await expectText(pageB.getByTestId('position'), '-3.00');
    await eventually('no page errors', async () => pageErrors.length === 0, 1_000).catch(() => {
      throw new Error(`Errors in the page:\n${pageErrors.join('\n')}`);
    });
  });
});
