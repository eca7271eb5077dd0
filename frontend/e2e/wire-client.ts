// The browser suites' protocol client for test set-up: binary protobuf frames on the real
// server's WebSocket, as the web app and the bots send them.

import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { ClientMessageSchema, ServerMessageSchema, type Account, type ServerMessage } from '@exchange/schema';
import WebSocket from 'ws';

type RequestInit = NonNullable<MessageInitShape<typeof ClientMessageSchema>['message']>;

/** A minimal protocol client for test setup, speaking the same binary protobuf frames. */
export class WireClient {
  private socket: WebSocket;
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private counter = 0;
  accounts: Account[] = [];
  userId = 0n;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const message = fromBinary(ServerMessageSchema, new Uint8Array(data));
      if (message.message.case === 'accounts') this.accounts = message.message.value.accounts;
      if (message.message.case === 'accountCreated') this.accounts = [...this.accounts, message.message.value];
      if (message.message.case === 'authenticated') this.userId = message.message.value.accountId;
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** Signs in on a cohort's socket (/api/ws/<cohort>), or the default cohort's /api. */
  static async connect(baseUrl: string, jwt: string, idJwt = '', cohort = ''): Promise<WireClient> {
    const path = cohort ? `/api/ws/${encodeURIComponent(cohort)}` : '/api';
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`);
    await new Promise<void>((resolveOpen, reject) => {
      socket.once('open', () => resolveOpen());
      socket.once('error', reject);
    });
    const client = new WireClient(socket);
    const ready = client.next((m) => m.message.case === 'actingAs' || m.message.case === 'requestFailed');
    client.send({ case: 'authenticate', value: { jwt, idJwt } }, 'auth');
    const first = await ready;
    if (first.message.case === 'requestFailed') {
      throw new Error(`Authenticate failed: ${first.message.value.errorDetails?.message}`);
    }
    return client;
  }

  private next(match: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    return new Promise((resolveMessage, reject) => {
      const timer = setTimeout(() => reject(new Error('WireClient: no reply')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolveMessage(m);
        },
      });
    });
  }

  private send(message: RequestInit, requestId: string): void {
    this.socket.send(toBinary(ClientMessageSchema, create(ClientMessageSchema, { requestId, message })));
  }

  /** Sends a request and returns its result (or throws the RequestFailed text). */
  async request(message: RequestInit): Promise<ServerMessage> {
    const requestId = `e2e-${process.pid}-${++this.counter}`;
    const reply = this.next((m) => m.requestId === requestId);
    this.send(message, requestId);
    const result = await reply;
    if (result.message.case === 'requestFailed') {
      throw new Error(`${result.message.value.requestDetails?.kind}: ${result.message.value.errorDetails?.message}`);
    }
    return result;
  }

  accountId(name: string): bigint {
    const account = this.accounts.find((a) => a.name === name);
    if (!account) throw new Error(`no account named ${name} (have ${this.accounts.map((a) => a.name).join(', ')})`);
    return account.id;
  }

  close(): void {
    this.socket.close();
  }
}
