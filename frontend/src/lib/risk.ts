// Positions and worst cases (rules.md 5.3), computed exactly in fixed point.
//
// Sizes, positions and prices have at most 2 decimals and values (size x price) at most 4, so
// scaling by 10^2 and 10^4 gives integers; BigInt keeps the products exact.

export interface ExposureLike {
  position: number;
  totalBidSize: number;
  totalBidValue: number;
  totalOfferSize: number;
  totalOfferValue: number;
}

const units = (x: number, digits: number): bigint => BigInt(Math.round(x * 10 ** digits));
const fromUnits4 = (x: bigint): number => {
  const value = Number(x) / 10_000;
  return value === 0 ? 0 : value;
};

/**
 * The account's cash outcome in this market in the worst case:
 * min(min·(p + Qb) − Vb, max·(p − Qo) + Vo).
 */
export function worstCase(e: ExposureLike, minSettlement: number, maxSettlement: number): number {
  const p = units(e.position, 2);
  const qb = units(e.totalBidSize, 2);
  const qo = units(e.totalOfferSize, 2);
  const vb = units(e.totalBidValue, 4);
  const vo = units(e.totalOfferValue, 4);
  const lo = units(minSettlement, 2) * (p + qb) - vb;
  const hi = units(maxSettlement, 2) * (p - qo) + vo;
  return fromUnits4(lo < hi ? lo : hi);
}

/** Cash outcome if the market settled at `price` with no further fills (position × price). */
export function valueAt(position: number, price: number): number {
  return fromUnits4(units(position, 2) * units(price, 2));
}

/**
 * The available balance after adding a new order at its limit, as the server's funds check
 * computes it (rules.md 5.3–5.4: the order's side totals grow, the market's worst case is
 * taken again); the server refuses the order when this is below 0.
 */
export function availableAfterOrder(
  available: number,
  exposure: ExposureLike | undefined,
  minSettlement: number,
  maxSettlement: number,
  order: { bid: boolean; price: number; size: number },
): number {
  const e: ExposureLike = exposure ?? { position: 0, totalBidSize: 0, totalBidValue: 0, totalOfferSize: 0, totalOfferValue: 0 };
  const value = fromUnits4(units(order.size, 2) * units(order.price, 2));
  const after: ExposureLike = order.bid
    ? { ...e, totalBidSize: e.totalBidSize + order.size, totalBidValue: e.totalBidValue + value }
    : { ...e, totalOfferSize: e.totalOfferSize + order.size, totalOfferValue: e.totalOfferValue + value };
  const change = units(worstCase(after, minSettlement, maxSettlement), 4) - units(worstCase(e, minSettlement, maxSettlement), 4);
  return fromUnits4(units(available, 4) + change);
}
