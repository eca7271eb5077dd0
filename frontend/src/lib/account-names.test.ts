import { describe, expect, it } from 'vitest';
import { disambiguatedNames, fullName, namer } from './account-names';

const a = (id: number, name: string) => ({ id: BigInt(id), name });

describe('disambiguated account names (additions.md 9.2)', () => {
  it('shows names without the universe prefix when they are unique', () => {
    const names = disambiguatedNames([a(1, 'ann'), a(2, 'game__bot'), a(3, 'x__y__ben')]);
    expect([...names.values()]).toEqual(['ann', 'bot', 'ben']);
  });

  it('shows the full name, `__` as a space, for names that collide once shortened', () => {
    const names = disambiguatedNames([a(1, 'bot'), a(2, 'game__bot'), a(3, 'ann')]);
    expect(names.get(1n)).toBe('bot');
    expect(names.get(2n)).toBe('game bot');
    expect(names.get(3n)).toBe('ann');
    expect(disambiguatedNames([a(4, 'u1__bot'), a(5, 'u2__bot')]).get(5n)).toBe('u2 bot');
  });

  it('appends the id when the full names still collide', () => {
    const names = disambiguatedNames([a(7, 'g__bot'), a(8, 'g bot'), a(9, 'bot')]);
    expect(names.get(7n)).toBe('g bot (#7)');
    expect(names.get(8n)).toBe('g bot (#8)');
    expect(names.get(9n)).toBe('bot');
    expect(disambiguatedNames([a(1, 'same'), a(2, 'same')]).get(2n)).toBe('same (#2)');
  });

  it('calls the current user "Yourself" (or keeps the name when asked)', () => {
    expect(disambiguatedNames([a(1, 'ann'), a(2, 'bob')], { selfId: 1n }).get(1n)).toBe('Yourself');
    expect(disambiguatedNames([a(1, 'ann')], { selfId: 1n, selfLabel: '' }).get(1n)).toBe('ann');
    // "Yourself" never forces someone else's name to its long form.
    expect(disambiguatedNames([a(1, 'u__ann'), a(2, 'ann')], { selfId: 1n }).get(2n)).toBe('ann');
  });

  it('gives a name function that falls back to the display name for accounts not listed', () => {
    const name = namer([a(1, 'x__bot'), a(2, 'bot')]);
    expect(name(a(1, 'x__bot'))).toBe('x bot');
    expect(name(a(3, 'y__zed'))).toBe('zed');
    expect(fullName('a__b__c')).toBe('a b c');
  });
});

describe('namesFor', () => {
  it('looks ids up in the account map', async () => {
    const { namesFor } = await import('./account-names');
    const accounts = new Map([
      [1n, { name: 'a__bot' }],
      [2n, { name: 'b__bot' }],
    ]);
    expect([...namesFor([1n, 2n, 3n, 1n], accounts).values()]).toEqual(['a bot', 'b bot', '#3']);
  });
});
