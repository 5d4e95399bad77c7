import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition } from 'siyu/core';
import {
  assignSegmentTags,
  predictBgNbdAlive,
  predictBgNbdPurchases,
  predictCustomerLifetimeValue,
  predictGammaGammaSpend,
  scoreClvCustomers,
  type BgNbdParams,
  type ClvCustomerSummary,
  type GammaGammaParams,
} from 'siyu/segments';

const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 };
const CUSTOMERS: ClvCustomerSummary[] = [
  { userId: 'loyal', x: 7, tX: 37, T: 38, meanSpend: 30 },
  { userId: 'lapsed', x: 4, tX: 3, T: 38, meanSpend: 30 },
  { userId: 'one-off', x: 0, tX: 0, T: 38, meanSpend: 0 },
];

describe('predictCustomerLifetimeValue', () => {
  it('without discounting is expected spend × expected purchases over the horizon', () => {
    for (const c of CUSTOMERS) {
      const expected = predictGammaGammaSpend(GG, c) * predictBgNbdPurchases(BG, c, 52);
      expect(predictCustomerLifetimeValue(BG, GG, c, { horizon: 52 })).toBeCloseTo(expected, 10);
    }
  });

  it('discounts each step’s purchases at (1 + d)^k, the last step possibly shorter', () => {
    const c = CUSTOMERS[0] as ClvCustomerSummary;
    const spend = predictGammaGammaSpend(GG, c);
    const e = (t: number): number => predictBgNbdPurchases(BG, c, t);
    // horizon 10, steps of 4: [0,4], (4,8], (8,10]
    const manual = spend * ((e(4) - e(0)) / 1.05 + (e(8) - e(4)) / 1.05 ** 2 + (e(10) - e(8)) / 1.05 ** 3);
    expect(predictCustomerLifetimeValue(BG, GG, c, { horizon: 10, discountRate: 0.05, discountStep: 4 })).toBeCloseTo(manual, 10);
    expect(predictCustomerLifetimeValue(BG, GG, c, { horizon: 0, discountRate: 0.05 })).toBe(0);
  });

  it('property: CLV is non-negative, grows with the horizon and falls with the discount rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 104 }),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        (x, share, spendShare, horizon, rate) => {
          const T = 40;
          const c = { x, tX: x === 0 ? 0 : T * share, T, meanSpend: x === 0 ? 0 : 1 + 100 * spendShare };
          const plain = predictCustomerLifetimeValue(BG, GG, c, { horizon });
          const discounted = predictCustomerLifetimeValue(BG, GG, c, { horizon, discountRate: rate });
          expect(discounted).toBeGreaterThan(0);
          expect(discounted).toBeLessThan(plain);
          expect(predictCustomerLifetimeValue(BG, GG, c, { horizon: horizon + 1, discountRate: rate })).toBeGreaterThan(discounted);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects bad options, params and customers', () => {
    const c = CUSTOMERS[0] as ClvCustomerSummary;
    expect(() => predictCustomerLifetimeValue(BG, GG, c, { horizon: 52, discountRate: -0.1 })).toThrow('siyu: discountRate:');
    expect(() => predictCustomerLifetimeValue(BG, GG, c, { horizon: 52, discountStep: 0 })).toThrow('siyu: discountStep:');
    expect(() => predictCustomerLifetimeValue(BG, GG, c, { horizon: 1e6, discountStep: 1 })).toThrow('siyu: discountStep: must leave at most 100,000 steps');
    expect(() => predictCustomerLifetimeValue(BG, { ...GG, q: 0.5 }, c, { horizon: 52 })).toThrow('siyu: params.q: must exceed 1');
    expect(() => predictCustomerLifetimeValue({ ...BG, a: 0 }, GG, c, { horizon: 52 })).toThrow('siyu: params.a');
    expect(() => predictCustomerLifetimeValue(BG, GG, { ...c, tX: 39 }, { horizon: 52 })).toThrow('siyu: customer.tX: must not exceed T');
  });
});

