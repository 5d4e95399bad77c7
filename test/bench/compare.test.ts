/**
 * Smoke test of the comparison benchmarks (`npm run bench`): every workload still builds on a
 * tiny seeded data set and every implementation still agrees with the baselines. Timing is not
 * asserted (benchmarks never gate CI); the comparison packages (DuckDB, rrule, ml-kmeans) are
 * not loaded here.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkload, loadFactory, workloadFiles } from '../../bench/compare/harness.js';
import { generateDataset } from '../../bench/compare/dataset.js';

describe('comparison benchmarks, tiny size', () => {
  it('has workload modules', () => {
    expect(workloadFiles()).toContain('analytics.ts');
  });

  for (const file of workloadFiles()) {
    it(`${file}: every implementation agrees on tiny data`, async () => {
      const workloads = await (await loadFactory(file))({ size: 'tiny', withComparisons: false });
      expect(workloads.length).toBeGreaterThan(0);
      for (const w of workloads) {
        expect(w.implementations.map((i) => i.name)).toContain(w.baseline);
        await checkWorkload(w);
        await w.close?.();
      }
    }, 60_000);
  }

  it('the data generator is deterministic and time-ordered, with distinct instants per user', () => {
    const a = generateDataset(300, 5);
    const b = generateDataset(300, 5);
    expect(a.length).toBe(b.length);
    expect(Array.from(a.at)).toEqual(Array.from(b.at));
    expect(Array.from(a.user)).toEqual(Array.from(b.user));
    const seen = new Set<string>();
    for (let i = 0; i < a.length; i++) {
      if (i > 0) expect(a.at[i]).toBeGreaterThanOrEqual(a.at[i - 1] as number);
      const key = `${a.user[i] as number}:${a.at[i] as number}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('a disagreeing implementation is caught before timing', async () => {
    await expect(
      checkWorkload({
        name: 'w',
        items: 1,
        unit: 'events',
        baseline: 'a',
        implementations: [
          { name: 'a', run: () => [1, 2], canonical: (r) => r },
          { name: 'b', run: () => [1, 3], canonical: (r) => r },
        ],
      }),
    ).rejects.toThrow("w: 'b' disagrees with 'a': $.1: 2 ≠ 3");
  });
});
