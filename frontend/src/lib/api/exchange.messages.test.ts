// ExchangeApi: how each server message changes the store (split from exchange.test.ts by subject).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExchangeApi, MarketStatus, RequestError, Side, marketPhase } from '../api.svelte';
import { bookAt, historyTransactions } from '../components/replay';
import { FakeSocket, MemoryStorage, frame, msg, ts, type ServerInit } from '../test/fake-server';

import { ME, OTHER, MARKET, market, order, portfolio, snapshotMessages, harness, type Harness } from '../test/api-harness';

describe('ExchangeApi: applying server messages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness();
    await h.login({
      orders: [order(1n, Side.OFFER, 50, 2), order(2n, Side.OFFER, 55, 1), order(3n, Side.BID, 40, 4, ME)],
    });
  });

  it('OrderCreated adds the resting order, applies fills and appends trades', () => {
    // Someone buys 2.5: fills offer 1 completely (2 @ 50) and offer 2 partly (0.5 @ 55).
    const trades = [
      { id: 1n, marketId: MARKET, price: 50, size: 2, buyerId: OTHER, sellerId: OTHER, transactionId: 20n, buyerIsTaker: true, transactionTimestamp: ts(2000) },
      { id: 2n, marketId: MARKET, price: 55, size: 0.5, buyerId: OTHER, sellerId: OTHER, transactionId: 20n, buyerIsTaker: true, transactionTimestamp: ts(2000) },
    ];
    const created: ServerInit = {
      message: {
        case: 'orderCreated',
        value: {
          marketId: MARKET,
          accountId: OTHER,
          fills: [
            { id: 1n, marketId: MARKET, sizeFilled: 2, sizeRemaining: 0, price: 50, side: Side.OFFER, ownerId: OTHER },
            { id: 2n, marketId: MARKET, sizeFilled: 0.5, sizeRemaining: 0.5, price: 55, side: Side.OFFER, ownerId: OTHER },
          ],
          trades,
          transactionId: 20n,
        },
      },
    };
    h.socket().deliver(created);
    h.socket().deliver(created); // a duplicate (snapshot/event overlap) changes nothing
    h.api.flush();
    const view = h.api.markets.get(MARKET)!;
    expect(view.offers.map((o) => [o.id, o.size])).toEqual([[2n, 0.5]]);
    expect(view.bids.map((o) => o.id)).toEqual([3n]);
    expect(view.trades.map((t) => t.id)).toEqual([1n, 2n]);
    expect(h.api.lastTransactionId).toBe(20n);

    // A partially filled incoming bid rests on the book.
    h.socket().deliver({
      message: {
        case: 'orderCreated',
        value: {
          marketId: MARKET,
          accountId: ME,
          order: order(30n, Side.BID, 56, 1.5, ME, 21n),
          fills: [{ id: 2n, marketId: MARKET, sizeFilled: 0.5, sizeRemaining: 0, price: 55, side: Side.OFFER, ownerId: OTHER }],
          trades: [{ id: 3n, marketId: MARKET, price: 55, size: 0.5, buyerId: ME, sellerId: OTHER, transactionId: 21n, buyerIsTaker: true }],
          transactionId: 21n,
        },
      },
    });
    h.api.flush();
    const after = h.api.markets.get(MARKET)!;
    expect(after.offers).toHaveLength(0);
    expect(after.bids.map((o) => [o.id, o.size])).toEqual([
      [30n, 1.5],
      [3n, 4],
    ]);
    expect(after.trades).toHaveLength(3);
  });

  it('keeps unchanged markets identical between publishes', () => {
    h.socket().deliver({ message: { case: 'market', value: market(11n) } });
    h.api.flush();
    const before = h.api.markets.get(MARKET);
    h.socket().deliver({ message: { case: 'ordersCancelled', value: { marketId: 11n, orderIds: [], transactionId: 30n } } });
    h.api.flush();
    expect(h.api.markets.get(MARKET)).toBe(before);
  });

  it('OrdersCancelled removes orders; MarketSettled clears the book', () => {
    h.socket().deliver({ message: { case: 'ordersCancelled', value: { marketId: MARKET, orderIds: [1n, 3n], transactionId: 22n } } });
    h.api.flush();
    let view = h.api.markets.get(MARKET)!;
    expect(view.offers.map((o) => o.id)).toEqual([2n]);
    expect(view.bids).toHaveLength(0);

    h.socket().deliver({ message: { case: 'marketSettled', value: { id: MARKET, settlePrice: 70, transactionId: 23n } } });
    h.api.flush();
    view = h.api.markets.get(MARKET)!;
    expect(view.offers).toHaveLength(0);
    expect(marketPhase(view.market)).toBe('settled');
    expect(view.market.marketState.case === 'closed' && view.market.marketState.value.settlePrice).toBe(70);
  });

  it('Market replaces a market by id and keeps its book; status and pinned show', () => {
    h.socket().deliver({ message: { case: 'market', value: market(MARKET, { name: 'Renamed', pinned: true, status: MarketStatus.SEMI_PAUSED }) } });
    h.api.flush();
    const view = h.api.markets.get(MARKET)!;
    expect(view.market.name).toBe('Renamed');
    expect(view.market.pinned).toBe(true);
    expect(marketPhase(view.market)).toBe('semi-paused');
    expect(view.offers).toHaveLength(2);
  });

  it('PortfolioUpdated replaces one portfolio; Portfolios replaces all', () => {
    h.socket().deliver({ message: { case: 'portfolioUpdated', value: portfolio(ME, 900, 850) } });
    h.socket().deliver({ message: { case: 'portfolioUpdated', value: portfolio(77n, 5) } });
    h.api.flush();
    expect(h.api.portfolios.get(ME)?.availableBalance).toBe(850);
    expect(h.api.ownedAccountIds).toEqual([ME, 77n]);

    h.socket().deliver({ message: { case: 'portfolios', value: { portfolios: [portfolio(ME, 1)] } } });
    h.api.flush();
    expect([...h.api.portfolios.keys()]).toEqual([ME]);
    expect(h.api.actingPortfolio?.totalBalance).toBe(1);
  });

  it('Trades replace the list; AccountCreated, TransferCreated and ActingAs apply', () => {
    h.socket().deliver({
      message: {
        case: 'trades',
        value: {
          marketId: MARKET,
          hasFullHistory: true,
          trades: [
            { id: 5n, marketId: MARKET, price: 1, size: 1, transactionId: 5n },
            { id: 4n, marketId: MARKET, price: 2, size: 1, transactionId: 4n },
          ],
        },
      },
    });
    h.socket().deliver({ message: { case: 'accountCreated', value: { id: 88n, name: 'bot', isUser: false } } });
    h.socket().deliver({
      message: { case: 'transferCreated', value: { id: 3n, fromAccountId: ME, toAccountId: 88n, amount: 12.3456, transactionId: 40n } },
    });
    h.socket().deliver({ message: { case: 'actingAs', value: { accountId: 88n } } });
    h.api.flush();
    const view = h.api.markets.get(MARKET)!;
    expect(view.trades.map((t) => t.id)).toEqual([4n, 5n]);
    expect(view.tradesLoaded).toBe(true);
    expect(h.api.accountName(88n)).toBe('bot');
    expect(h.api.transfers.map((t) => t.amount)).toEqual([12.3456]);
    expect(h.api.actingAs).toBe(88n);
  });

  it('ignores messages about unknown markets without crashing', () => {
    const unknown = 999n;
    h.socket().deliver({ message: { case: 'orderCreated', value: { marketId: unknown, order: order(50n, Side.BID, 1, 1), transactionId: 50n } } });
    h.socket().deliver({ message: { case: 'ordersCancelled', value: { marketId: unknown, orderIds: [50n] } } });
    h.socket().deliver({ message: { case: 'marketSettled', value: { id: unknown, settlePrice: 1 } } });
    h.socket().deliver({ message: { case: 'orders', value: { marketId: unknown, orders: [] } } });
    h.socket().deliver({ message: { case: 'trades', value: { marketId: unknown, trades: [] } } });
    h.api.flush();
    expect(h.api.markets.has(unknown)).toBe(false);
    expect(h.api.markets.get(MARKET)!.offers).toHaveLength(2);
    // Garbage frames are reported, not thrown.
    h.api.receive(new Uint8Array([0xff, 0xff, 0xff]));
    expect(h.errors.some((e) => e.startsWith('Undecodable'))).toBe(true);
  });

  it('publishes a burst of messages once, with large books sorted', () => {
    const before = h.api.markets.get(MARKET);
    for (let i = 0; i < 5000; i++) {
      const id = BigInt(1000 + i);
      const side = i % 2 ? Side.BID : Side.OFFER;
      const price = side === Side.BID ? 1 + (i % 40) : 60 + (i % 40);
      h.socket().deliver({
        message: { case: 'orderCreated', value: { marketId: MARKET, accountId: OTHER, order: order(id, side, price, 1, OTHER, id), transactionId: id } },
      });
    }
    // Nothing is published until the frame's flush.
    expect(h.api.markets.get(MARKET)).toBe(before);
    h.api.flush();
    const view = h.api.markets.get(MARKET)!;
    expect(view.bids.length + view.offers.length).toBe(5003);
    expect(view.bids[0].price).toBe(40);
    expect(view.offers[0].price).toBe(50);
    for (let i = 1; i < view.bids.length; i++) expect(view.bids[i - 1].price).toBeGreaterThanOrEqual(view.bids[i].price);
  });

  it('decodes binary frames exactly like constructed messages', () => {
    h.api.receive(frame({ message: { case: 'portfolioUpdated', value: portfolio(ME, 123.4567) } }));
    h.api.handle(msg({ message: { case: 'accountCreated', value: { id: 99n, name: 'x' } } }));
    h.api.flush();
    expect(h.api.actingPortfolio?.totalBalance).toBe(123.4567);
    expect(h.api.accountName(99n)).toBe('x');
  });

  it('requests trade history for watched markets and again after a re-sent snapshot', () => {
    const stop = h.api.watchTrades(MARKET);
    const sent = h.socket().last();
    expect(sent.message.case).toBe('getFullTradeHistory');
    h.socket().deliver({
      requestId: sent.requestId,
      message: { case: 'trades', value: { marketId: MARKET, hasFullHistory: true, trades: [{ id: 1n, marketId: MARKET, price: 1, size: 1 }] } },
    });
    h.api.flush();
    expect(h.api.markets.get(MARKET)!.tradesLoaded).toBe(true);
    const count = h.socket().sent.length;
    // An ownership re-sync re-sends empty Trades: the watcher fetches the history again.
    h.socket().deliver({ message: { case: 'trades', value: { marketId: MARKET, hasFullHistory: false, trades: [] } } });
    h.api.flush();
    expect(h.socket().sent.length).toBe(count + 1);
    expect(h.socket().last().message.case).toBe('getFullTradeHistory');
    stop();
  });

  it('keeps a full order history up to date and replays the book at any transaction', () => {
    h.api.watchOrderHistory(MARKET);
    const sent = h.socket().last();
    expect(sent.message.case).toBe('getFullOrderHistory');
    const sizes = (...entries: [bigint, number][]) => entries.map(([transactionId, size]) => ({ transactionId, size }));
    h.socket().deliver({
      requestId: sent.requestId,
      message: {
        case: 'orders',
        value: {
          marketId: MARKET,
          hasFullHistory: true,
          orders: [
            { ...order(1n, Side.OFFER, 50, 2, OTHER, 1n), sizes: sizes([1n, 2]) },
            { ...order(2n, Side.OFFER, 55, 1, OTHER, 2n), sizes: sizes([2n, 1]) },
            { ...order(3n, Side.BID, 40, 4, ME, 3n), sizes: sizes([3n, 5], [4n, 4]) },
            { ...order(5n, Side.BID, 30, 0, OTHER, 5n), sizes: sizes([5n, 1], [6n, 0]) },
          ],
        },
      },
    });
    h.socket().deliver({ message: { case: 'ordersCancelled', value: { marketId: MARKET, orderIds: [2n], transactionId: 7n } } });
    h.api.flush();
    const history = h.api.markets.get(MARKET)!.orderHistory!;
    expect(history).toHaveLength(4);
    expect(history.find((o) => o.id === 2n)!.sizes.map((s) => [s.transactionId, s.size])).toEqual([
      [2n, 1],
      [7n, 0],
    ]);
    expect(historyTransactions(history)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);

    const at3 = bookAt(history, 3n);
    expect(at3.bids.map((o) => [o.id, o.size])).toEqual([[3n, 5]]);
    expect(at3.offers.map((o) => o.id)).toEqual([1n, 2n]);
    const at5 = bookAt(history, 5n);
    expect(at5.bids.map((o) => [o.id, o.size])).toEqual([
      [3n, 4],
      [5n, 1],
    ]);
    const at7 = bookAt(history, 7n);
    expect(at7.bids.map((o) => o.id)).toEqual([3n]);
    expect(at7.offers.map((o) => o.id)).toEqual([1n]);
  });
});
