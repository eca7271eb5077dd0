// The pure option logic: intrinsic values and bounds, expirations, the chain, the exercise
// split per writer and its preview, the payoff curve and the series listing.
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { MarketSchema, OptionContractSchema, type Market } from '@exchange/schema';
import { buildChains, optionCounts } from './chain';
import { exercisePreview, groupByWriter, planExercise } from './exercise';
import { countdown, expirationSeconds, intrinsic, optionBounds, referencePrice } from './option-info';
import { breakEvens, payoffCurve, valueAtExpiry } from './payoff';
import { parseStrikes, planSeries, seriesName } from './series';

const U = 1n;
function option(id: bigint, strike: number, isCall: boolean, expiry?: bigint, underlying = U): Market {
  return create(MarketSchema, {
    id,
    name: `U ${strike} ${isCall ? 'Call' : 'Put'}`,
    option: { underlyingMarketId: underlying, strikePrice: strike, isCall, ...(expiry !== undefined ? { expirationDate: { seconds: expiry } } : {}) },
    marketState: { case: 'open', value: {} },
  });
}
const contract = (id: bigint, buyer: bigint, writer: bigint, remaining: number) =>
  create(OptionContractSchema, { id, optionMarketId: 5n, buyerId: buyer, writerId: writer, remainingAmount: remaining });

describe('option info', () => {
  it('computes intrinsic values exactly', () => {
    expect(intrinsic(true, 50, 80)).toBe(30);
    expect(intrinsic(true, 50, 40)).toBe(0);
    expect(intrinsic(false, 40, 35.1)).toBe(4.9);
    expect(intrinsic(false, 40, 60)).toBe(0);
    expect(intrinsic(true, 0.1, 0.3)).toBe(0.2);
  });

  it('computes the bounds of options.md 2.3', () => {
    expect(optionBounds(true, 50, 0, 100)).toEqual({ min: 0, max: 50 });
    expect(optionBounds(true, -10, 0, 100)).toEqual({ min: 10, max: 110 });
    expect(optionBounds(true, 100, 0, 100)).toEqual({ min: 0, max: 0 });
    expect(optionBounds(false, 40, 0, 100)).toEqual({ min: 0, max: 40 });
    expect(optionBounds(false, 150, 0, 100)).toEqual({ min: 50, max: 150 });
    expect(optionBounds(false, 0, -50, 50)).toEqual({ min: 0, max: 50 });
  });

  it('treats an absent or zero expiration as none, and counts down to it', () => {
    expect(expirationSeconds(option(2n, 50, true).option!)).toBeNull();
    expect(expirationSeconds(option(2n, 50, true, 0n).option!)).toBeNull();
    expect(expirationSeconds(option(2n, 50, true, 1000n).option!)).toBe(1000);
    expect(countdown(1000, 1000 - 125)).toEqual({ expired: false, text: '2:05' });
    expect(countdown(1000, 1000 - 3725)).toEqual({ expired: false, text: '62:05' });
    expect(countdown(1000, 1000)).toEqual({ expired: false, text: '0:00' });
    expect(countdown(1000, 1001)).toEqual({ expired: true, text: 'expired' });
  });

  it('prices the underlying at its settlement, else the mid, else the last trade', () => {
    const settled = create(MarketSchema, { id: U, marketState: { case: 'closed', value: { settlePrice: 80 } } });
    expect(referencePrice(settled, 10, 20, 30)).toEqual({ price: 80, basis: 'settlement' });
    const open = create(MarketSchema, { id: U, marketState: { case: 'open', value: {} } });
    expect(referencePrice(open, 10, 20.01, 30)).toEqual({ price: 15.01, basis: 'mid' });
    expect(referencePrice(open, 10, undefined, 30)).toEqual({ price: 30, basis: 'last' });
    expect(referencePrice(open, undefined, undefined, undefined)).toBeNull();
  });
});

