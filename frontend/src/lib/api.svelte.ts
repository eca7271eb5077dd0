// The exchange connection and everything the server told us.
//
// One WebSocket to /api carries binary frames, each one protobuf message (ClientMessage up,
// ServerMessage down). Incoming messages are applied at once to a plain, non-reactive model;
// once per animation frame the parts that changed are published to Svelte state as immutable
// snapshots, so a burst of hundreds of messages costs one re-render.
//
// Protocol points this relies on (protocol.md):
// - results of a request carry its request_id, and published results reach *every* client
//   with the requester's id (2.6): request ids are therefore random per connection, and a
//   request resolves on the first message with its id (or rejects on RequestFailed);
// - the snapshot after Authenticate ends with ActingAs (5.2): until then messages build a
//   fresh model which replaces the old one in one go (reconnects never show half a state);
// - Orders/Trades replace a market's lists; OrderCreated adds the resting order, applies fills
//   and appends trades; OrdersCancelled removes; MarketSettled clears the book (4.4).
import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ClientMessageSchema,
  MarketStatus,
  ServerMessageSchema,
  Side,
  SizeSchema,
  type Account,
  type ActingAs,
  type Auction,
  type ClientMessage,
  type Market,
  type MarketGroup,
  type MarketPositions,
  type MarketSettled,
  type MarketType,
  type Order,
  type OrderCreated,
  type Orders,
  type OrdersCancelled,
  type Out,
  type Portfolio,
  type ServerMessage,
  type Trade,
  type Trades,
  type Transfer,
  type AuctionSettled,
  type AuctionDeleted,
  type MarketTypeDeleted,
  type SudoStatus,
} from '@exchange/schema';

export { MarketStatus, Side };

export type ConnectionStatus =
  | 'offline' // not signed in, or signed out
  | 'connecting' // opening the socket
  | 'authenticating' // Authenticate sent, receiving the snapshot
  | 'ready' // snapshot complete (ActingAs received)
  | 'reconnecting' // waiting before the next attempt
  | 'unauthorized'; // the server refused our credentials

export interface Credentials {
  jwt: string;
  idJwt?: string;
}

/** A request the server refused (RequestFailed), or one that got no answer. */
export class RequestError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** One market as the UI sees it; replaced (never mutated) whenever it changes. */
export interface MarketView {
  market: Market;
  /** Resting bids, best first (highest price, then oldest). */
  bids: readonly Order[];
  /** Resting offers, best first (lowest price, then oldest). */
  offers: readonly Order[];
  /** Trades in ascending id order. */
  trades: readonly Trade[];
  /** True once the full trade history was received (the snapshot never has trades). */
  tradesLoaded: boolean;
  /** Every order ever placed with its size history, once requested; else null. */
  orderHistory: readonly Order[] | null;
}

type RequestInit = NonNullable<MessageInitShape<typeof ClientMessageSchema>['message']>;
type ReplyCase = NonNullable<ServerMessage['message']['case']>;
type Reply<C extends ReplyCase> = Extract<ServerMessage['message'], { case: C }>['value'];

export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface ApiOptions {
  /** WebSocket URL; default ws(s)://<this host>/api. */
  url?: () => string;
  createSocket?: (url: string) => SocketLike;
  /** Runs the publish step; default: next animation frame (or 100 ms when hidden). */
  schedule?: (flush: () => void) => void;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** How long a request may wait for its reply. */
  requestTimeoutMs?: number;
  /** Called for failures nobody awaits (pre-dispatch errors, lost replies). */
  onError?: (message: string) => void;
  /** Called when the server refuses the credentials (after the act_as retry). */
  onUnauthorized?: (message: string) => void;
  backoff?: { initialMs: number; maxMs: number };
}

interface MarketModel {
  market: Market;
  live: Map<bigint, Order>;
  history: Map<bigint, Order> | null;
  trades: Trade[];
  tradeIds: Set<bigint>;
  tradesFull: boolean;
}

