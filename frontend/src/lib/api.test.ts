import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExchangeApi, MarketStatus, RequestError, Side, marketPhase } from './api.svelte';
import { bookAt, historyTransactions } from './components/replay';
import { FakeSocket, MemoryStorage, frame, msg, ts, type ServerInit } from './test/fake-server';

import { ME, OTHER, MARKET, market, order, portfolio, snapshotMessages, harness, type Harness } from './test/api-harness';

describe('ExchangeApi: snapshot and connection', () => {
  it('authenticates, builds state from the snapshot and becomes ready at ActingAs', async () => {
    const h = harness();
    expect(h.api.status).toBe('connecting');
    h.socket().open();
    await h.settle();
    const auth = h.socket().last();
    expect(auth.message.case).toBe('authenticate');
    if (auth.message.case === 'authenticate') {
      expect(auth.message.value.jwt).toBe('test::me::me::false');
      expect(auth.message.value.actAs).toBe(0n);
    }
    expect(h.api.status).toBe('authenticating');

    h.socket().deliver({ requestId: auth.requestId, message: { case: 'authenticated', value: { accountId: ME } } });
    const messages = snapshotMessages({
      orders: [order(1n, Side.BID, 40, 2), order(2n, Side.BID, 45, 1), order(3n, Side.OFFER, 60, 3), order(4n, Side.OFFER, 55, 1)],
    });
    for (const m of messages.slice(0, -1)) h.socket().deliver(m);
    h.api.flush();
    // Nothing is published before the snapshot is complete.
    expect(h.api.markets.size).toBe(0);
    expect(h.api.status).toBe('authenticating');

    h.socket().deliver(messages[messages.length - 1]);
    h.api.flush();
    expect(h.api.status).toBe('ready');
    expect(h.api.userId).toBe(ME);
    expect(h.api.actingAs).toBe(ME);
    expect(h.api.accountName(OTHER)).toBe('other');
    expect(h.api.actingPortfolio?.totalBalance).toBe(1000);
    const view = h.api.markets.get(MARKET)!;
    expect(view.bids.map((o) => o.price)).toEqual([45, 40]);
    expect(view.offers.map((o) => o.price)).toEqual([55, 60]);
    expect(view.tradesLoaded).toBe(false);
    expect(h.storage.getItem('exchange.actAs')).toBe(String(ME));
  });

  it('sends the remembered acting account and retries once without it when refused', async () => {
    const storage = new MemoryStorage();
    storage.setItem('exchange.actAs', '77');
    const h = harness(storage);
    h.socket().open();
    await h.settle();
    const first = h.socket().last();
    expect(first.message.case === 'authenticate' && first.message.value.actAs).toBe(77n);

    h.socket().deliver({
      requestId: first.requestId,
      message: {
        case: 'requestFailed',
        value: { requestDetails: { kind: 'Authenticate' }, errorDetails: { message: 'Not owner of account' } },
      },
    });
    const second = h.socket().last();
    expect(h.socket().sent).toHaveLength(2);
    expect(second.message.case === 'authenticate' && second.message.value.actAs).toBe(0n);
    expect(storage.getItem('exchange.actAs')).toBeNull();
    expect(h.unauthorized).toEqual([]);

    // A second refusal is final: the person must sign in again.
    h.socket().deliver({
      requestId: second.requestId,
      message: {
        case: 'requestFailed',
        value: { requestDetails: { kind: 'Authenticate' }, errorDetails: { message: 'JWT validation failed' } },
      },
    });
    expect(h.api.status).toBe('unauthorized');
    expect(h.unauthorized).toEqual(['JWT validation failed']);
  });

  it('reconnects with backoff, re-authenticates and replaces the state', async () => {
    vi.useFakeTimers();
    try {
      const h = harness();
      await h.login({ markets: [MARKET, 11n] });
      expect(h.api.markets.size).toBe(2);

      h.socket().drop();
      expect(h.api.status).toBe('reconnecting');
      // The old state stays visible while we are away.
      expect(h.api.markets.size).toBe(2);
      await vi.advanceTimersByTimeAsync(50);
      expect(h.sockets).toHaveLength(2);

      await h.login({ markets: [MARKET] });
      expect(h.api.status).toBe('ready');
      expect([...h.api.markets.keys()]).toEqual([MARKET]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats a rate-limited sign-in as transient, not as a refusal', async () => {
    vi.useFakeTimers();
    try {
      const h = harness();
      h.socket().open();
      await vi.advanceTimersByTimeAsync(0);
      h.socket().deliver({
        requestId: h.socket().last().requestId,
        message: {
          case: 'requestFailed',
          value: { requestDetails: { kind: 'Authenticate' }, errorDetails: { message: 'Rate Limited' } },
        },
      });
      expect(h.api.status).toBe('reconnecting');
      expect(h.unauthorized).toEqual([]);
      await vi.advanceTimersByTimeAsync(50);
      expect(h.sockets).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports missing credentials as unauthorized without reconnecting', async () => {
    const sockets: FakeSocket[] = [];
    const unauthorized: string[] = [];
    const api = new ExchangeApi({
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      url: () => 'ws://test/api',
      schedule: () => {},
      storage: null,
      onUnauthorized: (m) => unauthorized.push(m),
    });
    api.connect(async () => {
      throw new Error('Your session has expired, sign in again');
    });
    sockets[0].open();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(api.status).toBe('unauthorized');
    expect(unauthorized).toEqual(['Your session has expired, sign in again']);
    expect(sockets[0].sent).toHaveLength(0);
  });

  it('reports pre-dispatch failures nobody awaits', async () => {
    const h = harness();
    await h.login();
    h.socket().deliver({
      message: {
        case: 'requestFailed',
        value: { requestDetails: { kind: 'Unknown' }, errorDetails: { message: 'Expected Client message' } },
      },
    });
    expect(h.errors).toEqual(['Unknown: Expected Client message']);
  });
});

describe('ExchangeApi: requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = harness();
    await h.login({ orders: [order(1n, Side.OFFER, 50, 2)] });
  });
  afterEach(() => h.api.disconnect());

  it('resolves a request with the published result carrying its request_id', async () => {
    const promise = h.api.createOrder({ marketId: MARKET, side: Side.BID, price: 40, size: 1 });
    const sent = h.socket().last();
    expect(sent.message.case).toBe('createOrder');
    expect(sent.requestId).not.toBe('');

    // Another client's result with a different id does not resolve ours.
    h.socket().deliver({
      requestId: 'someone-else-1',
      message: { case: 'orderCreated', value: { marketId: MARKET, accountId: OTHER, order: order(7n, Side.BID, 30, 1), transactionId: 7n } },
    });
    h.socket().deliver({
      requestId: sent.requestId,
      message: { case: 'orderCreated', value: { marketId: MARKET, accountId: ME, order: order(8n, Side.BID, 40, 1, ME), transactionId: 8n } },
    });
    h.api.flush();
    const created = await promise;
    expect(created.order?.id).toBe(8n);
    expect(h.api.markets.get(MARKET)!.bids.map((o) => o.id)).toEqual([8n, 7n]);
  });

  it('rejects with the RequestFailed message', async () => {
    const promise = h.api.createOrder({ marketId: MARKET, side: Side.BID, price: 40, size: 1e9 });
    h.socket().deliver({
      requestId: h.socket().last().requestId,
      message: {
        case: 'requestFailed',
        value: { requestDetails: { kind: 'CreateOrder' }, errorDetails: { message: 'Insufficient funds' } },
      },
    });
    await expect(promise).rejects.toThrow(RequestError);
    await expect(promise).rejects.toMatchObject({ kind: 'CreateOrder', message: 'Insufficient funds' });
    expect(h.errors).toEqual([]);
  });

  it('resolves Out with its echo; the OrdersCancelled that follow remove the orders', async () => {
    h.socket().deliver({
      message: { case: 'orderCreated', value: { marketId: MARKET, accountId: ME, order: order(9n, Side.BID, 10, 1, ME), transactionId: 9n } },
    });
    const promise = h.api.out({ marketId: MARKET });
    const sent = h.socket().last();
    expect(sent.message.case === 'out' && sent.message.value.marketId).toBe(MARKET);
    h.socket().deliver({ requestId: sent.requestId, message: { case: 'out', value: { marketId: MARKET } } });
    h.socket().deliver({ message: { case: 'ordersCancelled', value: { marketId: MARKET, orderIds: [9n], transactionId: 10n } } });
    h.api.flush();
    const echo = await promise;
    expect(echo.marketId).toBe(MARKET);
    expect(h.api.markets.get(MARKET)!.bids).toHaveLength(0);
  });

  it('fails requests that were sent when the connection drops', async () => {
    const promise = h.api.cancelOrder(1n);
    h.socket().drop();
    await expect(promise).rejects.toThrow(/Connection lost/);
  });

  it('queues requests until the snapshot is complete', async () => {
    vi.useFakeTimers();
    try {
      h.socket().drop();
      const promise = h.api.actAs(ME);
      await vi.advanceTimersByTimeAsync(50);
      expect(h.socket().sent).toHaveLength(0);
      await h.login();
      const sent = h.socket().last();
      expect(sent.message.case).toBe('actAs');
      h.socket().deliver({ requestId: sent.requestId, message: { case: 'actingAs', value: { accountId: ME } } });
      h.api.flush();
      await expect(promise).resolves.toMatchObject({ accountId: ME });
    } finally {
      vi.useRealTimers();
    }
  });
});

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
