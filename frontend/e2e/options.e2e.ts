// Option markets in the web app (options.md, issue 16) against the real server:
// - an admin in admin mode lists a series (calls and puts at three strikes) on an underlying,
//   and one more put with the create-market form's "Option market" checkbox;
// - the chain shows it; a writer offers a call from the chain's market page, a holder buys it;
// - the holder's option page shows the option (Call on <underlying>, strike, no expiration),
//   the contract, and exercises one unit after a plain-words preview and a confirmation;
// - the payoff chart and the exercise history show the result;
// - the admin settles the underlying (option rows have no settle control); the option settles
//   at its intrinsic value and balances follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, expectCount, expectText, screenshot, waitReady, type Person, type WireClient } from './harness';
import { Suite, createMarket, signInWithToken } from './cohort-helpers';

const run = Date.now().toString(36);
const admin: Person = { name: `oadmin-${run}`, password: '', admin: true };
const holder: Person = { name: `oholder-${run}`, password: '', admin: false };
const writer: Person = { name: `owriter-${run}`, password: '', admin: false };
const cohort = 'main';
const gold = `Gold ${run}`;
const call50 = `${gold} 50 Call`;

const suite = new Suite();
let adminPage: Page;
let holderPage: Page;
let writerPage: Page;
let adminWire: WireClient;
let goldId = 0n;
let callPath = '';

const url = (path: string) => `${suite.server.url}/${cohort}/${path}`;
async function open(page: Page, path: string, testid: string): Promise<void> {
  await page.goto(url(path));
  await waitReady(page);
  await page.getByTestId(testid).first().waitFor();
}
async function placeOrder(page: Page, side: 'buy' | 'sell', price: string, size: string): Promise<void> {
  await page.getByTestId(side === 'buy' ? 'side-buy' : 'side-sell').click();
  await page.getByTestId('order-price').fill(price);
  await page.getByTestId('order-size').fill(size);
  await page.getByTestId('place-order').click();
}

