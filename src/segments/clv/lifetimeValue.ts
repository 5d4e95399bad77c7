/**
 * Customer lifetime value from the two models, and per-customer scores for layering: P(alive),
 * expected purchases, expected spend, CLV and a "likely churned" flag.
 *
 * @module
 */
import { SiyuError, parseWith } from '../../core/index.js';
import { predictBgNbdAlive, predictBgNbdPurchases } from './bgNbd.js';
import { predictGammaGammaSpend } from './gammaGamma.js';
import {
  ClvCustomerSummarySchema,
  parseClvScoringOptions,
  parseClvValueOptions,
  type BgNbdCustomer,
  type BgNbdParams,
  type ClvCustomerSummary,
  type ClvScoringOptions,
  type ClvValueOptions,
  type ClvValueSettings,
  type GammaGammaCustomer,
  type GammaGammaParams,
} from './schema.js';

/** One customer's predictions, ready for layering (rule tags over `pAlive`, `clv`, …). */
export interface ClvCustomerScore {
  /** The customer. */
  readonly userId: string;
  /** `x` the scores were computed from. */
  readonly x: number;
  /** `t_x` the scores were computed from. */
  readonly tX: number;
  /** `T` the scores were computed from. */
  readonly T: number;
  /** P(alive | x, t_x, T). */
  readonly pAlive: number;
  /** Expected purchase periods over the horizon (undiscounted). */
  readonly expectedPurchases: number;
  /** Expected average spend per purchase (Gamma-Gamma); present when Gamma-Gamma params were given. */
  readonly expectedSpend?: number;
  /** CLV over the horizon, discounted; present when Gamma-Gamma params were given. */
  readonly clv?: number;
  /** P(alive) below the churn threshold. */
  readonly likelyChurned: boolean;
}

/** Σₖ (E[Y(τₖ)] − E[Y(τₖ₋₁)]) / (1 + d)^k over the discount steps τₖ = min(k·step, horizon). */
function discountedPurchases(bgNbd: BgNbdParams, customer: BgNbdCustomer, value: ClvValueSettings): number {
  const { horizon, discountRate, discountStep } = value;
  if (discountRate === 0 || horizon === 0) return predictBgNbdPurchases(bgNbd, customer, horizon);
  const steps = Math.ceil(horizon / discountStep);
  let total = 0;
  let before = 0;
  for (let k = 1; k <= steps; k++) {
    const at = Math.min(k * discountStep, horizon);
    const expected = predictBgNbdPurchases(bgNbd, customer, at);
    total += (expected - before) / Math.pow(1 + discountRate, k);
    before = expected;
  }
  return total;
}

/**
 * CLV over a horizon: the customer's expected average spend (Gamma-Gamma) times their expected
 * purchases (BG/NBD), each step's purchases discounted. The horizon is cut into steps of
 * `discountStep` time units (the last one may be shorter); the purchases expected in step k,
 * E[Y(τₖ)] − E[Y(τₖ₋₁)], are discounted by (1 + `discountRate`)^k (end-of-step convention, as in
 * `lifetimes`). With no discount rate it is E[spend] × E[Y(horizon)]. The value is in the spend's
 * unit (minor units when built from events), not rounded: it is an expectation, not an amount to
 * book. Relies on spend being independent of purchase frequency (the Gamma-Gamma assumption).
 *
 * @param bgNbd - fitted BG/NBD parameters
 * @param gammaGamma - fitted Gamma-Gamma parameters (q > 1)
 * @param customer - `x`, `tX`, `T` and `meanSpend`
 * @param options - horizon, discount rate, discount step
 *
 * @example
 * ```ts
 * import { predictCustomerLifetimeValue } from 'siyu/segments';
 * const bgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * const gammaGamma = { p: 6.25, q: 3.74, v: 15.44 };
 * const customer = { x: 2, tX: 30.43, T: 38.86, meanSpend: 22.35 };
 * predictCustomerLifetimeValue(bgNbd, gammaGamma, customer, { horizon: 39 }).toFixed(2); // → '30.24'
 * predictCustomerLifetimeValue(bgNbd, gammaGamma, customer, { horizon: 39, discountRate: 0.01, discountStep: 4 }).toFixed(2); // → '28.75'
 * predictCustomerLifetimeValue(bgNbd, gammaGamma, customer, { horizon: -1 }); // throws: siyu: horizon: Too small
 * ```
 */
export function predictCustomerLifetimeValue(
  bgNbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customer: BgNbdCustomer & GammaGammaCustomer,
  options: ClvValueOptions,
): number {
  const value = parseClvValueOptions(options);
  return predictGammaGammaSpend(gammaGamma, customer) * discountedPurchases(bgNbd, customer, value);
}

/**
 * Scores every customer for layering: P(alive), expected purchases over the horizon, and — with
 * Gamma-Gamma parameters — expected spend and CLV (as {@link predictCustomerLifetimeValue}), plus
 * `likelyChurned` when P(alive) < `churnThreshold` (default 0.5). The scores are plain objects,
 * so rule tags in the condition language read them directly
 * (`{ field: 'pAlive', op: 'lt', value: 0.3 }`, `{ field: 'clv', op: 'gte', value: 50_000 }`).
 * Output order is input order.
 *
 * @param customers - customer summaries (e.g. from {@link buildClvSummary})
 * @param options - fitted parameters, horizon, discounting, churn threshold
 *
 * @example
 * ```ts
 * import { scoreClvCustomers } from 'siyu/segments';
 * const [score] = scoreClvCustomers([{ userId: 'u1', x: 2, tX: 30.43, T: 38.86, meanSpend: 22.35 }], {
 *   bgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
 *   gammaGamma: { p: 6.25, q: 3.74, v: 15.44 },
 *   horizon: 39,
 * });
 * score?.pAlive.toFixed(3); // → '0.727'
 * score?.clv?.toFixed(2); // → '30.24'
 * score?.likelyChurned; // → false
 * ```
 */
export function scoreClvCustomers(customers: readonly ClvCustomerSummary[], options: ClvScoringOptions): ClvCustomerScore[] {
  const settings = parseClvScoringOptions(options);
  const { bgNbd, gammaGamma } = settings;
  return customers.map((row, i) => {
    const customer = parseWith(ClvCustomerSummarySchema, row, { root: [i], code: 'invalid_input' });
    const pAlive = predictBgNbdAlive(bgNbd, customer);
    const expectedPurchases = predictBgNbdPurchases(bgNbd, customer, settings.horizon);
    const base = { userId: customer.userId, x: customer.x, tX: customer.tX, T: customer.T, pAlive, expectedPurchases };
    const flag = { likelyChurned: pAlive < settings.churnThreshold };
    if (gammaGamma === undefined) return { ...base, ...flag };
    if (customer.x > 0 && customer.meanSpend === undefined) throw SiyuError.at([i, 'meanSpend'], 'required when x > 0 and Gamma-Gamma params are given');
    const expectedSpend = predictGammaGammaSpend(gammaGamma, customer);
    const purchases = settings.discountRate === 0 ? expectedPurchases : discountedPurchases(bgNbd, customer, settings);
    return { ...base, expectedSpend, clv: expectedSpend * purchases, ...flag };
  });
}
