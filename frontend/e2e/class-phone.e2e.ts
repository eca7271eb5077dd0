// Issue 18, item 11: the app on a phone (390 × 844): the whole navigation visible, toasts
// away from the Buy/Sell button, and the trade list with its buyer → seller column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, createMarket, signInWithToken } from './cohort-helpers';
import { cohortOf, expectCount, expectText, screenshot, type Person } from './harness';
import { eventually, insideViewport, overlaps } from './class-helpers';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };

const suite = new Suite();
let phone: Page;
let cohort = '';
let marketId = 0n;

describe('issue 18: on a phone', () => {
  beforeAll(async () => {
    await suite.start();
    const adaPage = await suite.newPage();
    await signInWithToken(adaPage, suite, ada);
    phone = await suite.newPage(390, 844);
    await signInWithToken(phone, suite, sam);
    cohort = await cohortOf(phone);
    const adaWire = await suite.wire(ada, cohort);
    const samWire = await suite.wire(sam, cohort);
    marketId = await createMarket(adaWire, `Rain ${run}`);
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: samWire.userId, amount: 1000, note: 'setup' } });
    await adaWire.request({ case: 'createOrder', value: { marketId, price: 40, size: 5, side: 1 } });
    await adaPage.context().close();
  });

  afterAll(async () => {
    await suite.close();
  });

  it('shows every navigation link in full', async () => {
    const links = phone.locator('[data-testid=main-nav] a');
    await expectCount(phone.getByTestId('nav-accounts'), 1);
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const label = (await link.textContent())?.trim();
      expect(await insideViewport(phone, link), `${label} is cut off`).toBe(true);
      // Not clipped by the bar either: the link's box lies inside the nav's.
      const [box, bar] = [await link.boundingBox(), await phone.getByTestId('main-nav').boundingBox()];
      expect(box!.x + box!.width <= bar!.x + bar!.width + 0.5, `${label} overflows the bar`).toBe(true);
    }
    await screenshot(phone, 'phone-nav', false);
  });

  it('keeps toasts off the Sell button and shows who traded', async () => {
    await phone.goto(`${suite.server.url}/${cohort}/market/${marketId}`);
    await phone.getByTestId('market-page').waitFor();
    await phone.getByTestId('side-sell').click();
    await phone.getByTestId('order-price').fill('40');
    await phone.getByTestId('order-size').fill('1');
    const sell = phone.getByTestId('place-order');
    // Where a thumb reaches it: at the bottom of the screen.
    await sell.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await sell.click();
    const toast = phone.locator('[data-sonner-toast]').first();
    await toast.waitFor();
    // It slides in: wait until it stops moving.
    let last = '';
    await eventually('the toast to settle', async () => {
      const now = JSON.stringify(await toast.boundingBox());
      const still = now === last && (await toast.getAttribute('data-mounted')) === 'true';
      last = now;
      return still;
    });
    expect(await overlaps(toast, sell), 'the toast covers the Sell button').toBe(false);
    expect(await insideViewport(phone, sell)).toBe(true);

    const parties = phone.locator('[data-testid=trade-tape] [data-testid=trade]').first().getByTestId('trade-parties');
    await expectText(parties, new RegExp(`${ada.name}\\s*→\\s*${sam.name}`));
    expect(await parties.isVisible()).toBe(true);
    await screenshot(phone, 'phone-market', false);
    expect(suite.pageErrors).toEqual([]);
  });
});
