// The instructor's people view and class leaderboard: every person's cash, the value of their
// open positions at a chosen mark, and their P&L, ranked and sortable.
//
//   P&L = cash + position value − money in
//
// * cash: the user account's balance (GET /api/admin/balances); settled markets are already in
//   it (a settlement pays position × settle price into cash, rules.md 7).
// * position value: Σ over markets not yet settled of net position (GetMarketPositions) × mark.
// * money in: what the person was given from outside: the member's initial balance, or one
//   amount the instructor types for everybody (e.g. when starting money came by transfer).
//
// Marks: "settlement" counts only settled results (open positions are worth 0 until their
// market settles); "last" is the last trade price; "mid" the middle of the best bid and offer
// (the last trade when a side is empty). A market with no mark at all counts 0 and is reported.
//
// Sums are exact: money in 0.0001 units, prices and positions in 0.01 units (rules.md 2.4).
import { fromUnits, toUnits } from './transfer-recipients';
import { parseDecimal } from './format';

export type MarkMode = 'settlement' | 'last' | 'mid';

export const MARK_MODES: readonly { mode: MarkMode; label: string; explain: string }[] = [
  { mode: 'settlement', label: 'Mark to settlement', explain: 'only settled markets count: open positions are worth 0 until their market settles' },
  { mode: 'last', label: 'Mark to last trade', explain: 'open positions at the market’s last trade price' },
  { mode: 'mid', label: 'Mark to mid', explain: 'open positions at the middle of the best bid and offer (the last trade when a side is empty)' },
];

/** What is known of the price of one open (not settled) market. */
export interface MarketQuote {
  last?: number;
  bestBid?: number;
  bestOffer?: number;
}

/** The price an open position is marked at, or undefined when the market has none. */
export function markPrice(quote: MarketQuote, mode: MarkMode): number | undefined {
  if (mode === 'settlement') return 0;
  if (mode === 'mid' && quote.bestBid !== undefined && quote.bestOffer !== undefined) {
    return fromUnits((toCents(quote.bestBid) + toCents(quote.bestOffer)) * 50n); // (b + o) / 2, in 0.0001 units
  }
  return quote.last;
}

export interface Person {
  accountId: bigint;
  name: string;
  cash: number;
  moneyIn: number;
}

export interface Standing extends Person {
  positionValue: number;
  pnl: number;
  /** Open markets the person holds a position in that have no mark (counted as 0). */
  unpriced: number;
  rank: number;
}

/** Net positions per open market: market id -> (account id -> net). */
export type OpenPositions = ReadonlyMap<bigint, ReadonlyMap<bigint, number>>;

/** Everyone's standing, ranked by P&L (highest first; equal P&L share a rank: 1, 1, 3). */
export function standings(people: readonly Person[], positions: OpenPositions, quotes: ReadonlyMap<bigint, MarketQuote>, mode: MarkMode): Standing[] {
  const rows = people.map((p) => {
    let value = 0n; // 0.0001 units
    let unpriced = 0;
    for (const [marketId, nets] of positions) {
      const net = nets.get(p.accountId);
      if (!net) continue;
      const price = markPrice(quotes.get(marketId) ?? {}, mode);
      if (price === undefined) unpriced += 1;
      else value += (toCents(net) * toUnits(price)) / 100n;
    }
    const pnl = toUnits(p.cash) + value - toUnits(p.moneyIn);
    return { ...p, positionValue: fromUnits(value), pnl: fromUnits(pnl), unpriced, rank: 0 };
  });
  return rank(rows);
}

function rank(rows: Standing[]): Standing[] {
  const sorted = [...rows].sort((a, b) => b.pnl - a.pnl || a.name.localeCompare(b.name) || Number(a.accountId - b.accountId));
  sorted.forEach((row, i) => (row.rank = i > 0 && sorted[i - 1].pnl === row.pnl ? sorted[i - 1].rank : i + 1));
  return sorted;
}

export type StandingColumn = 'rank' | 'name' | 'cash' | 'positionValue' | 'moneyIn' | 'pnl';

export const STANDING_COLUMNS: readonly { column: StandingColumn; label: string; numeric: boolean }[] = [
  { column: 'rank', label: 'Rank', numeric: false },
  { column: 'name', label: 'Name', numeric: false },
  { column: 'cash', label: 'Cash', numeric: true },
  { column: 'positionValue', label: 'Position value', numeric: true },
  { column: 'moneyIn', label: 'Money in', numeric: true },
  { column: 'pnl', label: 'P&L', numeric: true },
];

export interface StandingSort {
  column: StandingColumn;
  descending: boolean;
}

/** A sorted copy; ties go by rank. */
export function sortStandings(rows: readonly Standing[], sort: StandingSort): Standing[] {
  const cmp = (a: Standing, b: Standing): number =>
    sort.column === 'name' ? a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) : (a[sort.column] as number) - (b[sort.column] as number);
  return [...rows].sort((a, b) => (sort.descending ? -cmp(a, b) : cmp(a, b)) || a.rank - b.rank || Number(a.accountId - b.accountId));
}

/** Clicking a column: the same one flips; another starts with its natural direction. */
export function nextStandingSort(current: StandingSort, column: StandingColumn): StandingSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: STANDING_COLUMNS.find((c) => c.column === column)?.numeric ?? false };
}

/** Money in per person: the typed amount for everybody, else the member's initial balance, else 0. */
export function moneyIn(override: string, initialBalance: string | null | undefined): number {
  const typed = parseDecimal(override);
  if (override.trim() !== '' && typed) return typed.value;
  const initial = initialBalance ? parseDecimal(initialBalance) : null;
  return initial ? initial.value : 0;
}

function toCents(x: number): bigint {
  const parsed = parseDecimal(String(x));
  if (parsed && parsed.scale <= 2) return parsed.coefficient * 10n ** BigInt(2 - parsed.scale);
  return BigInt(Math.round(x * 100));
}

/** People as the standings count them, from what was loaded (standings-data.svelte.ts). */
export function toPeople(
  loaded: readonly { accountId: bigint; displayName: string; cash: number; initialBalance: string | null; isAdmin: boolean }[],
  name: (accountId: bigint, fallback: string) => string,
  moneyInOverride: string,
  includeAdmins: boolean,
): Person[] {
  return loaded
    .filter((p) => includeAdmins || !p.isAdmin)
    .map((p) => ({ accountId: p.accountId, name: name(p.accountId, p.displayName), cash: p.cash, moneyIn: moneyIn(moneyInOverride, p.initialBalance) }));
}
