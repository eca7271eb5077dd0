// Full trade and order histories that components watch: loaded on demand, re-requested after
// a reconnect (the snapshot has none) or when a re-sent list drops them, one request at a time.
import type { HistoryKind } from './effects';
import type { MarketModel } from './model';
import { RequestError } from './types';

export interface HistorySource {
  /** Whether requests can go out now (else they are made when the snapshot completes). */
  ready(): boolean;
  market(id: bigint): MarketModel | undefined;
  load(what: HistoryKind, marketId: bigint): Promise<unknown>;
  onError(message: string): void;
}

export class HistoryWatch {
  private readonly watchers: Record<HistoryKind, Map<bigint, number>> = { trades: new Map(), orders: new Map() };
  private readonly inFlight = new Set<string>();

  constructor(private readonly source: HistorySource) {}

  /** Keeps the history loaded until the returned function is called. */
  watch(marketId: bigint, what: HistoryKind): () => void {
    const watchers = this.watchers[what];
    watchers.set(marketId, (watchers.get(marketId) ?? 0) + 1);
    this.ensure(marketId, what);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (watchers.get(marketId) ?? 1) - 1;
      if (n <= 0) watchers.delete(marketId);
      else watchers.set(marketId, n);
    };
  }

  isWatched(marketId: bigint, what: HistoryKind): boolean {
    return this.watchers[what].has(marketId);
  }

  /** Requests the history unless it is loaded, on its way, or nobody can ask yet. */
  ensure(marketId: bigint, what: HistoryKind): void {
    if (!this.source.ready()) return; // requested again when the snapshot completes
    const m = this.source.market(marketId);
    if (!m) return;
    if (what === 'trades' ? m.tradesFull : m.history !== null) return;
    const key = `${what}:${marketId}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    this.source
      .load(what, marketId)
      .catch((e: Error) => {
        // A dropped connection is retried and the history re-requested after the snapshot.
        if (e instanceof RequestError && e.kind === 'Connection') return;
        this.source.onError(`Could not load ${what === 'trades' ? 'trades' : 'order history'}: ${e.message}`);
      })
      .finally(() => this.inFlight.delete(key));
  }

  /** Requests every watched history (after a snapshot). */
  ensureAll(): void {
    for (const id of this.watchers.trades.keys()) this.ensure(id, 'trades');
    for (const id of this.watchers.orders.keys()) this.ensure(id, 'orders');
  }

  /** A full history arrived (possibly for another client's request). */
  loaded(what: HistoryKind, marketId: bigint): void {
    this.inFlight.delete(`${what}:${marketId}`);
  }

  /** Requests were failed for want of a connection: they may go out again. */
  forgetInFlight(): void {
    this.inFlight.clear();
  }
}
