// The plain, non-reactive model of everything the server told us, and how each server
// message changes it. ExchangeApi owns the models and publishes them to Svelte state.
//
// Orders/Trades replace a market's lists; OrderCreated adds the resting order, applies fills
// and appends trades; OrdersCancelled removes; MarketSettled clears the book (protocol.md 4.4).
import { create } from '@bufbuild/protobuf';
import {
  Side,
  SizeSchema,
  type Account,
  type Auction,
  type Market,
  type MarketGroup,
  type MarketType,
  type Order,
  type OrderCreated,
  type Portfolio,
  type ServerMessage,
  type Trade,
  type Transfer,
} from '@exchange/schema';
import type { MarketView } from './types';

export interface MarketModel {
  market: Market;
  live: Map<bigint, Order>;
  history: Map<bigint, Order> | null;
  trades: Trade[];
  tradeIds: Set<bigint>;
  tradesFull: boolean;
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
  lastTransactionId = 0n;
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
  allMarkets = false;
  markets = new Set<bigint>();

  markAll(): void {
    this.identity = this.accounts = this.portfolios = this.transfers = this.types = this.groups = this.auctions = true;
    this.allMarkets = true;
  }

  clear(): void {
    this.identity = this.accounts = this.portfolios = this.transfers = this.types = this.groups = this.auctions = false;
    this.allMarkets = false;
    this.markets.clear();
  }
}

export type HistoryKind = 'trades' | 'orders';

