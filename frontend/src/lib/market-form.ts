// The rules of the market form (components/market-form/), kept out of the components so they
// can be unit tested: a fund's constituents and fee (rules.md 2.5), and which settings an
// edit actually changes (EditMarket always carries a status, protocol.md 3.3.17).
import type { Market, MarketStatus } from '@exchange/schema';
import { MAX_COEFFICIENT, parseDecimal } from './format';
import { optionBounds } from './options/option-info';

/** One constituent row as typed: a market id (empty until chosen) and a multiplier. */
export interface ConstituentInput {
  id: string;
  multiplier: string;
}

export interface FundPart {
  constituentId: bigint;
  multiplier: bigint;
}

export type FundCheck =
  | { ok: true; fee: number; parts: FundPart[]; min: number; max: number }
  | { ok: false; error: string };

type Bounds = Pick<Market, 'minSettlement' | 'maxSettlement'>;

export function nameError(name: string): string {
  return name.trim() === '' ? 'Enter a name' : '';
}

/**
 * Checks a fund's constituents and redeem fee; `lookup` gives a constituent's settlement
 * range, from which the fund's own range follows. No constituents: not a fund, nothing to check.
 */
export function validateFund(
  constituents: readonly ConstituentInput[],
  feeText: string,
  lookup: (id: bigint) => Bounds | undefined,
): FundCheck {
  if (constituents.length === 0) return { ok: true, fee: 0, parts: [], min: 0, max: 0 };
  const parts: FundPart[] = [];
  let min = 0;
  let max = 0;
  for (const c of constituents) {
    if (!c.id) return { ok: false, error: 'Choose a market for every constituent' };
    const multiplier = c.multiplier.trim();
    if (!/^-?\d+$/.test(multiplier) || BigInt(multiplier) === 0n) {
      return { ok: false, error: 'Multipliers are whole numbers other than 0' };
    }
    const m = lookup(BigInt(c.id));
    const k = Number(multiplier);
    // A negative multiplier turns the constituent's range around.
    if (m) {
      min += Math.min(k * m.minSettlement, k * m.maxSettlement);
      max += Math.max(k * m.minSettlement, k * m.maxSettlement);
    }
    parts.push({ constituentId: BigInt(c.id), multiplier: BigInt(multiplier) });
  }
  if (new Set(parts.map((p) => p.constituentId)).size !== parts.length) {
    return { ok: false, error: 'Each market can be a constituent once' };
  }
  const fee = parseDecimal(feeText || '0');
  if (!fee || fee.value < 0 || fee.scale > 4 || fee.coefficient > MAX_COEFFICIENT) {
    return { ok: false, error: 'The fee is 0 or more with at most 4 decimals' };
  }
  return { ok: true, fee: fee.value, parts, min, max };
}

/** The form's editable settings of an existing market. */
export interface MarketSettings {
  name: string;
  description: string;
  pinned: boolean;
  status: MarketStatus;
  /** Whether other traders' ids are hidden; 'keep' leaves the market's setting alone. */
  hideIds: 'keep' | 'hide' | 'show';
  visibleTo: readonly bigint[];
}

export interface MarketChanges {
  name?: string;
  description?: string;
  pinned?: boolean;
  status?: MarketStatus;
  hideAccountIds?: boolean;
  visibleTo?: bigint[];
}

/** What an edit changes; only the description unless `admin` (a market's owner may edit it). */
export function marketChanges(market: Market, form: MarketSettings, admin: boolean): MarketChanges {
  const changes: MarketChanges = {};
  if (form.description !== market.description) changes.description = form.description;
  if (!admin) return changes;
  if (form.name.trim() !== market.name) changes.name = form.name.trim();
  if (form.pinned !== market.pinned) changes.pinned = form.pinned;
  if (form.status !== market.status) changes.status = form.status;
  if (form.hideIds !== 'keep') changes.hideAccountIds = form.hideIds === 'hide';
  const before = [...market.visibleTo].sort().join(',');
  const after = [...form.visibleTo].sort().join(',');
  if (before !== after) changes.visibleTo = [...form.visibleTo];
  return changes;
}

/** The create form's option settings as typed (options.md 12.2). */
export interface OptionInput {
  enabled: boolean;
  /** Underlying market id; '' = none chosen (then an ordinary market is created, like the reference). */
  underlying: string;
  strike: string;
  isCall: boolean;
  /** Expiration in Unix seconds; null = none. */
  expiry: number | null;
}

export type OptionCheck =
  | { ok: true; option: null }
  | { ok: true; option: { underlyingMarketId: bigint; strikePrice: number; isCall: boolean; expirationDate?: { seconds: bigint } }; min: number; max: number }
  | { ok: false; error: string };

/** Checks the option settings and computes the bounds the server will give the option (2.3). */
export function validateOption(input: OptionInput, lookup: (id: bigint) => Bounds | undefined): OptionCheck {
  if (!input.enabled || !input.underlying) return { ok: true, option: null };
  const strike = parseDecimal(input.strike || '0');
  if (!strike || strike.scale > 2 || strike.coefficient > MAX_COEFFICIENT || -strike.coefficient > MAX_COEFFICIENT) {
    return { ok: false, error: 'The strike is a number with at most 2 decimals' };
  }
  const u = lookup(BigInt(input.underlying));
  if (!u) return { ok: false, error: 'Choose the underlying market' };
  const bounds = optionBounds(input.isCall, strike.value, u.minSettlement, u.maxSettlement);
  if (!(bounds.min < bounds.max)) {
    return { ok: false, error: `This ${input.isCall ? 'call' : 'put'} would be worth the same at every settlement of the underlying` };
  }
  return {
    ok: true,
    option: {
      underlyingMarketId: BigInt(input.underlying),
      strikePrice: strike.value,
      isCall: input.isCall,
      ...(input.expiry !== null ? { expirationDate: { seconds: BigInt(input.expiry) } } : {}),
    },
    min: bounds.min,
    max: bounds.max,
  };
}
