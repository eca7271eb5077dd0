// Transfers: the server's amount rule, who may pay whom (rules.md 10.1, protocol.md A.6),
// and filtering of the history.
import type { Account, Portfolio, Transfer } from '@exchange/schema';
import { MAX_COEFFICIENT, formatMoney, parseDecimal, type Validation } from './format';

/** MakeTransfer's amount check: > 0 with at most 4 decimals (and the coefficient cap). */
export function validateAmount(text: string): Validation {
  if (text.trim() === '') return { ok: false, error: 'Enter an amount' };
  const parsed = parseDecimal(text);
  if (!parsed) return { ok: false, error: 'Amount must be a number' };
  if (parsed.value <= 0) return { ok: false, error: 'Amount must be more than 0' };
  if (parsed.scale > 4) return { ok: false, error: 'Amount has at most 4 decimals' };
  if (parsed.coefficient > MAX_COEFFICIENT) return { ok: false, error: 'Amount is too large' };
  return { ok: true, value: parsed.value };
}

export type TransferKind = 'deposit' | 'withdrawal' | 'payment';

export type TransferCheck =
  | { ok: true; kind: TransferKind; summary: string; warning?: string }
  | { ok: false; error: string };

export interface TransferContext {
  /** U: the person initiating (transfers are always initiated by the user, not an alt). */
  userId: bigint;
  accounts: ReadonlyMap<bigint, Account>;
  /** Portfolios of our owned set: their owner credits tell who owns whom. */
  portfolios: ReadonlyMap<bigint, Portfolio>;
}

function ownersOf(ctx: TransferContext, id: bigint): bigint[] | undefined {
  return ctx.portfolios.get(id)?.ownerCredits.map((c) => c.ownerId);
}

function hasOpenPosition(ctx: TransferContext, id: bigint): boolean {
  const held = (acct: bigint) => ctx.portfolios.get(acct)?.marketExposures.some((e) => e.position !== 0) ?? false;
  if (held(id)) return true;
  // ...or an account it directly owns.
  for (const [other, p] of ctx.portfolios) {
    if (p.ownerCredits.some((c) => c.ownerId === id) && held(other)) return true;
  }
  return false;
}

/**
 * What a transfer from `from` to `to` would be, in words, or why the server would refuse it.
 * Mirrors rules.md 10.1 step 8 as far as our owned set lets us see.
 */
export function checkTransfer(ctx: TransferContext, from: bigint, to: bigint, amount?: number): TransferCheck {
  const name = (id: bigint) => (id === ctx.userId ? 'you' : (ctx.accounts.get(id)?.name ?? `#${id}`));
  const possessive = (id: bigint) => (id === ctx.userId ? 'your' : `${name(id)}’s`);
  if (from === to) return { ok: false, error: 'Payer and receiver are the same account' };
  const fromPortfolio = ctx.portfolios.get(from);
  if (!fromPortfolio) return { ok: false, error: `You cannot pay from ${name(from)}` };
  if (amount !== undefined && fromPortfolio.availableBalance < amount) {
    const where = from === ctx.userId ? 'your account' : name(from);
    return { ok: false, error: `Only ${formatMoney(fromPortfolio.availableBalance)} is available in ${where}` };
  }
  const creditRules = (owner: bigint, owned: bigint): string | null => {
    const ownerOwners = ownersOf(ctx, owner) ?? [];
    if (owner !== ctx.userId && !ownerOwners.includes(ctx.userId)) {
      return `Only ${name(owner)} (or its owner) can move money between ${name(owner)} and ${name(owned)}`;
    }
    const owners = ownersOf(ctx, owned) ?? [];
    if (owners.length > 1 && hasOpenPosition(ctx, owned)) {
      return `${name(owned)} is shared and has open positions: close them before moving money in or out`;
    }
    return null;
  };

  // Withdrawal: the receiver owns the payer.
  const fromOwners = ownersOf(ctx, from) ?? [];
  if (fromOwners.includes(to)) {
    const credit = fromPortfolio.ownerCredits.find((c) => c.ownerId === to)!.credit;
    if (amount !== undefined && credit < amount) {
      const who = to === ctx.userId ? 'You can' : `${name(to)} can`;
      return { ok: false, error: `${who} withdraw at most ${formatMoney(credit)} (the credit) from ${name(from)}` };
    }
    const refusal = creditRules(to, from);
    if (refusal) return { ok: false, error: refusal };
    return {
      ok: true,
      kind: 'withdrawal',
      summary: `Withdrawal from ${name(from)} back to its owner ${name(to)}: ${possessive(to)} credit in ${name(from)} goes down by the amount`,
    };
  }
  // Deposit: the payer owns the receiver.
  const toOwners = ownersOf(ctx, to);
  if (toOwners?.includes(from)) {
    const refusal = creditRules(from, to);
    if (refusal) return { ok: false, error: refusal };
    return {
      ok: true,
      kind: 'deposit',
      summary: `Deposit into ${name(to)} from its owner ${name(from)}: ${possessive(from)} credit in ${name(to)} goes up by the amount`,
    };
  }
  // Payment between people: only from our own user account to an account without owners.
  const receiver = ctx.accounts.get(to);
  const receiverUnowned = toOwners ? toOwners.length === 0 : receiver?.isUser === true;
  if (from === ctx.userId && receiverUnowned) {
    return { ok: true, kind: 'payment', summary: `Payment from you to ${name(to)}` };
  }
  if (from !== ctx.userId) {
    return { ok: false, error: `${name(from)} can only pay its owner; to pay someone else, withdraw to yourself first` };
  }
  if (receiver && !receiver.isUser) {
    return { ok: false, error: `${name(to)} is someone else’s account: pay its owner instead` };
  }
  return { ok: false, error: `You cannot pay ${name(to)}` };
}

export interface TransferFilter {
  /** Only transfers touching this account ('' = all). */
  account?: bigint | null;
  direction?: 'all' | 'in' | 'out';
  /** Case-insensitive text found in the note or a party's name. */
  text?: string;
  minAmount?: number | null;
  maxAmount?: number | null;
}

/**
 * Transfers matching the filter. "in"/"out" are seen from `account` when given, otherwise
 * from our owned set (`mine`): transfers between two of our own accounts are neither.
 */
export function filterTransfers(
  transfers: readonly Transfer[],
  filter: TransferFilter,
  mine: ReadonlySet<bigint>,
  nameOf: (id: bigint) => string,
): Transfer[] {
  const text = filter.text?.trim().toLowerCase() ?? '';
  const side = (t: Transfer): 'in' | 'out' | 'internal' => {
    if (filter.account !== undefined && filter.account !== null) return t.toAccountId === filter.account ? 'in' : 'out';
    const fromMine = mine.has(t.fromAccountId);
    const toMine = mine.has(t.toAccountId);
    return fromMine && toMine ? 'internal' : toMine ? 'in' : 'out';
  };
  return transfers.filter((t) => {
    if (filter.account !== undefined && filter.account !== null) {
      if (t.fromAccountId !== filter.account && t.toAccountId !== filter.account) return false;
    }
    if (filter.direction && filter.direction !== 'all' && side(t) !== filter.direction) return false;
    if (filter.minAmount !== undefined && filter.minAmount !== null && t.amount < filter.minAmount) return false;
    if (filter.maxAmount !== undefined && filter.maxAmount !== null && t.amount > filter.maxAmount) return false;
    if (text) {
      const haystack = `${t.note} ${nameOf(t.fromAccountId)} ${nameOf(t.toAccountId)}`.toLowerCase();
      if (!haystack.includes(text)) return false;
    }
    return true;
  });
}
