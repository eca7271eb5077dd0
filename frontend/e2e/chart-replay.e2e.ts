// Issue 18 / additions.md 9.4 against the real server: trades at known prices in different
// seconds; the candle mode shows one candle per second with its volume; the history replay's
// playhead moves the trade list, the book, the position and the chart back; order entry is off
// while replaying; Play advances the playhead to the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, signInWithToken } from './cohort-helpers';
import { WireClient, cohortOf, eventually, expectCount, expectText, screenshot, type Person } from './harness';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };
const BID = 1;
const OFFER = 2;

const suite = new Suite();
let page: Page;
let adaWire: WireClient;
let samWire: WireClient;
let marketId = 0n;
let created = 0; // the market's creation second
const tradeSeconds: number[] = [];

/** The server's whole-second timestamp of a reply's transaction. */
function secondOf(reply: Awaited<ReturnType<WireClient['request']>>): number {
  const v = reply.message.value as { transactionTimestamp?: { seconds: bigint } };
  return Number(v.transactionTimestamp?.seconds ?? 0n);
}

/** Waits until the clock has passed `second`, so the next transaction has a later timestamp. */
async function after(second: number): Promise<void> {
  await eventually(`the clock passes ${second}`, async () => Date.now() / 1000 >= second + 1.05);
}

/** Sam takes `size` from an offer Ada posts at `price`: one trade. */
async function trade(price: number, size: number): Promise<void> {
  await adaWire.request({ case: 'createOrder', value: { marketId, price, size, side: OFFER } });
  const reply = await samWire.request({ case: 'createOrder', value: { marketId, price, size, side: BID } });
  tradeSeconds.push(secondOf(reply));
}

const chart = () => page.getByTestId('price-chart');
const attr = (name: string) => chart().getAttribute(name);
const replay = () => page.getByTestId('history-replay');

describe('issue 18: candles and the history replay', () => {
  beforeAll(async () => {
    await suite.start();
    const adaPage = await suite.newPage();
    await signInWithToken(adaPage, suite, ada);
    page = await suite.newPage();
    await signInWithToken(page, suite, sam);
    const cohort = await cohortOf(page);
    adaWire = await suite.wire(ada, cohort);
    samWire = await suite.wire(sam, cohort);
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: samWire.userId, amount: 1000, note: 'setup' } });
    const reply = await adaWire.request({ case: 'createMarket', value: { name: `Candles ${run}`, description: 'e2e', minSettlement: 0, maxSettlement: 100 } });
    marketId = reply.message.case === 'market' ? reply.message.value.id : 0n;
    created = secondOf(reply);
    await adaPage.context().close();
    // Two trades in different seconds (40, then 60 × 2), then Ada's bid resting at 30.
    await after(created);
    await trade(40, 1);
    await after(tradeSeconds[0]);
    await trade(60, 2);
    await after(tradeSeconds[1]);
    await adaWire.request({ case: 'createOrder', value: { marketId, price: 30, size: 3, side: BID } });
    await page.goto(`${suite.server.url}/${cohort}/market/${marketId}`);
    await page.getByTestId('market-page').waitFor();
  });

  afterAll(async () => {
    await suite.close();
  });

  it('candle mode shows one candle per second with the volume under it', async () => {
    await expectCount(page.getByTestId('trade'), 2);
    expect(await attr('data-mode')).toBe('line');
    await page.getByTestId('chart-mode-candles').click();
    await eventually('candles', async () => (await attr('data-mode')) === 'candles');
    expect(await attr('data-candle-width')).toBe('1');
    expect(await attr('data-candles')).toBe('2');
    expect(await attr('data-volume')).toBe('3');
    expect(await attr('data-last-price')).toBe('60');
    await page.getByTestId('chart-range-5m').click();
    await eventually('5m range', async () => (await attr('data-range')) === '5m' && (await attr('data-candle-width')) === '10');
    await screenshot(page, 'chart-candles');
  });

  it('the replay starts at the end: the live state, with order entry off', async () => {
    await page.getByTestId('replay-tab').click();
    await replay().getByTestId('replay-slider').waitFor();
    await expectText(replay().getByTestId('replay-position'), /\((\d+) of \1\)/);
    await expectText(replay().locator('[data-testid=bid-level]'), /3\.00\s*30\.00/);
    await expectCount(page.getByTestId('trade'), 2);
    await expectText(page.getByTestId('position'), '+3.00');
    expect(await page.getByTestId('order-price').isDisabled()).toBe(true);
    await expectText(page.getByTestId('replay-entry-off'), /off while replaying/);
  });

  it('moving the playhead back moves the trade list, the book, the position and the chart', async () => {
    const playhead = replay().getByTestId('replay-playhead');
    await playhead.focus();
    await page.keyboard.press('Home'); // the market's creation
    await expectCount(page.getByTestId('trade'), 0);
    await expectText(replay().getByTestId('replay-position'), /\(1 of \d+\)/);
    await expectCount(replay().locator('[data-testid=bid-level]'), 0);
    // One second per arrow, to the end of the first trade's second (timestamps may carry
    // fractions; the second trade is at least a second later).
    for (let s = created; s <= tradeSeconds[0]; s++) await page.keyboard.press('ArrowRight');
    await expectCount(page.getByTestId('trade'), 1);
    await expectText(page.getByTestId('trade').first(), /40\.00/);
    await expectText(page.getByTestId('position'), '+1.00');
    await expectCount(replay().locator('[data-testid=bid-level]'), 0);
    await eventually('the chart is cut at the playhead', async () => (await attr('data-last-price')) === '40' && (await attr('data-range')) === 'window');
    // The y axis fits the one visible price: 40 ± 4, snapped to a step of 2.
    expect([await attr('data-axis-min'), await attr('data-axis-max')]).toEqual(['36', '44']);
    await replay().getByTestId('replay-axis').selectOption('settlement');
    await eventually('settlement axis', async () => (await attr('data-axis-max')) === '100');
    await screenshot(page, 'chart-replay');
  });

  it('Play advances the playhead to the end', async () => {
    await replay().getByTestId('replay-speed').selectOption('100');
    await replay().getByTestId('replay-play').click();
    await expectCount(page.getByTestId('trade'), 2);
    await expectText(replay().locator('[data-testid=bid-level]'), /3\.00\s*30\.00/);
    await expectText(replay().getByTestId('replay-play'), /Play/);
    await expectText(replay().getByTestId('replay-position'), /\((\d+) of \1\)/);
  });

  it('back to Live: order entry is on again', async () => {
    await page.getByRole('tab', { name: 'Live' }).click();
    await eventually('order entry enabled', async () => page.getByTestId('order-price').isEnabled());
    await expectCount(page.getByTestId('replay-entry-off'), 0);
  });
});
