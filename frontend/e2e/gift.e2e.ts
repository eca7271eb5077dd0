// Gifts, owner-credit redistribution and account colours end to end against the real server:
// - an admin creates a coloured alt on the Accounts page; acting as it tints the header and
//   the act-as selector;
// - in admin mode the admin console's "Gift clips" funds a student, who sees it live;
// - "Give this owner's credit to the others" moves one owner's credit in a shared alt to the
//   other owner, after which that owner can be removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ExchangeServer,
  WireClient,
  authMode,
  eventually,
  expectText,
  launchChromium,
  screenshot,
  signIn,
  type AuthMode,
  type Person,
} from './harness';

const run = Date.now().toString(36);
const ada: Person = { name: `ada-${run}`, password: 'admin pass 1', admin: true };
const bob: Person = { name: `bob-${run}`, password: 'bob pass 22', admin: false };
const altName = `team-${run}`;

let server: ExchangeServer;
let browser: Browser;
let mode: AuthMode;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let pageAda: Page;
let pageBob: Page;
let adaWire: WireClient;
let bobWire: WireClient;
let altId = 0n;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
  return page;
}

async function nav(page: Page, testid: string, ready: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.getByTestId(ready).waitFor();
}

describe('gift clips, owner credits and account colours', () => {
  beforeAll(async () => {
    server = new ExchangeServer();
    await server.start();
    browser = await launchChromium();
    mode = await authMode(server);
    pageAda = await newPage();
    pageBob = await newPage();
    await signIn(pageAda, server, mode, ada);
    await signIn(pageBob, server, mode, bob);
    adaWire = await WireClient.connect(server.url, ada.jwt!, ada.idJwt);
    bobWire = await WireClient.connect(server.url, bob.jwt!, bob.idJwt);
  });

  afterAll(async () => {
    adaWire?.close();
    bobWire?.close();
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('an admin gives a new alt a colour, which tints the header and the act-as selector', async () => {
    await nav(pageAda, 'nav-accounts', 'accounts-page');
    await pageAda.getByTestId('alt-name').fill(altName);
    await pageAda.getByTestId('alt-color').fill(' A0B1C2 ');
    await pageAda.getByTestId('create-alt').click();
    await pageAda.locator(`[data-testid=account-card][data-account="${altName}"]`).waitFor();
    altId = adaWire.accountId(altName);
    const header = pageAda.getByTestId('app-header');
    expect((await header.getAttribute('style')) ?? '').not.toContain('#a0b1c2');
    await pageAda.locator(`[data-testid=account-card][data-account="${altName}"]`).getByTestId('act-as').click();
    await eventually('the header is tinted', async () => ((await header.getAttribute('style')) ?? '').includes('#a0b1c2 30%'));
    const selector = pageAda.getByTestId('acting-as');
    // Chromium may write the colour back as rgb(…) when it parses the style.
    await eventually('the act-as selector is tinted', async () =>
      /(#a0b1c2|rgb\(160, 177, 194\)) 20%/.test((await selector.getAttribute('style')) ?? ''),
    );
    await screenshot(pageAda, 'gift-coloured-alt');
    await pageAda.getByTestId('acting-as').selectOption({ label: `${ada.name} (you)` });
    await eventually('the tint is gone', async () => !((await header.getAttribute('style')) ?? '').includes('#a0b1c2'));
  });

  it('gifts clips to a student from the admin console (admin mode only)', async () => {
    await nav(pageAda, 'nav-admin', 'admin-page');
    await pageAda.getByTestId('admin-tab-people').click();
    const panel = pageAda.getByTestId('gift-panel');
    await panel.getByTestId('gift-to').selectOption({ label: bob.name });
    await panel.getByTestId('gift-amount').fill('750');
    await panel.getByTestId('gift-note').fill('welcome');
    expect(await panel.getByTestId('gift').isDisabled()).toBe(true); // admin mode is off
    await pageAda.getByTestId('sudo-toggle').click();
    await pageAda.waitForSelector('[data-testid=sudo-toggle][data-sudo=on]');
    await panel.getByTestId('gift').click();
    await pageAda.getByText(`Gave 750.00 to ${bob.name}`).waitFor();
    await expectText(pageBob.getByTestId('balance'), '750.00');
  });

  it('gives one owner’s credit to the other owners before removing that owner', async () => {
    await adaWire.request({ case: 'shareOwnership', value: { ofAccountId: altId, toAccountId: bobWire.userId } });
    await adaWire.request({ case: 'makeTransfer', value: { fromAccountId: adaWire.userId, toAccountId: altId, amount: 600, note: '' } });
    await bobWire.request({ case: 'makeTransfer', value: { fromAccountId: bobWire.userId, toAccountId: altId, amount: 400, note: '' } });
    await pageAda.getByTestId('revoke-account').selectOption({ label: altName });
    const owner = pageAda.getByTestId('revoke-owner');
    await eventually('both credits are listed', async () => (await owner.textContent())?.includes('credit 400.00') ?? false);
    await owner.selectOption({ label: `${ada.name} (credit 600.00)` });
    await pageAda.getByTestId('give-credit').click();
    await eventually('Ada’s credit went to Bob', async () => {
      const text = (await owner.textContent()) ?? '';
      return text.includes(`${ada.name} (credit 0.00)`) && text.includes(`${bob.name} (credit 1,000.00)`);
    });
    await screenshot(pageAda, 'gift-credit-redistributed');
    await pageAda.getByTestId('revoke').click();
    await pageAda.getByText(`${ada.name} no longer owns ${altName}`).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
