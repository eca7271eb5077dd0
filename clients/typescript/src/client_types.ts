// The client's public types and errors (client.ts re-exports them).
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ClientMessageSchema, ServerMessage } from '@exchange/schema';

/** What a request may be: one case of ClientMessage's `message` oneof, e.g. {case: 'out', value: {}}. */
export type RequestMessage = NonNullable<MessageInitShape<typeof ClientMessageSchema>['message']>;
/** The name of one kind of server message ('orderCreated', 'transferCreated', ...). */
export type ReplyCase = NonNullable<ServerMessage['message']['case']>;
/** The payload type of one kind of server message. */
export type ReplyOf<K extends ReplyCase> = Extract<ServerMessage['message'], { case: K }>['value'];

/** The server refused a request (a RequestFailed): `kind` is the request type, e.g. "CreateOrder". */
export class RequestError extends Error {
  constructor(
    readonly kind: string,
    readonly detail: string,
    readonly requestId: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'RequestError';
  }
}

/** The request got no answer: the connection closed, or it timed out. */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export interface ClientOptions {
  /** ws://host:port/api */
  url: string;
  /** A bot token from the web app's /bots page, or a test token `test::<subject>::<name>::<is_admin>`. */
  token: string;
  /** Trade as another account you own (0 or absent: yourself). */
  actAs?: bigint;
  /** Reconnect when the connection drops (default true). */
  reconnect?: boolean;
  /** How long a request may wait for its result (default 15 s). */
  requestTimeoutMs?: number;
  /** Where the client's own log lines go (default: nowhere). */
  log?: (line: string) => void;
}
