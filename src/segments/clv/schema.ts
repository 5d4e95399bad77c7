/**
 * zod schemas and types of the CLV models' inputs and configuration: customer summaries, model
 * parameters, fit options, summary options and scoring options.
 *
 * @module
 */
import * as z from 'zod';
import { LocalDateSchema, TimeZoneSchema, dayNumberOfLocalDate, parseWith, type LocalDate, type TimeZone } from '../../core/index.js';

/** The time unit of a CLV summary: every age, recency and horizon is counted in it. */
export type ClvTimeUnit = 'day' | 'week';

/** zod schema of a {@link ClvTimeUnit}. */
export const ClvTimeUnitSchema = z.enum(['day', 'week']);

/**
 * One customer's purchase history as BG/NBD reads it: how many repeat purchases, when the last
 * one was, and how long the customer has been observed. Times are in the summary's time unit.
 */
export interface BgNbdCustomer {
  /** `x`: repeat purchase periods (purchase days after the first one). */
  readonly x: number;
  /** `t_x`: time from the first to the last purchase (0 when `x` is 0). */
  readonly tX: number;
  /** `T`: the customer's age, from the first purchase to the end of the calibration period. */
  readonly T: number;
}

/** One customer's repeat spend as Gamma-Gamma reads it. */
export interface GammaGammaCustomer {
  /** `x`: repeat purchase periods. */
  readonly x: number;
  /** `z̄`: mean spend of the repeat purchase periods (0 or absent when `x` is 0). */
  readonly meanSpend?: number | undefined;
}

/**
 * The per-customer summary the CLV models read (the "RFM summary" of Fader, Hardie & Lee): `x`,
 * `t_x`, `T` and the mean repeat spend, for one customer.
 */
export interface ClvCustomerSummary extends BgNbdCustomer, GammaGammaCustomer {
  /** The customer (the events' `userId`). */
  readonly userId: string;
  /** `x`: repeat purchase periods (purchase days after the first one). */
  readonly x: number;
  /** Purchase periods in the holdout period, present when the summary was built with `holdoutEnd`. */
  readonly holdoutPurchases?: number | undefined;
}

const nonNegative = z.number().min(0);
const positive = z.number().positive();

/**
 * zod schema of a {@link ClvCustomerSummary}: `x` a non-negative integer, `tX` and `T`
 * non-negative with `tX ≤ T`, `tX = 0` when `x = 0`, `meanSpend` non-negative.
 *
 * @example
 * ```ts
 * import { ClvCustomerSummarySchema } from 'siyu/segments';
 * ClvCustomerSummarySchema.safeParse({ userId: 'u1', x: 2, tX: 30.43, T: 38.86 }).success; // → true
 * ClvCustomerSummarySchema.safeParse({ userId: 'u1', x: 2, tX: 40, T: 38.86 }).success; // → false
 * ```
 */
export const ClvCustomerSummarySchema = z
  .strictObject({
    userId: z.string().min(1),
    x: z.number().int().min(0),
    tX: nonNegative,
    T: nonNegative,
    meanSpend: nonNegative.optional(),
    holdoutPurchases: z.number().int().min(0).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.tX > c.T) ctx.addIssue({ code: 'custom', path: ['tX'], message: `must not exceed T (${c.T}), received ${c.tX}` });
    if (c.x === 0 && c.tX !== 0) ctx.addIssue({ code: 'custom', path: ['tX'], message: `must be 0 when x is 0, received ${c.tX}` });
  });

/** zod schema of a list of {@link ClvCustomerSummary}s with distinct `userId`s. */
export const ClvCustomerSummariesSchema = z.array(ClvCustomerSummarySchema).superRefine((rows, ctx) => {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (seen.has(row.userId)) ctx.addIssue({ code: 'custom', path: [i, 'userId'], message: `duplicate customer "${row.userId}"` });
    seen.add(row.userId);
  });
});

/**
 * Parses customer summaries from untrusted input (a CSV import, a warehouse export), or throws a
 * `SiyuError` naming the row and field.
 *
 * @example
 * ```ts
 * import { parseClvSummaries } from 'siyu/segments';
 * parseClvSummaries([{ userId: '1', x: 2, tX: 30.43, T: 38.86, meanSpend: 22.35 }]).length; // → 1
 * parseClvSummaries([{ userId: '1', x: 0, tX: 0, T: -1 }]); // throws: siyu: [0].T: Too small
 * ```
 */