describe('option chain', () => {
  it('puts strikes down the middle with calls and puts beside them, one chain per expiry', () => {
    const sources = [
      { market: option(2n, 60, true), bestBid: 3, bestOffer: 4, last: 3.5 },
      { market: option(3n, 50, true), bestBid: 8 },
      { market: option(4n, 50, false), bestOffer: 2 },
      { market: option(5n, 50, true) }, // duplicate of 3: the older one stays
      { market: option(6n, 50, true, 2000n) },
      { market: option(7n, 50, true, 0n) }, // seconds 0 = no expiration
      { market: option(8n, 70, true, undefined, 99n) }, // another underlying
      { market: create(MarketSchema, { id: U, name: 'U' }) },
    ];
    const chains = buildChains(U, sources, (id) => (id === 3n ? 2 : 0));
    expect(chains.map((c) => c.expiry)).toEqual([null, 2000]);
    const [main] = chains;
    expect(main.rows.map((r) => r.strike)).toEqual([50, 60]);
    expect(main.rows[0].call).toMatchObject({ marketId: 3n, bid: 8, position: 2 });
    expect(main.rows[0].put).toMatchObject({ marketId: 4n, offer: 2, position: 0 });
    expect(main.rows[1].call).toMatchObject({ marketId: 2n, bid: 3, offer: 4, last: 3.5 });
    expect(main.rows[1].put).toBeUndefined();
    expect(optionCounts(sources.map((s) => s.market))).toEqual(new Map([[U, 6], [99n, 1]]));
  });
});

describe('exercise', () => {
  const ME = 7n;
  const contracts = [contract(4n, ME, 20n, 1), contract(2n, ME, 20n, 2.5), contract(3n, ME, 21n, 1), contract(5n, 21n, ME, 3), contract(6n, ME, 20n, 0)];

  it('merges my contracts as holder per writer, oldest first', () => {
    const groups = groupByWriter(contracts, ME);
    expect(groups.map((g) => [g.writerId, g.total, g.contracts.map((c) => c.id)])).toEqual([
      [20n, 3.5, [2n, 4n]],
      [21n, 1, [3n]],
    ]);
  });

  it('splits an amount over the contracts, oldest first', () => {
    const [g] = groupByWriter(contracts, ME);
    expect(planExercise(g, 1)).toEqual([{ contractId: 2n, amount: 1 }]);
    expect(planExercise(g, 3.1)).toEqual([
      { contractId: 2n, amount: 2.5 },
      { contractId: 4n, amount: 0.6 },
    ]);
    expect(planExercise(g, 3.5)).toHaveLength(2);
    expect(() => planExercise(g, 3.51)).toThrow(/At most 3.5/);
    expect(() => planExercise(g, 0)).toThrow();
  });

  it('previews physical and cash exercises in plain words', () => {
    const base = { isCall: true, strike: 50, amount: 2, underlyingName: 'Gold', settledAt: null, expiry: null, now: 0 };
    expect(exercisePreview(base).text).toBe('You buy 2 Gold at 50.00: you pay 100.00 and your position in Gold rises by 2.');
    expect(exercisePreview({ ...base, isCall: false }).text).toBe('You sell 2 Gold at 50.00: you receive 100.00 and your position in Gold falls by 2.');
    expect(exercisePreview({ ...base, expiry: 10, now: 11 }).allowed).toBe(false);
    expect(exercisePreview({ ...base, expiry: 10, now: 10 }).allowed).toBe(true);
    const cash = exercisePreview({ ...base, settledAt: 80, expiry: 10, now: 11 });
    expect(cash).toMatchObject({ allowed: true, cashPerUnit: 30 });
    expect(cash.text).toContain('you receive 30.00 per unit, 60.00 in all');
    expect(exercisePreview({ ...base, settledAt: 20 }).text).toContain('worth nothing');
  });
});

