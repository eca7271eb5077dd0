// Where the app goes: the decisions of `/` after sign-in, of old links without a cohort, and
// the deep link kept across the sign-in bounce (cohorts.md 8). Pure, apart from the small
// storage helpers at the end.
import type { CohortInfo, CohortsResponse } from './cohorts';

/** The server's refusal of a non-member of a cohort without auctions (cohorts.md 3.4). */
export const NOT_AUTHORIZED = 'You are not authorized for this cohort';

/** Local-storage keys. */
export const DEEP_LINK_KEY = 'exchange.postLoginRedirect';
export const LAST_COHORT_KEY = 'exchange.lastCohort';

/** The sections of a cohort; links from before cohorts start with one of them. */
export const COHORT_SECTIONS = ['market', 'portfolio', 'accounts', 'transfers', 'auctions', 'admin'] as const;
/** The old paths whose first segment is a section (now under /<cohort>/); `admin` is global now. */
export const LEGACY_SECTIONS = ['market', 'portfolio', 'accounts', 'transfers', 'auctions'] as const;

/** One entry of the cohort picker. */
export interface CohortChoice {
  name: string;
  displayName: string;
  readOnly: boolean;
  /** Not a member: auctions (and transfers) only. */
  guest: boolean;
}

export type HomeDecision =
  | { kind: 'redirect'; to: string }
  | { kind: 'picker'; choices: CohortChoice[] }
  | { kind: 'none' };

/** The cohorts the person may open: member cohorts, then auction-guest cohorts. */
export function cohortChoices(res: CohortsResponse): CohortChoice[] {
  const members = res.cohorts.map((c: CohortInfo) => ({ name: c.name, displayName: c.display_name || c.name, readOnly: c.is_read_only, guest: false }));
  const known = new Set(members.map((c) => c.name));
  const guests = res.public_auction_cohorts
    .filter((name) => !known.has(name))
    .map((name) => ({ name, displayName: name, readOnly: false, guest: true }));
  return [...members, ...guests];
}

/** The first page of a cohort: the markets for members, the auctions for guests. */
export function cohortHome(name: string, guest = false): string {
  return `/${encodeURIComponent(name)}/${guest ? 'auctions' : 'market'}`;
}

/** A stored deep link worth following: an app path, not the sign-in pages or `/` itself. */
export function safeDeepLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  const path = link.split(/[?#]/)[0];
  if (path === '/' || path.startsWith('/login') || path.startsWith('/auth/')) return null;
  return link;
}

/** `/` after sign-in: the deep link; the only cohort; the last one used; a picker; none. */
export function decideHome(res: CohortsResponse, deepLink: string | null, lastCohort: string | null): HomeDecision {
  const link = safeDeepLink(deepLink);
  if (link) return { kind: 'redirect', to: link };
  const choices = cohortChoices(res);
  if (choices.length === 0) return { kind: 'none' };
  if (choices.length === 1) return { kind: 'redirect', to: cohortHome(choices[0].name, choices[0].guest) };
  const last = choices.find((c) => c.name === lastCohort);
  if (last) return { kind: 'redirect', to: cohortHome(last.name, last.guest) };
  return { kind: 'picker', choices };
}

/** The cohort an old link (no cohort in it) means: the last used, the default, the only one. */
export function legacyCohort(res: CohortsResponse, lastCohort: string | null): string | null {
  const names = cohortChoices(res).map((c) => c.name);
  if (lastCohort && names.includes(lastCohort)) return lastCohort;
  if (res.default_cohort && names.includes(res.default_cohort)) return res.default_cohort;
  return names.length === 1 ? names[0] : null;
}

/** Where an old link (`/market/3`, `/portfolio`…) goes: under its cohort, else `/`. */
export function legacyTarget(res: CohortsResponse, lastCohort: string | null, path: string): string {
  const cohort = legacyCohort(res, lastCohort);
  return cohort ? `/${encodeURIComponent(cohort)}${path}` : '/';
}

/** Whether the person may open the cohort (member, admin, or auction guest). */
export function cohortAccess(res: CohortsResponse, name: string): 'member' | 'guest' | null {
  if (res.cohorts.some((c) => c.name === name)) return 'member';
  return res.public_auction_cohorts.includes(name) ? 'guest' : null;
}

/** A path inside the current cohort: `/<cohort>/<rest>`. */
export function cohortPath(cohort: string, rest = ''): string {
  const tail = rest.replace(/^\/+/, '');
  return `/${encodeURIComponent(cohort)}${tail ? `/${tail}` : ''}`;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
const storage = (): Store => globalThis.localStorage ?? null;

/** Keeps the page the person wanted while they sign in. */
export function rememberDeepLink(link: string, store: Store = storage()): void {
  if (safeDeepLink(link)) store?.setItem(DEEP_LINK_KEY, link);
}

/** Reads and forgets the kept deep link. */
export function takeDeepLink(store: Store = storage()): string | null {
  const link = store?.getItem(DEEP_LINK_KEY) ?? null;
  store?.removeItem(DEEP_LINK_KEY);
  return safeDeepLink(link);
}

export function rememberCohort(name: string, store: Store = storage()): void {
  store?.setItem(LAST_COHORT_KEY, name);
}

export function lastCohort(store: Store = storage()): string | null {
  return store?.getItem(LAST_COHORT_KEY) ?? null;
}
