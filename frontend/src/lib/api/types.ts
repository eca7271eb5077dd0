// The public types of the exchange API, and the request/reply typing its internals share.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  MarketStatus,
  type ClientMessageSchema,
  type Market,
  type MarketStatusChange,
  type Order,
  type Redeemed,
  type ServerMessage,
  type Trade,
} from '@exchange/schema';
import type { Notice } from './notices';

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
  /** True once the full trade history was received (the snapshot has only the last trade). */
  tradesLoaded: boolean;
  /** The market's status log (MarketStatusChanges), ascending; empty for markets older than the log. */
  statusChanges: readonly MarketStatusChange[];
  /** Every order ever placed with its size history, once requested; else null. */
  orderHistory: readonly Order[] | null;
  /** A fund's redemptions, once its full trade history is loaded (else empty). */
  redemptions: readonly Redeemed[];
}

export type RequestInit = NonNullable<MessageInitShape<typeof ClientMessageSchema>['message']>;
export type ReplyCase = NonNullable<ServerMessage['message']['case']>;
export type Reply<C extends ReplyCase> = Extract<ServerMessage['message'], { case: C }>['value'];

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
  /** WebSocket URL of a cohort; default ws(s)://<this host>/api/ws/<cohort> (/api without one). */
  url?: (cohort: string) => string;
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
  /** Called for what the trader should be told about (fills, settlements, money in; notices.ts). */
  onNotice?: (notice: Notice) => void;
  backoff?: { initialMs: number; maxMs: number };
}

/** ApiOptions with every default filled in; the callbacks may be replaced later. */
export type ResolvedOptions = Required<Omit<ApiOptions, 'onError' | 'onUnauthorized' | 'onNotice'>> &
  Pick<ApiOptions, 'onError' | 'onUnauthorized' | 'onNotice'>;

/** Whether a market can be traded, as the server sees it. */
export function marketPhase(market: Market): 'open' | 'semi-paused' | 'paused' | 'settled' {
  if (market.marketState.case === 'closed') return 'settled';
  if (market.status === MarketStatus.PAUSED) return 'paused';
  if (market.status === MarketStatus.SEMI_PAUSED) return 'semi-paused';
  return 'open';
}
