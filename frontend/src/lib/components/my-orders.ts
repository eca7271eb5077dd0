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

export interface OutEverywherePlan {
  /** Markets where the account has open orders that `Out` without a market will cancel. */
  cancels: Market[];
  /** Markets where it has open orders but which are paused: the server skips them silently. */
  skipped: Market[];
}

/**
 * What "Cancel all markets" (Out without market_id) will do for `account`: the server cancels
 * in every market where it has live orders except paused ones, which it skips without saying
 * so (protocol.md 3.3.5); the app names those instead.
 */
export function outEverywherePlan(
  markets: Iterable<{ market: Market; bids: readonly Order[]; offers: readonly Order[] }>,
  account: bigint | null,
): OutEverywherePlan {
  const plan: OutEverywherePlan = { cancels: [], skipped: [] };
  if (account === null) return plan;
  for (const view of markets) {
    const has = view.bids.some((o) => o.ownerId === account) || view.offers.some((o) => o.ownerId === account);
    if (!has) continue;
    (view.market.status === MarketStatus.PAUSED ? plan.skipped : plan.cancels).push(view.market);
  }
  const byName = (a: Market, b: Market) => a.name.localeCompare(b.name);
  plan.cancels.sort(byName);
  plan.skipped.sort(byName);
  return plan;
}

/** What to tell the trader after (or instead of) cancelling everywhere. */
export function outEverywhereMessage(plan: OutEverywherePlan): string {
  const n = plan.cancels.length;
  const done = n === 0 ? 'Nothing to cancel' : `Cancelled your orders in ${n === 1 ? '1 market' : `${n} markets`}`;
  if (plan.skipped.length === 0) return done;
  return `${done}; skipped paused ${plan.skipped.length === 1 ? 'market' : 'markets'} ${plan.skipped.map((m) => m.name).join(', ')} (orders there stay until it resumes)`;
}
