// Which server messages tell the trader something (fills of resting orders, settlements of held
// markets, money in), their text, and the store handing them out for live messages only.
import { create } from '@bufbuild/protobuf';
import { ServerMessageSchema, Side, type ServerMessage } from '@exchange/schema';
import { describe, expect, it } from 'vitest';
import { averageFillPrice, noticeText, noticesFor, type Notice, type NoticeContext } from './notices';
import { takerText } from '../trade-notices';
import { ME, MARKET, OTHER, harness, order } from '../test/api-harness';
import { formatMoney, formatPrice, formatSize } from '../format';

const SUB = 7n; // one of my sub-accounts
const ctx: NoticeContext = {
  isOwned: (id) => id === ME || id === SUB,
  positions: () => [
    { accountId: ME, position: 3 },
    { accountId: SUB, position: 0 },
  ],
};
const msg = (init: Parameters<typeof create<typeof ServerMessageSchema>>[1]): ServerMessage['message'] =>
  create(ServerMessageSchema, init).message;

const fill = (id: bigint, ownerId: bigint, price: number, sizeFilled: number, side = Side.OFFER) => ({
  id,
  marketId: MARKET,
  sizeFilled,
  sizeRemaining: 0,
  price,
  side,
  ownerId,
});
const orderCreated = (accountId: bigint, fills: ReturnType<typeof fill>[]) =>
  msg({ message: { case: 'orderCreated', value: { marketId: MARKET, accountId, fills, transactionId: 9n } } });

describe('noticesFor', () => {
  it('tells the maker about fills of its resting orders, summed with the average price', () => {
    const notices = noticesFor(orderCreated(OTHER, [fill(1n, ME, 50, 2), fill(2n, OTHER, 51, 1), fill(3n, ME, 52, 1)]), ctx);
    expect(notices).toHaveLength(1);
    const n = notices[0] as Extract<Notice, { kind: 'fill' }>;
    expect(n).toMatchObject({ kind: 'fill', accountId: ME, marketId: MARKET, side: Side.OFFER, size: 3 });
    expect(n.price).toBeCloseTo(50.6667, 3);
  });

  it('one notice per account of ours; none for others, nor for the taker itself', () => {
    expect(noticesFor(orderCreated(OTHER, [fill(1n, ME, 50, 1), fill(2n, SUB, 50, 2)]), ctx).map((n) => n.accountId)).toEqual([ME, SUB]);
    expect(noticesFor(orderCreated(OTHER, [fill(1n, OTHER, 50, 1)]), ctx)).toEqual([]);
    // My order crossing my own sub-account's: the sub-account (maker) is told, not the taker.
    expect(noticesFor(orderCreated(ME, [fill(1n, SUB, 50, 1)]), ctx).map((n) => n.accountId)).toEqual([SUB]);
    expect(noticesFor(orderCreated(ME, [fill(1n, ME, 50, 1)]), ctx)).toEqual([]);
  });

  it('a settlement pays each held position × price; flat accounts are not told', () => {
    const notices = noticesFor(msg({ message: { case: 'marketSettled', value: { id: MARKET, settlePrice: 70, transactionId: 3n } } }), ctx);
    expect(notices).toEqual([{ kind: 'settled', accountId: ME, marketId: MARKET, position: 3, price: 70, payout: 210 }]);
    const short = { ...ctx, positions: () => [{ accountId: ME, position: -2 }] };
    expect(noticesFor(msg({ message: { case: 'marketSettled', value: { id: MARKET, settlePrice: 70 } } }), short)[0]).toMatchObject({ payout: -140 });
  });

  it('money in from outside our accounts; not between our own accounts nor outgoing', () => {
    const transfer = (fromAccountId: bigint, toAccountId: bigint) =>
      msg({ message: { case: 'transferCreated', value: { id: 1n, fromAccountId, toAccountId, amount: 25, note: 'rent' } } });
    expect(noticesFor(transfer(OTHER, SUB), ctx)).toEqual([{ kind: 'received', accountId: SUB, fromId: OTHER, amount: 25, note: 'rent' }]);
    expect(noticesFor(transfer(ME, SUB), ctx)).toEqual([]);
    expect(noticesFor(transfer(ME, OTHER), ctx)).toEqual([]);
  });

  it('other messages tell nothing', () => {
    expect(noticesFor(msg({ message: { case: 'ordersCancelled', value: { marketId: MARKET, orderIds: [1n] } } }), ctx)).toEqual([]);
  });
});

