// The exchange connection and everything the server told us.
//
// One WebSocket to /api carries binary frames, each one protobuf message (ClientMessage up,
// ServerMessage down). Incoming messages are applied at once to a plain, non-reactive model;
// once per animation frame the parts that changed are published to Svelte state as immutable
// snapshots, so a burst of hundreds of messages costs one re-render.
//
// Protocol points this relies on (protocol.md):
// - the snapshot after Authenticate ends with ActingAs (5.2): until then messages build a
//   fresh model which replaces the old one in one go (reconnects never show half a state);
// - request/reply matching is in connection.ts, how each message changes the model in model.ts.
import { fromBinary } from '@bufbuild/protobuf';
import {
  ServerMessageSchema,
  type Account,
  type ActingAs,
  type Auction,
  type Market,
  type MarketGroup,
  type MarketType,
  type Portfolio,
  type ServerMessage,
  type SudoStatus,
  type Transfer,
} from '@exchange/schema';
import { Connection, defaultUrl } from './connection';
import { Dirty, Model, applyMessage, dropUnlisted, marketView, type ApplyHooks, type HistoryKind } from './model';
import { ExchangeRequests } from './requests';
import {
  RequestError,
  type ApiOptions,
  type ConnectionStatus,
  type Credentials,
  type MarketView,
  type RequestInit,
  type ResolvedOptions,
  type SocketLike,
} from './types';

/** The message kinds of a re-sent public block (protocol.md 5.2 steps 6-10). */
const RESYNC_BLOCK = new Set<string>(['accounts', 'marketTypes', 'marketGroups', 'market', 'orders', 'trades', 'auction']);
const RESYNC_QUIET_MS = 1500;

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

export class ExchangeApi extends ExchangeRequests {
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
  private readonly dirty = new Dirty();
  private flushScheduled = false;
  private afterFlush: (() => void)[] = [];

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
  private readonly opts: ResolvedOptions;
  private readonly connection: Connection;

  private readonly applyHooks: ApplyHooks = {
    dirty: this.dirty,
    impersonated: (requestId) => this.impersonations.get(requestId),
    rememberActAs: (accountId) => this.connection.rememberActAs(accountId),
    snapshotComplete: () => this.snapshotComplete(),
    publicBlockStarted: () => this.beginResync(),
    listed: (kind, id) => {
      (kind === 'market' ? this.resync?.markets : this.resync?.auctions)?.add(id);
    },
    historyLoaded: (what, marketId) => {
      this.inFlightHistory.delete(`${what}:${marketId}`);
    },
    historyDropped: (what, marketId) => this.refetchLater(marketId, what),
  };

  constructor(options: ApiOptions = {}) {
    super();
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
    this.connection = new Connection(this.opts, this, {
      receive: (frame) => this.receive(frame),
      startSnapshot: () => {
        this.incoming = new Model();
      },
      dropSnapshot: () => {
        this.incoming = null;
      },
      connectionLost: () => this.endResync(false),
      requestsFailed: () => this.inFlightHistory.clear(),
    });
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
    this.connection.connect(credentials);
  }

  /** Closes the connection and forgets everything (sign out). */
  disconnect(): void {
    this.wantSudo = false;
    this.adminConfirmed = null;
    this.endResync(false);
    this.connection.stop('Signed out');
    this.model = new Model();
    this.incoming = null;
    this.dirty.markAll();
    this.status = 'offline';
    this.statusDetail = '';
    this.hasState = false;
    this.flush();
  }

  /** Forgets the remembered acting-as account (e.g. on sign out). */
  forgetActAs(): void {
    this.connection.forgetActAs();
  }

  /** Reconnects now instead of waiting for the backoff (the indicator's "retry"). */
  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  // =====================================================================================
  // Requests (one method per request kind: see requests.ts)
  // =====================================================================================

  request(message: RequestInit): Promise<ServerMessage> {
    return this.connection.request(message).promise;
  }

  protected knownMarket(id: bigint): Market | undefined {
    return this.model.markets.get(id)?.market;
  }

  /**
   * Acts as one of our accounts, or (sudo admin, a user outside our owned set) impersonates
   * that user: the server then re-sends the private data of the user's accounts and U
   * becomes that user until we act as ourselves again or reconnect (protocol.md 3.3.8).
   */
  actAs(accountId: bigint): Promise<ActingAs> {
    const owned = this.model.userId === accountId || this.model.portfolios.has(accountId);
    if (owned) return this.expect({ case: 'actAs', value: { accountId } }, 'actingAs');
    const request = this.connection.request({ case: 'actAs', value: { accountId } });
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

  /** Keeps the market's full trade history loaded (re-fetched after reconnects). */
  watchTrades(marketId: bigint): () => void {
    return this.watch(this.tradeWatchers, marketId, 'trades');
  }

  /** Keeps the market's full order history (size histories) loaded. */
  watchOrderHistory(marketId: bigint): () => void {
    return this.watch(this.historyWatchers, marketId, 'orders');
  }

  private watch(watchers: Map<bigint, number>, marketId: bigint, what: HistoryKind): () => void {
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

  private ensureHistory(marketId: bigint, what: HistoryKind): void {
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

  /** A re-sent snapshot list dropped loaded history: fetch it again if someone watches. */
  private refetchLater(marketId: bigint, what: HistoryKind): void {
    if (this.status !== 'ready') return;
    const watchers = what === 'trades' ? this.tradeWatchers : this.historyWatchers;
    if (watchers.has(marketId)) this.afterFlush.push(() => this.ensureHistory(marketId, what));
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
      this.connection.fail(requestId, msg.value.requestDetails?.kind ?? 'Unknown', msg.value.errorDetails?.message ?? '');
      return;
    }

    if (this.resync) {
      if (this.incoming || !msg.case || !RESYNC_BLOCK.has(msg.case)) this.endResync(true);
      else this.touchResync();
    }
    const model = this.incoming ?? this.model;
    try {
      applyMessage(model, message, model === this.model, this.applyHooks);
    } catch (e) {
      // A message we cannot apply must never take the app down.
      console.error('exchange: cannot apply', msg.case, e);
    }

    const entry = this.connection.claim(requestId);
    if (entry) this.afterFlush.push(() => entry.resolve(message));
    this.scheduleFlush();
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
    if (apply) dropUnlisted(this.model, r, this.dirty);
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
    this.dirty.markAll();
    this.hasState = true;
    // Requests queued while we were away go out behind the snapshot.
    this.connection.ready();
    for (const id of this.tradeWatchers.keys()) this.ensureHistory(id, 'trades');
    for (const id of this.historyWatchers.keys()) this.ensureHistory(id, 'orders');
    // A new connection starts with sudo off; the admin had it on, so switch it on again.
    if (this.wantSudo && !fresh.sudo) {
      this.setSudo(true).catch((e: Error) => this.opts.onError?.(`Could not restore admin mode: ${e.message}`));
    }
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
        next.set(id, !d.allMarkets && !d.markets.has(id) && previous ? previous : marketView(m));
      }
      this.markets = next;
    }
    if (model.lastTransactionId !== this.lastTransactionId) this.lastTransactionId = model.lastTransactionId;
    d.clear();
    const callbacks = this.afterFlush;
    this.afterFlush = [];
    for (const callback of callbacks) callback();
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
