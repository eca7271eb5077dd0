// Participant positions computed from a market's full trade history and, for a fund, its
// redemptions, optionally cut at a transaction (additions.md 7): per account
//   buys = Σ sizes bought, sells = Σ sizes sold, redeemed = Σ amounts redeemed of this fund,
//   net = buys − sells − redeemed; average buy/sell price = Σ size×price / size per side.
// Sums are kept in whole hundredths (sizes and amounts have at most 2 decimals) so they are exact.
import type { Redeemed, Trade } from '@exchange/schema';

export interface ParticipantPosition {
  accountId: bigint;
  buys: number;
  sells: number;
  redeemed: number;
  gross: number;
  net: number;
  averageBuy: number | null;
  averageSell: number | null;
}

const h = (x: number): number => Math.round(x * 100);

export function participantPositions(
  trades: readonly Trade[],
  redemptions: readonly Redeemed[] = [],
  upTo?: bigint,
): Map<bigint, ParticipantPosition> {
  type Acc = { buys: number; sells: number; redeemed: number; buyValue: number; sellValue: number };
  const acc = new Map<bigint, Acc>();
  const get = (id: bigint) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { buys: 0, sells: 0, redeemed: 0, buyValue: 0, sellValue: 0 }));
    return a;
  };
  for (const t of trades) {
    if (upTo !== undefined && t.transactionId > upTo) continue;
    const size = h(t.size);
    const value = size * h(t.price); // 10^-4 units, exact in a double up to 2^53
    const buyer = get(t.buyerId);
    buyer.buys += size;
    buyer.buyValue += value;
    const seller = get(t.sellerId);
    seller.sells += size;
    seller.sellValue += value;
  }
  for (const r of redemptions) {
    if (upTo !== undefined && r.transactionId > upTo) continue;
    get(r.accountId).redeemed += h(r.amount);
  }
  const out = new Map<bigint, ParticipantPosition>();
  for (const [id, a] of acc) {
    out.set(id, {
      accountId: id,
      buys: a.buys / 100,
      sells: a.sells / 100,
      redeemed: a.redeemed / 100,
      gross: (a.buys + a.sells) / 100,
      net: (a.buys - a.sells - a.redeemed) / 100 || 0,
      averageBuy: a.buys ? Number((a.buyValue / a.buys / 100).toFixed(4)) : null,
      averageSell: a.sells ? Number((a.sellValue / a.sells / 100).toFixed(4)) : null,
    });
  }
  return out;
}
