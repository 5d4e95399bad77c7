import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiyuError } from 'siyu/core';
import { computeLogGamma } from 'siyu/segments';

function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

describe('computeLogGamma', () => {
  it('matches ln((n − 1)!) on both sides of the Lanczos/Stirling switch', () => {
    for (const n of [1, 2, 3, 5, 10, 14, 15, 16, 20, 50, 100, 170]) {
      expect(Math.abs(computeLogGamma(n) - logFactorial(n - 1))).toBeLessThan(1e-12 * Math.max(1, logFactorial(n - 1)));
    }
  });

  it('matches Γ(½) = √π, Γ(3/2) = √π/2 and known values', () => {
    expect(computeLogGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(computeLogGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 14);
    // ln Γ(0.1) = 2.252712651734206 (A&S), ln Γ(1e-8) ≈ −ln(1e-8) − γ·1e-8
    expect(computeLogGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
    expect(computeLogGamma(1e-8)).toBeCloseTo(-Math.log(1e-8) - 0.5772156649015329e-8, 12);
    // Stirling far out: ln Γ(1e6) = 12815504.56914761
    expect(computeLogGamma(1e6) / 12815504.56914761).toBeCloseTo(1, 14);
  });

  it('satisfies Γ(x + 1) = x Γ(x) across the range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), (x) => {
        const lhs = computeLogGamma(x + 1);
        const rhs = Math.log(x) + computeLogGamma(x);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects x ≤ 0 and non-finite x with a SiyuError', () => {
    for (const x of [0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => computeLogGamma(x)).toThrow(SiyuError);
    }
    expect(() => computeLogGamma(-2)).toThrow('siyu: x: must be a positive finite number');
  });
});
