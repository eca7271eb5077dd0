// How the market messages change the model (protocol.md 4.4): Orders/Trades replace a
// market's lists; OrderCreated adds the resting order, applies fills and appends trades;
// OrdersCancelled removes; MarketSettled clears the book. Each returns its effects.
import { create } from '@bufbuild/protobuf';
import {
  SizeSchema,
  type Market,
  type MarketSettled,
  type Order,
  type OrderCreated,
  type Orders,
  type OrdersCancelled,
  type Trades,
  type MarketStatusChanges,
} from '@exchange/schema';
import { marketChanged, type ApplyContext, type Effect } from './effects';
import { touchTx, type MarketModel, type Model } from './model';

function marketModel(model: Model, marketId: bigint, what: string): MarketModel | undefined {
  const m = model.markets.get(marketId);
  if (!m) console.debug(`exchange: ${what} for unknown market ${marketId}`);
  return m;
}

export function applyMarket(model: Model, market: Market, ctx: ApplyContext): Effect[] {
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
      redemptions: [],
      statusChanges: [],
    });
  touchTx(model, market.transactionId);
  const effects: Effect[] = [marketChanged(market.id)];
  if (ctx.live) effects.push({ kind: 'listed', what: 'market', id: market.id });
  return effects;
}

export function applyMarketSettled(model: Model, s: MarketSettled): Effect[] {
  const m = marketModel(model, s.id, 'MarketSettled');
  if (!m) return [];
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
  return [marketChanged(s.id)];
}

export function applyOrders(model: Model, o: Orders, ctx: ApplyContext): Effect[] {
  const m = marketModel(model, o.marketId, 'Orders');
  if (!m) return [];
  const effects: Effect[] = [marketChanged(o.marketId)];
  if (o.hasFullHistory) {
    effects.push({ kind: 'historyLoaded', what: 'orders', marketId: o.marketId });
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
    if (ctx.live) effects.push({ kind: 'historyDropped', what: 'orders', marketId: o.marketId });
  }
  return effects;
}

export function applyTrades(model: Model, t: Trades, ctx: ApplyContext): Effect[] {
  const m = marketModel(model, t.marketId, 'Trades');
  if (!m) return [];
  m.trades = [...t.trades].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  m.tradeIds = new Set(m.trades.map((x) => x.id));
  m.tradesFull = t.hasFullHistory;
  // Only a full history lists them; a re-send drops them with the trades (re-fetched).
  m.redemptions = t.hasFullHistory ? [...t.redemptions] : [];
  for (const trade of t.trades) touchTx(model, trade.transactionId);
  const effects: Effect[] = [marketChanged(t.marketId)];
  if (t.hasFullHistory) effects.push({ kind: 'historyLoaded', what: 'trades', marketId: t.marketId });
  else if (ctx.live) effects.push({ kind: 'historyDropped', what: 'trades', marketId: t.marketId });
  return effects;
}

export function applyOrderCreated(model: Model, oc: OrderCreated): Effect[] {
  const m = marketModel(model, oc.marketId, 'OrderCreated');
  if (!m) return [];
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
  return [marketChanged(oc.marketId)];
}

export function applyOrdersCancelled(model: Model, c: OrdersCancelled): Effect[] {
  const m = marketModel(model, c.marketId, 'OrdersCancelled');
  if (!m) return [];
  for (const id of c.orderIds) {
    m.live.delete(id);
    if (m.history) pushSize(m, id, 0, c.transactionId, c.transactionTimestamp);
  }
  touchTx(model, c.transactionId);
  return [marketChanged(c.marketId)];
}

/** Appends a size to an order's history, unless already known (snapshot/event overlap). */
function pushSize(m: MarketModel, orderId: bigint, size: number, tx: bigint, ts: Order['transactionTimestamp']): void {
  const order = m.history?.get(orderId);
  if (!order || !m.history) return;
  const last = order.sizes[order.sizes.length - 1];
  if (last && last.transactionId >= tx) return;
  const entry = create(SizeSchema, { transactionId: tx, size, transactionTimestamp: ts });
  m.history.set(orderId, { ...order, size, sizes: [...order.sizes, entry] });
}

/** MarketStatusChanges: always the market's complete status log (additions.md 5.1), so it replaces ours. */
export function applyMarketStatusChanges(model: Model, s: MarketStatusChanges): Effect[] {
  const m = marketModel(model, s.marketId, 'MarketStatusChanges');
  if (!m) return [];
  m.statusChanges = [...s.changes];
  return [marketChanged(s.marketId)];
}
