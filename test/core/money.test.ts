import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiyuError, allocateProportionally, divideRounded, formatMinorUnits, multiplyRatio, type RoundingMode } from 'siyu/core';

/** Reference rounding with BigInt and exact rationals. */
function reference(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d < 0n) return reference(-n, -d, mode);
  const floor = n >= 0n ? n / d : -((-n + d - 1n) / d);
  const rem = n - floor * d; // 0 ≤ rem < d
  if (rem === 0n) return floor;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return floor + 1n;
    case 'halfUp':
      if (2n * rem === d) return n >= 0n ? floor + 1n : floor;
      return 2n * rem > d ? floor + 1n : floor;
    case 'halfEven':
      if (2n * rem === d) return floor % 2n === 0n ? floor : floor + 1n;
      return 2n * rem > d ? floor + 1n : floor;
  }
}

const MODES: RoundingMode[] = ['floor', 'ceil', 'halfUp', 'halfEven'];

describe('money', () => {
  it.each([
    [25, 10, [2, 3, 3, 2]],
    [35, 10, [3, 4, 4, 4]],
    [-25, 10, [-3, -2, -3, -2]],
    [24, 10, [2, 3, 2, 2]],
    [26, 10, [2, 3, 3, 3]],
    [-26, 10, [-3, -2, -3, -3]],
    [20, 10, [2, 2, 2, 2]],
    [7, -2, [-4, -3, -4, -4]],
  ])('divideRounded(%i, %i) by floor/ceil/halfUp/halfEven', (n, d, expected) => {
    expect(MODES.map((m) => divideRounded(n, d, m))).toEqual(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(divideRounded(-1, 10, 'ceil'), 0)).toBe(true);
    expect(Object.is(divideRounded(0, -10, 'floor'), 0)).toBe(true);
  });

  it('property: divideRounded and multiplyRatio agree with an exact BigInt reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: -1e6, max: 1e6 }).filter((d) => d !== 0),
        fc.constantFrom(...MODES),
        (amount, num, den, mode) => {
          expect(divideRounded(amount, den, mode)).toBe(Number(reference(BigInt(amount), BigInt(den), mode)));
          const exact = reference(BigInt(amount) * BigInt(num), BigInt(den), mode);
          if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(() => multiplyRatio(amount, num, den, mode)).toThrow('exceeds the safe integer range');
            return;
          }
          expect(multiplyRatio(amount, num, den, mode)).toBe(Number(reference(BigInt(amount) * BigInt(num), BigInt(den), mode)) + 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('multiplyRatio is exact beyond 2^53 intermediate products', () => {
    expect(multiplyRatio(9_007_199_254_740_991, 3, 3)).toBe(9_007_199_254_740_991);
    expect(multiplyRatio(9_007_199_254_740_991, 2, 4, 'halfEven')).toBe(4_503_599_627_370_496);
    expect(multiplyRatio(-9_007_199_254_740_991, 2, 4, 'halfUp')).toBe(-4_503_599_627_370_496);
    expect(multiplyRatio(9_007_199_254_740_991, 7, 10, 'ceil')).toBe(6_305_039_478_318_694);
    expect(() => multiplyRatio(9_007_199_254_740_991, 3, 1)).toThrow('exceeds the safe integer range');
  });

  it('rejects non-integers and zero denominators', () => {
    expect(() => divideRounded(1.5, 1)).toThrow(SiyuError);
    expect(() => divideRounded(1, 0)).toThrow('must not be 0');
    expect(() => multiplyRatio(Number.NaN, 1, 1)).toThrow('siyu: amount:');
    expect(() => multiplyRatio(1, 1, 0)).toThrow('must not be 0');
  });

  it('allocateProportionally never loses or invents a fen', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
    expect(() => allocateProportionally(1, [0, 0])).toThrow('zero weights');
    expect(() => allocateProportionally(1, [1, -1])).toThrow('siyu: weights[1]:');
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = allocateProportionally(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          const exact = (total * (weights[i] ?? 0)) / sum;
          expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6);
          if (weights[i] === 0) expect(p).toBe(0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('formats minor units for display', () => {
    expect(formatMinorUnits(300)).toBe('¥3.00');
    expect(formatMinorUnits(5)).toBe('¥0.05');
    expect(formatMinorUnits(-12_999)).toBe('-¥129.99');
    expect(formatMinorUnits(1234, { symbol: '$', digits: 0 })).toBe('$1234');
  });
});
