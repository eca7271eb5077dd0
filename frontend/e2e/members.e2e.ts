// Removing a member on /admin/cohorts/<name> (cohorts.md 3.4, 7.3, 10.18) against the real server:
// - the member list updates in place (no reload) once the admin confirms the removal;
// - the removed person's open page keeps its connection, but their next sign-in to the cohort
//   (here: a reconnect after a server restart) is refused while the cohort's auctions are off,
//   and the app shows the refused-admission page; a fresh visit finds no such cohort for them;
// - switching the cohort's auctions on in the same admin page lets them back in as a guest.
// The student's test token says join_cohort=false: no dev-mode auto-enrolment (cohorts.md 3.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cohortApi, eventually, expectCount, expectText, screenshot, waitReady, type Person } from './harness';
import { Suite, signInWithToken } from './cohort-helpers';

const run = Date.now().toString(36);
const admin: Person = { name: `madmin-${run}`, password: '', admin: true };
const student: Person = { name: `mstudent-${run}`, password: '', admin: false };
const club = `club-${run}`.toLowerCase();

const suite = new Suite();
let adminPage: Page;
let studentPage: Page;

interface Member {
  id: number;
  global_user_id: number | null;
  display_name: string | null;
}

const memberRow = (page: Page) => page.locator('[data-testid=member-row]', { hasText: student.name });
const memberCount = async (page: Page) => Number((/Members \((\d+)\)/.exec((await page.locator('body').textContent()) ?? '') ?? [])[1] ?? -1);

describe('cohort members: removal and admission', () => {
  beforeAll(async () => {
    await suite.start();
    adminPage = await suite.newPage();
    studentPage = await suite.newPage();
    await signInWithToken(adminPage, suite, admin);
    await signInWithToken(studentPage, suite, student, false);
    // The student lands as an auction guest of the default cohort: wait for that.
    await waitReady(studentPage);

    // Setup: a cohort (auctions off, as new cohorts start) with the student as a member.
    await cohortApi(suite.server, admin.jwt!, 'POST', '/api/admin/cohorts', { name: club, display_name: `Club ${run}`, existing_db: false });
    const me = await cohortApi<{ id: number }>(suite.server, student.jwt!, 'GET', '/api/users/me');
    await cohortApi(suite.server, admin.jwt!, 'POST', `/api/admin/cohorts/${club}/members`, { user_ids: [me.id], initial_balance: '250' });
  });

  afterAll(async () => {
    await suite.close();
  });

  it('the member opens the cohort', async () => {
    await studentPage.goto(`${suite.server.url}/${club}/market`);
    await waitReady(studentPage);
    await expectText(studentPage.getByTestId('cohort-badge'), club);
    await studentPage.getByTestId('nav-markets').waitFor();
    await expectText(studentPage.getByTestId('balance'), '250.00');
  });

  it('the admin removes the member; the list updates without a reload', async () => {
    await adminPage.goto(`${suite.server.url}/admin/cohorts/${club}`);
    await adminPage.getByTestId('members-table').waitFor();
    await memberRow(adminPage).waitFor();
    // The cohort's auctions are off (the switch on this page): non-members are refused.
    expect(await adminPage.getByTestId('cohort-auctions').isChecked()).toBe(false);
    const before = await memberCount(adminPage);
    expect(before).toBeGreaterThan(0);

    // A marker in the page's JavaScript state: a reload would lose it.
    await adminPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'no reload'));
    await memberRow(adminPage).getByTestId('member-remove').click();
    const dialog = adminPage.getByTestId('remove-member-dialog');
    await dialog.waitFor();
    await expectText(dialog.locator('strong'), student.name);
    await dialog.getByTestId('confirm').click();
    await expectCount(memberRow(adminPage), 0);
    await expectCount(adminPage.getByTestId('remove-member-dialog'), 0);
    await eventually('the member count to drop', async () => (await memberCount(adminPage)) === before - 1);
    expect(await adminPage.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('no reload');
    await screenshot(adminPage, 'member-removed');

    // The server agrees.
    const members = await cohortApi<Member[]>(suite.server, admin.jwt!, 'GET', `/api/admin/cohorts/${club}/members`);
    expect(members.map((m) => m.display_name)).not.toContain(student.name);
  });

  it('the removed person’s next sign-in to the cohort is refused', async () => {
    // Open connections are not touched by the removal (cohorts.md 10.18): still live.
    await waitReady(studentPage);
    // The next sign-in: the server restarts, the page reconnects and authenticates again.
    await suite.server.stop();
    await eventually('the page to notice', async () => (await studentPage.getByTestId('connection-status').getAttribute('data-status')) !== 'ready');
    await suite.server.start();
    const refused = studentPage.getByTestId('cohort-not-authorized');
    await refused.waitFor({ timeout: 30_000 });
    await expectText(refused.locator('h1'), `Not authorized for "${club}"`);
    // The header no longer offers the cohort's pages, nor shows its balance.
    await expectCount(studentPage.getByTestId('nav-markets'), 0);
    await expectCount(studentPage.getByTestId('nav-transfers'), 0);
    await expectText(studentPage.getByTestId('connection-status'), 'Signed out');
    await screenshot(studentPage, 'member-refused');

    // A fresh visit: the cohort is not among theirs any more.
    await studentPage.goto(`${suite.server.url}/${club}/market`);
    await expectText(studentPage.getByTestId('cohort-not-found').locator('h1'), `Cohort "${club}" not found`);
  });

  it('with the cohort’s auctions switched on, the removed person comes back as a guest', async () => {
    await adminPage.reload();
    await adminPage.getByTestId('members-table').waitFor();
    await adminPage.getByTestId('cohort-auctions').check();
    await eventually('auctions on', async () => adminPage.getByTestId('cohort-auctions').isChecked());
    // Saved on the server (the page reloads the cohort after the switch).
    await eventually('auctions saved', async () => {
      const body = await cohortApi<{ cohorts: { name: string; auctions_enabled: boolean }[] }>(suite.server, admin.jwt!, 'GET', '/api/admin/overview');
      return body.cohorts.some((c) => c.name === club && c.auctions_enabled);
    });

    await studentPage.goto(`${suite.server.url}/${club}/market`);
    await studentPage.getByTestId('guest-notice').waitFor();
    await waitReady(studentPage);
    await expectCount(studentPage.getByTestId('nav-markets'), 0);
    await expectCount(memberRow(adminPage), 0);
    expect(suite.pageErrors).toEqual([]);
  });
});
