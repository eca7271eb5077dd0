// The store's issue-8 logic: request/reply pairs of the new requests, EditMarket's status,
// sudo state and admin detection, impersonation, and re-sent public blocks.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketStatus, RequestError } from '../api.svelte';
import { ME, OTHER, MARKET, harness, market, portfolio } from '../test/api-harness';

const ALT = 50n;

function lastRequest(h: ReturnType<typeof harness>) {
  return h.socket().last();
}

/** Answers the last request with `message`, carrying its request id. */
function reply(h: ReturnType<typeof harness>, message: Parameters<ReturnType<typeof h.socket>['deliver']>[0]['message']) {
  h.socket().deliver({ requestId: lastRequest(h).requestId, message });
  h.api.flush();
}

function fail(h: ReturnType<typeof harness>, kind: string, text: string) {
  h.socket().deliver({
    requestId: lastRequest(h).requestId,
    message: { case: 'requestFailed', value: { requestDetails: { kind }, errorDetails: { message: text } } },
  });
  h.api.flush();
}

/** A public block as re-sent after SetSudo or an ownership change (protocol.md 5.4). */
function publicBlock(h: ReturnType<typeof harness>, marketIds: bigint[], auctionIds: bigint[] = []) {
  const s = h.socket();
  s.deliver({ message: { case: 'accounts', value: { accounts: [{ id: ME, name: 'me', isUser: true }, { id: OTHER, name: 'other', isUser: true }] } } });
  s.deliver({ message: { case: 'marketTypes', value: { marketTypes: [{ id: 1n, name: 'Fun', public: true }] } } });
  s.deliver({ message: { case: 'marketGroups', value: { marketGroups: [] } } });
  for (const id of marketIds) {
    s.deliver({ message: { case: 'market', value: market(id) } });
    s.deliver({ message: { case: 'orders', value: { marketId: id, orders: [] } } });
    s.deliver({ message: { case: 'trades', value: { marketId: id, trades: [] } } });
  }
  for (const id of auctionIds) s.deliver({ message: { case: 'auction', value: { id, name: `A${id}`, ownerId: OTHER } } });
}

