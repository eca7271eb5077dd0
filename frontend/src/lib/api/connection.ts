// The WebSocket under ExchangeApi: opening and reconnecting, the Authenticate handshake, and
// requests matched to their replies by request_id. It owns the connection status and emits
// events (status changes, frames, snapshot start/drop, failures) that the store subscribes to.
//
// Results of a request carry its request_id, and published results reach *every* client with
// the requester's id (protocol.md 2.6): request ids are therefore random per connection, and
// a request resolves on the first message with its id (or rejects on RequestFailed).
import { create, toBinary } from '@bufbuild/protobuf';
import { ClientMessageSchema, type ServerMessage } from '@exchange/schema';
import { Emitter } from './events';
import {
  RequestError,
  type ConnectionStatus,
  type Credentials,
  type RequestInit,
  type ResolvedOptions,
  type SocketLike,
} from './types';

/** A request waiting for its reply; queued (unsent) until the snapshot is complete. */
export interface Pending {
  id: string;
  frame: Uint8Array;
  sent: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
}

/** What the connection announces, with the arguments each listener gets. */
export interface ConnectionEvents {
  /** The status (or its human-readable detail) changed. */
  status: [status: ConnectionStatus, detail: string];
  /** A binary frame arrived. */
  frame: [frame: Uint8Array];
  /** Authenticate goes out: the messages that follow build a fresh snapshot. */
  snapshotStarted: [];
  /** The snapshot being received, if any, will never complete. */
  snapshotDropped: [];
  /** The socket was lost: a re-sent public block in progress ends unapplied. */
  lost: [];
  /** Requests were failed for want of a connection (history loads may go out again). */
  requestsFailed: [];
  /** A failure nobody awaits (a text frame, a RequestFailed for no pending request). */
  error: [message: string];
  /** The server refused the credentials (after the act_as retry), or none could be had. */
  unauthorized: [message: string];
}

/** The options the connection uses (the error callbacks are the store's business). */
export type ConnectionOptions = Pick<ResolvedOptions, 'url' | 'createSocket' | 'storage' | 'requestTimeoutMs' | 'backoff'>;

const OPEN = 1;

/** Where the acting account is remembered: one per cohort (cohorts.md 8). */
export function actAsKey(cohort: string): string {
  return cohort ? `exchange.${cohort}.actAs` : 'exchange.actAs';
}

/** The cohort's socket, /api/ws/<cohort>; without a cohort the default cohort's /api. */
export function cohortSocketUrl(origin: { protocol: string; host: string }, cohort: string): string {
  const base = `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}/api`;
  return cohort ? `${base}/ws/${encodeURIComponent(cohort)}` : base;
}

export function defaultUrl(cohort = ''): string {
  return cohortSocketUrl(window.location, cohort);
}

