import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeGammaGammaLogLikelihood, computeLogGamma, fitGammaGamma, predictGammaGammaSpend, type GammaGammaParams } from 'siyu/segments';
import { simulateCustomers } from './simulate.js';

const CDNOW_GG: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 };

describe('Gamma-Gamma', () => {
  it('log-likelihood is the density of the mean of x Gamma(p, ν) spends with ν ~ Gamma(q, v)', () => {
    const { p, q, v } = CDNOW_GG;
    const x = 3;
    const m = 17.5;
    const expected =
      computeLogGamma(p * x + q) - computeLogGamma(p * x) - computeLogGamma(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(x * m + v);
    expect(computeGammaGammaLogLikelihood(CDNOW_GG, [{ x, meanSpend: m }, { x: 0 }])).toBeCloseTo(expected, 12);
  });

  it('expected spend shrinks the customer mean toward the population mean p·v/(q − 1)', () => {
    const population = (CDNOW_GG.p * CDNOW_GG.v) / (CDNOW_GG.q - 1);
    expect(predictGammaGammaSpend(CDNOW_GG, { x: 0 })).toBeCloseTo(population, 12);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1_000, noNaN: true }), (x, m) => {
        const e = predictGammaGammaSpend(CDNOW_GG, { x, meanSpend: m });
        expect(e).toBeGreaterThanOrEqual(Math.min(m, population) - 1e-9);
        expect(e).toBeLessThanOrEqual(Math.max(m, population) + 1e-9);
        // More purchases → closer to the customer's own mean.
        const more = predictGammaGammaSpend(CDNOW_GG, { x: x + 1, meanSpend: m });
        expect(Math.abs(more - m)).toBeLessThanOrEqual(Math.abs(e - m) + 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('fits simulated spends and recovers the population mean spend', () => {
    const truth = { p: 5, q: 4, v: 20 };
    const data = simulateCustomers(5, 3_000, { r: 0.8, alpha: 4, a: 0.5, b: 3 }, truth);
    const fit = fitGammaGamma(data);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(data.filter((c) => c.x > 0).length);
    const mean = (g: GammaGammaParams): number => (g.p * g.v) / (g.q - 1);
    expect(mean(fit.params) / mean(truth)).toBeGreaterThan(0.9);
    expect(mean(fit.params) / mean(truth)).toBeLessThan(1.1);
    expect(fit.logLikelihood).toBeCloseTo(computeGammaGammaLogLikelihood(fit.params, data), 8);
    for (const key of ['p', 'q', 'v'] as const) {
      expect(computeGammaGammaLogLikelihood({ ...fit.params, [key]: fit.params[key] * 1.02 }, data)).toBeLessThan(fit.logLikelihood);
    }
    const penalised = fitGammaGamma(data, { l2Penalty: 0.01 });
    expect(penalised.params.v).toBeLessThan(fit.params.v);
    expect(fitGammaGamma(data, { maxIterations: 3 }).converged).toBe(false);
    expect(fitGammaGamma(data, { initial: { p: 2, q: 2, v: 2 } }).logLikelihood).toBeCloseTo(fit.logLikelihood, 5);
  });

  it('rejects bad rows, params and options with SiyuError naming the field', () => {
    expect(() => fitGammaGamma([{ x: 0 }, { x: 0, meanSpend: 3 }])).toThrow('siyu: customers: needs at least one customer with x > 0');
    expect(() => fitGammaGamma([{ x: 2, meanSpend: -1 }])).toThrow('siyu: [0].meanSpend: must be a positive finite number when x > 0');
    expect(() => fitGammaGamma([{ x: 2 }])).toThrow('siyu: [0].meanSpend');
    expect(() => fitGammaGamma([{ x: -2, meanSpend: 1 }])).toThrow('siyu: [0].x');
    expect(() => fitGammaGamma([null as never])).toThrow('siyu: [0]: must be an object');
    expect(() => fitGammaGamma([{ x: 2, meanSpend: 1 }], { tolerance: 0 })).toThrow('siyu: tolerance:');
    expect(() => computeGammaGammaLogLikelihood({ p: 1, q: 1, v: 0 }, [{ x: 1, meanSpend: 1 }])).toThrow('siyu: params.v: must be a positive finite number');
    expect(() => predictGammaGammaSpend({ ...CDNOW_GG, q: 1 }, { x: 1, meanSpend: 1 })).toThrow('siyu: params.q: must exceed 1');
    expect(() => predictGammaGammaSpend(CDNOW_GG, { x: 1 })).toThrow('siyu: customer.meanSpend: must be a non-negative finite number when x > 0');
    expect(() => predictGammaGammaSpend(CDNOW_GG, { x: 1.5, meanSpend: 1 })).toThrow('siyu: customer.x');
    expect(() => predictGammaGammaSpend(CDNOW_GG, null as never)).toThrow('siyu: customer: must be an object');
  });
});
