import { describe, expect, it } from 'vitest';
import { SiyuError, isSiyuError } from 'siyu/core';
import {
  computeBgNbdLogLikelihood,
  computeHypergeometric2F1,
  computeLogGamma,
  fitBgNbd,
  predictBgNbdAlive,
  predictBgNbdNewCustomerPurchases,
  predictBgNbdPurchaseCount,
  predictBgNbdPurchases,
  type BgNbdCustomer,
  type BgNbdParams,
} from 'siyu/segments';
import { simulateCustomers } from './simulate.js';

/** The published CDNOW fit (Fader, Hardie & Lee 2005). */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** FHL 2005 eq. 10 written directly with ₂F₁ (no Euler transformation), as a reference. */
function directExpectation(p: BgNbdParams, c: BgNbdCustomer, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + c.T + t);
  const f = computeHypergeometric2F1(r + c.x, b + c.x, a + b + c.x - 1, z).value;
  const bracket = 1 - Math.pow((alpha + c.T) / (alpha + c.T + t), r + c.x) * f;
  const odds = c.x > 0 ? (a / (b + c.x - 1)) * Math.pow((alpha + c.T) / (alpha + c.tX), r + c.x) : 0;
  return (((a + b + c.x - 1) / (a - 1)) * bracket) / (1 + odds);
}

/** FHL 2005 eq. 6 for one customer, written out. */
function directLogLikelihood(p: BgNbdParams, c: BgNbdCustomer): number {
  const { r, alpha, a, b } = p;
  const lnB = (u: number, v: number): number => computeLogGamma(u) + computeLogGamma(v) - computeLogGamma(u + v);
  const common = computeLogGamma(r + c.x) - computeLogGamma(r) + r * Math.log(alpha);
  const l1 = Math.exp(lnB(a, b + c.x) - lnB(a, b) + common - (r + c.x) * Math.log(alpha + c.T));
  const l2 = c.x > 0 ? Math.exp(lnB(a + 1, b + c.x - 1) - lnB(a, b) + common - (r + c.x) * Math.log(alpha + c.tX)) : 0;
  return Math.log(l1 + l2);
}

const HISTORIES: BgNbdCustomer[] = [
  { x: 0, tX: 0, T: 38.86 },
  { x: 1, tX: 1.71, T: 38.86 },
  { x: 2, tX: 30.43, T: 38.86 },
  { x: 7, tX: 29.43, T: 32.14 },
  { x: 14, tX: 35, T: 36 },
  { x: 3, tX: 0.5, T: 31 },
];

describe('BG/NBD log-likelihood', () => {
  it('equals FHL eq. 6 summed over customers', () => {
    const expected = HISTORIES.reduce((s, c) => s + directLogLikelihood(CDNOW, c), 0);
    expect(computeBgNbdLogLikelihood(CDNOW, HISTORIES)).toBeCloseTo(expected, 10);
  });

  it('counts duplicate histories once per customer', () => {
    const one = computeBgNbdLogLikelihood(CDNOW, [HISTORIES[2] as BgNbdCustomer]);
    expect(computeBgNbdLogLikelihood(CDNOW, [HISTORIES[2] as BgNbdCustomer, { ...(HISTORIES[2] as BgNbdCustomer) }])).toBeCloseTo(2 * one, 12);
  });

  it('rejects bad params and histories with SiyuError naming the field', () => {
    expect(() => computeBgNbdLogLikelihood({ ...CDNOW, r: 0 }, HISTORIES)).toThrow('siyu: params.r: must be a positive finite number');
    expect(() => computeBgNbdLogLikelihood({ ...CDNOW, alpha: Number.NaN }, HISTORIES)).toThrow('siyu: params.alpha');
    expect(() => computeBgNbdLogLikelihood(null as unknown as BgNbdParams, HISTORIES)).toThrow('siyu: params: must be an object');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [{ x: 1, tX: 2, T: 1 }])).toThrow('siyu: [0].tX: must not exceed T (1)');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [{ x: -1, tX: 0, T: 1 }])).toThrow('siyu: [0].x: must be a non-negative integer');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [{ x: 1.5, tX: 0, T: 1 }])).toThrow('siyu: [0].x');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [{ x: 0, tX: 0, T: -3 }])).toThrow('siyu: [0].T: must be a non-negative finite number');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [{ x: 0, tX: 1, T: 3 }])).toThrow('siyu: [0].tX: must be 0 when x is 0');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [{ x: 1, tX: -1, T: 3 }])).toThrow('siyu: [0].tX: must be a non-negative');
    expect(() => computeBgNbdLogLikelihood(CDNOW, [null as unknown as BgNbdCustomer])).toThrow('siyu: [0]: must be an object');
  });
});

