import { describe, expect, it } from 'vitest';
import type { Trade } from '@exchange/schema';
import { computePnl, markPrice } from './pnl';

const ME = 7n;
const A = 8n;
const B = 9n;
let nextId = 1n;

function trade(buyer: bigint, seller: bigint, price: number, size: number, second: number): Trade {
  const id = nextId++;
  return {
    $typeName: 'websocket_api.Trade',
    id,
    marketId: 1n,
    transactionId: id,
    price,
    size,
    buyerId: buyer,
    sellerId: seller,
    transactionTimestamp: { $typeName: 'google.protobuf.Timestamp', seconds: BigInt(second), nanos: 0 },
    buyerIsTaker: true,
  } as Trade;
}

describe('computePnl', () => {
  it('splits a partly closed long into realised (average cost) and unrealised', () => {
    const trades = [trade(ME, A, 40, 10, 100), trade(A, ME, 50, 4, 110)];
    const r = computePnl(ME, [{ marketId: 1n, name: 'M', trades, mark: 45 }]);
    const m = r.markets[0];
    expect(m.position).toBe(6);
    expect(m.averageCost).toBe(40);
    expect(m.realised).toBe(40); // 4 × (50 − 40)
    expect(m.unrealised).toBe(30); // 6 × (45 − 40)
    expect(m.total).toBe(70); // cash −200 + 6 × 45
    expect(r.total).toBe(70);
    expect(r.realised + r.unrealised).toBe(r.total);
  });

  it('handles a short that flips to long', () => {
    const trades = [trade(A, ME, 60, 5, 100), trade(ME, B, 50, 8, 120)];
    const r = computePnl(ME, [{ marketId: 1n, name: 'M', trades, mark: 55 }]);
    const m = r.markets[0];
    expect(m.position).toBe(3);
    expect(m.averageCost).toBe(50);
    expect(m.realised).toBe(50); // 5 × (60 − 50)
    expect(m.unrealised).toBe(15); // 3 × (55 − 50)
    expect(m.total).toBe(65);
  });

  it('realises everything at the settle price once the market settled', () => {
    const trades = [trade(ME, A, 40, 2, 100)];
    const r = computePnl(ME, [{ marketId: 1n, name: 'M', trades, settlement: { price: 100, time: 200 }, mark: 40 }]);
    expect(r.markets[0]).toMatchObject({ settled: true, realised: 120, unrealised: 0, total: 120, mark: 100 });
    expect(r.series).toEqual([
      { time: 100, value: 0 },
      { time: 200, value: 120 },
    ]);
  });

  it('is exact with decimals (no 0.1 + 0.2 noise)', () => {
    const trades = [trade(ME, A, 0.7, 0.1, 1), trade(ME, A, 0.7, 0.2, 2), trade(A, ME, 0.8, 0.3, 3)];
    const r = computePnl(ME, [{ marketId: 1n, name: 'M', trades, mark: 0.8 }]);
    expect(r.markets[0].position).toBe(0);
    expect(r.markets[0].realised).toBe(0.03);
    expect(r.total).toBe(0.03);
    expect(r.series.at(-1)).toEqual({ time: 3, value: 0.03 });
  });

  it('ignores markets the account never traded, and marks by other people’s trades over time', () => {
    const mine = [trade(ME, A, 10, 1, 100), trade(A, B, 12, 1, 105), trade(B, A, 9, 1, 110)];
    const other = [trade(A, B, 50, 1, 90)];
    const r = computePnl(ME, [
      { marketId: 1n, name: 'Mine', trades: mine, mark: 9 },
      { marketId: 2n, name: 'Other', trades: other, mark: 50 },
    ]);
    expect(r.markets.map((m) => m.name)).toEqual(['Mine']);
    expect(r.series).toEqual([
      { time: 100, value: 0 },
      { time: 105, value: 2 },
      { time: 110, value: -1 },
    ]);
    expect(r.total).toBe(-1);
  });

  it('keeps one point per second (the last) and sums markets', () => {
    const m1 = [trade(ME, A, 10, 1, 100), trade(A, B, 11, 1, 100)];
    const m2 = [trade(A, ME, 20, 2, 100), trade(A, B, 19, 1, 101)];
    const r = computePnl(ME, [
      { marketId: 1n, name: 'One', trades: m1, mark: 11 },
      { marketId: 2n, name: 'Two', trades: m2, mark: 19 },
    ]);
    expect(r.series).toEqual([
      { time: 100, value: 1 },
      { time: 101, value: 3 },
    ]);
    expect(r.total).toBe(3);
  });

  it('values an open position at its cost when nothing gives a mark', () => {
    const r = computePnl(ME, [{ marketId: 1n, name: 'M', trades: [trade(ME, A, 33.33, 3, 1)], mark: null }]);
    expect(r.markets[0]).toMatchObject({ position: 3, mark: 33.33, unrealised: 0, total: 0 });
  });
});

describe('markPrice', () => {
  it('uses the mid when both sides quote, else the last trade', () => {
    expect(markPrice('mid', 40, 41, 44)).toBe(42.5);
    expect(markPrice('mid', 40, 41, undefined)).toBe(40);
    expect(markPrice('last', 40, 41, 44)).toBe(40);
    expect(markPrice('last', undefined, 41, 44)).toBeNull();
  });
});
