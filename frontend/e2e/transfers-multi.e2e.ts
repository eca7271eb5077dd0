// Multi-recipient transfers (additions.md 9.1) and disambiguated names (9.2), against the real
// server: the source is chosen for you when there is only one; recipients are picked from a
// searchable list with All and Clear; the amount is per recipient, the total is struck through
// above the available balance and the amount is capped; a confirmation lists recipients and
// total; one MakeTransfer per recipient goes out, and each refusal is reported on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, signInWithToken, testToken } from './cohort-helpers';
import { cohortOf, eventually, expectCount, expectText, screenshot, type Person, type WireClient } from './harness';
import { optionTexts, selectedText } from './class-helpers';
import { pickRecipients, recipient, recipientNames } from './transfer-helpers';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const ben: Person = { name: `ben-${run}`, password: '', admin: false };
const cat: Person = { name: `cat-${run}`, password: '', admin: false };
const dan: Person = { name: `dan-${run}`, password: '', admin: false };
// Ada's alt: shown without its prefix it would read like Ben's name.
const altName = `x__${ben.name}`;

const suite = new Suite();
let page: Page;
let adaWire: WireClient;
let altId = 0n;

const money = (text: string | null) => Number((text ?? '').replace(/[^0-9.-]/g, ''));

describe('multi-recipient transfers', () => {
  beforeAll(async () => {
    await suite.start();
    page = await suite.newPage();
    await signInWithToken(page, suite, ada);
    const cohort = await cohortOf(page);
    adaWire = await suite.wire(ada, cohort);
    for (const who of [ben, cat, dan]) {
      who.jwt = testToken(who);
      who.idJwt = '';
      await suite.wire(who, cohort);
    }
    await page.goto(`${suite.server.url}/${cohort}/transfers`);
    await page.getByTestId('transfers-page').waitFor();
  });

  afterAll(async () => {
    await suite.close();
  });

  it('chooses the only source for you, as "Yourself"', async () => {
    const from = page.getByTestId('transfer-from');
    expect(await optionTexts(from)).toHaveLength(1);
    expect(await selectedText(from)).toMatch(/^Yourself · [\d,.]+ available$/);
  });

  it('tells apart names that look the same, and offers every person (no system account)', async () => {
    const reply = await adaWire.request({ case: 'createAccount', value: { ownerId: adaWire.userId, name: altName } });
    altId = reply.message.case === 'accountCreated' ? reply.message.value.id : 0n;
    expect(altId).not.toBe(0n);
    await eventually('the alt to be offered', async () => (await recipientNames(page, 'own')).length === 1);
    expect(await recipientNames(page, 'own')).toEqual([`x ${ben.name}`]);
    const people = await recipientNames(page, 'people');
    expect(people).toEqual(expect.arrayContaining([ben.name, cat.name, dan.name]));
    expect(people).not.toContain('Arbor Pixie');
    expect(people).not.toContain(ada.name);
    // Two sources now: a choice, and the alt under its full name too.
    expect(await optionTexts(page.getByTestId('transfer-from'))).toEqual([expect.stringMatching(/^Yourself/), expect.stringMatching(new RegExp(`^x ${ben.name} ·`))]);
  });

  it('selects all and clears, searches, and counts the selection', async () => {
    const count = page.getByTestId('recipients-count');
    await page.getByTestId('recipients-all').click();
    const all = (await recipientNames(page)).length;
    await expectText(count, `${all} accounts selected`);
    await page.getByTestId('recipients-clear').click();
    await expectText(count, 'Select recipient(s)');
    await page.getByTestId('recipient-search').fill(cat.name);
    await eventually('the search to narrow the list', async () => (await recipientNames(page)).join() === cat.name);
    await pickRecipients(page, cat.name);
    await page.getByTestId('recipient-search').fill('');
    await pickRecipients(page, ben.name, dan.name);
    await expectText(count, '3 accounts selected');
  });

  it('totals per recipient, strikes the total through above the balance and caps the amount', async () => {
    const available = money(await page.getByTestId('transfer-available').textContent());
    expect(available).toBeGreaterThan(300);
    await page.getByTestId('transfer-amount').fill(String(Math.ceil(available)));
    const total = page.getByTestId('transfer-total');
    await eventually('the total to be struck through', async () => (await total.getAttribute('data-over')) === 'true');
    expect(await total.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('line-through');
    expect(money(await page.getByTestId('transfer-cap').textContent())).toBe(Math.floor((available / 3) * 10_000) / 10_000);
    await page.getByTestId('transfer-submit').click({ force: true });
    await expectText(page.getByTestId('transfer-error'), /^At most .* per recipient$/);
    await expectCount(page.getByTestId('transfer-confirm'), 0);

    await page.getByTestId('transfer-amount').fill('100');
    await expectText(total, '300.00');
    expect(await total.getAttribute('data-over')).toBe('false');
  });

  it('confirms the recipients and total, sends one transfer each, and reports each refusal on its own', async () => {
    await page.getByTestId('transfer-note').fill('prize');
    await page.getByTestId('transfer-submit').click();
    const confirm = page.getByTestId('transfer-confirm');
    await expectText(confirm.getByTestId('confirm-total'), '300.00');
    expect(await confirm.getByTestId('confirm-recipient').allTextContents()).toEqual([ben.name, cat.name, dan.name]);
    await screenshot(page, 'transfers-multi-confirm');

    // Meanwhile Ada moves all but 150 into her alt: only the first transfer can still be paid.
    const available = money(await page.getByTestId('transfer-available').textContent());
    const keep = 150;
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: altId, amount: available - keep, note: 'park' } });
    await expectText(page.getByTestId('transfer-available'), '150.00');

    await confirm.getByTestId('confirm').click();
    const result = (name: string) => page.locator(`[data-testid=transfer-result][data-name="${name}"]`);
    await eventually('every answer', async () => (await page.locator('[data-testid=transfer-result][data-state=sending]').count()) === 0);
    expect(await result(ben.name).getAttribute('data-state')).toBe('done');
    expect(await result(cat.name).getAttribute('data-state')).toBe('failed');
    expect(await result(dan.name).getAttribute('data-state')).toBe('failed');
    await page.getByText(`paid 100.00 to ${ben.name}`).waitFor();
    await page.locator('[data-sonner-toast][data-type=error]', { hasText: `Transfer to ${cat.name} refused` }).waitFor();
    await page.locator('[data-sonner-toast][data-type=error]', { hasText: `Transfer to ${dan.name} refused` }).waitFor();
    // The history has the one that went through.
    await expectCount(page.locator('[data-testid=transfer-row]', { hasText: 'prize' }), 1);
    await expectText(page.getByTestId('transfer-available'), '50.00');
    expect(recipient(page, ben.name)).toBeTruthy();
    expect(suite.pageErrors).toEqual([]);
  });
});