export function parseClvSummaries(input: unknown): ClvCustomerSummary[] {
  return parseWith(ClvCustomerSummariesSchema, input);
}

/** BG/NBD parameters: purchase rates λ ~ Gamma(r, α), dropout probabilities p ~ Beta(a, b). */
export interface BgNbdParams {
  /** Shape of the gamma distribution of purchase rates. */
  readonly r: number;
  /** Scale (in time units) of the gamma distribution of purchase rates. */
  readonly alpha: number;
  /** First shape of the beta distribution of dropout probabilities. */
  readonly a: number;
  /** Second shape of the beta distribution of dropout probabilities. */
  readonly b: number;
}

/**
 * zod schema of {@link BgNbdParams}: four positive finite numbers.
 *
 * @example
 * ```ts
 * import { BgNbdParamsSchema } from 'siyu/segments';
 * BgNbdParamsSchema.safeParse({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).success; // → true
 * BgNbdParamsSchema.safeParse({ r: 0, alpha: 4.414, a: 0.793, b: 2.426 }).success; // → false
 * ```
 */
export const BgNbdParamsSchema = z.strictObject({ r: positive, alpha: positive, a: positive, b: positive });

/**
 * Parses {@link BgNbdParams} (e.g. stored after a fit), or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseBgNbdParams } from 'siyu/segments';
 * parseBgNbdParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).alpha; // → 4.414
 * parseBgNbdParams({ r: 0.243, alpha: -1, a: 0.793, b: 2.426 }); // throws: siyu: alpha: Too small
 * ```
 */
export function parseBgNbdParams(input: unknown): BgNbdParams {
  return parseWith(BgNbdParamsSchema, input);
}

/**
 * Gamma-Gamma parameters: a transaction's spend ~ Gamma(p, ν), the customer's ν ~ Gamma(q, v);
 * the population mean spend is p·v / (q − 1).
 */
export interface GammaGammaParams {
  /** Shape of the spend of one transaction. */
  readonly p: number;
  /** Shape of the gamma distribution of the customers' rate ν. */
  readonly q: number;
  /** Scale (in money units) of the gamma distribution of ν. */
  readonly v: number;
}

/**
 * zod schema of {@link GammaGammaParams}: three positive finite numbers.
 *
 * @example
 * ```ts
 * import { GammaGammaParamsSchema } from 'siyu/segments';
 * GammaGammaParamsSchema.safeParse({ p: 6.25, q: 3.74, v: 15.44 }).success; // → true
 * ```
 */
export const GammaGammaParamsSchema = z.strictObject({ p: positive, q: positive, v: positive });

/**
 * Parses {@link GammaGammaParams}, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseGammaGammaParams } from 'siyu/segments';
 * parseGammaGammaParams({ p: 6.25, q: 3.74, v: 15.44 }).q; // → 3.74
 * parseGammaGammaParams({ p: 6.25, q: 3.74 }); // throws: siyu: v: required
 * ```
 */
export function parseGammaGammaParams(input: unknown): GammaGammaParams {
  return parseWith(GammaGammaParamsSchema, input);
}

/** Options of a maximum-likelihood fit (BG/NBD or Gamma-Gamma); every field has a default. */
export interface ClvFitOptions<Params> {
  /** L2 penalty λ: the fit minimises −LL/N + λ·Σθ² over the natural parameters θ. Default 0. */
  readonly l2Penalty?: number | undefined;
  /** Bound on Nelder–Mead iterations. Default 2,000. */
  readonly maxIterations?: number | undefined;
  /** Converged when the simplex spans at most this in −LL/N and in log-parameters. Default 1e-10. */
  readonly tolerance?: number | undefined;
  /** Starting point; default r = α = a = b = 1 (BG/NBD) or p = q = v = 1 (Gamma-Gamma). */
  readonly initial?: Params | undefined;
}

/** {@link ClvFitOptions} with defaults applied. */
export interface ClvFitSettings<Params> {
  /** L2 penalty λ (0 for a plain maximum-likelihood fit). */
  readonly l2Penalty: number;
  /** Bound on Nelder–Mead iterations. */
  readonly maxIterations: number;
  /** Convergence tolerance. */
  readonly tolerance: number;
  /** Starting point, when given. */
  readonly initial?: Params | undefined;
}

