// The transfer form (additions.md 9.1): recipients are checkboxes in a searchable list, and a
// confirmation comes before anything is sent.
import type { Page } from 'playwright-core';

/** A recipient option by its label. */
export function recipient(page: Page, name: string) {
  return page.locator(`[data-testid=transfer-to] [data-testid=recipient-option][data-name="${name}"]`);
}

/** Ticks the recipients named (their checkboxes). */
export async function pickRecipients(page: Page, ...names: string[]): Promise<void> {
  for (const name of names) await recipient(page, name).locator('input[type=checkbox]').check();
}

/** The labels of the recipients offered, optionally of one group ('own' or 'people'). */
export async function recipientNames(page: Page, group?: 'own' | 'people'): Promise<string[]> {
  const selector = `[data-testid=transfer-to] [data-testid=recipient-option]${group ? `[data-group=${group}]` : ''}`;
  return page.locator(selector).evaluateAll((options) => options.map((o) => o.getAttribute('data-name') ?? ''));
}

/** Submits the form and confirms the transfers. */
export async function sendTransfers(page: Page): Promise<void> {
  await page.getByTestId('transfer-submit').click();
  await page.getByTestId('transfer-confirm').getByTestId('confirm').click();
}
