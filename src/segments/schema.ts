/**
 * zod schemas of every `siyu/segments` configuration, their typed shapes and their parsers:
 * metric definitions, rule tags, RFM scoring, k-means options, ordered label rules (the value
 * pyramid and layering plans) and the whole segment program.
 *
 * @module
 */
import * as z from 'zod';
import {
  ConditionSchema,
  DurationSchema,
  RoundingModeSchema,
  TimeZoneSchema,
  parseWith,
  type Condition,
  type Duration,
  type FieldPath,
  type RoundingMode,
} from '../core/index.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN_NAMES = new Set(['__proto__', 'prototype', 'constructor']);
/** Field names a segment record uses itself, so no metric may take them. */
const RESERVED_METRIC_NAMES = new Set(['userId', 'attributes', 'tags', 'rfm', 'cluster', 'pyramid', 'label']);

/** A metric name: an identifier, not reserved (`userId`, `attributes`, `tags`, `rfm`, `cluster`, `pyramid`, `label`). */
const MetricNameSchema = z.string().superRefine((name, ctx) => {
  if (!IDENTIFIER.test(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is not an identifier (letters, digits, _)` });
  else if (FORBIDDEN_NAMES.has(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is a forbidden name` });
  else if (RESERVED_METRIC_NAMES.has(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is reserved by the segment record` });
});

/** A label key (tag name, segment key, level key): non-empty, no dots or spaces, not `__proto__`. */
const LabelKeySchema = z.string().superRefine((key, ctx) => {
  if (!/^[^\s.]+$/u.test(key)) ctx.addIssue({ code: 'custom', message: `"${key}" must be non-empty without dots or spaces` });
  else if (FORBIDDEN_NAMES.has(key)) ctx.addIssue({ code: 'custom', message: `"${key}" is a forbidden name` });
});

/** A window length: a {@link Duration} of at least one unit. */
const WindowSchema = DurationSchema.refine((d) => d.amount >= 1, { message: 'a window must be at least 1 unit long' });

/** Which event types a metric reads: one type, a list, or all (absent). */
const TypeFilterSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** The fields every per-event metric shares. */
interface SegmentMetricBase {
  /** The metric's name, an identifier; conditions read it as a field of the user record. */
  readonly name: string;
  /** Event types counted: one, several, or every type when absent. */
  readonly type?: string | readonly string[] | undefined;
  /** Keep only events matching this condition (over `id`, `userId`, `type`, `at`, `amount`, `props.*`). */
  readonly where?: Condition | undefined;
  /** Look back this far from `asOf`: events in `(asOf − window, asOf]`; all history up to `asOf` when absent. */
  readonly window?: Duration | undefined;
  /** A readable description, for reports. */
  readonly description?: string | undefined;
}

/** Number of matching events in the window. */
export interface CountMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'count';
}

/** Number of distinct local days (in the program zone) with a matching event in the window. */
export interface ActiveDaysMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'activeDays';
}

/** Sum of `amount` (minor units) of matching events in the window; events without an amount add 0. */
export interface SumMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'sum';
}

/** Average `amount` over matching events that carry one, rounded to an integer; `null` when there are none. */
export interface AverageMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'avg';
  /** How the average (sum ÷ count) rounds to whole minor units; `halfUp` when absent. */
  readonly rounding?: RoundingMode | undefined;
}

/** Instant (epoch ms) of the first or last matching event in the window; `null` when none. */
export interface SeenMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'firstSeen' | 'lastSeen';
}

/** Local days from the last matching event's day to `asOf`'s day (0 = today); `null` when none. */
export interface DaysSinceLastMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'daysSinceLast';
}

/**
 * Number of orders: matching events (type `'purchase'` unless `type` says otherwise), one order
 * per event, or per distinct value of `orderIdField` when given (an event without that value is
 * its own order).
 */
export interface OrderCountMetricDefinition extends SegmentMetricBase {
  /** Discriminant. */
  readonly kind: 'orderCount';
  /** Dotted path of the order id on the event, e.g. `'props.orderId'`; needs event props. */
  readonly orderIdField?: string | undefined;
}

/**
 * A population metric: the user's bin (1 … `bins`) of another metric, with type-7 quantile cut
 * points and upper-inclusive bins (see `computeSegmentCutPoints`). `bins: 10` makes deciles, so
 * "top decile" is `bin = 10`. Users whose value is `null` (or not positive, with
 * `among: 'positive'`) get `null`.
 */
export interface QuantileBinMetricDefinition {
  /** Discriminant. */
  readonly kind: 'quantileBin';
  /** The metric's name. */
  readonly name: string;
  /** The name of an earlier metric to bin. */
  readonly of: string;
  /** Number of bins, 2–100. */
  readonly bins: number;
  /** The population the cut points come from: every user with a value (default), or only values > 0. */
  readonly among?: 'all' | 'positive' | undefined;
  /** A readable description, for reports. */
  readonly description?: string | undefined;
}

/** One metric definition, as JSON. */
export type SegmentMetricDefinition =
  | CountMetricDefinition
  | ActiveDaysMetricDefinition
  | SumMetricDefinition
  | AverageMetricDefinition
  | SeenMetricDefinition
  | DaysSinceLastMetricDefinition
  | OrderCountMetricDefinition
  | QuantileBinMetricDefinition;

const baseShape = {
  name: MetricNameSchema,
  type: TypeFilterSchema.optional(),
  where: ConditionSchema.optional(),
  window: WindowSchema.optional(),
  description: z.string().optional(),
};

/**
 * zod schema of one {@link SegmentMetricDefinition}.
 *
 * @example
 * ```ts
 * import { SegmentMetricDefinitionSchema } from 'siyu/segments';
 * SegmentMetricDefinitionSchema.safeParse({ kind: 'count', name: 'eventsIn7Days', window: { amount: 7, unit: 'day' } }).success; // → true
 * SegmentMetricDefinitionSchema.safeParse({ kind: 'count', name: 'userId' }).success; // → false
 * ```
 */
export const SegmentMetricDefinitionSchema: z.ZodType<SegmentMetricDefinition> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count'), ...baseShape }),
  z.strictObject({ kind: z.literal('activeDays'), ...baseShape }),
  z.strictObject({ kind: z.literal('sum'), ...baseShape }),
  z.strictObject({ kind: z.literal('avg'), ...baseShape, rounding: RoundingModeSchema.optional() }),
  z.strictObject({ kind: z.enum(['firstSeen', 'lastSeen']), ...baseShape }),
  z.strictObject({ kind: z.literal('daysSinceLast'), ...baseShape }),
  z.strictObject({ kind: z.literal('orderCount'), ...baseShape, orderIdField: z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/).optional() }),
  z.strictObject({
    kind: z.literal('quantileBin'),
    name: MetricNameSchema,
    of: z.string().min(1),
    bins: z.number().int().min(2).max(100),
    among: z.enum(['all', 'positive']).optional(),
    description: z.string().optional(),
  }),
]);

function checkMetricList(list: readonly SegmentMetricDefinition[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach((m, i) => {
    if (seen.has(m.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate metric name "${m.name}"` });
    if (m.kind === 'quantileBin' && !seen.has(m.of)) {
      ctx.addIssue({ code: 'custom', path: [i, 'of'], message: `"${m.of}" is not a metric defined before this one` });
    }
    if (m.kind === 'orderCount' && m.orderIdField?.split('.').some((s) => FORBIDDEN_NAMES.has(s)) === true) {
      ctx.addIssue({ code: 'custom', path: [i, 'orderIdField'], message: 'uses a forbidden segment' });
    }
    seen.add(m.name);
  });
}

