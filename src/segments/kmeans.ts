/**
 * k-means clustering (算法类标签): k-means++ seeding from a required seed, z-score
 * standardisation of features by default, Lloyd iterations until no centroid moves farther
 * than `tolerance` or `maxIterations` is reached.
 *
 * - Standardisation: each feature minus its mean, divided by its population standard deviation
 *   (ddof 0, as scikit-learn's `StandardScaler`); a constant feature is only centred.
 *   Centroids are returned in original units; `inertia` is in the working (standardised) space.
 * - Seeding (k-means++, Arthur & Vassilvitskii 2007): the first centre is a uniformly drawn
 *   point, each next centre a point drawn with probability ∝ its squared distance to the
 *   nearest centre already chosen (uniform when every distance is 0). `initialCentroids`
 *   replaces seeding.
 * - Assignment ties go to the lowest cluster index.
 * - Empty clusters: a cluster left without points takes the point farthest from its own
 *   centroid (among clusters with more than one point; lowest index on ties) — this never
 *   increases inertia.
 * - `inertiaHistory[i]` is the inertia after iteration i's update; it never increases.
 *   Final labels are the nearest final centroid of each point.
 *
 * Implementation: points are copied once into a flat `Float64Array` (rows padded with zeros to
 * 4 numbers when there are fewer features, so one unrolled kernel serves 1–4 features), labels
 * and per-cluster counts and sums live in typed arrays, and every distance is a squared
 * distance. Each Lloyd iteration is one pass over the points that labels them, sums them per
 * cluster and yields the previous iteration's inertia. The pass skips measuring the other
 * centres for a point that provably keeps its centre (Hamerly's bounds: a lower bound on the
 * distance to every other centre, lowered by how far the centres moved, and half the distance
 * between centres), with a relative safety margin of 1e-9, far above the rounding error of the
 * distances; so the labels, centroids and inertias are bit for bit those of a full scan in the
 * same order.
 *
 * @module
 */
import { SiyuError, createRandom } from '../core/index.js';
import { parseKMeansOptions, type KMeansOptions } from './schema.js';

/** The outcome of {@link clusterKMeans}. */
export interface KMeansResult {
  /** Cluster index (0 … k−1) of each point, in input order. */
  readonly assignments: number[];
  /** Cluster centres in the points' original units. */
  readonly centroids: number[][];
  /** Sum of squared distances of points to their centroid, in the working space. */
  readonly inertia: number;
  /** Lloyd iterations run. */
  readonly iterations: number;
  /** Whether the centroids stopped moving (shift ≤ tolerance) before `maxIterations`. */
  readonly converged: boolean;
  /** Inertia after each iteration (non-increasing). */
  readonly inertiaHistory: number[];
  /** Feature means and standard deviations used for standardisation, when applied. */
  readonly scale?: { readonly mean: number[]; readonly std: number[] } | undefined;
}

/**
 * Validates `points` and copies them into one flat row-major array with `w` numbers per row:
 * `w = d` for more than 4 features; with 4 or fewer, rows are padded with zeros to `w = 4` so one
 * unrolled kernel serves them all (a zero coordinate adds exactly 0 to every distance and sum,
 * so the padding changes no result).
 */
function flattenPoints(points: unknown): { x: Float64Array; n: number; d: number; w: number } {
  if (!Array.isArray(points) || points.length === 0) throw SiyuError.at(['points'], 'must be a non-empty array of number arrays');
  const first: unknown = points[0];
  if (!Array.isArray(first) || first.length === 0) throw SiyuError.at(['points', 0], 'must be a non-empty array of numbers');
  const n = points.length;
  const d = first.length;
  const w = d < 4 ? 4 : d;
  const x = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    const p: unknown = points[i];
    if (!Array.isArray(p) || p.length !== d) throw SiyuError.at(['points', i], `must be an array of ${d} numbers (as points[0])`);
    const base = i * w;
    for (let j = 0; j < d; j++) {
      const v: unknown = p[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw SiyuError.at(['points', i, j], `must be a finite number, received ${String(v)}`);
      x[base + j] = v;
    }
  }
  return { x, n, d, w };
}

/** Squared Euclidean distance between row `ai` of `a` and row `bi` of `b` (offsets in numbers). */
function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = (a[ai + j] as number) - (b[bi + j] as number);
    s += t * t;
  }
  return s;
}

