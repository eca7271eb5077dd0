// The six boxes of the redeem page (additions.md 1.6): three letters, then three digits. Pure
// functions over the boxes' characters, so the page only wires keys and focus to them.

export const CODE_BOXES = 6;

/** Whether `ch` may stand in box `index` (0-2 letters, 3-5 digits), upper-cased first. */
export function allowedAt(index: number, ch: string): boolean {
  if (ch.length !== 1) return false;
  return index < 3 ? /^[A-Za-z]$/.test(ch) : /^[0-9]$/.test(ch);
}

/** What a box shows for a typed character: upper-case, or '' when not allowed there. */
export function boxValue(index: number, ch: string): string {
  return allowedAt(index, ch) ? ch.toUpperCase() : '';
}

/**
 * Pasting `text` into box `start`: its characters spread over the boxes from there, skipping
 * spaces and hyphens (and en-dashes, as in the shown code) and stopping at the first character
 * not allowed in the box it would fill. Returns the new boxes and the box to focus next.
 */
export function spreadPaste(boxes: readonly string[], start: number, text: string): { boxes: string[]; focus: number } {
  const next = [...boxes];
  let index = start;
  for (const ch of text) {
    if (index >= CODE_BOXES) break;
    if (/[\s\-–]/.test(ch)) continue;
    if (!allowedAt(index, ch)) break;
    next[index] = ch.toUpperCase();
    index += 1;
  }
  return { boxes: next, focus: Math.min(index, CODE_BOXES - 1) };
}

/** The code as the server wants it ("LLL-DDD"), or null while a box is empty. */
export function codeOf(boxes: readonly string[]): string | null {
  if (boxes.length !== CODE_BOXES || boxes.some((b, i) => !allowedAt(i, b))) return null;
  return `${boxes.slice(0, 3).join('')}-${boxes.slice(3).join('')}`.toUpperCase();
}

/** Where Backspace moves: an empty box goes back to clear the previous one. */
export function backspace(boxes: readonly string[], index: number): { boxes: string[]; focus: number } {
  const next = [...boxes];
  if (next[index]) {
    next[index] = '';
    return { boxes: next, focus: index };
  }
  if (index === 0) return { boxes: next, focus: 0 };
  next[index - 1] = '';
  return { boxes: next, focus: index - 1 };
}

export const emptyBoxes = (): string[] => Array.from({ length: CODE_BOXES }, () => '');

/** The state of a minted code for the admin's list. */
export function codeState(code: { redeemedBy: bigint; expiresAt?: { seconds: bigint } }, nowMs: number): 'claimed' | 'expired' | 'open' {
  if (code.redeemedBy !== 0n) return 'claimed';
  if (code.expiresAt && Number(code.expiresAt.seconds) * 1000 < nowMs) return 'expired';
  return 'open';
}

/** The amount field's default and memory (browser storage key `redeemCodeAmount`). */
export const REDEEM_AMOUNT_KEY = 'redeemCodeAmount';
export function rememberedAmount(storage: Pick<Storage, 'getItem'> | undefined): string {
  const saved = storage?.getItem(REDEEM_AMOUNT_KEY);
  return saved && /^\d+(\.\d{1,4})?$/.test(saved) && Number(saved) > 0 ? saved : '500';
}

/** A mint amount: positive, at most 4 decimals (the server's rule). */
export function checkMintAmount(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim();
  if (!/^\d*(\.\d*)?$/.test(t) || t === '' || t === '.') return { ok: false, error: 'Enter an amount' };
  const [, fraction = ''] = t.split('.');
  if (fraction.replace(/0+$/, '').length > 4) return { ok: false, error: 'At most 4 decimals' };
  const value = Number(t);
  if (!(value > 0)) return { ok: false, error: 'The amount must be more than 0' };
  return { ok: true, value };
}
