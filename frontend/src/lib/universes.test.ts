import { describe, expect, it } from 'vitest';
import { displayName, isUniverseShortcut, universeAccountName } from './universes';

describe('universe names', () => {
  it('shows names without the universe prefix', () => {
    expect(displayName('lab__mm__bot')).toBe('bot');
    expect(displayName('plain')).toBe('plain');
  });
  it('prefixes new accounts in a universe unless they have __', () => {
    expect(universeAccountName('lab', 2n, ' bot ')).toBe('lab__bot');
    expect(universeAccountName('lab', 2n, 'x__bot')).toBe('x__bot');
    expect(universeAccountName('Main', 0n, 'bot')).toBe('bot');
  });
  it('knows the shortcut', () => {
    expect(isUniverseShortcut({ key: 'U', ctrlKey: true, metaKey: false, shiftKey: true })).toBe(true);
    expect(isUniverseShortcut({ key: 'u', ctrlKey: false, metaKey: true, shiftKey: true })).toBe(true);
    expect(isUniverseShortcut({ key: 'u', ctrlKey: true, metaKey: false, shiftKey: false })).toBe(false);
  });
});
