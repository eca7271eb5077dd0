// The exchange connection and everything the server told us. One WebSocket per cohort
// (/api/ws/<cohort>), one protobuf message per binary frame. Messages are applied at once to a
// plain model (apply.ts, whose effects `perform` carries out); once per animation frame the
// changed parts are published to Svelte state, so a burst of messages costs one re-render. The
// login snapshot (ending with ActingAs) builds a fresh model that replaces the old one in one go.
import { fromBinary } from '@bufbuild/protobuf';
import {
  ServerMessageSchema,
  type Account,
  type ActingAs,
  type Auction,
  type MarketGroup,
  type MarketType,
  type OptionExercised,
  type Portfolio,
  type ServerMessage,
  type SudoStatus,
  type Transfer,
  type Universe,
} from '@exchange/schema';
import { applyMessage } from './apply';
import { noticeContext, noticesFor, type Notice } from './notices';
import { Connection } from './connection';
import type { Effect, HistoryKind } from './effects';
import { HistoryWatch } from './history';
import { Dirty, Model, dropUnlisted, keepTrades } from './model';
import { createRequests, expectReply, type Requests } from './requests';
import { resolveOptions } from './options';
import { applyOwnershipChange } from './ownership';
import { Resync } from './resync';
import { SudoMemory } from './sudo-memory';
import { displayName } from '../universes';
import { publishChanges } from './publish';
import {
  RequestError,
  type ApiOptions,
  type ConnectionStatus,
  type Credentials,
  type MarketView,
  type RequestInit,
  type ResolvedOptions,
} from './types';

// The request methods (requests.ts), mixed into the store in the constructor, typed here.
export interface ExchangeApi extends Requests {}

export class ExchangeApi {
  // ---- published state (read by components) ----
  status = $state<ConnectionStatus>('offline');
  statusDetail = $state(''); // why the last disconnect or refusal happened
  /** U: whose accounts we see and act for (the impersonated user during an impersonation). */
  userId = $state<bigint | null>(null);
  /** The account this connection signed in as (differs from userId while impersonating). */
  authenticatedId = $state<bigint | null>(null);
  actingAs = $state<bigint | null>(null);
  /** The server's sudo flag for this connection (SudoStatus), false after every reconnect. */
  sudo = $state(false);
  /** The cohort of the connection ('' before the first connect). */
  cohort = $state('');
  /** Authenticated.is_cohort_member (false: a guest) and auction_enabled. */
  isCohortMember = $state(true);
  auctionEnabled = $state(true);
  /**
   * Whether the person is an admin: Authenticated.is_admin once signed in; before that the
   * token's roles claim (`adminHint`, display only); a SetSudo refusal says no.
   */
  adminHint = $state(false);
  adminConfirmed = $state<boolean | null>(null);
  serverAdmin = $state<boolean | null>(null);
  isAdmin = $derived(this.adminConfirmed === false ? false : (this.serverAdmin ?? this.adminConfirmed ?? this.adminHint));
  universes = $state.raw<ReadonlyMap<bigint, Universe>>(new Map());
  /** The universe of the acting account (0 = Main). */
  universeId = $state(0n);
  impersonating = $derived(this.userId !== null && this.authenticatedId !== null && this.userId !== this.authenticatedId);
  accounts = $state.raw<ReadonlyMap<bigint, Account>>(new Map());
  portfolios = $state.raw<ReadonlyMap<bigint, Portfolio>>(new Map());
  transfers = $state.raw<readonly Transfer[]>([]);
  markets = $state.raw<ReadonlyMap<bigint, MarketView>>(new Map());
  marketTypes = $state.raw<ReadonlyMap<bigint, MarketType>>(new Map());
  marketGroups = $state.raw<ReadonlyMap<bigint, MarketGroup>>(new Map());
  auctions = $state.raw<ReadonlyMap<bigint, Auction>>(new Map());
  lastTransactionId = $state(0n);
  /** Option exercises involving our accounts, ascending transaction id (loadExercises, live). */
  exercises = $state.raw<readonly OptionExercised[]>([]);
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
  /** Sudo was switched on by the person: switch it on again after a reconnect or reload. */
  private readonly sudoMemory: SudoMemory;
  private readonly resync = new Resync((listed) => dropUnlisted(this.model, listed, this.dirty), () => this.scheduleFlush());
  private readonly history: HistoryWatch;
  private readonly opts: ResolvedOptions;
  private readonly connection: Connection;

