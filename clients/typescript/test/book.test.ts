// Unit tests of the book keeping (src/book.ts) and of the market maker's quoting rule.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { OrderSchema, ServerMessageSchema, Side, type Order } from '@exchange/schema';
import { Book, Books } from '../src/book.ts';
import { targetQuotes } from '../src/market_maker.ts';

let nextTx = 1n;
function order(id: number, side: Side, price: number, size: number, owner = 1n): Order {
  return create(OrderSchema, { id: BigInt(id), marketId: 7n, side, price, size, ownerId: owner, transactionId: nextTx++ });
}
function message(value: MessageInitShape<typeof ServerMessageSchema>['message']) {
  return create(ServerMessageSchema, { message: value });
}
const prices = (orders: Order[]) => orders.map((o) => [Number(o.id), o.price, o.size]);

describe('Books', () => {
  test('Orders replaces a market book; bids and offers are sorted best first, then by time', () => {
    const books = new Books();
    books.get(7n).add(order(99, Side.BID, 1, 1)); // stale, dropped by the snapshot
    const changed = books.apply(
      message({
        case: 'orders',
        value: {
          marketId: 7n,
          orders: [
            order(1, Side.BID, 45, 1),
            order(2, Side.BID, 46, 2),
            order(3, Side.BID, 46, 3),
            order(4, Side.OFFER, 55, 1),
            order(5, Side.OFFER, 54, 1),
            order(6, Side.OFFER, 60, 0), // size 0: not live
          ],
        },
      }),
    );
    assert.equal(changed, 7n);
    const book = books.get(7n);
    assert.deepEqual(prices(book.bids()), [[2, 46, 2], [3, 46, 3], [1, 45, 1]]);
    assert.deepEqual(prices(book.offers()), [[5, 54, 1], [4, 55, 1]]);
    assert.equal(book.mid(), 50);
    assert.equal(books.get(8n).orders.size, 0);
  });

  test('OrderCreated adds the resting order and applies fills to resting orders', () => {
    const books = new Books();
    books.apply(message({ case: 'orders', value: { marketId: 7n, orders: [order(1, Side.OFFER, 50, 2), order(2, Side.OFFER, 51, 5)] } }));
    // A bid for 4 at 51: takes all of order 1, 2 of order 2, nothing rests.
    books.apply(
      message({
        case: 'orderCreated',
        value: {
          marketId: 7n,
          fills: [
            { id: 1n, marketId: 7n, sizeFilled: 2, sizeRemaining: 0, price: 50, side: Side.OFFER, ownerId: 1n },
            { id: 2n, marketId: 7n, sizeFilled: 2, sizeRemaining: 3, price: 51, side: Side.OFFER, ownerId: 1n },
          ],
        },
      }),
    );
    assert.deepEqual(prices(books.get(7n).offers()), [[2, 51, 3]]);
    // A bid for 5 at 51: takes the last 3, rests 2.
    books.apply(
      message({
        case: 'orderCreated',
        value: {
          marketId: 7n,
          order: order(3, Side.BID, 51, 2, 2n),
          fills: [{ id: 2n, marketId: 7n, sizeFilled: 3, sizeRemaining: 0, price: 51, side: Side.OFFER, ownerId: 1n }],
        },
      }),
    );
    const book = books.get(7n);
    assert.deepEqual(prices(book.offers()), []);
    assert.deepEqual(prices(book.bids()), [[3, 51, 2]]);
    assert.equal(book.mid(), undefined);
  });

  test('OrdersCancelled removes orders; MarketSettled empties the book; other messages change nothing', () => {
    const books = new Books();
    books.apply(message({ case: 'orders', value: { marketId: 7n, orders: [order(1, Side.BID, 40, 1), order(2, Side.BID, 41, 1), order(3, Side.OFFER, 60, 1)] } }));
    books.apply(message({ case: 'ordersCancelled', value: { marketId: 7n, orderIds: [2n, 42n] } }));
    assert.deepEqual(prices(books.get(7n).bids()), [[1, 40, 1]]);
    assert.equal(books.apply(message({ case: 'actingAs', value: { accountId: 1n } })), undefined);
    assert.equal(books.get(7n).orders.size, 2);
    books.apply(message({ case: 'marketSettled', value: { id: 7n, settlePrice: 50 } }));
    assert.equal(books.get(7n).orders.size, 0);
  });

  test('best prices can leave out one account (our own orders)', () => {
    const book = new Book(7n);
    book.add(order(1, Side.BID, 49, 1, 5n)); // ours
    book.add(order(2, Side.BID, 45, 1, 6n));
    book.add(order(3, Side.OFFER, 51, 1, 5n)); // ours
    book.add(order(4, Side.OFFER, 57, 1, 6n));
    assert.equal(book.bestBid()?.price, 49);
    assert.equal(book.bestBid(5n)?.price, 45);
    assert.equal(book.bestOffer(5n)?.price, 57);
    assert.equal(book.mid(5n), 51);
    assert.deepEqual(book.ordersOf(5n).map((o) => Number(o.id)).sort(), [1, 3]);
    book.fill(1n, 0.5);
    assert.equal(book.bestBid()?.size, 0.5);
    book.fill(1n, 0);
    assert.equal(book.bestBid()?.price, 45);
  });
});

describe('targetQuotes', () => {
  const market = { minSettlement: 0, maxSettlement: 100 };
  const settings = { spread: 2, size: 3, maxPosition: 5 };

  test('quotes around the middle of the range on an empty book, then around the others\' mid', () => {
    const book = new Book(7n);
    assert.deepEqual(targetQuotes(market, book, 5n, 0, settings), {
      fair: 50,
      bid: { price: 49, size: 3 },
      offer: { price: 51, size: 3 },
    });
    book.add(order(1, Side.BID, 60, 1, 6n));
    book.add(order(2, Side.OFFER, 70, 1, 6n));
    book.add(order(3, Side.BID, 64, 1, 5n)); // ours: ignored
    const quotes = targetQuotes(market, book, 5n, 0, settings);
    assert.equal(quotes.fair, 65);
    assert.deepEqual([quotes.bid.price, quotes.offer.price], [64, 66]);
  });

  test('a fixed fair value never crosses the others, and stays in range', () => {
    const book = new Book(7n);
    book.add(order(1, Side.OFFER, 40, 1, 6n));
    const quotes = targetQuotes(market, book, 5n, 0, { ...settings, fair: 50 });
    assert.equal(quotes.bid.price, 39.99); // not 49: that would buy their offer at 40
    assert.equal(quotes.offer.price, 51);
    const edge = targetQuotes(market, new Book(7n), 5n, 0, { ...settings, fair: 100 });
    assert.deepEqual([edge.bid.price, edge.offer.price], [99, 100]);
  });

  test('sizes respect the position limit', () => {
    const book = new Book(7n);
    assert.deepEqual(
      [targetQuotes(market, book, 5n, 4, settings).bid.size, targetQuotes(market, book, 5n, 4, settings).offer.size],
      [1, 3],
    );
    assert.equal(targetQuotes(market, book, 5n, 5, settings).bid.size, 0);
    assert.equal(targetQuotes(market, book, 5n, -5, settings).offer.size, 0);
    assert.equal(targetQuotes(market, book, 5n, -4.5, settings).offer.size, 0.5);
  });
});
