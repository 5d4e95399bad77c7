/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999):
 * each purchase's spend ~ Gamma(p, ν), each customer's ν ~ Gamma(q, v). Fit on customers with
 * repeat purchases, and the conditional expected average spend.
 *
 * @module
 */
import { SiyuError } from '../../core/index.js';
import { computeLogGamma as logGamma } from './logGamma.js';
import { fitClvModelByLikelihood, type ClvModelFit } from './modelFit.js';
import { parseGammaGammaFitOptions, type ClvFitOptions, type GammaGammaCustomer, type GammaGammaParams } from './schema.js';

const GG_NAMES = ['p', 'q', 'v'] as const;

/** Throws a `SiyuError` at `params.<name>` unless p, q, v are positive finite numbers. */
function assertParams(params: GammaGammaParams): void {
  if (typeof params !== 'object' || params === null) throw SiyuError.at(['params'], 'must be an object with p, q, v');
  for (const name of GG_NAMES) {
    const v: unknown = params[name];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw SiyuError.at(['params', name], `must be a positive finite number, received ${String(v)}`);
  }
}

/** Customers with x > 0 as columns, with what the likelihood needs precomputed. */
interface SpendRows {
  readonly x: Float64Array;
  readonly m: Float64Array;
  /** ln z̄ per row. */
  readonly logM: Float64Array;
  /** ln x per row. */
  readonly logX: Float64Array;
  /** Index into `distinctX` per row. */
  readonly xIndex: Uint32Array;
  readonly distinctX: readonly number[];
}

/** The customers with x > 0, checked; a SiyuError names the first bad row. */
function repeatCustomers(customers: readonly GammaGammaCustomer[]): SpendRows {
  const x: number[] = [];
  const m: number[] = [];
  customers.forEach((c, i) => {
    if (typeof c !== 'object' || c === null) throw SiyuError.at([i], 'must be an object with x and meanSpend');
    if (!Number.isSafeInteger(c.x) || c.x < 0) throw SiyuError.at([i, 'x'], `must be a non-negative integer, received ${String(c.x)}`);
    if (c.x === 0) return;
    const spend = c.meanSpend;
    if (typeof spend !== 'number' || !(spend > 0) || !Number.isFinite(spend)) {
      throw SiyuError.at([i, 'meanSpend'], `must be a positive finite number when x > 0, received ${String(spend)}`);
    }
    x.push(c.x);
    m.push(spend);
  });
  const distinctX = [...new Set(x)];
  const xPos = new Map(distinctX.map((v, i) => [v, i]));
  return {
    x: Float64Array.from(x),
    m: Float64Array.from(m),
    logM: Float64Array.from(m, Math.log),
    logX: Float64Array.from(x, Math.log),
    xIndex: Uint32Array.from(x, (v) => xPos.get(v) as number),
    distinctX,
  };
}

function spendLogLikelihood(params: GammaGammaParams, rows: SpendRows): number {
  const { p, q, v } = params;
  const base = q * Math.log(v) - logGamma(q);
  // ln Γ(p·x + q) − ln Γ(p·x) depends on x only.
  const perX = rows.distinctX.map((x) => logGamma(p * x + q) - logGamma(p * x));
  let ll = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i] as number;
    const px = p * x;
    ll += (perX[rows.xIndex[i] as number] as number) + base + (px - 1) * (rows.logM[i] as number) + px * (rows.logX[i] as number) - (px + q) * Math.log(x * (rows.m[i] as number) + v);
  }
  return ll;
}

/**
 * The Gamma-Gamma log-likelihood of the mean repeat spends z̄ of the customers with x > 0
 * (customers with x = 0 carry no spend information and are skipped): Σ ln f(z̄ | x; p, q, v), with
 * f the density of the mean of x Gamma(p, ν) spends, ν ~ Gamma(q, v).
 *
 * @param params - Gamma-Gamma parameters
 * @param customers - per customer `x` and `meanSpend`
 *
 * @example
 * ```ts
 * import { computeGammaGammaLogLikelihood } from 'siyu/segments';
 * computeGammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, [{ x: 2, meanSpend: 22.35 }]).toFixed(4); // → '-3.5513'
 * computeGammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, [{ x: 2, meanSpend: 0 }]); // throws: siyu: [0].meanSpend: must be a positive
 * ```
 */
