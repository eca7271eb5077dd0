// Multi-recipient transfers (additions.md 9.1): which accounts a source may pay, the amount
// caps and the total. Money is worked out exactly in units of 0.0001 (the server's transfer
// precision, rules.md 2.4): the wire's doubles are read as the short decimals they print as.
import type { Account, Portfolio } from '@exchange/schema';
import { parseDecimal } from './format';
import { isSystemAccount } from './people';
import type { TransferKind } from './transfers';

export interface RecipientContext {
  /** The effective user (U, ActingAs.user_id, additions.md 6.5). */
  userId: bigint;
  accounts: ReadonlyMap<bigint, Account>;
  /** The portfolios we hold (our owned set, or the impersonated user's). */
  portfolios: ReadonlyMap<bigint, Portfolio>;
}

export interface Recipient {
  id: bigint;
  kind: TransferKind;
  /** For a withdrawal: the owner's credit in the source, the most it can take out. */
  credit?: number;
}

/**
 * Who the source may pay, in the order to list them: the accounts it owns (deposits), its
 * owners that we also hold (withdrawals), then — only when the source is the effective user —
 * every other person of its universe (payments). The system account is never offered.
 */
export function validRecipients(ctx: RecipientContext, source: bigint): Recipient[] {
  const held = (id: bigint) => id === ctx.userId || ctx.portfolios.has(id);
  const out: Recipient[] = [];
  const seen = new Set<bigint>([source, 0n]);
  const push = (r: Recipient) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    out.push(r);
  };
  // The source's owners that we hold: withdrawals, capped by the credit.
  for (const c of ctx.portfolios.get(source)?.ownerCredits ?? []) {
    if (held(c.ownerId)) push({ id: c.ownerId, kind: 'withdrawal', credit: c.credit });
  }
  // Accounts the source owns (seen through their portfolios): deposits.
  const owned = [...ctx.portfolios.values()].filter((p) => p.ownerCredits.some((c) => c.ownerId === source)).map((p) => p.accountId);
  for (const id of owned.sort(byName(ctx))) push({ id, kind: 'deposit' });
  if (source === ctx.userId) {
    const universe = ctx.accounts.get(source)?.universeId ?? 0n;
    const people = [...ctx.accounts.values()].filter((a) => a.isUser && a.universeId === universe && !isSystemAccount(a)).map((a) => a.id);
    for (const id of people.sort(byName(ctx))) push({ id, kind: 'payment' });
  }
  return out;
}

function byName(ctx: RecipientContext): (a: bigint, b: bigint) => number {
  const name = (id: bigint) => ctx.accounts.get(id)?.name ?? '';
  return (a, b) => name(a).localeCompare(name(b)) || Number(a - b);
}

/**
 * Sources to choose from: the accounts we hold in the current universe (that of the account
 * we act as), the effective user first.
 */
export function transferSources(ctx: RecipientContext, universeId = 0n): bigint[] {
  const ids = new Set<bigint>([ctx.userId, ...ctx.portfolios.keys()]);
  const inUniverse = (id: bigint) => (ctx.accounts.get(id)?.universeId ?? 0n) === universeId;
  return [...ids].filter(inUniverse).sort((a, b) => (a === ctx.userId ? -1 : b === ctx.userId ? 1 : byName(ctx)(a, b)));
}

// ---- exact money in 0.0001 units ----

const UNIT = 10_000n;

/** A wire amount in 0.0001 units (rounded to the nearest unit, as the server keeps it). */
export function toUnits(x: number): bigint {
  const parsed = parseDecimal(String(x));
  if (parsed && parsed.scale <= 4) return parsed.coefficient * 10n ** BigInt(4 - parsed.scale);
  return BigInt(Math.round(x * 10_000));
}

export function fromUnits(units: bigint): number {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / UNIT}.${String(abs % UNIT).padStart(4, '0')}`;
  return Number(negative ? `-${text}` : text);
}

export interface TransferTotals {
  /** amount × recipients, exactly. */
  total: number;
  /** The total is more than the source has available. */
  overAvailable: boolean;
  /** The most each recipient can get: available ÷ count (rounded down), and every withdrawal's credit. */
  cap: number | null;
  /** The amount is above the cap. */
  overCap: boolean;
}

/** Totals and caps for `amount` (already valid, ≤ 4 decimals) sent to each of `recipients`. */
export function transferTotals(amount: number | undefined, recipients: readonly Recipient[], available: number | undefined): TransferTotals {
  const count = BigInt(recipients.length);
  const amountUnits = amount === undefined ? 0n : toUnits(amount);
  const totalUnits = amountUnits * count;
  const availableUnits = available === undefined ? null : toUnits(available);
  let cap: bigint | null = null;
  if (availableUnits !== null && count > 0n) cap = availableUnits > 0n ? availableUnits / count : 0n;
  for (const r of recipients) {
    if (r.kind !== 'withdrawal' || r.credit === undefined) continue;
    const credit = toUnits(r.credit);
    if (cap === null || credit < cap) cap = credit;
  }
  return {
    total: fromUnits(totalUnits),
    overAvailable: availableUnits !== null && totalUnits > availableUnits,
    cap: cap === null ? null : fromUnits(cap),
    overCap: cap !== null && amount !== undefined && amountUnits > cap,
  };
}

/** The selection after "All": every valid recipient. */
export function selectAll(recipients: readonly Recipient[]): bigint[] {
  return recipients.map((r) => r.id);
}

/** The selection kept after the recipients changed (e.g. an account left): only valid ones. */
export function keepValid(selected: readonly bigint[], recipients: readonly Recipient[]): bigint[] {
  const valid = new Set(recipients.map((r) => r.id));
  return selected.filter((id) => valid.has(id));
}