describe('option markets: list a series, trade, exercise, settle', () => {
  beforeAll(async () => {
    await suite.start();
    adminPage = await suite.newPage();
    holderPage = await suite.newPage();
    writerPage = await suite.newPage();
    await signInWithToken(adminPage, suite, admin);
    await signInWithToken(holderPage, suite, holder);
    await signInWithToken(writerPage, suite, writer);
    adminWire = await suite.wire(admin, cohort);
    goldId = await createMarket(adminWire, gold);
    for (const who of [holder, writer]) {
      await adminWire.request({
        case: 'makeTransfer',
        value: { fromAccountId: adminWire.userId, toAccountId: adminWire.accountId(who.name), amount: 1000, note: 'options e2e' },
      });
    }
    await expectText(holderPage.getByTestId('balance'), '1,000.00');
    await expectText(writerPage.getByTestId('balance'), '1,000.00');
  });

  afterAll(async () => {
    await suite.close();
  });

  it('an admin in admin mode lists a series of calls and puts', async () => {
    await open(adminPage, 'admin', 'admin-page');
    await adminPage.getByTestId('sudo-toggle').click();
    await adminPage.waitForSelector('[data-testid=sudo-toggle][data-sudo=on]');
    await adminPage.getByTestId('admin-list-series').click();
    const form = adminPage.getByTestId('series-form');
    await form.getByTestId('series-underlying').selectOption({ label: `${gold} (0.00–100.00)` });
    // A call at the top of the range would be worth nothing anywhere: refused before sending.
    await form.getByTestId('series-strikes').fill('40, 50, 100');
    await expectText(form.getByTestId('series-error'), /call at 100/);
    await form.getByTestId('series-strikes').fill('40, 50, 60');
    await expectCount(form.locator('[data-testid=series-preview] li'), 6);
    await expectText(form.locator('[data-testid=series-preview] li').nth(2), /50 Call · settles 0.00–50.00/);
    await screenshot(adminPage, 'options-list-series', false);
    await form.getByTestId('series-submit').click();
    await adminPage.getByText(`Listed 6 options on ${gold}`).waitFor();
    // Option markets settle with their underlying: no settle control on their rows.
    const callRow = adminPage.locator(`[data-testid=admin-market-row][data-market="${call50}"]`);
    await callRow.waitFor();
    await expectCount(callRow.getByTestId('admin-settle-market'), 0);
    await expectCount(adminPage.locator(`[data-testid=admin-market-row][data-market="${gold}"]`).getByTestId('admin-settle-market'), 1);
  });

  it('the create-market form makes a single option, its bounds computed from the underlying', async () => {
    await adminPage.getByTestId('admin-new-market').click();
    const editor = adminPage.getByTestId('market-editor');
    await editor.locator('#me-name').fill(`${gold} 30 Put single`);
    await editor.getByTestId('me-option').check();
    await editor.getByTestId('me-underlying').selectOption({ label: gold });
    await editor.locator('#me-strike').fill('30');
    await editor.getByLabel('Put').check();
    await eventually('the computed bounds', async () => (await editor.locator('#me-max').inputValue()) === '30');
    expect(await editor.locator('#me-min').inputValue()).toBe('0');
    expect(await editor.locator('#me-max').isDisabled()).toBe(true);
    await editor.getByTestId('market-editor-submit').click();
    await adminPage.getByTestId('market-page').waitFor();
    await expectText(adminPage.getByTestId('option-kind'), 'Put');
    await expectText(adminPage.getByTestId('option-strike'), '30.00');
    await expectCount(adminPage.getByTestId('settle-market'), 0);
  });

  it('the chain shows strikes with calls and puts; a writer offers the 50 call from it', async () => {
    await open(writerPage, 'market', 'market-row');
    // The underlying's row links to its chain.
    await writerPage.locator('[data-testid=market-row]', { hasText: gold }).first().getByTestId('market-row-chain').click();
    await writerPage.getByTestId('option-chain').waitFor();
    // Strikes 30 (the single put), 40, 50 and 60.
    await expectCount(writerPage.getByTestId('chain-row'), 4);
    await expectText(writerPage.getByTestId('chain-strike').nth(2), '50.00');
    await expectText(writerPage.locator('[data-testid=chain-call-bid][data-strike="30"]'), '·');
    await writerPage.locator('[data-testid=chain-call-last][data-strike="50"]').click();
    await writerPage.getByTestId('market-page').waitFor();
    await expectText(writerPage.getByTestId('market-name'), call50);
    callPath = new URL(writerPage.url()).pathname;
    await placeOrder(writerPage, 'sell', '12', '2');
    await expectCount(writerPage.getByTestId('my-order'), 1);
  });

  it('the holder buys the call; its page shows the option and the contract', async () => {
    await open(holderPage, `options/${goldId}`, 'option-chain');
    await expectText(holderPage.locator('[data-testid=chain-call-offer][data-strike="50"]'), '12.00');
    await screenshot(holderPage, 'options-chain');
    await holderPage.locator('[data-testid=chain-call-offer][data-strike="50"]').click();
    await holderPage.getByTestId('market-page').waitFor();
    expect(new URL(holderPage.url()).pathname).toBe(callPath);
    await expectText(holderPage.getByTestId('option-kind'), 'Call');
    await expectText(holderPage.getByTestId('option-underlying'), gold);
    expect(await holderPage.getByTestId('option-underlying').getAttribute('href')).toBe(`/${cohort}/market/${goldId}`);
    await expectText(holderPage.getByTestId('option-strike'), '50.00');
    await expectText(holderPage.getByTestId('option-expiry'), 'no expiration');
    await expectCount(holderPage.getByTestId('settle-market'), 0);

    await placeOrder(holderPage, 'buy', '12', '2');
    await expectText(holderPage.getByTestId('position'), '+2.00');
    await expectText(holderPage.getByTestId('balance'), '976.00');
    const row = holderPage.getByTestId('contract-row');
    await expectCount(row, 1);
    expect(await row.getAttribute('data-role')).toBe('holder');
    await expectText(row.getByTestId('contract-remaining'), '2.00');
    await expectText(writerPage.getByTestId('position'), '-2.00');
  });

  it('the holder exercises one unit after a preview and a confirmation', async () => {
    await holderPage.getByTestId('exercise-option').click();
    const dialog = holderPage.getByTestId('exercise-dialog');
    await expectText(dialog.getByTestId('exercise-writer').locator('option:checked'), new RegExp(`^${writer.name} — 2.00`));
    await dialog.locator('#exercise-amount').fill('1');
    await expectText(dialog.getByTestId('exercise-preview'), `You buy 1 ${gold} at 50.00: you pay 50.00 and your position in ${gold} rises by 1.`);
    await dialog.getByTestId('exercise-next').click();
    await expectText(dialog.getByTestId('exercise-confirm-text'), new RegExp(`^Exercise 1.00 of ${call50} written by ${writer.name}\\?`));
    await screenshot(holderPage, 'options-exercise-confirm', false);
    await dialog.getByTestId('exercise-confirm').click();
    await expectCount(holderPage.getByTestId('exercise-dialog'), 0);

    await expectText(holderPage.getByTestId('position'), '+1.00');
    await expectText(holderPage.getByTestId('balance'), '926.00');
    await expectText(holderPage.getByTestId('contract-row').getByTestId('contract-remaining'), '1.00');
    await expectText(writerPage.getByTestId('position'), '-1.00');
    await expectText(writerPage.getByTestId('balance'), '1,074.00');
  });

  it('the payoff chart and the history show the exercise', async () => {
    await open(holderPage, `options/${goldId}`, 'payoff-panel');
    await expectCount(holderPage.getByTestId('payoff-leg'), 2);
    // Long 1 Gold (bought at 50 by exercising) and long 1 call at 50 (premium 12).
    await eventually('the P&L curve', async () => (await holderPage.getByTestId('payoff-chart').getAttribute('data-points')) === '0:-74 50:-24 100:76');
    await holderPage.getByTestId('payoff-mode').selectOption('value');
    await eventually('the value curve', async () => (await holderPage.getByTestId('payoff-chart').getAttribute('data-points')) === '0:0 50:50 100:150');
    await screenshot(holderPage, 'options-payoff');

    await open(holderPage, 'portfolio', 'performance');
    await expectText(holderPage.getByTestId('exercise-row'), new RegExp(`Exercised 1.00 ${call50}: bought 1.00 ${gold} at 50.00 from ${writer.name}`));
    await expectText(holderPage.locator(`[data-testid=pnl-row][data-market="${gold}"] [data-testid=pnl-market-total]`), '0.00');
  });

  it('settling the underlying settles the option at its intrinsic value', async () => {
    await open(adminPage, 'admin', 'admin-page');
    await adminPage.locator(`[data-testid=admin-market-row][data-market="${gold}"]`).getByTestId('admin-settle-market').click();
    const settle = adminPage.getByTestId('settle-dialog');
    await settle.getByTestId('settle-price-input').fill('80');
    await settle.getByTestId('settle-next').click();
    await settle.getByTestId('settle-confirm').click();

    await holderPage.goto(`${suite.server.url}${callPath}`);
    await waitReady(holderPage);
    await expectText(holderPage.getByTestId('market-status'), 'settled @ 30.00');
    expect(await holderPage.getByTestId('exercise-option').isDisabled()).toBe(true);
    // 926 + 80 (one Gold) + 30 (one call at its intrinsic value); the writer pays both.
    await expectText(holderPage.getByTestId('balance'), '1,036.00');
    await expectText(writerPage.getByTestId('balance'), '964.00');
    await screenshot(holderPage, 'options-settled');
    await eventually('no page errors', async () => suite.pageErrors.length === 0, 1_000).catch(() => {
      throw new Error(`Errors in the page:\n${suite.pageErrors.join('\n')}`);
    });
  });
});