function fitOptionsSchema<S extends z.ZodType>(initial: S) {
  return z.strictObject({
    l2Penalty: nonNegative.default(0),
    maxIterations: z.number().int().positive().max(1_000_000).default(2_000),
    tolerance: positive.max(1e-2).default(1e-10),
    initial: initial.optional(),
  });
}

/**
 * zod schema of BG/NBD {@link ClvFitOptions}.
 *
 * @example
 * ```ts
 * import { BgNbdFitOptionsSchema } from 'siyu/segments';
 * BgNbdFitOptionsSchema.parse({}); // → { l2Penalty: 0, maxIterations: 2000, tolerance: 1e-10 }
 * ```
 */
export const BgNbdFitOptionsSchema = fitOptionsSchema(BgNbdParamsSchema);

/**
 * zod schema of Gamma-Gamma {@link ClvFitOptions}.
 *
 * @example
 * ```ts
 * import { GammaGammaFitOptionsSchema } from 'siyu/segments';
 * GammaGammaFitOptionsSchema.parse({ l2Penalty: 0.01 }).l2Penalty; // → 0.01
 * ```
 */
export const GammaGammaFitOptionsSchema = fitOptionsSchema(GammaGammaParamsSchema);

/**
 * Parses BG/NBD fit options and applies defaults, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseBgNbdFitOptions } from 'siyu/segments';
 * parseBgNbdFitOptions({ l2Penalty: 0.001 }).maxIterations; // → 2000
 * parseBgNbdFitOptions({ l2Penalty: -1 }); // throws: siyu: l2Penalty: Too small
 * ```
 */
export function parseBgNbdFitOptions(input: unknown): ClvFitSettings<BgNbdParams> {
  return parseWith(BgNbdFitOptionsSchema, input);
}

/**
 * Parses Gamma-Gamma fit options and applies defaults, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseGammaGammaFitOptions } from 'siyu/segments';
 * parseGammaGammaFitOptions({}).tolerance; // → 1e-10
 * parseGammaGammaFitOptions({ initial: { p: 1, q: 1 } }); // throws: siyu: initial.v: required
 * ```
 */
export function parseGammaGammaFitOptions(input: unknown): ClvFitSettings<GammaGammaParams> {
  return parseWith(GammaGammaFitOptionsSchema, input);
}

/** How {@link buildClvSummary} turns purchase events into customer summaries. */
export interface ClvSummaryOptions {
  /** Last local day of the calibration period (inclusive); later purchases are not in `x`, `t_x`, `T`. */
  readonly calibrationEnd: LocalDate;
  /** Last local day of an optional holdout period; adds `holdoutPurchases` to each summary. */
  readonly holdoutEnd?: LocalDate | undefined;
  /** Unit of `t_x` and `T`: `'day'` (default) or `'week'` (7 local days). */
  readonly timeUnit?: ClvTimeUnit | undefined;
  /** Zone of the local days; default `'Asia/Shanghai'`. */
  readonly timeZone?: TimeZone | undefined;
  /** Event type that counts as a purchase; default `'purchase'`. */
  readonly purchaseType?: string | undefined;
}

/** {@link ClvSummaryOptions} with defaults applied. */
export interface ClvSummarySettings {
  /** Last local day of the calibration period (inclusive). */
  readonly calibrationEnd: LocalDate;
  /** Last local day of the holdout period, when there is one. */
  readonly holdoutEnd?: LocalDate | undefined;
  /** Unit of `t_x` and `T`. */
  readonly timeUnit: ClvTimeUnit;
  /** Zone of the local days. */
  readonly timeZone: TimeZone;
  /** Event type that counts as a purchase. */
  readonly purchaseType: string;
}

/**
 * zod schema of {@link ClvSummaryOptions}; `holdoutEnd` must come after `calibrationEnd`.
 *
 * @example
 * ```ts
 * import { ClvSummaryOptionsSchema } from 'siyu/segments';
 * ClvSummaryOptionsSchema.parse({ calibrationEnd: '1997-09-30', timeUnit: 'week' }).timeZone; // → 'Asia/Shanghai'
 * ```
 */
