/**
 * The Gaussian hypergeometric function ₂F₁(a, b; c; z), summed as a power series with a
 * documented stopping rule. BG/NBD's conditional expectations are built on it.
 *
 * @module
 */
import { SiyuError } from '../../core/index.js';

/** The result of {@link computeHypergeometric2F1}: the value and how the series ended. */
export interface Hypergeometric2F1Result {
  /** The value of ₂F₁(a, b; c; z) (the partial sum when `converged` is false). */
  readonly value: number;
  /** How many terms were summed. */
  readonly terms: number;
  /** Whether the stopping rule was met (false: `maxTerms` was reached first). */
  readonly converged: boolean;
}

/** Relative accuracy the series stops at: a few units in the last place of a double. */
const SERIES_TOLERANCE = 1e-15;
/** Default bound on the number of terms. */
const DEFAULT_MAX_TERMS = 1_000_000;

/**
 * Sums t₀ + t₁ + … where t_{n+1} = t_n · ratio(n) and the ratios tend to `limit` (|limit| < 1).
 * From term `settledFrom` on (where every Pochhammer factor is positive, so the ratios have
 * settled toward their limit), stops after term n when the geometric tail bound
 * |t_{n+1}| / (1 − q), q = max(|ratio(n + 1)|, |limit|) < 1, is at most
 * {@link SERIES_TOLERANCE} × |sum|; stops at once when a term is exactly 0 (a terminating series).
 */
function sumRatioSeries(
  first: number,
  ratio: (n: number) => number,
  limit: number,
  settledFrom: number,
  maxTerms: number,
): Hypergeometric2F1Result {
  let term = first;
  let sum = first;
  let next = ratio(0);
  let n = 0;
  while (n + 1 < maxTerms) {
    if (term === 0) return { value: sum, terms: n + 1, converged: true };
    term *= next;
    sum += term;
    n++;
    next = ratio(n);
    const q = Math.max(Math.abs(next), Math.abs(limit));
    if (n >= settledFrom && q < 1 && Math.abs(term * next) <= SERIES_TOLERANCE * Math.abs(sum) * (1 - q)) {
      return { value: sum, terms: n + 1, converged: true };
    }
  }
  return { value: sum, terms: n + 1, converged: term === 0 };
}

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/**
 * The Gaussian hypergeometric function ₂F₁(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / (c)ₙ · zⁿ / n!, for real
 * parameters and real z < 1.
 *
 * Method and convergence: for −½ ≤ z < 1 the power series is summed directly, each term from the
 * previous one by tₙ₊₁ = tₙ · (a + n)(b + n) z / ((c + n)(n + 1)). The ratio of successive terms
 * tends to z, so after term n the rest of the series is bounded by the geometric tail
 * |tₙ₊₁| / (1 − q), q = max(|tₙ₊₂ / tₙ₊₁|, |z|), once the ratios have settled toward z (from the
 * first n at which a + n, b + n and c + n are all positive); the sum stops when that bound falls below 1e-15 × |sum| (relative accuracy near machine precision), or when a
 * term is exactly 0 (a or b a non-positive integer: a polynomial). For z < −½ the Pfaff
 * transformation ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)) maps z into
 * (⅓, 1) so the series converges geometrically. The number of terms grows like
 * ln(1e-15) / ln|z| as z → 1 (≈ 35,000 at z = 0.999); the sum is bounded by `maxTerms` and
 * `converged: false` reports when the bound was hit.
 *
 * Throws a `SiyuError` for z ≥ 1 (outside the series' domain), c a non-positive integer (undefined)
 * or non-finite arguments.
 *
 * @param a - first numerator parameter
 * @param b - second numerator parameter
 * @param c - denominator parameter (not 0, −1, −2, …)
 * @param z - argument, z < 1
 * @param maxTerms - bound on the number of terms summed (default 1,000,000)
 *
 * @example
 * ```ts
 * import { computeHypergeometric2F1 } from 'siyu/segments';
 * // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z
 * const { value, converged } = computeHypergeometric2F1(1, 1, 2, 0.5);
 * Math.abs(value - 2 * Math.log(2)) < 1e-14; // → true
 * converged; // → true
 * computeHypergeometric2F1(1, 1, 2, 1); // throws: siyu: z: must be below 1
 * ```
 */
export function computeHypergeometric2F1(a: number, b: number, c: number, z: number, maxTerms: number = DEFAULT_MAX_TERMS): Hypergeometric2F1Result {
  const args: [string, number][] = [
    ['a', a],
    ['b', b],
    ['c', c],
    ['z', z],
  ];
  for (const [name, value] of args) if (!Number.isFinite(value)) throw SiyuError.at([name], `must be a finite number, received ${value}`);
  if (isNonPositiveInteger(c)) throw SiyuError.at(['c'], `must not be 0 or a negative integer, received ${c}`);
  if (z >= 1) throw SiyuError.at(['z'], `must be below 1 (the series diverges), received ${z}`);
  if (!Number.isSafeInteger(maxTerms) || maxTerms < 1) throw SiyuError.at(['maxTerms'], `must be a positive integer, received ${maxTerms}`);
  if (z < -0.5) {
    const w = z / (z - 1);
    const inner = seriesOf(a, c - b, c, w, maxTerms);
    return { ...inner, value: Math.pow(1 - z, -a) * inner.value };
  }
  return seriesOf(a, b, c, z, maxTerms);
}

function seriesOf(a: number, b: number, c: number, z: number, maxTerms: number): Hypergeometric2F1Result {
  const settledFrom = Math.ceil(Math.max(0, -a, -b, -c)) + 1;
  return sumRatioSeries(1, (n) => ((a + n) * (b + n) * z) / ((c + n) * (n + 1)), z, settledFrom, maxTerms);
}
