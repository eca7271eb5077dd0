// What the market list shows of a market's trading: the last price and the traded volume
// (sum of trade sizes) over the trades the app holds for it.
import type { Trade } from '@exchange/schema';

export interface MarketStats {
  last?: number;
  volume: number;
  trades: number;
}

export function marketStats(trades: readonly Pick<Trade, 'price' | 'size'>[]): MarketStats {
  let volume = 0;
  for (const t of trades) volume += t.size;
  return { last: trades.at(-1)?.price, volume, trades: trades.length };
}

/** "Category · Group" of a market (the group left out when it has none). */
export function categoryLabel(typeName: string | undefined, groupName: string | undefined): string {
  return [typeName, groupName].filter(Boolean).join(' · ');
}
