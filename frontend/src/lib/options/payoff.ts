// The value at expiry of a position in an underlying and its options, as a function of the
// underlying's final price S: position_U·S + Σ position_i·intrinsic_i(S), plus the cash already
// spent or received on those positions for the P&L. The curve is piecewise linear with kinks at
// the strikes, so its exact shape is the polyline through the bounds and the strikes inside them.
import { intrinsic } from './option-info';

export interface PayoffLeg {
  /** 'underlying' or an option with its strike. */
  kind: 'underlying' | 'call' | 'put';
  strike?: number;
  position: number;
}

export interface PayoffPoint {
  price: number;
  value: number;
}

const cents = (x: number): number => Math.round(x * 100);

/** Value of the legs at a final underlying price (cash offset not included). */
export function valueAtExpiry(legs: readonly PayoffLeg[], price: number): number {
  let total = 0;
  for (const leg of legs) {
    const perUnit = leg.kind === 'underlying' ? price : intrinsic(leg.kind === 'call', leg.strike ?? 0, price);
    total += cents(leg.position) * cents(perUnit);
  }
  const value = total / 10_000;
  return value === 0 ? 0 : value;
}

/**
 * The payoff polyline over [min, max]: the bounds and every strike strictly inside them,
 * ascending, each with value + `cash` (the net cash of the trades that built the position; 0
 * gives the plain value at expiry).
 */
export function payoffCurve(legs: readonly PayoffLeg[], min: number, max: number, cash = 0): PayoffPoint[] {
  const prices = new Set<number>([min, max]);
  for (const leg of legs) if (leg.kind !== 'underlying' && leg.strike !== undefined && leg.strike > min && leg.strike < max) prices.add(leg.strike);
  return [...prices]
    .sort((a, b) => a - b)
    .map((price) => {
      const value = (cents(valueAtExpiry(legs, price)) + cents(cash)) / 100;
      return { price, value: value === 0 ? 0 : value };
    });
}

/** The prices where the curve crosses zero (linear interpolation between its points). */
export function breakEvens(points: readonly PayoffPoint[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a.value === 0 && (i === 1 || points[i - 2].value !== 0)) out.push(a.price);
    if ((a.value < 0 && b.value > 0) || (a.value > 0 && b.value < 0)) {
      out.push(Number((a.price + ((0 - a.value) * (b.price - a.price)) / (b.value - a.value)).toFixed(2)));
    }
  }
  const last = points.at(-1);
  if (last && last.value === 0 && points.length > 1 && points[points.length - 2].value !== 0) out.push(last.price);
  return out;
}
