// Redeem codes in the browser (additions.md 1.6, issue 17), against the real server: an admin
// mints a code, a student types it into the six boxes and receives the clips, the admin's list
// shows it claimed; pasting spreads a code over the boxes; a second claim shows the failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Suite, signInWithToken } from './cohort-helpers';
import { expectText, type Person } from './harness';
import { eventually, nav, sudoOn } from './class-helpers';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: '', admin: true };
const sam: Person = { name: `sam-${run}`, password: '', admin: false };

const suite = new Suite();
let pageAda: Page;
let pageSam: Page;
let code = '';

async function balance(page: Page): Promise<number> {
  const text = (await page.getByTestId('balance').first().textContent()) ?? '';
  return Number(text.replace(/[^0-9.-]/g, ''));
}

describe('redeem codes', () => {
  beforeAll(async () => {
    await suite.start();
    pageAda = await suite.newPage();
    pageSam = await suite.newPage();
    await signInWithToken(pageAda, suite, ada);
    await signInWithToken(pageSam, suite, sam);
  });

  afterAll(async () => {
    await suite.close();
  });

  it('an admin mints a code from the redeem page and the amount is remembered', async () => {
    await nav(pageAda, 'nav-redeem', 'redeem-page');
    await sudoOn(pageAda);
    await pageAda.getByTestId('generate-code-open').click();
    const amount = pageAda.getByTestId('generate-code-amount');
    expect(await amount.inputValue()).toBe('500');
    await amount.fill('25');
    await pageAda.getByTestId('generate-code-submit').click();
    const shown = pageAda.getByTestId('generated-code-text');
    await shown.waitFor();
    code = ((await shown.textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-HJKMNP-Z]{3}-[2-9]{3}$/);
    await expectText(pageAda.getByTestId('generated-code'), /worth 📎 25/);
    await expectText(pageAda.getByTestId('generated-code-expiry'), /^Expires /);
    expect(await pageAda.evaluate(() => localStorage.getItem('redeemCodeAmount'))).toBe('25');
    await pageAda.getByTestId('generated-code-done').click();
    const row = pageAda.locator(`[data-testid=redeem-code-row][data-code="${code}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('open');
  });

  it('pasting spreads a code across the boxes, skipping spaces and hyphens', async () => {
    await nav(pageSam, 'nav-redeem', 'redeem-page');
    await pageSam.getByTestId('redeem-box-0').focus();
    await pageSam.getByTestId('redeem-box-0').evaluate((box) => {
      const data = new DataTransfer();
      data.setData('text/plain', ' abc-2x4');
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const values = async () => Promise.all([0, 1, 2, 3, 4, 5].map((i) => pageSam.getByTestId(`redeem-box-${i}`).inputValue()));
    await eventually('the paste filled the boxes', async () => (await values()).join('') === 'ABC2');
    expect(await pageSam.getByTestId('redeem-submit').isDisabled()).toBe(true);
    await pageSam.getByTestId('redeem-clear').click();
    expect((await values()).join('')).toBe('');
  });

  it('a student types the code, receives the clips, and the admin sees it claimed', async () => {
    const adaBefore = await balance(pageAda);
    const samBefore = await balance(pageSam);
    await pageSam.getByTestId('redeem-box-0').click();
    await pageSam.keyboard.type(code.replace('-', '').toLowerCase());
    await pageSam.keyboard.press('Enter');
    await pageSam.getByText('Code redeemed').waitFor();
    await pageSam.getByText('You received 📎 25').waitFor();
    await expectText(pageSam.getByTestId('redeem-last'), `Last redeemed: ${code}`);
    await eventually('Sam was paid', async () => (await balance(pageSam)) === samBefore + 25);
    await eventually('Ada paid', async () => (await balance(pageAda)) === adaBefore - 25);
    await pageAda.getByTestId('redeem-code-list-reload').click();
    const row = pageAda.locator(`[data-testid=redeem-code-row][data-code="${code}"]`);
    await eventually('the list shows the claim', async () => (await row.getAttribute('data-state')) === 'claimed');
    await expectText(row, new RegExp(`Claimed by\\s*${sam.name}`));
  });

  it('a second claim shows the server’s refusal', async () => {
    await pageSam.getByTestId('redeem-box-0').click();
    await pageSam.keyboard.type(code.replace('-', ''));
    await pageSam.getByTestId('redeem-submit').click();
    await pageSam.getByText('ClaimRedeemCode failed').waitFor();
    await pageSam.getByText('Redeem code already redeemed').waitFor();
  });

  it('admins also mint from the Transfers page', async () => {
    await nav(pageAda, 'nav-transfers', 'transfers-page');
    await pageAda.getByTestId('generate-code-open').click();
    expect(await pageAda.getByTestId('generate-code-amount').inputValue()).toBe('25');
    await pageAda.getByTestId('generate-code-submit').click();
    await pageAda.getByTestId('generated-code-text').waitFor();
    await pageAda.getByTestId('generated-code-done').click();
    expect(suite.pageErrors).toEqual([]);
  });
});
