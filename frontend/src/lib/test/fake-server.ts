// Test doubles: a WebSocket stand-in and helpers to build ServerMessages.
import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { ClientMessageSchema, ServerMessageSchema, type ClientMessage, type ServerMessage } from '@exchange/schema';
import type { SocketLike } from '../api.svelte';

export type ServerInit = MessageInitShape<typeof ServerMessageSchema>;

export function msg(init: ServerInit): ServerMessage {
  return create(ServerMessageSchema, init);
}

/** Encodes a message the way the server sends it (one binary frame). */
export function frame(init: ServerInit): Uint8Array {
  return toBinary(ServerMessageSchema, msg(init));
}

export class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  sent: ClientMessage[] = [];
  closed = false;

  constructor(readonly url: string) {}

  send(data: Uint8Array): void {
    this.sent.push(fromBinary(ClientMessageSchema, data));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  /** The server accepts the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  /** The server sends one message (as an encoded binary frame). */
  deliver(init: ServerInit): void {
    const bytes = frame(init);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
  /** The connection drops. */
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  last(): ClientMessage {
    return this.sent[this.sent.length - 1];
  }
}

export class MemoryStorage {
  data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

export const ts = (seconds: number) => ({ seconds: BigInt(seconds), nanos: 0 });
