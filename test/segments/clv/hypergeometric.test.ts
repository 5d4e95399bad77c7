import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiyuError } from 'siyu/core';
import { computeHypergeometric2F1 } from 'siyu/segments';

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
}

describe('computeHypergeometric2F1', () => {
  it('matches closed forms: −ln(1 − z)/z, (1 − z)^(−a), arcsin(x)/x, ln((1+x)/(1−x))/(2x)', () => {
    for (const z of [-0.9, -0.5, -0.1, 0.1, 0.5, 0.9, 0.99]) {
      expect(relErr(computeHypergeometric2F1(1, 1, 2, z).value, -Math.log1p(-z) / z)).toBeLessThan(1e-13);
    }
    for (const x of [0.1, 0.5, 0.9]) {
      expect(relErr(computeHypergeometric2F1(0.5, 0.5, 1.5, x * x).value, Math.asin(x) / x)).toBeLessThan(1e-13);
      expect(relErr(computeHypergeometric2F1(0.5, 1, 1.5, x * x).value, Math.log((1 + x) / (1 - x)) / (2 * x))).toBeLessThan(1e-13);
    }
  });

  it('is 1 at z = 0 and a polynomial when a is a non-positive integer', () => {
    expect(computeHypergeometric2F1(2.5, 3.5, 1.5, 0)).toMatchObject({ value: 1, converged: true });
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const { value, terms, converged } = computeHypergeometric2F1(-2, 3, 4, 0.5);
    expect(value).toBeCloseTo(1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / (4 * 5), 15);
    expect(terms).toBeLessThanOrEqual(4);
    expect(converged).toBe(true);
  });

  it('uses the Pfaff transformation below −½ (far negative z still converges)', () => {
    // ₂F₁(a, b; b; z) = (1 − z)^(−a), even at z = −50.
    const r = computeHypergeometric2F1(0.7, 2.3, 2.3, -50);
    expect(r.converged).toBe(true);
    expect(relErr(r.value, Math.pow(51, -0.7))).toBeLessThan(1e-13);
  });

  it('property: ₂F₁(a, b; b; z) = (1 − z)^(−a) for z in (−20, 0.98), to 1e-11 relative or 1e-13 absolute (cancellation when a < 0)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: -20, max: 0.98, noNaN: true }),
        (a, b, z) => {
          const r = computeHypergeometric2F1(a, b, b, z);
          expect(r.converged).toBe(true);
          const exact = Math.pow(1 - z, -a);
          expect(Math.abs(r.value - exact)).toBeLessThan(1e-11 * Math.abs(exact) + 1e-13);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: Gauss contiguous relation c(c−1)(z−1)F(c−1) + c[c−1−(2c−a−b−1)z]F(c) + (c−a)(c−b)zF(c+1) = 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 1.2, max: 8, noNaN: true }),
        fc.double({ min: -0.9, max: 0.9, noNaN: true }),
        (a, b, c, z) => {
          const f = (cc: number): number => computeHypergeometric2F1(a, b, cc, z).value;
          const t1 = c * (c - 1) * (z - 1) * f(c - 1);
          const t2 = c * (c - 1 - (2 * c - a - b - 1) * z) * f(c);
          const t3 = (c - a) * (c - b) * z * f(c + 1);
          expect(Math.abs(t1 + t2 + t3)).toBeLessThan(1e-10 * (Math.abs(t1) + Math.abs(t2) + Math.abs(t3)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports converged: false when maxTerms is hit, with the partial sum', () => {
    const r = computeHypergeometric2F1(1, 1, 2, 0.999, 10);
    expect(r.converged).toBe(false);
    expect(r.terms).toBe(10);
    expect(r.value).toBeLessThan(-Math.log1p(-0.999) / 0.999);
  });

  it('rejects z ≥ 1, c a non-positive integer, non-finite arguments and a bad maxTerms', () => {
    expect(() => computeHypergeometric2F1(1, 1, 2, 1)).toThrow('siyu: z: must be below 1');
    expect(() => computeHypergeometric2F1(1, 1, 0, 0.5)).toThrow('siyu: c: must not be 0 or a negative integer');
    expect(() => computeHypergeometric2F1(1, 1, -3, 0.5)).toThrow(SiyuError);
    expect(() => computeHypergeometric2F1(Number.NaN, 1, 2, 0.5)).toThrow('siyu: a: must be a finite number');
    expect(() => computeHypergeometric2F1(1, Number.POSITIVE_INFINITY, 2, 0.5)).toThrow('siyu: b:');
    expect(() => computeHypergeometric2F1(1, 1, 2, 0.5, 0)).toThrow('siyu: maxTerms:');
    expect(() => computeHypergeometric2F1(1, 1, 2, 0.5, 1.5)).toThrow('siyu: maxTerms:');
  });
});
