// Exercising options (options.md 4 and 12.1): the acting account's contracts as holder merged
// per writer, the split of an amount into one ExerciseOption per contract (oldest first), and a
// plain-words preview of what the exercise does. Amounts are kept in cents to stay exact.
import type { OptionContract } from '@exchange/schema';
import { intrinsic } from './option-info';

const cents = (x: number): number => Math.round(x * 100);
const fromCents = (c: number): number => (c === 0 ? 0 : c / 100);

export interface WriterGroup {
  writerId: bigint;
  /** Summed remaining amount of the holder's contracts against this writer. */
  total: number;
  /** Ascending contract id (oldest first). */
  contracts: OptionContract[];
}

/** The contracts where `holderId` is the buyer, merged per writer (writers by first contract). */
export function groupByWriter(contracts: readonly OptionContract[], holderId: bigint): WriterGroup[] {
  const groups = new Map<bigint, WriterGroup>();
  const mine = contracts.filter((c) => c.buyerId === holderId && c.remainingAmount > 0).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const c of mine) {
    let g = groups.get(c.writerId);
    if (!g) groups.set(c.writerId, (g = { writerId: c.writerId, total: 0, contracts: [] }));
    g.contracts.push(c);
    g.total = fromCents(cents(g.total) + cents(c.remainingAmount));
  }
  return [...groups.values()];
}

export interface ExerciseStep {
  contractId: bigint;
  amount: number;
}

/**
 * One step per contract, oldest id first, each for min(left, remaining), until `amount` is used.
 * Throws when the amount is not positive or exceeds the group's total.
 */
export function planExercise(group: WriterGroup, amount: number): ExerciseStep[] {
  let left = cents(amount);
  if (left <= 0) throw new Error('The amount must be more than 0');
  if (left > cents(group.total)) throw new Error(`At most ${group.total} can be exercised against this writer`);
  const steps: ExerciseStep[] = [];
  for (const c of [...group.contracts].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (left === 0) break;
    const take = Math.min(left, cents(c.remainingAmount));
    if (take <= 0) continue;
    steps.push({ contractId: c.id, amount: fromCents(take) });
    left -= take;
  }
  return steps;
}

export interface PreviewInput {
  isCall: boolean;
  strike: number;
  amount: number;
  underlyingName: string;
  /** The underlying's settlement price once settled, else null (physical exercise). */
  settledAt: number | null;
  /** Expiration in Unix seconds (null: none) and now, for the physical window. */
  expiry: number | null;
  now: number;
}

const money = (x: number): string => x.toFixed(2);
const units = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/**
 * What an exercise will do, in plain words: cash exercise after the underlying settled,
 * physical before (refused after the expiration), as the server applies it (options.md 4.3).
 */
export function exercisePreview(p: PreviewInput): { text: string; allowed: boolean; cashPerUnit: number } {
  const n = units(p.amount);
  const u = p.underlyingName;
  if (p.settledAt !== null) {
    const value = intrinsic(p.isCall, p.strike, p.settledAt);
    const total = fromCents(Math.round(cents(value) * p.amount));
    const text =
      value === 0
        ? `${u} settled at ${money(p.settledAt)}, so this option is worth nothing: exercising ${n} closes the position and no money moves.`
        : `${u} settled at ${money(p.settledAt)}: you receive ${money(value)} per unit, ${money(total)} in all, and your position in this option falls by ${n}.`;
    return { text, allowed: true, cashPerUnit: value };
  }
  if (p.expiry !== null && p.now > p.expiry) {
    return { text: `This option expired: it can no longer be exercised before ${u} settles.`, allowed: false, cashPerUnit: 0 };
  }
  const total = fromCents(Math.round(cents(p.strike) * p.amount));
  const text = p.isCall
    ? `You buy ${n} ${u} at ${money(p.strike)}: you pay ${money(total)} and your position in ${u} rises by ${n}.`
    : `You sell ${n} ${u} at ${money(p.strike)}: you receive ${money(total)} and your position in ${u} falls by ${n}.`;
  return { text, allowed: true, cashPerUnit: p.isCall ? -p.strike : p.strike };
}
