// The price chart in market clock (additions.md 5.4): trade points and pause markers placed on
// market time, and the labels of its axis and tooltips. Chart-library-free so that any chart
// (line, candles, replay) can use it; the clock itself is $lib/market-clock.
import {
  formatDuration,
  formatMinutes,
  pauseIntervals,
  statusEntries,
  toMarketTime,
  toWallTime,
  type Pause,
} from '$lib/market-clock';

export interface ClockPoint {
  /** Market-clock seconds. */
  time: number;
  /** The last traded price in that second; absent for a pause marker's slot on the axis. */
  value?: number;
}

export interface PauseMarker {
  /** Market-clock seconds where the pause collapses to a line. */
  time: number;
  pause: Pause;
  label: string;
}

/** The pauses of a market's wire status log, closed at `now` (Unix seconds). */
export function pausesOf(
  changes: readonly { status: number; transactionTimestamp?: { seconds: bigint } }[],
  now: number,
): Pause[] {
  return pauseIntervals(statusEntries(changes), now);
}

/** The wall-clock time of day of Unix seconds, e.g. "14:05:09". */
export function wallClock(seconds: number): string {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function pauseMarkers(pauses: readonly Pause[]): PauseMarker[] {
  return pauses.map((pause) => ({
    time: toMarketTime(pause.start, pauses),
    pause,
    label: `Paused ${formatDuration(pause.end - pause.start)} (${wallClock(pause.start)}–${wallClock(pause.end)})`,
  }));
}

/**
 * The series data: the last price of each market-clock second, ascending, with an empty slot
 * at each pause marker's time so that the chart's axis has a place for it.
 */
export function clockPoints(
  trades: readonly { price: number; transactionTimestamp?: { seconds: bigint } }[],
  pauses: readonly Pause[],
): ClockPoint[] {
  const byTime = new Map<number, ClockPoint>();
  for (const trade of trades) {
    const time = toMarketTime(Number(trade.transactionTimestamp?.seconds ?? 0n), pauses);
    byTime.set(time, { time, value: trade.price }); // trades come ascending: the last one wins
  }
  for (const marker of pauseMarkers(pauses)) {
    if (!byTime.has(marker.time)) byTime.set(marker.time, { time: marker.time });
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/** Axis tick: minutes since the market opened (`origin` in market-clock seconds). */
export function tickLabel(time: number, origin: number): string {
  return formatMinutes(time - origin);
}

/** Tooltip of a point: market time since opening and the wall-clock time it maps back to. */
export function timeLabel(time: number, origin: number, pauses: readonly Pause[]): string {
  return `market ${formatDuration(time - origin)} · ${wallClock(toWallTime(time, pauses))}`;
}
