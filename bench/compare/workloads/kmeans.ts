/**
 * k-means, siyu versus `ml-kmeans` (7.0.1): 10⁶ users × 4 RFM-like features (days since the last
 * order, orders, spend in fen, tenure in days), k = 5, drawn from five seeded personas.
 *
 * Both implementations do the same job bit for bit, so their results are identical:
 * - standardisation as siyu's default (feature minus its mean, divided by its population
 *   standard deviation, in the same floating-point order); for `ml-kmeans` the workload
 *   standardises the rows itself, inside the timing, as a user of it would have to;
 * - the same initial centres (five seeded data points; `initialization` for `ml-kmeans`,
 *   `initialCentroids` for siyu), so no k-means++ draw differs;
 * - a fixed iteration budget with tolerance 0 (stop early only when no centre moves at all;
 *   `ml-kmeans` compares the squared shift with its tolerance, siyu the shift, both 0 here);
 * - final labels are each point's nearest final centre: siyu always does this last pass,
 *   `ml-kmeans` only needs it (`result.nearest`) when it stopped on the budget.
 * Centroids are mapped back to original units (`c × std + mean`) on both sides. The canonical
 * result is the iteration count, the convergence flag, per-cluster sizes, an FNV-1a digest of
 * the labels and the exact centroids.
 *
 * Sizes: `1e6` and `1e7` both run the 10⁶ points (one `ml-kmeans` run is 2–4 s here);
 * `tiny` (the smoke test) runs 2,000 points through siyu alone.
 */
import { createRandom } from '../../../src/core/index.js';
import { clusterKMeans, type KMeansOptions, type KMeansResult } from '../../../src/segments/index.js';
import { importOptional, type Implementation, type Workload, type WorkloadFactory } from '../workload.js';

/** The part of `ml-kmeans` this workload uses. */
interface MlKMeansModule {
  kmeans(
    data: number[][],
    k: number,
    options: { initialization: number[][]; maxIterations: number; tolerance: number },
  ): { clusters: number[]; centroids: number[][]; converged: boolean; iterations: number; nearest(data: number[][]): number[] };
}

/** What both implementations return, before canonicalisation. */
interface KMeansRun {
  readonly labels: readonly number[];
  readonly centroids: readonly (readonly number[])[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** Clusters. */
const K = 5;
/** Lloyd iterations of every run (tolerance 0: only an exact fixed point stops earlier). */
const ITERATIONS = 20;

/** Standard normal draw (Box–Muller, one value per pair of uniforms). */
function normal(rng: ReturnType<typeof createRandom>): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/**
 * `n` seeded RFM-like rows: [days since last order, orders, spend in fen, tenure in days], from
 * five personas (new, regular, loyal big spender, lapsing, churned) with log-normal noise.
 */
export function generateRfmPoints(seed: number, n: number): number[][] {
  const rng = createRandom(seed);
  // [weight, recency, orders, spend fen, tenure]: medians of each persona.
  const personas = [
    [0.3, 5, 1, 8_000, 12],
    [0.3, 20, 4, 40_000, 200],
    [0.1, 8, 15, 300_000, 600],
    [0.2, 70, 3, 25_000, 300],
    [0.1, 200, 2, 12_000, 500],
  ] as const;
  const out: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const u = rng.nextFloat();
    let p = 0;
    let cum = personas[0][0] as number;
    while (u >= cum && p < personas.length - 1) cum += (personas[++p] as (typeof personas)[number])[0];
    const [, r, f, m, t] = personas[p] as (typeof personas)[number];
    out[i] = [
      Math.max(0, Math.round(r * Math.exp(0.5 * normal(rng)))),
      Math.max(1, Math.round(f * Math.exp(0.4 * normal(rng)))),
      Math.max(100, Math.round(m * Math.exp(0.6 * normal(rng)))),
      Math.max(0, Math.round(t * Math.exp(0.3 * normal(rng)))),
    ];
  }
  return out;
}

/** `k` distinct-index seeded rows of `points`, as initial centres. */
function pickCentres(points: readonly (readonly number[])[], k: number, seed: number): number[][] {
  const rng = createRandom(seed);
  const used = new Set<number>();
  const out: number[][] = [];
  while (out.length < k) {
    const i = rng.nextInt(points.length);
    if (used.has(i)) continue;
    used.add(i);
    out.push([...(points[i] as readonly number[])]);
  }
  return out;
}

/**
 * siyu's standardisation, in the same floating-point order, for `ml-kmeans`'s input: written as
 * plain loops into preallocated rows, as a careful user of `ml-kmeans` would.
 */
export function standardiseRows(
  points: readonly (readonly number[])[],
  centres: readonly (readonly number[])[],
): { rows: number[][]; init: number[][]; mean: number[]; std: number[] } {
  const n = points.length;
  const d = (points[0] as readonly number[]).length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(1);
  for (let i = 0; i < n; i++) {
    const p = points[i] as readonly number[];
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (p[j] as number) / n;
  }
  const ss = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    const p = points[i] as readonly number[];
    for (let j = 0; j < d; j++) ss[j] = (ss[j] as number) + ((p[j] as number) - (mean[j] as number)) ** 2;
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt((ss[j] as number) / n);
    std[j] = s > 0 ? s : 1;
  }
  const scale = (from: readonly (readonly number[])[]): number[][] => {
    const out = new Array<number[]>(from.length);
    for (let i = 0; i < from.length; i++) {
      const p = from[i] as readonly number[];
      const row = new Array<number>(d);
      for (let j = 0; j < d; j++) row[j] = ((p[j] as number) - (mean[j] as number)) / (std[j] as number);
      out[i] = row;
    }
    return out;
  };
  return { rows: scale(points), init: scale(centres), mean, std };
}

