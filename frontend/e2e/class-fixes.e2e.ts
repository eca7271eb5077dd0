// Issue 18, what a real class found (items 1, 4, 5, 6, 8, 9, 10), against the real server:
// an admin (Ada) and two students (Sam, Tess), each in their own browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, signInWithToken } from './cohort-helpers';
import { pickRecipients, recipientNames, sendTransfers } from './transfer-helpers';
import { cohortOf, expectCount, expectText, type Person, type WireClient } from './harness';
import { accountCard, downloadText, errorToasts, eventually, nav, optionTexts, selectedText, sudoOn } from './class-helpers';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };
const tess: Person = { name: `tess-${run}`, password: '', admin: false };
const samBot = `sambot-${run}`;
const PIXIE = 'Arbor Pixie';

const suite = new Suite();
let pageAda: Page;
let pageSam: Page;
let pageTess: Page;
let adaWire: WireClient;
let cohort = '';

async function impersonateSam(): Promise<void> {
  await pageAda.getByTestId('impersonate-user').selectOption({ label: sam.name });
  await pageAda.getByTestId('impersonate').click();
  await expectText(pageAda.getByTestId('impersonation-banner'), new RegExp(`Acting for\\s*${sam.name}`));
}

async function stopImpersonating(): Promise<void> {
  await pageAda.getByTestId('stop-impersonating').click();
  await expectCount(pageAda.getByTestId('impersonation-banner'), 0);
}