  constructor(options: ApiOptions = {}) {
    this.opts = resolveOptions(options);
    this.sudoMemory = new SudoMemory(this.opts.storage);
    const send = (message: RequestInit) => this.request(message);
    const known = (id: bigint) => this.model.markets.get(id)?.market;
    Object.assign(this, createRequests(send, known, (change) => this.performAll(applyOwnershipChange(this.model, change))));
    this.history = new HistoryWatch({
      ready: () => this.connection.status === 'ready',
      market: (id) => this.model.markets.get(id),
      load: (what, marketId) => (what === 'trades' ? this.getFullTradeHistory(marketId) : this.getFullOrderHistory(marketId)),
      onError: (message) => this.opts.onError?.(message),
    });
    this.connection = this.subscribe(new Connection(this.opts));
  }

  /** Mirrors the connection's status and reacts to what it reports. */
  private subscribe(connection: Connection): Connection {
    connection.on('status', (status, detail) => {
      this.status = status;
      this.statusDetail = detail;
    });
    connection.on('frame', (frame) => this.receive(frame));
    connection.on('snapshotStarted', () => {
      this.incoming = new Model();
    });
    connection.on('snapshotDropped', () => {
      this.incoming = null;
    });
    connection.on('lost', () => this.resync.end(false));
    connection.on('requestsFailed', () => this.history.forgetInFlight());
    connection.on('error', (message) => this.opts.onError?.(message));
    connection.on('unauthorized', (message) => this.opts.onUnauthorized?.(message));
    return connection;
  }

  // prettier-ignore
  set onError(handler: ((message: string) => void) | undefined) { this.opts.onError = handler; }
  // prettier-ignore
  set onUnauthorized(handler: ((message: string) => void) | undefined) { this.opts.onUnauthorized = handler; }
  // prettier-ignore
  set onNotice(handler: ((notice: Notice) => void) | undefined) { this.opts.onNotice = handler; }

  // ---- Connection ----

  /** Starts (or restarts) the connection; `credentials` is asked again on every attempt. */
  connect(credentials: () => Promise<Credentials>, cohort = ''): void {
    if (cohort !== this.cohort) this.disconnect();
    this.cohort = cohort;
    this.connection.connect(credentials, cohort);
  }

  /** Closes the connection and forgets everything (sign out). */
  disconnect(): void {
    this.adminConfirmed = null;
    this.serverAdmin = null;
    this.resync.end(false);
    this.connection.stop('Signed out'); // the status becomes offline
    this.model = new Model();
    this.incoming = null;
    this.dirty.markAll();
    this.hasState = false;
    this.flush();
  }

  /** Forgets the remembered acting-as account and admin mode (on sign out). */
  forgetActAs(): void {
    this.connection.forgetActAs();
    this.sudoMemory.forget(this.cohort);
  }

  /** Reconnects now instead of waiting for the backoff (the indicator's "retry"). */
  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  // ---- Requests (one method per request kind, mixed in from requests.ts) ----

  /** Sends a request (queued until the snapshot is complete); see Connection.request. */
  request(message: RequestInit): Promise<ServerMessage> {
    return this.connection.request(message).promise;
  }

