// The option chain of one underlying: strikes down the middle, the call of each strike on one
// side and the put on the other, each with its best bid, best offer, last trade and the acting
// account's position. Options with different expirations form separate chains (one per expiry).
import type { Market } from '@exchange/schema';
import { expirationSeconds } from './option-info';

/** What the chain needs of a market: the market and its top of book and last trade. */
export interface QuoteSource {
  market: Market;
  bestBid?: number;
  bestOffer?: number;
  last?: number;
}

export interface ChainCell {
  marketId: bigint;
  name: string;
  bid?: number;
  offer?: number;
  last?: number;
  position: number;
  settled: boolean;
}

export interface ChainRow {
  strike: number;
  call?: ChainCell;
  put?: ChainCell;
}

export interface Chain {
  /** Expiration in Unix seconds, null for none. */
  expiry: number | null;
  rows: ChainRow[];
}

/** The option markets on `underlyingId` among `sources`. */
export function optionsOn(underlyingId: bigint, sources: Iterable<QuoteSource>): QuoteSource[] {
  const out: QuoteSource[] = [];
  for (const s of sources) if (s.market.option?.underlyingMarketId === underlyingId) out.push(s);
  return out;
}

/**
 * Builds the chains of one underlying: one per expiration (no expiration first, then earliest
 * first), rows by ascending strike. Two options of the same kind, strike and expiry (possible:
 * names differ) keep the older one (lower id) in the chain.
 */
export function buildChains(underlyingId: bigint, sources: Iterable<QuoteSource>, position: (marketId: bigint) => number): Chain[] {
  const byExpiry = new Map<number | null, Map<number, ChainRow>>();
  const options = optionsOn(underlyingId, sources).sort((a, b) => (a.market.id < b.market.id ? -1 : 1));
  for (const s of options) {
    const option = s.market.option!;
    const expiry = expirationSeconds(option);
    let rows = byExpiry.get(expiry);
    if (!rows) byExpiry.set(expiry, (rows = new Map()));
    let row = rows.get(option.strikePrice);
    if (!row) rows.set(option.strikePrice, (row = { strike: option.strikePrice }));
    const side = option.isCall ? 'call' : 'put';
    if (row[side]) continue;
    row[side] = {
      marketId: s.market.id,
      name: s.market.name,
      bid: s.bestBid,
      offer: s.bestOffer,
      last: s.last,
      position: position(s.market.id),
      settled: s.market.marketState.case === 'closed',
    };
  }
  const chains = [...byExpiry].map(([expiry, rows]) => ({ expiry, rows: [...rows.values()].sort((a, b) => a.strike - b.strike) }));
  return chains.sort((a, b) => (a.expiry === null ? -1 : b.expiry === null ? 1 : a.expiry - b.expiry));
}

/** How many option markets each underlying has (for links from market lists and pages). */
export function optionCounts(markets: Iterable<Market>): Map<bigint, number> {
  const counts = new Map<bigint, number>();
  for (const m of markets) {
    const u = m.option?.underlyingMarketId;
    if (u !== undefined) counts.set(u, (counts.get(u) ?? 0) + 1);
  }
  return counts;
}
