import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binByCutPoints, computeSegmentCutPoints, scoreRfm } from 'siyu/segments';

const P = [0.2, 0.4, 0.6, 0.8];

describe('quantile bins: properties', () => {
  it('bins are monotone in the value and cut points lie within [min, max]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }), (values) => {
        const cuts = computeSegmentCutPoints(values, P);
        const min = Math.min(...values);
        const max = Math.max(...values);
        for (let i = 0; i < cuts.length; i++) {
          expect(cuts[i]).toBeGreaterThanOrEqual(min);
          expect(cuts[i]).toBeLessThanOrEqual(max);
          if (i > 0) expect(cuts[i]).toBeGreaterThanOrEqual(cuts[i - 1] as number);
        }
        const sorted = [...values].sort((a, b) => a - b);
        const bins = sorted.map((v) => binByCutPoints(v, cuts));
        for (let i = 1; i < bins.length; i++) expect(bins[i]).toBeGreaterThanOrEqual(bins[i - 1] as number);
      }),
      { numRuns: 150 },
    );
  });

  it('RFM scores: F and M monotone increasing, R monotone decreasing in the metric, equal values equal scores, order-independent', () => {
    const row = fc.record({ recency: fc.integer({ min: 0, max: 60 }), frequency: fc.integer({ min: 1, max: 8 }), monetary: fc.integer({ min: 1, max: 500 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.integer(), (rows, seed) => {
        const values = rows.map((r, i) => ({ userId: `u${String(i).padStart(3, '0')}`, ...r }));
        const result = scoreRfm(values);
        const shuffled = [...values].sort((a, b) => ((a.userId.charCodeAt(3) * 31 + seed) % 7) - ((b.userId.charCodeAt(3) * 31 + seed) % 7));
        expect(scoreRfm(shuffled)).toEqual(result);
        for (const a of result.users) {
          for (const b of result.users) {
            if (a.frequency < b.frequency) expect(a.f).toBeLessThanOrEqual(b.f);
            if (a.frequency === b.frequency) expect(a.f).toBe(b.f);
            if (a.monetary < b.monetary) expect(a.m).toBeLessThanOrEqual(b.m);
            if (a.recency < b.recency) expect(a.r).toBeGreaterThanOrEqual(b.r);
            if (a.recency === b.recency) expect(a.r).toBe(b.r);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('computeSegmentCutPoints selects order statistics on large inputs', () => {
  /** Reference: type-7 on a fully sorted copy. */
  const reference = (values: readonly number[], ps: readonly number[]): number[] => {
    const s = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
    return ps.map((p) => {
      if (s.length === 0) return Number.NaN;
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      const a = s[lo] as number;
      if (lo + 1 >= s.length) return a;
      const b = s[lo + 1] as number;
      const q = a + (h - lo) * (b - a);
      return q < a ? a : q > b ? b : q;
    });
  };
  const valueArb = fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: -5, max: 5 }), // many ties
    fc.constantFrom(Number.NaN, 0, -0, 1e12),
  );
  it('equals the sorted type-7 quantiles (ties, NaN, −0, wide ranges, 64–2000 values)', () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { minLength: 60, maxLength: 2000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 9 }),
        (values, ps) => {
          const got = computeSegmentCutPoints(values, ps);
          const want = reference(values, ps);
          got.forEach((q, i) => expect(Object.is(q, want[i]) || q === want[i]).toBe(true));
        },
      ),
      { numRuns: 150 },
    );
  });
  it('an adversarial (sorted, all-equal) input still selects correctly', () => {
    const sorted = Array.from({ length: 5000 }, (_, i) => i * 0.5);
    expect(computeSegmentCutPoints(sorted, [0.2, 0.4, 0.6, 0.8])).toEqual(reference(sorted, [0.2, 0.4, 0.6, 0.8]));
    const equal = new Array<number>(5000).fill(2.5);
    expect(computeSegmentCutPoints(equal, [0.1, 0.9])).toEqual([2.5, 2.5]);
    const reversed = [...sorted].reverse();
    expect(computeSegmentCutPoints(reversed, [0, 0.5, 1])).toEqual(reference(reversed, [0, 0.5, 1]));
  });
});
