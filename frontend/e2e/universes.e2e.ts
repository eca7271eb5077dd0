// Universes in the web app (cohorts.md 5.3-5.6, 6.5, 8) against the real server:
// - an admin opens the hidden universes panel (Ctrl+Shift+U on the accounts page), creates a
//   universe and an account in it with a starting balance;
// - acting as that account, the markets of universe 0 are gone (snapshot and live events) and
//   the universe's own markets show;
// - a student in universe 0 never sees the universe's markets (live, or after a reload).
// Every "not visible" check first waits for a later event of the same page to arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, expectCount, expectText, screenshot, waitReady, type Person, type WireClient } from './harness';
import { Suite, createMarket, marketRows, signInWithToken } from './cohort-helpers';

const run = Date.now().toString(36);
const admin: Person = { name: `uadmin-${run}`, password: '', admin: true };
const student: Person = { name: `ustudent-${run}`, password: '', admin: false };
const cohort = 'main';
const universe = `lab-${run}`;
const botName = 'bot';
const mainA = `Main A ${run}`;
const mainB = `Main B ${run}`;
const mainC = `Main C ${run}`;
const labA = `Lab A ${run}`;
const labB = `Lab B ${run}`;

const suite = new Suite();
let adminPage: Page;
let studentPage: Page;
let adminMain: WireClient; // the admin as themself, in universe 0
let adminLab: WireClient; // the admin acting as the universe's account

const universeRow = (page: Page) => page.locator(`[data-testid=universe][data-universe="${universe}"]`);

describe('universes: isolated markets inside a cohort', () => {
  beforeAll(async () => {
    await suite.start();
    adminPage = await suite.newPage();
    studentPage = await suite.newPage();
    await signInWithToken(adminPage, suite, admin);
    await signInWithToken(studentPage, suite, student);
    adminMain = await suite.wire(admin, cohort);
  });

  afterAll(async () => {
    await suite.close();
  });

  it('the admin creates a universe and an account in it from the hidden panel', async () => {
    await adminPage.goto(`${suite.server.url}/${cohort}/accounts`);
    await waitReady(adminPage);
    await adminPage.getByTestId('accounts-page').waitFor();
    await expectCount(adminPage.getByTestId('universes-panel'), 0);
    await adminPage.keyboard.press('Control+Shift+U');
    await adminPage.getByTestId('universes-panel').waitFor();
    await expectCount(adminPage.locator('[data-testid=universe][data-universe=Main]'), 1);

    await adminPage.getByTestId('universe-name').fill(universe);
    await adminPage.getByTestId('universe-description').fill('A sandbox for the e2e test');
    await adminPage.getByTestId('create-universe-submit').click();
    await universeRow(adminPage).waitFor();
    await expectText(universeRow(adminPage), /owner: uadmin-/);

    // Only a universe one owns can get accounts: the form appears with ours selected.
    await adminPage.getByTestId('create-universe-account').waitFor();
    await expectText(adminPage.getByTestId('universe-account-universe').locator('option:checked'), universe);
    await adminPage.getByTestId('universe-account-name').fill(botName);
    await adminPage.getByTestId('universe-account-balance').fill('2500');
    await adminPage.getByTestId('create-universe-account-submit').click();
    // Named `<universe>__bot` on the server, shown as `bot`, with an "Act as" button.
    await universeRow(adminPage).getByRole('button', { name: 'Act as' }).waitFor();
    await expectText(universeRow(adminPage).locator('[data-account-id]'), botName);
    await eventuallyAccount(adminMain, `${universe}__${botName}`);
    await screenshot(adminPage, 'universes-panel');
  });

  it('acting as the universe account hides the markets of universe 0', async () => {
    // Positive control: as themself (universe 0) the admin sees a market of universe 0.
    await createMarket(adminMain, mainA);
    await adminPage.getByTestId('nav-markets').click();
    await expectCount(marketRows(adminPage, mainA), 1);

    await adminPage.getByTestId('nav-accounts').click();
    await adminPage.getByTestId('universes-panel').waitFor();
    await universeRow(adminPage).getByRole('button', { name: 'Act as' }).click();
    await universeRow(adminPage).getByText('current').waitFor();
    await expectText(adminPage.getByTestId('acting-as').locator('option:checked'), botName);

    await adminPage.getByTestId('nav-markets').click();
    await adminPage.getByText('No markets yet.').waitFor();
    await expectCount(marketRows(adminPage, mainA), 0);

    // Live: a new market of universe 0, then one of the universe; only the second shows.
    adminLab = await suite.wire(admin, cohort);
    await adminLab.request({ case: 'actAs', value: { accountId: adminLab.accountId(`${universe}__${botName}`) } });
    await createMarket(adminMain, mainB);
    await createMarket(adminLab, labA);
    await expectCount(marketRows(adminPage, labA), 1);
    await expectCount(marketRows(adminPage, mainB), 0);
    await expectCount(marketRows(adminPage, mainA), 0);
    await screenshot(adminPage, 'universe-markets');

    // The universe account's starting balance was minted for it.
    await expectText(adminPage.getByTestId('portfolio-summary').getByTestId('balance'), '2,500.00');
  });

  it('a student in universe 0 never sees the markets of the universe', async () => {
    await studentPage.goto(`${suite.server.url}/${cohort}/market`);
    await waitReady(studentPage);
    // Snapshot: the markets of universe 0, not the universe's.
    await expectCount(marketRows(studentPage, mainA), 1);
    await expectCount(marketRows(studentPage, mainB), 1);
    await expectCount(marketRows(studentPage, labA), 0);

    // Live: a universe market, then one of universe 0; the student gets only the second.
    await createMarket(adminLab, labB);
    await createMarket(adminMain, mainC);
    await expectCount(marketRows(studentPage, mainC), 1);
    await expectCount(marketRows(studentPage, labB), 0);

    // And after a reload (a fresh snapshot).
    await studentPage.reload();
    await waitReady(studentPage);
    await expectCount(marketRows(studentPage, mainC), 1);
    await expectCount(marketRows(studentPage, labA), 0);
    await expectCount(marketRows(studentPage, labB), 0);
    await screenshot(studentPage, 'universe-student-markets');

    // The universe itself is not secret: the student's panel lists it, with no account form.
    await studentPage.getByTestId('nav-accounts').click();
    await studentPage.getByTestId('accounts-page').waitFor();
    await studentPage.keyboard.press('Control+Shift+U');
    await universeRow(studentPage).waitFor();
    await expectCount(studentPage.getByTestId('create-universe-account'), 0);
    expect(suite.pageErrors).toEqual([]);
  });
});

/** Waits until the protocol client has seen an account (its AccountCreated broadcast). */
async function eventuallyAccount(wire: WireClient, name: string): Promise<void> {
  await eventually(`account ${name}`, async () => wire.accounts.some((a) => a.name === name));
}
