// What an option market is (options.md 1.2, 2.3, 4): its OptionInfo read safely, the intrinsic
// value, the bounds the server computes, and how its expiration reads. Pure functions, tested.
import type { Market, OptionInfo } from '@exchange/schema';

/** The option described by a market, or undefined for an ordinary market or fund. */
export function optionOf(market: Market | undefined): OptionInfo | undefined {
  return market?.option;
}

export function isOption(market: Market | undefined): boolean {
  return market?.option !== undefined;
}

/** Cents, to keep sums of 2-decimal prices exact. */
const cents = (x: number): number => Math.round(x * 100);
const fromCents = (c: number): number => (c === 0 ? 0 : c / 100);

/** call: max(0, S − K); put: max(0, K − S) (options.md terms), exact to the cent. */
export function intrinsic(isCall: boolean, strike: number, price: number): number {
  const diff = isCall ? cents(price) - cents(strike) : cents(strike) - cents(price);
  return fromCents(Math.max(0, diff));
}

/** The option market's settlement range, as the server computes it from U's (options.md 2.3). */
export function optionBounds(isCall: boolean, strike: number, underlyingMin: number, underlyingMax: number): { min: number; max: number } {
  return isCall
    ? { min: intrinsic(true, strike, underlyingMin), max: intrinsic(true, strike, underlyingMax) }
    : { min: intrinsic(false, strike, underlyingMax), max: intrinsic(false, strike, underlyingMin) };
}

/**
 * The expiration in Unix seconds, or null for none. Absent, or present with seconds 0, means
 * no expiration (the schema comment, followed by our server: issue 16).
 */
export function expirationSeconds(option: OptionInfo): number | null {
  const seconds = option.expirationDate?.seconds;
  if (seconds === undefined || seconds === 0n) return null;
  return Number(seconds);
}

/** "Call" or "Put". */
export function optionKind(option: Pick<OptionInfo, 'isCall'>): 'Call' | 'Put' {
  return option.isCall ? 'Call' : 'Put';
}

/**
 * How long until the expiration, as m:ss (minutes are not wrapped into hours, like the
 * reference), or "expired" once past. `now` and `expiry` are Unix seconds.
 */
export function countdown(expiry: number, now: number): { expired: boolean; text: string } {
  const left = Math.floor(expiry - now);
  // Exercising in the expiration second itself is still allowed (options.md 4.2 step 9).
  if (left < 0) return { expired: true, text: 'expired' };
  const minutes = Math.floor(left / 60);
  const seconds = left % 60;
  return { expired: false, text: `${minutes}:${String(seconds).padStart(2, '0')}` };
}

/** The underlying's settlement price once it settled, else null. */
export function settlementPrice(market: Market | undefined): number | null {
  return market?.marketState.case === 'closed' ? market.marketState.value.settlePrice : null;
}

/**
 * The underlying's reference price for intrinsic values: its settlement price once settled,
 * else the mid of the best bid and offer when both exist, else the last trade; null if none.
 */
export function referencePrice(
  underlying: Market | undefined,
  bestBid: number | undefined,
  bestOffer: number | undefined,
  lastTrade: number | undefined,
): { price: number; basis: 'settlement' | 'mid' | 'last' } | null {
  const settled = settlementPrice(underlying);
  if (settled !== null) return { price: settled, basis: 'settlement' };
  if (bestBid !== undefined && bestOffer !== undefined) return { price: fromCents(Math.round((cents(bestBid) + cents(bestOffer)) / 2)), basis: 'mid' };
  if (lastTrade !== undefined) return { price: lastTrade, basis: 'last' };
  return null;
}
