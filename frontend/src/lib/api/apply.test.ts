// applyMessage without a store: how a message changes the plain model and which effects it
// asks the store to carry out.
import { describe, expect, it } from 'vitest';
import { Side } from '@exchange/schema';
import { msg, ts, type ServerInit } from '../test/fake-server';
import { applyMessage } from './apply';
import type { ApplyContext, Effect } from './effects';
import { Dirty, Model } from './model';

const LIVE: ApplyContext = { live: true };
const SNAPSHOT: ApplyContext = { live: false };
const market = (id: bigint) => ({ id, name: `M${id}`, maxSettlement: 100, transactionId: 3n, marketState: { case: 'open' as const, value: {} } });
const order = (id: bigint, size: number) => ({ id, marketId: 1n, price: 50, size, side: Side.BID, transactionId: id, transactionTimestamp: ts(1) });

function apply(model: Model, init: ServerInit, ctx = LIVE): Effect[] {
  return applyMessage(model, msg(init), ctx);
}

function withMarket(): Model {
  const model = new Model();
  apply(model, { message: { case: 'market', value: market(1n) } }, SNAPSHOT);
  return model;
}

describe('applyMessage effects', () => {
  it('marks the changed part and nothing else for simple updates', () => {
    const model = new Model();
    expect(apply(model, { message: { case: 'portfolioUpdated', value: { accountId: 5n, totalBalance: 10 } } })).toEqual([
      { kind: 'changed', part: 'portfolios' },
    ]);
    expect(model.portfolios.get(5n)?.totalBalance).toBe(10);
    expect(apply(model, { message: { case: 'redeemed', value: { transactionId: 9n } } })).toEqual([]);
    expect(model.lastTransactionId).toBe(9n);
  });

  it('keeps a split sale\'s labelled owner and every buyer, by account id', () => {
    const model = new Model();
    apply(model, { message: { case: 'auction', value: { id: 4n, name: 'lamp', transactionId: 2n } } }, SNAPSHOT);
    const buyers = [{ accountId: 9n, amount: 6 }, { accountId: 7n, amount: 4 }];
    expect(apply(model, { message: { case: 'auctionSettled', value: { id: 4n, settlePrice: 10, buyerId: 9n, buyers } } })).toEqual([
      { kind: 'changed', part: 'auctions' },
    ]);
    const sold = model.auctions.get(4n)!;
    expect(sold.status.case).toBe('closed');
    expect(sold.buyerId).toBe(9n);
    expect(sold.buyers.map((b) => [b.accountId, b.amount])).toEqual([[7n, 4], [9n, 6]]);
  });

  it('ends a snapshot at ActingAs and remembers our own acting account', () => {
    const model = new Model();
    apply(model, { message: { case: 'authenticated', value: { accountId: 5n } } }, SNAPSHOT);
    expect(apply(model, { message: { case: 'actingAs', value: { accountId: 7n } } }, SNAPSHOT)).toEqual([
      { kind: 'changed', part: 'identity' },
      { kind: 'rememberActAs', accountId: 7n },
      { kind: 'snapshotComplete' },
    ]);
    expect(model.actingAs).toBe(7n);
  });

  it('does not remember the acting account of an impersonated user', () => {
    const model = new Model();
    apply(model, { message: { case: 'authenticated', value: { accountId: 5n } } });
    const effects = apply(model, { message: { case: 'actingAs', value: { accountId: 8n } } }, { live: true, impersonated: 8n });
    expect(effects).toEqual([{ kind: 'changed', part: 'identity' }]);
    expect(model.userId).toBe(8n);
  });

  it('reports listings and a public block only on the live model', () => {
    expect(apply(new Model(), { message: { case: 'market', value: market(1n) } }, SNAPSHOT)).toEqual([
      { kind: 'marketChanged', marketId: 1n },
    ]);
    expect(apply(new Model(), { message: { case: 'market', value: market(1n) } })).toEqual([
      { kind: 'marketChanged', marketId: 1n },
      { kind: 'listed', what: 'market', id: 1n },
    ]);
    expect(apply(new Model(), { message: { case: 'accounts', value: { accounts: [] } } })).toEqual([
      { kind: 'changed', part: 'accounts' },
      { kind: 'publicBlockStarted' },
    ]);
    expect(apply(new Model(), { message: { case: 'auction', value: { id: 4n } } })).toContainEqual({ kind: 'listed', what: 'auction', id: 4n });
  });

  it('reports loaded and dropped histories', () => {
    const model = withMarket();
    const full = { marketId: 1n, orders: [order(1n, 0), order(2n, 3)], hasFullHistory: true };
    expect(apply(model, { message: { case: 'orders', value: full } })).toEqual([
      { kind: 'marketChanged', marketId: 1n },
      { kind: 'historyLoaded', what: 'orders', marketId: 1n },
    ]);
    expect([...model.markets.get(1n)!.live.keys()]).toEqual([2n]);
    expect(apply(model, { message: { case: 'trades', value: { marketId: 1n, trades: [], hasFullHistory: false } } })).toEqual([
      { kind: 'marketChanged', marketId: 1n },
      { kind: 'historyDropped', what: 'trades', marketId: 1n },
    ]);
    // In a snapshot nothing was loaded, so nothing is dropped.
    expect(apply(model, { message: { case: 'orders', value: { marketId: 1n, orders: [] } } }, SNAPSHOT)).toEqual([
      { kind: 'marketChanged', marketId: 1n },
    ]);
  });

  it('returns no effects for unknown markets and for replies without state', () => {
    const model = new Model();
    expect(apply(model, { message: { case: 'ordersCancelled', value: { marketId: 99n, orderIds: [1n] } } })).toEqual([]);
    expect(apply(model, { message: { case: 'out', value: {} } })).toEqual([]);
    expect(apply(model, {})).toEqual([]);
  });

  it('feeds Dirty through its publishing effects', () => {
    const dirty = new Dirty();
    for (const e of apply(withMarket(), { message: { case: 'ordersCancelled', value: { marketId: 1n, orderIds: [] } } })) dirty.mark(e);
    dirty.mark({ kind: 'changed', part: 'types' });
    dirty.mark({ kind: 'snapshotComplete' });
    expect([...dirty.markets]).toEqual([1n]);
    expect(dirty.types && !dirty.accounts && !dirty.identity).toBe(true);
  });
});