function seedPlusPlus(x: Float64Array, n: number, d: number, k: number, seed: number | string): Float64Array {
  const rng = createRandom(seed);
  const c = new Float64Array(k * d);
  const first = rng.nextInt(n);
  c.set(x.subarray(first * d, first * d + d), 0);
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++) best[i] = sqDist(x, i * d, c, 0, d);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += best[i] as number;
    let chosen: number;
    if (total === 0) chosen = rng.nextInt(n);
    else {
      const target = rng.nextFloat() * total;
      let cum = 0;
      chosen = -1;
      let lastPositive = 0;
      for (let i = 0; i < n; i++) {
        const w = best[i] as number;
        if (w > 0) lastPositive = i;
        cum += w;
        if (cum > target && w > 0) {
          chosen = i;
          break;
        }
      }
      if (chosen === -1) chosen = lastPositive; // floating-point shortfall at the end
    }
    c.set(x.subarray(chosen * d, chosen * d + d), j * d);
    for (let i = 0; i < n; i++) {
      const dist = sqDist(x, i * d, c, j * d, d);
      if (dist < (best[i] as number)) best[i] = dist;
    }
  }
  return c;
}

/**
 * Relative slack of the pruning bounds. A point's other centres are skipped only when the bound
 * clears its own centre's distance by this factor, far more than floating-point error in the
 * distances (about d × 1.1e-16), so a pruned point gets exactly the label a full scan gives.
 */
const SLACK = 1e-9;

/**
 * Pruning state (Hamerly 2010) carried between assignment passes, all in the working space.
 * Every bound is conservative: it never exceeds the distance it bounds.
 */
interface Pruning {
  /** Per point: a lower bound on its distance to every centre but its own. */
  readonly lower: Float64Array;
  /** Per centre: what a lower bound of a point of that centre loses when the centres move. */
  readonly decrement: Float64Array;
  /** Per centre: half the distance to the nearest other centre (a point nearer than this keeps it). */
  readonly half: Float64Array;
}

/** Fills `pruning.decrement` from the centres' last moves and `pruning.half` from the centres `c`. */
function preparePruning(pruning: Pruning, c: Float64Array, k: number, d: number, shifts: Float64Array): void {
  let max = 0;
  let maxAt = -1;
  let second = 0;
  for (let j = 0; j < k; j++) {
    const s = (shifts[j] as number) < Number.POSITIVE_INFINITY ? (shifts[j] as number) : Number.POSITIVE_INFINITY; // NaN → ∞
    if (s > max || maxAt === -1) {
      second = max;
      max = s;
      maxAt = j;
    } else if (s > second) second = s;
  }
  for (let j = 0; j < k; j++) pruning.decrement[j] = (j === maxAt ? second : max) * (1 + SLACK);
  for (let j = 0; j < k; j++) {
    let min = Number.POSITIVE_INFINITY;
    for (let o = 0; o < k; o++) {
      if (o === j) continue;
      const s = sqDist(c, j * d, c, o * d, d);
      min = s < min ? s : Number.isNaN(s) ? 0 : min;
    }
    pruning.half[j] = k === 1 ? Number.POSITIVE_INFINITY : min < Number.POSITIVE_INFINITY ? 0.5 * Math.sqrt(min) * (1 - SLACK) : 0;
  }
}

/**
 * The assignment pass over points `from` … `to − 1`: labels each point with its nearest centre
 * (ties to the lowest index), counts it and adds its coordinates to its cluster's sums. Carries
 * two running sums in `inertias`: [0] the inertia of the labels held on entry against `c` (the
 * previous iteration's inertia after its update, from a distance this pass computes anyway) and
 * [1] the sum of each point's squared distance to its nearest centre.
 *
 * A point whose own centre is nearer than its lower bound (or than half the distance from its
 * centre to the next) keeps its label without measuring the other centres; otherwise all `k`
 * are measured and the bound is reset from the second nearest.
 */
