// The market status log in the web app (additions.md 5.4) against the real server: an admin
// pauses and resumes a market while its page is open; the price chart, drawn in market clock,
// shows the pause as one grey marker with a hover label, live and again after a reload (from
// the login snapshot's MarketStatusChanges).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, expectCount, screenshot, waitReady, type Person, type WireClient } from './harness';
import { Suite, createMarket, signInWithToken } from './cohort-helpers';

const run = Date.now().toString(36);
const admin: Person = { name: `sadmin-${run}`, password: '', admin: true };
const trader: Person = { name: `strader-${run}`, password: '', admin: false };
const cohort = 'main';
// Wire enum values (common.proto): MarketStatus OPEN 0 / PAUSED 2, Side BID 1 / OFFER 2.
const OPEN = 0;
const PAUSED = 2;
const BID = 1;
const OFFER = 2;

const suite = new Suite();
let page: Page;
let adminWire: WireClient;
let marketId = 0n;

const markers = (p: Page) => p.locator('[data-testid=price-chart] [data-testid=pause-marker]');

describe('market status log: pauses on the price chart', () => {
  beforeAll(async () => {
    await suite.start();
    page = await suite.newPage();
    const traderPage = await suite.newPage();
    await signInWithToken(page, suite, admin);
    await signInWithToken(traderPage, suite, trader);
    adminWire = await suite.wire(admin, cohort);
    const traderWire = await suite.wire(trader, cohort);
    marketId = await createMarket(adminWire, `Paused rain ${run}`);
    await adminWire.request({
      case: 'makeTransfer',
      value: { fromAccountId: adminWire.userId, toAccountId: adminWire.accountId(trader.name), amount: 1000, note: 'status e2e' },
    });
    // One trade, so that the chart has a line before the pause.
    await adminWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 1, side: BID } });
    await traderWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 1, side: OFFER } });
  });

  afterAll(async () => {
    await suite.close();
  });

  it('shows a pause marker live, and again after a reload', async () => {
    await page.goto(`${suite.server.url}/${cohort}/market/${marketId}`);
    await waitReady(page);
    await page.getByTestId('price-chart').waitFor();
    expect(await markers(page).count()).toBe(0);

    await adminWire.request({ case: 'setSudo', value: { enabled: true } });
    await adminWire.request({ case: 'editMarket', value: { id: marketId, status: PAUSED } });
    // Timestamps are whole seconds: resume in a later second so the pause has a length.
    const pausedBy = Math.floor(Date.now() / 1000);
    await eventually('the next second', async () => Math.floor(Date.now() / 1000) > pausedBy, 5_000);
    await adminWire.request({ case: 'editMarket', value: { id: marketId, status: OPEN } });

    await expectCount(markers(page), 1);
    expect(await markers(page).first().getAttribute('title')).toMatch(/^Paused \d+:\d\d \(/);
    await screenshot(page, 'status-log-pause-marker');

    await page.reload();
    await waitReady(page);
    await expectCount(markers(page), 1);
    expect(await page.getByTestId('price-chart').getAttribute('data-pauses')).toBe('1');
    expect(suite.pageErrors).toEqual([]);
  });
});