describe('fitBgNbd', () => {
  // 800 customers drawn from BG/NBD with known parameters (seeded).
  const TRUTH: BgNbdParams = { r: 0.5, alpha: 6, a: 0.7, b: 2.5 };
  const data: BgNbdCustomer[] = simulateCustomers(7, 800, TRUTH, { p: 5, q: 4, v: 20 });

  it('finds a maximum: nudging any parameter lowers the likelihood', () => {
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(800);
    expect(fit.logLikelihood).toBeCloseTo(computeBgNbdLogLikelihood(fit.params, data), 10);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const f of [0.98, 1.02]) {
        expect(computeBgNbdLogLikelihood({ ...fit.params, [key]: fit.params[key] * f }, data)).toBeLessThan(fit.logLikelihood);
      }
    }
  });

  it('is deterministic', () => {
    expect(fitBgNbd(data)).toEqual(fitBgNbd(data));
  });

  it('shrinks parameters under an L2 penalty and reports the unpenalised log-likelihood', () => {
    const plain = fitBgNbd(data);
    const penalised = fitBgNbd(data, { l2Penalty: 0.1 });
    const norm = (p: BgNbdParams): number => p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2;
    expect(norm(penalised.params)).toBeLessThan(norm(plain.params));
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
    expect(penalised.logLikelihood).toBeCloseTo(computeBgNbdLogLikelihood(penalised.params, data), 10);
  });

  it('reports converged: false when the iteration bound is hit', () => {
    const fit = fitBgNbd(data, { maxIterations: 5 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(5);
  });

  it('accepts a starting point and reaches the same optimum', () => {
    const a = fitBgNbd(data);
    const b = fitBgNbd(data, { initial: { r: 3, alpha: 30, a: 2, b: 5 } });
    expect(b.converged).toBe(true);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(b.params[key] / a.params[key]).toBeCloseTo(1, 3);
  });

  it('recovers the parameters of simulated customers', () => {
    const big = simulateCustomers(11, 4_000, TRUTH, { p: 5, q: 4, v: 20 });
    const { params } = fitBgNbd(big);
    expect(params.r / TRUTH.r).toBeGreaterThan(0.85);
    expect(params.r / TRUTH.r).toBeLessThan(1.15);
    expect(params.alpha / TRUTH.alpha).toBeGreaterThan(0.85);
    expect(params.alpha / TRUTH.alpha).toBeLessThan(1.15);
    // a and b are weakly identified one by one; the mean dropout probability a/(a+b) is not.
    const meanDrop = (p: BgNbdParams): number => p.a / (p.a + p.b);
    expect(meanDrop(params) / meanDrop(TRUTH)).toBeGreaterThan(0.85);
    expect(meanDrop(params) / meanDrop(TRUTH)).toBeLessThan(1.15);
  });

  it('rejects no customers, bad rows and bad options', () => {
    expect(() => fitBgNbd([])).toThrow('siyu: customers: needs at least one customer');
    expect(() => fitBgNbd([{ x: 2, tX: 5, T: 4 }])).toThrow('siyu: [0].tX: must not exceed T');
    expect(() => fitBgNbd(data, { maxIterations: 0 })).toThrow('siyu: maxIterations:');
    expect(() => fitBgNbd(data, { bogus: 1 } as never)).toThrow('siyu: bogus: unknown key');
  });
});

