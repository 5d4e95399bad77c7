/**
 * Quantile cut points and bins, the one binning rule behind RFM quintiles and quantile metrics.
 *
 * - Cut points are **type-7** quantiles (R's default, numpy's `linear`), computed by core's
 *   `computeQuantiles`: for sorted values `x[0..n-1]` and probability `p`, `h = (n − 1)·p` and
 *   `q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
 * - Bins are **upper-inclusive**: bin 1 is `(−∞, c1]`, bin i is `(c(i−1), c(i)]`, the last bin is
 *   `(c(last), ∞)`. A value equal to a cut point falls in the lower bin (as pandas `qcut` and R
 *   `rfm`). Equivalently, bin = 1 + the number of cut points strictly below the value, so equal
 *   values always share a bin whatever the input order, and the bin never decreases as the
 *   value grows. When cut points coincide (many ties) some bins stay empty rather than
 *   splitting equal values.
 *
 * @module
 */
import { SiyuError, computeQuantiles } from '../core/index.js';

/**
 * Type-7 quantiles of `values` at each probability in `probabilities` (each in [0, 1]): the
 * segment cut points, as core's `computeQuantiles`. `NaN` values are ignored; with no values
 * the result is all `NaN`.
 *
 * @example
 * ```ts
 * import { computeSegmentCutPoints } from 'siyu/segments';
 * computeSegmentCutPoints([1, 2, 3, 4, 5, 6], [0.2, 0.4, 0.6, 0.8]); // → [2, 3, 4, 5]
 * computeSegmentCutPoints([10, 20], [0.5]); // → [15]
 * ```
 */
export function computeSegmentCutPoints(values: ArrayLike<number>, probabilities: readonly number[]): number[] {
  return computeQuantiles(values, probabilities);
}

/**
 * The probabilities that split a population into `bins` equal bins: 1/bins, …, (bins−1)/bins.
 *
 * @example
 * ```ts
 * import { segmentQuantileProbabilities } from 'siyu/segments';
 * segmentQuantileProbabilities(5); // → [0.2, 0.4, 0.6, 0.8]
 * segmentQuantileProbabilities(1); // throws: siyu: bins: must be an integer >= 2
 * ```
 */
export function segmentQuantileProbabilities(bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 2) throw SiyuError.at(['bins'], `must be an integer >= 2, received ${bins}`);
  return Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins);
}

/**
 * The bin (1 … cutPoints.length + 1) of `value` under upper-inclusive bins: 1 + the number of
 * cut points strictly below the value. `NaN` gives `NaN`.
 *
 * @example
 * ```ts
 * import { binByCutPoints } from 'siyu/segments';
 * binByCutPoints(3, [2, 3, 4, 5]); // → 2
 * binByCutPoints(3.5, [2, 3, 4, 5]); // → 3
 * binByCutPoints(9, [2, 3, 4, 5]); // → 5
 * ```
 */
export function binByCutPoints(value: number, cutPoints: readonly number[]): number {
  if (Number.isNaN(value)) return Number.NaN;
  let bin = 1;
  for (const c of cutPoints) if (value > c) bin++;
  return bin;
}
