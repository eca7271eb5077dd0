// additions.md 9.5 against the real server: the performance page's marking modes. Sam buys 1
// at 50 in B (which then settles at 80), buys 2 at 40 in A, and a second later sells 1 at 60.
//   Mark to Market:      P&L over time 0 → 40 → 70 (B valued at its last trade until it settles)
//   Mark to Settlement:  30 → 70 → 70 (B valued at its settle price throughout); total 70 in both
//   Input Custom (A at 100): A = −20 + 1 × 100 = 80
// Filter chips pick one market; the progress text goes once the histories are loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, createMarket, signInWithToken } from './cohort-helpers';
import { WireClient, cohortOf, eventually, expectCount, expectText, screenshot, type Person } from './harness';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };
const BID = 1;
const OFFER = 2;
const nameA = `Apples ${run}`;
const nameB = `Bananas ${run}`;

const suite = new Suite();
let page: Page;
let adaWire: WireClient;
let samWire: WireClient;

function secondOf(reply: Awaited<ReturnType<WireClient['request']>>): number {
  const v = reply.message.value as { transactionTimestamp?: { seconds: bigint } };
  return Number(v.transactionTimestamp?.seconds ?? 0n);
}

/** Waits until the clock has passed `second`, so the next transaction has a later timestamp. */
async function after(second: number): Promise<void> {
  await eventually(`the clock passes ${second}`, async () => Date.now() / 1000 >= second + 1.05);
}

/** Sam trades `size` at `price` against Ada (Sam buys when `samBuys`); returns its second. */
async function trade(marketId: bigint, price: number, size: number, samBuys: boolean): Promise<number> {
  await adaWire.request({ case: 'createOrder', value: { marketId, price, size, side: samBuys ? OFFER : BID } });
  return secondOf(await samWire.request({ case: 'createOrder', value: { marketId, price, size, side: samBuys ? BID : OFFER } }));
}

const values = async () => (await page.getByTestId('pnl-chart').getAttribute('data-values'))?.split(' ').map(Number) ?? [];

describe('additions 9.5: P&L marking modes', () => {
  beforeAll(async () => {
    await suite.start();
    const adaPage = await suite.newPage();
    await signInWithToken(adaPage, suite, ada);
    page = await suite.newPage();
    await signInWithToken(page, suite, sam);
    const cohort = await cohortOf(page);
    adaWire = await suite.wire(ada, cohort);
    samWire = await suite.wire(sam, cohort);
    await adaPage.context().close();
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: samWire.userId, amount: 1000, note: 'setup' } });
    const a = await createMarket(adaWire, nameA);
    const b = await createMarket(adaWire, nameB);
    const first = await trade(b, 50, 1, true);
    await trade(a, 40, 2, true);
    await after(first);
    const second = await trade(a, 60, 1, false);
    await after(second);
    await adaWire.request({ case: 'settleMarket', value: { marketId: b, settlePrice: 80 } });
    await page.goto(`${suite.server.url}/${cohort}/portfolio`);
    await page.getByTestId('performance').waitFor();
  });

  afterAll(async () => {
    await suite.close();
  });

  it('loads the traded markets with a progress bar, then marks to settlement by default', async () => {
    await expectCount(page.getByTestId('pnl-loading'), 0);
    await expectCount(page.getByTestId('pnl-row'), 2);
    expect(await page.getByTestId('mark-mode').inputValue()).toBe('settlement');
    await expectText(page.getByTestId('pnl-total'), '+70.00');
    await expectText(page.locator(`[data-testid=pnl-row][data-market="${nameB}"] [data-testid=pnl-market-total]`), '+30.00');
    await expectText(page.getByTestId('pnl-clips'), /4\.00 clips traded/);
    // B counts at its settle price from its first trade on.
    await eventually('series marked to settlement', async () => (await values()).join() === '30,70,70');
  });

  it('Mark to Market values B at its last trade until it settles', async () => {
    await page.getByTestId('mark-mode').selectOption('market');
    await eventually('series marked to market', async () => (await values()).join() === '0,40,70');
    await expectText(page.getByTestId('pnl-total'), '+70.00');
    await screenshot(page, 'pnl-mark-to-market');
  });

  it('Input Custom needs one market: the chip picks A, a typed price marks it', async () => {
    expect(await page.locator('[data-testid=mark-mode] option[value=custom]').isDisabled()).toBe(true);
    await page.locator(`[data-testid=pnl-chip-market][data-name="${nameA}"]`).click();
    await expectCount(page.getByTestId('pnl-row'), 1);
    await expectText(page.getByTestId('pnl-total'), '+40.00'); // −20 + 1 × 60
    await page.getByTestId('mark-mode').selectOption('custom');
    await page.getByTestId('pnl-custom-price').fill('100');
    await expectText(page.getByTestId('pnl-total'), '+80.00');
    await eventually('series at the custom price', async () => (await values()).join() === '120,80');
    await page.getByTestId('pnl-chip-all').click();
    await expectCount(page.getByTestId('pnl-row'), 2);
    // Custom needs one market: with all selected the default mode applies again.
    await expectText(page.getByTestId('pnl-total'), '+70.00');
    await screenshot(page, 'pnl-custom');
  });
});