describe('BG/NBD predictions', () => {
  it('reproduces FHL 2005: 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86', () => {
    expect(predictBgNbdPurchases(CDNOW, { x: 2, tX: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it('agrees with FHL eq. 10 evaluated directly with ₂F₁', () => {
    for (const c of HISTORIES) {
      for (const t of [0.5, 4, 39, 200]) {
        const direct = directExpectation(CDNOW, c, t);
        expect(Math.abs(predictBgNbdPurchases(CDNOW, c, t) - direct)).toBeLessThan(1e-10 * Math.max(1, direct));
      }
    }
  });

  it('is continuous through a = 1 (the removable singularity of eq. 10)', () => {
    const c = { x: 3, tX: 20, T: 30 };
    const at1 = predictBgNbdPurchases({ ...CDNOW, a: 1 }, c, 26);
    expect(Number.isFinite(at1)).toBe(true);
    expect(at1).toBeCloseTo(predictBgNbdPurchases({ ...CDNOW, a: 1 + 1e-7 }, c, 26), 6);
    expect(at1).toBeCloseTo(predictBgNbdPurchases({ ...CDNOW, a: 1 - 1e-7 }, c, 26), 6);
    expect(predictBgNbdNewCustomerPurchases({ r: 0.5, alpha: 2, a: 0.4, b: 0.6 }, 10)).toBeCloseTo(
      predictBgNbdNewCustomerPurchases({ r: 0.5, alpha: 2, a: 0.4, b: 0.6 + 1e-9 }, 10),
      6,
    );
  });

  it('handles heavy buyers without overflow', () => {
    const heavy = predictBgNbdPurchases(CDNOW, { x: 2_000, tX: 364, T: 365 }, 30);
    expect(Number.isFinite(heavy)).toBe(true);
    // Nearly certainly alive, buying at the posterior mean rate (r + x)/(α + T), minus a little dropout.
    const rate = (CDNOW.r + 2_000) / (CDNOW.alpha + 365);
    expect(heavy).toBeGreaterThan(30 * rate * 0.8);
    expect(heavy).toBeLessThan(30 * rate);
  });

  it('P(alive): 1 without repeat purchases, lower after a long silence', () => {
    expect(predictBgNbdAlive(CDNOW, { x: 0, tX: 0, T: 100 })).toBe(1);
    const recent = predictBgNbdAlive(CDNOW, { x: 5, tX: 30, T: 31 });
    const silent = predictBgNbdAlive(CDNOW, { x: 5, tX: 5, T: 31 });
    expect(recent).toBeGreaterThan(0.8);
    expect(silent).toBeLessThan(0.1);
  });

  it('E[X(t)] of a new customer is the conditional expectation with x = 0, T = 0', () => {
    for (const t of [1, 10, 78]) {
      expect(predictBgNbdNewCustomerPurchases(CDNOW, t)).toBeCloseTo(predictBgNbdPurchases(CDNOW, { x: 0, tX: 0, T: 0 }, t), 12);
    }
    expect(predictBgNbdNewCustomerPurchases(CDNOW, 0)).toBe(0);
    // Denormal t: no negative rounding noise.
    expect(predictBgNbdNewCustomerPurchases({ r: 0.05, alpha: 0.36363636363636365, a: 0.49999999999999994, b: 1.0500000000000003 }, 1e-323)).toBeGreaterThanOrEqual(0);
  });

  it('P(X(t) = n) sums to 1 and has mean E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = predictBgNbdPurchaseCount(CDNOW, 39, n);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(predictBgNbdNewCustomerPurchases(CDNOW, 39), 8);
    expect(predictBgNbdPurchaseCount(CDNOW, 0, 3)).toBe(0);
    // A huge n costs little and has (almost) no probability.
    expect(predictBgNbdPurchaseCount(CDNOW, 39, 1e12)).toBeLessThan(1e-12);
  });

  it('rejects bad horizons, counts and histories', () => {
    const c = { x: 1, tX: 1, T: 2 };
    expect(() => predictBgNbdPurchases(CDNOW, c, -1)).toThrow('siyu: t: must be a non-negative finite number');
    expect(() => predictBgNbdPurchases(CDNOW, c, Number.POSITIVE_INFINITY)).toThrow('siyu: t:');
    expect(() => predictBgNbdPurchases(CDNOW, { x: 1, tX: 3, T: 2 }, 1)).toThrow('siyu: customer.tX: must not exceed T');
    expect(() => predictBgNbdAlive(CDNOW, { x: 1, tX: 1, T: -2 })).toThrow(SiyuError);
    expect(() => predictBgNbdPurchaseCount(CDNOW, 1, -1)).toThrow('siyu: n: must be a non-negative integer');
    expect(() => predictBgNbdNewCustomerPurchases({ ...CDNOW, b: -1 }, 1)).toThrow('siyu: params.b');
  });

  it('refuses a horizon the series cannot reach, with code no_convergence', () => {
    try {
      predictBgNbdPurchases({ r: 0.5, alpha: 1e-6, a: 0.5, b: 2 }, { x: 0, tX: 0, T: 0 }, 1e6);
      expect.unreachable();
    } catch (error) {
      expect(isSiyuError(error) && error.code).toBe('no_convergence');
    }
  });
});
