// Candles and volume for the market page's price chart (issue 18): trades bucketed into
// fixed-width time buckets, one candle per bucket that saw a trade. The chosen range (the last
// 5 minutes, hour, day, or everything) decides how much is shown and how wide a candle is.
//
// Prices are only picked (open/high/low/close), never computed, so they stay the exact decimals
// the server sent; volume sums sizes in whole hundredths (sizes have at most 2 decimals) so it
// shows no binary-float noise. Times are seconds on the chart's clock: `toChartTime` maps a
// trade's wall-clock second to it (identity by default; the market clock of additions.md 5.4
// can be passed in so pauses collapse).

export interface TradePoint {
  /** Seconds since the epoch (wall clock). */
  time: number;
  price: number;
  size: number;
}

export interface Candle {
  /** Start of the bucket, seconds on the chart's clock. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

export type RangeKey = '5m' | '1h' | '1d' | 'all';

export interface RangeOption {
  key: RangeKey;
  label: string;
  /** Seconds shown, ending at the last trade; null: everything. */
  span: number | null;
  /** Candle width in seconds; null: chosen from the data (candleWidth). */
  width: number | null;
}

export const RANGES: readonly RangeOption[] = [
  { key: '5m', label: '5m', span: 300, width: 10 },
  { key: '1h', label: '1h', span: 3_600, width: 60 },
  { key: '1d', label: '1d', span: 86_400, width: 1_800 },
  { key: 'all', label: 'All', span: null, width: null },
];

/** Candle widths the "all" range picks from (seconds). */
const WIDTHS = [1, 5, 10, 30, 60, 300, 900, 1_800, 3_600, 14_400, 86_400, 604_800];
/** About how many candles "all" aims for at most. */
const TARGET_CANDLES = 80;

/** The narrowest standard width that fits `span` seconds into at most ~80 candles. */
export function candleWidth(span: number): number {
  for (const w of WIDTHS) if (span / w <= TARGET_CANDLES) return w;
  return WIDTHS[WIDTHS.length - 1];
}

const hundredths = (x: number): number => Math.round(x * 100);

/**
 * Buckets trades (ascending by time) into candles of `width` seconds, keeping only trades at or
 * after `from` (chart-clock seconds). Buckets are aligned to multiples of the width.
 */
export function toCandles(
  trades: readonly TradePoint[],
  width: number,
  from = -Infinity,
  toChartTime: (seconds: number) => number = (s) => s,
): Candle[] {
  const out: Candle[] = [];
  let volume = 0; // hundredths of the current candle
  for (const trade of trades) {
    const t = toChartTime(trade.time);
    if (t < from) continue;
    const start = Math.floor(t / width) * width;
    const last = out[out.length - 1];
    if (last && last.time === start) {
      last.high = Math.max(last.high, trade.price);
      last.low = Math.min(last.low, trade.price);
      last.close = trade.price;
      last.trades += 1;
      volume += hundredths(trade.size);
      last.volume = volume / 100;
    } else if (!last || last.time < start) {
      volume = hundredths(trade.size);
      out.push({ time: start, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: volume / 100, trades: 1 });
    }
    // A trade older than the last candle (out of order) is dropped, as the chart needs ascending times.
  }
  return out;
}

/** The candles for a range: the window ending at the last trade, bucketed at the range's width. */
export function candlesFor(
  trades: readonly TradePoint[],
  range: RangeOption,
  toChartTime: (seconds: number) => number = (s) => s,
): { width: number; from: number; candles: Candle[] } {
  if (trades.length === 0) return { width: range.width ?? 60, from: 0, candles: [] };
  const first = toChartTime(trades[0].time);
  const last = toChartTime(trades[trades.length - 1].time);
  const from = range.span === null ? first : last - range.span;
  const width = range.width ?? candleWidth(last - first);
  return { width, from, candles: toCandles(trades, width, from, toChartTime) };
}

/** The stepwise line of the chart: the last price in each second (line mode). */
export function linePoints(
  trades: readonly TradePoint[],
  from = -Infinity,
  toChartTime: (seconds: number) => number = (s) => s,
): { time: number; value: number }[] {
  const out: { time: number; value: number }[] = [];
  for (const trade of trades) {
    const time = toChartTime(trade.time);
    if (time < from) continue;
    const last = out[out.length - 1];
    if (last && last.time === time) last.value = trade.price;
    else if (!last || last.time < time) out.push({ time, value: trade.price });
  }
  return out;
}
