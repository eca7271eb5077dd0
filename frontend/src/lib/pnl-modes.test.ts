import { describe, expect, it } from 'vitest';
import type { Market, Redeemed, Trade } from '@exchange/schema';
import { computePnl } from './pnl';
import { marksFor, parseCustomPrice, redemptionFills } from './pnl-modes';

const ME = 7n;
const A = 8n;
const ts = (s: number) => ({ $typeName: 'google.protobuf.Timestamp', seconds: BigInt(s), nanos: 0 }) as const;
let nextId = 1n;
function trade(buyer: bigint, seller: bigint, price: number, size: number, second: number): Trade {
  const id = nextId++;
  return { id, transactionId: id, price, size, buyerId: buyer, sellerId: seller, transactionTimestamp: ts(second), buyerIsTaker: true } as unknown as Trade;
}
const redeemed = (amount: number, second: number, account = ME): Redeemed =>
  ({ accountId: account, fundId: 3n, amount, transactionId: 99n, transactionTimestamp: ts(second) }) as unknown as Redeemed;
// Fund 3 = −1 × market 1 + 2 × market 2, fee 2 (the reference test of rules.md 8).
const fund = { redeemableFor: [{ constituentId: 1n, multiplier: -1n }, { constituentId: 2n, multiplier: 2n }], redeemFee: 2 } as unknown as Market;

describe('redemptionFills', () => {
  it('moves the fund and its constituents, and charges the fee once per request', () => {
    const fills = redemptionFills(ME, [redeemed(1.5, 10), redeemed(-1, 20), redeemed(5, 30, A)], (id) => (id === 3n ? fund : undefined));
    expect(fills.get(3n)).toEqual([
      { time: 10, quantity: -1.5, price: 0, fee: 2 },
      { time: 20, quantity: 1, price: 0, fee: 2 },
    ]);
    expect(fills.get(1n)?.map((f) => f.quantity)).toEqual([-1.5, 1]);
    expect(fills.get(2n)?.map((f) => f.quantity)).toEqual([3, -2]);
  });

  it('values a fund redemption in the P&L: units at the marks, minus the fee', () => {
    const fills = redemptionFills(ME, [redeemed(1, 10)], () => fund);
    // Marks: fund 10, market 1 at 4, market 2 at 7 (trades by others set them).
    const r = computePnl(ME, [
      { marketId: 3n, name: 'Fund', trades: [trade(A, A + 1n, 10, 1, 5)], mark: 10, fills: fills.get(3n) },
      { marketId: 1n, name: 'One', trades: [trade(A, A + 1n, 4, 1, 5)], mark: 4, fills: fills.get(1n) },
      { marketId: 2n, name: 'Two', trades: [trade(A, A + 1n, 7, 1, 5)], mark: 7, fills: fills.get(2n) },
    ]);
    // −1 × 10 − 1 × 4 + 2 × 7 − 2 (fee) = −2
    expect(r.total).toBe(-2);
    expect(r.markets.find((m) => m.name === 'Fund')?.position).toBe(-1);
    expect(r.series.at(-1)).toEqual({ time: 10, value: -2 });
  });
});

describe('marking modes', () => {
  const settled = { settlePrice: 100, lastTrade: 60, isCustomMarket: false, custom: null };
  const open = { settlePrice: null, lastTrade: 60, isCustomMarket: true, custom: 75 };

  it('marks settled markets at the settle price, others at the last trade or the custom price', () => {
    expect(marksFor('settlement', settled)).toEqual({ mark: 100, fixedMark: 100 });
    expect(marksFor('market', settled)).toEqual({ mark: 100, fixedMark: null });
    expect(marksFor('settlement', open)).toEqual({ mark: 60, fixedMark: null });
    expect(marksFor('custom', open)).toEqual({ mark: 75, fixedMark: 75 });
    expect(marksFor('custom', { ...open, isCustomMarket: false })).toEqual({ mark: 60, fixedMark: null });
  });

  it('a settled market: same final P&L in every mode, a different path over time', () => {
    // I buy 2 at 40; others trade at 60; the market settles at 100.
    const trades = [trade(ME, A, 40, 2, 100), trade(A, A + 1n, 60, 1, 110)];
    const settlement = { price: 100, time: 120 };
    const byMarket = computePnl(ME, [{ marketId: 1n, name: 'M', trades, settlement, ...marksFor('market', settled) }]);
    const bySettle = computePnl(ME, [{ marketId: 1n, name: 'M', trades, settlement, ...marksFor('settlement', settled) }]);
    expect(byMarket.total).toBe(120);
    expect(bySettle.total).toBe(120);
    expect(byMarket.series.map((p) => p.value)).toEqual([0, 40, 120]);
    expect(bySettle.series.map((p) => p.value)).toEqual([120, 120, 120]);
  });

  it('a custom price values the open position throughout', () => {
    const trades = [trade(ME, A, 40, 2, 100), trade(A, A + 1n, 60, 1, 110)];
    const r = computePnl(ME, [{ marketId: 1n, name: 'M', trades, ...marksFor('custom', open) }]);
    expect(r.total).toBe(70); // 2 × (75 − 40)
    expect(r.series.map((p) => p.value)).toEqual([70, 70]);
  });

  it('parses a custom price with at most two decimals', () => {
    expect(parseCustomPrice(' 12.5 ')).toBe(12.5);
    expect(parseCustomPrice('12.345')).toBeNull();
    expect(parseCustomPrice('abc')).toBeNull();
  });
});
