/**
 * The zod schemas of `siyu/tiers`: the tier program (ladder, metric, window, re-evaluation,
 * benefits) and the inputs fed to a member's tier state. Configuration is data; parse it once
 * with {@link parseTierProgram}.
 *
 * @module
 */
import * as z from 'zod';
import {
  ActivityEventSchema,
  AwardRuleSchema,
  DurationSchema,
  InstantSchema,
  TimeZoneSchema,
  parseWith,
  type ActivityEvent,
  type AwardRule,
  type Duration,
  type FieldPath,
  type Instant,
  type SiyuIssue,
  SiyuError,
  type TimeZone,
} from '../core/index.js';

/**
 * What qualifies a member for a tier: growth value (成长值, from the program's growth rules),
 * points earned (never the balance: spending points does not cost a tier), spend in minor units
 * (net of refunds), or the number of orders (fully refunded orders do not count).
 */
export type TierMetric = 'growthValue' | 'pointsEarned' | 'spend' | 'orderCount';

/** zod schema of a {@link TierMetric}. */
export const TierMetricSchema = z.enum(['growthValue', 'pointsEarned', 'spend', 'orderCount']);

/** A calendar period a tier window or review runs on, in the program zone. */
export type TierCalendarUnit = 'month' | 'quarter' | 'year';

/** When a rolling window is re-evaluated: at each local calendar period end, or every N days from the join date. */
export type TierReviewSchedule = { readonly kind: 'calendar'; readonly unit: TierCalendarUnit } | { readonly kind: 'cycle'; readonly days: number };

/**
 * Over which span the metric is counted:
 * - `lifetime`: everything since joining; no re-evaluation (only refunds take an upgrade back);
 * - `calendar`: the local month, quarter or year; re-evaluated at each period end;
 * - `cycle`: consecutive N-day cycles from the local join date; re-evaluated at each cycle end;
 * - `rolling`: the N local days or months before the current local day, plus the day so far;
 *   re-evaluated on `review`.
 */
export type TierWindow =
  | { readonly kind: 'lifetime' }
  | { readonly kind: 'calendar'; readonly unit: TierCalendarUnit }
  | { readonly kind: 'cycle'; readonly days: number }
  | { readonly kind: 'rolling'; readonly amount: number; readonly unit: 'day' | 'month'; readonly review: TierReviewSchedule };

/**
 * How a tier is kept (保级) at re-evaluation: the metric accumulated over the period reaches
 * `accumulated`, or one order of at least `singleOrder` minor units (net of refunds) fell in it.
 * Either suffices. Without a `retain`, the entry threshold, accumulated, is the retain threshold.
 */
export interface TierRetain {
  /** The metric over the period needed to keep the tier; at most the entry threshold. */
  readonly accumulated?: number | undefined;
  /** One order of at least this many minor units in the period keeps the tier. */
  readonly singleOrder?: number | undefined;
}

/** A paid tier (付费会员): its price reference and how long a purchase lasts. */
export interface TierPaidTerms {
  /** Price in minor units (fen), for reference: the caller charges it. */
  readonly price: number;
  /** How long one purchase holds the tier (a renewal extends from the current end). */
  readonly validity: Duration;
}

/** How often a quota benefit resets, in the program zone. */
export type TierQuotaPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * One benefit (权益) of a tier, as data. Benefits are not inherited: each tier lists all of its own.
 * - `discount`: `basisPoints` off the price (500 = 5% off = 9.5折);
 * - `pointsMultiplier`: a factor for a points program's earning (1.5 = +50%);
 * - `coupon` / `freeShipping`: `count` uses per local `per` period; uses are counted per
 *   benefit `id`, so give the same id to "the same coupon" at different rates on different tiers;
 * - `birthdayGift`: claimable once per local year, in the member's birthday month;
 * - `welcomeGift`: claimable after entering the tier by an upgrade (or at joining), once per tier
 *   per member (`repeat: 'never'`, default), once per tier per local year (`'yearly'`), or after
 *   every upgrade into it (`'always'`);
 * - `groupAccess`: admission to an exclusive group (会员群).
 */
export type TierBenefit =
  | { readonly id: string; readonly kind: 'discount'; readonly basisPoints: number }
  | { readonly id: string; readonly kind: 'pointsMultiplier'; readonly multiplier: number }
  | { readonly id: string; readonly kind: 'coupon'; readonly couponId: string; readonly count: number; readonly per: TierQuotaPeriod }
  | { readonly id: string; readonly kind: 'freeShipping'; readonly count: number; readonly per: TierQuotaPeriod }
  | { readonly id: string; readonly kind: 'birthdayGift'; readonly gift: string }
  | { readonly id: string; readonly kind: 'welcomeGift'; readonly gift: string; readonly repeat?: 'never' | 'yearly' | 'always' | undefined }
  | { readonly id: string; readonly kind: 'groupAccess'; readonly groupId: string };

