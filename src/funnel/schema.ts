/**
 * zod schemas of the funnel module's definitions: funnels, retention, lifecycle counts,
 * stickiness and order metrics. Every definition is plain JSON; parse it once at the boundary.
 *
 * @module
 */
import * as z from 'zod';
import {
  ConditionSchema,
  FieldPathSchema,
  InstantSchema,
  IsoWeekdaySchema,
  LocalDateSchema,
  TimeZoneSchema,
  parseWith,
  type Condition,
  type FieldPath,
  type Instant,
  type IsoWeekday,
  type LocalDate,
  type TimeZone,
} from '../core/index.js';

/** Most steps a funnel may have (step matches are kept as 31-bit masks). */
export const MAX_FUNNEL_STEPS = 31;

/**
 * Which events count: an event `type` and, optionally, a core condition over the event
 * (`{ field: 'props.channel', op: 'eq', value: 'douyin' }`; fields are `id`, `userId`, `type`,
 * `at`, `amount`, `props.*`).
 */
export interface EventMatcher {
  /** The event type, e.g. `'add_friend'`. */
  readonly type: string;
  /** A further filter on the event, in the core condition language. */
  readonly where?: Condition | undefined;
}

/** A funnel step: an {@link EventMatcher} with an optional display name and deadline. */
export interface FunnelStep extends EventMatcher {
  /** Display name; the event type when absent. */
  readonly name?: string | undefined;
  /**
   * A tighter deadline for this step, measured from the step-1 event like the funnel window and
   * inclusive ("joined a group within 3 days" in a 7-day funnel). Not on step 1, not in
   * unordered funnels, never longer than the funnel window.
   */
  readonly within?: FunnelWindow | undefined;
}

/** An exclusion: a user who does this event between two steps of their path leaves the whole funnel. */
export interface FunnelExclusion extends EventMatcher {
  /** Index (0-based) of the step after which the exclusion applies. */
  readonly fromStep: number;
  /** Index (0-based) of the step before which the exclusion applies; greater than `fromStep`. */
  readonly toStep: number;
}

/** Conversion window length. Elapsed time: a day is 86 400 000 ms (as PostHog and ClickHouse). */
export interface FunnelWindow {
  /** How many units; a non-negative integer. */
  readonly amount: number;
  /** The unit. */
  readonly unit: 'second' | 'minute' | 'hour' | 'day' | 'week';
}

/** A funnel: ordered steps, a window, and how repeats, exclusions, breakdowns and dates work. */
export interface FunnelDefinition {
  /** The steps, first to last (1 to 31). */
  readonly steps: readonly FunnelStep[];
  /**
   * `ordered`: steps in order, other events may sit between (default); `strict`: each step must
   * be the user's very next event after the previous step; `unordered`: steps in any order.
   */
  readonly order: 'ordered' | 'strict' | 'unordered';
  /** Conversion window from the step-1 event, inclusive. Default 14 days. */
  readonly window: FunnelWindow;
  /** Which step-1 event starts the window when step 1 repeats. Default `latest`. */
  readonly anchor: 'latest' | 'first';
  /** Exclusion events (not with `unordered`). */
  readonly exclusions: readonly FunnelExclusion[];
  /** Break the result down by this event field, read from the user's first step-1 event. */
  readonly breakdown?: { readonly field: string } | undefined;
  /** Only step-1 events (`entry`) or every step event (`all`) must fall in `[from, to)`. */
  readonly dateRange?: { readonly from: Instant; readonly to: Instant; readonly mode: 'entry' | 'all' } | undefined;
}

/**
 * zod schema of an {@link EventMatcher}.
 *
 * @example
 * ```ts
 * import { EventMatcherSchema } from 'siyu/funnel';
 * EventMatcherSchema.safeParse({ type: 'purchase', where: { field: 'amount', op: 'gte', value: 10_000 } }).success; // → true
 * ```
 */
export const EventMatcherSchema = z.strictObject({
  type: z.string().min(1),
  where: ConditionSchema.optional(),
});