describe('scoreClvCustomers', () => {
  it('scores each customer with P(alive), expected purchases, spend, CLV and the churn flag', () => {
    const scores = scoreClvCustomers(CUSTOMERS, { bgNbd: BG, gammaGamma: GG, horizon: 52, churnThreshold: 0.3 });
    expect(scores.map((s) => s.userId)).toEqual(['loyal', 'lapsed', 'one-off']);
    for (const [i, s] of scores.entries()) {
      const c = CUSTOMERS[i] as ClvCustomerSummary;
      expect(s).toEqual({
        userId: c.userId,
        x: c.x,
        tX: c.tX,
        T: c.T,
        pAlive: predictBgNbdAlive(BG, c),
        expectedPurchases: predictBgNbdPurchases(BG, c, 52),
        expectedSpend: predictGammaGammaSpend(GG, c),
        clv: predictCustomerLifetimeValue(BG, GG, c, { horizon: 52 }),
        likelyChurned: predictBgNbdAlive(BG, c) < 0.3,
      });
    }
    expect(scores.map((s) => s.likelyChurned)).toEqual([false, true, false]);
  });

  it('without Gamma-Gamma carries no spend or CLV; discounting matches predictCustomerLifetimeValue', () => {
    const [bare] = scoreClvCustomers(CUSTOMERS, { bgNbd: BG, horizon: 52 });
    expect(bare).not.toHaveProperty('clv');
    expect(bare).not.toHaveProperty('expectedSpend');
    const options = { horizon: 52, discountRate: 0.01, discountStep: 4.345 };
    const scores = scoreClvCustomers(CUSTOMERS, { bgNbd: BG, gammaGamma: GG, ...options });
    expect(scores[0]?.clv).toBeCloseTo(predictCustomerLifetimeValue(BG, GG, CUSTOMERS[0] as ClvCustomerSummary, options), 10);
    // expectedPurchases stays undiscounted.
    expect(scores[0]?.expectedPurchases).toBeCloseTo(predictBgNbdPurchases(BG, CUSTOMERS[0] as ClvCustomerSummary, 52), 12);
  });

  it('feeds rule tags in the condition language', () => {
    const scores = scoreClvCustomers(CUSTOMERS, { bgNbd: BG, gammaGamma: GG, horizon: 52 });
    const worthRecalling = compileCondition({ all: [{ field: 'likelyChurned', op: 'eq', value: true }, { field: 'x', op: 'gte', value: 2 }] });
    expect(scores.filter(worthRecalling).map((s) => s.userId)).toEqual(['lapsed']);
  });

  it('feeds the segment tag machinery (assignSegmentTags) as user records', () => {
    const scores = scoreClvCustomers(CUSTOMERS, { bgNbd: BG, gammaGamma: GG, horizon: 52 });
    const tagged = assignSegmentTags(
      [
        { name: 'likelyChurned', condition: { field: 'pAlive', op: 'lt', value: 0.5 } },
        { name: 'highValue', condition: { field: 'clv', op: 'gte', value: 100 } },
      ],
      scores,
    );
    expect(tagged).toEqual([
      { userId: 'loyal', tags: ['highValue'] },
      { userId: 'lapsed', tags: ['likelyChurned'] },
      { userId: 'one-off', tags: [] },
    ]);
  });

  it('rejects bad options and rows with SiyuError naming the row', () => {
    expect(() => scoreClvCustomers(CUSTOMERS, { bgNbd: BG, horizon: 52, churnThreshold: 1.5 })).toThrow('siyu: churnThreshold:');
    expect(() => scoreClvCustomers(CUSTOMERS, { bgNbd: { ...BG, r: -1 }, horizon: 52 })).toThrow('siyu: bgNbd.r:');
    expect(() => scoreClvCustomers(CUSTOMERS, { bgNbd: BG, gammaGamma: { ...GG, q: 1 }, horizon: 52 })).toThrow('siyu: gammaGamma.q: must exceed 1');
    expect(() => scoreClvCustomers([{ userId: 'u', x: 1, tX: 5, T: 4 }], { bgNbd: BG, horizon: 52 })).toThrow('siyu: [0].tX: must not exceed T');
    expect(() => scoreClvCustomers([{ userId: 7 as unknown as string, x: 1, tX: 1, T: 4 }], { bgNbd: BG, horizon: 52 })).toThrow('siyu: [0].userId');
    expect(() => scoreClvCustomers([{ userId: 'u', x: 1, tX: 1, T: 4 }], { bgNbd: BG, gammaGamma: GG, horizon: 52 })).toThrow('siyu: [0].meanSpend');
  });
});
