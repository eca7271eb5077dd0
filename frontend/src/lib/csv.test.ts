import { describe, expect, it } from 'vitest';
import {
  csvField,
  decimal,
  exportFileName,
  isoTime,
  orderOutcome,
  orderRows,
  textField,
  toCsv,
  tradeRows,
  TRADE_HEADER,
  type CsvOrder,
  type CsvTrade,
} from './csv';

const at = (seconds: number, nanos = 0) => ({ seconds: BigInt(seconds), nanos });
const names = {
  market: (id: bigint) => ({ 1: 'Coin, flips', 2: '=SUM(A1)' })[String(id) as '1' | '2'] ?? `#${id}`,
  account: (id: bigint) => ({ 10: 'me', 20: 'alice "the maker"', 30: '-bob' })[String(id) as '10' | '20' | '30'] ?? `#${id}`,
};
const trade = (over: Partial<CsvTrade>): CsvTrade => ({
  id: 1n,
  marketId: 1n,
  transactionId: 100n,
  price: 40,
  size: 1,
  buyerId: 10n,
  sellerId: 20n,
  buyerIsTaker: true,
  transactionTimestamp: at(1_700_000_000),
  ...over,
});
const order = (over: Partial<CsvOrder>): CsvOrder => ({
  id: 5n,
  marketId: 1n,
  transactionId: 50n,
  price: 40,
  size: 0,
  side: 1,
  ownerId: 10n,
  transactionTimestamp: at(1_700_000_000),
  sizes: [],
  ...over,
});

describe('CSV fields', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(12n)).toBe('12');
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y'], [2n, null]])).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });

  it('writes exact decimals with a fixed number of places', () => {
    expect(decimal(40)).toBe('40.00');
    expect(decimal(0.1 + 0.2)).toBe('0.30');
    expect(decimal(1234567.5)).toBe('1234567.50');
    expect(decimal(-0)).toBe('0.00');
    expect(decimal(-0.001)).toBe('0.00');
    expect(decimal(-12.34)).toBe('-12.34');
    expect(decimal(999999999.99)).toBe('999999999.99');
    expect(decimal(0.0001, 4)).toBe('0.0001');
    expect(decimal(Number.NaN)).toBe('');
  });

  it('defuses spreadsheet formulas in names', () => {
    expect(textField('=1+1')).toBe("'=1+1");
    expect(textField('+x')).toBe("'+x");
    expect(textField('-bob')).toBe("'-bob");
    expect(textField('@me')).toBe("'@me");
    expect(textField('fine')).toBe('fine');
  });

  it('formats times as ISO 8601 UTC', () => {
    expect(isoTime(at(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(at(1_700_000_000, 123_456_789))).toBe('2023-11-14T22:13:20.123Z');
    expect(isoTime(undefined)).toBe('');
  });

  it('names export files safely', () => {
    expect(exportFileName('trades', 'ann / alt 1', new Date('2024-05-06T10:00:00Z'))).toBe('trades-ann_alt_1-2024-05-06.csv');
    expect(exportFileName('orders', '../', new Date('2024-05-06T10:00:00Z'))).toBe('orders-account-2024-05-06.csv');
  });
});

describe('trade rows', () => {
  it('keeps my trades, oldest first, with side, counterparty and aggressor from my side', () => {
    const rows = tradeRows(
      10n,
      [
        trade({ id: 3n, transactionId: 300n, buyerId: 30n, sellerId: 10n, buyerIsTaker: true, price: 41.5, size: 0.25 }),
        trade({ id: 1n, transactionId: 100n }),
        trade({ id: 2n, transactionId: 200n, buyerId: 20n, sellerId: 30n }),
        trade({ id: 4n, transactionId: 400n, buyerId: 10n, sellerId: 10n, marketId: 2n }),
      ],
      names,
    );
    expect(rows).toEqual([
      ['2023-11-14T22:13:20.000Z', 'Coin, flips', 'buy', '40.00', '1.00', 'alice "the maker"', 'taker', 1n, 1n],
      ['2023-11-14T22:13:20.000Z', 'Coin, flips', 'sell', '41.50', '0.25', "'-bob", 'maker', 3n, 1n],
      ['2023-11-14T22:13:20.000Z', "'=SUM(A1)", 'self', '40.00', '1.00', 'me', 'both', 4n, 2n],
    ]);
    const text = toCsv(TRADE_HEADER, rows);
    expect(text.split('\r\n')[0]).toBe('time,market,side,price,size,counterparty,aggressor,trade_id,market_id');
    expect(text.split('\r\n')[1]).toBe('2023-11-14T22:13:20.000Z,"Coin, flips",buy,40.00,1.00,"alice ""the maker""",taker,1,1');
  });
});

describe('order outcomes', () => {
  it('an order still resting is open, or partly filled', () => {
    expect(orderOutcome(order({ size: 3, sizes: [{ transactionId: 50n, size: 3 }] }), []).status).toBe('open');
    const partly = orderOutcome(
      order({ size: 1, sizes: [{ transactionId: 50n, size: 3 }, { transactionId: 60n, size: 1 }] }),
      [trade({ transactionId: 60n, size: 2 })],
    );
    expect(partly).toEqual({ size: 3, filled: 2, remaining: 1, status: 'partly filled' });
  });

  it('tells fills from cancellations by the trades in the same transaction', () => {
    const filled = orderOutcome(order({ sizes: [{ transactionId: 50n, size: 2 }, { transactionId: 60n, size: 0 }] }), [
      trade({ transactionId: 60n, size: 2, price: 39 }),
    ]);
    expect(filled.status).toBe('filled');
    const cancelled = orderOutcome(order({ sizes: [{ transactionId: 50n, size: 2 }, { transactionId: 70n, size: 0 }] }), [
      trade({ transactionId: 60n, size: 2 }),
    ]);
    expect(cancelled).toEqual({ size: 2, filled: 0, remaining: 0, status: 'cancelled' });
    const both = orderOutcome(
      order({ side: 2, sizes: [{ transactionId: 50n, size: 5 }, { transactionId: 60n, size: 3 }, { transactionId: 70n, size: 0 }] }),
      [trade({ transactionId: 60n, size: 2, buyerId: 20n, sellerId: 10n })],
    );
    expect(both).toEqual({ size: 5, filled: 2, remaining: 0, status: 'partly filled, cancelled' });
  });

  it('counts what filled on arrival into the placed size', () => {
    const o = order({ transactionId: 50n, size: 1, sizes: [{ transactionId: 50n, size: 1 }] });
    expect(orderOutcome(o, [trade({ transactionId: 50n, size: 2 })])).toEqual({ size: 3, filled: 2, remaining: 1, status: 'partly filled' });
  });

  it('lists only my orders, oldest first', () => {
    const rows = orderRows(
      10n,
      [
        order({ id: 7n, transactionId: 70n, side: 2, price: 45.1, size: 2, sizes: [{ transactionId: 70n, size: 2 }] }),
        order({ id: 6n, transactionId: 60n, ownerId: 20n }),
        order({ id: 5n, sizes: [{ transactionId: 50n, size: 1 }, { transactionId: 55n, size: 0 }] }),
      ],
      new Map(),
      names,
    );
    expect(rows).toEqual([
      ['2023-11-14T22:13:20.000Z', 'Coin, flips', 'bid', '40.00', '1.00', '0.00', '0.00', 'cancelled', 5n, 1n],
      ['2023-11-14T22:13:20.000Z', 'Coin, flips', 'offer', '45.10', '2.00', '0.00', '2.00', 'open', 7n, 1n],
    ]);
  });
});