describe('option exercises', () => {
  const exercised = (tx: bigint, exerciser: bigint, writer: bigint) => ({
    transactionId: tx,
    optionMarketId: 2n,
    exerciserId: exerciser,
    counterpartyId: writer,
    amount: 1,
    contractId: tx,
    price: 50,
  });

  it('keeps the exercises of our accounts and raises the last transaction id for all', () => {
    const model = new Model();
    apply(model, { message: { case: 'authenticated', value: { accountId: 5n } } });
    expect(apply(model, { message: { case: 'optionExercised', value: exercised(9n, 1n, 2n) } })).toEqual([]);
    expect(model.lastTransactionId).toBe(9n);
    expect(apply(model, { message: { case: 'optionExercised', value: exercised(10n, 1n, 5n) } })).toEqual([{ kind: 'changed', part: 'exercises' }]);
    apply(model, { message: { case: 'optionExercises', value: { exercises: [exercised(4n, 5n, 1n), exercised(10n, 1n, 5n)] } } });
    expect([...model.exercises.keys()].sort()).toEqual(['10:10', '4:4']);
  });

  it('keeps each market status log whole, replacing it on every MarketStatusChanges', () => {
    const model = withMarket();
    const change = (status: number, id: bigint) => ({ status, transactionId: id, transactionTimestamp: ts(Number(id)) });
    const log = (changes: ReturnType<typeof change>[]) => ({ message: { case: 'marketStatusChanges' as const, value: { marketId: 1n, changes } } });
    expect(apply(model, log([change(0, 3n), change(2, 5n)]))).toEqual([{ kind: 'marketChanged', marketId: 1n }]);
    expect(model.markets.get(1n)?.statusChanges.map((c) => c.status)).toEqual([0, 2]);
    apply(model, log([]), SNAPSHOT); // an empty log (a market older than the log) replaces too
    expect(model.markets.get(1n)?.statusChanges).toEqual([]);
    // A market re-announced by an edit keeps its log.
    apply(model, log([change(0, 3n)]));
    apply(model, { message: { case: 'market', value: market(1n) } });
    expect(model.markets.get(1n)?.statusChanges).toHaveLength(1);
    expect(apply(model, { message: { case: 'marketStatusChanges', value: { marketId: 9n, changes: [] } } })).toEqual([]);
  });
});