function assignPoints(
  x: Float64Array,
  from: number,
  to: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  counts: Float64Array,
  sums: Float64Array,
  inertias: Float64Array,
  lower: Float64Array,
  decrement: Float64Array,
  half: Float64Array,
): void {
  let previous = inertias[0] as number;
  let nearest = inertias[1] as number;
  for (let i = from; i < to; i++) {
    const base = i * d;
    const old = labels[i] as number;
    const ob = old * d;
    let own = 0;
    for (let t = 0; t < d; t++) {
      const u = (x[base + t] as number) - (c[ob + t] as number);
      own += u * u;
    }
    previous += own;
    const bound = ((lower[i] as number) - (decrement[old] as number)) * (1 - SLACK);
    const h = half[old] as number;
    let best = old;
    let bestD = own;
    if (Math.sqrt(own) * (1 + SLACK) < (bound > h ? bound : h)) lower[i] = bound;
    else {
      best = 0;
      bestD = Number.POSITIVE_INFINITY;
      let second = Number.POSITIVE_INFINITY;
      for (let j = 0, cb = 0; j < k; j++, cb += d) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const u = (x[base + t] as number) - (c[cb + t] as number);
          s += u * u;
        }
        if (s < bestD) {
          second = bestD;
          bestD = s;
          best = j;
        } else if (s < second) second = s;
      }
      lower[i] = second < Number.POSITIVE_INFINITY ? Math.sqrt(second) * (1 - SLACK) : 0; // ∞ or NaN: no bound
    }
    labels[i] = best;
    nearest += bestD;
    counts[best] = (counts[best] as number) + 1;
    const sb = best * d;
    for (let t = 0; t < d; t++) sums[sb + t] = (sums[sb + t] as number) + (x[base + t] as number);
  }
  inertias[0] = previous;
  inertias[1] = nearest;
}

/**
 * {@link assignPoints} for rows of exactly 4 numbers (4 features, or fewer padded with zeros),
 * unrolled: the same operations in the same order, so the same bits.
 */
function assignPoints4(
  x: Float64Array,
  from: number,
  to: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  counts: Float64Array,
  sums: Float64Array,
  inertias: Float64Array,
  lower: Float64Array,
  decrement: Float64Array,
  half: Float64Array,
): void {
  let previous = inertias[0] as number;
  let nearest = inertias[1] as number;
  for (let i = from, base = from * 4; i < to; i++, base += 4) {
    const x0 = x[base] as number;
    const x1 = x[base + 1] as number;
    const x2 = x[base + 2] as number;
    const x3 = x[base + 3] as number;
    const old = labels[i] as number;
    const ob = old * 4;
    const u0 = x0 - (c[ob] as number);
    const u1 = x1 - (c[ob + 1] as number);
    const u2 = x2 - (c[ob + 2] as number);
    const u3 = x3 - (c[ob + 3] as number);
    let own = 0;
    own += u0 * u0;
    own += u1 * u1;
    own += u2 * u2;
    own += u3 * u3;
    previous += own;
    const bound = ((lower[i] as number) - (decrement[old] as number)) * (1 - SLACK);
    const h = half[old] as number;
    let best = old;
    let bestD = own;
    if (Math.sqrt(own) * (1 + SLACK) < (bound > h ? bound : h)) lower[i] = bound;
    else {
      best = 0;
      bestD = Number.POSITIVE_INFINITY;
      let second = Number.POSITIVE_INFINITY;
      for (let j = 0, cb = 0; j < k; j++, cb += 4) {
        const v0 = x0 - (c[cb] as number);
        const v1 = x1 - (c[cb + 1] as number);
        const v2 = x2 - (c[cb + 2] as number);
        const v3 = x3 - (c[cb + 3] as number);
        let s = 0;
        s += v0 * v0;
        s += v1 * v1;
        s += v2 * v2;
        s += v3 * v3;
        if (s < bestD) {
          second = bestD;
          bestD = s;
          best = j;
        } else if (s < second) second = s;
      }
      lower[i] = second < Number.POSITIVE_INFINITY ? Math.sqrt(second) * (1 - SLACK) : 0; // ∞ or NaN: no bound
    }
    labels[i] = best;
    nearest += bestD;
    counts[best] = (counts[best] as number) + 1;
    const sb = best * 4;
    sums[sb] = (sums[sb] as number) + x0;
    sums[sb + 1] = (sums[sb + 1] as number) + x1;
    sums[sb + 2] = (sums[sb + 2] as number) + x2;
    sums[sb + 3] = (sums[sb + 3] as number) + x3;
  }
  inertias[0] = previous;
  inertias[1] = nearest;
}

/** Points per call of an assignment kernel: short calls let the engine optimise the kernel as a whole. */
const CHUNK = 64;

/**
 * One full assignment pass, in point order, through the kernel for the row width; resets the
 * counts, sums and running inertias first.
 */
function assignAll(x: Float64Array, n: number, d: number, c: Float64Array, k: number, labels: Int32Array, counts: Float64Array, sums: Float64Array, inertias: Float64Array, pruning: Pruning): void {
  counts.fill(0);
  sums.fill(0);
  inertias.fill(0);
  const { lower, decrement, half } = pruning;
  for (let from = 0; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK);
    if (d === 4) assignPoints4(x, from, to, c, k, labels, counts, sums, inertias, lower, decrement, half);
    else assignPoints(x, from, to, d, c, k, labels, counts, sums, inertias, lower, decrement, half);
  }
}

