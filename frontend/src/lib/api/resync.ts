// A re-sent public block (protocol.md 5.4/5.5: Accounts, categories, groups, markets,
// auctions) lists everything this connection may now see; what it leaves out is gone. The
// block has no end marker: it ends at the first other message or after a quiet spell.

/** The message kinds of a re-sent public block (protocol.md 5.2 steps 6-10). */
const RESYNC_BLOCK = new Set<string>(['accounts', 'universes', 'marketTypes', 'marketGroups', 'market', 'orders', 'trades', 'auction']);
const RESYNC_QUIET_MS = 1500;

export interface Listed {
  markets: Set<bigint>;
  auctions: Set<bigint>;
}

export class Resync {
  private block: (Listed & { timer: ReturnType<typeof setTimeout> | null; complete: boolean }) | null = null;

  /**
   * `drop` removes what a finished block did not list; `quiet` runs after a block ended for
   * want of further messages (the store publishes then).
   */
  constructor(
    private readonly drop: (listed: Listed) => void,
    private readonly quiet: () => void,
  ) {}

  /** Accounts arrived on the live model: a new block starts (ending any previous one). */
  begin(): void {
    this.end(true);
    this.block = { markets: new Set(), auctions: new Set(), timer: null, complete: false };
    this.touch();
  }

  /** Called before each message: whether it continues the block, or ends it. */
  observe(kind: string | undefined, buildingSnapshot: boolean): void {
    if (!this.block) return;
    if (buildingSnapshot || !kind || !RESYNC_BLOCK.has(kind)) this.end(true);
    else {
      // A real block lists the categories after the accounts; an Accounts list alone (a
      // rename announced by the HTTP API, cohorts.md 6.4) lists no markets and drops none.
      if (kind === 'marketTypes') this.block.complete = true;
      this.touch();
    }
  }

  listed(what: 'market' | 'auction', id: bigint): void {
    (what === 'market' ? this.block?.markets : this.block?.auctions)?.add(id);
  }

  /** Ends the block; `apply` drops what it did not list (false when the connection was lost). */
  end(apply: boolean): void {
    const block = this.block;
    this.block = null;
    if (!block) return;
    if (block.timer) clearTimeout(block.timer);
    if (apply && block.complete) this.drop(block);
  }

  private touch(): void {
    const block = this.block;
    if (!block) return;
    if (block.timer) clearTimeout(block.timer);
    block.timer = setTimeout(() => {
      this.end(true);
      this.quiet();
    }, RESYNC_QUIET_MS);
  }
}
