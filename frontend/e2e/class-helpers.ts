// Helpers for the issue-18 suites (what a real class found): option lists of selects, toasts,
// taking the server down and up again, and the accounts page of a person.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { eventually, waitReady } from './harness';
import type { Suite } from './cohort-helpers';

/** The visible texts of a select's options (trimmed). */
export async function optionTexts(select: Locator): Promise<string[]> {
  return select.locator('option').evaluateAll((options) => options.map((o) => (o.textContent ?? '').trim()));
}

/** The text of the option a select shows. */
export async function selectedText(select: Locator): Promise<string> {
  return select.evaluate((s) => {
    const el = s as HTMLSelectElement;
    return (el.selectedOptions[0]?.textContent ?? '').trim();
  });
}

/** Error toasts shown so far (title and description). */
export async function errorToasts(page: Page): Promise<string[]> {
  return page.locator('[data-sonner-toast][data-type=error]').allTextContents();
}

/** Takes the server down and waits until the page says the connection is gone. */
export async function serverDown(suite: Suite, pages: Page[]): Promise<void> {
  await suite.server.stop();
  for (const page of pages) {
    await page.waitForSelector('[data-testid=connection-status]:not([data-status=ready])', { timeout: 20_000 });
  }
}

/** Brings the server back (same port and data) and waits until each page is ready again. */
export async function serverUp(suite: Suite, pages: Page[]): Promise<void> {
  await suite.server.start();
  for (const page of pages) {
    // The backoff grows to 10 s; "retry" (the indicator) would skip it, but a person waits.
    await waitReady(page, 30_000);
  }
}

/** Client-side navigation through the header (keeps the connection). */
export async function nav(page: Page, testid: string, ready: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.getByTestId(ready).waitFor();
}

/** A person's card on the accounts page. */
export function accountCard(page: Page, name: string): Locator {
  return page.locator(`[data-testid=account-card][data-account="${name}"]`);
}

/** Clicks a download button and returns the downloaded text. */
export async function downloadText(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync(await download.path(), 'utf8');
}

/** Switches admin mode on through the header switch. */
export async function sudoOn(page: Page): Promise<void> {
  const toggle = page.getByTestId('sudo-toggle');
  if ((await toggle.getAttribute('data-sudo')) !== 'on') await toggle.click();
  await page.waitForSelector('[data-testid=sudo-toggle][data-sudo=on]');
}

/** Whether `inner` lies entirely inside the viewport of its page (width × height). */
export async function insideViewport(page: Page, inner: Locator): Promise<boolean> {
  const box = await inner.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
}

/** Whether two elements' boxes overlap. */
export async function overlaps(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

export { eventually };

/** Starts the server again if an earlier (failed) step left it down. */
export async function ensureServerUp(suite: Suite, pages: Page[]): Promise<void> {
  const up = await fetch(`${suite.server.url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!up) await serverUp(suite, pages);
}