/** One rung of the ladder. */
export interface TierDefinition {
  /** Unique name, used in state and events (`'Gold'`). */
  readonly name: string;
  /** Entry threshold: the metric over the window that qualifies for this tier. The first tier's is 0. */
  readonly threshold: number;
  /** How the tier is kept at re-evaluation; defaults to `{ accumulated: threshold }`. */
  readonly retain?: TierRetain | undefined;
  /** Never left downward by automatic changes (re-evaluation, refunds). */
  readonly neverDowngrade?: boolean | undefined;
  /** Makes the tier purchasable (付费会员). */
  readonly paid?: TierPaidTerms | undefined;
  /** The tier's benefits. */
  readonly benefits?: readonly TierBenefit[] | undefined;
}

/** Policy when a tier is not kept at re-evaluation. */
export type TierDowngradePolicy = 'none' | 'oneDown' | 'reassess';

/**
 * Re-evaluation rule: `none` never downgrades; `oneDown` moves one tier down; `reassess` moves to
 * the tier the period's metric qualifies for by entry thresholds. `grace` delays the downgrade.
 */
export interface TierDowngradeRule {
  /** What happens when the retain condition is not met. */
  readonly policy: TierDowngradePolicy;
  /** Delay after the period end before a downgrade takes effect (re-qualifying cancels it). */
  readonly grace?: Duration | undefined;
}

/** Which activity events are orders and refunds (for spend, order count and single-order retention). */
export interface TierOrderTypes {
  /** Event type of an order; `'purchase'` by default. Its `amount` is the spend. */
  readonly purchase?: string | undefined;
  /** Event type of a refund; `'refund'` by default. Names its order in `props.orderId`. */
  readonly refund?: string | undefined;
}

/** A membership tier program (会员等级体系), as plain JSON. */
export interface TierProgram {
  /** IANA zone of every calendar boundary; `'Asia/Shanghai'` by default. */
  readonly timeZone?: TimeZone | undefined;
  /** The qualifying metric. */
  readonly metric: TierMetric;
  /** The span the metric is counted over, and so when tiers are re-evaluated. */
  readonly window: TierWindow;
  /** Growth value (成长值) rules, in core's award-rule shape; used when `metric` is `growthValue`. */
  readonly growthRules?: readonly AwardRule[] | undefined;
  /** Which event types are orders and refunds. */
  readonly orders?: TierOrderTypes | undefined;
  /** Re-evaluation rule; `{ policy: 'reassess' }` by default. */
  readonly downgrade?: TierDowngradeRule | undefined;
  /** The ladder, lowest first; entry thresholds strictly increase. */
  readonly tiers: readonly TierDefinition[];
}

const amountSchema = z.number().int().nonnegative().refine(Number.isSafeInteger, { message: 'must be a safe integer' });
const nameSchema = z.string().min(1).max(200);
const calendarUnitSchema = z.enum(['month', 'quarter', 'year']);
const cycleDaysSchema = z.number().int().positive().max(100_000);

/** zod schema of a {@link TierReviewSchedule}. */
export const TierReviewScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('calendar'), unit: calendarUnitSchema }),
  z.strictObject({ kind: z.literal('cycle'), days: cycleDaysSchema }),
]);

/** zod schema of a {@link TierWindow}. */
export const TierWindowSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('lifetime') }),
  z.strictObject({ kind: z.literal('calendar'), unit: calendarUnitSchema }),
  z.strictObject({ kind: z.literal('cycle'), days: cycleDaysSchema }),
  z.strictObject({
    kind: z.literal('rolling'),
    amount: z.number().int().positive().max(100_000),
    unit: z.enum(['day', 'month']),
    review: TierReviewScheduleSchema,
  }),
]);

const quotaPeriodSchema = z.enum(['day', 'week', 'month', 'quarter', 'year']);

/** zod schema of a {@link TierBenefit}. */
export const TierBenefitSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id: nameSchema, kind: z.literal('discount'), basisPoints: z.number().int().min(0).max(10_000) }),
  z.strictObject({ id: nameSchema, kind: z.literal('pointsMultiplier'), multiplier: z.number().positive().max(100) }),
  z.strictObject({ id: nameSchema, kind: z.literal('coupon'), couponId: nameSchema, count: z.number().int().nonnegative().max(1_000_000), per: quotaPeriodSchema }),
  z.strictObject({ id: nameSchema, kind: z.literal('freeShipping'), count: z.number().int().nonnegative().max(1_000_000), per: quotaPeriodSchema }),
  z.strictObject({ id: nameSchema, kind: z.literal('birthdayGift'), gift: nameSchema }),
  z.strictObject({ id: nameSchema, kind: z.literal('welcomeGift'), gift: nameSchema, repeat: z.enum(['never', 'yearly', 'always']).optional() }),
  z.strictObject({ id: nameSchema, kind: z.literal('groupAccess'), groupId: nameSchema }),
]);