const FunnelWindowSchema = z.strictObject({
  amount: z.number().int().nonnegative().max(1_000_000),
  unit: z.enum(['second', 'minute', 'hour', 'day', 'week']),
});

const FUNNEL_UNIT_MS: Record<FunnelWindow['unit'], number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

/** A funnel window in ms (elapsed time; a day is 86 400 000 ms). Internal to the module. */
export function funnelWindowMs(window: FunnelWindow): number {
  return window.amount * FUNNEL_UNIT_MS[window.unit];
}

const FunnelStepSchema = z.strictObject({
  type: z.string().min(1),
  where: ConditionSchema.optional(),
  name: z.string().min(1).optional(),
  within: FunnelWindowSchema.optional(),
});

const FunnelExclusionSchema = z.strictObject({
  type: z.string().min(1),
  where: ConditionSchema.optional(),
  fromStep: z.number().int().nonnegative(),
  toStep: z.number().int().positive(),
});

/**
 * zod schema of a {@link FunnelDefinition}, with cross-field checks (exclusion steps exist and
 * are ordered, no exclusions in unordered funnels, `dateRange.from < dateRange.to`).
 *
 * @example
 * ```ts
 * import { FunnelDefinitionSchema } from 'siyu/funnel';
 * FunnelDefinitionSchema.parse({ steps: [{ type: 'add_friend' }, { type: 'join_group' }] }).window;
 * // → { amount: 14, unit: 'day' }
 * ```
 */
export const FunnelDefinitionSchema = z
  .strictObject({
    steps: z.array(FunnelStepSchema).min(1, { message: 'a funnel needs at least one step' }).max(MAX_FUNNEL_STEPS),
    order: z.enum(['ordered', 'strict', 'unordered']).default('ordered'),
    window: FunnelWindowSchema.default({ amount: 14, unit: 'day' }),
    anchor: z.enum(['latest', 'first']).default('latest'),
    exclusions: z.array(FunnelExclusionSchema).default([]),
    breakdown: z.strictObject({ field: FieldPathSchema }).optional(),
    dateRange: z
      .strictObject({ from: InstantSchema, to: InstantSchema, mode: z.enum(['entry', 'all']).default('entry') })
      .optional(),
  })
  .superRefine((def, ctx) => {
    def.steps.forEach((step, i) => {
      if (step.within === undefined) return;
      const path = ['steps', i, 'within'];
      if (i === 0) ctx.addIssue({ code: 'custom', path, message: 'step 1 starts the window; give later steps a deadline' });
      else if (def.order === 'unordered') ctx.addIssue({ code: 'custom', path, message: 'step deadlines need an ordered or strict funnel' });
      else if (funnelWindowMs(step.within) > funnelWindowMs(def.window)) ctx.addIssue({ code: 'custom', path, message: 'must not exceed the funnel window' });
    });
    def.exclusions.forEach((ex, i) => {
      if (def.order === 'unordered') {
        ctx.addIssue({ code: 'custom', path: ['exclusions', i], message: 'exclusions need an ordered or strict funnel' });
      }
      if (ex.toStep <= ex.fromStep) {
        ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'toStep'], message: `must exceed exclusions[${i}].fromStep` });
      }
      if (ex.toStep >= def.steps.length) {
        ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'toStep'], message: `must name a step (0 to ${def.steps.length - 1})` });
      }
    });
    if (def.dateRange !== undefined && !(def.dateRange.from < def.dateRange.to)) {
      ctx.addIssue({ code: 'custom', path: ['dateRange', 'to'], message: 'must be after dateRange.from' });
    }
  });

/** What {@link FunnelDefinitionSchema} accepts (defaults optional, instants as Date, ISO or epoch ms). */
export type FunnelDefinitionInput = z.input<typeof FunnelDefinitionSchema>;

