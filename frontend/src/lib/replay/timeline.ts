// The history replay's clock (additions.md 9.4): a slider in market-clock milliseconds whose
// playhead maps to the highest transaction among the market's creation, trades, order creations
// and size changes at or before it; and playing, which moves the playhead at 250 s of market
// time per real second at 1×. `toMarket` maps wall-clock ms to market-clock ms (the market
// clock of additions.md 5.4 lives elsewhere; identity when none is given).
import type { Market, Order, Trade } from '@exchange/schema';

export interface TimelineEvent {
  /** Market-clock milliseconds. */
  time: number;
  tx: bigint;
}

export interface Timeline {
  events: TimelineEvent[];
  /** prefixMax[i]: the highest tx among events[0..i] (ids need not rise with time). */
  prefixMax: bigint[];
  start: number;
  end: number;
}

export const SPEEDS = [1, 2, 5, 10, 50, 100] as const;
/** Market milliseconds per real millisecond at 1×. */
export const BASE_RATE = 250;

type Stamp = { seconds: bigint; nanos: number } | undefined;
export const stampMs = (ts: Stamp): number => (ts ? Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6) : 0);
const identity = (ms: number) => ms;

/** Every moment the market's state changed, by time, with prefix maxima of the transaction ids. */
export function buildTimeline(
  market: Pick<Market, 'transactionId' | 'transactionTimestamp'>,
  orders: readonly Order[],
  trades: readonly Trade[],
  toMarket: (wallMs: number) => number = identity,
): Timeline {
  const events: TimelineEvent[] = [{ time: toMarket(stampMs(market.transactionTimestamp)), tx: market.transactionId }];
  for (const order of orders) {
    events.push({ time: toMarket(stampMs(order.transactionTimestamp)), tx: order.transactionId });
    for (const s of order.sizes) events.push({ time: toMarket(stampMs(s.transactionTimestamp)), tx: s.transactionId });
  }
  for (const trade of trades) events.push({ time: toMarket(stampMs(trade.transactionTimestamp)), tx: trade.transactionId });
  events.sort((a, b) => a.time - b.time || (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0));
  const prefixMax: bigint[] = [];
  let max = -1n;
  for (const e of events) {
    if (e.tx > max) max = e.tx;
    prefixMax.push(max);
  }
  // The slider moves in whole seconds: its ends are rounded outward so the end takes in the last
  // change even when timestamps carry fractions of a second.
  return { events, prefixMax, start: Math.floor(events[0].time / 1000) * 1000, end: Math.ceil(events[events.length - 1].time / 1000) * 1000 };
}

/** The transaction the book is shown at for a cut-off: the highest id at or before it. */
export function txAt(timeline: Timeline, cutoff: number): bigint {
  const { events, prefixMax } = timeline;
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].time <= cutoff) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Before the creation (cannot happen with a valid slider): the creation itself.
  return found < 0 ? prefixMax[0] : prefixMax[found];
}

/** The playhead after `realMs` of playing at `speed`; `ended` when it reached the end. */
export function advance(playhead: number, realMs: number, speed: number, end: number): { playhead: number; ended: boolean } {
  const next = playhead + realMs * speed * BASE_RATE;
  return next >= end ? { playhead: end, ended: true } : { playhead: next, ended: false };
}

/** Where Play starts: from the playhead, or from the trim start when it is at the end. */
export function playStart(playhead: number, trimStart: number, end: number): number {
  return playhead >= end ? trimStart : playhead;
}

/** Keeps the two thumbs inside the timeline and in order (trim start ≤ playhead). */
export function clampThumbs(trimStart: number, playhead: number, timeline: Pick<Timeline, 'start' | 'end'>): [number, number] {
  const clamp = (x: number) => Math.min(timeline.end, Math.max(timeline.start, x));
  const a = clamp(trimStart);
  const b = clamp(playhead);
  return a <= b ? [a, b] : [b, b];
}

/** Elapsed market time as m:ss or h:mm:ss. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