/** zod schema of a {@link TierDefinition}. */
export const TierDefinitionSchema = z.strictObject({
  name: nameSchema,
  threshold: amountSchema,
  retain: z.strictObject({ accumulated: amountSchema.optional(), singleOrder: amountSchema.optional() }).optional(),
  neverDowngrade: z.boolean().optional(),
  paid: z.strictObject({ price: amountSchema, validity: DurationSchema }).optional(),
  benefits: z.array(TierBenefitSchema).optional(),
});

const shapeSchema = z.strictObject({
  timeZone: TimeZoneSchema.optional(),
  metric: TierMetricSchema,
  window: TierWindowSchema,
  growthRules: z.array(AwardRuleSchema).optional(),
  orders: z.strictObject({ purchase: nameSchema.optional(), refund: nameSchema.optional() }).optional(),
  downgrade: z.strictObject({ policy: z.enum(['none', 'oneDown', 'reassess']), grace: DurationSchema.optional() }).optional(),
  tiers: z.array(TierDefinitionSchema).min(1).max(1000),
});

type ProgramShape = z.output<typeof shapeSchema>;

function issue(path: FieldPath, message: string, code = 'invalid_tier_program'): SiyuIssue {
  return { path, message, code };
}

/** Cross-field checks of a program whose shape is valid. */
function crossCheck(program: ProgramShape): SiyuIssue[] {
  const out: SiyuIssue[] = [];
  const first = program.tiers[0];
  if (first !== undefined && first.threshold !== 0) {
    out.push(issue(['tiers', 0, 'threshold'], `must be 0: the first tier (${first.name}) is where every member starts, received ${first.threshold}`));
  }
  const names = new Map<string, number>();
  const benefitKinds = new Map<string, string>();
  program.tiers.forEach((tier, i) => {
    const seen = names.get(tier.name);
    if (seen !== undefined) out.push(issue(['tiers', i, 'name'], `duplicate tier name "${tier.name}" (also tiers[${seen}])`));
    else names.set(tier.name, i);
    const prev = program.tiers[i - 1];
    if (prev !== undefined && tier.threshold <= prev.threshold) {
      out.push(
        issue(['tiers', i, 'threshold'], `must exceed tiers[${i - 1}].threshold: ${tier.name} (${tier.threshold}) must be above ${prev.name} (${prev.threshold})`, 'thresholds_not_increasing'),
      );
    }
    if (tier.retain !== undefined) {
      if (tier.retain.accumulated === undefined && tier.retain.singleOrder === undefined) {
        out.push(issue(['tiers', i, 'retain'], 'must give accumulated, singleOrder or both'));
      }
      if (tier.retain.accumulated !== undefined && tier.retain.accumulated > tier.threshold) {
        out.push(issue(['tiers', i, 'retain', 'accumulated'], `must not exceed ${tier.name}'s entry threshold ${tier.threshold}, received ${tier.retain.accumulated}`));
      }
    }
    const ids = new Set<string>();
    (tier.benefits ?? []).forEach((benefit, j) => {
      if (ids.has(benefit.id)) out.push(issue(['tiers', i, 'benefits', j, 'id'], `duplicate benefit id "${benefit.id}" in ${tier.name}`));
      ids.add(benefit.id);
      const kind = benefitKinds.get(benefit.id);
      if (kind !== undefined && kind !== benefit.kind) {
        out.push(issue(['tiers', i, 'benefits', j, 'kind'], `benefit "${benefit.id}" is a ${kind} on another tier; one id, one kind`));
      }
      benefitKinds.set(benefit.id, benefit.kind);
    });
  });
  const ruleIds = new Set<string>();
  (program.growthRules ?? []).forEach((rule, i) => {
    if (ruleIds.has(rule.id)) out.push(issue(['growthRules', i, 'id'], `duplicate rule id "${rule.id}"`));
    ruleIds.add(rule.id);
  });
  if (program.growthRules !== undefined && program.growthRules.length > 0 && program.metric !== 'growthValue') {
    out.push(issue(['growthRules'], `only apply with metric "growthValue", the program's metric is "${program.metric}"`));
  }
  const purchase = program.orders?.purchase ?? 'purchase';
  const refund = program.orders?.refund ?? 'refund';
  if (purchase === refund) out.push(issue(['orders', 'refund'], `must differ from orders.purchase ("${purchase}")`));
  return out;
}

