// Universes as the web app shows them (cohorts.md 8): accounts created in a universe are named
// `<universe>__<name>` (a convention of this app only; the server knows nothing of it), and
// names are shown with everything up to the last `__` removed.

/** A name as shown: everything up to the last `__` removed. */
export function displayName(name: string): string {
  const at = name.lastIndexOf('__');
  return at < 0 ? name : name.slice(at + 2);
}

/** The name sent for a new account in a universe: prefixed unless it already has a `__`. */
export function universeAccountName(universeName: string, universeId: bigint, name: string): string {
  const trimmed = name.trim();
  if (universeId === 0n || trimmed.includes('__')) return trimmed;
  return `${universeName}__${trimmed}`;
}

/** Local-storage key of the hidden universe mode (Ctrl/Cmd+Shift+U on the accounts page). */
export const UNIVERSE_MODE_KEY = 'exchange.universeMode';

/** Whether a key event is the universe-mode shortcut. */
export function isUniverseShortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'u';
}