/**
 * zod schema of a list of metric definitions: names unique, a `quantileBin` refers to a metric
 * defined before it.
 *
 * @example
 * ```ts
 * import { SegmentMetricListSchema } from 'siyu/segments';
 * SegmentMetricListSchema.safeParse([{ kind: 'sum', name: 'spend', type: 'purchase' }]).success; // → true
 * ```
 */
export const SegmentMetricListSchema: z.ZodType<SegmentMetricDefinition[]> = z.array(SegmentMetricDefinitionSchema).superRefine(checkMetricList);

/**
 * Parses metric definitions from untrusted JSON, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseSegmentMetrics } from 'siyu/segments';
 * parseSegmentMetrics([{ kind: 'count', name: 'orders', type: 'purchase' }]).length; // → 1
 * parseSegmentMetrics([{ kind: 'quantileBin', name: 'spendDecile', of: 'spend', bins: 10 }]); // throws: siyu: [0].of: "spend" is not a metric defined before this one
 * ```
 */
export function parseSegmentMetrics(input: unknown, root: FieldPath = []): SegmentMetricDefinition[] {
  return parseWith(SegmentMetricListSchema, input, { root });
}

/** A name in English and Chinese, for reports. */
export interface SegmentLabel {
  /** English name. */
  readonly en: string;
  /** Chinese name. */
  readonly zh: string;
}