export const ClvSummaryOptionsSchema = z
  .strictObject({
    calibrationEnd: LocalDateSchema,
    holdoutEnd: LocalDateSchema.optional(),
    timeUnit: ClvTimeUnitSchema.default('day'),
    timeZone: TimeZoneSchema,
    purchaseType: z.string().min(1).default('purchase'),
  })
  .superRefine((o, ctx) => {
    if (o.holdoutEnd !== undefined && dayNumberOfLocalDate(o.holdoutEnd) <= dayNumberOfLocalDate(o.calibrationEnd)) {
      ctx.addIssue({ code: 'custom', path: ['holdoutEnd'], message: `must come after calibrationEnd (${o.calibrationEnd})` });
    }
  });

/**
 * Parses {@link ClvSummaryOptions} and applies defaults, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseClvSummaryOptions } from 'siyu/segments';
 * parseClvSummaryOptions({ calibrationEnd: '1997-09-30' }).timeUnit; // → 'day'
 * parseClvSummaryOptions({ calibrationEnd: '1997-09-30', holdoutEnd: '1997-09-01' }); // throws: siyu: holdoutEnd: must come after calibrationEnd
 * ```
 */
export function parseClvSummaryOptions(input: unknown): ClvSummarySettings {
  return parseWith(ClvSummaryOptionsSchema, input);
}

/** How CLV is accumulated over a horizon: how far ahead, and how future purchases are discounted. */
export interface ClvValueOptions {
  /** How far ahead, in the summary's time unit (e.g. 52 weeks, 365 days). */
  readonly horizon: number;
  /** Discount rate per discount step (0.01 = 1 % per step); default 0 (no discounting). */
  readonly discountRate?: number | undefined;
  /** Length of one discount step in time units (e.g. 30 days for a monthly rate); default 1. */
  readonly discountStep?: number | undefined;
}

/** {@link ClvValueOptions} with defaults applied. */
export interface ClvValueSettings {
  /** How far ahead, in time units. */
  readonly horizon: number;
  /** Discount rate per step. */
  readonly discountRate: number;
  /** Length of one discount step, in time units. */
  readonly discountStep: number;
}

const valueShape = {
  horizon: nonNegative.max(1e6),
  discountRate: nonNegative.max(10).default(0),
  discountStep: positive.default(1),
};

/**
 * zod schema of {@link ClvValueOptions}.
 *
 * @example
 * ```ts
 * import { ClvValueOptionsSchema } from 'siyu/segments';
 * ClvValueOptionsSchema.parse({ horizon: 52 }); // → { horizon: 52, discountRate: 0, discountStep: 1 }
 * ```
 */
export const ClvValueOptionsSchema = z.strictObject(valueShape).superRefine(checkSteps);

function checkSteps(o: { horizon: number; discountStep: number }, ctx: z.RefinementCtx): void {
  if (o.horizon / o.discountStep > 100_000) ctx.addIssue({ code: 'custom', path: ['discountStep'], message: 'must leave at most 100,000 steps in the horizon' });
}

/**
 * Parses {@link ClvValueOptions} and applies defaults, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseClvValueOptions } from 'siyu/segments';
 * parseClvValueOptions({ horizon: 365, discountRate: 0.01, discountStep: 30 }).discountStep; // → 30
 * parseClvValueOptions({ horizon: Number.NaN }); // throws: siyu: horizon:
 * ```
 */
export function parseClvValueOptions(input: unknown): ClvValueSettings {
  return parseWith(ClvValueOptionsSchema, input);
}

/** Options of {@link scoreClvCustomers}: fitted models, a horizon, and the churn threshold. */
export interface ClvScoringOptions extends ClvValueOptions {
  /** Fitted BG/NBD parameters. */
  readonly bgNbd: BgNbdParams;
  /** Fitted Gamma-Gamma parameters; without them scores carry no spend or CLV. */
  readonly gammaGamma?: GammaGammaParams | undefined;
  /** A customer is `likelyChurned` when P(alive) is below this; default 0.5. */
  readonly churnThreshold?: number | undefined;
}