describe('ExchangeApi: issue 8 requests', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('pairs each new request with its result', async () => {
    const h = harness();
    await h.login();
    const transfer = h.api.makeTransfer({ fromAccountId: ME, toAccountId: OTHER, amount: 12.5, note: 'hi' });
    expect(lastRequest(h).message).toMatchObject({ case: 'makeTransfer', value: { fromAccountId: ME, toAccountId: OTHER, amount: 12.5, note: 'hi' } });
    reply(h, { case: 'transferCreated', value: { id: 3n, fromAccountId: ME, toAccountId: OTHER, amount: 12.5, transactionId: 9n } });
    await expect(transfer).resolves.toMatchObject({ id: 3n });
    expect(h.api.transfers.map((t) => t.id)).toEqual([3n]);

    const alt = h.api.createAccount(ME, 'bot');
    reply(h, { case: 'accountCreated', value: { id: ALT, name: 'bot' } });
    await expect(alt).resolves.toMatchObject({ id: ALT });
    expect(h.api.accountName(ALT)).toBe('bot');

    const share = h.api.shareOwnership(ALT, OTHER);
    expect(lastRequest(h).message).toMatchObject({ case: 'shareOwnership', value: { ofAccountId: ALT, toAccountId: OTHER } });
    reply(h, { case: 'ownershipGiven', value: {} });
    await expect(share).resolves.toBeDefined();

    const auction = h.api.createAuction({ name: 'Lamp', description: '', imageFilename: 'x.png', binPrice: 5 });
    reply(h, { case: 'auction', value: { id: 4n, name: 'Lamp', ownerId: OTHER, binPrice: 5, imageUrl: '/images/x.png', status: { case: 'open', value: {} } } });
    await expect(auction).resolves.toMatchObject({ id: 4n });
    const buy = h.api.buyAuction(4n);
    expect(lastRequest(h).message).toMatchObject({ case: 'buyAuction', value: { auctionId: 4n } });
    reply(h, { case: 'auctionSettled', value: { id: 4n, settlePrice: 5, buyerId: ME } });
    await expect(buy).resolves.toMatchObject({ settlePrice: 5 });
    const sold = h.api.auctions.get(4n)!;
    expect(sold.status).toMatchObject({ case: 'closed', value: { settlePrice: 5 } });
    expect(sold.buyerId).toBe(ME);

    const positions = h.api.getMarketPositions(MARKET);
    reply(h, { case: 'marketPositions', value: { marketId: MARKET, positions: [{ accountId: ME, gross: 2, net: 2 }] } });
    await expect(positions).resolves.toMatchObject({ positions: [{ accountId: ME, net: 2 }] });

    const settle = h.api.settleMarket(MARKET, 100);
    reply(h, { case: 'marketSettled', value: { id: MARKET, settlePrice: 100, transactionId: 11n } });
    await expect(settle).resolves.toMatchObject({ settlePrice: 100 });
    expect(h.api.markets.get(MARKET)!.market.marketState).toMatchObject({ case: 'closed', value: { settlePrice: 100 } });
  });

  it('EditMarket always sends the current status and replaces visibility only when asked', async () => {
    const h = harness();
    await h.login();
    h.socket().deliver({ message: { case: 'market', value: market(MARKET, { status: MarketStatus.SEMI_PAUSED }) } });
    h.api.flush();

    void h.api.editMarket(MARKET, { description: 'new words' });
    const first = lastRequest(h).message;
    expect(first.case).toBe('editMarket');
    if (first.case === 'editMarket') {
      expect(first.value.status).toBe(MarketStatus.SEMI_PAUSED);
      expect(first.value.description).toBe('new words');
      expect(first.value.updateVisibleTo).toBeUndefined();
      expect(first.value.name).toBeUndefined();
    }

    void h.api.editMarket(MARKET, { visibleTo: [], status: MarketStatus.PAUSED, pinned: true });
    const second = lastRequest(h).message;
    if (second.case === 'editMarket') {
      expect(second.value.status).toBe(MarketStatus.PAUSED);
      expect(second.value.updateVisibleTo).toBe(true);
      expect(second.value.visibleTo).toEqual([]);
      expect(second.value.pinned).toBe(true);
    }
  });

  it('learns admin status from SetSudo and turns sudo back on after a reconnect', async () => {
    const h = harness();
    await h.login();
    expect(h.api.isAdmin).toBe(false); // Authenticated.is_admin was false
    h.api.serverAdmin = true;
    expect(h.api.isAdmin).toBe(true);

    const refused = h.api.setSudo(true);
    fail(h, 'SetSudo', 'Only admins can enable sudo');
    await expect(refused).rejects.toThrow(RequestError);
    expect(h.api.adminConfirmed).toBe(false);
    expect(h.api.isAdmin).toBe(false);

    const ok = h.api.setSudo(true);
    reply(h, { case: 'sudoStatus', value: { enabled: true } });
    await ok;
    expect(h.api.sudo).toBe(true);
    expect(h.api.adminConfirmed).toBe(true);

    // Reconnect: the new connection starts with sudo off; the store asks for it again.
    h.socket().drop();
    await vi.advanceTimersByTimeAsync(20);
    await h.login();
    expect(h.api.sudo).toBe(false);
    expect(lastRequest(h).message).toMatchObject({ case: 'setSudo', value: { enabled: true } });
    reply(h, { case: 'sudoStatus', value: { enabled: true } });
    expect(h.api.sudo).toBe(true);

    // Switched off on purpose: not restored.
    const off = h.api.setSudo(false);
    reply(h, { case: 'sudoStatus', value: { enabled: false } });
    await off;
    h.socket().drop();
    await vi.advanceTimersByTimeAsync(20);
    await h.login();
    expect(lastRequest(h).message.case).not.toBe('setSudo');
  });

  it('forgets markets and auctions a re-sent public block leaves out', async () => {
    const h = harness();
    await h.login({ markets: [MARKET, 11n, 12n] });
    h.socket().deliver({ message: { case: 'auction', value: { id: 1n, name: 'A1' } } });
    h.socket().deliver({ message: { case: 'auction', value: { id: 2n, name: 'A2' } } });
    h.api.flush();
    expect(h.api.markets.size).toBe(3);

    // SetSudo{false}: the filtered block no longer lists market 12 nor auction 2.
    const off = h.api.setSudo(false);
    reply(h, { case: 'sudoStatus', value: { enabled: false } });
    await off;
    publicBlock(h, [MARKET, 11n], [1n]);
    h.api.flush();
    expect([...h.api.markets.keys()]).toEqual([MARKET, 11n, 12n]); // block not over yet
    // The block ends at the next message of another kind...
    h.socket().deliver({ message: { case: 'portfolioUpdated', value: portfolio(ME, 999) } });
    h.api.flush();
    expect([...h.api.markets.keys()]).toEqual([MARKET, 11n]);
    expect([...h.api.auctions.keys()]).toEqual([1n]);

    // ...or after a quiet spell.
    publicBlock(h, [MARKET]);
    await vi.advanceTimersByTimeAsync(2000);
    h.api.flush();
    expect([...h.api.markets.keys()]).toEqual([MARKET]);
    expect(h.api.auctions.size).toBe(0);
  });

  it('impersonates a user and comes back', async () => {
    const h = harness();
    await h.login();
    const sudo = h.api.setSudo(true);
    reply(h, { case: 'sudoStatus', value: { enabled: true } });
    await sudo;
    h.socket().deliver({ message: { case: 'transfers', value: { transfers: [{ id: 1n, fromAccountId: ME, toAccountId: OTHER, amount: 1 }] } } });
    h.api.flush();

    const acting = h.api.actAs(OTHER);
    const id = lastRequest(h).requestId;
    const s = h.socket();
    // Private data of the new user (twice, empty ids), then ActingAs with the request's id.
    for (let i = 0; i < 2; i++) {
      s.deliver({ message: { case: 'transfers', value: { transfers: [{ id: 7n, fromAccountId: OTHER, toAccountId: ALT, amount: 3 }] } } });
      s.deliver({ message: { case: 'portfolios', value: { portfolios: [portfolio(OTHER, 10), { ...portfolio(ALT, 3), ownerCredits: [{ ownerId: OTHER, credit: 3 }] }] } } });
    }
    s.deliver({ requestId: id, message: { case: 'actingAs', value: { accountId: OTHER } } });
    h.api.flush();
    await acting;
    expect(h.api.userId).toBe(OTHER);
    expect(h.api.authenticatedId).toBe(ME);
    expect(h.api.impersonating).toBe(true);
    expect(h.api.ownedAccountIds).toEqual([OTHER, ALT]);
    expect(h.api.transfers.map((t) => t.id)).toEqual([7n]); // replaced, not merged
    expect(h.storage.getItem('exchange.actAs')).toBe(String(ME)); // never remembered

    // Acting as one of the impersonated user's alts is an ordinary ActAs.
    const alt = h.api.actAs(ALT);
    reply(h, { case: 'actingAs', value: { accountId: ALT } });
    await alt;
    expect(h.api.userId).toBe(OTHER);

    const back = h.api.stopImpersonating();
    expect(lastRequest(h).message).toMatchObject({ case: 'actAs', value: { accountId: ME } });
    s.deliver({ message: { case: 'portfolios', value: { portfolios: [portfolio(ME, 1000)] } } });
    reply(h, { case: 'actingAs', value: { accountId: ME } });
    await back;
    expect(h.api.userId).toBe(ME);
    expect(h.api.impersonating).toBe(false);
  });
});
