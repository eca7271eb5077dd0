import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { AccountSchema, PortfolioSchema, type Account, type Portfolio } from '@exchange/schema';
import { fromUnits, keepValid, selectAll, toUnits, transferSources, transferTotals, validRecipients, type RecipientContext } from './transfer-recipients';

const U = 1n; // me
const PIXIE = 3n; // the seeded system account
const OTHER = 2n; // another user
const ZED = 4n; // another user
const ALT = 10n; // my alt
const SUB = 11n; // alt of my alt
const SHARED = 12n; // alt I share with OTHER
const THEIRS = 20n; // OTHER's alt
const UNI = 30n; // an account in universe 5

const account = (id: bigint, name: string, isUser: boolean, universeId = 0n) => create(AccountSchema, { id, name, isUser, universeId });
const portfolio = (accountId: bigint, balance: number, owners: [bigint, number][] = []) =>
  create(PortfolioSchema, { accountId, totalBalance: balance, availableBalance: balance, ownerCredits: owners.map(([ownerId, credit]) => ({ ownerId, credit })) });

function context(): RecipientContext {
  const accounts = new Map<bigint, Account>(
    [
      account(U, 'me', true),
      account(OTHER, 'other', true),
      account(ZED, 'zed', true),
      account(PIXIE, 'Arbor Pixie', true),
      account(ALT, 'alt', false),
      account(SUB, 'sub', false),
      account(SHARED, 'shared', false),
      account(THEIRS, 'theirs', false),
      account(UNI, 'u5__bot', false, 5n),
    ].map((a) => [a.id, a]),
  );
  const portfolios = new Map<bigint, Portfolio>(
    [portfolio(U, 1000), portfolio(ALT, 300, [[U, 300]]), portfolio(SUB, 50, [[ALT, 50]]), portfolio(SHARED, 100, [[U, 60], [OTHER, 40]])].map((p) => [p.accountId, p]),
  );
  return { userId: U, accounts, portfolios };
}

describe('valid recipients of a transfer (additions.md 9.1)', () => {
  it('from the effective user: its alts, then every other person (no system account)', () => {
    const r = validRecipients(context(), U);
    expect(r.map((x) => [x.id, x.kind])).toEqual([
      [ALT, 'deposit'],
      [SHARED, 'deposit'],
      [OTHER, 'payment'],
      [ZED, 'payment'],
    ]);
  });

  it('from an alt: its owners we hold (withdrawal, with the credit) and its own alts, no people', () => {
    const r = validRecipients(context(), ALT);
    expect(r).toEqual([
      { id: U, kind: 'withdrawal', credit: 300 },
      { id: SUB, kind: 'deposit' },
    ]);
    // A shared alt: only the owner we hold (not OTHER).
    expect(validRecipients(context(), SHARED)).toEqual([{ id: U, kind: 'withdrawal', credit: 60 }]);
  });

  it('lists the sources we hold in the current universe, the effective user first', () => {
    expect(transferSources(context())).toEqual([U, ALT, SHARED, SUB]);
    const ctx = context();
    const portfolios = new Map(ctx.portfolios);
    portfolios.set(UNI, portfolio(UNI, 5, [[U, 5]]));
    expect(transferSources({ ...ctx, portfolios }, 5n)).toEqual([UNI]);
    expect(transferSources({ ...ctx, portfolios })).not.toContain(UNI);
  });

  it('keeps only valid recipients; All selects every one', () => {
    const r = validRecipients(context(), ALT);
    expect(selectAll(r)).toEqual([U, SUB]);
    expect(keepValid([OTHER, SUB], r)).toEqual([SUB]);
  });
});

describe('totals and caps', () => {
  const pay = (id: bigint) => ({ id, kind: 'payment' as const });

  it('totals the amount per recipient exactly', () => {
    const t = transferTotals(0.1, [pay(2n), pay(3n), pay(4n)], 10);
    expect(t.total).toBe(0.3);
    expect(t.overAvailable).toBe(false);
  });

  it('flags a total above the available balance and caps at available ÷ count, rounded down', () => {
    const t = transferTotals(40, [pay(2n), pay(3n), pay(4n)], 100);
    expect(t.total).toBe(120);
    expect(t.overAvailable).toBe(true);
    expect(t.cap).toBe(33.3333);
    expect(t.overCap).toBe(true);
    expect(transferTotals(33.3333, [pay(2n), pay(3n), pay(4n)], 100).overAvailable).toBe(false);
  });

  it('caps a withdrawal at the owner credit', () => {
    const t = transferTotals(70, [{ id: 1n, kind: 'withdrawal', credit: 60 }], 100);
    expect(t.cap).toBe(60);
    expect(t.overCap).toBe(true);
    expect(t.overAvailable).toBe(false);
  });

  it('has no cap while nothing is chosen, and a zero cap with nothing available', () => {
    expect(transferTotals(5, [], 100).cap).toBeNull();
    expect(transferTotals(5, [pay(2n)], -3).cap).toBe(0);
  });

  it('converts wire doubles to 0.0001 units without float noise', () => {
    expect(toUnits(0.1 + 0.2)).toBe(3000n);
    expect(toUnits(123456789.1234)).toBe(1234567891234n);
    expect(toUnits(-2.5)).toBe(-25000n);
    expect(fromUnits(-25000n)).toBe(-2.5);
    expect(fromUnits(1n)).toBe(0.0001);
  });
});