/**
 * Parses a {@link FunnelDefinition} from untrusted input, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseFunnelDefinition } from 'siyu/funnel';
 * parseFunnelDefinition({ steps: [{ type: 'add_friend' }] }).anchor; // → 'latest'
 * parseFunnelDefinition({ steps: [] }); // throws: siyu: steps: a funnel needs at least one step
 * parseFunnelDefinition({ steps: [{ type: 'a' }], window: { amount: -1, unit: 'hour' } }); // throws: siyu: window.amount:
 * ```
 */
export function parseFunnelDefinition(input: unknown, root: FieldPath = []): FunnelDefinition {
  return parseWith(FunnelDefinitionSchema, input, { root }) as FunnelDefinition;
}

/** Calendar period of retention, lifecycle counts and stickiness. */
export type AnalyticsPeriod = 'day' | 'week' | 'month';

/** Local dates `from`–`to`, both inclusive, widened to whole periods. */
export interface LocalDateRange {
  /** First local date (YYYY-MM-DD). */
  readonly from: LocalDate;
  /** Last local date, inclusive. */
  readonly to: LocalDate;
}

const LocalDateRangeSchema = z
  .strictObject({ from: LocalDateSchema, to: LocalDateSchema })
  .refine((r) => r.from <= r.to, { message: 'must not be before range.from', path: ['to'] }); // YYYY-MM-DD sorts as dates

const PeriodFields = {
  period: z.enum(['day', 'week', 'month']),
  weekStart: IsoWeekdaySchema.default(1),
  timeZone: TimeZoneSchema,
  range: LocalDateRangeSchema,
};

/** Cohort retention: who came back after the start event, per calendar period. */
export interface RetentionDefinition {
  /** The event that puts a user in a cohort. */
  readonly startEvent: EventMatcher;
  /** The event that counts as coming back. */
  readonly returnEvent: EventMatcher;
  /** `firstTime`: cohort by the first start event ever; `recurring`: a cohort for every period with a start event. */
  readonly cohortBy: 'firstTime' | 'recurring';
  /** `on`: returned in exactly period k; `onOrAfter`: returned in period k or any later one. */
  readonly returnMode: 'on' | 'onOrAfter';
  /** Calendar period. */
  readonly period: AnalyticsPeriod;
  /** First day of a week (ISO weekday, 1 = Monday). */
  readonly weekStart: IsoWeekday;
  /** IANA zone of the calendar; default `'Asia/Shanghai'`. */
  readonly timeZone: TimeZone;
  /** Cohort periods: those overlapping these local dates. */
  readonly range: LocalDateRange;
  /** Offsets after the cohort period to report (columns 1…periods). */
  readonly periods: number;
}

/**
 * zod schema of a {@link RetentionDefinition}.
 *
 * @example
 * ```ts
 * import { RetentionDefinitionSchema } from 'siyu/funnel';
 * const def = RetentionDefinitionSchema.parse({
 *   startEvent: { type: 'join_group' }, returnEvent: { type: 'message' },
 *   period: 'day', range: { from: '2026-11-02', to: '2026-11-08' }, periods: 7,
 * });
 * def.timeZone; // → 'Asia/Shanghai'
 * ```
 */
export const RetentionDefinitionSchema = z.strictObject({
  startEvent: EventMatcherSchema,
  returnEvent: EventMatcherSchema,
  cohortBy: z.enum(['firstTime', 'recurring']).default('firstTime'),
  returnMode: z.enum(['on', 'onOrAfter']).default('on'),
  ...PeriodFields,
  periods: z.number().int().positive().max(1000),
});

/** What {@link RetentionDefinitionSchema} accepts. */
export type RetentionDefinitionInput = z.input<typeof RetentionDefinitionSchema>;

/**
 * Parses a {@link RetentionDefinition}, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseRetentionDefinition } from 'siyu/funnel';
 * const base = { startEvent: { type: 'join_group' }, returnEvent: { type: 'message' }, range: { from: '2026-11-02', to: '2026-11-08' }, periods: 7 };
 * parseRetentionDefinition({ ...base, period: 'week' }).weekStart; // → 1
 * parseRetentionDefinition({ ...base, period: 'fortnight' }); // throws: siyu: period:
 * ```
 */
