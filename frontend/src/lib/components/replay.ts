import type { Order } from '@exchange/schema';
import { Side } from '@exchange/schema';

/** Every transaction at which some order's size changed, ascending. */
export function historyTransactions(history: readonly Order[]): bigint[] {
  const ids = new Set<bigint>();
  for (const order of history) for (const entry of order.sizes) ids.add(entry.transactionId);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** An order's size as of transaction t: its last size entry with transaction_id ≤ t, else 0. */
export function sizeAt(order: Order, t: bigint): number {
  const sizes = order.sizes;
  let lo = 0;
  let hi = sizes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sizes[mid].transactionId <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? 0 : sizes[found].size;
}

/** The book as it was right after transaction t, best prices first. */
export function bookAt(history: readonly Order[], t: bigint): { bids: Order[]; offers: Order[] } {
  const bids: Order[] = [];
  const offers: Order[] = [];
  for (const order of history) {
    if (order.transactionId > t) continue;
    const size = sizeAt(order, t);
    if (size <= 0) continue;
    const live = { ...order, size };
    if (order.side === Side.BID) bids.push(live);
    else if (order.side === Side.OFFER) offers.push(live);
  }
  const time = (a: Order, b: Order) => (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0);
  bids.sort((a, b) => b.price - a.price || time(a, b));
  offers.sort((a, b) => a.price - b.price || time(a, b));
  return { bids, offers };
}
