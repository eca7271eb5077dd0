import { describe, expect, it } from 'vitest';
import type { Order, Redeemed, Trade } from '@exchange/schema';
import { advance, buildTimeline, clampThumbs, formatElapsed, playStart, stampMs, txAt, SPEEDS } from './timeline';
import { participantPositions } from './positions';

const ts = (s: number) => ({ $typeName: 'google.protobuf.Timestamp', seconds: BigInt(s), nanos: 0 }) as const;
const order = (id: number, tx: number, s: number, sizes: [number, number, number][]): Order =>
  ({ id: BigInt(id), transactionId: BigInt(tx), transactionTimestamp: ts(s), sizes: sizes.map(([t, at, size]) => ({ transactionId: BigInt(t), transactionTimestamp: ts(at), size })) }) as unknown as Order;
const trade = (tx: number, s: number, buyer = 1n, seller = 2n, price = 50, size = 1): Trade =>
  ({ id: BigInt(tx), transactionId: BigInt(tx), transactionTimestamp: ts(s), buyerId: buyer, sellerId: seller, price, size }) as unknown as Trade;

const market = { transactionId: 1n, transactionTimestamp: ts(100) } as never;

describe('replay timeline', () => {
  const tl = buildTimeline(market, [order(1, 2, 110, [[2, 110, 5], [4, 130, 3]]), order(2, 3, 120, [[3, 120, 1]])], [trade(4, 130)]);

  it('spans from the creation to the last change', () => {
    expect(tl.start).toBe(100_000);
    expect(tl.end).toBe(130_000);
    expect(stampMs({ seconds: 2n, nanos: 500_000_000 })).toBe(2_500);
    // Fractions of a second: the ends are whole seconds taking in every event.
    const frac = buildTimeline({ transactionId: 1n, transactionTimestamp: { seconds: 100n, nanos: 700_000_000 } } as never, [], [
      { transactionId: 2n, transactionTimestamp: { seconds: 104n, nanos: 200_000_000 } } as unknown as Trade,
    ]);
    expect([frac.start, frac.end]).toEqual([100_000, 105_000]);
    expect(txAt(frac, frac.end)).toBe(2n);
  });

  it('maps a cut-off to the highest transaction at or before it', () => {
    expect(txAt(tl, 100_000)).toBe(1n);
    expect(txAt(tl, 115_000)).toBe(2n);
    expect(txAt(tl, 120_000)).toBe(3n);
    expect(txAt(tl, 129_999)).toBe(3n);
    expect(txAt(tl, 200_000)).toBe(4n);
    expect(txAt(tl, 0)).toBe(1n);
  });

  it('uses the market clock it is given', () => {
    // A pause of 15 s from 105 to 120 collapses: 120 s wall maps to 105 s market.
    const clock = (ms: number) => (ms >= 120_000 ? ms - 15_000 : Math.min(ms, 105_000));
    const paused = buildTimeline(market, [order(1, 2, 110, [[2, 110, 5]]), order(2, 3, 120, [[3, 120, 1]])], [], clock);
    expect(paused.end).toBe(105_000);
    expect(txAt(paused, 105_000)).toBe(3n);
  });
});

describe('playing', () => {
  it('moves 250 s of market time per real second at 1×, and stops at the end', () => {
    expect(SPEEDS).toEqual([1, 2, 5, 10, 50, 100]);
    expect(advance(0, 1000, 1, 1e9)).toEqual({ playhead: 250_000, ended: false });
    expect(advance(0, 100, 10, 1e9)).toEqual({ playhead: 250_000, ended: false });
    expect(advance(900_000, 1000, 1, 1_000_000)).toEqual({ playhead: 1_000_000, ended: true });
  });

  it('restarts at the trim start when played from the end', () => {
    expect(playStart(1_000, 200, 1_000)).toBe(200);
    expect(playStart(500, 200, 1_000)).toBe(500);
  });

  it('keeps the thumbs in range and in order', () => {
    expect(clampThumbs(-5, 50, { start: 0, end: 100 })).toEqual([0, 50]);
    expect(clampThumbs(80, 150, { start: 0, end: 100 })).toEqual([80, 100]);
    expect(clampThumbs(90, 40, { start: 0, end: 100 })).toEqual([40, 40]);
  });

  it('formats elapsed market time', () => {
    expect(formatElapsed(65_000)).toBe('1:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
  });
});

describe('participantPositions', () => {
  const red = (account: bigint, amount: number, tx: number) => ({ accountId: account, fundId: 9n, amount, transactionId: BigInt(tx) }) as unknown as Redeemed;

  it('sums buys, sells and redemptions per account, cut at a transaction', () => {
    const trades = [trade(1, 1, 1n, 2n, 40, 2), trade(2, 2, 1n, 3n, 50, 0.1), trade(3, 3, 2n, 1n, 60, 0.2)];
    const all = participantPositions(trades, [red(1n, 0.5, 4)]);
    expect(all.get(1n)).toEqual({ accountId: 1n, buys: 2.1, sells: 0.2, redeemed: 0.5, gross: 2.3, net: 1.4, averageBuy: 40.4762, averageSell: 60 });
    expect(all.get(2n)?.net).toBe(-1.8);
    const early = participantPositions(trades, [red(1n, 0.5, 4)], 2n);
    expect(early.get(1n)?.net).toBe(2.1);
    expect(early.get(2n)?.averageBuy).toBeNull();
  });
});