export function parseRetentionDefinition(input: unknown, root: FieldPath = []): RetentionDefinition {
  return parseWith(RetentionDefinitionSchema, input, { root }) as RetentionDefinition;
}

/** Lifecycle counts: new / returning / resurrecting / dormant users per period. */
export interface LifecycleCountsDefinition {
  /** The event that makes a user active in a period. */
  readonly activeEvent: EventMatcher;
  /** Calendar period. */
  readonly period: AnalyticsPeriod;
  /** First day of a week (ISO weekday, 1 = Monday). */
  readonly weekStart: IsoWeekday;
  /** IANA zone; default `'Asia/Shanghai'`. */
  readonly timeZone: TimeZone;
  /** Reported periods: those overlapping these local dates. */
  readonly range: LocalDateRange;
}

/**
 * zod schema of a {@link LifecycleCountsDefinition}.
 *
 * @example
 * ```ts
 * import { LifecycleCountsDefinitionSchema } from 'siyu/funnel';
 * LifecycleCountsDefinitionSchema.safeParse({ activeEvent: { type: 'message' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-15' } }).success;
 * // → true
 * ```
 */
export const LifecycleCountsDefinitionSchema = z.strictObject({
  activeEvent: EventMatcherSchema,
  ...PeriodFields,
});

/** What {@link LifecycleCountsDefinitionSchema} accepts. */
export type LifecycleCountsDefinitionInput = z.input<typeof LifecycleCountsDefinitionSchema>;

/**
 * Parses a {@link LifecycleCountsDefinition}, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseLifecycleCountsDefinition } from 'siyu/funnel';
 * parseLifecycleCountsDefinition({ activeEvent: { type: 'message' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-15' } }).period; // → 'day'
 * parseLifecycleCountsDefinition({ activeEvent: { type: 'message' }, period: 'day', range: { from: '2026-11-15', to: '2026-11-02' } }); // throws: siyu: range.to:
 * ```
 */
export function parseLifecycleCountsDefinition(input: unknown, root: FieldPath = []): LifecycleCountsDefinition {
  return parseWith(LifecycleCountsDefinitionSchema, input, { root }) as LifecycleCountsDefinition;
}

/** Stickiness: how many users were active on n periods of a range. */
export type StickinessDefinition = LifecycleCountsDefinition;

/**
 * zod schema of a {@link StickinessDefinition} (same fields as lifecycle counts).
 *
 * @example
 * ```ts
 * import { StickinessDefinitionSchema } from 'siyu/funnel';
 * StickinessDefinitionSchema.safeParse({ activeEvent: { type: 'check_in' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' } }).success;
 * // → true
 * ```
 */
export const StickinessDefinitionSchema = LifecycleCountsDefinitionSchema;

/** What {@link StickinessDefinitionSchema} accepts. */
export type StickinessDefinitionInput = z.input<typeof StickinessDefinitionSchema>;

/**
 * Parses a {@link StickinessDefinition}, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseStickinessDefinition } from 'siyu/funnel';
 * parseStickinessDefinition({ activeEvent: { type: 'check_in' }, period: 'week', range: { from: '2026-11-02', to: '2026-11-29' } }).weekStart; // → 1
 * parseStickinessDefinition({ activeEvent: { type: 'check_in' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' }, extra: 1 }); // throws: siyu: extra: unknown key
 * ```
 */
export function parseStickinessDefinition(input: unknown, root: FieldPath = []): StickinessDefinition {
  return parseWith(StickinessDefinitionSchema, input, { root }) as StickinessDefinition;
}

/** Order metrics: GMV, orders, buyers, repeat buyers over order events in an instant range. */
export interface OrderMetricsDefinition {
  /** The order event; its `amount` (fen) is the order value (absent = 0). */
  readonly orderEvent: EventMatcher;
  /** Only orders in `[from, to)` count. */
  readonly dateRange?: { readonly from: Instant; readonly to: Instant } | undefined;
}

