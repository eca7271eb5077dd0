// Number display and input validation.
//
// The wire carries doubles; the server reads each double as the short decimal it prints as
// and checks its number of decimal places (rules.md 2). Prices and sizes have at most 2
// decimals, money (balances, values, transfer amounts) at most 4. Display follows that:
// prices and sizes with exactly 2 decimals, money with 2 to 4.

const priceFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const moneyFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

function clean(x: number, digits: number): number {
  // Round first so that float noise (0.1 + 0.2) and -0 never show up as "-0.00".
  const rounded = Number(x.toFixed(digits));
  return rounded === 0 ? 0 : rounded;
}

/** A price with 2 decimals, e.g. 1,234.50. */
export function formatPrice(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  return priceFormat.format(clean(x, 2));
}

/** A size or position with 2 decimals. */
export const formatSize = formatPrice;

/** Money (balances, values, worst cases) with 2 to 4 decimals. */
export function formatMoney(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  return moneyFormat.format(clean(x, 4));
}

/** A signed quantity with an explicit + for positive values. */
export function formatSigned(x: number, format: (x: number) => string = formatSize): string {
  const text = format(x);
  return x > 0 && text !== format(0) ? `+${text}` : text;
}

/** Seconds since the epoch (protobuf Timestamp) as local time. */
export function formatTime(seconds: bigint | number | undefined, withDate = false): string {
  if (seconds === undefined) return '';
  const date = new Date(Number(seconds) * 1000);
  return withDate
    ? date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })
    : date.toLocaleTimeString(undefined, { hour12: false });
}

/** The largest coefficient the server accepts for prices and sizes (rules.md 2.4). */
export const MAX_COEFFICIENT = 1_000_000_000_000n;

export interface ParsedDecimal {
  value: number;
  /** Decimal places after dropping trailing zeros. */
  scale: number;
  /** The digits without the point, signed (123.45 -> 12345). */
  coefficient: bigint;
}

/**
 * Parses what a person typed as a plain decimal (optional sign, digits, optional point and
 * digits; no exponent, no separators). Returns null when it is not a number.
 */
export function parseDecimal(text: string): ParsedDecimal | null {
  const trimmed = text.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) return null;
  const [, sign, whole, fractionRaw = ''] = match;
  if (whole === '' && fractionRaw === '') return null;
  const fraction = fractionRaw.replace(/0+$/, '');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '') || '0';
  const coefficient = BigInt(digits) * (sign === '-' ? -1n : 1n);
  const value = Number(`${sign}${whole || '0'}.${fractionRaw || '0'}`);
  return { value: value === 0 ? 0 : value, scale: fraction.length, coefficient };
}

export type Validation = { ok: true; value: number } | { ok: false; error: string };

/** The server's price checks for CreateOrder (rules.md 4.2 steps 5 and 10). */
export function validatePrice(text: string, min: number, max: number): Validation {
  if (text.trim() === '') return { ok: false, error: 'Enter a price' };
  const parsed = parseDecimal(text);
  if (!parsed) return { ok: false, error: 'Price must be a number' };
  if (parsed.scale > 2) return { ok: false, error: 'Price has at most 2 decimals' };
  if (parsed.coefficient > MAX_COEFFICIENT) return { ok: false, error: 'Price is too large' };
  if (parsed.value < min || parsed.value > max) {
    return { ok: false, error: `Price must be between ${formatPrice(min)} and ${formatPrice(max)}` };
  }
  return { ok: true, value: parsed.value };
}

/** The server's size checks for CreateOrder (rules.md 4.2 step 6). */
export function validateSize(text: string): Validation {
  if (text.trim() === '') return { ok: false, error: 'Enter a size' };
  const parsed = parseDecimal(text);
  if (!parsed) return { ok: false, error: 'Size must be a number' };
  if (parsed.value <= 0) return { ok: false, error: 'Size must be positive' };
  if (parsed.scale > 2) return { ok: false, error: 'Size has at most 2 decimals' };
  if (parsed.coefficient > MAX_COEFFICIENT) return { ok: false, error: 'Size is too large' };
  return { ok: true, value: parsed.value };
}

/** Settlement bounds for CreateMarket (rules.md 2.4): 2 decimals, min < max. */
export function validateBounds(minText: string, maxText: string): Validation & { max?: number } {
  const min = parseDecimal(minText);
  const max = parseDecimal(maxText);
  if (!min || !max) return { ok: false, error: 'Enter both settlement bounds' };
  if (min.scale > 2 || max.scale > 2) return { ok: false, error: 'Bounds have at most 2 decimals' };
  if (min.coefficient > MAX_COEFFICIENT || max.coefficient > MAX_COEFFICIENT) {
    return { ok: false, error: 'Bounds are too large' };
  }
  if (!(min.value < max.value)) return { ok: false, error: 'Minimum must be below maximum' };
  return { ok: true, value: min.value, max: max.value };
}

/**
 * Why `text` is not an exact decimal the server would take (at most `scale` decimals, a
 * coefficient in range, optionally not negative); '' when it is. Used by DecimalField.
 */
export function decimalError(text: string, scale: number, nonNegative = false): string {
  if (text.trim() === '') return 'Enter a number';
  const parsed = parseDecimal(text);
  if (!parsed) return 'Not a number';
  if (parsed.scale > scale) return scale === 0 ? 'No decimals allowed' : `At most ${scale} decimals`;
  if (parsed.coefficient > MAX_COEFFICIENT || -parsed.coefficient > MAX_COEFFICIENT) return 'Too large';
  if (nonNegative && parsed.value < 0) return 'Must be 0 or more';
  return '';
}

/** Rounds a double to `digits` decimals (for sums of wire values). */
export function roundTo(x: number, digits: number): number {
  const factor = 10 ** digits;
  const r = Math.round(x * factor) / factor;
  return r === 0 ? 0 : r;
}
