/**
 * Quantiles of a list of numbers, the one rule behind RFM quintile cut points, quantile metrics
 * and funnel medians: **type-7** quantiles (R's default, numpy's `linear`). For sorted values
 * `x[0..n-1]` and probability `p`, `h = (n − 1)·p` and
 * `q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`; the median (p = 0.5) of an even count is the
 * mean of the two middle values. Computed from one scan in linear time for the common inputs
 * (counting sort of narrow integers, or selection of just the order statistics needed).
 *
 * @module
 */
import { SiyuError } from './error.js';

/**
 * Type-7 quantiles of `values` at each probability in `probabilities` (each in [0, 1]).
 * `NaN` values are ignored; with no values the result is all `NaN`. `values` is not modified.
 *
 * @example
 * ```ts
 * import { computeQuantiles } from 'siyu/core';
 * computeQuantiles([1, 2, 3, 4, 5, 6], [0.2, 0.4, 0.6, 0.8]); // → [2, 3, 4, 5]
 * computeQuantiles([30, 10, 20, 40], [0.5]); // → [25]
 * computeQuantiles([], [0.5]); // → [NaN]
 * computeQuantiles([1, 2], [1.5]); // throws: siyu: probabilities[0]: must be in [0, 1]
 * ```
 */
export function computeQuantiles(values: ArrayLike<number>, probabilities: readonly number[]): number[] {
  probabilities.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw SiyuError.at(['probabilities', i], `must be in [0, 1], received ${p}`);
  });
  const sorted = orderedFinite(values, probabilities);
  return probabilities.map((p) => quantileOfSorted(sorted, p));
}

/** Below this many values a full sort is as quick as selecting. */
const SELECT_MIN = 64;

/**
 * The non-NaN values with every position a type-7 quantile at `probabilities` reads holding the
 * value an ascending sort would put there, from one scan of the input: integers within a range
 * no wider than about twice their count (day counts, purchase counts, scores) are
 * counting-sorted in linear time; many other values have just the needed order statistics
 * selected (quickselect, linear time); the rest — few values, or data holding `-0`, which a sort
 * orders before +0 and selection would not — take the typed-array sort.
 */
function orderedFinite(values: ArrayLike<number>, probabilities: readonly number[]): Float64Array {
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  let negativeZero = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && !Number.isSafeInteger(v)) integers = false;
    if (v === 0 && 1 / v < 0) negativeZero = true;
  }
  const out = new Float64Array(n);
  if (n > 0 && integers && max - min <= 2 * n + 1024) {
    const counts = new Uint32Array(max - min + 1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v === v) counts[v - min] = (counts[v - min] as number) + 1;
    }
    let j = 0;
    for (let k = 0; k < counts.length; k++) {
      const v = k + min;
      for (let c = counts[k] as number; c > 0; c--) out[j++] = v;
    }
    return out;
  }
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === v) out[j++] = v;
  }
  if (n < SELECT_MIN || negativeZero) return out.sort();
  const wanted = new Set<number>();
  for (const p of probabilities) {
    const lo = Math.floor((n - 1) * p);
    wanted.add(lo);
    if (lo + 1 < n) wanted.add(lo + 1);
  }
  selectMany(out, 0, n - 1, [...wanted].sort((x, y) => x - y), 0, wanted.size - 1);
  return out;
}

/** Puts the order statistics `ks[from..to]` (ascending) of `a[left..right]` in place. */
function selectMany(a: Float64Array, left: number, right: number, ks: readonly number[], from: number, to: number): void {
  if (from > to || left >= right) return;
  const mid = (from + to) >> 1;
  const k = ks[mid] as number;
  selectInPlace(a, left, right, k);
  selectMany(a, left, k - 1, ks, from, mid - 1);
  selectMany(a, k + 1, right, ks, mid + 1, to);
}

/**
 * Hoare quickselect with a median-of-three pivot: afterwards `a[k]` is the value a sort of
 * `a[left..right]` puts at k, everything before it is ≤ and everything after ≥. Falls back to
 * sorting the range after 64 rounds (no quadratic worst case).
 */
function selectInPlace(a: Float64Array, left: number, right: number, k: number): void {
  for (let round = 0; right > left; round++) {
    if (round === 64) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const x = a[left] as number;
    const y = a[(left + right) >>> 1] as number;
    const z = a[right] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** Type-7 quantile of an ascending array; `NaN` when empty. */
function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  const q = a + (h - lo) * (b - a);
  // Guard against rounding past the neighbours (a + t·(b − a) can overshoot by an ulp).
  return q < a ? a : q > b ? b : q;
}
