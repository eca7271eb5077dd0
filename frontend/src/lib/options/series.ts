// Listing a whole option series at once (admin): an underlying, a list of strikes, calls and/or
// puts and one optional expiration become one CreateMarket per option, named from a pattern.
// Strikes that the server would refuse (options.md 2.2 step 6, and 2.3: a call needs K below
// U's max, a put K above U's min) are reported before anything is sent.
import { MAX_COEFFICIENT, parseDecimal } from '../format';
import { optionBounds } from './option-info';

export const DEFAULT_PATTERN = '{U} {K} {Type}';

export interface SeriesInput {
  underlying: { id: bigint; name: string; minSettlement: number; maxSettlement: number };
  /** Strikes as typed: separated by commas, spaces or semicolons. */
  strikes: string;
  calls: boolean;
  puts: boolean;
  /** Name pattern: {U} underlying name, {K} strike, {Type} Call/Put, {type} call/put. */
  pattern: string;
  /** Expiration in Unix seconds, or null for none. */
  expiry: number | null;
}

export interface SeriesMarket {
  name: string;
  strike: number;
  isCall: boolean;
  minSettlement: number;
  maxSettlement: number;
}

export type SeriesPlan = { ok: true; markets: SeriesMarket[] } | { ok: false; error: string };

/** The strikes in `text`, parsed with the server's rules, or the first problem. */
export function parseStrikes(text: string): { ok: true; strikes: number[] } | { ok: false; error: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: 'Enter at least one strike' };
  const strikes: number[] = [];
  for (const part of parts) {
    const d = parseDecimal(part);
    if (!d) return { ok: false, error: `“${part}” is not a number` };
    if (d.scale > 2) return { ok: false, error: `Strike ${part} has more than 2 decimals` };
    if (d.coefficient > MAX_COEFFICIENT || -d.coefficient > MAX_COEFFICIENT) return { ok: false, error: `Strike ${part} is too large` };
    if (strikes.includes(d.value)) return { ok: false, error: `Strike ${part} is listed twice` };
    strikes.push(d.value);
  }
  return { ok: true, strikes: strikes.sort((a, b) => a - b) };
}

/** A strike as it appears in names: no trailing zeros (50, 52.5). */
export function strikeLabel(strike: number): string {
  return String(Number(strike.toFixed(2)));
}

export function seriesName(pattern: string, underlyingName: string, strike: number, isCall: boolean): string {
  const kind = isCall ? 'Call' : 'Put';
  return pattern
    .replaceAll('{U}', underlyingName)
    .replaceAll('{K}', strikeLabel(strike))
    .replaceAll('{Type}', kind)
    .replaceAll('{type}', kind.toLowerCase())
    .trim();
}

/** The markets to create, calls before puts for each strike, or the first problem. */
export function planSeries(input: SeriesInput, existingNames: ReadonlySet<string> = new Set()): SeriesPlan {
  if (!input.calls && !input.puts) return { ok: false, error: 'Choose calls, puts or both' };
  if (!input.pattern.includes('{K}')) return { ok: false, error: 'The name pattern needs {K}, or every option would get the same name' };
  if (input.calls && input.puts && !/\{type\}/i.test(input.pattern)) return { ok: false, error: 'The name pattern needs {Type} when listing calls and puts' };
  const parsed = parseStrikes(input.strikes);
  if (!parsed.ok) return parsed;
  const { minSettlement: lo, maxSettlement: hi, name } = input.underlying;
  const markets: SeriesMarket[] = [];
  for (const strike of parsed.strikes) {
    for (const isCall of [true, false]) {
      if (isCall ? !input.calls : !input.puts) continue;
      const bounds = optionBounds(isCall, strike, lo, hi);
      if (!(bounds.min < bounds.max)) {
        return { ok: false, error: `A ${isCall ? 'call' : 'put'} at ${strikeLabel(strike)} is worth the same whatever ${name} settles at (its range is ${lo}–${hi})` };
      }
      const marketName = seriesName(input.pattern, name, strike, isCall);
      if (existingNames.has(marketName)) return { ok: false, error: `A market named “${marketName}” already exists` };
      markets.push({ name: marketName, strike, isCall, minSettlement: bounds.min, maxSettlement: bounds.max });
    }
  }
  return { ok: true, markets };
}
