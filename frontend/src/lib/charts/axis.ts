// The replay chart's y axis (additions.md 9.4): "Price history" fits the visible trades and
// snaps outward to a nice step (±10 % around a single price, at least ±1); "Settlement range"
// is the market's bounds; "Custom" takes typed bounds. Steps are 1, 2, 2.5 or 5 × 10^k; all
// arithmetic on bounds is done in integer multiples of the step so 0.1-type noise never shows.

export type AxisMode = 'history' | 'settlement' | 'custom';

export interface Bounds {
  min: number;
  max: number;
}

const MANTISSAS = [1, 2, 2.5, 5, 10];

/** A nice step that divides `span` into about `ticks` parts (never below 0.01, the price tick). */
export function niceStep(span: number, ticks = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / ticks;
  const exponent = Math.floor(Math.log10(raw));
  const scale = 10 ** exponent;
  const mantissa = MANTISSAS.find((m) => m * scale >= raw * (1 - 1e-9)) ?? 10;
  return Math.max(0.01, round(mantissa * scale));
}

/** Rounds away float noise (prices have 2 decimals; steps at most a few more). */
function round(x: number): number {
  const r = Number(x.toPrecision(12));
  return r === 0 ? 0 : r;
}

/** Snaps bounds outward to multiples of a nice step of their span. */
export function snapOutward(lo: number, hi: number): Bounds & { step: number } {
  const step = niceStep(hi - lo);
  const down = Math.floor(round(lo / step));
  const up = Math.ceil(round(hi / step));
  return { min: round(down * step), max: round(up * step), step };
}

/** "Price history": the visible trades' range, padded around a single price, snapped outward. */
export function fitPrices(prices: readonly number[]): Bounds | null {
  if (prices.length === 0) return null;
  let lo = Math.min(...prices);
  let hi = Math.max(...prices);
  if (lo === hi) {
    const pad = Math.max(Math.abs(lo) * 0.1, 1);
    lo -= pad;
    hi += pad;
  }
  const { min, max } = snapOutward(lo, hi);
  return { min, max };
}

/** Parses the Custom inputs: both numbers, min below max; else null (the chart keeps fitting). */
export function customBounds(min: string, max: string): Bounds | null {
  const lo = Number(min);
  const hi = Number(max);
  if (min.trim() === '' || max.trim() === '' || !Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi) return null;
  return { min: lo, max: hi };
}

/** The axis for a mode; falls back to the settlement range when a mode has nothing to show. */
export function axisFor(mode: AxisMode, prices: readonly number[], settlement: Bounds, custom: Bounds | null): Bounds {
  if (mode === 'custom' && custom) return custom;
  if (mode === 'history') return fitPrices(prices) ?? settlement;
  return settlement;
}
