import { describe, expect, it } from 'vitest';
import { SHORTCUTS, keyAction } from './keys';

describe('market page shortcuts', () => {
  it('letters act outside fields, in either case', () => {
    expect(keyAction({ key: 'b', typing: false })).toBe('buy');
    expect(keyAction({ key: 'S', typing: false })).toBe('sell');
    expect(keyAction({ key: 'p', typing: false })).toBe('price');
    expect(keyAction({ key: 'z', typing: false })).toBe('size');
    expect(keyAction({ key: 'x', typing: false })).toBe('cancel-all');
    expect(keyAction({ key: '?', typing: false })).toBe('help');
    expect(keyAction({ key: 'q', typing: false })).toBeUndefined();
  });

  it('while typing only Escape counts (Enter submits the form natively)', () => {
    expect(keyAction({ key: 'b', typing: true })).toBeUndefined();
    expect(keyAction({ key: 'x', typing: true })).toBeUndefined();
    expect(keyAction({ key: 'Enter', typing: true })).toBeUndefined();
    expect(keyAction({ key: 'Escape', typing: true })).toBe('leave-field');
  });

  it('Enter submits unless a button has the focus; modifiers never trigger', () => {
    expect(keyAction({ key: 'Enter', typing: false })).toBe('submit');
    expect(keyAction({ key: 'Enter', typing: false, onControl: true })).toBeUndefined();
    expect(keyAction({ key: 'b', typing: false, ctrlKey: true })).toBeUndefined();
    expect(keyAction({ key: 's', typing: false, metaKey: true })).toBeUndefined();
  });

  it('the help lists every action', () => {
    const actions = new Set(SHORTCUTS.map((s) => s.action));
    for (const a of ['buy', 'sell', 'price', 'size', 'submit', 'cancel-all', 'help', 'leave-field']) expect(actions.has(a as never)).toBe(true);
  });
});