describe('issue 18: what the class found', () => {
  beforeAll(async () => {
    await suite.start();
    pageAda = await suite.newPage();
    pageSam = await suite.newPage();
    pageTess = await suite.newPage();
    await signInWithToken(pageAda, suite, ada);
    await signInWithToken(pageSam, suite, sam);
    await signInWithToken(pageTess, suite, tess);
    cohort = await cohortOf(pageAda);
    adaWire = await suite.wire(ada, cohort);
  });

  afterAll(async () => {
    await suite.close();
  });

  it('10: only admins are pointed to the admin console', async () => {
    await nav(pageSam, 'nav-accounts', 'accounts-page');
    await expectText(pageSam.getByTestId('account-kind'), 'You');
    await expectCount(pageSam.getByTestId('admin-link'), 0);
    await nav(pageAda, 'nav-accounts', 'accounts-page');
    await pageAda.getByTestId('admin-link').waitFor();
  });

  it('1: sharing an alt updates the sharer’s own page at once', async () => {
    await pageSam.getByTestId('alt-name').fill(samBot);
    await pageSam.getByTestId('create-alt').click();
    const card = accountCard(pageSam, samBot);
    await card.waitFor();
    await expectCount(card.getByTestId('owner'), 1);
    await card.getByTestId('share-with').selectOption({ label: tess.name });
    await card.getByTestId('share').click();
    await pageSam.getByText(`now shared with ${tess.name}`).waitFor();
    // No reload: both owners listed, Tess no longer offered, the card says "Shared alt".
    await expectCount(card.getByTestId('owner'), 2);
    await expectText(card.getByTestId('owners'), new RegExp(tess.name));
    await expectText(card.getByTestId('account-kind'), 'Shared alt');
    expect(await optionTexts(card.getByTestId('share-with'))).not.toContain(tess.name);
  });

  it('4: the seeded Arbor Pixie account stays on the wire but out of people pickers', async () => {
    expect(adaWire.accounts.map((a) => a.name)).toContain(PIXIE);
    // Sam: the share and pay lists.
    const shareWith = await optionTexts(accountCard(pageSam, samBot).getByTestId('share-with'));
    expect(shareWith).toContain(ada.name);
    expect(shareWith).not.toContain(PIXIE);
    await nav(pageSam, 'nav-transfers', 'transfers-page');
    const payees = await recipientNames(pageSam);
    expect(payees).toContain(tess.name);
    expect(payees).not.toContain(PIXIE);
    // Ada: the impersonation list and the "who sees this market" picker.
    await nav(pageAda, 'nav-admin', 'admin-page');
    await pageAda.getByTestId('admin-tab-people').click();
    const people = await optionTexts(pageAda.getByTestId('impersonate-user'));
    expect(people).toContain(sam.name);
    expect(people).not.toContain(PIXIE);
    expect(people).not.toContain(ada.name);
  });

  it('9: while impersonating, the user stays selected and is not called “you”', async () => {
    await nav(pageAda, 'nav-admin', 'admin-page');
    await pageAda.getByTestId('admin-tab-people').click();
    await sudoOn(pageAda);
    await impersonateSam();
    await eventually('the impersonated user stays selected', async () => (await selectedText(pageAda.getByTestId('impersonate-user'))) === sam.name);
    const acting = await optionTexts(pageAda.getByTestId('acting-as'));
    expect(acting.find((t) => t.startsWith(sam.name))).toBeDefined();
    expect(acting.some((t) => t.includes('(you)'))).toBe(false);
    await nav(pageAda, 'nav-accounts', 'accounts-page');
    await expectText(accountCard(pageAda, sam.name).getByTestId('account-kind'), 'Impersonated user');
    await expectText(accountCard(pageAda, samBot).getByTestId('owners'), new RegExp(`${sam.name} \\(impersonated\\)`));
    await nav(pageAda, 'nav-admin', 'admin-page');
    await pageAda.getByTestId('admin-tab-people').click();
    await stopImpersonating();
  });

  it('8: revoking offers an alt’s real owners only', async () => {
    // Sam's alt is not Ada's: its owners are unknown to her, so it is not offered.
    expect(await optionTexts(pageAda.getByTestId('revoke-account'))).not.toContain(samBot);
    await impersonateSam();
    await pageAda.getByTestId('revoke-account').selectOption({ label: samBot });
    const owners = (await optionTexts(pageAda.getByTestId('revoke-owner'))).slice(1);
    expect(owners.map((o) => o.replace(/ \(credit .*\)$/, '')).sort()).toEqual([sam.name, tess.name].sort());
    await pageAda.getByTestId('revoke-owner').selectOption({ index: owners.findIndex((o) => o.startsWith(tess.name)) + 1 });
    await pageAda.getByTestId('revoke').click();
    await pageAda.getByText(`${tess.name} no longer owns ${samBot}`).waitFor();
    await eventually('Tess is no longer listed as an owner', async () => !(await optionTexts(pageAda.getByTestId('revoke-owner'))).some((o) => o.startsWith(tess.name)));
    await stopImpersonating();
    expect(await errorToasts(pageAda)).toEqual([]);
  });

  it('6: a student who cannot afford an order is told so, and how to get money', async () => {
    const reply = await adaWire.request({ case: 'createMarket', value: { name: `Dice ${run}`, description: 'class', minSettlement: 0, maxSettlement: 100 } });
    const marketId = reply.message.case === 'market' ? reply.message.value.id : 0n;
    await pageSam.goto(`${suite.server.url}/${cohort}/market/${marketId}`);
    await pageSam.getByTestId('market-page').waitFor();
    await pageSam.getByTestId('side-buy').click();
    await pageSam.getByTestId('order-price').fill('50');
    await pageSam.getByTestId('order-size').fill('10');
    const notice = pageSam.getByTestId('insufficient-funds');
    await expectText(notice, /Insufficient balance/);
    await expectText(notice, /instructor/);
    await expectText(notice, /transfer/);
    await expectText(pageSam.getByTestId('available-balance'), '0.00');
    await pageSam.getByTestId('place-order').click();
    // A bid at the minimum costs nothing: affordable, no notice. By now a confirmation
    // dialog opened by the click above would be showing.
    await pageSam.getByTestId('order-price').fill('0');
    await expectCount(notice, 0);
    await expectCount(pageSam.getByTestId('confirm-order'), 0);
  });

  it('5: a transfer with 3 decimals is accepted and shown with them everywhere', async () => {
    await nav(pageAda, 'nav-transfers', 'transfers-page');
    await pickRecipients(pageAda, sam.name);
    await pageAda.getByTestId('transfer-amount').fill('10.005');
    await expectText(pageAda.getByTestId('transfer-summary'), new RegExp(`pays\\s*10\\.005\\s*to\\s*${sam.name}`));
    await sendTransfers(pageAda);
    await pageAda.getByText(`paid 10.005 to ${sam.name}`).waitFor();
    await expectText(pageSam.getByTestId('balance'), '10.005');
    await nav(pageSam, 'nav-transfers', 'transfers-page');
    await expectText(pageSam.getByTestId('transfer-row').first(), /\+10\.005/);
    // Five decimals are more than the server keeps: refused in the form.
    await pageAda.getByTestId('transfer-amount').fill('1.00001');
    await pageAda.getByTestId('transfer-submit').click({ force: true });
    await expectText(pageAda.getByTestId('amount-error'), 'Amount has at most 4 decimals');
    // The admin's balances export keeps the decimals too.
    await pageAda.goto(`${suite.server.url}/admin/balances`);
    const csv = await downloadText(pageAda, pageAda.getByTestId('export-all'));
    expect(csv).toMatch(new RegExp(`${sam.name},[^\\r\\n]*,10\\.005,`));
    expect(suite.pageErrors).toEqual([]);
  });
});
