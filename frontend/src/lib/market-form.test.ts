import { describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { MarketSchema, MarketStatus } from '@exchange/schema';
import { marketChanges, nameError, validateFund, validateOption, type MarketSettings } from './market-form';

const ranges = new Map([
  [1n, { minSettlement: 0, maxSettlement: 100 }],
  [2n, { minSettlement: 10, maxSettlement: 20 }],
]);
const lookup = (id: bigint) => ranges.get(id);

describe('validateFund', () => {
  it('is not a fund without constituents (the fee is not looked at)', () => {
    expect(validateFund([], 'junk', lookup)).toEqual({ ok: true, fee: 0, parts: [], min: 0, max: 0 });
  });

  it('adds up the constituents’ ranges, turning negative multipliers around', () => {
    const check = validateFund(
      [
        { id: '1', multiplier: '2' },
        { id: '2', multiplier: ' -1 ' },
      ],
      '0.25',
      lookup,
    );
    expect(check).toEqual({
      ok: true,
      fee: 0.25,
      parts: [
        { constituentId: 1n, multiplier: 2n },
        { constituentId: 2n, multiplier: -1n },
      ],
      min: -20,
      max: 190,
    });
  });

  it('takes an empty fee as 0 and ignores the range of markets it does not know', () => {
    const check = validateFund([{ id: '9', multiplier: '3' }], '', lookup);
    expect(check).toMatchObject({ ok: true, fee: 0, min: 0, max: 0 });
  });

  it.each([
    [[{ id: '', multiplier: '1' }], '0', 'Choose a market for every constituent'],
    [[{ id: '1', multiplier: '0' }], '0', 'Multipliers are whole numbers other than 0'],
    [[{ id: '1', multiplier: '1.5' }], '0', 'Multipliers are whole numbers other than 0'],
    [[{ id: '1', multiplier: '' }], '0', 'Multipliers are whole numbers other than 0'],
    [
      [
        { id: '1', multiplier: '1' },
        { id: '1', multiplier: '2' },
      ],
      '0',
      'Each market can be a constituent once',
    ],
    [[{ id: '1', multiplier: '1' }], '-1', 'The fee is 0 or more with at most 4 decimals'],
    [[{ id: '1', multiplier: '1' }], '0.00001', 'The fee is 0 or more with at most 4 decimals'],
    [[{ id: '1', multiplier: '1' }], 'x', 'The fee is 0 or more with at most 4 decimals'],
  ])('refuses %j with fee %j: %s', (constituents, fee, error) => {
    expect(validateFund(constituents, fee, lookup)).toEqual({ ok: false, error });
  });
});

describe('marketChanges', () => {
  const market = create(MarketSchema, {
    id: 1n,
    name: 'Rain',
    description: 'old',
    pinned: false,
    status: MarketStatus.OPEN,
    visibleTo: [3n, 2n],
  });
  const same: MarketSettings = { name: 'Rain', description: 'old', pinned: false, status: MarketStatus.OPEN, hideIds: 'keep', visibleTo: [2n, 3n] };

  it('finds nothing to change in an untouched form', () => {
    expect(marketChanges(market, same, true)).toEqual({});
  });

  it('lets a non-admin change only the description', () => {
    const form = { ...same, name: 'New', description: 'new', pinned: true, hideIds: 'hide' as const };
    expect(marketChanges(market, form, false)).toEqual({ description: 'new' });
  });

  it('collects an admin’s changes', () => {
    const form: MarketSettings = { name: ' Snow ', description: 'old', pinned: true, status: MarketStatus.PAUSED, hideIds: 'show', visibleTo: [] };
    expect(marketChanges(market, form, true)).toEqual({ name: 'Snow', pinned: true, status: MarketStatus.PAUSED, hideAccountIds: false, visibleTo: [] });
  });
});

describe('nameError', () => {
  it('wants a name that is not blank', () => {
    expect(nameError('  ')).toBe('Enter a name');
    expect(nameError('x')).toBe('');
  });
});

describe('validateOption', () => {
  const lookup = (id: bigint) => (id === 3n ? { minSettlement: 0, maxSettlement: 100 } : undefined);
  const input = { enabled: true, underlying: '3', strike: '50', isCall: true, expiry: null };

  it('is no option unless enabled with an underlying (the reference then creates an ordinary market)', () => {
    expect(validateOption({ ...input, enabled: false }, lookup)).toEqual({ ok: true, option: null });
    expect(validateOption({ ...input, underlying: '' }, lookup)).toEqual({ ok: true, option: null });
  });

  it('computes the bounds and builds the OptionInfo, with the expiration when given', () => {
    expect(validateOption(input, lookup)).toEqual({ ok: true, option: { underlyingMarketId: 3n, strikePrice: 50, isCall: true }, min: 0, max: 50 });
    const put = validateOption({ ...input, isCall: false, strike: '40', expiry: 1000 }, lookup);
    expect(put).toMatchObject({ ok: true, min: 0, max: 40, option: { isCall: false, expirationDate: { seconds: 1000n } } });
  });

  it('refuses strikes the server refuses', () => {
    expect(validateOption({ ...input, strike: '12.345' }, lookup).ok).toBe(false);
    expect(validateOption({ ...input, strike: '100' }, lookup).ok).toBe(false);
    expect(validateOption({ ...input, underlying: '9' }, lookup).ok).toBe(false);
  });
});
