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