export function computeGammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly GammaGammaCustomer[]): number {
  assertParams(params);
  return spendLogLikelihood(params, repeatCustomers(customers));
}

/**
 * Fits Gamma-Gamma by maximum likelihood on the customers with x > 0: Nelder–Mead on
 * (ln p, ln q, ln v), minimising −LL/N + λ·(p² + q² + v²). The model assumes a customer's spend
 * per purchase is independent of how often they buy; check that (the correlation of `x` and
 * `meanSpend` should be near 0) before using it.
 *
 * @param customers - per customer `x` and `meanSpend` (customers with x = 0 are skipped)
 * @param options - penalty, iteration bound, tolerance, starting point
 *
 * @example
 * ```ts
 * import { fitGammaGamma } from 'siyu/segments';
 * const fit = fitGammaGamma([
 *   { x: 1, meanSpend: 30 },
 *   { x: 3, meanSpend: 22 },
 *   { x: 2, meanSpend: 41 },
 *   { x: 0, meanSpend: 0 },
 * ]);
 * fit.customers; // → 3
 * fitGammaGamma([{ x: 0 }]); // throws: siyu: customers: needs at least one customer with x > 0
 * ```
 */
export function fitGammaGamma(customers: readonly GammaGammaCustomer[], options: ClvFitOptions<GammaGammaParams> = {}): ClvModelFit<GammaGammaParams> {
  const settings = parseGammaGammaFitOptions(options);
  const rows = repeatCustomers(customers);
  const n = rows.x.length;
  if (n === 0) throw SiyuError.at(['customers'], 'needs at least one customer with x > 0');
  return fitClvModelByLikelihood<GammaGammaParams>(['p', 'q', 'v'], settings, (params) => spendLogLikelihood(params, rows), n);
}

/** Throws a `SiyuError` unless p, q, v are positive finite and q > 1 (a finite mean spend). */
function assertSpendParams(params: GammaGammaParams): void {
  assertParams(params);
  if (params.q <= 1) throw SiyuError.at(['params', 'q'], `must exceed 1 for a finite expected spend, received ${params.q}`);
}

/**
 * E[Z | z̄, x]: the expected average spend per purchase of this customer,
 * (p·(v + x·z̄)) / (p·x + q − 1) — a weighted mean of the population mean p·v/(q − 1) and the
 * customer's own mean z̄, with weight p·x/(p·x + q − 1) on z̄ (more purchases, more trust in z̄).
 * With x = 0 it is the population mean. Needs q > 1 (otherwise the mean is infinite): a
 * `SiyuError` says so. The result is in the spend's unit (minor units when built from events),
 * not rounded.
 *
 * @param params - Gamma-Gamma parameters
 * @param customer - `x` and `meanSpend`
 *
 * @example
 * ```ts
 * import { predictGammaGammaSpend } from 'siyu/segments';
 * const params = { p: 6.25, q: 3.74, v: 15.44 };
 * predictGammaGammaSpend(params, { x: 2, meanSpend: 22.35 }).toFixed(2); // → '24.66'
 * predictGammaGammaSpend(params, { x: 0 }).toFixed(2); // → '35.22'
 * predictGammaGammaSpend({ p: 6.25, q: 0.9, v: 15.44 }, { x: 0 }); // throws: siyu: params.q: must exceed 1
 * ```
 */
export function predictGammaGammaSpend(params: GammaGammaParams, customer: GammaGammaCustomer): number {
  assertSpendParams(params);
  const { p, q, v } = params;
  if (typeof customer !== 'object' || customer === null) throw SiyuError.at(['customer'], 'must be an object with x and meanSpend');
  const { x } = customer;
  if (!Number.isSafeInteger(x) || x < 0) throw SiyuError.at(['customer', 'x'], `must be a non-negative integer, received ${String(x)}`);
  if (x === 0) return (p * v) / (q - 1);
  const m = customer.meanSpend;
  if (typeof m !== 'number' || !(m >= 0) || !Number.isFinite(m)) {
    throw SiyuError.at(['customer', 'meanSpend'], `must be a non-negative finite number when x > 0, received ${String(m)}`);
  }
  return (p * (v + x * m)) / (p * x + q - 1);
}
