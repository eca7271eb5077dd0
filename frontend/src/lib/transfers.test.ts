import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { AccountSchema, PortfolioSchema, TransferSchema, type Account, type Portfolio } from '@exchange/schema';
import { checkTransfer, filterTransfers, validateAmount, type TransferContext } from './transfers';

const U = 1n; // me
const ALT = 10n; // my alt
const SUB = 11n; // alt of my alt
const SHARED = 12n; // alt I share with OTHER
const OTHER = 2n; // another user
const THEIRS = 20n; // OTHER's alt, not in my owned set

const account = (id: bigint, name: string, isUser: boolean) => create(AccountSchema, { id, name, isUser });
const portfolio = (accountId: bigint, balance: number, owners: [bigint, number][] = [], position = 0) =>
  create(PortfolioSchema, {
    accountId,
    totalBalance: balance,
    availableBalance: balance,
    ownerCredits: owners.map(([ownerId, credit]) => ({ ownerId, credit })),
    marketExposures: position ? [{ marketId: 1n, position }] : [],
  });

function context(extra: Portfolio[] = []): TransferContext {
  const accounts = new Map<bigint, Account>(
    [account(U, 'me', true), account(OTHER, 'other', true), account(ALT, 'alt', false), account(SUB, 'sub', false), account(SHARED, 'shared', false), account(THEIRS, 'theirs', false)].map(
      (a) => [a.id, a],
    ),
  );
  const portfolios = new Map<bigint, Portfolio>(
    [portfolio(U, 1000), portfolio(ALT, 300, [[U, 300]]), portfolio(SUB, 50, [[ALT, 50]]), portfolio(SHARED, 100, [[U, 60], [OTHER, 40]]), ...extra].map((p) => [p.accountId, p]),
  );
  return { userId: U, accounts, portfolios };
}

describe('validateAmount (MakeTransfer: > 0, at most 4 decimals)', () => {
  it.each([
    ['', 'Enter an amount'],
    ['abc', 'Amount must be a number'],
    ['0', 'Amount must be more than 0'],
    ['-1', 'Amount must be more than 0'],
    ['0.00001', 'Amount has at most 4 decimals'],
    ['10000000000000', 'Amount is too large'],
  ])('refuses %j', (text, error) => {
    expect(validateAmount(text)).toEqual({ ok: false, error });
  });
  it.each([
    ['0.0001', 0.0001],
    ['12.3400', 12.34],
    [' 5 ', 5],
  ])('accepts %j', (text, value) => {
    expect(validateAmount(text)).toEqual({ ok: true, value });
  });
});

describe('checkTransfer (rules.md 10.1)', () => {
  it('names payments, deposits and withdrawals', () => {
    const ctx = context();
    expect(checkTransfer(ctx, U, OTHER, 10)).toMatchObject({ ok: true, kind: 'payment', summary: 'Payment from you to other' });
    expect(checkTransfer(ctx, U, ALT, 10)).toMatchObject({ ok: true, kind: 'deposit' });
    expect(checkTransfer(ctx, U, ALT, 10)).toMatchObject({ summary: expect.stringContaining('your credit in alt goes up') });
    expect(checkTransfer(ctx, ALT, U, 10)).toMatchObject({ ok: true, kind: 'withdrawal' });
    // A second-level alt is funded through the intermediate alt, which I own.
    expect(checkTransfer(ctx, ALT, SUB, 10)).toMatchObject({ ok: true, kind: 'deposit' });
  });

  it('refuses what the server refuses', () => {
    const ctx = context();
    expect(checkTransfer(ctx, U, U, 1)).toMatchObject({ ok: false, error: 'Payer and receiver are the same account' });
    expect(checkTransfer(ctx, U, OTHER, 5000)).toMatchObject({ ok: false, error: 'Only 1,000.00 is available in your account' });
    expect(checkTransfer(context([portfolio(ALT, 500, [[U, 300]])]), ALT, U, 301)).toMatchObject({ ok: false, error: 'You can withdraw at most 300.00 (the credit) from alt' });
    expect(checkTransfer(ctx, ALT, OTHER, 1)).toMatchObject({ ok: false, error: expect.stringContaining('can only pay its owner') });
    expect(checkTransfer(ctx, U, THEIRS, 1)).toMatchObject({ ok: false, error: expect.stringContaining('someone else’s account') });
    expect(checkTransfer(ctx, U, SUB, 1)).toMatchObject({ ok: false });
    expect(checkTransfer(ctx, OTHER, U, 1)).toMatchObject({ ok: false, error: 'You cannot pay from other' });
  });

  it('refuses moving money in or out of a shared account with open positions', () => {
    const ctx = context([portfolio(SHARED, 100, [[U, 60], [OTHER, 40]], 3)]);
    expect(checkTransfer(ctx, U, SHARED, 1)).toMatchObject({ ok: false, error: expect.stringContaining('shared and has open positions') });
    const flat = context();
    expect(checkTransfer(flat, SHARED, U, 60)).toMatchObject({ ok: true, kind: 'withdrawal' });
  });
});

describe('filterTransfers', () => {
  const t = (id: bigint, from: bigint, to: bigint, amount: number, note = '') =>
    create(TransferSchema, { id, fromAccountId: from, toAccountId: to, amount, note, initiatorId: from });
  const all = [t(1n, OTHER, U, 100, 'welcome'), t(2n, U, ALT, 50, 'fund bot'), t(3n, U, OTHER, 5, 'lunch'), t(4n, ALT, U, 20)];
  const mine = new Set([U, ALT]);
  const name = (id: bigint) => ({ 1: 'me', 2: 'other', 10: 'alt' })[Number(id)] ?? '?';
  const ids = (list: { id: bigint }[]) => list.map((x) => x.id);

  it('filters by account, direction, text and amount', () => {
    expect(ids(filterTransfers(all, {}, mine, name))).toEqual([1n, 2n, 3n, 4n]);
    expect(ids(filterTransfers(all, { direction: 'in' }, mine, name))).toEqual([1n]);
    expect(ids(filterTransfers(all, { direction: 'out' }, mine, name))).toEqual([3n]);
    expect(ids(filterTransfers(all, { account: ALT }, mine, name))).toEqual([2n, 4n]);
    expect(ids(filterTransfers(all, { account: ALT, direction: 'in' }, mine, name))).toEqual([2n]);
    expect(ids(filterTransfers(all, { text: 'LUNCH' }, mine, name))).toEqual([3n]);
    expect(ids(filterTransfers(all, { text: 'other' }, mine, name))).toEqual([1n, 3n]);
    expect(ids(filterTransfers(all, { minAmount: 20, maxAmount: 50 }, mine, name))).toEqual([2n, 4n]);
  });
});