/** {@link ClvScoringOptions} with defaults applied. */
export interface ClvScoringSettings extends ClvValueSettings {
  /** Fitted BG/NBD parameters. */
  readonly bgNbd: BgNbdParams;
  /** Fitted Gamma-Gamma parameters, when given. */
  readonly gammaGamma?: GammaGammaParams | undefined;
  /** P(alive) threshold of `likelyChurned`. */
  readonly churnThreshold: number;
}

/**
 * zod schema of {@link ClvScoringOptions}; Gamma-Gamma's `q` must exceed 1 (a finite mean spend).
 *
 * @example
 * ```ts
 * import { ClvScoringOptionsSchema } from 'siyu/segments';
 * ClvScoringOptionsSchema.parse({ bgNbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, horizon: 52 }).churnThreshold; // → 0.5
 * ```
 */
export const ClvScoringOptionsSchema = z
  .strictObject({
    ...valueShape,
    bgNbd: BgNbdParamsSchema,
    gammaGamma: GammaGammaParamsSchema.optional(),
    churnThreshold: z.number().min(0).max(1).default(0.5),
  })
  .superRefine((o, ctx) => {
    checkSteps(o, ctx);
    if (o.gammaGamma !== undefined && o.gammaGamma.q <= 1) {
      ctx.addIssue({ code: 'custom', path: ['gammaGamma', 'q'], message: `must exceed 1 for a finite expected spend, received ${o.gammaGamma.q}` });
    }
  });

/**
 * Parses {@link ClvScoringOptions} and applies defaults, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseClvScoringOptions } from 'siyu/segments';
 * const bgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * parseClvScoringOptions({ bgNbd, horizon: 52 }).discountRate; // → 0
 * parseClvScoringOptions({ bgNbd, horizon: 52, churnThreshold: 2 }); // throws: siyu: churnThreshold: Too big
 * ```
 */
export function parseClvScoringOptions(input: unknown): ClvScoringSettings {
  return parseWith(ClvScoringOptionsSchema, input);
}

/** Options of {@link minimizeNelderMead}; every field has a default. */
export interface NelderMeadOptions {
  /** Bound on iterations (reflections, expansions, contractions, shrinks). Default 5,000. */
  readonly maxIterations?: number | undefined;
  /** Converged when the simplex's values span at most this… Default 1e-10. */
  readonly functionTolerance?: number | undefined;
  /** …and its vertices lie within this distance (max-norm) of the best one. Default 1e-5. */
  readonly pointTolerance?: number | undefined;
  /** Edge of the initial simplex along each axis. Default 0.5. */
  readonly initialStep?: number | undefined;
  /** Every coordinate is clamped into [−bound, bound]. Default 1e6. */
  readonly bound?: number | undefined;
}

/** {@link NelderMeadOptions} with defaults applied. */
export interface NelderMeadSettings {
  /** Bound on iterations. */
  readonly maxIterations: number;
  /** Tolerance on the spread of the simplex's values. */
  readonly functionTolerance: number;
  /** Tolerance on the simplex's size (max-norm). */
  readonly pointTolerance: number;
  /** Edge of the initial simplex. */
  readonly initialStep: number;
  /** Coordinates are clamped into [−bound, bound]. */
  readonly bound: number;
}

/**
 * zod schema of {@link NelderMeadOptions}.
 *
 * @example
 * ```ts
 * import { NelderMeadOptionsSchema } from 'siyu/segments';
 * NelderMeadOptionsSchema.parse({}).maxIterations; // → 5000
 * ```
 */
export const NelderMeadOptionsSchema = z.strictObject({
  maxIterations: z.number().int().positive().max(1_000_000).default(5_000),
  functionTolerance: positive.default(1e-10),
  pointTolerance: positive.default(1e-5),
  initialStep: positive.default(0.5),
  bound: positive.default(1e6),
});

/**
 * Parses {@link NelderMeadOptions} and applies defaults, or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseNelderMeadOptions } from 'siyu/segments';
 * parseNelderMeadOptions({ maxIterations: 200 }).initialStep; // → 0.5
 * parseNelderMeadOptions({ initialStep: 0 }); // throws: siyu: initialStep: Too small
 * ```
 */
export function parseNelderMeadOptions(input: unknown): NelderMeadSettings {
  return parseWith(NelderMeadOptionsSchema, input);
}
