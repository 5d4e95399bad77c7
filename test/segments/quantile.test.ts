import { describe, expect, it } from 'vitest';
import { binByCutPoints, computeSegmentCutPoints } from 'siyu/segments';

describe('computeSegmentCutPoints (type-7)', () => {
  it('interpolates linearly between order statistics, as R quantile(type = 7)', () => {
    // R: quantile(c(1, 1, 1, 2, 2, 3, 5, 8, 8, 10), c(.2, .4, .6, .8)) → 1.0 2.0 3.8 8.0
    const cuts = computeSegmentCutPoints([8, 1, 3, 1, 10, 2, 5, 1, 8, 2], [0.2, 0.4, 0.6, 0.8]);
    expect(cuts.map((c) => Number(c.toFixed(10)))).toEqual([1, 2, 3.8, 8]);
  });
  it('handles one value, the ends and NaN', () => {
    expect(computeSegmentCutPoints([7], [0, 0.5, 1])).toEqual([7, 7, 7]);
    expect(computeSegmentCutPoints([3, Number.NaN, 1], [0, 1])).toEqual([1, 3]);
    expect(computeSegmentCutPoints([], [0.5]).every(Number.isNaN)).toBe(true);
  });
  it('rejects probabilities outside [0, 1]', () => {
    expect(() => computeSegmentCutPoints([1, 2], [1.5])).toThrow('siyu: probabilities[0]: must be in [0, 1]');
    expect(() => computeSegmentCutPoints([1, 2], [Number.NaN])).toThrow('probabilities[0]');
  });
});

describe('binByCutPoints (upper-inclusive)', () => {
  it('puts a value equal to a cut point in the lower bin', () => {
    const cuts = [1, 2, 3.8, 8];
    expect([0, 1, 1.5, 2, 3, 3.8, 5, 8, 10].map((v) => binByCutPoints(v, cuts))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
  });
  it('skips bins when cut points coincide instead of splitting ties', () => {
    expect([1, 2, 3].map((v) => binByCutPoints(v, [1, 1, 1, 2]))).toEqual([1, 4, 5]);
  });
  it('maps NaN to NaN', () => {
    expect(binByCutPoints(Number.NaN, [1])).toBeNaN();
  });
});
