// Renaming oneself on /profile (cohorts.md 7.3 "Rename", 6.4) against the real server:
// - a free name: the profile shows it, and the account name in the cohort's pages follows live,
//   in the person's other tab and in another member's page (no reload: the server sends the
//   cohort's Accounts list after the rename);
// - a name another member has: the app asks to confirm the suggested `<name>-2` for that cohort,
//   and confirming renames the cohort account to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, expectCount, expectText, screenshot, waitReady, type Person } from './harness';
import { Suite, signInWithToken } from './cohort-helpers';
import { recipientNames } from './transfer-helpers';

const run = Date.now().toString(36);
const ann: Person = { name: `ann-${run}`, password: '', admin: false };
const ben: Person = { name: `ben-${run}`, password: '', admin: false };
const cohort = 'main';
const freeName = `annie-${run}`;
const takenName = ben.name;

const suite = new Suite();
let annProfile: Page; // Ann's profile page (outside the cohort)
let annCohort: Page; // Ann's other tab, in the cohort
let benPage: Page; // another member, in the cohort

type Marked = Window & { e2eMarker?: string };
const mark = (page: Page) => page.evaluate(() => ((window as Marked).e2eMarker = 'no reload'));
const marked = (page: Page) => page.evaluate(() => (window as Marked).e2eMarker);

/** The names Ben's transfer form offers among "Other people". */
async function payeeNames(page: Page): Promise<string[]> {
  return recipientNames(page, 'people');
}

/** Waits for `shown` on the profile; a rename error the form shows instead fails at once. */
async function expectOnProfile(page: Page, shown: Locator): Promise<void> {
  const error = page.getByTestId('display-name-error');
  await Promise.race([shown.waitFor(), error.waitFor()]);
  if (await error.isVisible()) throw new Error(`the rename form says: ${await error.textContent()}`);
}

describe('display names: renaming oneself', () => {
  beforeAll(async () => {
    await suite.start();
    annProfile = await suite.newPage();
    benPage = await suite.newPage();
    await signInWithToken(annProfile, suite, ann);
    await signInWithToken(benPage, suite, ben);
    annCohort = await suite.anotherTab(annProfile);
    await annCohort.goto(`${suite.server.url}/${cohort}/accounts`);
    await waitReady(annCohort);
    await expectText(annCohort.getByTestId('user-name'), ann.name);
    await benPage.goto(`${suite.server.url}/${cohort}/transfers`);
    await waitReady(benPage);
    await eventually(`Ben's payees to list ${ann.name}`, async () => (await payeeNames(benPage)).includes(ann.name));
    await mark(annCohort);
    await mark(benPage);
  });

  afterAll(async () => {
    await suite.close();
  });

  it('renames to a free name: profile and cohort pages follow without a reload', async () => {
    await annProfile.goto(`${suite.server.url}/profile`);
    const input = annProfile.getByTestId('display-name-input');
    await eventually('the profile to load', async () => (await input.inputValue()) === ann.name);
    await input.fill(freeName);
    await annProfile.getByTestId('display-name-save').click();
    await expectOnProfile(annProfile, annProfile.getByText(`You are now ${freeName}`));
    await eventually('the profile to show the new name', async () => (await input.inputValue()) === freeName);
    await expectText(annProfile.getByTestId('user-name'), freeName);
    await expectCount(annProfile.getByTestId('display-name-conflicts'), 0);

    // Ann's other tab: the header and her account card.
    await expectText(annCohort.getByTestId('user-name'), freeName);
    await annCohort.locator(`[data-testid=account-card][data-account="${freeName}"]`).waitFor();
    // Ben's page: the new name replaces the old one.
    await eventually(`Ben's payees to list ${freeName}`, async () => {
      const names = await payeeNames(benPage);
      return names.includes(freeName) && !names.includes(ann.name);
    });
    expect(await marked(annCohort)).toBe('no reload');
    expect(await marked(benPage)).toBe('no reload');
    await screenshot(annProfile, 'profile-renamed');
  });

  it('renames to a name another member has: confirms the suggested -2 name', async () => {
    const input = annProfile.getByTestId('display-name-input');
    await input.fill(takenName);
    await annProfile.getByTestId('display-name-save').click();
    const conflicts = annProfile.getByTestId('display-name-conflicts');
    await expectOnProfile(annProfile, conflicts);
    await expectText(conflicts.locator('li'), new RegExp(`^${takenName}-2 in `));
    await expectText(conflicts.locator('li strong'), `${takenName}-2`);
    await screenshot(annProfile, 'profile-rename-conflict');
    // Nothing is renamed until Ann confirms.
    expect(await payeeNames(benPage)).toContain(freeName);

    await annProfile.getByTestId('display-name-confirm').click();
    await expectOnProfile(annProfile, annProfile.getByText(`You are now ${takenName}`));
    await expectCount(annProfile.getByTestId('display-name-conflicts'), 0);
    await expectCount(annProfile.getByTestId('display-name-error'), 0);

    // In the cohort the account is now `<name>-2`, live in both pages.
    await expectText(annCohort.getByTestId('user-name'), `${takenName}-2`);
    await annCohort.locator(`[data-testid=account-card][data-account="${takenName}-2"]`).waitFor();
    await eventually(`Ben's payees to list ${takenName}-2`, async () => {
      const names = await payeeNames(benPage);
      return names.includes(`${takenName}-2`) && !names.includes(freeName);
    });
    // Ben keeps his own name (he is not among his own payees; his header shows it).
    await expectText(benPage.getByTestId('user-name'), ben.name);
    expect(await marked(annCohort)).toBe('no reload');
    expect(await marked(benPage)).toBe('no reload');
    expect(suite.pageErrors).toEqual([]);
  });
});
