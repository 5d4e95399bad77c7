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

function checkPoints(points: unknown): { n: number; d: number } {
  if (!Array.isArray(points) || points.length === 0) throw SiyuError.at(['points'], 'must be a non-empty array of number arrays');
  const first: unknown = points[0];
  if (!Array.isArray(first) || first.length === 0) throw SiyuError.at(['points', 0], 'must be a non-empty array of numbers');
  const d = first.length;
  points.forEach((p: unknown, i) => {
    if (!Array.isArray(p) || p.length !== d) throw SiyuError.at(['points', i], `must be an array of ${d} numbers (as points[0])`);
    p.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw SiyuError.at(['points', i, j], `must be a finite number, received ${String(x)}`);
    });
  });
  return { n: points.length, d };
}

function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = (a[ai + j] as number) - (b[bi + j] as number);
    s += t * t;
  }
  return s;
}

function nearest(x: Float64Array, i: number, c: Float64Array, k: number, d: number): { index: number; dist: number } {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let j = 0; j < k; j++) {
    const dist = sqDist(x, i * d, c, j * d, d);
    if (dist < bestD) {
      bestD = dist;
      best = j;
    }
  }
  return { index: best, dist: bestD };
}

function seedPlusPlus(x: Float64Array, n: number, d: number, k: number, seed: number | string): Float64Array {
  const rng = createRandom(seed);
  const c = new Float64Array(k * d);
  const pick = (j: number, i: number): void => {
    for (let t = 0; t < d; t++) c[j * d + t] = x[i * d + t] as number;
  };
  pick(0, rng.nextInt(n));
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
    pick(j, chosen);
    for (let i = 0; i < n; i++) {
      const dist = sqDist(x, i * d, c, j * d, d);
      if (dist < (best[i] as number)) best[i] = dist;
    }
  }
  return c;
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
  const { n, d } = checkPoints(points);
  const k = opts.k;
  if (k > n) throw SiyuError.at(['options', 'k'], `must be at most the number of points (${n})`);
  const standardize = opts.standardize ?? true;
  const maxIterations = opts.maxIterations ?? 300;
  const tolerance = opts.tolerance ?? 1e-4;

  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(1);
  if (standardize) {
    for (const p of points) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (p[j] as number) / n;
    for (let j = 0; j < d; j++) {
      let ss = 0;
      for (const p of points) ss += ((p[j] as number) - (mean[j] as number)) ** 2;
      const s = Math.sqrt(ss / n);
      std[j] = s > 0 ? s : 1;
    }
  }
  const toWork = (v: number, j: number): number => (standardize ? (v - (mean[j] as number)) / (std[j] as number) : v);
  const x = new Float64Array(n * d);
  points.forEach((p, i) => p.forEach((v, j) => (x[i * d + j] = toWork(v, j))));

  let c: Float64Array;
  if (opts.initialCentroids !== undefined) {
    const init = opts.initialCentroids;
    if (init.length !== k) throw SiyuError.at(['options', 'initialCentroids'], `must have k = ${k} rows, has ${init.length}`);
    c = new Float64Array(k * d);
    init.forEach((row, i) => {
      if (row.length !== d) throw SiyuError.at(['options', 'initialCentroids', i], `must have ${d} numbers`);
      row.forEach((v, j) => (c[i * d + j] = toWork(v, j)));
    });
  } else c = seedPlusPlus(x, n, d, k, opts.seed);

  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  const counts = new Float64Array(k);
  const inertiaHistory: number[] = [];
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const near = nearest(x, i, c, k, d);
      labels[i] = near.index;
      dist[i] = near.dist;
      counts[near.index] = (counts[near.index] as number) + 1;
    }
    for (let j = 0; j < k; j++) {
      if (counts[j] !== 0) continue;
      let far = -1;
      for (let i = 0; i < n; i++) {
        if ((counts[labels[i] as number] as number) > 1 && (far === -1 || (dist[i] as number) > (dist[far] as number))) far = i;
      }
      if (far === -1) continue; // fewer points than clusters with points: cannot refill
      counts[labels[far] as number] = (counts[labels[far] as number] as number) - 1;
      labels[far] = j;
      dist[far] = 0;
      counts[j] = 1;
    }
    const next = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      const l = labels[i] as number;
      for (let t = 0; t < d; t++) next[l * d + t] = (next[l * d + t] as number) + (x[i * d + t] as number);
    }
    let shift = 0;
    for (let j = 0; j < k; j++) {
      const m = counts[j] as number;
      for (let t = 0; t < d; t++) next[j * d + t] = m === 0 ? (c[j * d + t] as number) : (next[j * d + t] as number) / m;
      shift = Math.max(shift, Math.sqrt(sqDist(next, j * d, c, j * d, d)));
    }
    c = next;
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += sqDist(x, i * d, c, (labels[i] as number) * d, d);
    inertiaHistory.push(inertia);
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  const assignments: number[] = new Array<number>(n);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const near = nearest(x, i, c, k, d);
    assignments[i] = near.index;
    inertia += near.dist;
  }
  const centroids = Array.from({ length: k }, (_, j) => Array.from({ length: d }, (_, t) => (standardize ? (c[j * d + t] as number) * (std[t] as number) + (mean[t] as number) : (c[j * d + t] as number))));
  return { assignments, centroids, inertia, iterations, converged, inertiaHistory, ...(standardize ? { scale: { mean, std } } : {}) };
}
