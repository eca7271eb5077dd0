// Cohorts and universes in the store (cohorts.md 4, 5.5, 6.2, 6.4, 8).
import { describe, expect, it } from 'vitest';
import { ExchangeApi } from '../api.svelte';
import { FakeSocket, MemoryStorage } from '../test/fake-server';
import { ME, MARKET, harness, market, snapshotMessages } from '../test/api-harness';
import { actAsKey, cohortSocketUrl } from './connection';

const NOT_AUTHORIZED = 'You are not authorized for this cohort';

describe('cohort sockets', () => {
  it('builds the cohort URL and a remembered acting account per cohort', () => {
    expect(cohortSocketUrl({ protocol: 'https:', host: 'ex.org' }, 'spring-26')).toBe('wss://ex.org/api/ws/spring-26');
    expect(cohortSocketUrl({ protocol: 'http:', host: 'h:1' }, '')).toBe('ws://h:1/api');
    expect(actAsKey('spring')).toBe('exchange.spring.actAs');
  });

  it('connects to the cohort, remembers act-as per cohort and reconnects on a switch', async () => {
    const sockets: FakeSocket[] = [];
    const storage = new MemoryStorage();
    storage.setItem('exchange.b.actAs', '77');
    const api = new ExchangeApi({
      url: (cohort) => `ws://test/api/ws/${cohort}`,
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      schedule: () => {},
      storage,
    });
    const creds = async () => ({ jwt: 't' });
    api.connect(creds, 'a');
    expect(sockets[0].url).toBe('ws://test/api/ws/a');
    sockets[0].open();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const auth = sockets[0].last();
    expect(auth.message.case === 'authenticate' && auth.message.value.actAs).toBe(0n);

    api.connect(creds, 'b');
    expect(sockets[0].closed).toBe(true);
    expect(sockets[1].url).toBe('ws://test/api/ws/b');
    expect(api.cohort).toBe('b');
    sockets[1].open();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const auth2 = sockets[1].last();
    expect(auth2.message.case === 'authenticate' && auth2.message.value.actAs).toBe(77n);
  });

  it('does not re-authenticate in a loop when the cohort refuses a non-member', async () => {
    const h = harness();
    h.socket().open();
    await h.settle();
    const auth = h.socket().last();
    h.socket().deliver({
      requestId: auth.requestId,
      message: { case: 'requestFailed', value: { requestDetails: { kind: 'Authenticate' }, errorDetails: { message: NOT_AUTHORIZED } } },
    });
    expect(h.api.status).toBe('unauthorized');
    expect(h.api.statusDetail).toBe(NOT_AUTHORIZED);
    expect(h.unauthorized).toEqual([NOT_AUTHORIZED]);
    expect(h.socket().sent.filter((m) => m.message.case === 'authenticate')).toHaveLength(1);
    expect(h.sockets).toHaveLength(1);
  });
});

describe('Authenticated flags and universes', () => {
  it('publishes membership, auctions and admin from Authenticated', async () => {
    const h = harness();
    h.socket().open();
    await h.settle();
    const auth = h.socket().last();
    h.socket().deliver({ requestId: auth.requestId, message: { case: 'authenticated', value: { accountId: ME, isCohortMember: false, auctionEnabled: false, isAdmin: true } } });
    for (const m of snapshotMessages()) h.socket().deliver(m);
    h.api.flush();
    expect(h.api.isCohortMember).toBe(false);
    expect(h.api.auctionEnabled).toBe(false);
    expect(h.api.serverAdmin).toBe(true);
    expect(h.api.isAdmin).toBe(true);
  });

  it('keeps universes and clears the markets when the acting universe changes', async () => {
    const h = harness();
    await h.login();
    h.socket().deliver({ message: { case: 'universes', value: { universes: [{ id: 0n, name: 'Main' }] } } });
    h.socket().deliver({ message: { case: 'universe', value: { id: 1n, name: 'lab', ownerId: ME } } });
    h.api.flush();
    expect([...h.api.universes.values()].map((u) => u.name)).toEqual(['Main', 'lab']);
    expect(h.api.markets.has(MARKET)).toBe(true);

    h.socket().deliver({ message: { case: 'actingAs', value: { accountId: 20n, universeId: 1n, userId: ME } } });
    h.api.flush();
    expect(h.api.universeId).toBe(1n);
    expect(h.api.markets.size).toBe(0);
    // The re-sent public block of the new universe follows.
    h.socket().deliver({ message: { case: 'accounts', value: { accounts: [{ id: 0n, name: 'Hidden' }, { id: ME, name: 'me', isUser: true }] } } });
    h.socket().deliver({ message: { case: 'market', value: market(30n, { universeId: 1n }) } });
    h.api.flush();
    expect([...h.api.markets.keys()]).toEqual([30n]);
  });

  it('merges a single renamed account (cohorts.md 6.4) instead of replacing the list', async () => {
    const h = harness();
    await h.login();
    h.socket().deliver({ message: { case: 'accounts', value: { accounts: [{ id: ME, name: 'me renamed', isUser: true }] } } });
    h.api.flush();
    expect(h.api.accountName(ME)).toBe('me renamed');
    expect(h.api.accounts.size).toBe(3);
  });

  it('keeps the markets when a full Accounts list alone announces a rename', async () => {
    const h = harness();
    await h.login();
    h.socket().deliver({
      message: { case: 'accounts', value: { accounts: [{ id: 0n, name: 'Hidden' }, { id: ME, name: 'me again', isUser: true }, { id: 6n, name: 'other', isUser: true }] } },
    });
    h.socket().deliver({ message: { case: 'portfolioUpdated', value: { accountId: ME, totalBalance: 5, availableBalance: 5 } } });
    h.api.flush();
    expect(h.api.accountName(ME)).toBe('me again');
    expect(h.api.markets.has(MARKET)).toBe(true);
  });

  it('shows account names without the universe prefix', async () => {
    const h = harness();
    await h.login();
    h.socket().deliver({ message: { case: 'accountCreated', value: { id: 21n, name: 'lab__bot', universeId: 1n } } });
    h.api.flush();
    expect(h.api.accountName(21n)).toBe('bot');
  });
});
