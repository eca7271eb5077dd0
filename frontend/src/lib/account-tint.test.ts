import { describe, expect, it } from 'vitest';
import { headerTint, normalizeColorInput, tint, validColor } from './account-tint';

describe('account tints', () => {
  it('treats empty and malformed colours as none', () => {
    expect(validColor('')).toBeUndefined();
    expect(validColor(undefined)).toBeUndefined();
    expect(validColor('#12345')).toBeUndefined();
    expect(validColor('#A0B1C2')).toBe('#a0b1c2');
  });

  it('tints the header only outside admin mode and in Main', () => {
    expect(headerTint('#aabbcc', false, 0n)).toContain('#aabbcc 30%');
    expect(headerTint('#aabbcc', true, 0n)).toBeUndefined();
    expect(headerTint('#aabbcc', false, 3n)).toBeUndefined();
    expect(headerTint(undefined, false, 0n)).toBeUndefined();
    expect(tint('#aabbcc', 20)).toBe('color-mix(in srgb, #aabbcc 20%, transparent)');
  });

  it('normalises the colour input', () => {
    expect(normalizeColorInput(' AABBCC ')).toBe('#aabbcc');
    expect(normalizeColorInput('#0f0F0f')).toBe('#0f0f0f');
    expect(normalizeColorInput('  ')).toBe('');
    expect(normalizeColorInput('blue')).toBeNull();
  });
});
