// Exercises in history and P&L: each becomes the fills the server's cash and unit moves amount
// to, so the P&L of options.md example E1/E2 comes out as the server's balances say.
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { OptionExercisedSchema, type Trade } from '@exchange/schema';
import { computePnl } from '../pnl';
import { describeExercise, exerciseEntries, exerciseFills } from './exercise-history';

const ALICE = 7n;
const BOB = 8n;
const U = 1n;
const C50 = 2n;
const ts = (seconds: number) => ({ seconds: BigInt(seconds), nanos: 0 });
const exercised = (tx: bigint, amount: number, cash: boolean, price: number, second: number) =>
  create(OptionExercisedSchema, {
    transactionId: tx,
    transactionTimestamp: ts(second),
    optionMarketId: C50,
    exerciserId: ALICE,
    counterpartyId: BOB,
    amount,
    isCashSettled: cash,
    contractId: 1n,
    price,
    underlyingMarketId: U,
  });
const trade = { $typeName: 'websocket_api.Trade', id: 1n, marketId: C50, transactionId: 1n, price: 12, size: 2, buyerId: ALICE, sellerId: BOB, transactionTimestamp: ts(100) } as Trade;

describe('exercises in history and P&L', () => {
  const exercises = [exercised(3n, 1, true, 30, 300), exercised(2n, 1, false, 50, 200), create(OptionExercisedSchema, { exerciserId: 99n, counterpartyId: 98n })];
  const isCall = () => true;

  it('gives each party its side, oldest first', () => {
    const alice = exerciseEntries(ALICE, exercises, isCall);
    expect(alice.map((e) => [e.transactionId, e.role, e.cashFlow, e.underlyingChange])).toEqual([
      [2n, 'holder', -50, 1],
      [3n, 'holder', 30, 0],
    ]);
    const bob = exerciseEntries(BOB, exercises, isCall);
    expect(bob.map((e) => [e.role, e.cashFlow, e.underlyingChange])).toEqual([
      ['writer', 50, -1],
      ['writer', -30, 0],
    ]);
    const names = { option: 'C50', underlying: 'U', counterparty: 'Bob' };
    expect(describeExercise(alice[0], names)).toBe('Exercised 1.00 C50: bought 1.00 U at 50.00 from Bob');
    expect(describeExercise(bob[1], { ...names, counterparty: 'Alice' })).toBe('Alice exercised 1.00 C50 you wrote, for cash at 30.00 each');
  });

  it('makes a put exercise sell the underlying', () => {
    const [e] = exerciseEntries(ALICE, [exercised(2n, 3, false, 40, 200)], () => false);
    expect([e.cashFlow, e.underlyingChange]).toEqual([120, -3]);
  });

  it('counts in the P&L: E1 and E2 of options.md (Alice +36, Bob −36)', () => {
    // U settled at 80 after the physical exercise; the cash exercise paid the intrinsic 30.
    const settlement = { price: 80, time: 250 };
    const inputs = (who: bigint) => {
      const fills = exerciseFills(exerciseEntries(who, exercises, isCall));
      return [
        { marketId: C50, name: 'C50', trades: [trade], mark: 12, fills: fills.filter((f) => f.marketId === C50) },
        { marketId: U, name: 'U', trades: [], settlement, fills: fills.filter((f) => f.marketId === U) },
      ];
    };
    const alice = computePnl(ALICE, inputs(ALICE));
    expect(alice.total).toBe(36);
    expect(alice.markets.find((m) => m.marketId === C50)?.position).toBe(0);
    expect(alice.series.at(-1)?.value).toBe(36);
    const bob = computePnl(BOB, inputs(BOB));
    expect(bob.total).toBe(-36);
  });
});
