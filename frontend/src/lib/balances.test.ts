import { describe, expect, it } from 'vitest';
import { balancesCsv, balancesFileName, nextSort, sortBalances } from './balances';
import type { UserBalance } from './cohorts';

const row = (account_id: number, display_name: string, balance: number, email: string | null = null): UserBalance => ({
  account_id,
  global_user_id: account_id + 100,
  display_name,
  email,
  balance,
});
const rows = [row(1, 'bob', 50, 'b@x'), row(2, 'Alice', 200), row(3, 'carol', 50, 'a@x')];

describe('balances', () => {
  it('sorts by any column, empty values last, ties by account', () => {
    expect(sortBalances(rows, { column: 'balance', descending: true }).map((r) => r.account_id)).toEqual([2, 1, 3]);
    expect(sortBalances(rows, { column: 'balance', descending: false }).map((r) => r.account_id)).toEqual([1, 3, 2]);
    expect(sortBalances(rows, { column: 'display_name', descending: false }).map((r) => r.display_name)).toEqual(['Alice', 'bob', 'carol']);
    expect(sortBalances(rows, { column: 'email', descending: true }).map((r) => r.account_id)).toEqual([1, 3, 2]);
    expect(sortBalances(rows, { column: 'email', descending: false }).map((r) => r.account_id)).toEqual([3, 1, 2]);
  });
  it('flips the direction on the same column', () => {
    expect(nextSort({ column: 'balance', descending: true }, 'balance')).toEqual({ column: 'balance', descending: false });
    expect(nextSort({ column: 'balance', descending: true }, 'display_name')).toEqual({ column: 'display_name', descending: false });
  });
  it('exports members and guests of each cohort as CSV', () => {
    const csv = balancesCsv([{ cohort_name: 'spring', cohort_display_name: 'Spring', members: rows.slice(0, 2), guests: [row(9, '=cmd', 0.1 + 0.2)] }]);
    expect(csv).toBe(
      'cohort,kind,name,email,balance,account_id,user_id\r\n' +
        'spring,member,Alice,,200.00,2,102\r\n' +
        'spring,member,bob,b@x,50.00,1,101\r\n' +
        "spring,guest,'=cmd,,0.30,9,109\r\n",
    );
    expect(balancesFileName('spring', new Date('2026-05-01T10:00:00Z'))).toBe('balances-spring-2026-05-01.csv');
  });
});
