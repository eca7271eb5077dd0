// The market clock (additions.md 5.4): wall-clock time minus all the time the market was
// paused before it. Built from a market's status log (MarketStatusChanges): a PAUSED or
// SEMI_PAUSED entry opens a pause (if none is open), an OPEN entry closes it; a pause still open
// ends "now". Time before the first entry counts as open. All times are Unix seconds.
//
// Pure functions only, so that every chart (price line, candles, replay slider) can share them.

/** MarketStatus values of the wire (common.proto). */
export const STATUS_OPEN = 0;

export interface StatusEntry {
  /** MarketStatus: 0 open, 1 semi-paused, 2 paused. */
  status: number;
  /** Unix seconds of the change's transaction. */
  seconds: number;
}

/** A pause in wall-clock seconds, start < end. */
export interface Pause {
  start: number;
  end: number;
}

/** Reads the wire log (MarketStatusChange[]) into plain entries. */
export function statusEntries(
  changes: readonly { status: number; transactionTimestamp?: { seconds: bigint } }[],
): StatusEntry[] {
  return changes.map((c) => ({ status: c.status, seconds: Number(c.transactionTimestamp?.seconds ?? 0n) }));
}

/**
 * The pauses of a log, ascending and disjoint. Entries are walked by time; an interval of zero
 * length (a pause and resume within one second) is dropped.
 */
export function pauseIntervals(log: readonly StatusEntry[], now: number): Pause[] {
  const entries = [...log].sort((a, b) => a.seconds - b.seconds);
  const pauses: Pause[] = [];
  let openedAt: number | null = null;
  for (const entry of entries) {
    if (entry.status !== STATUS_OPEN) {
      if (openedAt === null) openedAt = entry.seconds;
    } else if (openedAt !== null) {
      if (entry.seconds > openedAt) pauses.push({ start: openedAt, end: entry.seconds });
      openedAt = null;
    }
  }
  if (openedAt !== null && now > openedAt) pauses.push({ start: openedAt, end: now });
  return pauses;
}

/** Wall-clock seconds to market-clock seconds; a moment inside a pause maps to its start. */
export function toMarketTime(wall: number, pauses: readonly Pause[]): number {
  let paused = 0;
  for (const p of pauses) {
    if (wall <= p.start) break;
    paused += Math.min(wall, p.end) - p.start;
  }
  return wall - paused;
}

/**
 * Market-clock seconds back to wall-clock seconds (adds the pauses back). The start of a pause
 * is where both sides of it meet, so a market time on that boundary returns the pause's start.
 */
export function toWallTime(market: number, pauses: readonly Pause[]): number {
  let paused = 0;
  for (const p of pauses) {
    if (market <= p.start - paused) break;
    paused += p.end - p.start;
  }
  return market + paused;
}

/** "m:ss" under an hour, else "h:mm:ss", for a duration in seconds (negative counts as 0). */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Minutes as a whole number or with one decimal ("3", "2.5"), for axis labels. */
export function formatMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 6) / 10;
  return Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(1);
}