/** What applying a message needs from (and reports to) the store around the model. */
export interface ApplyHooks {
  readonly dirty: Dirty;
  /** The user an ActAs request impersonates, by request id. */
  impersonated(requestId: string): bigint | undefined;
  /** The acting account to remember for the next sign-in. */
  rememberActAs(accountId: bigint): void;
  /** ActingAs ended the snapshot being built. */
  snapshotComplete(): void;
  /** Accounts opened a re-sent public block (after SetSudo or an ownership change). */
  publicBlockStarted(): void;
  /** A market or auction was (re-)sent for the live model. */
  listed(kind: 'market' | 'auction', id: bigint): void;
  /** A full history arrived. */
  historyLoaded(what: HistoryKind, marketId: bigint): void;
  /** A re-sent list on the live model dropped a full history. */
  historyDropped(what: HistoryKind, marketId: bigint): void;
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

function touchTx(model: Model, id: bigint | undefined): void {
  if (id !== undefined) model.lastTransactionId = maxBig(model.lastTransactionId, id);
}

function marketModel(model: Model, marketId: bigint, what: string): MarketModel | undefined {
  const m = model.markets.get(marketId);
  if (!m) console.debug(`exchange: ${what} for unknown market ${marketId}`);
  return m;
}

/**
 * Applies one server message to `model`: the live model (`live`), or a snapshot being built
 * that replaces it at ActingAs.
 */
export function applyMessage(model: Model, message: ServerMessage, live: boolean, hooks: ApplyHooks): void {
  const msg = message.message;
  const d = hooks.dirty;
  switch (msg.case) {
    case 'authenticated':
      model.userId = model.authenticatedId = msg.value.accountId;
      d.identity = true;
      break;
    case 'actingAs': {
      const impersonated = message.requestId ? hooks.impersonated(message.requestId) : undefined;
      if (impersonated !== undefined && impersonated === msg.value.accountId) model.userId = impersonated;
      model.actingAs = msg.value.accountId;
      d.identity = true;
      // Remember it for the next sign-in, unless it belongs to an impersonated user (a new
      // connection starts as ourselves and could not act as it).
      if (model.userId === model.authenticatedId) hooks.rememberActAs(msg.value.accountId);
      if (!live) hooks.snapshotComplete();
      break;
    }
    case 'portfolios':
      model.portfolios = new Map(msg.value.portfolios.map((p) => [p.accountId, p]));
      d.portfolios = true;
      break;
    case 'portfolioUpdated':
      model.portfolios.set(msg.value.accountId, msg.value);
      d.portfolios = true;
      break;
    case 'transfers':
      // Every transfer touching our owned set: a full list (snapshot, ownership re-sync,
      // impersonation), so it replaces what we had (accounts may have left the set).
      model.transfers = new Map();
      for (const t of msg.value.transfers) {
        model.transfers.set(t.id, t);
        touchTx(model, t.transactionId);
      }
      d.transfers = true;
      break;
    case 'transferCreated':
      model.transfers.set(msg.value.id, msg.value);
      touchTx(model, msg.value.transactionId);
      d.transfers = true;
      break;
    case 'accounts':
      model.accounts = new Map(msg.value.accounts.map((a) => [a.id, a]));
      d.accounts = true;
      // Accounts opens a re-sent public block (after SetSudo or an ownership change).
      if (live) hooks.publicBlockStarted();
      break;
    case 'accountCreated':
      model.accounts.set(msg.value.id, msg.value);
      d.accounts = true;
      break;
    case 'marketTypes':
      model.marketTypes = new Map(msg.value.marketTypes.map((t) => [t.id, t]));
      d.types = true;
      break;
    case 'marketType':
      model.marketTypes.set(msg.value.id, msg.value);
      d.types = true;
      break;
    case 'marketTypeDeleted':
      model.marketTypes.delete(msg.value.marketTypeId);
      d.types = true;
      break;
    case 'marketGroups':
      model.marketGroups = new Map(msg.value.marketGroups.map((g) => [g.id, g]));
      d.groups = true;
      break;
    case 'marketGroup':
      model.marketGroups.set(msg.value.id, msg.value);
      d.groups = true;
      break;
    case 'market': {
      const market = msg.value;
      if (live) hooks.listed('market', market.id);
      const existing = model.markets.get(market.id);
      if (existing) existing.market = market;
      else
        model.markets.set(market.id, {
          market,
          live: new Map(),
          history: null,
          trades: [],
          tradeIds: new Set(),
          tradesFull: false,
        });
      touchTx(model, market.transactionId);
      d.markets.add(market.id);
      break;
    }
    case 'marketSettled': {
      const s = msg.value;
      const m = marketModel(model, s.id, 'MarketSettled');
      if (!m) break;
      m.market = {
        ...m.market,
        marketState: {
          case: 'closed',
          value: {
            $typeName: 'websocket_api.Market.Closed',
            settlePrice: s.settlePrice,
            transactionId: s.transactionId,
            transactionTimestamp: s.transactionTimestamp,
          },
        },
      };
      if (m.history) {
        for (const id of m.live.keys()) pushSize(m, id, 0, s.transactionId, s.transactionTimestamp);
      }
      m.live.clear();
      touchTx(model, s.transactionId);
      d.markets.add(s.id);
      break;
    }
    case 'orders': {
      const o = msg.value;
      const m = marketModel(model, o.marketId, 'Orders');
      if (!m) break;
      if (o.hasFullHistory) {
        hooks.historyLoaded('orders', o.marketId);
        m.history = new Map(o.orders.map((order) => [order.id, order]));
        m.live = new Map(o.orders.filter((order) => order.size > 0).map((order) => [order.id, order]));
        for (const order of o.orders) {
          touchTx(model, order.transactionId);
          for (const s of order.sizes) touchTx(model, s.transactionId);
        }
      } else {
        m.live = new Map(o.orders.map((order) => [order.id, order]));
        m.history = null;
        for (const order of o.orders) touchTx(model, order.transactionId);
        if (live) hooks.historyDropped('orders', o.marketId);
      }
      d.markets.add(o.marketId);
      break;
    }
    case 'trades': {
      const t = msg.value;
      const m = marketModel(model, t.marketId, 'Trades');
      if (!m) break;
      m.trades = [...t.trades].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      m.tradeIds = new Set(m.trades.map((x) => x.id));
      m.tradesFull = t.hasFullHistory;
      if (t.hasFullHistory) hooks.historyLoaded('trades', t.marketId);
      for (const trade of t.trades) touchTx(model, trade.transactionId);
      if (!t.hasFullHistory && live) hooks.historyDropped('trades', t.marketId);
      d.markets.add(t.marketId);
      break;
    }
    case 'orderCreated':
      applyOrderCreated(model, msg.value, d);
      break;
    case 'ordersCancelled': {
      const c = msg.value;
      const m = marketModel(model, c.marketId, 'OrdersCancelled');
      if (!m) break;
      for (const id of c.orderIds) {
        m.live.delete(id);
        if (m.history) pushSize(m, id, 0, c.transactionId, c.transactionTimestamp);
      }
      touchTx(model, c.transactionId);
      d.markets.add(c.marketId);
      break;
    }
    case 'auction':
      if (live) hooks.listed('auction', msg.value.id);
      model.auctions.set(msg.value.id, msg.value);
      d.auctions = true;
      break;
    case 'auctionSettled': {
      const a = model.auctions.get(msg.value.id);
      if (a) {
        model.auctions.set(a.id, {
          ...a,
          buyerId: msg.value.buyerId,
          status: {
            case: 'closed',
            value: { $typeName: 'websocket_api.Auction.Closed', settlePrice: msg.value.settlePrice },
          },
        });
      }
      d.auctions = true;
      break;
    }
    case 'auctionDeleted':
      model.auctions.delete(msg.value.auctionId);
      d.auctions = true;
      break;
    case 'sudoStatus':
      model.sudo = msg.value.enabled;
      d.identity = true;
      break;
    case 'redeemed':
      touchTx(model, msg.value.transactionId);
      break;
    // Replies that change no state by themselves (the re-sync that follows does):
    case 'out':
    case 'ownershipGiven':
    case 'ownershipRevoked':
    case 'marketPositions':
    case undefined:
      break;
  }
}

function applyOrderCreated(model: Model, oc: OrderCreated, dirty: Dirty): void {
  const m = marketModel(model, oc.marketId, 'OrderCreated');
  if (!m) return;
  const tx = oc.transactionId;
  if (oc.order) {
    const order = oc.order;
    if (order.size > 0) m.live.set(order.id, order);
    if (m.history) m.history.set(order.id, order);
  }
  for (const fill of oc.fills) {
    const resting = m.live.get(fill.id);
    if (fill.sizeRemaining > 0) {
      if (resting) m.live.set(fill.id, { ...resting, size: fill.sizeRemaining });
    } else {
      m.live.delete(fill.id);
    }
    if (m.history) pushSize(m, fill.id, fill.sizeRemaining, tx, oc.transactionTimestamp);
  }
  for (const trade of oc.trades) {
    if (m.tradeIds.has(trade.id)) continue;
    m.tradeIds.add(trade.id);
    const last = m.trades[m.trades.length - 1];
    m.trades.push(trade);
    if (last && last.id > trade.id) m.trades.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  touchTx(model, tx);
  dirty.markets.add(oc.marketId);
}

function pushSize(m: MarketModel, orderId: bigint, size: number, tx: bigint, ts: Order['transactionTimestamp']): void {
  const order = m.history?.get(orderId);
  if (!order || !m.history) return;
  const last = order.sizes[order.sizes.length - 1];
  if (last && last.transactionId >= tx) return; // already known (snapshot/event overlap)
  const entry = create(SizeSchema, { transactionId: tx, size, transactionTimestamp: ts });
  m.history.set(orderId, { ...order, size, sizes: [...order.sizes, entry] });
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
    orderHistory: m.history ? [...m.history.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) : null,
  };
}