/** zod schema of a {@link TierProgram}, shape and cross-field checks (thresholds increase, unique names). */
export const TierProgramSchema = shapeSchema.superRefine((program, ctx) => {
  for (const found of crossCheck(program)) ctx.addIssue({ code: 'custom', message: found.message, path: [...found.path], params: { siyuCode: found.code } });
});

/**
 * Parses a tier program from untrusted input (JSON), or throws a `SiyuError` naming the field:
 * thresholds that do not strictly increase name both tiers.
 *
 * @example
 * ```ts
 * import { parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'pointsEarned',
 *   window: { kind: 'calendar', unit: 'year' },
 *   tiers: [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 1000 }],
 * });
 * program.tiers.length; // → 3
 * parseTierProgram({ metric: 'spend', window: { kind: 'lifetime' }, tiers: [{ name: 'L0', threshold: 0 }, { name: 'L1', threshold: 500 }, { name: 'L2', threshold: 500 }] }); // throws: siyu: tiers[2].threshold: must exceed tiers[1].threshold: L2 (500) must be above L1 (500)
 * ```
 */
export function parseTierProgram(input: unknown, root: FieldPath = []): TierProgram {
  const shaped = parseWith(shapeSchema, input, { root });
  const problems = crossCheck(shaped);
  if (problems.length > 0) {
    const first = problems[0] as SiyuIssue;
    throw new SiyuError(first.code === 'thresholds_not_increasing' ? 'thresholds_not_increasing' : 'invalid_config', problems.map((p) => ({ ...p, path: [...root, ...p.path] })));
  }
  return shaped;
}

/**
 * An input to a member's tier state. Every input carries an id (an activity's is its event id):
 * applying it twice changes nothing and returns the first outcome.
 * - `activity`: an {@link ActivityEvent}: growth rules apply; orders add spend and an order;
 *   a refund (naming `props.orderId`) takes back spend, growth value and, when full, the order;
 * - `pointsEarned`: points a points program awarded (negative to claw back);
 * - `adjustGrowth`: a manual growth value adjustment (may be negative);
 * - `setManualTier`: a tier set by hand, a floor automatic changes never go below (`null` clears it);
 * - `purchasePaidTier`: a paid tier bought (the caller has charged the price);
 * - `useBenefit`: a use of a quota, birthday or welcome benefit.
 */
export type TierInput =
  | { readonly kind: 'activity'; readonly event: ActivityEvent }
  | { readonly kind: 'pointsEarned'; readonly id: string; readonly at: Instant; readonly points: number }
  | { readonly kind: 'adjustGrowth'; readonly id: string; readonly at: Instant; readonly amount: number }
  | { readonly kind: 'setManualTier'; readonly id: string; readonly at: Instant; readonly tier: string | null }
  | { readonly kind: 'purchasePaidTier'; readonly id: string; readonly at: Instant; readonly tier: string }
  | { readonly kind: 'useBenefit'; readonly id: string; readonly at: Instant; readonly benefit: string };

const idSchema = z.string().min(1);
const signedSchema = z.number().int().refine(Number.isSafeInteger, { message: 'must be a safe integer' });

/** zod schema of a {@link TierInput}; `at` accepts a `Date`, an ISO string with an offset, or epoch ms. */
export const TierInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('activity'), event: ActivityEventSchema }),
  z.strictObject({ kind: z.literal('pointsEarned'), id: idSchema, at: InstantSchema, points: signedSchema }),
  z.strictObject({ kind: z.literal('adjustGrowth'), id: idSchema, at: InstantSchema, amount: signedSchema }),
  z.strictObject({ kind: z.literal('setManualTier'), id: idSchema, at: InstantSchema, tier: nameSchema.nullable() }),
  z.strictObject({ kind: z.literal('purchasePaidTier'), id: idSchema, at: InstantSchema, tier: nameSchema }),
  z.strictObject({ kind: z.literal('useBenefit'), id: idSchema, at: InstantSchema, benefit: nameSchema }),
]);

/**
 * Parses a {@link TierInput} from untrusted input, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseTierInput } from 'siyu/tiers';
 * parseTierInput({ kind: 'pointsEarned', id: 'p1', at: '2026-03-01T10:00:00+08:00', points: 120 });
 * // → { kind: 'pointsEarned', id: 'p1', at: Date.UTC(2026, 2, 1, 2), points: 120 }
 * parseTierInput({ kind: 'pointsEarned', id: 'p1', at: 0, points: 1.5 }); // throws: siyu: points:
 * ```
 */
export function parseTierInput(input: unknown, root: FieldPath = []): TierInput {
  return parseWith(TierInputSchema, input, { root, code: 'invalid_tier_input' });
}
