import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSiyuError } from 'siyu/core';
import { predictBgNbdAlive, predictBgNbdNewCustomerPurchases, predictBgNbdPurchases, type BgNbdParams } from 'siyu/segments';

const params: fc.Arbitrary<BgNbdParams> = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 100, noNaN: true }),
  a: fc.double({ min: 0.05, max: 5, noNaN: true }),
  b: fc.double({ min: 0.05, max: 10, noNaN: true }),
});

/** A history: x, and t_x ≤ T (t_x = 0 when x = 0). */
const history = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([x, T, share]) => ({ x, T, tX: x === 0 ? 0 : T * share }));

describe('BG/NBD properties', () => {
  it('P(alive) lies in [0, 1]', () => {
    fc.assert(
      fc.property(params, history, (p, c) => {
        const alive = predictBgNbdAlive(p, c);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('P(alive) decreases in T for fixed x and t_x (strictly while it is neither 0 nor 1)', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0.5, max: 100, noNaN: true }), (p, c, more) => {
        const before = predictBgNbdAlive(p, c);
        const after = predictBgNbdAlive(p, { ...c, T: c.T + more });
        expect(after).toBeLessThanOrEqual(before);
        if (c.x > 0 && before > 1e-9 && before < 1 - 1e-9) expect(after).toBeLessThan(before);
      }),
      { numRuns: 200 },
    );
  });

  it('expected purchases increase in t (and are 0 at t = 0)', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (p, c, t, dt) => {
        const e1 = predictBgNbdPurchases(p, c, t);
        const e2 = predictBgNbdPurchases(p, c, t + dt);
        expect(e1).toBeGreaterThanOrEqual(0);
        // Never decreases (beyond the last bit of a double: far out, with heavy dropout, the
        // curve flattens below double resolution).
        expect(e2).toBeGreaterThanOrEqual(e1 * (1 - 1e-14));
        expect(predictBgNbdPurchases(p, c, 0)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('expected purchases increase strictly in t over a year of weeks', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 52, noNaN: true }), fc.double({ min: 1, max: 52, noNaN: true }), (p, c, t, dt) => {
        fc.pre(predictBgNbdAlive(p, c) > 1e-6);
        expect(predictBgNbdPurchases(p, c, t + dt)).toBeGreaterThan(predictBgNbdPurchases(p, c, t));
      }),
      { numRuns: 200 },
    );
  });

  it('a new customer expects more purchases the longer the window', () => {
    fc.assert(
      fc.property(params, fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (p, t, dt) => {
        const e1 = predictBgNbdNewCustomerPurchases(p, t);
        // Never decreases; strictly increases while the increment is above double resolution
        // (within a year of weeks: checked strictly).
        expect(predictBgNbdNewCustomerPurchases(p, t + dt)).toBeGreaterThanOrEqual(e1 * (1 - 1e-14));
        if (t <= 52 && dt >= 1) expect(predictBgNbdNewCustomerPurchases(p, t + dt)).toBeGreaterThan(e1);
      }),
      { numRuns: 150 },
    );
  });

  it('negative ages and t_x > T are SiyuErrors', () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 1e-6, max: 100, noNaN: true }),
        (p, x, T, over) => {
          const bad = [
            { x, tX: T + over, T },
            { x, tX: 0, T: -over },
            { x, tX: -over, T },
          ];
          for (const c of bad) {
            for (const call of [() => predictBgNbdAlive(p, c), () => predictBgNbdPurchases(p, c, 1)]) {
              let thrown: unknown;
              try {
                call();
              } catch (error) {
                thrown = error;
              }
              expect(isSiyuError(thrown)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
