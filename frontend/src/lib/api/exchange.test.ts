import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExchangeApi, MarketStatus, RequestError, Side, marketPhase } from '../api.svelte';
import { bookAt, historyTransactions } from '../components/replay';
import { FakeSocket, MemoryStorage, frame, msg, ts, type ServerInit } from '../test/fake-server';

import { ME, OTHER, MARKET, market, order, portfolio, snapshotMessages, harness, type Harness } from '../test/api-harness';

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