/**
 * Refills clusters left empty: each takes the point farthest from its own centre among
 * clusters with more than one point (lowest index on ties), and a moved point loses its pruning
 * bound; then the per-cluster sums are rebuilt in point order. Such a point always exists: with
 * k ≤ n points, while a cluster is empty another holds two or more.
 */
function refillEmptyClusters(x: Float64Array, n: number, d: number, c: Float64Array, k: number, labels: Int32Array, counts: Float64Array, sums: Float64Array, lower: Float64Array): void {
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = sqDist(x, i * d, c, (labels[i] as number) * d, d);
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let far = 0;
    while ((counts[labels[far] as number] as number) < 2) far++;
    for (let i = far + 1; i < n; i++) {
      if ((counts[labels[i] as number] as number) > 1 && (dist[i] as number) > (dist[far] as number)) far = i;
    }
    counts[labels[far] as number] = (counts[labels[far] as number] as number) - 1;
    labels[far] = j;
    dist[far] = 0;
    lower[far] = 0;
    counts[j] = 1;
  }
  sums.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    const sb = (labels[i] as number) * d;
    for (let t = 0; t < d; t++) sums[sb + t] = (sums[sb + t] as number) + (x[base + t] as number);
  }
}

/** What {@link runLloyd} found, in the working space. */
interface LloydOutcome {
  readonly labels: Int32Array;
  readonly centres: Float64Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly inertiaHistory: number[];
}

/** Lloyd iterations over the flat working-space points `x` (n × d) from the centres `c` (k × d). */
function runLloyd(x: Float64Array, n: number, d: number, k: number, initial: Float64Array, maxIterations: number, tolerance: number): LloydOutcome {
  let c = initial;
  const labels = new Int32Array(n);
  const counts = new Float64Array(k);
  const sums = new Float64Array(k * d);
  const shifts = new Float64Array(k);
  const pruning: Pruning = { lower: new Float64Array(n), decrement: new Float64Array(k), half: new Float64Array(k) };
  const inertias = new Float64Array(2);
  const inertiaHistory: number[] = [];
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    preparePruning(pruning, c, k, d, shifts);
    assignAll(x, n, d, c, k, labels, counts, sums, inertias, pruning);
    if (iterations > 1) inertiaHistory.push(inertias[0] as number);
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) {
        refillEmptyClusters(x, n, d, c, k, labels, counts, sums, pruning.lower);
        break;
      }
    }
    const next = new Float64Array(k * d);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      const m = counts[j] as number;
      for (let t = 0; t < d; t++) next[j * d + t] = (sums[j * d + t] as number) / m; // m ≥ 1 after a refill
      shifts[j] = Math.sqrt(sqDist(next, j * d, c, j * d, d));
      shift = Math.max(shift, shifts[j] as number);
    }
    c = next;
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  // Final pass: the last iteration's inertia (its labels against the final centres), then each
  // point's nearest final centre and the final inertia.
  preparePruning(pruning, c, k, d, shifts);
  assignAll(x, n, d, c, k, labels, counts, sums, inertias, pruning);
  inertiaHistory.push(inertias[0] as number);
  return { labels, centres: c, inertia: inertias[1] as number, iterations, converged, inertiaHistory };
}

/**
 * Standardises the first `d` numbers of each row of `x` in place: per feature, in point order,
 * the mean as Σ(v / n), the population standard deviation (1 for a constant feature), then
 * (v − mean) / std. Writes the means and deviations into `mean` and `std`.
 */
function standardiseInPlace(x: Float64Array, n: number, d: number, w: number, mean: number[], std: number[]): void {
  const m = new Float64Array(w);
  const sd = new Float64Array(w);
  if (w === 4) moments4(x, n, m, sd);
  else {
    for (let base = 0; base < x.length; base += w) for (let j = 0; j < w; j++) m[j] = (m[j] as number) + (x[base + j] as number) / n;
    for (let base = 0; base < x.length; base += w) for (let j = 0; j < w; j++) sd[j] = (sd[j] as number) + ((x[base + j] as number) - (m[j] as number)) ** 2;
    for (let j = 0; j < w; j++) {
      const s = Math.sqrt((sd[j] as number) / n);
      sd[j] = s > 0 ? s : 1;
    }
  }
  // A zero padding column has mean 0 and deviation 1, so it stays 0.
  for (let base = 0; base < x.length; base += w) for (let j = 0; j < w; j++) x[base + j] = ((x[base + j] as number) - (m[j] as number)) / (sd[j] as number);
  for (let j = 0; j < d; j++) {
    mean[j] = m[j] as number;
    std[j] = sd[j] as number;
  }
}

