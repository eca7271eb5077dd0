// A small typed client for the exchange's WebSocket API (ws://host:port/api).
//
//   const client = await ExchangeClient.connect({ url: 'ws://localhost:8080/api', token });
//   const book = client.book(marketId);                // kept up to date from the server
//   const created = await client.createOrder(marketId, Side.BID, 45.5, 2);
//   client.on('message', (message) => console.log(message.message.case));
//
// The protocol, in short (schema/client_message.proto, schema/server_message.proto):
//   * every WebSocket frame is one binary protobuf message: ClientMessage up, ServerMessage down;
//   * the first request is Authenticate {jwt: token}; the server answers with the login
//     snapshot (Authenticated, Portfolios, Markets, Orders, Trades, ...) and ends it with
//     ActingAs: from then on the local state is complete ("ready");
//   * a request carries a request_id, and its result comes back with the same request_id (or a
//     RequestFailed with the request's kind and a message). Results that are published to
//     everybody (a new order, a cancel) reach every client with the requester's id, so ids are
//     made unique across clients with a random prefix.
// When the connection drops, the client reconnects (with a growing delay), authenticates again
// and rebuilds its state from the new snapshot. Requests in flight then fail: they may or may
// not have happened, so the caller decides whether to try again.
import { randomBytes } from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ClientMessageSchema,
  ServerMessageSchema,
  Side,
  type Market,
  type Portfolio,
  type ServerMessage,
} from '@exchange/schema';
import WebSocket from 'ws';
import { Books, type Book } from './book.ts';
import {
  ConnectionError,
  RequestError,
  type ClientOptions,
  type ReplyCase,
  type ReplyOf,
  type RequestMessage,
} from './client_types.ts';

export { ConnectionError, RequestError } from './client_types.ts';
export type { ClientOptions, ReplyCase, ReplyOf, RequestMessage } from './client_types.ts';

interface Pending {
  replyCase: ReplyCase;
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type Listener<A extends unknown[]> = (...args: A) => void;
interface Events {
  /** Every server message, after it was applied to the local state. */
  message: [ServerMessage];
  /** A login snapshot is complete (the first one and after every reconnection). */
  ready: [];
  /** The connection closed (the client reconnects unless it was closed on purpose). */
  disconnected: [reason: string];
}

export class ExchangeClient {
  /** The account the token logged in as (the user). */
  userId: bigint | null = null;
  /** The account orders are placed for: the user, or the account given with actAs. */
  actingAs: bigint | null = null;
  /** Markets by id. */
  readonly markets = new Map<bigint, Market>();
  /** Portfolios (balance, positions) of the accounts you can see, by account id. */
  readonly portfolios = new Map<bigint, Portfolio>();
  /** The live orders of every market. */
  readonly books = new Books();

  private socket: WebSocket | null = null;
  private ready = false;
  private closedOnPurpose = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly prefix = randomBytes(6).toString('hex');
  private counter = 0;
  private authRequestId = '';
  private readonly pending = new Map<string, Pending>();
  private readyWaiters: { resolve(): void; reject(error: Error): void }[] = [];
  private readonly listeners: { [K in keyof Events]: Listener<Events[K]>[] } = {
    message: [],
    ready: [],
    disconnected: [],
  };
  private readonly options: Required<Omit<ClientOptions, 'actAs'>> & { actAs: bigint };

  constructor(options: ClientOptions) {
    this.options = {
      reconnect: true,
      requestTimeoutMs: 15_000,
      log: () => {},
      actAs: 0n,
      ...options,
    };
  }

  /** Connects, logs in and waits for the login snapshot. Rejects if the token is refused. */
  static async connect(options: ClientOptions): Promise<ExchangeClient> {
    const client = new ExchangeClient(options);
    await client.start();
    return client;
  }

  /** Opens the connection; resolves when the login snapshot is complete. */
  start(): Promise<void> {
    this.closedOnPurpose = false;
    const ready = this.whenReady();
    this.open();
    return ready;
  }

  /** Closes for good: no reconnection, requests in flight fail. */
  close(): void {
    this.closedOnPurpose = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close(1000, 'client closing');
    this.socket = null;
    this.lost('client closed');
  }

