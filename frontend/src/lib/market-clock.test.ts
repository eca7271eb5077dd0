import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatMinutes,
  pauseIntervals,
  statusEntries,
  toMarketTime,
  toWallTime,
  type StatusEntry,
} from './market-clock';

const OPEN = 0;
const SEMI = 1;
const PAUSED = 2;
const at = (status: number, seconds: number): StatusEntry => ({ status, seconds });

describe('pauseIntervals', () => {
  it('opens on paused or semi-paused and closes on open', () => {
    const log = [at(OPEN, 100), at(PAUSED, 160), at(SEMI, 170), at(OPEN, 200), at(SEMI, 300), at(OPEN, 330)];
    expect(pauseIntervals(log, 1000)).toEqual([
      { start: 160, end: 200 },
      { start: 300, end: 330 },
    ]);
  });

  it('closes a pause still open at now, and treats time before the first entry as open', () => {
    expect(pauseIntervals([at(PAUSED, 50)], 80)).toEqual([{ start: 50, end: 80 }]);
    expect(pauseIntervals([], 80)).toEqual([]);
  });

  it('drops zero-length pauses and walks entries by time', () => {
    expect(pauseIntervals([at(OPEN, 10), at(PAUSED, 20), at(OPEN, 20)], 99)).toEqual([]);
    expect(pauseIntervals([at(OPEN, 40), at(PAUSED, 30)], 99)).toEqual([{ start: 30, end: 40 }]);
  });

  it('reads the wire log', () => {
    const wire = [{ status: PAUSED, transactionTimestamp: { seconds: 12n } }, { status: OPEN }];
    expect(statusEntries(wire)).toEqual([at(PAUSED, 12), at(OPEN, 0)]);
  });
});

describe('market clock', () => {
  const pauses = [
    { start: 100, end: 160 },
    { start: 200, end: 230 },
  ];

  it('subtracts the pauses before a moment; inside a pause maps to its start', () => {
    expect(toMarketTime(50, pauses)).toBe(50);
    expect(toMarketTime(100, pauses)).toBe(100);
    expect(toMarketTime(130, pauses)).toBe(100);
    expect(toMarketTime(160, pauses)).toBe(100);
    expect(toMarketTime(180, pauses)).toBe(120);
    expect(toMarketTime(215, pauses)).toBe(140);
    expect(toMarketTime(300, pauses)).toBe(210);
  });

  it('maps back by adding the pauses', () => {
    for (const wall of [0, 50, 100, 170, 199, 231, 300, 10_000]) {
      expect(toWallTime(toMarketTime(wall, pauses), pauses)).toBe(wall);
    }
    expect(toWallTime(100, pauses)).toBe(100); // the boundary is the pause's start
    expect(toWallTime(140, pauses)).toBe(200);
    expect(toWallTime(141, pauses)).toBe(231);
  });

  it('is the identity without pauses', () => {
    expect(toMarketTime(1234, [])).toBe(1234);
    expect(toWallTime(1234, [])).toBe(1234);
  });
});

describe('formatting', () => {
  it('formats durations and minutes', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatMinutes(180)).toBe('3');
    expect(formatMinutes(150)).toBe('2.5');
  });
});
