/**
 * Money in integer minor units (fen: ¥1 = 100) and integer division with an explicit rounding
 * mode. Results are always integers; no float ever reaches a balance.
 *
 * @module
 */
import * as z from 'zod';
import { SiyuError } from './error.js';

/**
 * How an integer division rounds:
 * - `floor`: toward −∞ (the default for awarding points: never over-award);
 * - `ceil`: toward +∞;
 * - `halfUp`: to nearest, halves away from zero (commercial rounding, 2.5 → 3, −2.5 → −3);
 * - `halfEven`: to nearest, halves to the even neighbour (banker's rounding, 2.5 → 2, 3.5 → 4).
 */
export type RoundingMode = 'floor' | 'ceil' | 'halfUp' | 'halfEven';

/** zod schema of a {@link RoundingMode}. */
export const RoundingModeSchema = z.enum(['floor', 'ceil', 'halfUp', 'halfEven']);

function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw SiyuError.at([name], `must be a safe integer, received ${value}`, 'invalid_amount');
}

function roundQuotient(q: number, r: number, d: number, mode: RoundingMode): number {
  // n = q·d + r with r carrying n's sign and |r| < |d|; q is the quotient truncated toward 0.
  if (r === 0) return q;
  const positive = r > 0 === d > 0; // the exact quotient's sign
  switch (mode) {
    case 'floor':
      return positive ? q : q - 1;
    case 'ceil':
      return positive ? q + 1 : q;
    case 'halfUp':
    case 'halfEven': {
      const twice = Math.abs(r) * 2;
      const ad = Math.abs(d);
      const away = positive ? q + 1 : q - 1;
      if (twice > ad) return away;
      if (twice < ad) return q;
      if (mode === 'halfUp') return away;
      return q % 2 === 0 ? q : away;
    }
  }
}

/**
 * Integer division `numerator / denominator` rounded by `mode`. Exact for every safe integer.
 *
 * @example
 * ```ts
 * import { divideRounded } from 'siyu/core';
 * divideRounded(12_999, 100, 'floor'); // → 129
 * divideRounded(250, 100, 'halfUp'); // → 3
 * divideRounded(250, 100, 'halfEven'); // → 2
 * divideRounded(-250, 100, 'halfUp'); // → -3
 * divideRounded(1, 0, 'floor'); // throws: siyu: denominator: must not be 0
 * ```
 */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode = 'floor'): number {
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  if (denominator === 0) throw SiyuError.at(['denominator'], 'must not be 0', 'invalid_amount');
  const r = numerator % denominator; // exact for integers, sign of the numerator
  const q = (numerator - r) / denominator; // exact: numerator − r is a multiple of denominator
  return roundQuotient(q, r, denominator, mode) + 0; // + 0 turns −0 into 0
}

/**
 * `amount × numerator / denominator`, rounded by `mode`, exact even when the product exceeds
 * 2⁵³ (it falls back to BigInt). The workhorse for "1 point per ¥1", proportional refunds and
 * discounts: `multiplyRatio(12_999, 1, 100)` is the points for ¥129.99 at 1 per ¥1.
 *
 * @example
 * ```ts
 * import { multiplyRatio } from 'siyu/core';
 * multiplyRatio(12_999, 1, 100); // → 129
 * multiplyRatio(300, 1, 3, 'ceil'); // → 100
 * multiplyRatio(9_007_199_254_740_991, 3, 3); // → 9007199254740991
 * ```
 */
export function multiplyRatio(amount: number, numerator: number, denominator: number, mode: RoundingMode = 'floor'): number {
  assertSafeInteger(amount, 'amount');
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  if (denominator === 0) throw SiyuError.at(['denominator'], 'must not be 0', 'invalid_amount');
  const product = amount * numerator;
  if (Number.isSafeInteger(product)) return divideRounded(product, denominator, mode);
  const n = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const q = n / d; // truncates toward 0
  const r = n - q * d;
  const result = roundBig(q, r, d, mode);
  const out = Number(result);
  if (!Number.isSafeInteger(out)) throw SiyuError.at(['amount'], 'result exceeds the safe integer range', 'invalid_amount');
  return out;
}

function roundBig(q: bigint, r: bigint, d: bigint, mode: RoundingMode): bigint {
  if (r === 0n) return q;
  const positive = r > 0n === d > 0n;
  const away = positive ? q + 1n : q - 1n;
  switch (mode) {
    case 'floor':
      return positive ? q : q - 1n;
    case 'ceil':
      return positive ? q + 1n : q;
    default: {
      const twice = (r < 0n ? -r : r) * 2n;
      const ad = d < 0n ? -d : d;
      if (twice > ad) return away;
      if (twice < ad) return q;
      if (mode === 'halfUp') return away;
      return q % 2n === 0n ? q : away;
    }
  }
}

/**
 * Splits an integer `total` across `weights` in proportion, so the parts are integers that add
 * up to exactly `total` (largest-remainder method; ties go to the earlier index). Used to spread
 * a refund or a discount across lots or order lines without losing or inventing a fen.
 *
 * @example
 * ```ts
 * import { allocateProportionally } from 'siyu/core';
 * allocateProportionally(100, [1, 1, 1]); // → [34, 33, 33]
 * allocateProportionally(1000, [500, 300, 0]); // → [625, 375, 0]
 * ```
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'total');
  weights.forEach((w, i) => {
    if (!Number.isSafeInteger(w) || w < 0) throw SiyuError.at(['weights', i], `must be a non-negative safe integer, received ${w}`, 'invalid_amount');
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(sum)) throw SiyuError.at(['weights'], 'sum exceeds the safe integer range', 'invalid_amount');
  if (sum === 0) {
    if (total === 0) return weights.map(() => 0);
    throw SiyuError.at(['weights'], 'cannot allocate a non-zero total across zero weights', 'invalid_amount');
  }
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const parts = weights.map((w) => multiplyRatio(abs, w, sum, 'floor'));
  let left = abs - parts.reduce((a, b) => a + b, 0);
  const remainders = weights.map((w, i) => ({ i, rem: Number((BigInt(abs) * BigInt(w)) % BigInt(sum)) }));
  remainders.sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    left--;
  }
  return parts.map((p) => p * sign + 0);
}

/**
 * Formats minor units as a price, e.g. `¥129.99`. For display only; never parse it back.
 *
 * @example
 * ```ts
 * import { formatMinorUnits } from 'siyu/core';
 * formatMinorUnits(12_999); // → '¥129.99'
 * formatMinorUnits(-300, { symbol: '' }); // → '-3.00'
 * ```
 */
export function formatMinorUnits(amount: number, options: { symbol?: string; digits?: number } = {}): string {
  assertSafeInteger(amount, 'amount');
  const symbol = options.symbol ?? '¥';
  const digits = options.digits ?? 2;
  const scale = 10 ** digits;
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / scale);
  const frac = abs % scale;
  const body = digits > 0 ? `${whole}.${String(frac).padStart(digits, '0')}` : `${whole}`;
  return `${amount < 0 ? '-' : ''}${symbol}${body}`;
}