  /**
   * Acts as one of our accounts, or (sudo admin, a user outside our owned set) impersonates
   * that user: the server then re-sends the private data of the user's accounts and U
   * becomes that user until we act as ourselves again or reconnect (protocol.md 3.3.8).
   */
  actAs(accountId: bigint): Promise<ActingAs> {
    const owned = this.model.userId === accountId || this.model.portfolios.has(accountId);
    if (owned) return expectReply((m) => this.request(m), { case: 'actAs', value: { accountId } }, 'actingAs');
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
      const status = await expectReply((m) => this.request(m), { case: 'setSudo', value: { enabled } }, 'sudoStatus');
      this.sudoMemory.set(this.cohort, status.enabled, this.model.authenticatedId);
      if (status.enabled) this.adminConfirmed = true;
      return status;
    } catch (e) {
      if (enabled && e instanceof RequestError && e.kind === 'SetSudo') {
        this.adminConfirmed = false;
        this.sudoMemory.forget(this.cohort);
      }
      throw e;
    }
  }

  /** Keeps the market's full trade history loaded (re-fetched after reconnects). */
  watchTrades(marketId: bigint): () => void {
    return this.history.watch(marketId, 'trades');
  }

  /** Keeps the market's full order history (size histories) loaded. */
  watchOrderHistory(marketId: bigint): () => void {
    return this.history.watch(marketId, 'orders');
  }

  // ---- Incoming messages ----

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

    this.resync.observe(msg.case, this.incoming !== null);
    const model = this.incoming ?? this.model;
    const impersonated = msg.case === 'actingAs' && requestId ? this.impersonations.get(requestId) : undefined;
    try {
      // Decided before applying: a settlement removes the positions its payout is made of.
      if (model === this.model && this.opts.onNotice) this.tell(noticesFor(msg, noticeContext(this.model)));
      const effects = applyMessage(model, message, { live: model === this.model, impersonated });
      for (const effect of effects) this.perform(effect);
    } catch (e) {
      // A message we cannot apply must never take the app down.
      console.error('exchange: cannot apply', msg.case, e);
    }

    const entry = this.connection.claim(requestId);
    if (entry) this.afterFlush.push(() => entry.resolve(message));
    this.scheduleFlush();
  }

  /** Hands notices to the app after the publish, so the screen shows the change with them. */
  private tell(notices: Notice[]): void {
    for (const notice of notices) this.afterFlush.push(() => this.opts.onNotice?.(notice));
  }

  /** Carries out effects applied outside a message (an accepted request), and publishes. */
  private performAll(effects: Effect[]): void {
    effects.forEach((effect) => this.perform(effect));
    this.scheduleFlush();
  }
  /** Carries out one effect of applying a message. */
  private perform(effect: Effect): void {
    switch (effect.kind) {
      case 'changed':
      case 'marketChanged':
        this.dirty.mark(effect);
        break;
      case 'rememberActAs':
        this.connection.rememberActAs(effect.accountId);
        break;
      case 'snapshotComplete':
        this.snapshotComplete();
        break;
      case 'publicBlockStarted':
        this.resync.begin();
        break;
      case 'listed':
        this.resync.listed(effect.what, effect.id);
        break;
      case 'historyLoaded':
        this.history.loaded(effect.what, effect.marketId);
        break;
      case 'historyDropped':
        this.refetchLater(effect.marketId, effect.what);
        break;
    }
  }

  /** A re-sent snapshot list dropped loaded history: fetch it again if someone watches. */
  private refetchLater(marketId: bigint, what: HistoryKind): void {
    if (this.connection.status !== 'ready') return;
    if (this.history.isWatched(marketId, what)) this.afterFlush.push(() => this.history.ensure(marketId, what));
  }

  private snapshotComplete(): void {
    const fresh = this.incoming!;
    // Keep loaded trades on screen until the re-fetch replaces them (no empty flash).
    keepTrades(fresh, this.model, (id) => this.history.isWatched(id, 'trades'));
    // Exercises are not in the snapshot: keep those of the same user until re-fetched.
    if (fresh.userId === this.model.userId) fresh.exercises = this.model.exercises;
    this.model = fresh;
    this.incoming = null;
    this.dirty.markAll();
    this.hasState = true;
    // The status becomes ready; requests queued while we were away go out behind the snapshot.
    this.connection.ready();
    this.history.ensureAll();
    // A new connection starts with sudo off; the admin had it on, so switch it on again.
    if (this.sudoMemory.wanted(this.cohort, fresh.authenticatedId) && !fresh.sudo) {
      this.setSudo(true).catch((e: Error) => this.opts.onError?.(`Could not restore admin mode: ${e.message}`));
    }
  }

  // ---- Publishing ----

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.opts.schedule(() => this.flush());
  }

  /** Publishes every pending change to the reactive state (normally once per frame). */
  flush(): void {
    this.flushScheduled = false;
    publishChanges(this, this.model, this.dirty);
    this.dirty.clear();
    const callbacks = this.afterFlush;
    this.afterFlush = [];
    for (const callback of callbacks) callback();
  }

  // ---- Lookups ----

  accountName(id: bigint | undefined | null): string {
    if (id === undefined || id === null) return '';
    // Names of accounts in universes carry a `<universe>__` prefix (universes.ts): not shown.
    return displayName(this.accounts.get(id)?.name ?? `#${id}`);
  }

  accountByName(name: string): Account | undefined {
    for (const account of this.accounts.values()) if (account.name === name) return account;
    return undefined;
  }

  isOwned(id: bigint): boolean {
    return id === this.userId || this.portfolios.has(id);
  }
}
