// The instructor's people view and class leaderboard (issue 18), against the real server:
// cash, value of open positions at the chosen mark, money in and P&L for every student, sortable;
// the full-screen leaderboard ranks them, follows the instructor's mark and refreshes live.
//
// Ben buys 2 @ 60 and 1 @ 80 from Cat, then Ben bids 40 and Cat offers 70 (resting):
//   cash:     Ben 1000 − 200 = 800, Cat 1200; positions Ben +3, Cat −3; money in 1000 each.
//   last 80:  Ben 800 + 240 − 1000 = +40, Cat −40.
//   mid 55:   Ben 800 + 165 − 1000 = −35, Cat +35.
//   settlement (open positions count 0): Ben −200, Cat +200.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, createMarket, signInWithToken, testToken } from './cohort-helpers';
import { cohortOf, eventually, expectText, screenshot, type Person, type WireClient } from './harness';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const ben: Person = { name: `ben-${run}`, password: '', admin: false };
const cat: Person = { name: `cat-${run}`, password: '', admin: false };
const BID = 1;
const OFFER = 2;
const SLOW = 30_000; // positions and cash refresh every 10 s

const suite = new Suite();
let page: Page;
let cohort = '';
let benWire: WireClient;
let catWire: WireClient;
let marketId = 0n;

const row = (name: string) => page.locator(`[data-testid=person-row][data-name="${name}"]`);
const expectOrder = (expected: string[]) =>
  eventually(`the order ${expected.join(', ')}`, async () => (await names('[data-testid=person-row]')).join() === expected.join());
const names = (selector: string) => page.locator(selector).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));

describe('instructor people view and leaderboard', () => {
  beforeAll(async () => {
    await suite.start();
    page = await suite.newPage(1400, 900);
    await signInWithToken(page, suite, ada);
    cohort = await cohortOf(page);
    const adaWire = await suite.wire(ada, cohort);
    for (const who of [ben, cat]) {
      who.jwt = testToken(who);
      who.idJwt = '';
    }
    benWire = await suite.wire(ben, cohort);
    catWire = await suite.wire(cat, cohort);
    for (const id of [benWire.userId, catWire.userId]) {
      await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: id, amount: 1000, note: 'start' } });
    }
    marketId = await createMarket(adaWire, `Rain ${run}`);
    await catWire.request({ case: 'createOrder', value: { marketId, price: 60, size: 2, side: OFFER } });
    await benWire.request({ case: 'createOrder', value: { marketId, price: 60, size: 2, side: BID } });
    await catWire.request({ case: 'createOrder', value: { marketId, price: 80, size: 1, side: OFFER } });
    await benWire.request({ case: 'createOrder', value: { marketId, price: 80, size: 1, side: BID } });
    await benWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 1, side: BID } });
    await catWire.request({ case: 'createOrder', value: { marketId, price: 70, size: 1, side: OFFER } });
  });

  afterAll(async () => {
    await suite.close();
  });

  it('opens from the admin console and needs admin mode', async () => {
    await page.goto(`${suite.server.url}/${cohort}/admin`);
    await page.getByTestId('admin-people-view').click();
    await page.getByTestId('people-page').waitFor();
    await page.getByTestId('sudo-off-notice').getByTestId('enable-sudo').click();
    await page.getByTestId('money-in').fill('1000');
    await expectText(page.getByTestId('pnl-explained'), /P&L = cash \+ position value − money in/);
  });

  it('shows cash, position value at the last trade, money in and P&L; admins left out', async () => {
    await expectText(row(ben.name).getByTestId('person-pnl'), '+40.00', SLOW);
    await expectText(row(ben.name).getByTestId('person-cash'), '800.00');
    await expectText(row(ben.name).getByTestId('person-value'), '+240.00');
    await expectText(row(ben.name).getByTestId('person-money-in'), '1,000.00');
    await expectText(row(cat.name).getByTestId('person-pnl'), '-40.00');
    await expectText(row(cat.name).getByTestId('person-value'), '-240.00');
    await expectOrder([ben.name, cat.name]);
    await screenshot(page, 'people-view');
  });

  it('sorts by each column', async () => {
    await page.getByTestId('sort-pnl').click(); // highest first
    await expectOrder([ben.name, cat.name]);
    await page.getByTestId('sort-pnl').click();
    await expectOrder([cat.name, ben.name]);
    await page.getByTestId('sort-cash').click();
    await expectOrder([cat.name, ben.name]);
    await page.getByTestId('sort-name').click();
    await expectOrder([ben.name, cat.name]);
  });

  it('marks to mid when the instructor says so', async () => {
    await page.getByTestId('mark-mode').selectOption('mid');
    await expectText(row(ben.name).getByTestId('person-pnl'), '-35.00');
    await expectText(row(cat.name).getByTestId('person-pnl'), '+35.00');
    await expectText(row(cat.name).getByTestId('person-rank'), '1');
  });

  it('projects a full-screen leaderboard with the chosen mark, refreshed live', async () => {
    await page.getByTestId('open-leaderboard').click();
    const board = page.getByTestId('leaderboard');
    await board.waitFor();
    await expectText(page.getByTestId('leaderboard-mark'), 'Mark to mid');
    await eventually('Cat to lead at mid', async () => (await names('[data-testid=leaderboard-row]')).join() === `${cat.name},${ben.name}`);
    await expectText(page.locator(`[data-testid=leaderboard-row][data-name="${cat.name}"] [data-testid=leaderboard-pnl]`), '+35.00');
    // Large type: the rows are at least 30 px high text.
    const size = await page.locator('[data-testid=leaderboard-row]').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(30);
    await screenshot(page, 'leaderboard', false);

    // Cat sells 1 to Ben's bid at 40: last 40, no bid left (mid falls back to the last trade).
    // Ben: cash 760, +4 @ 40 → −80; Cat +80. The board follows without a reload.
    await catWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 1, side: OFFER } });
    await expectText(page.locator(`[data-testid=leaderboard-row][data-name="${ben.name}"] [data-testid=leaderboard-pnl]`), '-80.00', SLOW);

    // The instructor switches to mark to settlement: only cash counts.
    await page.getByTestId('mark-mode').selectOption('settlement');
    await expectText(page.getByTestId('leaderboard-mark'), 'Mark to settlement');
    await expectText(page.locator(`[data-testid=leaderboard-row][data-name="${ben.name}"] [data-testid=leaderboard-pnl]`), '-240.00');
    await expectText(page.locator(`[data-testid=leaderboard-row][data-name="${cat.name}"] [data-testid=leaderboard-pnl]`), '+240.00');
    expect(await page.locator(`[data-testid=leaderboard-row][data-name="${cat.name}"]`).getAttribute('data-rank')).toBe('1');
    expect(suite.pageErrors).toEqual([]);
  });
});
