// An auction's description as a viewer may see it (additions.md 4.6): sellers write how to
// reach them or collect the item after "Contact:" or "Pickup:", and only the seller and the
// buyers (labelled owner or any contributor) see that part.

const PRIVATE_PART = /\b(contact|pickup):/i;

export interface ShownDescription {
  text: string;
  /** True when a private part was cut off for this viewer. */
  hidden: boolean;
}

export function shownDescription(description: string, mayContact: boolean): ShownDescription {
  const at = description.search(PRIVATE_PART);
  if (mayContact || at < 0) return { text: description, hidden: false };
  return { text: description.slice(0, at).trimEnd(), hidden: true };
}

/** Whether `viewer` (an owned account id) is the auction's seller or one of its buyers. */
export function mayContact(
  auction: { ownerId: bigint; buyerId: bigint; buyers: readonly { accountId: bigint }[] },
  owned: ReadonlySet<bigint>,
): boolean {
  if (owned.has(auction.ownerId)) return true;
  if (auction.buyerId !== 0n && owned.has(auction.buyerId)) return true;
  return auction.buyers.some((b) => owned.has(b.accountId));
}
