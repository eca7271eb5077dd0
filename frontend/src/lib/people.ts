// Who appears in people pickers (recipients, sharing, impersonation, visibility lists) and how
// the signed-in person is labelled in them.
//
// The seeded `Arbor Pixie` account (rules.md 3, protocol.md A: found by name) is flagged as a
// user on the wire but nobody signs in as it: it only sends welcome money. It stays in the
// account list (transfers and names still show it) but is offered in no picker, unless it is
// relevant where it shows up (an actual owner to revoke, or the account one acts as).
import type { Account } from '@exchange/schema';

export const SYSTEM_ACCOUNT_NAME = 'Arbor Pixie';

export function isSystemAccount(account: Pick<Account, 'name'> | undefined): boolean {
  return account?.name === SYSTEM_ACCOUNT_NAME;
}

/**
 * People (user accounts) to offer in a picker, by name: no system account unless it is one
 * of `keep` (e.g. the user we act for), and none of `exclude`.
 */
export function pickablePeople(accounts: Iterable<Account>, exclude: ReadonlySet<bigint> = new Set(), keep: ReadonlySet<bigint> = new Set()): Account[] {
  return [...accounts]
    .filter((a) => a.isUser && !exclude.has(a.id) && (keep.has(a.id) || !isSystemAccount(a)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What follows an account's name in a list of our accounts: " (you)" for the signed-in
 * person's own account; while an admin impersonates someone, that user is not "you".
 */
export function selfSuffix(id: bigint | null | undefined, who: { userId: bigint | null; authenticatedId: bigint | null }): string {
  if (id === null || id === undefined || id !== who.userId) return '';
  return who.authenticatedId !== null && who.userId !== who.authenticatedId ? ' (impersonated)' : ' (you)';
}
