// Account colours on screen (additions.md 6.1): an account's colour, as chosen in this browser
// or else as it was created with (server `Account.color`, "" = none), and the translucent
// tints the header and the act-as selector use.

const HEX = /^#[0-9a-f]{6}$/i;

/** A usable `#rrggbb` colour, or undefined (empty, missing or malformed: no colour). */
export function validColor(color: string | null | undefined): string | undefined {
  return color && HEX.test(color) ? color.toLowerCase() : undefined;
}

/** `color` at `percent` % opacity, as a CSS colour. */
export function tint(color: string, percent: number): string {
  return `color-mix(in srgb, ${color} ${percent}%, transparent)`;
}

/**
 * The header's tint for the acting account's colour: none in admin (sudo) mode, which has
 * its own look, nor in another universe than Main, which is told apart its own way.
 */
export function headerTint(color: string | undefined, sudo: boolean, universeId: bigint): string | undefined {
  return color && !sudo && universeId === 0n ? `color-mix(in srgb, ${color} 30%, var(--background))` : undefined;
}

/**
 * The colour-input text as the exchange wants it: trimmed, lower case, `#` added; '' for
 * none; null when it is not 6 hex digits.
 */
export function normalizeColorInput(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return '';
  const withHash = trimmed.startsWith('#') ? trimmed : `#${trimmed}`;
  return HEX.test(withHash) ? withHash : null;
}
