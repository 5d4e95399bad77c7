/** Type-7 quantiles by counting sort or selection equal those of a full sort. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeQuantiles } from 'siyu/core';

describe('computeQuantiles selects order statistics on large inputs', () => {
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
          const got = computeQuantiles(values, ps);
          const want = reference(values, ps);
          got.forEach((q, i) => expect(Object.is(q, want[i]) || q === want[i]).toBe(true));
        },
      ),
      { numRuns: 150 },
    );
  });
  it('an adversarial (sorted, all-equal) input still selects correctly', () => {
    const sorted = Array.from({ length: 5000 }, (_, i) => i * 0.5);
    expect(computeQuantiles(sorted, [0.2, 0.4, 0.6, 0.8])).toEqual(reference(sorted, [0.2, 0.4, 0.6, 0.8]));
    const equal = new Array<number>(5000).fill(2.5);
    expect(computeQuantiles(equal, [0.1, 0.9])).toEqual([2.5, 2.5]);
    const reversed = [...sorted].reverse();
    expect(computeQuantiles(reversed, [0, 0.5, 1])).toEqual(reference(reversed, [0, 0.5, 1]));
  });
  it('the median of integers is the middle value or the mean of the two middle values, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }), (values) => {
        const s = [...values].sort((a, b) => a - b);
        const mid = s.length >> 1;
        const want = s.length % 2 === 1 ? s[mid] : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
        expect(computeQuantiles(values, [0.5])).toEqual([want]);
        expect(computeQuantiles([...values].reverse(), [0.5])).toEqual([want]);
      }),
      { numRuns: 150 },
    );
  });
});
