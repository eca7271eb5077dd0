// The book's levels (counts, own size) and the open-orders table (price order, rows that hold
// still under the pointer, cancels blocked while paused or offline).
import { create } from '@bufbuild/protobuf';
import { MarketSchema, MarketStatus, OrderSchema, Side } from '@exchange/schema';
import { describe, expect, it } from 'vitest';
import { toLevels } from './book';
import { byPrice, cancelBlocked, outEverywhereMessage, outEverywherePlan, rowOrder } from './my-orders';

const ME = 5n;
const order = (id: bigint, price: number, size = 1, ownerId = 6n, side = Side.BID) =>
  create(OrderSchema, { id, price, size, ownerId, side, marketId: 1n, transactionId: id });

describe('book levels', () => {
  it('count the orders and our own size at each price', () => {
    const levels = toLevels([order(1n, 50, 2), order(2n, 50, 1, ME), order(3n, 50, 0.5, ME), order(4n, 49, 3)], (id) => id === ME);
    expect(levels.map((l) => [l.price, l.size, l.count, l.own])).toEqual([
      [50, 3.5, 3, 1.5],
      [49, 3, 1, 0],
    ]);
  });
});

describe('open orders table', () => {
  const orders = [order(1n, 40), order(2n, 60, 1, ME, Side.OFFER), order(3n, 50), order(4n, 50)];

  it('goes by price, highest first, then oldest', () => {
    expect([...orders].sort(byPrice).map((o) => o.id)).toEqual([2n, 3n, 4n, 1n]);
    expect(rowOrder(orders, [], false).map((o) => o.id)).toEqual([2n, 3n, 4n, 1n]);
  });

  it('under the pointer keeps the rows shown; new ones go last, gone ones leave', () => {
    const shown = [1n, 3n, 2n]; // an order shown before (say, before a price change)
    const now = [...orders.filter((o) => o.id !== 2n), order(9n, 99)];
    expect(rowOrder(now, shown, true).map((o) => o.id)).toEqual([1n, 3n, 9n, 4n]);
    expect(rowOrder(now, shown, false).map((o) => o.id)).toEqual([9n, 3n, 4n, 1n]);
  });

  it('cancels are blocked while paused, settled or offline; allowed when semi-paused', () => {
    const market = (status: MarketStatus, closed = false) =>
      create(MarketSchema, { id: 1n, status, marketState: closed ? { case: 'closed', value: { settlePrice: 1 } } : { case: 'open', value: {} } });
    expect(cancelBlocked(market(MarketStatus.OPEN), true)).toBeUndefined();
    expect(cancelBlocked(market(MarketStatus.SEMI_PAUSED), true)).toBeUndefined();
    expect(cancelBlocked(market(MarketStatus.PAUSED), true)).toMatch(/paused/);
    expect(cancelBlocked(market(MarketStatus.OPEN, true), true)).toMatch(/settled/);
    expect(cancelBlocked(market(MarketStatus.OPEN), false)).toMatch(/Not connected/);
  });
});

describe('cancel all markets (Out everywhere) skips paused markets', () => {
  const view = (id: bigint, name: string, status: MarketStatus, owners: bigint[]) => ({
    market: create(MarketSchema, { id, name, status }),
    bids: owners.map((o, i) => order(BigInt(i + 1), 10, 1, o)),
    offers: [],
  });
  const markets = [
    view(1n, 'open-b', MarketStatus.OPEN, [ME]),
    view(2n, 'paused', MarketStatus.PAUSED, [ME, 6n]),
    view(3n, 'semi', MarketStatus.SEMI_PAUSED, [ME]),
    view(4n, 'not-mine', MarketStatus.PAUSED, [6n]),
    view(5n, 'open-a', MarketStatus.OPEN, []),
  ];

  it('lists where orders will be cancelled and which paused markets are skipped', () => {
    const plan = outEverywherePlan(markets, ME);
    expect(plan.cancels.map((m) => m.name)).toEqual(['open-b', 'semi']);
    expect(plan.skipped.map((m) => m.name)).toEqual(['paused']);
    expect(outEverywhereMessage(plan)).toBe('Cancelled your orders in 2 markets; skipped paused market paused (orders there stay until it resumes)');
  });

  it('says when there is nothing to cancel', () => {
    expect(outEverywherePlan(markets, null)).toEqual({ cancels: [], skipped: [] });
    const plan = outEverywherePlan([markets[1]], ME);
    expect(plan.cancels).toEqual([]);
    expect(outEverywhereMessage(plan)).toMatch(/^Nothing to cancel; skipped paused market paused/);
    expect(outEverywhereMessage({ cancels: [markets[0].market], skipped: [] })).toBe('Cancelled your orders in 1 market');
  });
});