function randomId(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Connection extends Emitter<ConnectionEvents> {
  private statusValue: ConnectionStatus = 'offline';
  private detail = '';
  private socket: SocketLike | null = null;
  private credentials: (() => Promise<Credentials>) | null = null;
  /** The cohort whose socket we use ('' = the server's default cohort at /api). */
  private cohortName = '';
  private lastCredentials: Credentials | null = null;
  private authRequestId = '';
  private authActAs = 0n;
  private authRetried = false;
  private retryCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectionPrefix = randomId();
  private nextRequest = 0;
  private pending = new Map<string, Pending>();
  private queue: Pending[] = [];

  constructor(private readonly opts: ConnectionOptions) {
    super();
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** Changes the status; the detail stays unless a new one is given. */
  private setStatus(status: ConnectionStatus, detail = this.detail): void {
    if (status === this.statusValue && detail === this.detail) return;
    this.statusValue = status;
    this.detail = detail;
    this.emit('status', status, detail);
  }

  /** Starts (or restarts) the connection; `credentials` is asked again on every attempt. */
  connect(credentials: () => Promise<Credentials>, cohort = ''): void {
    this.credentials = credentials;
    this.cohortName = cohort;
    this.retryCount = 0;
    this.closeSocket();
    this.open();
  }

  /** Closes for good (sign out), failing every request. */
  stop(reason: string): void {
    this.credentials = null;
    this.closeSocket();
    this.failAll(reason);
    this.setStatus('offline', '');
  }

  /** Reconnects now instead of waiting for the backoff. */
  reconnectNow(): void {
    if (!this.credentials) return;
    this.retryCount = 0;
    this.closeSocket();
    this.open();
  }

  rememberActAs(accountId: bigint): void {
    this.opts.storage?.setItem(actAsKey(this.cohortName), String(accountId));
  }

  forgetActAs(): void {
    this.opts.storage?.removeItem(actAsKey(this.cohortName));
  }

  /** The snapshot is complete: queued requests go out behind it. */
  ready(): void {
    this.setStatus('ready', '');
    this.retryCount = 0;
    const queued = this.queue;
    this.queue = [];
    for (const entry of queued) {
      if (this.pending.has(entry.id)) this.sendEntry(entry);
    }
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
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url(this.cohortName));
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
          this.setStatus('unauthorized', (e as Error)?.message ?? 'Not signed in');
          this.closeSocket();
          this.emit('unauthorized', this.detail);
        },
      );
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const data = event.data;
      if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
        this.emit('error', 'The server sent a text frame');
        return;
      }
      this.emit('frame', data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array));
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
    this.setStatus('authenticating');
    this.emit('snapshotStarted');
    this.authRetried = false;
    const remembered = this.opts.storage?.getItem(actAsKey(this.cohortName));
    this.authActAs = remembered && /^\d+$/.test(remembered) ? BigInt(remembered) : 0n;
    this.sendAuthenticate(creds);
  }

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
    this.emit('lost');
    this.failSent(`${reason} before the server replied`);
    this.emit('snapshotDropped');
    if (!this.credentials || this.statusValue === 'unauthorized') return;
    this.setStatus('reconnecting', reason);
    const { initialMs, maxMs } = this.opts.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** this.retryCount) * (0.75 + Math.random() * 0.5);
    this.retryCount = Math.min(this.retryCount + 1, 16);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  /**
   * Sends a request; its promise resolves with the first message carrying its request_id,
   * rejects with RequestError on RequestFailed, on timeout, or when the connection drops first.
   * Requests made before the snapshot is complete are queued and sent once it is.
   */
  request(message: RequestInit): { id: string; promise: Promise<ServerMessage> } {
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
      if (this.statusValue === 'ready' && this.socket?.readyState === OPEN) this.sendEntry(entry);
      else this.queue.push(entry);
    });
    return { id, promise };
  }

  private sendEntry(entry: Pending): void {
    entry.sent = true;
    this.socket!.send(entry.frame);
  }

  /** Takes the request a reply answers off the pending list (undefined if none waits). */
  claim(requestId: string): Pending | undefined {
    const entry = requestId ? this.pending.get(requestId) : undefined;
    if (entry) {
      this.pending.delete(requestId);
      if (entry.timer) clearTimeout(entry.timer);
    }
    return entry;
  }

  /** Handles a RequestFailed: a refused sign-in, or the failure of one of our requests. */
  fail(requestId: string, kind: string, text: string): void {
    if (kind === 'Authenticate' && (requestId === this.authRequestId || this.statusValue === 'authenticating')) {
      if (text === 'Rate Limited') {
        // The server closes the connection after this; it is not a verdict on the tokens.
        this.emit('snapshotDropped');
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
      this.setStatus('unauthorized', text);
      this.emit('snapshotDropped');
      this.closeSocket();
      this.failAll(`Sign-in failed: ${text}`);
      this.emit('unauthorized', text);
      return;
    }
    const entry = this.claim(requestId);
    if (entry) {
      entry.reject(new RequestError(kind, text));
      return;
    }
    this.emit('error', text ? `${kind}: ${text}` : `${kind} failed`);
  }

  private failSent(reason: string): void {
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.pending.delete(id);
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new RequestError('Connection', reason));
    }
    this.emit('requestsFailed');
  }

  private failAll(reason: string): void {
    for (const entry of this.pending.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new RequestError('Connection', reason));
    }
    this.pending.clear();
    this.queue = [];
    this.emit('requestsFailed');
  }
}