  get isReady(): boolean {
    return this.ready;
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const list = this.listeners[event] as Listener<Events[K]>[];
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
    };
  }

  /** Resolves when the state is complete (at once if it is). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  // ---------------------------------------------------------------------------------------
  // Reading the state.

  book(marketId: bigint): Book {
    return this.books.get(marketId);
  }

  /** A market by id, or by exact name. */
  market(idOrName: bigint | string): Market | undefined {
    if (typeof idOrName === 'bigint') return this.markets.get(idOrName);
    return [...this.markets.values()].find((market) => market.name === idOrName);
  }

  /** The acting account's portfolio. */
  portfolio(): Portfolio | undefined {
    return this.actingAs === null ? undefined : this.portfolios.get(this.actingAs);
  }

  /** The acting account's position in a market: positive long, negative short. */
  position(marketId: bigint): number {
    const exposure = this.portfolio()?.marketExposures.find((e) => e.marketId === marketId);
    return exposure?.position ?? 0;
  }

  // ---------------------------------------------------------------------------------------
  // Requests. Each resolves with its result, already applied to the local state.

  /**
   * Sends one request and resolves with the first message carrying its request_id that is a
   * `replyCase` (rejects with RequestError on RequestFailed, ConnectionError on timeout or
   * disconnection). Waits for the login snapshot first.
   */
  async request<K extends ReplyCase>(message: RequestMessage, replyCase: K): Promise<ReplyOf<K>> {
    if (!this.ready) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ConnectionError(`not connected: ${message.case} not sent`)), this.options.requestTimeoutMs);
      });
      await Promise.race([this.whenReady(), timeout]).finally(() => clearTimeout(timer));
    }
    const reply = await this.send(message, replyCase);
    return reply.message.value as ReplyOf<K>;
  }

  /** A limit order for the acting account. The result's `order` is what rests (absent if it all traded). */
  createOrder(marketId: bigint, side: Side, price: number, size: number) {
    return this.request({ case: 'createOrder', value: { marketId, side, price: round(price, 2), size: round(size, 2) } }, 'orderCreated');
  }

  cancelOrder(orderId: bigint) {
    return this.request({ case: 'cancelOrder', value: { id: orderId } }, 'ordersCancelled');
  }

  /** Cancels all the acting account's orders (in one market, on one side, if given). */
  out(marketId?: bigint, side?: Side) {
    return this.request({ case: 'out', value: { marketId, side } }, 'out');
  }

  makeTransfer(fromAccountId: bigint, toAccountId: bigint, amount: number, note = '') {
    return this.request(
      { case: 'makeTransfer', value: { fromAccountId, toAccountId, amount: round(amount, 4), note } },
      'transferCreated',
    );
  }

  /** (Admin) A new market settling between min and max. */
  createMarket(name: string, minSettlement: number, maxSettlement: number, description = '') {
    return this.request({ case: 'createMarket', value: { name, description, minSettlement, maxSettlement } }, 'market');
  }

  // ---------------------------------------------------------------------------------------
  // The connection.

  private open(): void {
    const socket = new WebSocket(this.options.url, { perMessageDeflate: false });
    this.socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => {
      this.options.log(`connected to ${this.options.url}`);
      this.retries = 0;
      // A fresh snapshot follows Authenticate: forget what we knew.
      this.books.clear();
      this.markets.clear();
      this.portfolios.clear();
      this.authRequestId = this.nextId();
      this.write(this.authRequestId, { case: 'authenticate', value: { jwt: this.options.token, actAs: this.options.actAs } });
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.socket !== socket || !isBinary) return;
      let message: ServerMessage;
      try {
        message = fromBinary(ServerMessageSchema, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        this.options.log(`undecodable message: ${(error as Error).message}`);
        return;
      }
      this.receive(message);
    });
    socket.on('error', (error) => this.options.log(`connection error: ${error.message}`));
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const why = `connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      this.lost(why);
      if (!this.closedOnPurpose && this.options.reconnect) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const delay = Math.min(10_000, 250 * 2 ** this.retries++);
    this.options.log(`reconnecting in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closedOnPurpose) this.open();
    }, delay);
  }

  /** The socket is gone: requests in flight fail; waiters for readiness wait for the next login. */
  private lost(reason: string): void {
    const wasReady = this.ready;
    this.ready = false;
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new ConnectionError(`${reason} before the result of request ${id} arrived`));
    }
    this.pending.clear();
    if (this.closedOnPurpose || !this.options.reconnect) {
      for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new ConnectionError(reason));
    }
    if (wasReady || this.closedOnPurpose) this.emit('disconnected', reason);
  }

  private receive(message: ServerMessage): void {
    const m = message.message;
    // 1. Apply it to the local state.
    this.books.apply(message);
    switch (m.case) {
      case 'authenticated':
        this.userId = m.value.accountId;
        break;
      case 'market':
        this.markets.set(m.value.id, m.value);
        break;
      case 'marketSettled': {
        const market = this.markets.get(m.value.id);
        if (market) {
          this.markets.set(market.id, {
            ...market,
            marketState: {
              case: 'closed',
              value: {
                $typeName: 'websocket_api.Market.Closed',
                settlePrice: m.value.settlePrice,
                transactionId: m.value.transactionId,
                transactionTimestamp: m.value.transactionTimestamp,
              },
            },
          });
        }
        break;
      }
      case 'portfolios':
        for (const portfolio of m.value.portfolios) this.portfolios.set(portfolio.accountId, portfolio);
        break;
      case 'portfolioUpdated':
        this.portfolios.set(m.value.accountId, m.value);
        break;
      case 'actingAs':
        this.actingAs = m.value.accountId;
        break;
    }

    // 2. The login: a refused token fails connect(); ActingAs completes the snapshot.
    if (message.requestId && message.requestId === this.authRequestId && m.case === 'requestFailed') {
      const error = new RequestError(m.value.requestDetails?.kind ?? 'Authenticate', m.value.errorDetails?.message ?? '', message.requestId);
      this.options.log(`login refused: ${error.message}`);
      this.closedOnPurpose = true; // retrying with the same token would fail again
      for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
      this.socket?.close();
      return;
    }
    if (m.case === 'actingAs' && !this.ready) {
      this.ready = true;
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
      this.emit('ready');
    }

    // 3. The result of one of our requests?
    if (message.requestId) {
      const entry = this.pending.get(message.requestId);
      if (entry && (m.case === entry.replyCase || m.case === 'requestFailed')) {
        this.pending.delete(message.requestId);
        clearTimeout(entry.timer);
        if (m.case === 'requestFailed') {
          entry.reject(new RequestError(m.value.requestDetails?.kind ?? 'Unknown', m.value.errorDetails?.message ?? '', message.requestId));
        } else {
          entry.resolve(message);
        }
      }
    } else if (m.case === 'requestFailed') {
      this.options.log(`server error: ${m.value.requestDetails?.kind}: ${m.value.errorDetails?.message}`);
    }

    // 4. Tell the listeners.
    this.emit('message', message);
  }

  private send(message: RequestMessage, replyCase: ReplyCase): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const socket = this.socket;
      if (!socket || socket.readyState !== WebSocket.OPEN || !this.ready) {
        reject(new ConnectionError('not connected'));
        return;
      }
      const id = this.nextId();
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ConnectionError(`no result for request ${id} (${message.case}) within ${this.options.requestTimeoutMs} ms`));
      }, this.options.requestTimeoutMs);
      this.pending.set(id, { replyCase, resolve, reject, timer });
      this.write(id, message);
    });
  }

  private write(requestId: string, message: RequestMessage): void {
    const frame = toBinary(ClientMessageSchema, create(ClientMessageSchema, { requestId, message }));
    this.socket?.send(frame);
  }

  private nextId(): string {
    return `${this.prefix}-${++this.counter}`;
  }

  private emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...this.listeners[event]] as Listener<Events[K]>[]) {
      try {
        listener(...args);
      } catch (error) {
        this.options.log(`${event} listener failed: ${(error as Error).stack ?? error}`);
      }
    }
  }
}

/** Rounds to the exchange's precision (prices and sizes: 2 decimals; amounts: 4). */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor + (value >= 0 ? 1e-9 : -1e-9)) / factor;
}

export { Side };
