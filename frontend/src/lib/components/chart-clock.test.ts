import { describe, expect, it } from 'vitest';
import { clockPoints, pauseMarkers, pausesOf, tickLabel, timeLabel, wallClock } from './chart-clock';

const ts = (seconds: number) => ({ seconds: BigInt(seconds) });

describe('chart in market clock', () => {
  const pauses = pausesOf(
    [
      { status: 0, transactionTimestamp: ts(1000) },
      { status: 2, transactionTimestamp: ts(1060) },
      { status: 0, transactionTimestamp: ts(1120) },
    ],
    5000,
  );

  it('collapses a pause to one marker at its market time', () => {
    expect(pauses).toEqual([{ start: 1060, end: 1120 }]);
    const markers = pauseMarkers(pauses);
    expect(markers).toHaveLength(1);
    expect(markers[0].time).toBe(1060);
    expect(markers[0].label).toMatch(/^Paused 1:00 \(/);
  });

  it('places trades on market time, the last per second, with a slot for the marker', () => {
    const trades = [
      { price: 10, transactionTimestamp: ts(1030) },
      { price: 11, transactionTimestamp: ts(1030) },
      { price: 12, transactionTimestamp: ts(1150) },
    ];
    expect(clockPoints(trades, pauses)).toEqual([
      { time: 1030, value: 11 },
      { time: 1060 },
      { time: 1090, value: 12 },
    ]);
  });

  it('labels ticks in minutes since opening and tooltips with both clocks', () => {
    expect(tickLabel(1090, 1000)).toBe('1.5');
    expect(timeLabel(1090, 1000, pauses)).toBe(`market 1:30 · ${wallClock(1150)}`);
  });
});