describe('texts', () => {
  const names = {
    account: (id: bigint) => (id === ME ? 'me' : id === SUB ? 'bot' : 'other'),
    market: () => 'Rain',
    price: formatPrice,
    size: formatSize,
    money: formatMoney,
    nameAccounts: false,
  };
  it('fill, settlement and transfer texts carry price, size and payout', () => {
    expect(noticeText({ kind: 'fill', accountId: ME, marketId: MARKET, side: Side.BID, size: 2, price: 41.5 }, names)).toEqual({
      title: 'Bought 2.00 @ 41.50',
      description: 'Your resting bid in Rain was filled',
    });
    expect(noticeText({ kind: 'settled', accountId: SUB, marketId: MARKET, position: 3, price: 70, payout: 210 }, { ...names, nameAccounts: true })).toEqual({
      title: 'Rain settled at 70.00',
      description: 'Your position 3.00 pays 210.00 (bot)',
    });
    expect(noticeText({ kind: 'received', accountId: ME, fromId: OTHER, amount: 25, note: '' }, names).title).toBe('Received 25.00 from other');
  });

  it('the taker toast shows the average fill price, not the limit', () => {
    expect(averageFillPrice([])).toBeUndefined();
    const t = takerText(Side.BID, [{ price: 50, sizeFilled: 1 }, { price: 52, sizeFilled: 3 }], 1, 'Buy 5.00 @ 60.00');
    expect(t.title).toBe('Bought 4.00 @ 51.50 (avg)');
    expect(t.description).toBe('Buy 5.00 @ 60.00: 1.00 resting');
    expect(takerText(Side.OFFER, [], 2, 'Sell 2.00 @ 60.00')).toEqual({ title: 'Sell 2.00 @ 60.00', description: 'Nothing filled, 2.00 resting' });
  });
});

describe('ExchangeApi hands out notices for live messages, after the publish', () => {
  it('a fill of my resting bid is told once the book shows it; the snapshot tells nothing', async () => {
    const h = harness();
    const told: Notice[] = [];
    h.api.onNotice = (n) => told.push(n);
    await h.login({ orders: [order(3n, Side.BID, 40, 4, ME)] });
    expect(told).toEqual([]);
    h.socket().deliver({
      message: {
        case: 'orderCreated',
        value: { marketId: MARKET, accountId: OTHER, fills: [{ id: 3n, marketId: MARKET, sizeFilled: 1, sizeRemaining: 3, price: 40, side: Side.BID, ownerId: ME }], transactionId: 20n },
      },
    });
    expect(told).toEqual([]); // not before the flush
    h.api.flush();
    expect(told).toEqual([{ kind: 'fill', accountId: ME, marketId: MARKET, side: Side.BID, size: 1, price: 40 }]);
    expect(h.api.markets.get(MARKET)!.bids[0].size).toBe(3);
  });

  it('a settlement is told with the position held before it (the message removes it)', async () => {
    const h = harness();
    const told: Notice[] = [];
    h.api.onNotice = (n) => told.push(n);
    await h.login();
    h.socket().deliver({
      message: { case: 'portfolioUpdated', value: { accountId: ME, totalBalance: 1000, availableBalance: 900, marketExposures: [{ marketId: MARKET, position: 4 }] } },
    });
    h.socket().deliver({ message: { case: 'marketSettled', value: { id: MARKET, settlePrice: 25, transactionId: 30n } } });
    h.api.flush();
    expect(told).toEqual([{ kind: 'settled', accountId: ME, marketId: MARKET, position: 4, price: 25, payout: 100 }]);
  });
});
