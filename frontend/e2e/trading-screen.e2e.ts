// Issue 18, "what people expect of a trading screen", against the real server: money arriving
// and a resting order filled by someone else give toasts (with amount, price and size); the
// book counts orders per level and marks my size; keyboard shortcuts focus the form, place an
// order and cancel all after asking; cancel is off while the market is paused; the settlement
// toast says what the position pays and the chart marks the settlement price.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { Suite, createMarket, signInWithToken } from './cohort-helpers';
import { WireClient, cohortOf, eventually, expectCount, expectText, screenshot, type Person } from './harness';
import { nav, serverDown, serverUp } from './class-helpers';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };
const PAUSED = 2;
const OPEN = 0;

const suite = new Suite();
let page: Page;
let adaWire: WireClient;
let samWire: WireClient;
let samId = 0n;
let marketId = 0n;

const toast = (kind: string): Locator => page.locator(`[data-sonner-toast].notice-${kind}`);
const level = (side: 'bid' | 'offer', price: number): Locator => page.locator(`[data-testid=${side}-level][data-price="${price}"]`);
const blur = (): Promise<void> => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
const focusedTestId = (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('issue 18: a trading screen', () => {
  beforeAll(async () => {
    await suite.start();
    const adaPage = await suite.newPage();
    await signInWithToken(adaPage, suite, ada);
    page = await suite.newPage();
    await signInWithToken(page, suite, sam);
    const cohort = await cohortOf(page);
    adaWire = await suite.wire(ada, cohort);
    samWire = await suite.wire(sam, cohort);
    samId = samWire.userId;
    marketId = await createMarket(adaWire, `Rain ${run}`);
    await adaPage.context().close();
    await page.goto(`${suite.server.url}/${cohort}/market/${marketId}`);
    await page.getByTestId('market-page').waitFor();
  });

  afterAll(async () => {
    await suite.close();
  });

  it('shows the category on the market page', async () => {
    await expectText(page.getByTestId('market-category'), 'Other Markets');
  });

  it('tells me when money arrives', async () => {
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: samId, amount: 1000, note: 'setup' } });
    await expectText(toast('received'), /Received 1,000\.00 from ada/);
  });

  it('keyboard: S picks the sell side and goes to the price, Z to the size, Enter places', async () => {
    await blur();
    await page.keyboard.press('s');
    await expectText(page.locator('[data-testid=side-sell][aria-checked=true]'), /Sell/);
    expect(await focusedTestId()).toBe('order-price');
    await page.keyboard.type('60');
    // Letters typed in a field stay there; Escape leaves it so Z works.
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    expect(await focusedTestId()).toBe('order-size');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expectCount(page.getByTestId('my-order'), 1);
    expect(await page.getByTestId('order-price').inputValue()).toBe('60');
    // B goes back to the bid side, the price field focused.
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await expectText(page.locator('[data-testid=side-buy][aria-checked=true]'), /Buy/);
    expect(await focusedTestId()).toBe('order-price');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await expectText(page.getByTestId('shortcuts-help'), /Cancel all your orders/);
    await page.keyboard.press('Escape');
    await expectCount(page.getByTestId('shortcuts-help'), 0);
  });

  it('the book counts orders per level and marks my size', async () => {
    await adaWire.request({ case: 'createOrder', value: { marketId, price: 60, size: 1, side: 2 } });
    await adaWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 3, side: 1 } });
    await eventually('two orders at 60', async () => (await level('offer', 60).getAttribute('data-count')) === '2');
    await expectText(level('offer', 60).getByTestId('own-size'), /you 2\.00/);
    await expectText(level('bid', 40).getByTestId('level-count'), '1');
    await expectCount(level('bid', 40).getByTestId('own-size'), 0);
  });

  it('tells the maker when someone fills a resting order, with price and size', async () => {
    await adaWire.request({ case: 'createOrder', value: { marketId, price: 65, size: 1, side: 1 } });
    await expectText(toast('fill'), /Sold 1\.00 @ 60\.00/);
    await expectText(toast('fill'), /Your resting offer in Rain/);
    await expectText(level('offer', 60).getByTestId('own-size'), /you 1\.00/);
    await screenshot(page, 'trading-screen-fill');
  });

  it('cancel is off while the market is paused, and back when it opens', async () => {
    const cancel = page.getByTestId('cancel-order');
    expect(await cancel.isEnabled()).toBe(true);
    await adaWire.request({ case: 'setSudo', value: { enabled: true } });
    await adaWire.request({ case: 'editMarket', value: { id: marketId, status: PAUSED } });
    await eventually('cancel disabled while paused', async () => !(await cancel.isEnabled()));
    expect(await cancel.getAttribute('title')).toMatch(/paused/);
    await adaWire.request({ case: 'editMarket', value: { id: marketId, status: OPEN } });
    await eventually('cancel enabled again', async () => cancel.isEnabled());
  });

  it('X cancels all my orders here after asking', async () => {
    await blur();
    await page.keyboard.press('x');
    await expectText(page.getByTestId('confirm-cancel-all'), /Cancels your 1 open order/);
    await page.getByTestId('confirm-cancel-all').getByTestId('confirm').click();
    await expectCount(page.getByTestId('my-order'), 0);
  });

  it('cancel all markets skips paused markets and names them (the server does not cancel there)', async () => {
    const snow = `Snow ${run}`;
    const other = await createMarket(adaWire, snow);
    await samWire.request({ case: 'createOrder', value: { marketId, price: 10, size: 1, side: 1 } });
    await samWire.request({ case: 'createOrder', value: { marketId: other, price: 10, size: 1, side: 1 } });
    await adaWire.request({ case: 'editMarket', value: { id: other, status: PAUSED } });
    const button = page.getByTestId('cancel-all-markets');
    await eventually('the button to name the paused market', async () => ((await button.getAttribute('title')) ?? '').includes(snow));
    await expectCount(page.getByTestId('my-order'), 1);
    await button.click();
    await expectText(page.locator('[data-sonner-toast]', { hasText: 'skipped' }), new RegExp(`^Cancelled your orders in 1 market; skipped paused market ${snow} `));
    await expectCount(page.getByTestId('my-order'), 0);
    // Only the paused market's order is left: the button is off and says why.
    await eventually('the button to be off', async () => button.isDisabled());
    expect(await button.getAttribute('title')).toMatch(new RegExp(`all in paused markets \\(${snow}\\)`));
    await adaWire.request({ case: 'editMarket', value: { id: other, status: OPEN } });
    await eventually('the button to be back', async () => button.isEnabled());
  });

  it('a settlement tells what my position pays and the chart marks the price', async () => {
    await adaWire.request({ case: 'settleMarket', value: { marketId, settlePrice: 70 } });
    await expectText(toast('settled'), /settled at 70\.00/);
    await expectText(toast('settled'), /position -1\.00 pays -70\.00/);
    await eventually('the chart marks the settlement', async () => (await page.getByTestId('price-chart').getAttribute('data-settle-price')) === '70');
  });

  it('greys the book while the connection is down', async () => {
    const book = page.getByTestId('order-book');
    expect(await book.getAttribute('data-stale')).toBeNull();
    await serverDown(suite, [page]);
    await eventually('the book to be marked stale', async () => (await book.getAttribute('data-stale')) === 'true');
    await serverUp(suite, [page]);
    await eventually('the book to be live again', async () => (await book.getAttribute('data-stale')) === null);
  });

  it('the market list shows the last price and the volume', async () => {
    // The trade of this test reached the page live (a member's list counts what it has seen).
    await nav(page, 'nav-markets', 'market-search');
    const stats = page.locator(`[data-testid=market-row][data-market-id="${marketId}"] [data-testid=market-stats]`);
    await eventually('last 60 and volume 1', async () => (await stats.getAttribute('data-last')) === '60' && (await stats.getAttribute('data-volume')) === '1');
    await expectText(stats, /60\.00 · vol 1\.00/);
  });

  it('raised no errors in the page', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
