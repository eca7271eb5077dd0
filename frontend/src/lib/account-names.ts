// Names in pickers that tell accounts apart (additions.md 9.2). Names are shown without their
// universe prefix (everything up to the last `__`, universes.ts); when two accounts in one list
// would then look the same, each of them is shown by its full name with `__` turned into a
// space, and if full names still collide, with ` (#<id>)` after it. The signed-in person may be
// shown as "Yourself" instead.
//
// Exported for every picker (transfers, act-as, share, impersonate, the auction buyer list).
import { displayName } from './universes';

export interface NamedAccount {
  id: bigint;
  name: string;
}

export interface NameOptions {
  /** The current (effective) user: shown as `selfLabel` instead of a name. */
  selfId?: bigint | null;
  /** Default "Yourself"; the empty string keeps the user's name. */
  selfLabel?: string;
}

/** Labels for every account of one list, by id, unique within the list. */
export function disambiguatedNames(accounts: Iterable<NamedAccount>, options: NameOptions = {}): Map<bigint, string> {
  const list = [...accounts];
  const selfLabel = options.selfLabel ?? 'Yourself';
  const isSelf = (a: NamedAccount) => selfLabel !== '' && options.selfId !== undefined && options.selfId !== null && a.id === options.selfId;

  // First pass: the short names, and how many accounts share each.
  const short = new Map<bigint, string>();
  const counts = new Map<string, number>();
  for (const a of list) {
    const label = isSelf(a) ? selfLabel : displayName(a.name);
    short.set(a.id, label);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  // Second pass: the full name for those whose short name is shared.
  const long = new Map<bigint, string>();
  const longCounts = new Map<string, number>();
  for (const a of list) {
    const s = short.get(a.id)!;
    const label = counts.get(s)! > 1 && !isSelf(a) ? fullName(a.name) : s;
    long.set(a.id, label);
    longCounts.set(label, (longCounts.get(label) ?? 0) + 1);
  }
  // Last pass: the id for those whose full name still collides.
  const result = new Map<bigint, string>();
  for (const a of list) {
    const l = long.get(a.id)!;
    result.set(a.id, longCounts.get(l)! > 1 ? `${l} (#${a.id})` : l);
  }
  return result;
}

/** The full name as shown when the short one is ambiguous: `__` becomes a space. */
export function fullName(name: string): string {
  return name.replaceAll('__', ' ');
}

/** A name function over one list: the disambiguated label, else the plain display name. */
export function namer(accounts: Iterable<NamedAccount>, options: NameOptions = {}): (account: NamedAccount) => string {
  const names = disambiguatedNames(accounts, options);
  return (a) => names.get(a.id) ?? displayName(a.name);
}

/** `disambiguatedNames` for ids looked up in an account map (unknown ids are `#<id>`). */
export function namesFor(ids: Iterable<bigint>, accounts: ReadonlyMap<bigint, { name: string }>, options: NameOptions = {}): Map<bigint, string> {
  return disambiguatedNames(
    [...new Set(ids)].map((id) => ({ id, name: accounts.get(id)?.name ?? `#${id}` })),
    options,
  );
}
