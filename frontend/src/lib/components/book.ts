import type { Order } from '@exchange/schema';

export interface Level {
  price: number;
  size: number;
  /** Size of our own orders at this price. */
  own: number;
  count: number;
  /** Cumulative size from the best price to this level. */
  depth: number;
}

/** Aggregates orders (already sorted best first) into price levels. */
export function toLevels(orders: readonly Order[], isOwn: (ownerId: bigint) => boolean): Level[] {
  const levels: Level[] = [];
  let depth = 0;
  for (const order of orders) {
    if (order.size <= 0) continue;
    let level = levels[levels.length - 1];
    if (!level || level.price !== order.price) {
      level = { price: order.price, size: 0, own: 0, count: 0, depth };
      levels.push(level);
    }
    level.size += order.size;
    level.count += 1;
    if (isOwn(order.ownerId)) level.own += order.size;
    depth += order.size;
    level.depth = depth;
  }
  return levels;
}