class Model {
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

interface Pending {
  id: string;
  frame: Uint8Array;
  sent: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
}

const ACT_AS_KEY = 'exchange.actAs';
/** The message kinds of a re-sent public block (protocol.md 5.2 steps 6-10). */
const RESYNC_BLOCK = new Set<string>(['accounts', 'marketTypes', 'marketGroups', 'market', 'orders', 'trades', 'auction']);
const RESYNC_QUIET_MS = 1500;
const OPEN = 1;

function byBidPriority(a: Order, b: Order): number {
  return b.price - a.price || Number(a.transactionId - b.transactionId) || Number(a.id - b.id);
}
function byOfferPriority(a: Order, b: Order): number {
  return a.price - b.price || Number(a.transactionId - b.transactionId) || Number(a.id - b.id);
}
function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function defaultSchedule(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  // Background tabs get no animation frames; don't let replies wait for one.
  setTimeout(run, 100);
}

function defaultUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api`;
}

function randomId(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ExchangeApi {
  // ---- published state (read by components) ----
  status = $state<ConnectionStatus>('offline');
  /** Human-readable reason for the last disconnect or refusal. */
  statusDetail = $state('');
  /** U: whose accounts we see and act for (the impersonated user during an impersonation). */
  userId = $state<bigint | null>(null);
  /** The account this connection signed in as (differs from userId while impersonating). */
  authenticatedId = $state<bigint | null>(null);
  actingAs = $state<bigint | null>(null);
  /** The server's sudo flag for this connection (SudoStatus), false after every reconnect. */
  sudo = $state(false);
  /**
   * Whether we believe the person is an admin. The server sends no admin flag: the token's
   * roles claim hints at it (`adminHint`, display only), and a SetSudo{enabled:true} answer
   * settles it (`adminConfirmed`: true after a success, false after "Only admins…").
   */
  adminHint = $state(false);
  adminConfirmed = $state<boolean | null>(null);
  isAdmin = $derived(this.adminConfirmed ?? this.adminHint);
  impersonating = $derived(
    this.userId !== null && this.authenticatedId !== null && this.userId !== this.authenticatedId,
  );
  accounts = $state.raw<ReadonlyMap<bigint, Account>>(new Map());
  portfolios = $state.raw<ReadonlyMap<bigint, Portfolio>>(new Map());
  transfers = $state.raw<readonly Transfer[]>([]);
  markets = $state.raw<ReadonlyMap<bigint, MarketView>>(new Map());
  marketTypes = $state.raw<ReadonlyMap<bigint, MarketType>>(new Map());
  marketGroups = $state.raw<ReadonlyMap<bigint, MarketGroup>>(new Map());
  auctions = $state.raw<ReadonlyMap<bigint, Auction>>(new Map());
  lastTransactionId = $state(0n);
  /** Whether a state snapshot has ever been completed (false before the first ActingAs). */
  hasState = $state(false);

  /** The acting account's portfolio. */
  actingPortfolio = $derived(this.actingAs === null ? undefined : this.portfolios.get(this.actingAs));
  /** Accounts we may act as: our own and every account whose portfolio we receive. */
  ownedAccountIds = $derived.by(() => {
    const ids = new Set<bigint>();
    if (this.userId !== null) ids.add(this.userId);
    for (const id of this.portfolios.keys()) ids.add(id);
    return [...ids].sort((a, b) => (a === this.userId ? -1 : b === this.userId ? 1 : Number(a - b)));
  });

  // ---- internals ----
  private model = new Model();
  /** The model being filled by a snapshot, swapped in at ActingAs. */
  private incoming: Model | null = null;
  private dirty = {
    identity: false,
    accounts: false,
    portfolios: false,
    transfers: false,
    types: false,
    groups: false,
    auctions: false,
    allMarkets: false,
    markets: new Set<bigint>(),
  };
  private flushScheduled = false;
  private afterFlush: (() => void)[] = [];

  private socket: SocketLike | null = null;
  private credentials: (() => Promise<Credentials>) | null = null;
  private authRequestId = '';
  private authActAs = 0n;
  private authRetried = false;
  private retryCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectionPrefix = randomId();
  private nextRequest = 0;
  private pending = new Map<string, Pending>();
  private queue: Pending[] = [];
  /** ActAs requests that impersonate a user: request id -> the user. */
  private impersonations = new Map<string, bigint>();
  /** Sudo was switched on by the person: switch it on again after a reconnect. */
  private wantSudo = false;
  /**
   * A re-sent public block (protocol.md 5.4/5.5: Accounts, categories, groups, markets,
   * auctions) lists everything this connection may now see; what it leaves out is gone.
   */
  private resync: { markets: Set<bigint>; auctions: Set<bigint>; timer: ReturnType<typeof setTimeout> | null } | null =
    null;
  private tradeWatchers = new Map<bigint, number>();
  private historyWatchers = new Map<bigint, number>();
  private inFlightHistory = new Set<string>();
  private readonly opts: Required<Omit<ApiOptions, 'onError' | 'onUnauthorized'>> &
    Pick<ApiOptions, 'onError' | 'onUnauthorized'>;

  constructor(options: ApiOptions = {}) {
    this.opts = {
      url: options.url ?? defaultUrl,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      schedule: options.schedule ?? defaultSchedule,
      storage: options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage,
      requestTimeoutMs: options.requestTimeoutMs ?? 20_000,
      backoff: options.backoff ?? { initialMs: 500, maxMs: 10_000 },
      onError: options.onError,
      onUnauthorized: options.onUnauthorized,
    };
  }

  set onError(handler: ((message: string) => void) | undefined) {
    this.opts.onError = handler;
  }
  set onUnauthorized(handler: ((message: string) => void) | undefined) {
    this.opts.onUnauthorized = handler;
  }

  // =====================================================================================
  // Connection
  // =====================================================================================

  /** Starts (or restarts) the connection; `credentials` is asked again on every attempt. */
  connect(credentials: () => Promise<Credentials>): void {
    this.credentials = credentials;
    this.retryCount = 0;
    this.closeSocket();
    this.open();
  }

  /** Closes the connection and forgets everything (sign out). */
  disconnect(): void {
    this.credentials = null;
    this.wantSudo = false;
    this.adminConfirmed = null;
    this.endResync(false);
    this.closeSocket();
    this.failAll('Signed out');
    this.model = new Model();
    this.incoming = null;
    this.markAllDirty();
    this.status = 'offline';
    this.statusDetail = '';
    this.hasState = false;
    this.flush();
  }

  /** Forgets the remembered acting-as account (e.g. on sign out). */
  forgetActAs(): void {
    this.opts.storage?.removeItem(ACT_AS_KEY);
  }

  private closeSocket(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onclose = socket.onerror = socket.onmessage = null;
      try {
        socket.close(1000, 'client closing');
      } catch {
        /* already closed */
      }
    }
  }

  private open(): void {
    const getCredentials = this.credentials;
    if (!getCredentials) return;
    this.status = 'connecting';
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url());
    } catch (e) {
      this.scheduleReconnect(`Cannot open connection: ${(e as Error).message}`);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      getCredentials().then(
        (creds) => {
          if (this.socket !== socket) return;
          this.authenticate(creds);
        },
        (e: unknown) => {
          if (this.socket !== socket) return;
          this.status = 'unauthorized';
          this.statusDetail = (e as Error)?.message ?? 'Not signed in';
          this.closeSocket();
          this.opts.onUnauthorized?.(this.statusDetail);
        },
      );
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const data = event.data;
      if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
        this.opts.onError?.('The server sent a text frame');
        return;
      }
      this.receive(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array));
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect('Connection lost');
    };
    socket.onerror = () => {
      /* followed by close */
    };
  }

  private authenticate(creds: Credentials): void {
    this.status = 'authenticating';
    this.incoming = new Model();
    this.authRetried = false;
    const remembered = this.opts.storage?.getItem(ACT_AS_KEY);
    this.authActAs = remembered && /^\d+$/.test(remembered) ? BigInt(remembered) : 0n;
    this.sendAuthenticate(creds);
  }

  private lastCredentials: Credentials | null = null;

  private sendAuthenticate(creds: Credentials): void {
    this.lastCredentials = creds;
    this.authRequestId = `${this.connectionPrefix}-auth-${++this.nextRequest}`;
    const message = create(ClientMessageSchema, {
      requestId: this.authRequestId,
      message: {
        case: 'authenticate',
        value: { jwt: creds.jwt, idJwt: creds.idJwt ?? '', actAs: this.authActAs },
      },
    });
    this.socket?.send(toBinary(ClientMessageSchema, message));
  }

  private scheduleReconnect(reason: string): void {
    this.endResync(false);
    this.failSent(`${reason} before the server replied`);
    this.incoming = null;
    if (!this.credentials || this.status === 'unauthorized') return;
    this.status = 'reconnecting';
    this.statusDetail = reason;
    const { initialMs, maxMs } = this.opts.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** this.retryCount) * (0.75 + Math.random() * 0.5);
    this.retryCount = Math.min(this.retryCount + 1, 16);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  /** Reconnects now instead of waiting for the backoff (the indicator's "retry"). */
  reconnectNow(): void {
    if (!this.credentials) return;
    this.retryCount = 0;
    this.closeSocket();
    this.open();
  }

  // =====================================================================================
  // Requests
  // =====================================================================================

  /**
   * Sends a request; resolves with the first message carrying its request_id, rejects with
   * RequestError on RequestFailed, on timeout, or when the connection drops first.
   * Requests made before the snapshot is complete are queued and sent once it is.
   */
  request(message: RequestInit): Promise<ServerMessage> {
    return this.requestWithId(message).promise;
  }

  private requestWithId(message: RequestInit): { id: string; promise: Promise<ServerMessage> } {
    const id = `${this.connectionPrefix}-${++this.nextRequest}`;
    const frame = toBinary(ClientMessageSchema, create(ClientMessageSchema, { requestId: id, message }));
    const kind = message.case ? message.case[0].toUpperCase() + message.case.slice(1) : 'Unknown';
    const promise = new Promise<ServerMessage>((resolve, reject) => {
      const entry: Pending = { id, frame, sent: false, timer: null, resolve, reject };
      entry.timer = setTimeout(() => {
        this.pending.delete(id);
        this.queue = this.queue.filter((p) => p !== entry);
        reject(new RequestError(kind, entry.sent ? 'No reply from the server' : 'Not connected to the server'));
      }, this.opts.requestTimeoutMs);
      this.pending.set(id, entry);
      if (this.status === 'ready' && this.socket?.readyState === OPEN) this.sendEntry(entry);
      else this.queue.push(entry);
    });
    return { id, promise };
  }

  private sendEntry(entry: Pending): void {
    entry.sent = true;
    this.socket!.send(entry.frame);
  }

  private async expect<C extends ReplyCase>(message: RequestInit, replyCase: C): Promise<Reply<C>> {
    const reply = await this.request(message);
    if (reply.message.case !== replyCase) {
      throw new RequestError(String(message.case), `Unexpected reply ${reply.message.case}`);
    }
    return reply.message.value as Reply<C>;
  }

  createOrder(order: { marketId: bigint; side: Side; price: number; size: number }): Promise<OrderCreated> {
    return this.expect({ case: 'createOrder', value: order }, 'orderCreated');
  }

  cancelOrder(orderId: bigint): Promise<OrdersCancelled> {
    return this.expect({ case: 'cancelOrder', value: { id: orderId } }, 'ordersCancelled');
  }

  /** Cancels the acting account's orders: in one market, or everywhere when marketId is omitted. */
  out(filter: { marketId?: bigint; side?: Side } = {}): Promise<Out> {
    return this.expect({ case: 'out', value: filter }, 'out');
  }

  /**
   * Acts as one of our accounts, or (sudo admin, a user outside our owned set) impersonates
   * that user: the server then re-sends the private data of the user's accounts and U
   * becomes that user until we act as ourselves again or reconnect (protocol.md 3.3.8).
   */
  actAs(accountId: bigint): Promise<ActingAs> {
    const owned = this.model.userId === accountId || this.model.portfolios.has(accountId);
    if (owned) return this.expect({ case: 'actAs', value: { accountId } }, 'actingAs');
    const request = this.requestWithId({ case: 'actAs', value: { accountId } });
    this.impersonations.set(request.id, accountId);
    return request.promise
      .then((reply) => {
        if (reply.message.case !== 'actingAs') throw new RequestError('ActAs', `Unexpected reply ${reply.message.case}`);
        return reply.message.value;
      })
      .finally(() => this.impersonations.delete(request.id));
  }

  /** Ends an impersonation: back to our own user (needs sudo), else a fresh connection. */
  async stopImpersonating(): Promise<void> {
    const me = this.model.authenticatedId;
    if (me === null || this.model.userId === me) return;
    if (this.model.sudo) {
      await this.actAs(me);
      return;
    }
    this.reconnectNow();
  }

  /** Switches sudo (admin powers) on or off for this connection (protocol.md 3.3.25). */
  async setSudo(enabled: boolean): Promise<SudoStatus> {
    try {
      const status = await this.expect({ case: 'setSudo', value: { enabled } }, 'sudoStatus');
      this.wantSudo = status.enabled;
      if (status.enabled) this.adminConfirmed = true;
      return status;
    } catch (e) {
      if (enabled && e instanceof RequestError && e.kind === 'SetSudo') {
        this.adminConfirmed = false;
        this.wantSudo = false;
      }
      throw e;
    }
  }

  createMarket(market: {
    name: string;
    description: string;
    minSettlement: number;
    maxSettlement: number;
    typeId?: bigint;
    groupId?: bigint;
    redeemableFor?: { constituentId: bigint; multiplier: bigint }[];
    redeemFee?: number;
    hideAccountIds?: boolean;
    visibleTo?: bigint[];
  }): Promise<Market> {
    return this.expect({ case: 'createMarket', value: market }, 'market');
  }

  /**
   * Edits a market. The server always writes `status` (protocol.md 3.3.17), so the market's
   * current status is sent unless a new one is given; `visibleTo` (even empty) replaces the
   * visibility list.
   */
  editMarket(
    id: bigint,
    changes: {
      name?: string;
      description?: string;
      pinned?: boolean;
      hideAccountIds?: boolean;
      visibleTo?: bigint[];
      status?: MarketStatus;
    },
  ): Promise<Market> {
    const current = this.model.markets.get(id)?.market;
    const status = changes.status ?? current?.status ?? MarketStatus.OPEN;
    const { visibleTo, ...rest } = changes;
    const value = {
      id,
      ...rest,
      status,
      ...(visibleTo !== undefined ? { updateVisibleTo: true, visibleTo } : {}),
    };
    return this.expect({ case: 'editMarket', value }, 'market');
  }

  settleMarket(marketId: bigint, settlePrice: number): Promise<MarketSettled> {
    return this.expect({ case: 'settleMarket', value: { marketId, settlePrice } }, 'marketSettled');
  }

  redeem(fundId: bigint, amount: number): Promise<unknown> {
    return this.expect({ case: 'redeem', value: { fundId, amount } }, 'redeemed');
  }

  makeTransfer(transfer: { fromAccountId: bigint; toAccountId: bigint; amount: number; note: string }): Promise<Transfer> {
    return this.expect({ case: 'makeTransfer', value: transfer }, 'transferCreated');
  }

  createAccount(ownerId: bigint, name: string): Promise<Account> {
    return this.expect({ case: 'createAccount', value: { ownerId, name } }, 'accountCreated');
  }

  shareOwnership(ofAccountId: bigint, toAccountId: bigint): Promise<unknown> {
    return this.expect({ case: 'shareOwnership', value: { ofAccountId, toAccountId } }, 'ownershipGiven');
  }

  revokeOwnership(ofAccountId: bigint, fromAccountId: bigint): Promise<unknown> {
    return this.expect({ case: 'revokeOwnership', value: { ofAccountId, fromAccountId } }, 'ownershipRevoked');
  }

  createAuction(auction: { name: string; description: string; imageFilename: string; binPrice?: number }): Promise<Auction> {
    return this.expect({ case: 'createAuction', value: auction }, 'auction');
  }

  editAuction(
    id: bigint,
    changes: { name?: string; description?: string; imageFilename?: string; binPrice?: number },
  ): Promise<Auction> {
    return this.expect({ case: 'editAuction', value: { id, ...changes } }, 'auction');
  }

  deleteAuction(auctionId: bigint): Promise<AuctionDeleted> {
    return this.expect({ case: 'deleteAuction', value: { auctionId } }, 'auctionDeleted');
  }

  /** Buy it now: the buyer is the signed-in user U (not the acting account). */
  buyAuction(auctionId: bigint): Promise<AuctionSettled> {
    return this.expect({ case: 'buyAuction', value: { auctionId } }, 'auctionSettled');
  }

  /** Admin sale; for an auction with a buy-it-now price the price must be −1 (= that price). */
  settleAuction(auctionId: bigint, buyerId: bigint, settlePrice: number): Promise<AuctionSettled> {
    return this.expect({ case: 'settleAuction', value: { auctionId, buyerId, settlePrice } }, 'auctionSettled');
  }

  createMarketType(type: { name: string; description: string; public: boolean }): Promise<MarketType> {
    return this.expect({ case: 'createMarketType', value: type }, 'marketType');
  }

  deleteMarketType(marketTypeId: bigint): Promise<MarketTypeDeleted> {
    return this.expect({ case: 'deleteMarketType', value: { marketTypeId } }, 'marketTypeDeleted');
  }

  createMarketGroup(group: { name: string; description: string; typeId: bigint }): Promise<MarketGroup> {
    return this.expect({ case: 'createMarketGroup', value: group }, 'marketGroup');
  }

  getMarketPositions(marketId: bigint): Promise<MarketPositions> {
    return this.expect({ case: 'getMarketPositions', value: { marketId } }, 'marketPositions');
  }

  getFullTradeHistory(marketId: bigint): Promise<Trades> {
    return this.expect({ case: 'getFullTradeHistory', value: { marketId } }, 'trades');
  }

  getFullOrderHistory(marketId: bigint): Promise<Orders> {
    return this.expect({ case: 'getFullOrderHistory', value: { marketId } }, 'orders');
  }

  /** Keeps the market's full trade history loaded (re-fetched after reconnects). */
  watchTrades(marketId: bigint): () => void {
    return this.watch(this.tradeWatchers, marketId, 'trades');
  }

  /** Keeps the market's full order history (size histories) loaded. */
  watchOrderHistory(marketId: bigint): () => void {
    return this.watch(this.historyWatchers, marketId, 'orders');
  }

  private watch(watchers: Map<bigint, number>, marketId: bigint, what: 'trades' | 'orders'): () => void {
    watchers.set(marketId, (watchers.get(marketId) ?? 0) + 1);
    this.ensureHistory(marketId, what);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (watchers.get(marketId) ?? 1) - 1;
      if (n <= 0) watchers.delete(marketId);
      else watchers.set(marketId, n);
    };
  }

  private ensureHistory(marketId: bigint, what: 'trades' | 'orders'): void {
    if (this.status !== 'ready') return; // requested again when the snapshot completes
    const m = this.model.markets.get(marketId);
    if (!m) return;
    if (what === 'trades' ? m.tradesFull : m.history !== null) return;
    const key = `${what}:${marketId}`;
    if (this.inFlightHistory.has(key)) return;
    this.inFlightHistory.add(key);
    const request = what === 'trades' ? this.getFullTradeHistory(marketId) : this.getFullOrderHistory(marketId);
    request
      .catch((e: Error) => {
        // A dropped connection is retried and the history re-requested after the snapshot.
        if (e instanceof RequestError && e.kind === 'Connection') return;
        this.opts.onError?.(`Could not load ${what === 'trades' ? 'trades' : 'order history'}: ${e.message}`);
      })
      .finally(() => this.inFlightHistory.delete(key));
  }

  private failSent(reason: string): void {
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.pending.delete(id);
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new RequestError('Connection', reason));
    }
    this.inFlightHistory.clear();
  }

  private failAll(reason: string): void {
    for (const entry of this.pending.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new RequestError('Connection', reason));
    }
    this.pending.clear();
    this.queue = [];
    this.inFlightHistory.clear();
  }

  // =====================================================================================
  // Incoming messages
  // =====================================================================================

  /** Decodes and applies one binary frame. */
  receive(frame: Uint8Array): void {
    let message: ServerMessage;
    try {
      message = fromBinary(ServerMessageSchema, frame);
    } catch (e) {
      this.opts.onError?.(`Undecodable message from the server: ${(e as Error).message}`);
      return;
    }
    this.handle(message);
  }

  /** Applies one server message (public for tests). */
  handle(message: ServerMessage): void {
    const { requestId } = message;
    const msg = message.message;

    if (msg.case === 'requestFailed') {
      this.handleFailure(requestId, msg.value.requestDetails?.kind ?? 'Unknown', msg.value.errorDetails?.message ?? '');
      return;
    }

    if (this.resync) {
      if (this.incoming || !msg.case || !RESYNC_BLOCK.has(msg.case)) this.endResync(true);
      else this.touchResync();
    }
    const model = this.incoming ?? this.model;
    try {
      this.apply(model, message);
    } catch (e) {
      // A message we cannot apply must never take the app down.
      console.error('exchange: cannot apply', msg.case, e);
    }

    if (requestId) {
      const entry = this.pending.get(requestId);
      if (entry) {
        this.pending.delete(requestId);
        if (entry.timer) clearTimeout(entry.timer);
        this.afterFlush.push(() => entry.resolve(message));
      }
    }
    this.scheduleFlush();
  }

  private handleFailure(requestId: string, kind: string, text: string): void {
    if (kind === 'Authenticate' && (requestId === this.authRequestId || this.status === 'authenticating')) {
      if (text === 'Rate Limited') {
        // The server closes the connection after this; it is not a verdict on the tokens.
        this.incoming = null;
        this.closeSocket();
        this.scheduleReconnect('Sign-in rate limited');
        return;
      }
      if (this.authActAs !== 0n && !this.authRetried && this.lastCredentials) {
        // The remembered acting account may no longer be ours: forget it and retry once.
        this.authRetried = true;
        this.authActAs = 0n;
        this.forgetActAs();
        this.sendAuthenticate(this.lastCredentials);
        return;
      }
      this.status = 'unauthorized';
      this.statusDetail = text;
      this.incoming = null;
      this.closeSocket();
      this.failAll(`Sign-in failed: ${text}`);
      this.opts.onUnauthorized?.(text);
      return;
    }
    const entry = requestId ? this.pending.get(requestId) : undefined;
    if (entry) {
      this.pending.delete(requestId);
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new RequestError(kind, text));
      return;
    }
    this.opts.onError?.(text ? `${kind}: ${text}` : `${kind} failed`);
  }

  private beginResync(): void {
    this.endResync(true);
    this.resync = { markets: new Set(), auctions: new Set(), timer: null };
    this.touchResync();
  }

  /** The block has no end marker: it ends at the first other message or after a quiet spell. */
  private touchResync(): void {
    const r = this.resync;
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(() => {
      this.endResync(true);
      this.scheduleFlush();
    }, RESYNC_QUIET_MS);
  }

  /** Drops the markets and auctions a finished re-sent block did not list. */
  private endResync(apply: boolean): void {
    const r = this.resync;
    this.resync = null;
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    if (!apply) return;
    for (const id of [...this.model.markets.keys()]) {
      if (!r.markets.has(id)) {
        this.model.markets.delete(id);
        this.dirty.allMarkets = true;
      }
    }
    for (const id of [...this.model.auctions.keys()]) {
      if (!r.auctions.has(id)) {
        this.model.auctions.delete(id);
        this.dirty.auctions = true;
      }
    }
  }

  private touchTx(model: Model, id: bigint | undefined): void {
    if (id !== undefined) model.lastTransactionId = maxBig(model.lastTransactionId, id);
  }

  private marketModel(model: Model, marketId: bigint, what: string): MarketModel | undefined {
    const m = model.markets.get(marketId);
    if (!m) console.debug(`exchange: ${what} for unknown market ${marketId}`);
    return m;
  }

  private apply(model: Model, message: ServerMessage): void {
    const msg = message.message;
    const d = this.dirty;
    switch (msg.case) {
      case 'authenticated':
        model.userId = model.authenticatedId = msg.value.accountId;
        d.identity = true;
        break;
      case 'actingAs': {
        const impersonated = message.requestId ? this.impersonations.get(message.requestId) : undefined;
        if (impersonated !== undefined && impersonated === msg.value.accountId) model.userId = impersonated;
        model.actingAs = msg.value.accountId;
        d.identity = true;
        // Remember it for the next sign-in, unless it belongs to an impersonated user (a new
        // connection starts as ourselves and could not act as it).
        if (model.userId === model.authenticatedId) this.opts.storage?.setItem(ACT_AS_KEY, String(msg.value.accountId));
        if (this.incoming === model) this.snapshotComplete();
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
          this.touchTx(model, t.transactionId);
        }
        d.transfers = true;
        break;
      case 'transferCreated':
        model.transfers.set(msg.value.id, msg.value);
        this.touchTx(model, msg.value.transactionId);
        d.transfers = true;
        break;
      case 'accounts':
        model.accounts = new Map(msg.value.accounts.map((a) => [a.id, a]));
        d.accounts = true;
        // Accounts opens a re-sent public block (after SetSudo or an ownership change).
        if (model === this.model && !this.incoming) this.beginResync();
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
        if (model === this.model) this.resync?.markets.add(market.id);
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
        this.touchTx(model, market.transactionId);
        d.markets.add(market.id);
        break;
      }
      case 'marketSettled': {
        const s = msg.value;
        const m = this.marketModel(model, s.id, 'MarketSettled');
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
          for (const id of m.live.keys()) this.pushSize(m, id, 0, s.transactionId, s.transactionTimestamp);
        }
        m.live.clear();
        this.touchTx(model, s.transactionId);
        d.markets.add(s.id);
        break;
      }
      case 'orders': {
        const o = msg.value;
        const m = this.marketModel(model, o.marketId, 'Orders');
        if (!m) break;
        if (o.hasFullHistory) {
          this.inFlightHistory.delete(`orders:${o.marketId}`);
          m.history = new Map(o.orders.map((order) => [order.id, order]));
          m.live = new Map(o.orders.filter((order) => order.size > 0).map((order) => [order.id, order]));
          for (const order of o.orders) {
            this.touchTx(model, order.transactionId);
            for (const s of order.sizes) this.touchTx(model, s.transactionId);
          }
        } else {
          m.live = new Map(o.orders.map((order) => [order.id, order]));
          m.history = null;
          for (const order of o.orders) this.touchTx(model, order.transactionId);
          this.refetchLater(model, o.marketId, 'orders');
        }
        d.markets.add(o.marketId);
        break;
      }
      case 'trades': {
        const t = msg.value;
        const m = this.marketModel(model, t.marketId, 'Trades');
        if (!m) break;
        m.trades = [...t.trades].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        m.tradeIds = new Set(m.trades.map((x) => x.id));
        m.tradesFull = t.hasFullHistory;
        if (t.hasFullHistory) this.inFlightHistory.delete(`trades:${t.marketId}`);
        for (const trade of t.trades) this.touchTx(model, trade.transactionId);
        if (!t.hasFullHistory) this.refetchLater(model, t.marketId, 'trades');
        d.markets.add(t.marketId);
        break;
      }
      case 'orderCreated':
        this.applyOrderCreated(model, msg.value);
        break;
      case 'ordersCancelled': {
        const c = msg.value;
        const m = this.marketModel(model, c.marketId, 'OrdersCancelled');
        if (!m) break;
        for (const id of c.orderIds) {
          m.live.delete(id);
          if (m.history) this.pushSize(m, id, 0, c.transactionId, c.transactionTimestamp);
        }
        this.touchTx(model, c.transactionId);
        d.markets.add(c.marketId);
        break;
      }
      case 'auction':
        if (model === this.model) this.resync?.auctions.add(msg.value.id);
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
        this.touchTx(model, msg.value.transactionId);
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

  private applyOrderCreated(model: Model, oc: OrderCreated): void {
    const m = this.marketModel(model, oc.marketId, 'OrderCreated');
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
      if (m.history) this.pushSize(m, fill.id, fill.sizeRemaining, tx, oc.transactionTimestamp);
    }
    for (const trade of oc.trades) {
      if (m.tradeIds.has(trade.id)) continue;
      m.tradeIds.add(trade.id);
      const last = m.trades[m.trades.length - 1];
      m.trades.push(trade);
      if (last && last.id > trade.id) m.trades.sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    this.touchTx(model, tx);
    this.dirty.markets.add(oc.marketId);
  }

  private pushSize(m: MarketModel, orderId: bigint, size: number, tx: bigint, ts: Order['transactionTimestamp']): void {
    const order = m.history?.get(orderId);
    if (!order || !m.history) return;
    const last = order.sizes[order.sizes.length - 1];
    if (last && last.transactionId >= tx) return; // already known (snapshot/event overlap)
    const entry = create(SizeSchema, { transactionId: tx, size, transactionTimestamp: ts });
    m.history.set(orderId, { ...order, size, sizes: [...order.sizes, entry] });
  }

  /** A re-sent snapshot list dropped loaded history: fetch it again if someone watches. */
  private refetchLater(model: Model, marketId: bigint, what: 'trades' | 'orders'): void {
    if (model !== this.model || this.status !== 'ready') return;
    const watchers = what === 'trades' ? this.tradeWatchers : this.historyWatchers;
    if (watchers.has(marketId)) this.afterFlush.push(() => this.ensureHistory(marketId, what));
  }

  private snapshotComplete(): void {
    const fresh = this.incoming!;
    const old = this.model;
    // Keep loaded trades on screen until the re-fetch replaces them (no empty flash).
    for (const [id, m] of fresh.markets) {
      const before = old.markets.get(id);
      if (before && this.tradeWatchers.has(id) && m.trades.length === 0) {
        m.trades = before.trades;
        m.tradeIds = new Set(before.tradeIds);
      }
    }
    this.model = fresh;
    this.incoming = null;
    this.status = 'ready';
    this.statusDetail = '';
    this.retryCount = 0;
    this.markAllDirty();
    this.hasState = true;
    // Requests queued while we were away go out behind the snapshot.
    const queued = this.queue;
    this.queue = [];
    for (const entry of queued) {
      if (this.pending.has(entry.id)) this.sendEntry(entry);
    }
    for (const id of this.tradeWatchers.keys()) this.ensureHistory(id, 'trades');
    for (const id of this.historyWatchers.keys()) this.ensureHistory(id, 'orders');
    // A new connection starts with sudo off; the admin had it on, so switch it on again.
    if (this.wantSudo && !fresh.sudo) {
      this.setSudo(true).catch((e: Error) => this.opts.onError?.(`Could not restore admin mode: ${e.message}`));
    }
  }

  private markAllDirty(): void {
    const d = this.dirty;
    d.identity = d.accounts = d.portfolios = d.transfers = d.types = d.groups = d.auctions = true;
    d.allMarkets = true;
  }

  // =====================================================================================
  // Publishing
  // =====================================================================================

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.opts.schedule(() => this.flush());
  }

  /** Publishes every pending change to the reactive state (normally once per frame). */
  flush(): void {
    this.flushScheduled = false;
    const model = this.model;
    const d = this.dirty;
    if (d.identity) {
      this.userId = model.userId;
      this.authenticatedId = model.authenticatedId;
      this.actingAs = model.actingAs;
      this.sudo = model.sudo;
    }
    if (d.accounts) this.accounts = new Map(model.accounts);
    if (d.portfolios) this.portfolios = new Map(model.portfolios);
    if (d.transfers) {
      this.transfers = [...model.transfers.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
    }
    if (d.types) this.marketTypes = new Map(model.marketTypes);
    if (d.groups) this.marketGroups = new Map(model.marketGroups);
    if (d.auctions) this.auctions = new Map(model.auctions);
    if (d.allMarkets || d.markets.size > 0) {
      const next = new Map<bigint, MarketView>();
      for (const [id, m] of model.markets) {
        const previous = this.markets.get(id);
        next.set(id, !d.allMarkets && !d.markets.has(id) && previous ? previous : this.view(m));
      }
      this.markets = next;
    }
    if (model.lastTransactionId !== this.lastTransactionId) this.lastTransactionId = model.lastTransactionId;
    d.identity = d.accounts = d.portfolios = d.transfers = d.types = d.groups = d.auctions = false;
    d.allMarkets = false;
    d.markets.clear();
    const callbacks = this.afterFlush;
    this.afterFlush = [];
    for (const callback of callbacks) callback();
  }

  private view(m: MarketModel): MarketView {
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

  // =====================================================================================
  // Lookups
  // =====================================================================================

  accountName(id: bigint | undefined | null): string {
    if (id === undefined || id === null) return '';
    return this.accounts.get(id)?.name ?? `#${id}`;
  }

  accountByName(name: string): Account | undefined {
    for (const account of this.accounts.values()) if (account.name === name) return account;
    return undefined;
  }

  isOwned(id: bigint): boolean {
    return id === this.userId || this.portfolios.has(id);
  }
}

/** Whether a market can be traded, as the server sees it. */
export function marketPhase(market: Market): 'open' | 'semi-paused' | 'paused' | 'settled' {
  if (market.marketState.case === 'closed') return 'settled';
  if (market.status === MarketStatus.PAUSED) return 'paused';
  if (market.status === MarketStatus.SEMI_PAUSED) return 'semi-paused';
  return 'open';
}

/** The app's one connection. */
export const api = new ExchangeApi();