/** The means and deviations of {@link standardiseInPlace} for rows of 4, in registers: the same operations in the same order. */
function moments4(x: Float64Array, n: number, m: Float64Array, sd: Float64Array): void {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  for (let b = 0; b < x.length; b += 4) {
    m0 += (x[b] as number) / n;
    m1 += (x[b + 1] as number) / n;
    m2 += (x[b + 2] as number) / n;
    m3 += (x[b + 3] as number) / n;
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let b = 0; b < x.length; b += 4) {
    s0 += ((x[b] as number) - m0) ** 2;
    s1 += ((x[b + 1] as number) - m1) ** 2;
    s2 += ((x[b + 2] as number) - m2) ** 2;
    s3 += ((x[b + 3] as number) - m3) ** 2;
  }
  m.set([m0, m1, m2, m3]);
  sd.set([s0, s1, s2, s3].map((s) => (Math.sqrt(s / n) > 0 ? Math.sqrt(s / n) : 1)));
}

/** A plain array copy of `labels`. */
function toNumbers(labels: Int32Array): number[] {
  const out = new Array<number>(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] as number;
  return out;
}

/**
 * Clusters points with k-means (k-means++ seeding, standardised features by default).
 * Deterministic: the same points, options and seed give the same result.
 *
 * @example
 * ```ts
 * import { clusterKMeans } from 'siyu/segments';
 * const result = clusterKMeans([[1, 1, 1], [1, 2, 1], [-1, -1, -1], [-1, -1, -1.5]], {
 *   k: 2,
 *   seed: 1,
 *   standardize: false,
 *   initialCentroids: [[1, 2, 1], [-1, -1, -1]],
 * });
 * result.assignments; // → [0, 0, 1, 1]
 * result.centroids; // → [[1, 1.5, 1], [-1, -1, -1.25]]
 * [result.iterations, result.converged]; // → [2, true]
 * clusterKMeans([[1], [2]], { k: 3, seed: 1 }); // throws: siyu: options.k: must be at most the number of points (2)
 * ```
 */
export function clusterKMeans(points: readonly (readonly number[])[], options: KMeansOptions | unknown): KMeansResult {
  const opts = parseKMeansOptions(options, ['options']);
  const { x, n, d, w } = flattenPoints(points);
  return fitKMeans(x, n, d, w, opts);
}

/**
 * k-means on validated points held flat in `x` (`n` rows of `w` numbers, the first `d` of them
 * features, the rest zero padding); `x` is standardised in place.
 */
function fitKMeans(x: Float64Array, n: number, d: number, w: number, opts: KMeansOptions): KMeansResult {
  const k = opts.k;
  if (k > n) throw SiyuError.at(['options', 'k'], `must be at most the number of points (${n})`);
  const standardize = opts.standardize ?? true;
  const maxIterations = opts.maxIterations ?? 300;
  const tolerance = opts.tolerance ?? 1e-4;

  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(1);
  if (standardize) standardiseInPlace(x, n, d, w, mean, std);

  let c: Float64Array;
  if (opts.initialCentroids !== undefined) {
    const init = opts.initialCentroids;
    if (init.length !== k) throw SiyuError.at(['options', 'initialCentroids'], `must have k = ${k} rows, has ${init.length}`);
    c = new Float64Array(k * w);
    for (let i = 0; i < k; i++) {
      const row = init[i] as readonly number[];
      if (row.length !== d) throw SiyuError.at(['options', 'initialCentroids', i], `must have ${d} numbers`);
      for (let j = 0; j < d; j++) c[i * w + j] = standardize ? ((row[j] as number) - (mean[j] as number)) / (std[j] as number) : (row[j] as number);
    }
  } else c = seedPlusPlus(x, n, w, k, opts.seed);

  const fit = runLloyd(x, n, w, k, c, maxIterations, tolerance);
  const assignments = toNumbers(fit.labels);
  const centroids: number[][] = [];
  for (let j = 0; j < k; j++) {
    const row: number[] = [];
    for (let t = 0; t < d; t++) {
      const v = fit.centres[j * w + t] as number;
      row.push(standardize ? v * (std[t] as number) + (mean[t] as number) : v);
    }
    centroids.push(row);
  }
  return {
    assignments,
    centroids,
    inertia: fit.inertia,
    iterations: fit.iterations,
    converged: fit.converged,
    inertiaHistory: fit.inertiaHistory,
    ...(standardize ? { scale: { mean, std } } : {}),
  };
}
