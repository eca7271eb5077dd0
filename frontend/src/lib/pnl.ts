// Profit and loss of one account from its trades (the performance page).
//
// Per market, from every trade where the account is buyer or seller:
//   cash     = Σ sells·price − Σ buys·price                 (exact, fixed point)
//   position = Σ buys − Σ sells
//   total    = cash + position · mark                       (exact)
// where mark is the settle price once the market settled, else the chosen mark price (the
// last trade price, or the mid of the book), else the average cost. The total splits into
//   realised   = gains locked in by closing trades (average-cost method) and, for settled
//                markets, the settlement of the remaining position;
//   unrealised = position · mark − cost basis of the open position   (= total − realised).
// Option exercises and fund redemptions are not trades but arrive as `fills`
// (options/exercise-history.ts, pnl-redemptions.ts): booked like the account's trades, at their
// time, without moving the market's mark; a fill may carry a cash fee (the redeem fee).
// The series marks each market at its last trade at each moment (Mark to Market) unless the
// input gives a `fixedMark` (Mark to Settlement of a settled market, or a custom price), which
// then values the position at every moment before settlement.
//
// Prices and sizes have at most 2 decimals, so cash is kept in integer units of 10^-4.
import type { Trade } from '@exchange/schema';

export interface PnlMarketInput {
  marketId: bigint;
  name: string;
  /** Every trade of the market (ascending id), not only the account's: marks move with them. */
  trades: readonly Trade[];
  /** Set once the market settled. */
  settlement?: { price: number; time: number } | null;
  /** Current mark for an unsettled market (last trade or mid); null: none known. */
  mark?: number | null;
  /** The account's other fills (exercises, redemptions): signed quantity, price, Unix seconds, cash fee. */
  fills?: readonly { time: number; quantity: number; price: number; fee?: number }[];
  /** A price the P&L series values the position at throughout (else the last trade at each moment). */
  fixedMark?: number | null;
}

export interface MarketPnl {
  marketId: bigint;
  name: string;
  trades: number;
  bought: number;
  sold: number;
  position: number;
  /** Average cost of the open position (null when flat). */
  averageCost: number | null;
  mark: number | null;
  settled: boolean;
  realised: number;
  unrealised: number;
  total: number;
}

export interface PnlPoint {
  /** Seconds since the epoch. */
  time: number;
  value: number;
}

export interface PnlReport {
  markets: MarketPnl[];
  realised: number;
  unrealised: number;
  total: number;
  /** Total P&L after each second in which one of the account's markets traded or settled. */
  series: PnlPoint[];
}

const cents = (x: number): bigint => BigInt(Math.round(x * 100));
/** Units of 10^-4 (price cents × size cents) to a number. */
const money = (units: bigint): number => {
  const x = Number(units) / 10_000;
  return x === 0 ? 0 : x;
};
const clean = (x: number, digits = 4): number => {
  const r = Number(x.toFixed(digits));
  return r === 0 ? 0 : r;
};
const seconds = (t: Trade): number => Number(t.transactionTimestamp?.seconds ?? 0n);

interface Book {
  /** Position in size cents. */
  position: bigint;
  /** Cash in 10^-4 units. */
  cash: bigint;
  /** Signed cost of the open position in 10^-4 units (average-cost method). */
  basis: number;
  realised: number;
  bought: bigint;
  sold: bigint;
  trades: number;
}

function emptyBook(): Book {
  return { position: 0n, cash: 0n, basis: 0, realised: 0, bought: 0n, sold: 0n, trades: 0 };
}

/** Applies one of the account's fills: `quantity` in size cents, signed (+ buy, − sell); fee in 10^-4 units. */
function applyFill(book: Book, quantity: bigint, priceCents: bigint, fee = 0n): void {
  book.cash -= fee;
  book.realised -= Number(fee);
  if (quantity === 0n) return;
  book.trades += 1;
  if (quantity > 0n) book.bought += quantity;
  else book.sold -= quantity;
  book.cash -= quantity * priceCents;
  const sameWay = book.position === 0n || (book.position > 0n) === (quantity > 0n);
  if (sameWay) {
    book.position += quantity;
    book.basis += Number(quantity * priceCents);
    return;
  }
  const absPosition = book.position < 0n ? -book.position : book.position;
  const absQuantity = quantity < 0n ? -quantity : quantity;
  const closing = absQuantity < absPosition ? absQuantity : absPosition;
  const closingSigned = quantity > 0n ? closing : -closing;
  const removedBasis = (book.basis * Number(closing)) / Number(absPosition);
  // Cash from the closing part minus what those units cost.
  book.realised += -Number(closingSigned * priceCents) - removedBasis;
  book.position += closingSigned;
  book.basis = book.position === 0n ? 0 : book.basis - removedBasis;
  const rest = quantity - closingSigned;
  if (rest !== 0n) {
    book.position += rest;
    book.basis += Number(rest * priceCents);
  }
}

