// The price chart's vertical axis: the traded prices and the settlement price, with room above
// and below so the line and its labels are not clipped. A single trade (or a flat line) gets a
// range around it sized from the market's settlement range instead of a zero-height axis.

export interface AxisRange {
  minValue: number;
  maxValue: number;
}

export function axisRange(
  prices: readonly number[],
  settlePrice?: number,
  bounds?: { min: number; max: number },
): AxisRange | null {
  const values = settlePrice === undefined ? [...prices] : [...prices, settlePrice];
  if (values.length === 0) return null;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo;
  const width = bounds ? bounds.max - bounds.min : 0;
  // A flat line: a tenth of the settlement range (or of the price itself), at least 1.
  const pad = span > 0 ? span * 0.1 : Math.max(1, width > 0 ? width * 0.1 : Math.abs(lo) * 0.1);
  return { minValue: lo - pad, maxValue: hi + pad };
}

/** The settlement price of a closed market, if any. */
export function settlementOf(market: { marketState: { case?: string; value?: unknown } } | undefined): number | undefined {
  if (market?.marketState.case !== 'closed') return undefined;
  return (market.marketState.value as { settlePrice: number }).settlePrice;
}
