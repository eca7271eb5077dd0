// A split auction sale in the web app against the real server (docs/auctions.md):
// - an admin in admin mode records the sale of an item split between two students, with the
//   split form (Add contributor, Split evenly, amounts, the labelled-owner radio) and its review;
// - both students see the item under Won Items, with "Sold for", the purchasers, the ★ after
//   the labelled owner and each share; their balances fall by what each paid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enableAuctions, expectCount, expectText, screenshot, waitReady, type Person, type WireClient } from './harness';
import { Suite, signInWithToken } from './cohort-helpers';

const run = Date.now().toString(36);
const admin: Person = { name: `aadmin-${run}`, password: '', admin: true };
const ann: Person = { name: `aann-${run}`, password: '', admin: false };
const ben: Person = { name: `aben-${run}`, password: '', admin: false };
const item = `Class photo ${run}`;

const suite = new Suite();
let cohort = '';
let adminPage: Page;
let annPage: Page;
let benPage: Page;
let adminWire: WireClient;

async function open(page: Page, path: string, testid: string): Promise<void> {
  await page.goto(`${suite.server.url}/${cohort}/${path}`);
  await waitReady(page);
  await page.getByTestId(testid).first().waitFor();
}
const card = (page: Page) => page.locator(`[data-testid=auction-card][data-auction="${item}"]`);

describe('split auction sales', () => {
  beforeAll(async () => {
    await suite.start();
    adminPage = await suite.newPage();
    annPage = await suite.newPage();
    benPage = await suite.newPage();
    await signInWithToken(adminPage, suite, admin);
    // The switch is read at login: on before the students sign in.
    cohort = await enableAuctions(suite.server, admin.jwt!);
    await signInWithToken(annPage, suite, ann);
    await signInWithToken(benPage, suite, ben);
    adminWire = await suite.wire(admin, cohort);
    for (const who of [ann, ben]) {
      await adminWire.request({
        case: 'makeTransfer',
        value: { fromAccountId: adminWire.userId, toAccountId: adminWire.accountId(who.name), amount: 1000, note: 'auction e2e' },
      });
    }
    await adminWire.request({ case: 'createAuction', value: { name: item, description: 'Signed by everyone. Pickup: room 4', imageFilename: '' } });
    await expectText(annPage.getByTestId('balance'), '1,000.00');
    await expectText(benPage.getByTestId('balance'), '1,000.00');
  });

  afterAll(async () => {
    await suite.close();
  });

  it('an admin splits the sale between two students, Ann labelled as the owner', async () => {
    // Before the sale Ann is no buyer: the pickup part is for the seller and the buyers (4.6).
    await open(annPage, 'auctions', 'auctions-page');
    await expectText(card(annPage).getByTestId('auction-description'), 'Signed by everyone.');
    await expectCount(card(annPage).getByTestId('contact-hidden'), 1);
    await open(adminPage, 'admin', 'admin-page');
    await adminPage.getByTestId('sudo-toggle').click();
    await adminPage.waitForSelector('[data-testid=sudo-toggle][data-sudo=on]');
    await open(adminPage, 'auctions', 'auctions-page');
    await card(adminPage).getByTestId('settle-auction').click();
    const dialog = adminPage.getByTestId('settle-auction-dialog');
    await dialog.getByTestId('settle-price').fill('90');
    await dialog.getByTestId('split-start').click();
    await expectCount(dialog.getByTestId('split-row'), 2);
    await dialog.getByTestId('split-add').click();
    await expectCount(dialog.getByTestId('split-row'), 3);
    await dialog.getByTestId('split-remove').nth(2).click();
    const buyers = dialog.getByTestId('split-buyer');
    await buyers.nth(0).selectOption({ label: ann.name });
    await buyers.nth(1).selectOption({ label: ben.name });
    await dialog.getByTestId('split-evenly').click();
    await expectText(dialog.getByTestId('split-total'), /Total contributed: 90.00 \/ 90.00/);
    // Amounts that do not add up block the sale.
    await dialog.getByTestId('split-amount').nth(0).fill('50');
    await expectText(dialog.getByTestId('settle-errors'), /Contributions must sum to the settle price/);
    expect(await dialog.getByTestId('settle-auction-next').isDisabled()).toBe(true);
    await dialog.getByTestId('split-amount').nth(0).fill('60');
    await dialog.getByTestId('split-amount').nth(1).fill('30');
    await dialog.getByTestId('split-owner').nth(0).check();
    await dialog.getByTestId('settle-auction-next').click();
    const review = dialog.getByTestId('settle-review');
    await expectText(review, new RegExp(`will be sold for\\s*90.00\\s*clips, split among\\s*2 contributors.\\s*The labeled owner will be ${ann.name}`));
    await expectText(review, /— 60.00 clips \(66.7%\)/);
    await screenshot(adminPage, 'auction-split-review', false);
    await dialog.getByTestId('settle-auction-confirm').click();
    await expectCount(dialog, 0);
    await expectText(card(adminPage).getByTestId('auction-sold'), /Sold for:\s*90.00 clips/);
  });

  it('both students see it under Won Items and paid their shares', async () => {
    for (const [page, balance] of [
      [annPage, '940.00'],
      [benPage, '970.00'],
    ] as const) {
      await open(page, 'auctions', 'auctions-page');
      await expectText(page.getByTestId('tab-won'), 'Won Items (1)');
      await page.getByTestId('tab-won').click();
      const won = page.getByTestId('auction-won');
      const wonCard = won.locator(`[data-testid=auction-card][data-auction="${item}"]`);
      await expectText(wonCard.getByTestId('split-mark'), '*');
      await expectText(wonCard.getByTestId('auction-description'), 'Signed by everyone. Pickup: room 4');
      await expectText(wonCard.getByTestId('auction-sold'), /Sold for:\s*90.00 clips/);
      await expectCount(wonCard.getByTestId('auction-purchaser'), 2);
      const annRow = wonCard.getByTestId('auction-purchaser').filter({ hasText: ann.name });
      await expectText(annRow, /★\s*— 60.00 clips\s*\(66.7%\)/);
      const benRow = wonCard.getByTestId('auction-purchaser').filter({ hasText: ben.name });
      await expectText(benRow, /— 30.00 clips\s*\(33.3%\)/);
      await expectCount(benRow.getByTestId('labelled-owner'), 0);
      await expectText(page.getByTestId('balance'), balance);
    }
    await screenshot(annPage, 'auction-won-items');
    // Show My Listings: the students listed nothing.
    await annPage.getByTestId('tab-listings').click();
    await annPage.getByTestId('show-my-listings').check();
    await expectText(annPage.getByTestId('no-auctions'), 'You haven’t posted any auctions.');
    expect(suite.pageErrors).toEqual([]);
  });
});
