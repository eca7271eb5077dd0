// Exercises in an account's history and P&L. An exercise moves cash and units without a trade
// (options.md 4.3); our server reports the cash per unit (`price`: the strike for a physical
// exercise, the intrinsic value for a cash one) and the underlying, so each exercise becomes
// "fills" the P&L can book like trades:
//   holder: option −x at 0 (physical) or at the intrinsic value (cash);
//           physical call: underlying +x at K; physical put: underlying −x at K
//   writer: the mirror image.
import type { OptionExercised } from '@exchange/schema';

export interface ExerciseFill {
  marketId: bigint;
  /** Unix seconds. */
  time: number;
  /** Signed: + bought, − sold. */
  quantity: number;
  price: number;
}

export interface ExerciseEntry {
  key: string;
  transactionId: bigint;
  time: number;
  optionMarketId: bigint;
  underlyingMarketId: bigint;
  role: 'holder' | 'writer';
  counterpartyId: bigint;
  amount: number;
  cash: boolean;
  price: number;
  /** Signed cash for the account: + received, − paid. */
  cashFlow: number;
  /** Signed change of the account's position in the underlying (0 for a cash exercise). */
  underlyingChange: number;
}

export const exerciseKey = (e: Pick<OptionExercised, 'transactionId' | 'contractId'>): string => `${e.transactionId}:${e.contractId}`;

const cents = (x: number): number => Math.round(x * 100);
const seconds = (e: OptionExercised): number => Number(e.transactionTimestamp?.seconds ?? 0n);

/** The account's side of each exercise it took part in (oldest first); `isCall` by option market. */
export function exerciseEntries(
  accountId: bigint,
  exercises: readonly OptionExercised[],
  isCall: (optionMarketId: bigint) => boolean | undefined,
): ExerciseEntry[] {
  const out: ExerciseEntry[] = [];
  for (const e of exercises) {
    const holder = e.exerciserId === accountId;
    if (!holder && e.counterpartyId !== accountId) continue;
    const sign = holder ? 1 : -1;
    const call = isCall(e.optionMarketId) ?? true;
    const total = (cents(e.price) * cents(e.amount)) / 10_000;
    // Holder: cash exercise receives the value; physical call pays K, physical put receives K.
    const holderCash = e.isCashSettled ? total : call ? -total : total;
    const holderUnits = e.isCashSettled ? 0 : call ? e.amount : -e.amount;
    out.push({
      key: exerciseKey(e),
      transactionId: e.transactionId,
      time: seconds(e),
      optionMarketId: e.optionMarketId,
      underlyingMarketId: e.underlyingMarketId,
      role: holder ? 'holder' : 'writer',
      counterpartyId: holder ? e.counterpartyId : e.exerciserId,
      amount: e.amount,
      cash: e.isCashSettled,
      price: e.price,
      cashFlow: sign * holderCash || 0,
      underlyingChange: sign * holderUnits || 0,
    });
  }
  return out.sort((a, b) => (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : a.key.localeCompare(b.key)));
}

/** The fills (per market) the account's exercises amount to, for the P&L. */
export function exerciseFills(entries: readonly ExerciseEntry[]): ExerciseFill[] {
  const fills: ExerciseFill[] = [];
  for (const e of entries) {
    const sign = e.role === 'holder' ? 1 : -1;
    // The option leaves the holder (and returns to the writer) at the cash it paid out.
    fills.push({ marketId: e.optionMarketId, time: e.time, quantity: -sign * e.amount, price: e.cash ? e.price : 0 });
    if (!e.cash && e.underlyingChange !== 0) {
      fills.push({ marketId: e.underlyingMarketId, time: e.time, quantity: e.underlyingChange, price: e.price });
    }
  }
  return fills;
}

/** A sentence for the history: what moved, from the account's point of view. */
export function describeExercise(e: ExerciseEntry, names: { option: string; underlying: string; counterparty: string }): string {
  const n = e.amount.toFixed(2);
  const p = e.price.toFixed(2);
  if (e.role === 'holder') {
    if (e.cash) return `Exercised ${n} ${names.option} against ${names.counterparty} for cash at ${p} each`;
    return `Exercised ${n} ${names.option}: ${e.underlyingChange > 0 ? 'bought' : 'sold'} ${n} ${names.underlying} at ${p} from ${names.counterparty}`;
  }
  if (e.cash) return `${names.counterparty} exercised ${n} ${names.option} you wrote, for cash at ${p} each`;
  return `${names.counterparty} exercised ${n} ${names.option} you wrote: you ${e.underlyingChange > 0 ? 'bought' : 'sold'} ${n} ${names.underlying} at ${p}`;
}
