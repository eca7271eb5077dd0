import { describe, expect, it } from 'vitest';
import { markPrice, moneyIn, nextStandingSort, sortStandings, standings, type MarketQuote, type Person } from './standings';

const people: Person[] = [
  { accountId: 1n, name: 'ann', cash: 900, moneyIn: 1000 },
  { accountId: 2n, name: 'ben', cash: 1100.1, moneyIn: 1000 },
  { accountId: 3n, name: 'cat', cash: 1000, moneyIn: 1000 },
];
// Market 7: ann long 2, ben short 2. Market 8: cat long 1 (no trade, no book).
const positions = new Map([
  [7n, new Map([[1n, 2], [2n, -2]])],
  [8n, new Map([[3n, 1]])],
]);
const quotes = new Map<bigint, MarketQuote>([
  [7n, { last: 60, bestBid: 55.5, bestOffer: 56 }],
  [8n, {}],
]);

describe('marks', () => {
  it('mark to settlement values open positions at 0; last trade; mid (last when a side is empty)', () => {
    expect(markPrice({ last: 60 }, 'settlement')).toBe(0);
    expect(markPrice({ last: 60, bestBid: 55.5 }, 'last')).toBe(60);
    expect(markPrice({ last: 60, bestBid: 55.5, bestOffer: 56 }, 'mid')).toBe(55.75);
    expect(markPrice({ bestBid: 0.01, bestOffer: 0.02 }, 'mid')).toBe(0.015);
    expect(markPrice({ last: 60, bestBid: 55.5 }, 'mid')).toBe(60);
    expect(markPrice({}, 'last')).toBeUndefined();
  });
});

describe('standings: P&L = cash + position value − money in', () => {
  it('marks to the last trade and ranks by P&L', () => {
    const rows = standings(people, positions, quotes, 'last');
    expect(rows.map((r) => [r.name, r.rank, r.positionValue, r.pnl, r.unpriced])).toEqual([
      ['ann', 1, 120, 20, 0],
      ['cat', 2, 0, 0, 1],
      ['ben', 3, -120, -19.9, 0],
    ]);
  });

  it('marks to mid, and to settlement (only cash counts)', () => {
    const mid = standings(people, positions, quotes, 'mid');
    expect(mid.find((r) => r.name === 'ann')!.pnl).toBe(11.5);
    const settle = standings(people, positions, quotes, 'settlement');
    expect(settle.map((r) => [r.name, r.rank, r.pnl])).toEqual([
      ['ben', 1, 100.1],
      ['cat', 2, 0],
      ['ann', 3, -100],
    ]);
  });

  it('gives equal P&L the same rank', () => {
    const tied = standings(
      [
        { accountId: 1n, name: 'b', cash: 10, moneyIn: 0 },
        { accountId: 2n, name: 'a', cash: 10, moneyIn: 0 },
        { accountId: 3n, name: 'c', cash: 5, moneyIn: 0 },
      ],
      new Map(),
      new Map(),
      'last',
    );
    expect(tied.map((r) => [r.name, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
  });

  it('adds exactly (no float noise)', () => {
    const [row] = standings([{ accountId: 1n, name: 'x', cash: 0.1, moneyIn: 0.3 }], new Map([[1n, new Map([[1n, 0.2]])]]), new Map([[1n, { last: 1 }]]), 'last');
    expect(row.pnl).toBe(0);
  });
});

describe('sorting and money in', () => {
  const rows = standings(people, positions, quotes, 'last');
  it('sorts by any column, numbers starting high', () => {
    expect(sortStandings(rows, { column: 'name', descending: false }).map((r) => r.name)).toEqual(['ann', 'ben', 'cat']);
    expect(sortStandings(rows, { column: 'cash', descending: true }).map((r) => r.name)).toEqual(['ben', 'cat', 'ann']);
    expect(sortStandings(rows, { column: 'rank', descending: false }).map((r) => r.name)).toEqual(['ann', 'cat', 'ben']);
    expect(nextStandingSort({ column: 'rank', descending: false }, 'pnl')).toEqual({ column: 'pnl', descending: true });
    expect(nextStandingSort({ column: 'pnl', descending: true }, 'pnl')).toEqual({ column: 'pnl', descending: false });
    expect(nextStandingSort({ column: 'pnl', descending: true }, 'name')).toEqual({ column: 'name', descending: false });
  });

  it('takes the typed amount, else the initial balance, else 0', () => {
    expect(moneyIn('5000', '100')).toBe(5000);
    expect(moneyIn('', '100.5')).toBe(100.5);
    expect(moneyIn(' ', null)).toBe(0);
    expect(moneyIn('abc', '7')).toBe(7);
  });
});

describe('toPeople', () => {
  it('leaves admins out unless asked, names people and applies money in', async () => {
    const { toPeople } = await import('./standings');
    const loaded = [
      { accountId: 1n, displayName: 'Ann', cash: 10, initialBalance: '100', isAdmin: false },
      { accountId: 2n, displayName: 'Prof', cash: 1e6, initialBalance: null, isAdmin: true },
    ];
    const name = (id: bigint, fallback: string) => (id === 1n ? 'ann' : fallback);
    expect(toPeople(loaded, name, '', false)).toEqual([{ accountId: 1n, name: 'ann', cash: 10, moneyIn: 100 }]);
    expect(toPeople(loaded, name, '50', true).map((p) => [p.name, p.moneyIn])).toEqual([
      ['ann', 50],
      ['Prof', 50],
    ]);
  });
});
