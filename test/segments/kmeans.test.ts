import { describe, expect, it } from 'vitest';
import { clusterKMeans } from 'siyu/segments';

const issuePoints = [[1, 1, 1], [1, 2, 1], [-1, -1, -1], [-1, -1, -1.5]];

describe('clusterKMeans', () => {
  it('reproduces the issue example from given centres, without standardisation', () => {
    const result = clusterKMeans(issuePoints, { k: 2, seed: 0, standardize: false, initialCentroids: [[1, 2, 1], [-1, -1, -1]] });
    expect(result.assignments).toEqual([0, 0, 1, 1]);
    expect(result.centroids).toEqual([[1, 1.5, 1], [-1, -1, -1.25]]);
    expect(result.iterations).toBe(2);
    expect(result.converged).toBe(true);
    expect(result.inertia).toBeCloseTo(0.625, 12);
    expect(result.inertiaHistory).toEqual([0.625, 0.625]);
    expect(result.scale).toBeUndefined();
  });

  it('finds the same two groups with k-means++ seeding and standardisation', () => {
    const result = clusterKMeans(issuePoints, { k: 2, seed: 42 });
    expect(result.assignments[0]).toBe(result.assignments[1]);
    expect(result.assignments[2]).toBe(result.assignments[3]);
    expect(result.assignments[0]).not.toBe(result.assignments[2]);
    const centre = result.centroids[result.assignments[0] as number] as number[];
    centre.forEach((v, i) => expect(v).toBeCloseTo([1, 1.5, 1][i] as number, 9));
    expect(result.scale?.mean).toEqual([0, 0.25, -0.125]);
  });

  it('standardises so a large-unit feature does not dominate', () => {
    // Feature 0 is spend in fen (large), feature 1 is a 0/1 flag that really separates the groups.
    const points = [[10_000, 0], [10_500, 0], [9_800, 0], [10_100, 1], [10_400, 1], [9_900, 1]];
    const scaled = clusterKMeans(points, { k: 2, seed: 7 });
    expect(new Set(scaled.assignments.slice(0, 3)).size).toBe(1);
    expect(new Set(scaled.assignments.slice(3)).size).toBe(1);
    expect(scaled.assignments[0]).not.toBe(scaled.assignments[3]);
  });

  it('is deterministic for a seed and handles constant features and duplicate points', () => {
    const points = Array.from({ length: 30 }, (_, i) => [i % 5, 3, Math.floor(i / 10)]);
    expect(clusterKMeans(points, { k: 4, seed: 'x' })).toEqual(clusterKMeans(points, { k: 4, seed: 'x' }));
    const same = clusterKMeans([[1, 1], [1, 1], [1, 1]], { k: 2, seed: 3 });
    expect(same.inertia).toBe(0);
    expect(same.converged).toBe(true);
  });

  it('refills an empty cluster with the farthest point', () => {
    // Both initial centres are near the left points; the far-right centre attracts nothing.
    const result = clusterKMeans([[0], [1], [10], [11]], { k: 3, seed: 1, standardize: false, initialCentroids: [[0], [1], [100]] });
    expect(new Set(result.assignments).size).toBe(3);
    expect(result.converged).toBe(true);
  });

  it('stops at maxIterations and reports not converged', () => {
    const points = Array.from({ length: 50 }, (_, i) => [Math.sin(i) * 10, Math.cos(i * 1.7) * 10]);
    const result = clusterKMeans(points, { k: 5, seed: 9, maxIterations: 1, tolerance: 0 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
    expect(result.inertia).toBeLessThanOrEqual(result.inertiaHistory[0] as number);
  });

  it('refuses bad input with a path', () => {
    expect(() => clusterKMeans([], { k: 1, seed: 1 })).toThrow('siyu: points: must be a non-empty array');
    expect(() => clusterKMeans([[]], { k: 1, seed: 1 })).toThrow('siyu: points[0]: must be a non-empty array of numbers');
    expect(() => clusterKMeans([[1, 2], [1]], { k: 1, seed: 1 })).toThrow('siyu: points[1]: must be an array of 2 numbers');
    expect(() => clusterKMeans([[1, 2], [1, Number.NaN]], { k: 1, seed: 1 })).toThrow('siyu: points[1][1]: must be a finite number');
    expect(() => clusterKMeans([[1]], { k: 2, seed: 1 })).toThrow('siyu: options.k: must be at most the number of points (1)');
    expect(() => clusterKMeans([[1], [2]], { k: 2 })).toThrow('siyu: options.seed');
    expect(() => clusterKMeans([[1], [2]], { k: 2, seed: 1, initialCentroids: [[1]] })).toThrow('siyu: options.initialCentroids: must have k = 2 rows');
    expect(() => clusterKMeans([[1], [2]], { k: 1, seed: 1, initialCentroids: [[1, 2]] })).toThrow('siyu: options.initialCentroids[0]: must have 1 numbers');
    expect(() => clusterKMeans([[1], [2]], { k: 1, seed: 1.5 })).toThrow('siyu: options.seed');
  });
});
