import { describe, expect, it } from 'vitest';
import { RANGES, candleWidth, candlesFor, linePoints, toCandles, type TradePoint } from './candles';

const t = (time: number, price: number, size = 1): TradePoint => ({ time, price, size });
const range = (key: string) => RANGES.find((r) => r.key === key)!;

describe('toCandles', () => {
  it('makes one candle per bucket with open, high, low, close and volume', () => {
    const trades = [t(100, 50, 1), t(105, 55, 2), t(109, 45, 0.5), t(110, 48, 1)];
    expect(toCandles(trades, 10)).toEqual([
      { time: 100, open: 50, high: 55, low: 45, close: 45, volume: 3.5, trades: 3 },
      { time: 110, open: 48, high: 48, low: 48, close: 48, volume: 1, trades: 1 },
    ]);
  });

  it('sums volume exactly (no 0.1 + 0.2 noise) and aligns buckets to the width', () => {
    const c = toCandles([t(61, 1, 0.1), t(62, 1, 0.2), t(119, 1, 0.01)], 60);
    expect(c).toHaveLength(1);
    expect(c[0].time).toBe(60);
    expect(c[0].volume).toBe(0.31);
  });

  it('skips empty buckets, trades before `from`, and maps times through the clock', () => {
    const trades = [t(10, 1), t(100, 2), t(300, 3)];
    expect(toCandles(trades, 60, 50).map((c) => c.time)).toEqual([60, 300]);
    // A clock that removes a 200-second pause after t = 150.
    const clock = (s: number) => (s > 150 ? s - 200 : s);
    expect(toCandles(trades, 60, -Infinity, clock).map((c) => [c.time, c.close])).toEqual([
      [0, 1],
      [60, 3],
    ]);
  });
});

describe('ranges', () => {
  it('chooses a standard width giving at most about 80 candles', () => {
    expect(candleWidth(0)).toBe(1);
    expect(candleWidth(80)).toBe(1);
    expect(candleWidth(81)).toBe(5);
    expect(candleWidth(3_600)).toBe(60);
    expect(candleWidth(10 * 86_400)).toBe(14_400);
  });

  it('shows the window ending at the last trade', () => {
    const trades = [t(0, 10), t(3_000, 20), t(3_590, 30), t(3_600, 40)];
    const five = candlesFor(trades, range('5m'));
    expect(five.width).toBe(10);
    expect(five.candles.map((c) => c.close)).toEqual([30, 40]);
    const hour = candlesFor(trades, range('1h'));
    expect(hour.candles.map((c) => c.open)).toEqual([10, 20, 30, 40]);
    const all = candlesFor(trades, range('all'));
    expect(all.width).toBe(60);
    expect(all.candles).toHaveLength(4);
    expect(candlesFor([], range('all')).candles).toEqual([]);
  });
});

describe('linePoints', () => {
  it('keeps the last price of each second', () => {
    expect(linePoints([t(1, 5), t(1, 6), t(2, 7)])).toEqual([
      { time: 1, value: 6 },
      { time: 2, value: 7 },
    ]);
  });
});
