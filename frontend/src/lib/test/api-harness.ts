// The store under test with a fake socket: log in with a scripted snapshot (protocol.md 5.2).
import { expect } from 'vitest';
import { ExchangeApi, Side } from '../api.svelte';
import { FakeSocket, MemoryStorage, ts, type ServerInit } from './fake-server';

export const ME = 5n;
export const OTHER = 6n;
export const MARKET = 10n;

export const market = (id: bigint, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Market ${id}`,
  minSettlement: 0,
  maxSettlement: 100,
  ownerId: ME,
  typeId: 1n,
  marketState: { case: 'open' as const, value: {} },
  transactionId: 1n,
  ...extra,
});

export const order = (id: bigint, side: Side, price: number, size: number, ownerId = OTHER, tx = id) => ({
  id,
  marketId: MARKET,
  price,
  size,
  side,
  ownerId,
  transactionId: tx,
  transactionTimestamp: ts(1000 + Number(tx)),
});

export const portfolio = (accountId: bigint, totalBalance: number, availableBalance = totalBalance) => ({
  accountId,
  totalBalance,
  availableBalance,
});

/** The initial data of protocol.md 5.2, ending with ActingAs. */
export function snapshotMessages(opts: { markets?: bigint[]; orders?: ReturnType<typeof order>[]; actingAs?: bigint } = {}): ServerInit[] {
  const markets = opts.markets ?? [MARKET];
  const out: ServerInit[] = [
    { message: { case: 'transfers', value: { transfers: [] } } },
    { message: { case: 'portfolios', value: { portfolios: [portfolio(ME, 1000)] } } },
    { message: { case: 'transfers', value: { transfers: [] } } },
    { message: { case: 'portfolios', value: { portfolios: [portfolio(ME, 1000)] } } },
    {
      message: {
        case: 'accounts',
        value: {
          accounts: [
            { id: 0n, name: 'Hidden' },
            { id: ME, name: 'me', isUser: true },
            { id: OTHER, name: 'other', isUser: true },
          ],
        },
      },
    },
    { message: { case: 'marketTypes', value: { marketTypes: [{ id: 1n, name: 'Fun', public: true }] } } },
    { message: { case: 'marketGroups', value: { marketGroups: [] } } },
  ];
  for (const id of markets) {
    out.push({ message: { case: 'market', value: market(id) } });
    out.push({
      message: {
        case: 'orders',
        value: { marketId: id, orders: id === MARKET ? (opts.orders ?? []) : [], hasFullHistory: false },
      },
    });
    out.push({ message: { case: 'trades', value: { marketId: id, trades: [], hasFullHistory: false } } });
  }
  out.push({ message: { case: 'actingAs', value: { accountId: opts.actingAs ?? ME } } });
  return out;
}

export interface Harness {
  api: ExchangeApi;
  sockets: FakeSocket[];
  storage: MemoryStorage;
  errors: string[];
  unauthorized: string[];
  socket(): FakeSocket;
  /** Opens the current socket and plays the whole snapshot. */
  login(opts?: Parameters<typeof snapshotMessages>[0]): Promise<void>;
  settle(): Promise<void>;
}

export function harness(storage = new MemoryStorage()): Harness {
  const sockets: FakeSocket[] = [];
  const errors: string[] = [];
  const unauthorized: string[] = [];
  const api = new ExchangeApi({
    url: () => 'ws://test/api',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    schedule: () => {}, // tests flush explicitly
    storage,
    onError: (m) => errors.push(m),
    onUnauthorized: (m) => unauthorized.push(m),
    backoff: { initialMs: 10, maxMs: 10 },
    requestTimeoutMs: 5_000,
  });
  const h: Harness = {
    api,
    sockets,
    storage,
    errors,
    unauthorized,
    socket: () => sockets[sockets.length - 1],
    async settle() {
      // Credentials are asked for asynchronously; let those promises run.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    async login(opts) {
      const s = h.socket();
      s.open();
      await h.settle();
      const auth = s.last();
      expect(auth.message.case).toBe('authenticate');
      s.deliver({ requestId: auth.requestId, message: { case: 'authenticated', value: { accountId: ME, isCohortMember: true, auctionEnabled: true } } });
      for (const m of snapshotMessages(opts)) s.deliver(m);
      api.flush();
    },
  };
  api.connect(async () => ({ jwt: 'test::me::me::false', idJwt: '' }));
  return h;
}

