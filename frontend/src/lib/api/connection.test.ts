// Connection on its own: the events it emits for the store to subscribe to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, MemoryStorage } from '../test/fake-server';
import { Connection } from './connection';

function setup() {
  const sockets: FakeSocket[] = [];
  const connection = new Connection({
    url: () => 'ws://test/api',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    storage: new MemoryStorage(),
    requestTimeoutMs: 5_000,
    backoff: { initialMs: 10, maxMs: 10 },
  });
  const log: string[] = [];
  connection.on('status', (status, detail) => log.push(detail ? `${status}: ${detail}` : status));
  for (const event of ['snapshotStarted', 'snapshotDropped', 'lost', 'requestsFailed'] as const) {
    connection.on(event, () => log.push(event));
  }
  connection.on('error', (m) => log.push(`error: ${m}`));
  connection.on('unauthorized', (m) => log.push(`unauthorized: ${m}`));
  connection.on('frame', (f) => log.push(`frame of ${f.length}`));
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { connection, log, socket: () => sockets[sockets.length - 1], settle };
}

describe('Connection events', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('announces each step from connecting to ready, and frames', async () => {
    const c = setup();
    c.connection.connect(async () => ({ jwt: 'token' }));
    c.socket().open();
    await c.settle();
    expect(c.socket().last().message.case).toBe('authenticate');
    c.socket().deliver({ message: { case: 'authenticated', value: { accountId: 5n } } });
    c.connection.ready();
    expect(c.log).toEqual(['connecting', 'authenticating', 'snapshotStarted', 'frame of 4', 'ready']);
    expect(c.connection.status).toBe('ready');
  });

  it('reports a lost socket and reconnects after the backoff', async () => {
    const c = setup();
    c.connection.connect(async () => ({ jwt: 'token' }));
    c.socket().open();
    await c.settle();
    c.log.length = 0;
    c.socket().drop();
    expect(c.log).toEqual(['lost', 'requestsFailed', 'snapshotDropped', 'reconnecting: Connection lost']);
    vi.advanceTimersByTime(20);
    expect(c.log.at(-1)).toBe('connecting: Connection lost');
  });

  it('reports refused credentials and failures nobody awaits', async () => {
    const c = setup();
    c.connection.connect(async () => ({ jwt: 'token' }));
    c.socket().open();
    await c.settle();
    c.log.length = 0;
    c.connection.fail('', 'Foo', 'bad');
    c.connection.fail(c.socket().last().requestId, 'Authenticate', 'JWT validation failed');
    expect(c.log).toEqual([
      'error: Foo: bad',
      'unauthorized: JWT validation failed',
      'snapshotDropped',
      'requestsFailed',
      'unauthorized: JWT validation failed',
    ]);
  });

  it('goes offline when stopped, failing the requests', async () => {
    const c = setup();
    c.connection.connect(async () => ({ jwt: 'token' }));
    const pending = c.connection.request({ case: 'out', value: {} }).promise;
    c.connection.stop('Signed out');
    await expect(pending).rejects.toThrow('Signed out');
    expect(c.log.slice(-2)).toEqual(['requestsFailed', 'offline']);
  });

  it('lets a listener unsubscribe', () => {
    const c = setup();
    const seen: string[] = [];
    const off = c.connection.on('status', (s) => seen.push(s));
    c.connection.connect(async () => ({ jwt: 'token' }));
    off();
    c.connection.stop('bye');
    expect(seen).toEqual(['connecting']);
  });
});
