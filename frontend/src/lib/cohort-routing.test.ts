import { describe, expect, it } from 'vitest';
import type { CohortInfo, CohortsResponse } from './cohorts';
import { MemoryStorage } from './test/fake-server';
import { cohortAccess, cohortPath, decideHome, legacyTarget, rememberDeepLink, safeDeepLink, takeDeepLink } from './cohort-routing';

const cohort = (name: string, extra: Partial<CohortInfo> = {}): CohortInfo => ({
  id: 1,
  name,
  display_name: name.toUpperCase(),
  is_read_only: false,
  auctions_enabled: false,
  ...extra,
});
const res = (names: string[], guests: string[] = [], def: string | null = null): CohortsResponse => ({
  cohorts: names.map((n) => cohort(n)),
  public_auction_cohorts: guests,
  default_cohort: def,
});

describe('decideHome', () => {
  it('follows a stored deep link first', () => {
    expect(decideHome(res(['a', 'b']), '/b/market/3', 'a')).toEqual({ kind: 'redirect', to: '/b/market/3' });
  });
  it('ignores unsafe or pointless deep links', () => {
    expect(safeDeepLink('//evil.example/x')).toBeNull();
    expect(safeDeepLink('/login?next=/x')).toBeNull();
    expect(safeDeepLink('/')).toBeNull();
    expect(decideHome(res(['a']), 'https://evil.example', null)).toEqual({ kind: 'redirect', to: '/a/market' });
  });
  it('goes straight into the only cohort (markets, even with auctions on)', () => {
    expect(decideHome({ ...res([]), cohorts: [cohort('a', { auctions_enabled: true })] }, null, null)).toEqual({ kind: 'redirect', to: '/a/market' });
  });
  it('opens the auctions of the only auction-guest cohort', () => {
    expect(decideHome(res([], ['fair']), null, null)).toEqual({ kind: 'redirect', to: '/fair/auctions' });
  });
  it('uses the last cohort if still listed, else offers a picker', () => {
    expect(decideHome(res(['a', 'b']), null, 'b')).toEqual({ kind: 'redirect', to: '/b/market' });
    const picked = decideHome({ ...res(['a']), cohorts: [cohort('a', { is_read_only: true }), cohort('b')], public_auction_cohorts: ['fair'] }, null, 'gone');
    expect(picked).toEqual({
      kind: 'picker',
      choices: [
        { name: 'a', displayName: 'A', readOnly: true, guest: false },
        { name: 'b', displayName: 'B', readOnly: false, guest: false },
        { name: 'fair', displayName: 'fair', readOnly: false, guest: true },
      ],
    });
  });
  it('says so when there is no cohort', () => {
    expect(decideHome(res([], [], 'main'), null, 'main')).toEqual({ kind: 'none' });
  });
});

describe('old links and access', () => {
  it('sends old links to the last, the default or the only cohort', () => {
    expect(legacyTarget(res(['a', 'b'], [], 'a'), 'b', '/market/3')).toBe('/b/market/3');
    expect(legacyTarget(res(['a', 'b'], [], 'a'), 'gone', '/portfolio')).toBe('/a/portfolio');
    expect(legacyTarget(res(['a']), null, '/accounts')).toBe('/a/accounts');
    expect(legacyTarget(res(['a', 'b'], [], 'zzz'), null, '/transfers')).toBe('/');
  });
  it('knows members, guests and strangers', () => {
    const r = res(['a'], ['fair']);
    expect([cohortAccess(r, 'a'), cohortAccess(r, 'fair'), cohortAccess(r, 'x')]).toEqual(['member', 'guest', null]);
    expect(cohortPath('a', '/market/3')).toBe('/a/market/3');
    expect(cohortPath('a')).toBe('/a');
  });
  it('keeps the deep link across the sign-in bounce, once', () => {
    const store = new MemoryStorage();
    rememberDeepLink('/a/portfolio', store);
    expect(takeDeepLink(store)).toBe('/a/portfolio');
    expect(takeDeepLink(store)).toBeNull();
  });
});
