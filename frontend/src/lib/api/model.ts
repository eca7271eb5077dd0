// The plain, non-reactive model of everything the server told us, the record of what changed
// since the last publish, and the immutable views published from it. How server messages
// change the model is in apply.ts. ExchangeApi owns the models and publishes them to Svelte.
import {
  Side,
  type Account,
  type Auction,
  type Market,
  type MarketGroup,
  type MarketStatusChange,
  type MarketType,
  type OptionExercised,
  type Order,
  type Portfolio,
  type Redeemed,
  type Trade,
  type Transfer,
  type Universe,
} from '@exchange/schema';
import type { Effect } from './effects';
import type { MarketView } from './types';

export interface MarketModel {
  market: Market;
  live: Map<bigint, Order>;
  history: Map<bigint, Order> | null;
  trades: Trade[];
  tradeIds: Set<bigint>;
  tradesFull: boolean;
  /** A fund's redemptions: from its full trade history, then live (additions.md 6.3). */
  redemptions: Redeemed[];
  /** The market's status log (additions.md 5), ascending transaction id. */
  statusChanges: MarketStatusChange[];
}

export class Model {
  /** U: the authenticated user, or the user a sudo admin impersonates. */
  userId: bigint | null = null;
  /** The account the connection authenticated as (ADMIN when impersonating). */
  authenticatedId: bigint | null = null;
  actingAs: bigint | null = null;
  sudo = false;
  accounts = new Map<bigint, Account>();
  portfolios = new Map<bigint, Portfolio>();
  transfers = new Map<bigint, Transfer>();
  markets = new Map<bigint, MarketModel>();
  marketTypes = new Map<bigint, MarketType>();
  marketGroups = new Map<bigint, MarketGroup>();
  auctions = new Map<bigint, Auction>();
  universes = new Map<bigint, Universe>();
  /** The universe of the acting account (ActingAs.universe_id). */
  universeId = 0n;
  /** Authenticated: admin or member (false: a guest, auctions and transfers only). */
  isCohortMember = true;
  /** Authenticated: the cohort's auctions are enabled. */
  auctionEnabled = true;
  /** Authenticated: a global admin (cohorts.md 3.3); null before the first Authenticated. */
  isAdmin: boolean | null = null;
  lastTransactionId = 0n;
  /** Option exercises involving our accounts (GetOptionExercises and live OptionExercised), by exerciseKey. */
  exercises = new Map<string, OptionExercised>();
}

/** The parts of the model changed since the last publish. */
export class Dirty {
  identity = false;
  accounts = false;
  portfolios = false;
  transfers = false;
  types = false;
  groups = false;
  auctions = false;
  universes = false;
  exercises = false;
  allMarkets = false;
  markets = new Set<bigint>();

  markAll(): void {
    this.identity = this.accounts = this.portfolios = this.transfers = this.types = this.groups = this.auctions = this.universes = this.exercises = true;
    this.allMarkets = true;
  }

  /** Records a `changed`/`marketChanged` effect (other effects are not about publishing). */
  mark(effect: Effect): void {
    if (effect.kind === 'changed') this[effect.part] = true;
    else if (effect.kind === 'marketChanged') this.markets.add(effect.marketId);
  }

  clear(): void {
    this.identity = this.accounts = this.portfolios = this.transfers = this.types = this.groups = this.auctions = this.universes = this.exercises = false;
    this.allMarkets = false;
    this.markets.clear();
  }
}

function byBidPriority(a: Order, b: Order): number {
  return b.price - a.price || Number(a.transactionId - b.transactionId) || Number(a.id - b.id);
}
function byOfferPriority(a: Order, b: Order): number {
  return a.price - b.price || Number(a.transactionId - b.transactionId) || Number(a.id - b.id);
}
function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Raises the last transaction id seen to `id`. */
export function touchTx(model: Model, id: bigint | undefined): void {
  if (id !== undefined) model.lastTransactionId = maxBig(model.lastTransactionId, id);
}

/** Drops the markets and auctions a finished re-sent public block did not list. */
export function dropUnlisted(
  model: Model,
  listed: { markets: Set<bigint>; auctions: Set<bigint> },
  dirty: Dirty,
): void {
  for (const id of [...model.markets.keys()]) {
    if (!listed.markets.has(id)) {
      model.markets.delete(id);
      dirty.allMarkets = true;
    }
  }
  for (const id of [...model.auctions.keys()]) {
    if (!listed.auctions.has(id)) {
      model.auctions.delete(id);
      dirty.auctions = true;
    }
  }
}

/** The immutable snapshot of one market that components see. */
export function marketView(m: MarketModel): MarketView {
  const bids: Order[] = [];
  const offers: Order[] = [];
  for (const order of m.live.values()) {
    if (order.side === Side.BID) bids.push(order);
    else if (order.side === Side.OFFER) offers.push(order);
  }
  bids.sort(byBidPriority);
  offers.sort(byOfferPriority);
  return {
    market: m.market,
    bids,
    offers,
    trades: m.trades.slice(),
    tradesLoaded: m.tradesFull,
    redemptions: m.redemptions.slice(),
    statusChanges: m.statusChanges,
    orderHistory: m.history ? [...m.history.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) : null,
  };
}

/** Every market's view: a new one for the markets that changed, the previous one otherwise. */
export function marketViews(
  model: Model,
  dirty: Dirty,
  previous: ReadonlyMap<bigint, MarketView>,
): Map<bigint, MarketView> {
  const next = new Map<bigint, MarketView>();
  for (const [id, m] of model.markets) {
    const before = previous.get(id);
    next.set(id, !dirty.allMarkets && !dirty.markets.has(id) && before ? before : marketView(m));
  }
  return next;
}

/** Carries the trades of `old` over into the markets of `fresh` that `keep` and have none. */
export function keepTrades(fresh: Model, old: Model, keep: (marketId: bigint) => boolean): void {
  for (const [id, m] of fresh.markets) {
    const before = old.markets.get(id);
    // The snapshot carries at most the last trade (additions.md 6.4): a list that already has
    // it (or has none) keeps the fuller one loaded before.
    const covered = m.trades.length === 0 || (m.trades.length === 1 && before?.tradeIds.has(m.trades[0].id));
    if (before && keep(id) && covered && before.trades.length >= m.trades.length) {
      m.trades = before.trades;
      m.tradeIds = new Set(before.tradeIds);
    }
  }
}