function canonicalRun(run: KMeansRun): unknown {
  let h = 0x811c9dc5;
  const sizes = new Array<number>(K).fill(0);
  for (const l of run.labels) {
    h ^= l;
    h = Math.imul(h, 0x01000193);
    sizes[l] = (sizes[l] as number) + 1;
  }
  return { iterations: run.iterations, converged: run.converged, sizes, labelDigest: h >>> 0, centroids: run.centroids };
}

/** The workload's input: `n` seeded points, five seeded initial centres and siyu's options. */
export function createKMeansInput(n: number): { points: number[][]; centres: number[][]; options: KMeansOptions } {
  const points = generateRfmPoints(2026, n);
  const centres = pickCentres(points, K, 9);
  return { points, centres, options: { k: K, seed: 1, initialCentroids: centres, maxIterations: ITERATIONS, tolerance: 0 } };
}

/** The k-means workload: siyu, and `ml-kmeans` when installed (not at the `tiny` size). */
export const createWorkloads: WorkloadFactory = async (context) => {
  const n = context.size === 'tiny' ? 2_000 : 1_000_000;
  const { points, centres, options } = createKMeansInput(n);

  const implementations: Implementation[] = [
    {
      name: 'siyu',
      run: () => clusterKMeans(points, options),
      canonical: (result) => {
        const r = result as KMeansResult;
        return canonicalRun({ labels: r.assignments, centroids: r.centroids, iterations: r.iterations, converged: r.converged });
      },
    },
  ];
  // The smoke test (`tiny`) runs siyu alone: at 2,000 points the comparison says nothing.
  const ml = context.withComparisons && context.size !== 'tiny' ? await importOptional<MlKMeansModule>('ml-kmeans') : null;
  if (ml !== null) {
    implementations.unshift({
      name: 'ml-kmeans',
      run: (): KMeansRun => {
        const { rows, init, mean, std } = standardiseRows(points, centres);
        const result = ml.kmeans(rows, K, { initialization: init, maxIterations: ITERATIONS, tolerance: 0 });
        const labels = result.converged ? result.clusters : result.nearest(rows);
        const centroids = result.centroids.map((c) => c.map((v, j) => v * (std[j] as number) + (mean[j] as number)));
        return { labels, centroids, iterations: result.iterations, converged: result.converged };
      },
      canonical: (result) => canonicalRun(result as KMeansRun),
    });
  }
  const workload: Workload = {
    name: `k-means: ${n === 1_000_000 ? '10⁶' : n.toLocaleString('en')} × 4, k = ${K}`,
    items: n * ITERATIONS,
    unit: 'point-iterations',
    implementations,
    baseline: ml !== null ? 'ml-kmeans' : 'siyu',
    ...(ml !== null ? { ratioTargets: [{ subject: 'siyu', versus: 'ml-kmeans', max: 0.5 }] } : {}),
  };
  return [workload];
};
