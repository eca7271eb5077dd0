// The market page's history replay state (additions.md 9.4): once the full order and trade
// histories are loaded, a trim start and a playhead in market-clock ms; everything the page
// shows (book, trades, position, chart) is cut at the playhead's transaction. Play advances the
// playhead once per animation frame. `toMarket` maps wall-clock ms to the market clock
// (identity until the market clock module supplies one).
import type { Trade } from '@exchange/schema';
import type { MarketView } from '$lib/api/types';
import { bookAt } from '$lib/components/replay';
import { axisFor, customBounds, type AxisMode, type Bounds } from '$lib/charts/axis';
import { participantPositions } from './positions';
import { advance, buildTimeline, clampThumbs, playStart, txAt, type Timeline } from './timeline';

export class Replay {
  /** The history view is chosen (the page's History tab). */
  enabled = $state(false);
  trimStart = $state(0);
  playhead = $state(0);
  playing = $state(false);
  speed = $state(1);
  axisMode = $state<AxisMode>('history');
  customMin = $state('');
  customMax = $state('');
  /** The playhead stays at the end as the market moves (until it is moved back). */
  private following = true;
  private placed = false;
  private frame = 0;

  constructor(
    private readonly view: () => MarketView | undefined,
    private readonly toMarket: (wallMs: number) => number = (ms) => ms,
  ) {}

  /** Both histories are loaded: the replay can be shown. */
  readonly ready = $derived.by(() => {
    const v = this.view();
    return this.enabled && !!v && v.orderHistory !== null && v.tradesLoaded;
  });

  readonly timeline = $derived.by((): Timeline | null => {
    const v = this.view();
    if (!this.ready || !v?.orderHistory) return null;
    return buildTimeline(v.market, v.orderHistory, v.trades, this.toMarket);
  });

  /** Distinct transactions on the timeline, ascending (for "n of N"). */
  readonly transactions = $derived.by(() => {
    const ids = new Set<bigint>();
    for (const e of this.timeline?.events ?? []) ids.add(e.tx);
    return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  });

  /** The transaction shown; undefined when not replaying (live). */
  readonly tx = $derived(this.timeline ? txAt(this.timeline, this.playhead) : undefined);

  readonly trades = $derived.by((): readonly Trade[] => {
    const v = this.view();
    const t = this.tx;
    if (!v) return [];
    return t === undefined ? v.trades : v.trades.filter((trade) => trade.transactionId <= t);
  });

  readonly book = $derived.by(() => {
    const v = this.view();
    if (!v?.orderHistory || this.tx === undefined) return { bids: v?.bids ?? [], offers: v?.offers ?? [] };
    return bookAt(v.orderHistory, this.tx);
  });

  /** The trades between the trim start and the playhead (the chart's window). */
  readonly windowTrades = $derived(this.trades.filter((t) => this.marketMs(t) >= this.trimStart));

  readonly axis = $derived.by((): Bounds | null => {
    const v = this.view();
    if (!v || !this.ready) return null;
    const settlement = { min: v.market.minSettlement, max: v.market.maxSettlement };
    return axisFor(this.axisMode, this.windowTrades.map((t) => t.price), settlement, customBounds(this.customMin, this.customMax));
  });

  /** An account's net position as of the playhead (trades and, for a fund, redemptions). */
  positionOf(accountId: bigint | null): number {
    const v = this.view();
    if (!v || accountId === null) return 0;
    return participantPositions(v.trades, v.redemptions, this.tx).get(accountId)?.net ?? 0;
  }

  marketMs(trade: Trade): number {
    const ts = trade.transactionTimestamp;
    return this.toMarket(ts ? Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6) : 0);
  }

  /** Called by the page's effect whenever the timeline changes: first placement and following. */
  sync(): void {
    const tl = this.timeline;
    if (!tl) return;
    if (!this.placed) {
      this.placed = true;
      this.trimStart = tl.start;
      this.playhead = tl.end;
      return;
    }
    if (this.following && !this.playing) this.playhead = tl.end;
    [this.trimStart, this.playhead] = clampThumbs(this.trimStart, this.playhead, tl);
  }

  /** The slider moved: [trim start, playhead]. */
  setThumbs(trimStart: number, playhead: number): void {
    const tl = this.timeline;
    if (!tl) return;
    [this.trimStart, this.playhead] = clampThumbs(trimStart, playhead, tl);
    this.following = this.playhead >= tl.end;
  }

  play(): void {
    const tl = this.timeline;
    if (!tl || this.playing) return;
    this.playhead = playStart(this.playhead, this.trimStart, tl.end);
    this.playing = true;
    this.following = false;
    let last = performance.now();
    const step = (now: number) => {
      if (!this.playing) return;
      const end = this.timeline?.end ?? this.playhead;
      const next = advance(this.playhead, now - last, this.speed, end);
      last = now;
      this.playhead = next.playhead;
      if (next.ended) {
        this.playing = false;
        this.following = true;
        return;
      }
      this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
  }

  /** Leaving the history view: back to live, placed afresh next time. */
  stop(): void {
    this.pause();
    this.placed = false;
    this.following = true;
  }
}
