// The performance page's marking modes and fund redemptions (additions.md 9.5).
//
// Modes: Mark to Settlement (default) values a settled market at its settle price at every
// moment and an open one at its last trade; Mark to Market values every market at its last
// trade at each moment; Input Custom (one market selected) values that market at a typed price.
// A settlement closes the position at the settle price in every mode, so settled markets end at
// the same total in all three; the modes differ in the P&L over time and for open markets.
//
// A redemption (rules.md 8) moves units without trades: fund position −amount, each constituent
// +amount × multiplier, both at no price, and cash −fee. The fee is charged once per Redeem
// request (one Redeemed record), as the server does. (Deliberate deviation: the reference web app
// charges fee × amount, additions.md 12 quirk 22; we follow the server's cash.)
import type { Market, Redeemed } from '@exchange/schema';

export type MarkMode = 'settlement' | 'market' | 'custom';

export const MARK_MODES: readonly { value: MarkMode; label: string }[] = [
  { value: 'settlement', label: 'Mark to Settlement' },
  { value: 'market', label: 'Mark to Market' },
  { value: 'custom', label: 'Input Custom' },
];

export interface Fill {
  /** Unix seconds. */
  time: number;
  quantity: number;
  price: number;
  fee?: number;
}

type Fund = Pick<Market, 'redeemableFor' | 'redeemFee'>;

const hundredths = (x: number): number => Math.round(x * 100);
const seconds = (r: Redeemed): number => Number(r.transactionTimestamp?.seconds ?? 0n);

/** The account's redemptions as fills per market (fund and constituents). */
export function redemptionFills(
  accountId: bigint,
  redemptions: readonly Redeemed[],
  fund: (fundId: bigint) => Fund | undefined,
): Map<bigint, Fill[]> {
  const out = new Map<bigint, Fill[]>();
  const add = (marketId: bigint, fill: Fill) => {
    const list = out.get(marketId);
    if (list) list.push(fill);
    else out.set(marketId, [fill]);
  };
  for (const r of redemptions) {
    if (r.accountId !== accountId) continue;
    const f = fund(r.fundId);
    if (!f) continue;
    const time = seconds(r);
    add(r.fundId, { time, quantity: -r.amount, price: 0, fee: f.redeemFee });
    for (const c of f.redeemableFor) {
      add(c.constituentId, { time, quantity: (hundredths(r.amount) * Number(c.multiplier)) / 100, price: 0 });
    }
  }
  return out;
}

export interface MarkInputs {
  settlePrice: number | null;
  lastTrade: number | undefined;
  /** This market is the one selected for Input Custom. */
  isCustomMarket: boolean;
  custom: number | null;
}

/**
 * The current mark (table) and the mark held fixed over time (series) of one market in a mode;
 * fixedMark null means "the last trade at each moment".
 */
export function marksFor(mode: MarkMode, m: MarkInputs): { mark: number | null; fixedMark: number | null } {
  if (mode === 'custom' && m.isCustomMarket && m.custom !== null) return { mark: m.settlePrice ?? m.custom, fixedMark: m.custom };
  if (mode === 'settlement' && m.settlePrice !== null) return { mark: m.settlePrice, fixedMark: m.settlePrice };
  return { mark: m.settlePrice ?? m.lastTrade ?? null, fixedMark: null };
}

/** Parses a typed custom price (at most 2 decimals, as prices are); null if not a number. */
export function parseCustomPrice(text: string): number | null {
  if (!/^-?\d+(\.\d{1,2})?$/.test(text.trim())) return null;
  return Number(text.trim());
}
