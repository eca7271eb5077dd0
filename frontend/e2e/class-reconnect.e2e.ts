// Issue 18, items 2, 3 and 7: what happens around a lost connection and a reload. The server
// is really stopped and started again (same port and data) while the admin's page is open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, createMarket, signInWithToken } from './cohort-helpers';
import { cohortOf, expectCount, expectText, waitReady, type Person } from './harness';
import { ensureServerUp, errorToasts, nav, serverDown, serverUp, sudoOn } from './class-helpers';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };
const quiet = `Quiet ${run}`;
const busy = `Busy ${run}`;

const suite = new Suite();
let page: Page;
let cohort = '';
let quietId = 0n;

const sudoState = (p: Page) => p.getByTestId('sudo-toggle').getAttribute('data-sudo');

describe('issue 18: reconnects and reloads', () => {
  beforeAll(async () => {
    await suite.start();
    page = await suite.newPage();
    const samPage = await suite.newPage();
    await signInWithToken(page, suite, ada);
    await signInWithToken(samPage, suite, sam);
    cohort = await cohortOf(page);
    const adaWire = await suite.wire(ada, cohort);
    const samWire = await suite.wire(sam, cohort);
    quietId = await createMarket(adaWire, quiet);
    const busyId = await createMarket(adaWire, busy);
    // Ada rests a bid in the quiet market; Sam (funded by Ada) trades with her in the busy one.
    await adaWire.request({ case: 'createOrder', value: { marketId: quietId, price: 1, size: 1, side: 1 } });
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: samWire.userId, amount: 1000, note: 'setup' } });
    await adaWire.request({ case: 'createOrder', value: { marketId: busyId, price: 50, size: 2, side: 2 } });
    await samWire.request({ case: 'createOrder', value: { marketId: busyId, price: 50, size: 2, side: 1 } });
    await samPage.context().close();
  });

  afterAll(async () => {
    await suite.close();
  });

  it('7: admin mode survives a reload and a link opened directly, until turned off', async () => {
    await nav(page, 'nav-admin', 'admin-page');
    await sudoOn(page);
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('[data-testid=sudo-toggle][data-sudo=on]');
    await page.goto(`${suite.server.url}/${cohort}/accounts`);
    await waitReady(page);
    await page.waitForSelector('[data-testid=sudo-toggle][data-sudo=on]');
    // Turned off, it stays off after a reload.
    await page.getByTestId('sudo-toggle').click();
    await page.waitForSelector('[data-testid=sudo-toggle][data-sudo=off]');
    await page.reload();
    await waitReady(page);
    await page.getByTestId('sudo-toggle').waitFor();
    expect(await sudoState(page)).toBe('off');
    await sudoOn(page);
  });

  it('2: nothing can be cancelled while the connection is down', async () => {
    await page.goto(`${suite.server.url}/${cohort}/market/${quietId}`);
    await waitReady(page);
    const cancel = page.getByTestId('cancel-order');
    await expectCount(page.getByTestId('my-order'), 1);
    expect(await cancel.isEnabled()).toBe(true);
    await serverDown(suite, [page]);
    expect(await cancel.isDisabled()).toBe(true);
    expect(await page.getByTestId('cancel-all-market').isDisabled()).toBe(true);
    expect(await page.getByTestId('cancel-all-markets').isDisabled()).toBe(true);
    expect(await page.getByTestId('place-order').isDisabled()).toBe(true);
    await serverUp(suite, [page]);
    // Nothing was sent meanwhile: the order is still there, and can be cancelled now.
    await expectCount(page.getByTestId('my-order'), 1);
    await page.waitForSelector('[data-testid=cancel-order]:not([disabled])');
    await cancel.click();
    await expectCount(page.getByTestId('my-order'), 0);
    expect(await errorToasts(page)).toEqual([]);
  });

  it('3: the admin console’s positions wait for the connection and load after it is back', async () => {
    await ensureServerUp(suite, [page]);
    await nav(page, 'nav-admin', 'admin-page');
    await sudoOn(page);
    await page.getByTestId('admin-tab-positions').click();
    await page.getByTestId('positions-market').selectOption({ label: quiet });
    await page.getByText('Nobody has traded in this market.').waitFor();
    await serverDown(suite, [page]);
    await page.getByTestId('positions-waiting').waitFor();
    expect(await page.getByTestId('positions-refresh').isDisabled()).toBe(true);
    // Chosen while offline: loaded once the connection is back, with no error.
    await page.getByTestId('positions-market').selectOption({ label: busy });
    await serverUp(suite, [page]);
    await expectCount(page.getByTestId('position-row'), 2);
    await expectText(page.getByTestId('position-row').first(), /\+2\.00/);
    await expectCount(page.getByTestId('positions-waiting'), 0);
    expect(await errorToasts(page)).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
  });
});
