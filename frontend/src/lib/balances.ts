// The admin balances page (cohorts.md 7.3 GET /api/admin/balances): tables of members and
// guests per cohort, sortable by any column, and their CSV export (csv.ts conventions).
import { money, textField, toCsv, type Field } from './csv';
import type { CohortBalances, UserBalance } from './cohorts';

export type BalanceColumn = 'display_name' | 'email' | 'balance' | 'account_id' | 'global_user_id';
export interface BalanceSort {
  column: BalanceColumn;
  descending: boolean;
}

export const BALANCE_COLUMNS: readonly { column: BalanceColumn; label: string; numeric: boolean }[] = [
  { column: 'display_name', label: 'Name', numeric: false },
  { column: 'email', label: 'E-mail', numeric: false },
  { column: 'balance', label: 'Balance', numeric: true },
  { column: 'account_id', label: 'Account', numeric: true },
  { column: 'global_user_id', label: 'User id', numeric: true },
];

/** The server's order: balance, highest first. */
export const DEFAULT_SORT: BalanceSort = { column: 'balance', descending: true };

function compare(a: UserBalance, b: UserBalance, column: BalanceColumn): number {
  const x = a[column];
  const y = b[column];
  if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1; // empty last
  if (y === null || y === undefined) return -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y), undefined, { sensitivity: 'base', numeric: true });
}

/** A sorted copy; ties keep the order by account id. Empty values stay last either way. */
export function sortBalances(rows: readonly UserBalance[], sort: BalanceSort): UserBalance[] {
  return [...rows].sort((a, b) => {
    const empty = (r: UserBalance) => r[sort.column] === null || r[sort.column] === undefined;
    if (empty(a) !== empty(b)) return empty(a) ? 1 : -1;
    const c = compare(a, b, sort.column);
    return (sort.descending ? -c : c) || a.account_id - b.account_id;
  });
}

/** Clicking a column: the same one flips the direction; another starts with its natural one. */
export function nextSort(current: BalanceSort, column: BalanceColumn): BalanceSort {
  if (current.column === column) return { column, descending: !current.descending };
  const numeric = BALANCE_COLUMNS.find((c) => c.column === column)?.numeric ?? false;
  return { column, descending: numeric };
}

export const BALANCE_HEADER = ['cohort', 'kind', 'name', 'email', 'balance', 'account_id', 'user_id'] as const;

/** CSV rows of cohorts' members and guests, in the order given. */
export function balanceRows(cohorts: readonly CohortBalances[], sort: BalanceSort = DEFAULT_SORT): Field[][] {
  const rows: Field[][] = [];
  for (const c of cohorts) {
    for (const [kind, list] of [
      ['member', c.members],
      ['guest', c.guests],
    ] as const) {
      for (const r of sortBalances(list, sort)) {
        rows.push([c.cohort_name, kind, textField(r.display_name), r.email ? textField(r.email) : '', money(r.balance), r.account_id, r.global_user_id]);
      }
    }
  }
  return rows;
}

export function balancesCsv(cohorts: readonly CohortBalances[], sort: BalanceSort = DEFAULT_SORT): string {
  return toCsv(BALANCE_HEADER, balanceRows(cohorts, sort));
}

/** `balances-<cohort or all>-YYYY-MM-DD.csv`. */
export function balancesFileName(cohort: string | null, now = new Date()): string {
  return `balances-${cohort ?? 'all'}-${now.toISOString().slice(0, 10)}.csv`;
}