describe('payoff at expiry', () => {
  const legs = [
    { kind: 'underlying' as const, position: 1 },
    { kind: 'call' as const, strike: 50, position: -1 },
    { kind: 'put' as const, strike: 40, position: 2 },
  ];

  it('values the position at a final price', () => {
    expect(valueAtExpiry(legs, 80)).toBe(80 - 30);
    expect(valueAtExpiry(legs, 30)).toBe(30 + 20);
    expect(valueAtExpiry(legs, 45)).toBe(45);
  });

  it('draws the polyline through the bounds and the strikes, with the cash for P&L', () => {
    expect(payoffCurve(legs, 0, 100)).toEqual([
      { price: 0, value: 80 },
      { price: 40, value: 40 },
      { price: 50, value: 50 },
      { price: 100, value: 50 },
    ]);
    expect(payoffCurve([{ kind: 'call', strike: 50, position: 2 }], 0, 100, -24)).toEqual([
      { price: 0, value: -24 },
      { price: 50, value: -24 },
      { price: 100, value: 76 },
    ]);
    expect(payoffCurve([{ kind: 'call', strike: 150, position: 1 }], 0, 100)).toHaveLength(2);
  });

  it('finds the break-even prices', () => {
    expect(breakEvens(payoffCurve([{ kind: 'call', strike: 50, position: 2 }], 0, 100, -24))).toEqual([62]);
    expect(breakEvens(payoffCurve([{ kind: 'underlying', position: 1 }], 0, 100, -50))).toEqual([50]);
  });
});

describe('listing a series', () => {
  const underlying = { id: U, name: 'Gold', minSettlement: 0, maxSettlement: 100 };
  const input = { underlying, strikes: '60, 40 50', calls: true, puts: true, pattern: '{U} {K} {Type}', expiry: null };

  it('parses strikes with the server rules', () => {
    expect(parseStrikes('50,52.5 ; 45')).toEqual({ ok: true, strikes: [45, 50, 52.5] });
    expect(parseStrikes('12.345')).toMatchObject({ ok: false, error: expect.stringMatching(/2 decimals/) });
    expect(parseStrikes('5, 5')).toMatchObject({ ok: false });
    expect(parseStrikes(' ')).toMatchObject({ ok: false });
    expect(parseStrikes('abc')).toMatchObject({ ok: false });
  });

  it('plans one market per option, calls before puts, with computed bounds', () => {
    const plan = planSeries(input);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.markets.map((m) => m.name)).toEqual(['Gold 40 Call', 'Gold 40 Put', 'Gold 50 Call', 'Gold 50 Put', 'Gold 60 Call', 'Gold 60 Put']);
    expect(plan.markets[1]).toMatchObject({ strike: 40, isCall: false, minSettlement: 0, maxSettlement: 40 });
    expect(seriesName('{type}s {U}@{K}', 'Oil', 52.5, false)).toBe('puts Oil@52.5');
  });

  it('refuses what the server would refuse, before sending anything', () => {
    expect(planSeries({ ...input, calls: false, puts: false })).toMatchObject({ ok: false });
    expect(planSeries({ ...input, pattern: '{U} {Type}' })).toMatchObject({ ok: false, error: expect.stringMatching(/\{K\}/) });
    expect(planSeries({ ...input, pattern: '{U} {K}' })).toMatchObject({ ok: false, error: expect.stringMatching(/\{Type\}/) });
    expect(planSeries({ ...input, puts: false, pattern: '{U} {K}' }).ok).toBe(true);
    expect(planSeries({ ...input, strikes: '100' })).toMatchObject({ ok: false, error: expect.stringMatching(/call at 100/) });
    expect(planSeries({ ...input, calls: false, strikes: '0' })).toMatchObject({ ok: false, error: expect.stringMatching(/put at 0/) });
    expect(planSeries(input, new Set(['Gold 50 Put']))).toMatchObject({ ok: false, error: expect.stringMatching(/already exists/) });
  });
});
