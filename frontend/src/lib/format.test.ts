import { describe, expect, it } from 'vitest';
import {
  decimalError,
  formatMoney,
  formatPrice,
  formatSigned,
  formatSize,
  parseDecimal,
  validateBounds,
  validatePrice,
  validateSize,
} from './format';
import { valueAt, worstCase } from './risk';

describe('display', () => {
  it('shows prices and sizes with exactly 2 decimals', () => {
    expect(formatPrice(12)).toBe('12.00');
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(formatPrice(0.1 + 0.2)).toBe('0.30');
    expect(formatSize(-0.004)).toBe('0.00');
    expect(formatPrice(-0)).toBe('0.00');
    expect(formatPrice(undefined)).toBe('—');
    expect(formatPrice(Number.NaN)).toBe('—');
  });

  it('shows money with 2 to 4 decimals', () => {
    expect(formatMoney(100_000_000)).toBe('100,000,000.00');
    expect(formatMoney(12.3456)).toBe('12.3456');
    expect(formatMoney(12.3)).toBe('12.30');
    expect(formatMoney(-5.12345)).toBe('-5.1235');
    expect(formatMoney(-0.00001)).toBe('0.00');
  });

  it('marks positive signed quantities', () => {
    expect(formatSigned(2)).toBe('+2.00');
    expect(formatSigned(-2)).toBe('-2.00');
    expect(formatSigned(0)).toBe('0.00');
  });
});

describe('input validation mirrors the server', () => {
  it('parses plain decimals and counts decimals after dropping trailing zeros', () => {
    expect(parseDecimal('15.10')).toEqual({ value: 15.1, scale: 1, coefficient: 151n });
    expect(parseDecimal('-3')).toEqual({ value: -3, scale: 0, coefficient: -3n });
    expect(parseDecimal('.5')).toEqual({ value: 0.5, scale: 1, coefficient: 5n });
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('1,000')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('.')).toBeNull();
  });

  it('prices: at most 2 decimals, within the settlement range, coefficient cap', () => {
    expect(validatePrice('15.01', 10, 20)).toEqual({ ok: true, value: 15.01 });
    expect(validatePrice('15.010', 10, 20)).toEqual({ ok: true, value: 15.01 });
    expect(validatePrice('15.001', 10, 20)).toMatchObject({ ok: false, error: 'Price has at most 2 decimals' });
    expect(validatePrice('9.99', 10, 20)).toMatchObject({ ok: false });
    expect(validatePrice('20.01', 10, 20)).toMatchObject({ ok: false });
    expect(validatePrice('20', 10, 20)).toEqual({ ok: true, value: 20 });
    expect(validatePrice('-5', -10, 0)).toEqual({ ok: true, value: -5 });
    expect(validatePrice('0', -10, 10)).toEqual({ ok: true, value: 0 });
    expect(validatePrice('10000000000.01', 0, 1e13)).toMatchObject({ ok: false, error: 'Price is too large' });
    expect(validatePrice('abc', 0, 1)).toMatchObject({ ok: false });
    expect(validatePrice('', 0, 1)).toMatchObject({ ok: false, error: 'Enter a price' });
  });

  it('sizes: positive, at most 2 decimals, coefficient cap', () => {
    expect(validateSize('1.5')).toEqual({ ok: true, value: 1.5 });
    expect(validateSize('0')).toMatchObject({ ok: false, error: 'Size must be positive' });
    expect(validateSize('-1')).toMatchObject({ ok: false, error: 'Size must be positive' });
    expect(validateSize('0.001')).toMatchObject({ ok: false, error: 'Size has at most 2 decimals' });
    expect(validateSize('10000000000.5')).toEqual({ ok: true, value: 10000000000.5 });
    expect(validateSize('10000000000.01')).toMatchObject({ ok: false, error: 'Size is too large' });
  });

  it('settlement bounds: 2 decimals and min < max', () => {
    expect(validateBounds('0', '100')).toMatchObject({ ok: true, value: 0, max: 100 });
    expect(validateBounds('5', '5')).toMatchObject({ ok: false });
    expect(validateBounds('0.001', '1')).toMatchObject({ ok: false });
  });

  it('exact decimals (DecimalField): scale, range and sign', () => {
    expect(decimalError('12.50', 2)).toBe('');
    expect(decimalError('-3', 2)).toBe('');
    expect(decimalError(' ', 2)).toBe('Enter a number');
    expect(decimalError('1e3', 2)).toBe('Not a number');
    expect(decimalError('0.125', 2)).toBe('At most 2 decimals');
    expect(decimalError('0.1250', 4)).toBe('');
    expect(decimalError('1.5', 0)).toBe('No decimals allowed');
    expect(decimalError('10000000000.01', 2)).toBe('Too large');
    expect(decimalError('-10000000000.01', 2)).toBe('Too large');
    expect(decimalError('-0.5', 4, true)).toBe('Must be 0 or more');
  });
});

describe('worst case (rules.md 5.3 worked examples, m1 = [10, 20])', () => {
  const zero = { position: 0, totalBidSize: 0, totalBidValue: 0, totalOfferSize: 0, totalOfferValue: 0 };
  it('matches the reference figures', () => {
    expect(worstCase({ ...zero, totalBidSize: 1, totalBidValue: 15 }, 10, 20)).toBe(-5);
    expect(worstCase({ ...zero, totalOfferSize: 1, totalOfferValue: 15 }, 10, 20)).toBe(-5);
    expect(worstCase({ ...zero, totalBidSize: 1, totalBidValue: 12, totalOfferSize: 1, totalOfferValue: 16 }, 10, 20)).toBe(-4);
    expect(
      worstCase({ position: 0.5, totalBidSize: 0.5, totalBidValue: 6, totalOfferSize: 1, totalOfferValue: 16 }, 10, 20),
    ).toBe(4);
    expect(worstCase({ ...zero, position: -0.5 }, 10, 20)).toBe(-10);
    expect(worstCase({ ...zero, totalOfferSize: 100, totalOfferValue: 1500 }, 10, 20)).toBe(-500);
    expect(worstCase(zero, 10, 20)).toBe(0);
  });

  it('is exact where doubles are not', () => {
    expect(worstCase({ ...zero, totalBidSize: 3, totalBidValue: 0.3 }, 0.1, 1)).toBe(0);
    expect(valueAt(0.1, 0.2)).toBe(0.02);
  });
});
