// The arithmetic of a split auction sale (docs/auctions.md): amounts are whole cents (integers),
// so sums and comparisons are exact; nothing here touches the network.
import type { Auction } from '@exchange/schema';
import { parseDecimal } from '$lib/format';

export interface SplitRow {
  /** Account id as text ('' = no buyer chosen yet). */
  buyer: string;
  /** The amount as typed. */
  amount: string;
}

/** Cents of a typed amount; null when it is not a number with at most 2 decimals or is negative. */
export function toCents(text: string): number | null {
  const parsed = parseDecimal(text);
  if (!parsed || parsed.scale > 2 || parsed.coefficient < 0n) return null;
  const cents = Number(parsed.coefficient) * 10 ** (2 - parsed.scale);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents as plain text for an input field: 1250 -> "12.5", 3 -> "0.03". */
export function centsText(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * `total` cents split over `count` rows in amounts of one decimal place (10 cents); the
 * remainder goes to the first row, so the amounts always add up to the total exactly.
 */
export function splitEvenly(total: number, count: number): number[] {
  if (count <= 0) return [];
  const share = Math.floor(total / count / 10) * 10;
  const amounts = Array.from({ length: count }, () => share);
  amounts[0] += total - share * count;
  return amounts;
}

/**
 * The percentage `amount` is of `total`, to one decimal place (half to even) with trailing
 * zeros dropped, as the server writes it in the payment notes: "50", "33.3", "0", "100".
 */
export function sharePercent(amount: number, total: number): string {
  if (total <= 0) return '0';
  const scaled = amount * 1000; // tenths of a percent, times total
  let tenths = Math.floor(scaled / total);
  const twiceRest = (scaled - tenths * total) * 2;
  if (twiceRest > total || (twiceRest === total && tenths % 2 !== 0)) tenths += 1;
  const whole = Math.floor(tenths / 10);
  const tenth = tenths % 10;
  return tenth === 0 ? String(whole) : `${whole}.${tenth}`;
}

/**
 * One contributor at random with probability proportional to its amount (uniformly when all
 * are 0); `random` returns a number in [0, 1). The index into `amounts`, or -1 when empty.
 */
export function weightedPick(amounts: number[], random: () => number = Math.random): number {
  if (amounts.length === 0) return -1;
  const total = amounts.reduce((sum, a) => sum + Math.max(a, 0), 0);
  if (total === 0) return Math.min(Math.floor(random() * amounts.length), amounts.length - 1);
  let point = random() * total;
  for (let i = 0; i < amounts.length; i++) {
    point -= Math.max(amounts[i], 0);
    if (point < 0) return i;
  }
  return amounts.length - 1;
}

export interface SplitCheck {
  /** Rows with a buyer, as the request's contributions (cents). */
  contributions: { buyer: bigint; cents: number }[];
  /** Sum of the valid amounts, in cents. */
  totalCents: number;
  /** Problems to fix before the sale can be sent; empty when it can be sent. */
  errors: string[];
  /** Row indexes whose amount is over the buyer's known balance. */
  overBalance: number[];
}

/**
 * Checks the split form before sending, as the server will: rows without a buyer are
 * dropped, no buyer twice, amounts of 0 or more with at most 2 decimals, adding up to the
 * price; `balance` gives a buyer's balance when known (a warning blocks the sale).
 */
export function checkSplit(rows: SplitRow[], priceCents: number | null, balance: (id: bigint) => number | undefined): SplitCheck {
  const errors: string[] = [];
  const contributions: SplitCheck['contributions'] = [];
  const overBalance: number[] = [];
  const seen = new Set<string>();
  let totalCents = 0;
  rows.forEach((row, index) => {
    if (!row.buyer) return;
    if (seen.has(row.buyer)) errors.push('The same buyer cannot appear more than once');
    seen.add(row.buyer);
    const cents = toCents(row.amount);
    if (cents === null) {
      const parsed = parseDecimal(row.amount);
      errors.push(parsed && parsed.value < 0 ? 'Contribution amount cannot be negative' : 'Each amount is a number with at most 2 decimals');
      return;
    }
    totalCents += cents;
    contributions.push({ buyer: BigInt(row.buyer), cents });
    const known = balance(BigInt(row.buyer));
    if (known !== undefined && cents / 100 > known + 0.005) overBalance.push(index);
  });
  if (contributions.length === 0) errors.push('Choose at least one buyer');
  if (priceCents === null) errors.push('Enter a total price of 0 or more with at most 2 decimals');
  else if (contributions.length > 0 && totalCents !== priceCents) errors.push('Contributions must sum to the settle price');
  if (priceCents === 0 && contributions.length > 1) errors.push('A split sale needs a price above 0');
  if (overBalance.length > 0) errors.push('An amount is more than that buyer has');
  return { contributions, totalCents, errors: [...new Set(errors)], overBalance };
}

/** Whether `account` bought `auction`: its labelled owner or one of its contributors. */
export function boughtBy(auction: Auction, account: bigint | null): boolean {
  if (account === null || auction.status.case !== 'closed') return false;
  return auction.buyerId === account || auction.buyers.some((b) => b.accountId === account);
}

/** Oldest first by creation (transaction id, which grows with time). */
export function oldestFirst(auctions: Iterable<Auction>): Auction[] {
  return [...auctions].sort((a, b) => (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0));
}
