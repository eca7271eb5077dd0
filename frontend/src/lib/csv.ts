// CSV export of one account's trades and orders (the portfolio page's "Export CSV").
//
// Pure: the page hands in the trades and order histories it loaded and how to name markets
// and accounts. RFC 4180 output (CRLF, fields quoted when they hold a comma, quote or line
// break), exact decimals (prices and sizes with 2 places, as the exchange stores them; no
// thousands separators, no float noise, never "-0.00"), times as ISO 8601 UTC. Names people
// chose (markets, accounts) that start like a spreadsheet formula get a leading apostrophe.

/** A protobuf Timestamp as it arrives (seconds as bigint). */
export interface Stamp {
  seconds: bigint;
  nanos: number;
}

export interface CsvTrade {
  id: bigint;
  marketId: bigint;
  transactionId: bigint;
  price: number;
  size: number;
  buyerId: bigint;
  sellerId: bigint;
  buyerIsTaker: boolean;
  transactionTimestamp?: Stamp;
}

export interface CsvOrder {
  id: bigint;
  marketId: bigint;
  transactionId: bigint;
  price: number;
  size: number;
  /** 1 = bid, 2 = offer (Side). */
  side: number;
  ownerId: bigint;
  transactionTimestamp?: Stamp;
  sizes: readonly { transactionId: bigint; size: number; transactionTimestamp?: Stamp }[];
}

export interface CsvNames {
  market(id: bigint): string;
  account(id: bigint): string;
}

export type Field = string | number | bigint | null | undefined;

/** One field, quoted when it has to be. */
export function csvField(value: Field): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Header and rows as CSV text (CRLF line ends, a final CRLF). */
export function toCsv(header: readonly string[], rows: readonly (readonly Field[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** A decimal with exactly `digits` places: 1234.5 -> "1234.50", 0.1 + 0.2 -> "0.30", -0 -> "0.00". */
export function decimal(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '';
  const rounded = Number(x.toFixed(digits));
  return (rounded === 0 ? 0 : rounded).toFixed(digits);
}

/**
 * Money with the places it has, 2 to 4 (balances and transfer amounts keep up to 4 decimals,
 * rules.md 2.4): 5 -> "5.00", 10.005 -> "10.005", 0.1 + 0.2 -> "0.30".
 */
export function money(x: number): string {
  return decimal(x, 4).replace(/(\.\d{2}\d*?)0+$/, '$1');
}

/** A name someone typed, made safe for spreadsheets (no formula injection). */
export function textField(name: string): string {
  return /^[=+\-@\t\r]/.test(name) ? `'${name}` : name;
}

/** ISO 8601 UTC with milliseconds, or "" when unknown. */
export function isoTime(stamp: Stamp | undefined): string {
  if (!stamp) return '';
  const ms = Number(stamp.seconds) * 1000 + Math.floor((stamp.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

const byTime = <T extends { transactionId: bigint; id: bigint }>(a: T, b: T) =>
  a.transactionId !== b.transactionId ? (a.transactionId < b.transactionId ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export const TRADE_HEADER = ['time', 'market', 'side', 'price', 'size', 'counterparty', 'aggressor', 'trade_id', 'market_id'] as const;

/**
 * The account's trades, oldest first: side from its point of view (buy/sell; "self" when it
 * was both buyer and seller), the counterparty as the app names it, whether it took liquidity.
 */
export function tradeRows(accountId: bigint, trades: readonly CsvTrade[], names: CsvNames): Field[][] {
  return trades
    .filter((t) => t.buyerId === accountId || t.sellerId === accountId)
    .toSorted(byTime)
    .map((t) => {
      const buyer = t.buyerId === accountId;
      const seller = t.sellerId === accountId;
      const side = buyer && seller ? 'self' : buyer ? 'buy' : 'sell';
      const counterparty = buyer && seller ? accountId : buyer ? t.sellerId : t.buyerId;
      const taker = buyer && seller ? 'both' : buyer === t.buyerIsTaker ? 'taker' : 'maker';
      return [
        isoTime(t.transactionTimestamp),
        textField(names.market(t.marketId)),
        side,
        decimal(t.price),
        decimal(t.size),
        textField(names.account(counterparty)),
        taker,
        t.id,
        t.marketId,
      ];
    });
}

export const ORDER_HEADER = ['time', 'market', 'side', 'price', 'size', 'filled', 'remaining', 'status', 'order_id', 'market_id'] as const;

/**
 * What happened to an order, from its size history: every decrease is a fill when the account
 * traded in that market in the same transaction at a price the order accepts, otherwise a
 * cancellation (by the owner, Out, or the market's settlement).
 */
export function orderOutcome(
  order: CsvOrder,
  trades: readonly CsvTrade[],
): { size: number; filled: number; remaining: number; status: 'open' | 'filled' | 'partly filled' | 'cancelled' | 'partly filled, cancelled' } {
  const bid = order.side === 1;
  const fillsIn = (transactionId: bigint) =>
    trades
      .filter(
        (t) =>
          t.transactionId === transactionId &&
          (bid ? t.buyerId === order.ownerId : t.sellerId === order.ownerId) &&
          (bid ? t.price <= order.price + 1e-9 : t.price >= order.price - 1e-9),
      )
      .reduce((sum, t) => sum + t.size, 0);
  const history = order.sizes.toSorted((a, b) => (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0));
  // The size it was placed with: the first recorded size (plus what filled on arrival).
  const first = history[0];
  const arrivalFill = first && first.transactionId === order.transactionId ? fillsIn(order.transactionId) : 0;
  const placed = (first ? first.size : order.size) + arrivalFill;
  let filled = arrivalFill;
  let cancelled = false;
  for (let i = 1; i < history.length; i++) {
    const drop = history[i - 1].size - history[i].size;
    if (drop <= 0) continue;
    const fill = Math.min(drop, fillsIn(history[i].transactionId));
    filled += fill;
    if (drop - fill > 1e-9) cancelled = true;
  }
  const remaining = order.size;
  let status: ReturnType<typeof orderOutcome>['status'];
  if (remaining > 0) status = filled > 0 ? 'partly filled' : 'open';
  else if (cancelled) status = filled > 0 ? 'partly filled, cancelled' : 'cancelled';
  else status = 'filled';
  return { size: placed, filled, remaining, status };
}

/** The account's orders, oldest first, with their outcome. */
export function orderRows(
  accountId: bigint,
  orders: readonly CsvOrder[],
  tradesByMarket: ReadonlyMap<bigint, readonly CsvTrade[]>,
  names: CsvNames,
): Field[][] {
  return orders
    .filter((o) => o.ownerId === accountId)
    .toSorted(byTime)
    .map((o) => {
      const outcome = orderOutcome(o, tradesByMarket.get(o.marketId) ?? []);
      return [
        isoTime(o.transactionTimestamp),
        textField(names.market(o.marketId)),
        o.side === 1 ? 'bid' : 'offer',
        decimal(o.price),
        decimal(outcome.size),
        decimal(outcome.filled),
        decimal(outcome.remaining),
        outcome.status,
        o.id,
        o.marketId,
      ];
    });
}

/** A file name for an export: trades-<account>-<yyyy-mm-dd>.csv, with only safe characters. */
export function exportFileName(kind: 'trades' | 'orders', accountName: string, now = new Date()): string {
  const safe = accountName.replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '') || 'account';
  return `${kind}-${safe}-${now.toISOString().slice(0, 10)}.csv`;
}
