// What the people view and the leaderboard are computed from (standings.ts), loaded for one
// cohort and refreshed on a timer while a page shows them:
// * people and their cash: GET /api/admin/balances (members and guests linked to a user);
// * money in: each member's initial balance (GET /api/admin/cohorts/<name>/members);
// * admins (GET /api/admin/overview), so the leaderboard can leave the instructors out;
// * net positions in every market not yet settled: GetMarketPositions, one per market (needs
//   admin mode: without it, ids in markets that hide them come back as 0);
// * quotes (last trade, best bid and offer): live from the exchange store, for which the full
//   trade history of each open market is kept loaded while the page is open.
import { untrack } from 'svelte';
import { namesFor } from './account-names';
import { api, marketPhase } from './api.svelte';
import { cohortsApi } from './cohorts-api';
import { errorText } from './notify';
import { standings, toPeople, type MarkMode, type MarketQuote, type OpenPositions } from './standings';

export interface LoadedPerson {
  accountId: bigint;
  /** The global display name (the balances API). */
  displayName: string;
  cash: number;
  initialBalance: string | null;
  isAdmin: boolean;
}

export class StandingsData {
  people = $state.raw<readonly LoadedPerson[]>([]);
  positions = $state.raw<OpenPositions>(new Map());
  loadedAt = $state<Date | null>(null);
  loading = $state(false);
  error = $state('');
  private timer: ReturnType<typeof setInterval> | undefined;
  private watching = new Map<bigint, () => void>();

  /** Markets not yet settled, by id. */
  openMarketIds(): bigint[] {
    return [...api.markets.values()].filter((v) => marketPhase(v.market) !== 'settled').map((v) => v.market.id);
  }

  /** Last trade and best prices of each open market, as the store has them now. */
  quotes(): Map<bigint, MarketQuote> {
    const quotes = new Map<bigint, MarketQuote>();
    for (const v of api.markets.values()) {
      if (marketPhase(v.market) === 'settled') continue;
      quotes.set(v.market.id, { last: v.trades.at(-1)?.price, bestBid: v.bids[0]?.price, bestOffer: v.offers[0]?.price });
    }
    return quotes;
  }

  /** Keeps the trade histories of exactly the open markets loaded (for their last trade). */
  watchOpenMarkets(): void {
    const open = new Set(this.openMarketIds());
    for (const [id, unwatch] of this.watching) {
      if (!open.has(id)) {
        unwatch();
        this.watching.delete(id);
      }
    }
    for (const id of open) if (!this.watching.has(id)) this.watching.set(id, api.watchTrades(id));
  }

  async refresh(cohort: string): Promise<void> {
    if (this.loading || api.status !== 'ready' || !api.sudo) return;
    this.loading = true;
    try {
      const [balances, members, overview] = await Promise.all([cohortsApi.balances(), cohortsApi.members(cohort), cohortsApi.overview()]);
      const mine = balances.cohorts.find((c) => c.cohort_name === cohort);
      const initial = new Map(members.filter((m) => m.global_user_id !== null).map((m) => [m.global_user_id!, m.initial_balance]));
      const admins = new Set(overview.users.filter((u) => u.is_admin).map((u) => u.id));
      const people = [...(mine?.members ?? []), ...(mine?.guests ?? [])].map((b) => ({
        accountId: BigInt(b.account_id),
        displayName: b.display_name,
        cash: b.balance,
        initialBalance: initial.get(b.global_user_id) ?? null,
        isAdmin: admins.has(b.global_user_id),
      }));
      const positions = new Map<bigint, Map<bigint, number>>();
      // One at a time: the admin rate limit is generous, but a class may have many markets.
      for (const id of this.openMarketIds()) {
        const reply = await api.getMarketPositions(id);
        positions.set(id, new Map(reply.positions.map((p) => [p.accountId, p.net])));
      }
      this.people = people;
      this.positions = positions;
      this.loadedAt = new Date();
      this.error = '';
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  /** Loads now and every `everyMs` until `stop`. */
  start(cohort: string, everyMs = 10_000): void {
    this.stop();
    void this.refresh(cohort);
    this.timer = setInterval(() => void this.refresh(cohort), everyMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const unwatch of this.watching.values()) unwatch();
    this.watching.clear();
  }
}

/** The instructor's choices, shared by the people view and the leaderboard (this tab only). */
export const standingsSettings = $state({ mode: 'last' as MarkMode, moneyIn: '', includeAdmins: false });

/**
 * For a page showing standings: loads while the connection is ready in admin mode, keeps the
 * open markets' trades loaded, and gives the ranked rows for the instructor's choices.
 */
export function useStandings() {
  const data = new StandingsData();
  const active = $derived(api.status === 'ready' && api.sudo && api.cohort !== '');
  $effect(() => {
    if (!active) return;
    const cohort = api.cohort;
    untrack(() => data.start(cohort));
    return () => data.stop();
  });
  $effect(() => {
    if (!active) return;
    void api.markets; // again when markets open or settle
    untrack(() => data.watchOpenMarkets());
  });
  const names = $derived(namesFor(data.people.map((p) => p.accountId), api.accounts));
  const rows = $derived(
    standings(
      toPeople(data.people, (id, fallback) => (api.accounts.has(id) ? (names.get(id) ?? fallback) : fallback), standingsSettings.moneyIn, standingsSettings.includeAdmins),
      data.positions,
      data.quotes(),
      standingsSettings.mode,
    ),
  );
  return {
    data,
    get rows() {
      return rows;
    },
    get active() {
      return active;
    },
  };
}
