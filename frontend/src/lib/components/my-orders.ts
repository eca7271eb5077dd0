// How the open-orders table orders its rows: by price (highest first, like a ladder: offers
// above bids), and, while the pointer is over the table, in the order already shown, so the row
// under the pointer (and its cancel button) never jumps; new orders go to the end until then.
import { MarketStatus, type Market, type Order } from '@exchange/schema';

/** Highest price first; at one price the older order first. */
export function byPrice(a: Order, b: Order): number {
  return b.price - a.price || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The rows to show: `orders` by price, or, when `frozen`, in the order of `shown` (ids) for
 * those still open, followed by new ones by price.
 */
export function rowOrder(orders: readonly Order[], shown: readonly bigint[], frozen: boolean): Order[] {
  const sorted = [...orders].sort(byPrice);
  if (!frozen) return sorted;
  const byId = new Map(sorted.map((o) => [o.id, o]));
  const kept = shown.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const keptIds = new Set(shown);
  return [...kept, ...sorted.filter((o) => !keptIds.has(o.id))];
}

/** Why orders in this market cannot be cancelled now (undefined: they can). */
export function cancelBlocked(market: Market | undefined, connected: boolean): string | undefined {
  if (!connected) return 'Not connected: wait for the connection to come back';
  if (market?.marketState.case === 'closed') return 'The market is settled';
  if (market?.status === MarketStatus.PAUSED) return 'The market is paused: orders cannot be cancelled until it resumes';
  return undefined;
}