/** The account's P&L per market and in total, and its P&L over time. */
export function computePnl(accountId: bigint, inputs: readonly PnlMarketInput[]): PnlReport {
  const markets: MarketPnl[] = [];
  let realisedSum = 0;
  let totalUnits = 0n;

  // Events of all markets the account traded in, for the time series.
  type Fill = { quantity: bigint; price: bigint; fee: bigint };
  type Event = { time: number; order: number; market: number; trade?: Trade; settle?: number; fill?: Fill };
  const events: Event[] = [];

  inputs.forEach((input, index) => {
    const own = input.trades.filter((t) => t.buyerId === accountId || t.sellerId === accountId);
    const extra = input.fills ?? [];
    if (own.length === 0 && extra.length === 0) return;
    const book = emptyBook();
    // Trades and other fills in time order (a trade first within the same second).
    const fills: ({ time: number } & Fill)[] = [];
    const feeUnits = (fee?: number) => cents(fee ?? 0) * 100n;
    for (const trade of own) {
      if (trade.buyerId === trade.sellerId) continue; // self-fills make no trades; be safe
      const size = cents(trade.size);
      fills.push({ time: seconds(trade), quantity: trade.buyerId === accountId ? size : -size, price: cents(trade.price), fee: 0n });
    }
    for (const f of extra) fills.push({ time: f.time + 0.5, quantity: cents(f.quantity), price: cents(f.price), fee: feeUnits(f.fee) });
    fills.sort((a, b) => a.time - b.time);
    for (const f of fills) applyFill(book, f.quantity, f.price, f.fee);
    const settled = input.settlement !== undefined && input.settlement !== null;
    const positionUnits = Number(book.position);
    const averageCost = book.position === 0n ? null : book.basis / positionUnits / 100;
    let mark: number | null = settled ? input.settlement!.price : (input.mark ?? null);
    if (mark === null && averageCost !== null) mark = Number(averageCost.toFixed(2));
    const markUnits = mark === null ? 0n : cents(mark);
    const total = book.cash + book.position * markUnits;
    const totalMoney = money(total);
    const positionValueMinusBasis = (Number(book.position * markUnits) - book.basis) / 10_000;
    let realised = book.realised / 10_000;
    let unrealised = positionValueMinusBasis;
    if (settled) {
      realised += unrealised;
      unrealised = 0;
    }
    // Keep realised + unrealised equal to the exact total despite float rounding.
    realised = clean(realised);
    unrealised = clean(totalMoney - realised);
    markets.push({
      marketId: input.marketId,
      name: input.name,
      trades: book.trades,
      bought: Number(book.bought) / 100,
      sold: Number(book.sold) / 100,
      position: positionUnits / 100,
      averageCost: averageCost === null ? null : clean(averageCost),
      mark,
      settled,
      realised,
      unrealised,
      total: totalMoney,
    });
    realisedSum += realised;
    totalUnits += total;

    for (const trade of input.trades) events.push({ time: seconds(trade), order: 0, market: index, trade });
    for (const f of extra) events.push({ time: f.time, order: 0.5, market: index, fill: { quantity: cents(f.quantity), price: cents(f.price), fee: feeUnits(f.fee) } });
    if (settled) events.push({ time: input.settlement!.time, order: 1, market: index, settle: input.settlement!.price });
  });

  // P&L over time: replay every trade of those markets, marking each market at its last price.
  events.sort((a, b) => a.time - b.time || a.order - b.order || a.market - b.market || Number((a.trade?.id ?? 0n) - (b.trade?.id ?? 0n)));
  const state = new Map<number, { book: Book; last: bigint | null; fixed: bigint | null; settled: boolean; started: boolean }>();
  const series: PnlPoint[] = [];
  let anyStarted = false;
  for (const event of events) {
    let s = state.get(event.market);
    if (!s) {
      const fixed = inputs[event.market].fixedMark;
      state.set(event.market, (s = { book: emptyBook(), last: null, fixed: fixed === undefined || fixed === null ? null : cents(fixed), settled: false, started: false }));
    }
    if (event.trade) {
      if (s.settled) continue;
      const t = event.trade;
      const price = cents(t.price);
      s.last = price;
      if (t.buyerId !== t.sellerId && (t.buyerId === accountId || t.sellerId === accountId)) {
        applyFill(s.book, t.buyerId === accountId ? cents(t.size) : -cents(t.size), price);
        s.started = true;
        anyStarted = true;
      }
    } else if (event.fill) {
      if (s.settled) continue;
      applyFill(s.book, event.fill.quantity, event.fill.price, event.fill.fee);
      s.started = true;
      anyStarted = true;
    } else if (event.settle !== undefined) {
      s.last = cents(event.settle);
      s.settled = true;
    }
    if (!anyStarted) continue;
    let value = 0n;
    for (const m of state.values()) {
      if (!m.started) continue;
      const mark = m.settled ? m.last : (m.fixed ?? m.last);
      value += m.book.cash + m.book.position * (mark ?? 0n);
    }
    const point = { time: event.time, value: money(value) };
    const last = series[series.length - 1];
    if (last && last.time === point.time) last.value = point.value;
    else series.push(point);
  }

  markets.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const total = money(totalUnits);
  const realised = clean(realisedSum);
  return { markets, realised, unrealised: clean(total - realised), total, series };
}

/** The mark of an unsettled market: the mid when both sides quote, else the last trade. */
export function markPrice(
  mode: 'last' | 'mid',
  lastTrade: number | undefined,
  bestBid: number | undefined,
  bestOffer: number | undefined,
): number | null {
  if (mode === 'mid' && bestBid !== undefined && bestOffer !== undefined) return Number(((bestBid + bestOffer) / 2).toFixed(4));
  return lastTrade ?? null;
}