const LabelSchema = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });

/** A rule tag (规则类标签): a name and a condition over the user record. */
export interface SegmentTagDefinition {
  /** The tag's key (`lightUser`). */
  readonly name: string;
  /** Display names. */
  readonly label?: SegmentLabel | undefined;
  /** Condition over the user record: metrics by name, `attributes.<field>`, `userId`, `rfm.*`, `cluster`. */
  readonly condition: Condition;
  /** A readable description. */
  readonly description?: string | undefined;
}

/**
 * zod schema of a {@link SegmentTagDefinition}.
 *
 * @example
 * ```ts
 * import { SegmentTagDefinitionSchema } from 'siyu/segments';
 * SegmentTagDefinitionSchema.safeParse({ name: 'big', condition: { field: 'spend', op: 'gte', value: 100_000 } }).success; // → true
 * ```
 */
export const SegmentTagDefinitionSchema: z.ZodType<SegmentTagDefinition> = z.strictObject({
  name: LabelKeySchema,
  label: LabelSchema.optional(),
  condition: ConditionSchema,
  description: z.string().optional(),
});

function checkUniqueNames(key: 'name' | 'key') {
  return <T extends object>(list: readonly T[], ctx: z.RefinementCtx): void => {
    const seen = new Set<unknown>();
    list.forEach((entry, i) => {
      const item = entry as Record<string, unknown>;
      if (seen.has(item[key])) ctx.addIssue({ code: 'custom', path: [i, key], message: `duplicate ${key} "${String(item[key])}"` });
      seen.add(item[key]);
    });
  };
}

/**
 * zod schema of a list of tag definitions (names unique).
 *
 * @example
 * ```ts
 * import { SegmentTagListSchema } from 'siyu/segments';
 * const tag = { name: 'a', condition: { all: [] } };
 * SegmentTagListSchema.safeParse([tag, tag]).success; // → false
 * ```
 */
export const SegmentTagListSchema: z.ZodType<SegmentTagDefinition[]> = z.array(SegmentTagDefinitionSchema).superRefine(checkUniqueNames('name'));

/**
 * Parses tag definitions from untrusted JSON, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseSegmentTags } from 'siyu/segments';
 * parseSegmentTags([{ name: 'vip', condition: { field: 'attributes.vip', op: 'eq', value: true } }]).length; // → 1
 * parseSegmentTags([{ name: 'vip', condition: { field: 'x', op: 'big', value: 1 } }]); // throws: siyu: [0].condition
 * ```
 */
export function parseSegmentTags(input: unknown, root: FieldPath = []): SegmentTagDefinition[] {
  return parseWith(SegmentTagListSchema, input, { root });
}

