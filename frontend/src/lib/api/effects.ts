// What applying a server message asks of the store, as plain data. The model code only
// changes the model and returns effects; ExchangeApi interprets them (publishing, resync
// bookkeeping, history re-fetches, remembering the acting account). Tests can therefore
// check a message's consequences without a store.

export type HistoryKind = 'trades' | 'orders';

/** A part of the published state (markets are tracked one by one: `marketChanged`). */
export type Part = 'identity' | 'accounts' | 'portfolios' | 'transfers' | 'types' | 'groups' | 'auctions' | 'universes' | 'exercises' | 'allMarkets';

export type Effect =
  /** Publish this part at the next flush. */
  | { kind: 'changed'; part: Part }
  /** Publish this market at the next flush. */
  | { kind: 'marketChanged'; marketId: bigint }
  /** Remember the acting account for the next sign-in. */
  | { kind: 'rememberActAs'; accountId: bigint }
  /** ActingAs ended the snapshot being built: it replaces the live model. */
  | { kind: 'snapshotComplete' }
  /** Accounts opened a re-sent public block (after SetSudo or an ownership change). */
  | { kind: 'publicBlockStarted' }
  /** A market or auction was (re-)sent for the live model. */
  | { kind: 'listed'; what: 'market' | 'auction'; id: bigint }
  /** A full history arrived. */
  | { kind: 'historyLoaded'; what: HistoryKind; marketId: bigint }
  /** A re-sent list on the live model dropped a full history. */
  | { kind: 'historyDropped'; what: HistoryKind; marketId: bigint };

/** What applying a message needs to know besides the model and the message. */
export interface ApplyContext {
  /** Whether the message changes the live model (else a snapshot being built). */
  live: boolean;
  /** For an ActingAs reply: the user its ActAs request impersonates, if any. */
  impersonated?: bigint;
}

export const changed = (part: Part): Effect => ({ kind: 'changed', part });
export const marketChanged = (marketId: bigint): Effect => ({ kind: 'marketChanged', marketId });