/**
 * zod schema of an {@link OrderMetricsDefinition}.
 *
 * @example
 * ```ts
 * import { OrderMetricsDefinitionSchema } from 'siyu/funnel';
 * OrderMetricsDefinitionSchema.safeParse({ orderEvent: { type: 'purchase' } }).success; // → true
 * ```
 */
export const OrderMetricsDefinitionSchema = z
  .strictObject({
    orderEvent: EventMatcherSchema,
    dateRange: z.strictObject({ from: InstantSchema, to: InstantSchema }).optional(),
  })
  .refine((d) => d.dateRange === undefined || d.dateRange.from < d.dateRange.to, { message: 'must be after dateRange.from', path: ['dateRange', 'to'] });

/** What {@link OrderMetricsDefinitionSchema} accepts. */
export type OrderMetricsDefinitionInput = z.input<typeof OrderMetricsDefinitionSchema>;

/**
 * Parses an {@link OrderMetricsDefinition}, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseOrderMetricsDefinition } from 'siyu/funnel';
 * parseOrderMetricsDefinition({ orderEvent: { type: 'purchase' } }); // → { orderEvent: { type: 'purchase' } }
 * parseOrderMetricsDefinition({ orderEvent: { type: '' } }); // throws: siyu: orderEvent.type:
 * ```
 */
export function parseOrderMetricsDefinition(input: unknown, root: FieldPath = []): OrderMetricsDefinition {
  return parseWith(OrderMetricsDefinitionSchema, input, { root }) as OrderMetricsDefinition;
}

/** Group health per period: members, joins, leaves, active members, activity and churn rates. */
export interface GroupHealthDefinition {
  /** The event that makes a user a member (e.g. `join_group`, filtered to one group with `where`). */
  readonly joinEvent: EventMatcher;
  /** The event that ends membership (e.g. `leave_group`). */
  readonly leaveEvent?: EventMatcher | undefined;
  /** The event that makes a member active (e.g. `message`). */
  readonly activeEvent: EventMatcher;
  /** Calendar period. */
  readonly period: AnalyticsPeriod;
  /** First day of a week (ISO weekday, 1 = Monday). */
  readonly weekStart: IsoWeekday;
  /** IANA zone; default `'Asia/Shanghai'`. */
  readonly timeZone: TimeZone;
  /** Reported periods: those overlapping these local dates. */
  readonly range: LocalDateRange;
}

/**
 * zod schema of a {@link GroupHealthDefinition}.
 *
 * @example
 * ```ts
 * import { GroupHealthDefinitionSchema } from 'siyu/funnel';
 * GroupHealthDefinitionSchema.safeParse({ joinEvent: { type: 'join_group' }, activeEvent: { type: 'message' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' } }).success;
 * // → true
 * ```
 */
export const GroupHealthDefinitionSchema = z.strictObject({
  joinEvent: EventMatcherSchema,
  leaveEvent: EventMatcherSchema.optional(),
  activeEvent: EventMatcherSchema,
  ...PeriodFields,
});

/** What {@link GroupHealthDefinitionSchema} accepts. */
export type GroupHealthDefinitionInput = z.input<typeof GroupHealthDefinitionSchema>;

/**
 * Parses a {@link GroupHealthDefinition}, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseGroupHealthDefinition } from 'siyu/funnel';
 * parseGroupHealthDefinition({ joinEvent: { type: 'join_group' }, activeEvent: { type: 'message' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' } }).timeZone; // → 'Asia/Shanghai'
 * parseGroupHealthDefinition({ joinEvent: { type: 'join_group' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' } }); // throws: siyu: activeEvent: required
 * ```
 */
export function parseGroupHealthDefinition(input: unknown, root: FieldPath = []): GroupHealthDefinition {
  return parseWith(GroupHealthDefinitionSchema, input, { root }) as GroupHealthDefinition;
}
