/**
 * The pruned, flat-array k-means gives exactly (bit for bit) what the straightforward Lloyd loop
 * it replaced gave. `referenceKMeans` below is that earlier implementation, kept verbatim as the
 * oracle: full scan of every centre for every point, a separate inertia pass per iteration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiyuError, createRandom } from 'siyu/core';
import { clusterKMeans, parseKMeansOptions, type KMeansOptions, type KMeansResult } from 'siyu/segments';

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

function referenceKMeans(points: readonly (readonly number[])[], options: KMeansOptions | unknown): KMeansResult {
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

/** Points of 1–6 features: small integers (ties, duplicates, empty clusters) or spread-out clusters. */
const pointsArb = fc.integer({ min: 1, max: 6 }).chain((d) =>
  fc.oneof(
    fc.array(fc.array(fc.integer({ min: -6, max: 6 }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 40 }),
    fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 40 }),
    fc
      .tuple(fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 50, max: 300 }), fc.integer())
      .map(([centres, n, seed]) => {
        const rng = createRandom(seed);
        return Array.from({ length: n }, () => {
          const centre = centres[rng.nextInt(centres.length)] as number[];
          return centre.map((v) => v + (rng.nextFloat() - 0.5) * 8);
        });
      }),
  ),
);

const optionsArb = (points: number[][]) =>
  fc.record({
    k: fc.integer({ min: 1, max: Math.min(7, points.length) }),
    seed: fc.oneof(fc.integer(), fc.string()),
    standardize: fc.boolean(),
    maxIterations: fc.integer({ min: 1, max: 40 }),
    tolerance: fc.constantFrom(0, 1e-9, 1e-4, 0.5),
    fromPoints: fc.boolean(),
    picks: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
  });

describe('k-means equals the reference implementation', () => {
  it('gives identical results (labels, centroids, inertia, history, scale) on random inputs', () => {
    fc.assert(
      fc.property(
        pointsArb.chain((points) => fc.tuple(fc.constant(points), optionsArb(points))),
        ([points, o]) => {
          const options: KMeansOptions = {
            k: o.k,
            seed: o.seed,
            standardize: o.standardize,
            maxIterations: o.maxIterations,
            tolerance: o.tolerance,
            ...(o.fromPoints ? { initialCentroids: o.picks.slice(0, o.k).map((p) => [...(points[p % points.length] as number[])]) } : {}),
          };
          expect(clusterKMeans(points, options)).toEqual(referenceKMeans(points, options));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees on clustered data where most points keep their cluster (pruned passes) and on empty clusters', () => {
    const rng = createRandom(5);
    for (const d of [2, 4, 7]) {
      const centres = Array.from({ length: 4 }, () => Array.from({ length: d }, () => rng.nextFloat() * 200));
      const points = Array.from({ length: 3000 }, () => (centres[rng.nextInt(4)] as number[]).map((v) => v + rng.nextFloat() * 30));
      for (const options of [
        { k: 6, seed: d, maxIterations: 100 },
        { k: 3, seed: 'x', standardize: false, tolerance: 0 },
        // A far-away centre attracts nothing: the empty cluster is refilled every iteration.
        { k: 3, seed: 1, standardize: false, initialCentroids: [points[0] as number[], points[1] as number[], (points[0] as number[]).map((v) => v + 1e6)] },
      ]) {
        const result = clusterKMeans(points, options);
        expect(result).toEqual(referenceKMeans(points, options));
      }
    }
  });

  it('agrees when coordinates are huge (distances and sums overflow to Infinity, centres to NaN)', () => {
    const narrow = [[1e200, 0], [-1e200, 1], [1e200, 2], [0, 3], [5e199, 4], [1.7e308, 5], [1.6e308, 6], [1.5e308, 7], [-1.7e308, 8]];
    const wide = narrow.map((p) => [...p, 1, 2, 3]);
    for (const points of [narrow, wide]) {
      for (const standardize of [false, true]) {
        for (const k of [2, 3]) {
          const options = { k, seed: 3, standardize, maxIterations: 5 };
          expect(clusterKMeans(points, options)).toEqual(referenceKMeans(points, options));
        }
      }
    }
  });
});
