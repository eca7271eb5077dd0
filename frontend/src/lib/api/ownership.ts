// ShareOwnership and RevokeOwnership answer the requester with an empty OwnershipGiven /
// OwnershipRevoked; only the other person's connections re-sync (protocol.md 5.5). So the
// requester's own copy of the account's owners would stay stale until the next portfolio push:
// the store applies the change itself once the server has accepted it.
import { create } from '@bufbuild/protobuf';
import { Portfolio_OwnerCreditSchema } from '@exchange/schema';
import { changed, type Effect } from './effects';
import type { Model } from './model';

export interface OwnershipChange {
  accountId: bigint;
  ownerId: bigint;
  /** true: ownerId became an owner (credit 0, rules.md 9.5); false: it was removed. */
  owns: boolean;
}

export function applyOwnershipChange(model: Model, change: OwnershipChange): Effect[] {
  const portfolio = model.portfolios.get(change.accountId);
  if (!portfolio) return [];
  const others = portfolio.ownerCredits.filter((c) => c.ownerId !== change.ownerId);
  const ownerCredits = change.owns ? [...others, create(Portfolio_OwnerCreditSchema, { ownerId: change.ownerId, credit: 0 })] : others;
  model.portfolios.set(change.accountId, { ...portfolio, ownerCredits });
  return [changed('portfolios')];
}
