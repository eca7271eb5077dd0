import { describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { AuctionSchema } from '@exchange/schema';
import { boughtBy, centsText, checkSplit, oldestFirst, sharePercent, splitEvenly, toCents, weightedPick } from './split';

describe('split auction arithmetic', () => {
  it('reads amounts as exact cents', () => {
    expect(toCents('12.5')).toBe(1250);
    expect(toCents('0.07')).toBe(7);
    expect(toCents('0.1')).toBe(10);
    expect(toCents('1.001')).toBeNull();
    expect(toCents('-1')).toBeNull();
    expect(toCents('x')).toBeNull();
    expect(centsText(1250)).toBe('12.5');
    expect(centsText(3)).toBe('0.03');
    expect(centsText(500)).toBe('5');
  });

  it('splits evenly to one decimal with the remainder on the first row', () => {
    expect(splitEvenly(1000, 3)).toEqual([340, 330, 330]);
    expect(splitEvenly(100, 2)).toEqual([50, 50]);
    expect(splitEvenly(101, 2)).toEqual([51, 50]);
    expect(splitEvenly(7, 3)).toEqual([7, 0, 0]);
    expect(splitEvenly(500, 0)).toEqual([]);
    for (const [total, n] of [[9999, 7], [1, 4], [12345, 11]]) {
      expect(splitEvenly(total, n).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it('writes shares as the server writes its notes', () => {
    expect(sharePercent(50, 100)).toBe('50');
    expect(sharePercent(1, 3)).toBe('33.3');
    expect(sharePercent(2, 3)).toBe('66.7');
    expect(sharePercent(0, 5)).toBe('0');
    expect(sharePercent(5, 5)).toBe('100');
    expect(sharePercent(25, 10000)).toBe('0.2'); // half to even
    expect(sharePercent(35, 10000)).toBe('0.4');
  });

  it('picks a contributor in proportion to what it paid', () => {
    expect(weightedPick([100, 300], () => 0)).toBe(0);
    expect(weightedPick([100, 300], () => 0.24)).toBe(0);
    expect(weightedPick([100, 300], () => 0.26)).toBe(1);
    expect(weightedPick([0, 300, 0], () => 0.99)).toBe(1);
    expect(weightedPick([0, 0, 0], () => 0.5)).toBe(1); // uniform when nobody paid
    expect(weightedPick([], () => 0.5)).toBe(-1);
  });

  it('checks the form as the server will', () => {
    const balances = new Map([[7n, 100], [8n, 10]]);
    const balance = (id: bigint) => balances.get(id);
    const ok = checkSplit([{ buyer: '7', amount: '30' }, { buyer: '8', amount: '10' }, { buyer: '', amount: '5' }], 4000, balance);
    expect(ok.errors).toEqual([]);
    expect(ok.contributions).toEqual([{ buyer: 7n, cents: 3000 }, { buyer: 8n, cents: 1000 }]);
    expect(checkSplit([{ buyer: '7', amount: '30' }, { buyer: '8', amount: '5' }], 4000, balance).errors).toEqual([
      'Contributions must sum to the settle price',
    ]);
    expect(checkSplit([{ buyer: '7', amount: '20' }, { buyer: '7', amount: '20' }], 4000, balance).errors).toContain(
      'The same buyer cannot appear more than once',
    );
    expect(checkSplit([{ buyer: '7', amount: '-1' }], 4000, balance).errors).toContain('Contribution amount cannot be negative');
    const over = checkSplit([{ buyer: '7', amount: '20' }, { buyer: '8', amount: '20' }], 4000, balance);
    expect(over.overBalance).toEqual([1]);
    expect(over.errors).toContain('An amount is more than that buyer has');
    expect(checkSplit([{ buyer: '8', amount: '10.004' }], 1000, balance).errors).toContain('Each amount is a number with at most 2 decimals');
    expect(checkSplit([{ buyer: '7', amount: '0' }, { buyer: '8', amount: '0' }], 0, balance).errors).toEqual(['A split sale needs a price above 0']);
    expect(checkSplit([{ buyer: '', amount: '1' }], 100, balance).errors).toEqual(['Choose at least one buyer']);
  });

  it('finds won items and sorts oldest first', () => {
    const closed = { case: 'closed' as const, value: { $typeName: 'websocket_api.Auction.Closed' as const, settlePrice: 10 } };
    const split = create(AuctionSchema, { id: 1n, transactionId: 9n, buyerId: 0n, buyers: [{ accountId: 5n, amount: 4 }, { accountId: 6n, amount: 6 }] });
    split.status = closed;
    const single = create(AuctionSchema, { id: 2n, transactionId: 3n, buyerId: 5n });
    single.status = closed;
    const open = create(AuctionSchema, { id: 3n, transactionId: 1n });
    expect(boughtBy(split, 6n)).toBe(true);
    expect(boughtBy(single, 5n)).toBe(true);
    expect(boughtBy(single, 6n)).toBe(false);
    expect(boughtBy(open, 0n)).toBe(false);
    expect(oldestFirst([split, single, open]).map((a) => a.id)).toEqual([3n, 2n, 1n]);
  });
});
