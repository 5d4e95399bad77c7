import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterKMeans } from 'siyu/segments';

const pointsArb = fc
  .integer({ min: 1, max: 3 })
  .chain((d) => fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: d, maxLength: d }), { minLength: 2, maxLength: 40 }));

describe('k-means properties', () => {
  it('same seed, same output; inertia never increases; every label is a valid cluster', () => {
    fc.assert(
      fc.property(pointsArb, fc.integer({ min: 1, max: 5 }), fc.integer(), fc.boolean(), (points, kRaw, seed, standardize) => {
        const k = Math.min(kRaw, points.length);
        const a = clusterKMeans(points, { k, seed, standardize });
        expect(clusterKMeans(points, { k, seed, standardize })).toEqual(a);
        for (let i = 1; i < a.inertiaHistory.length; i++) expect(a.inertiaHistory[i]).toBeLessThanOrEqual((a.inertiaHistory[i - 1] as number) * (1 + 1e-12) + 1e-9);
        expect(a.inertia).toBeLessThanOrEqual((a.inertiaHistory.at(-1) as number) * (1 + 1e-12) + 1e-9);
        expect(a.assignments.every((l) => Number.isInteger(l) && l >= 0 && l < k)).toBe(true);
        expect(a.centroids).toHaveLength(k);
      }),
      { numRuns: 150 },
    );
  });
});