/** An inclusive score range `[lo, hi]`, scores 1–5. */
export type RfmScoreRange = readonly [number, number];

/** One named RFM segment: a key, names and inclusive score ranges for R, F and M. */
export interface RfmSegmentRule {
  /** The segment's key (`champions`). */
  readonly key: string;
  /** Display names. */
  readonly label: SegmentLabel;
  /** Recency score range (5 = most recent). */
  readonly recency: RfmScoreRange;
  /** Frequency score range. */
  readonly frequency: RfmScoreRange;
  /** Monetary score range. */
  readonly monetary: RfmScoreRange;
}

const ScoreRangeSchema = z
  .tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)])
  .refine((r) => r[0] <= r[1], { message: 'needs [lo, hi] with lo <= hi' });

/** zod schema of an {@link RfmSegmentRule}. */
export const RfmSegmentRuleSchema: z.ZodType<RfmSegmentRule> = z.strictObject({
  key: LabelKeySchema,
  label: LabelSchema,
  recency: ScoreRangeSchema,
  frequency: ScoreRangeSchema,
  monetary: ScoreRangeSchema,
});

/** Four increasing cut points: bins `(−∞, c1]`, `(c1, c2]`, `(c2, c3]`, `(c3, c4]`, `(c4, ∞)`. */
export type RfmThresholds = readonly [number, number, number, number];

/** How RFM scores are computed. */
export type RfmScoring =
  | {
      /** Quintiles of the scored population (type-7 quantiles at 0.2, 0.4, 0.6, 0.8). */
      readonly method: 'quantile';
    }
  | {
      /** Fixed cut points from config. */
      readonly method: 'thresholds';
      /** Cut points for recency in days (small = recent = high score). */
      readonly recency: RfmThresholds;
      /** Cut points for frequency (purchase count). */
      readonly frequency: RfmThresholds;
      /** Cut points for monetary (minor units). */
      readonly monetary: RfmThresholds;
    };

const ThresholdsSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]).superRefine((t, ctx) => {
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) ctx.addIssue({ code: 'custom', path: [i], message: 'must be a finite number' });
    else if (i > 0 && (t[i] as number) <= (t[i - 1] as number)) ctx.addIssue({ code: 'custom', path: [i], message: `must exceed [${i - 1}] (cut points increase)` });
  }
});

/** RFM configuration. */
export interface RfmConfig {
  /** Event types that are purchases; `['purchase']` when absent. */
  readonly purchaseTypes?: readonly string[] | undefined;
  /** Only purchases in `(asOf − lookback, asOf]` count; all history up to `asOf` when absent. */
  readonly lookback?: Duration | undefined;
  /** Quintiles (default) or fixed thresholds. */
  readonly scoring?: RfmScoring | undefined;
  /** Named segments in rule order (first match wins); the 11 built-in segments when absent. */
  readonly segments?: readonly RfmSegmentRule[] | undefined;
}

/**
 * zod schema of an {@link RfmConfig}.
 *
 * @example
 * ```ts
 * import { RfmConfigSchema } from 'siyu/segments';
 * RfmConfigSchema.safeParse({ scoring: { method: 'thresholds', recency: [7, 30, 90, 180], frequency: [1, 2, 4, 8], monetary: [10_000, 50_000, 100_000, 500_000] } }).success;
 * // → true
 * ```
 */
export const RfmConfigSchema: z.ZodType<RfmConfig> = z.strictObject({
  purchaseTypes: z.array(z.string().min(1)).min(1).optional(),
  lookback: WindowSchema.optional(),
  scoring: z
    .discriminatedUnion('method', [
      z.strictObject({ method: z.literal('quantile') }),
      z.strictObject({ method: z.literal('thresholds'), recency: ThresholdsSchema, frequency: ThresholdsSchema, monetary: ThresholdsSchema }),
    ])
    .optional(),
  segments: z.array(RfmSegmentRuleSchema).superRefine(checkUniqueNames('key')).optional(),
});

