// The local order books: one Book per market, kept up to date from the server's messages.
// No I/O here, so it is easy to unit-test (test/book.test.ts).
//
// How each message changes a market's book (see schema/server_message.proto, schema/order.proto):
//   Orders           the market's live orders, all of them: replace the book (login snapshot)
//   OrderCreated     someone's new order: add what rests on the book (`order`, absent when it
//                    filled completely) and shrink or remove the resting orders it matched
//                    (`fills`, each with the size left)
//   OrdersCancelled  remove those orders
//   MarketSettled    the market closed: its book is empty
import { Side, type Order, type OrderCreated, type ServerMessage } from '@exchange/schema';

/** Orders at the same price: the earlier one (lower transaction id, then order id) goes first. */
function byTime(a: Order, b: Order): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One market's live orders. */
export class Book {
  /** Live orders by id (only orders with size > 0). */
  readonly orders = new Map<bigint, Order>();

  constructor(readonly marketId: bigint) {}

  /** Replaces every order (an `Orders` message: the full list of live orders). */
  replace(orders: readonly Order[]): void {
    this.orders.clear();
    for (const order of orders) this.add(order);
  }

  add(order: Order): void {
    if (order.size > 0) this.orders.set(order.id, order);
    else this.orders.delete(order.id);
  }

  /** A resting order was (partly) filled: `sizeRemaining` is what is left of it. */
  fill(orderId: bigint, sizeRemaining: number): void {
    const order = this.orders.get(orderId);
    if (!order) return;
    if (sizeRemaining > 0) this.orders.set(orderId, { ...order, size: sizeRemaining });
    else this.orders.delete(orderId);
  }

  remove(orderIds: readonly bigint[]): void {
    for (const id of orderIds) this.orders.delete(id);
  }

  clear(): void {
    this.orders.clear();
  }

  /** Bids, best (highest price, then earliest) first; `excludeOwner` leaves out one account's. */
  bids(excludeOwner?: bigint): Order[] {
    return this.side(Side.BID, excludeOwner).sort((a, b) => b.price - a.price || byTime(a, b));
  }

  /** Offers, best (lowest price, then earliest) first. */
  offers(excludeOwner?: bigint): Order[] {
    return this.side(Side.OFFER, excludeOwner).sort((a, b) => a.price - b.price || byTime(a, b));
  }

  bestBid(excludeOwner?: bigint): Order | undefined {
    return this.bids(excludeOwner)[0];
  }

  bestOffer(excludeOwner?: bigint): Order | undefined {
    return this.offers(excludeOwner)[0];
  }

  /** The middle of the best bid and offer, or undefined when a side is empty. */
  mid(excludeOwner?: bigint): number | undefined {
    const bid = this.bestBid(excludeOwner);
    const offer = this.bestOffer(excludeOwner);
    return bid && offer ? (bid.price + offer.price) / 2 : undefined;
  }

  /** One account's live orders. */
  ordersOf(owner: bigint): Order[] {
    return [...this.orders.values()].filter((order) => order.ownerId === owner);
  }

  private side(side: Side, excludeOwner?: bigint): Order[] {
    const result: Order[] = [];
    for (const order of this.orders.values()) {
      if (order.side === side && (excludeOwner === undefined || order.ownerId !== excludeOwner)) result.push(order);
    }
    return result;
  }
}

/** Every market's book. */
export class Books {
  private readonly books = new Map<bigint, Book>();

  /** The book of a market (an empty one if nothing is known about it yet). */
  get(marketId: bigint): Book {
    let book = this.books.get(marketId);
    if (!book) {
      book = new Book(marketId);
      this.books.set(marketId, book);
    }
    return book;
  }

  clear(): void {
    this.books.clear();
  }

  /** Applies one server message; returns the id of the market whose book changed, if any. */
  apply(message: ServerMessage): bigint | undefined {
    const m = message.message;
    switch (m.case) {
      case 'orders':
        this.get(m.value.marketId).replace(m.value.orders);
        return m.value.marketId;
      case 'orderCreated':
        this.applyOrderCreated(m.value);
        return m.value.marketId;
      case 'ordersCancelled':
        this.get(m.value.marketId).remove(m.value.orderIds);
        return m.value.marketId;
      case 'marketSettled':
        this.get(m.value.id).clear();
        return m.value.id;
      default:
        return undefined;
    }
  }

  private applyOrderCreated(created: OrderCreated): void {
    const book = this.get(created.marketId);
    for (const fill of created.fills) book.fill(fill.id, fill.sizeRemaining);
    if (created.order) book.add(created.order);
  }
}
