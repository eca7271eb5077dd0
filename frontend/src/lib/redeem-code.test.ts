import { describe, expect, it } from 'vitest';
import { allowedAt, backspace, boxValue, checkMintAmount, codeOf, codeState, emptyBoxes, rememberedAmount, spreadPaste } from './redeem-code';

describe('redeem code boxes', () => {
  it('takes letters first, digits last, upper-cased', () => {
    expect(allowedAt(0, 'a')).toBe(true);
    expect(allowedAt(2, '7')).toBe(false);
    expect(allowedAt(3, '7')).toBe(true);
    expect(allowedAt(5, 'x')).toBe(false);
    expect(boxValue(1, 'k')).toBe('K');
    expect(boxValue(4, 'k')).toBe('');
  });

  it('spreads a pasted code over the boxes, ignoring spaces and hyphens', () => {
    expect(spreadPaste(emptyBoxes(), 0, ' kmw-384 ')).toEqual({ boxes: ['K', 'M', 'W', '3', '8', '4'], focus: 5 });
    expect(spreadPaste(emptyBoxes(), 0, 'KMW–384')).toEqual({ boxes: ['K', 'M', 'W', '3', '8', '4'], focus: 5 });
    expect(spreadPaste(emptyBoxes(), 0, 'ABC 2 3')).toEqual({ boxes: ['A', 'B', 'C', '2', '3', ''], focus: 5 });
  });

  it('stops at the first character not allowed where it would go', () => {
    expect(spreadPaste(emptyBoxes(), 0, 'AB1-234')).toEqual({ boxes: ['A', 'B', '', '', '', ''], focus: 2 });
    expect(spreadPaste(['K', 'M', 'W', '', '', ''], 3, '38x4')).toEqual({ boxes: ['K', 'M', 'W', '3', '8', ''], focus: 5 });
  });

  it('pasting into a later box fills from there and never past the end', () => {
    expect(spreadPaste(['A', 'B', 'C', '', '', ''], 3, '98765')).toEqual({ boxes: ['A', 'B', 'C', '9', '8', '7'], focus: 5 });
  });

  it('is complete only with all six boxes valid', () => {
    expect(codeOf(['k', 'm', 'w', '3', '8', '4'])).toBe('KMW-384');
    expect(codeOf(['K', 'M', 'W', '3', '8', ''])).toBeNull();
    expect(codeOf(['K', 'M', '1', '3', '8', '4'])).toBeNull();
  });

  it('backspace clears the box, or moves back from an empty one', () => {
    expect(backspace(['A', 'B', '', '', '', ''], 1)).toEqual({ boxes: ['A', '', '', '', '', ''], focus: 1 });
    expect(backspace(['A', 'B', '', '', '', ''], 2)).toEqual({ boxes: ['A', '', '', '', '', ''], focus: 1 });
    expect(backspace(emptyBoxes(), 0)).toEqual({ boxes: emptyBoxes(), focus: 0 });
  });
});

describe('minted codes', () => {
  it('tells claimed, expired and open apart', () => {
    const now = 1_000_000_000;
    expect(codeState({ redeemedBy: 5n, expiresAt: { seconds: 1n } }, now)).toBe('claimed');
    expect(codeState({ redeemedBy: 0n, expiresAt: { seconds: 10n } }, now)).toBe('expired');
    expect(codeState({ redeemedBy: 0n, expiresAt: { seconds: 10_000_000n } }, now)).toBe('open');
  });

  it('remembers the last amount, defaulting to 500', () => {
    expect(rememberedAmount(undefined)).toBe('500');
    expect(rememberedAmount({ getItem: () => '25.5' })).toBe('25.5');
    expect(rememberedAmount({ getItem: () => 'junk' })).toBe('500');
  });

  it('checks the amount like the server', () => {
    expect(checkMintAmount('500')).toEqual({ ok: true, value: 500 });
    expect(checkMintAmount('0.0001')).toEqual({ ok: true, value: 0.0001 });
    expect(checkMintAmount('0.00001').ok).toBe(false);
    expect(checkMintAmount('0').ok).toBe(false);
    expect(checkMintAmount('-1').ok).toBe(false);
    expect(checkMintAmount('').ok).toBe(false);
  });
});