/**
 * Parses an {@link RfmConfig} from untrusted JSON, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseRfmConfig } from 'siyu/segments';
 * parseRfmConfig({}); // → {}
 * parseRfmConfig({ scoring: { method: 'thresholds', recency: [7, 7, 90, 180], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] } }); // throws: siyu: scoring.recency[1]: must exceed [0]
 * ```
 */
export function parseRfmConfig(input: unknown, root: FieldPath = []): RfmConfig {
  return parseWith(RfmConfigSchema, input, { root });
}

/** Options of k-means clustering. */
export interface KMeansOptions {
  /** Number of clusters, ≥ 1 and ≤ the number of points. */
  readonly k: number;
  /** Seed of the k-means++ seeding (required: the same seed gives the same clusters). */
  readonly seed: number | string;
  /** Standardise each feature to z-scores before clustering; default true. */
  readonly standardize?: boolean | undefined;
  /** Stop after this many Lloyd iterations; default 300. */
  readonly maxIterations?: number | undefined;
  /** Converged when no centroid moves farther than this (in the working space); default 1e-4. */
  readonly tolerance?: number | undefined;
  /** Start from these centres (in original units) instead of k-means++; `k` rows. */
  readonly initialCentroids?: readonly (readonly number[])[] | undefined;
}

/** The k-means option fields, shared by {@link KMeansOptionsSchema} and a segment program's `clustering`. */
const KMeansFields = {
  k: z.number().int().min(1),
  seed: z.union([z.number().int().refine(Number.isSafeInteger, { message: 'must be a safe integer' }), z.string()]),
  standardize: z.boolean().optional(),
  maxIterations: z.number().int().min(1).max(100_000).optional(),
  tolerance: z.number().nonnegative().refine(Number.isFinite, { message: 'must be finite' }).optional(),
  initialCentroids: z.array(z.array(z.number().refine(Number.isFinite, { message: 'must be finite' }))).optional(),
};

/**
 * zod schema of {@link KMeansOptions}.
 *
 * @example
 * ```ts
 * import { KMeansOptionsSchema } from 'siyu/segments';
 * KMeansOptionsSchema.safeParse({ k: 3, seed: 42 }).success; // → true
 * KMeansOptionsSchema.safeParse({ k: 3 }).success; // → false
 * ```
 */
export const KMeansOptionsSchema: z.ZodType<KMeansOptions> = z.strictObject(KMeansFields);

/**
 * Parses {@link KMeansOptions} from untrusted JSON, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseKMeansOptions } from 'siyu/segments';
 * parseKMeansOptions({ k: 2, seed: 'demo' }); // → { k: 2, seed: 'demo' }
 * parseKMeansOptions({ k: 0, seed: 1 }); // throws: siyu: k:
 * ```
 */
export function parseKMeansOptions(input: unknown, root: FieldPath = []): KMeansOptions {
  return parseWith(KMeansOptionsSchema, input, { root });
}

/** One rule of an ordered labelling: a key, names and the condition that earns it. */
export interface SegmentLabelRule {
  /** The label's key (`superUser`). */
  readonly key: string;
  /** Display names. */
  readonly label?: SegmentLabel | undefined;
  /** Condition over the user record (metrics, `attributes.*`, `tags`, `rfm.*`, `cluster`, `pyramid`). */
  readonly when: Condition;
}

/**
 * Ordered labelling: the first rule whose condition holds gives the user its label, else the
 * fallback. The value pyramid and layering plans are both this shape.
 */
export interface SegmentLabelRules {
  /** Rules in priority order (first match wins). */
  readonly rules: readonly SegmentLabelRule[];
  /** The label when no rule matches. */
  readonly fallback: { readonly key: string; readonly label?: SegmentLabel | undefined };
}

/**
 * zod schema of {@link SegmentLabelRules}: rule keys unique, the fallback key distinct from them.
 *
 * @example
 * ```ts
 * import { SegmentLabelRulesSchema } from 'siyu/segments';
 * SegmentLabelRulesSchema.safeParse({ rules: [{ key: 'buyer', when: { field: 'orders', op: 'gte', value: 1 } }], fallback: { key: 'visitor' } }).success;
 * // → true
 * ```
 */
export const SegmentLabelRulesSchema: z.ZodType<SegmentLabelRules> = z
  .strictObject({
    rules: z
      .array(z.strictObject({ key: LabelKeySchema, label: LabelSchema.optional(), when: ConditionSchema }))
      .superRefine(checkUniqueNames('key')),
    fallback: z.strictObject({ key: LabelKeySchema, label: LabelSchema.optional() }),
  })
  .superRefine((v, ctx) => {
    if (v.rules.some((r) => r.key === v.fallback.key)) ctx.addIssue({ code: 'custom', path: ['fallback', 'key'], message: `"${v.fallback.key}" is also a rule key` });
  });

/**
 * Parses {@link SegmentLabelRules} (a value pyramid or a layering plan), or throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { parseSegmentLabelRules } from 'siyu/segments';
 * parseSegmentLabelRules({ rules: [], fallback: { key: 'everyone' } }); // → { rules: [], fallback: { key: 'everyone' } }
 * parseSegmentLabelRules({ rules: [], fallback: { key: 'a.b' } }); // throws: siyu: fallback.key:
 * ```
 */
export function parseSegmentLabelRules(input: unknown, root: FieldPath = []): SegmentLabelRules {
  return parseWith(SegmentLabelRulesSchema, input, { root });
}

/** Clustering inside a program: k-means over some metrics, giving each user a `cluster` number. */
export interface SegmentClusteringConfig extends KMeansOptions {
  /** Metric names used as features (users with a `null` feature get no cluster). */
  readonly features: readonly string[];
}

/** A whole segment program: metrics, tags, RFM, clustering, the pyramid and a layering plan. */
export interface SegmentProgram {
  /** IANA zone for windows and local days; `'Asia/Shanghai'` by default. */
  readonly timeZone: string;
  /** Metric definitions, computed first. */
  readonly metrics: readonly SegmentMetricDefinition[];
  /** Rule tags, evaluated for every user. */
  readonly tags: readonly SegmentTagDefinition[];
  /** RFM scoring, when wanted. */
  readonly rfm?: RfmConfig | undefined;
  /** k-means clustering, when wanted. */
  readonly clustering?: SegmentClusteringConfig | undefined;
  /** The value pyramid, when wanted (see `DEFAULT_VALUE_PYRAMID`). */
  readonly pyramid?: SegmentLabelRules | undefined;
  /** A layering plan combining everything into one label, when wanted. */
  readonly plan?: SegmentLabelRules | undefined;
}

/**
 * zod schema of a {@link SegmentProgram} (shape only; `parseSegmentProgram` also checks that
 * every condition reads known fields).
 *
 * @example
 * ```ts
 * import { SegmentProgramSchema } from 'siyu/segments';
 * SegmentProgramSchema.parse({ metrics: [], tags: [] }).timeZone; // → 'Asia/Shanghai'
 * ```
 */
export const SegmentProgramSchema: z.ZodType<SegmentProgram> = z.strictObject({
  timeZone: TimeZoneSchema,
  metrics: SegmentMetricListSchema,
  tags: SegmentTagListSchema,
  rfm: RfmConfigSchema.optional(),
  clustering: z
    .strictObject({
      features: z.array(z.string().min(1)).min(1),
      ...KMeansFields,
    })
    .optional(),
  pyramid: SegmentLabelRulesSchema.optional(),
  plan: SegmentLabelRulesSchema.optional(),
});
