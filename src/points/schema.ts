/**
 * The points program (积分体系) as data: earning rules, multipliers, caps, lock (pending) policy,
 * expiry policy, refund policy, redemption settings and rounding. Every program is plain JSON,
 * validated by {@link PointsProgramSchema} and {@link parsePointsProgram}.
 *
 * @module
 */
import * as z from 'zod';
import {
  AwardAmountSchema,
  ConditionSchema,
  DurationSchema,
  FieldPathSchema,
  InstantSchema,
  RoundingModeSchema,
  SiyuError,
  TimeZoneSchema,
  parseWith,
  type AwardAmount,
  type Condition,
  type Duration,
  type FieldPath,
  type Instant,
  type RoundingMode,
  type SiyuIssue,
  type TimeZone,
} from '../core/index.js';

const Id = z.string().min(1).max(200);
const Points = z.number().int().nonnegative().max(1e12);
const PositivePoints = z.number().int().positive().max(1e12);

/**
 * When earned points become spendable:
 * - `none`: at once;
 * - `duration`: after a {@link Duration} from the earn instant (`{ amount: 14, unit: 'day' }`);
 * - `manual`: only when an `activate` command names the source (e.g. after the return window).
 */
export type PointsLockPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'duration'; readonly duration: Duration }
  | { readonly kind: 'manual' };

/** zod schema of a {@link PointsLockPolicy}. */
export const PointsLockPolicySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('duration'), duration: DurationSchema }),
  z.strictObject({ kind: z.literal('manual') }),
]);

/**
 * When active points expire; every policy counts from the lot's **activation** instant, in the
 * program's zone, and `expiresAt` is the last valid millisecond (inclusive):
 * - `never`;
 * - `rolling`: `duration` after activation, rounded up to the end of the local day (or of
 *   `duration.endOf` when given): 30 days from Jan 15 10:00 = end of Feb 14;
 * - `endOfPeriod`: the end of the local `unit` (month, quarter, year) `periods` units after the
 *   activation's period (`periods: 0` = end of the current period);
 * - `annualClearing` (次年年底清零): points activated in year Y expire at the end of Y+1
 *   (the same as `endOfPeriod` with `unit: 'year', periods: 1`).
 */
export type PointsExpiryPolicy =
  | { readonly kind: 'never' }
  | { readonly kind: 'rolling'; readonly duration: Duration }
  | { readonly kind: 'endOfPeriod'; readonly unit: 'month' | 'quarter' | 'year'; readonly periods: number }
  | { readonly kind: 'annualClearing' };

/** zod schema of a {@link PointsExpiryPolicy}. */
export const PointsExpiryPolicySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('never') }),
  z.strictObject({ kind: z.literal('rolling'), duration: DurationSchema }),
  z.strictObject({ kind: z.literal('endOfPeriod'), unit: z.enum(['month', 'quarter', 'year']), periods: z.number().int().nonnegative().max(1000) }),
  z.strictObject({ kind: z.literal('annualClearing') }),
]);

const RuleCommon = {
  id: Id,
  when: ConditionSchema.optional(),
  lock: PointsLockPolicySchema.optional(),
};

/**
 * A fixed or per-spend rule: the core `AwardRule` shape (`id`, `eventType`, `when`, `award`)
 * plus `kind: 'award'` (added when absent) and an optional `lock` overriding the program's.
 */
export interface PointsAwardRule {
  /** Always `'award'` after parsing; may be omitted in input. */
  readonly kind: 'award';
  /** Stable id, named in lots and entries. */
  readonly id: string;
  /** The event type it applies to. */
  readonly eventType: string;
  /** Further filter over the event, in the core condition language. */
  readonly when?: Condition | undefined;
  /** Fixed points per event, or points per N minor units of the event's `amount`. */
  readonly award: AwardAmount;
  /** Lock policy for this rule's points, overriding the program's. */
  readonly lock?: PointsLockPolicy | undefined;
}

/**
 * A check-in (签到) rule: consecutive local days form a cycle of `cycle.length` days (7 for a
 * week); day k of the cycle earns `cycle[k-1]`; the day after the last one starts a new cycle;
 * a missed day restarts at day 1; a second check-in on the same local day earns nothing.
 */
export interface PointsCheckInRule {
  /** Discriminator. */
  readonly kind: 'checkIn';
  /** Stable id, named in lots and entries; also keys the streak in the state. */
  readonly id: string;
  /** The event type of a check-in; `'check_in'` by default. */
  readonly eventType: string;
  /** Further filter over the event. */
  readonly when?: Condition | undefined;
  /** Points for day 1, 2, … of the cycle (1–31 days; 7 for the usual weekly cycle). */
  readonly cycle: readonly number[];
  /** Lock policy override. */
  readonly lock?: PointsLockPolicy | undefined;
}

/**
 * A referral rule: a referral event (delivered to both ledgers) names the inviter and the invitee;
 * the inviter earns `inviter` once per invitee, the invitee earns `invitee` once ever.
 */
export interface PointsReferralRule {
  /** Discriminator. */
  readonly kind: 'referral';
  /** Stable id. */
  readonly id: string;
  /** The event type of a referral; `'referral'` by default. */
  readonly eventType: string;
  /** Further filter over the event. */
  readonly when?: Condition | undefined;
  /** Points for the inviter. */
  readonly inviter: number;
  /** Points for the invitee. */
  readonly invitee: number;
  /** Where the inviter's member id is read; `'props.inviterId'` by default. */
  readonly inviterField: string;
  /** Where the invitee's member id is read; `'props.inviteeId'` by default. */
  readonly inviteeField: string;
  /** Lock policy override. */
  readonly lock?: PointsLockPolicy | undefined;
}

/** An item-code (一物一码) rule: scanning a product's unique code earns once per code. */
export interface PointsItemCodeRule {
  /** Discriminator. */
  readonly kind: 'itemCode';
  /** Stable id. */
  readonly id: string;
  /** The event type of a scan; `'scan'` by default. */
  readonly eventType: string;
  /** Further filter over the event. */
  readonly when?: Condition | undefined;
  /** Where the code is read; `'props.code'` by default. */
  readonly codeField: string;
  /** What a first scan earns. */
  readonly award: AwardAmount;
  /** Lock policy override. */
  readonly lock?: PointsLockPolicy | undefined;
}

/** Any earning rule of a points program. */
export type PointsEarningRule = PointsAwardRule | PointsCheckInRule | PointsReferralRule | PointsItemCodeRule;

const AwardRuleBranch = z.strictObject({ kind: z.literal('award'), eventType: z.string().min(1), award: AwardAmountSchema, ...RuleCommon });

/** zod schema of a {@link PointsEarningRule}; a rule without `kind` is read as `kind: 'award'`. */
export const PointsEarningRuleSchema = z.preprocess(
  (input) => (typeof input === 'object' && input !== null && !Array.isArray(input) && !Object.hasOwn(input, 'kind') ? { kind: 'award', ...input } : input),
  z.discriminatedUnion('kind', [
    AwardRuleBranch,
    z.strictObject({ kind: z.literal('checkIn'), eventType: z.string().min(1).default('check_in'), cycle: z.array(Points).min(1).max(31), ...RuleCommon }),
    z.strictObject({
      kind: z.literal('referral'),
      eventType: z.string().min(1).default('referral'),
      inviter: Points,
      invitee: Points,
      inviterField: FieldPathSchema.default('props.inviterId'),
      inviteeField: FieldPathSchema.default('props.inviteeId'),
      ...RuleCommon,
    }),
    z.strictObject({ kind: z.literal('itemCode'), eventType: z.string().min(1).default('scan'), codeField: FieldPathSchema.default('props.code'), award: AwardAmountSchema, ...RuleCommon }),
  ]),
);

/**
 * A multiplier: when it applies to an event, the rule's points are multiplied by
 * `percent / 100`. Several applying multipliers **multiply** (200 % tier × 150 % birthday = 300 %),
 * and the product is rounded once, by the program's `rounding` (per-spend rules: by the rule's).
 * - `tier`: the member's tier (given with the earn command) is one of `tiers`;
 * - `birthdayMonth`: the event's local month is the member's birth month;
 * - `campaign`: the event is in `[from, to)`.
 * `ruleIds` limits it to some rules; `when` further filters on the event.
 */
export type PointsMultiplier = {
  /** Stable id, reported with the award. */
  readonly id: string;
  /** Multiplier in percent (150 = ×1.5), 1–1000. */
  readonly percent: number;
  /** Only these rules (all rules when absent). */
  readonly ruleIds?: readonly string[] | undefined;
  /** Further filter over the event. */
  readonly when?: Condition | undefined;
} & (
  | { readonly kind: 'tier'; readonly tiers: readonly string[] }
  | { readonly kind: 'birthdayMonth' }
  | { readonly kind: 'campaign'; readonly from: Instant; readonly to: Instant }
);

const MultiplierCommon = {
  id: Id,
  percent: z.number().int().min(1).max(1000),
  ruleIds: z.array(Id).min(1).optional(),
  when: ConditionSchema.optional(),
};

/** zod schema of a {@link PointsMultiplier}. */
export const PointsMultiplierSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tier'), tiers: z.array(z.string().min(1)).min(1), ...MultiplierCommon }),
  z.strictObject({ kind: z.literal('birthdayMonth'), ...MultiplierCommon }),
  z.strictObject({ kind: z.literal('campaign'), from: InstantSchema, to: InstantSchema, ...MultiplierCommon }),
]);

/** A calendar period cap: at most `limit` points earned per local day, week (Monday) or month. */
export interface PointsPeriodCap {
  /** The calendar period, in the program zone; weeks start on Monday. */
  readonly period: 'day' | 'week' | 'month';
  /** Most points earned in one period. */
  readonly limit: number;
  /** Only points earned from these event types count and are capped (all when absent). */
  readonly eventTypes?: readonly string[] | undefined;
}

/**
 * Caps on earning. Period caps and the balance cap **reduce** an award (reporting `desired` and
 * `awarded`); the per-transaction cap **rejects** an earn whose points exceed it.
 */
export interface PointsCaps {
  /** An earn computing more than this is rejected (`transaction_cap_exceeded`). */
  readonly transaction?: number | undefined;
  /** Calendar period caps. */
  readonly periods: readonly PointsPeriodCap[];
  /** Held points (available + pending) never exceed this after an earn. */
  readonly balance?: number | undefined;
}

/** zod schema of {@link PointsCaps}. */
export const PointsCapsSchema = z.strictObject({
  transaction: PositivePoints.optional(),
  periods: z
    .array(z.strictObject({ period: z.enum(['day', 'week', 'month']), limit: Points, eventTypes: z.array(z.string().min(1)).min(1).optional() }))
    .default([]),
  balance: Points.optional(),
});

/**
 * What a refund revokes beyond the points due: `pendingOnly` revokes only the refunded source's
 * pending points; `withinBalance` also takes its active points and then other available points,
 * down to 0; `allowNegative` takes the rest as debt (the balance goes negative).
 */
export type PointsRefundPolicy = 'pendingOnly' | 'withinBalance' | 'allowNegative';

/** zod schema of a {@link PointsRefundPolicy}. */
export const PointsRefundPolicySchema = z.enum(['pendingOnly', 'withinBalance', 'allowNegative']);

/** A catalog item redeemable for points. */
export interface PointsCatalogItem {
  /** Stable id, named in redeem entries. */
  readonly id: string;
  /** Points per unit. */
  readonly points: number;
  /** Display name. */
  readonly name?: string | undefined;
}

/**
 * Points + cash (积分+现金): `points` points buy `minorUnits` off the goods price, in whole blocks;
 * at most `maxSharePercent` % of the goods price; only for goods of at least `minOrder`.
 * Shipping is never discounted.
 */
export interface PointsCashSettings {
  /** Points per block. */
  readonly points: number;
  /** Minor units off per block. */
  readonly minorUnits: number;
  /** Most of the goods price that points may pay, in percent (1–100). */
  readonly maxSharePercent: number;
  /** Least goods price (minor units) for points to apply; 0 by default. */
  readonly minOrder: number;
}

/** Redemption settings: a catalog and optional points + cash. */
export interface PointsRedemptionSettings {
  /** Items for points. */
  readonly catalog: readonly PointsCatalogItem[];
  /** Points + cash settings, if offered. */
  readonly pointsCash?: PointsCashSettings | undefined;
}

/** zod schema of {@link PointsRedemptionSettings}. */
export const PointsRedemptionSettingsSchema = z.strictObject({
  catalog: z.array(z.strictObject({ id: Id, points: PositivePoints, name: z.string().optional() })).default([]),
  pointsCash: z
    .strictObject({
      points: PositivePoints,
      minorUnits: z.number().int().positive().max(1e12),
      maxSharePercent: z.number().int().min(1).max(100),
      minOrder: z.number().int().nonnegative().default(0),
    })
    .optional(),
});

/** A points program, as parsed by {@link parsePointsProgram}. */
export interface PointsProgram {
  /** The zone of every calendar computation (days, weeks, months, expiry). */
  readonly timeZone: TimeZone;
  /** Earning rules; an event may match several (each makes its own lot). */
  readonly rules: readonly PointsEarningRule[];
  /** Multipliers (they multiply). */
  readonly multipliers: readonly PointsMultiplier[];
  /** Earning caps. */
  readonly caps: PointsCaps;
  /** Default lock policy. */
  readonly lock: PointsLockPolicy;
  /** Expiry policy. */
  readonly expiry: PointsExpiryPolicy;
  /** Refund policy. */
  readonly refundPolicy: PointsRefundPolicy;
  /** Redemption settings. */
  readonly redemption: PointsRedemptionSettings;
  /** How fixed awards times multipliers round; `floor` by default (never over-award). */
  readonly rounding: RoundingMode;
}

/**
 * zod schema of a {@link PointsProgram}. Defaults: zone `'Asia/Shanghai'`, no multipliers, no
 * caps, no lock, never expire, `withinBalance` refunds, empty catalog, `floor` rounding.
 * Cross-field checks (unique ids, known rule ids, campaign windows) are in
 * {@link parsePointsProgram}.
 *
 * @example
 * ```ts
 * import { PointsProgramSchema } from 'siyu/points';
 * PointsProgramSchema.safeParse({ rules: [] }).success; // → true
 * PointsProgramSchema.safeParse({ rules: [], bonus: 1 }).success; // → false
 * ```
 */
export const PointsProgramSchema = z.strictObject({
  timeZone: TimeZoneSchema,
  rules: z.array(PointsEarningRuleSchema),
  multipliers: z.array(PointsMultiplierSchema).max(8).default([]),
  caps: PointsCapsSchema.default({ periods: [] }),
  lock: PointsLockPolicySchema.default({ kind: 'none' }),
  expiry: PointsExpiryPolicySchema.default({ kind: 'never' }),
  refundPolicy: PointsRefundPolicySchema.default('withinBalance'),
  redemption: PointsRedemptionSettingsSchema.default({ catalog: [] }),
  rounding: RoundingModeSchema.default('floor'),
});

/** The input shape of {@link PointsProgramSchema} (defaults may be omitted). */
export type PointsProgramInput = z.input<typeof PointsProgramSchema>;

function duplicates(ids: readonly string[], path: FieldPath, what: string, out: SiyuIssue[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) out.push({ path: [...path, i, 'id'], message: `duplicate ${what} id "${id}"`, code: 'duplicate_id' });
    seen.add(id);
  });
}

/**
 * Parses a points program from untrusted input (JSON), or throws a `SiyuError` naming the field:
 * unknown keys, wrong types, `NaN`, `__proto__` keys, duplicate rule / multiplier / catalog ids,
 * multipliers naming unknown rules, empty campaign windows.
 *
 * @example
 * ```ts
 * import { parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }] });
 * program.rules[0]?.kind; // → 'award'
 * program.expiry; // → { kind: 'never' }
 * parsePointsProgram({ rules: [], caps: { transaction: 0 } }); // throws: siyu: caps.transaction:
 * ```
 */
export function parsePointsProgram(input: unknown, root: FieldPath = []): PointsProgram {
  const program: PointsProgram = parseWith(PointsProgramSchema, input, { root });
  const issues: SiyuIssue[] = [];
  duplicates(program.rules.map((r) => r.id), [...root, 'rules'], 'rule', issues);
  duplicates(program.multipliers.map((m) => m.id), [...root, 'multipliers'], 'multiplier', issues);
  duplicates(program.redemption.catalog.map((c) => c.id), [...root, 'redemption', 'catalog'], 'catalog item', issues);
  const ruleIds = new Set(program.rules.map((r) => r.id));
  program.multipliers.forEach((m, i) => {
    m.ruleIds?.forEach((id, j) => {
      if (!ruleIds.has(id)) issues.push({ path: [...root, 'multipliers', i, 'ruleIds', j], message: `unknown rule id "${id}"`, code: 'unknown_rule' });
    });
    if (m.kind === 'campaign' && m.to <= m.from) issues.push({ path: [...root, 'multipliers', i, 'to'], message: 'must be after from', code: 'invalid_window' });
  });
  if (issues.length > 0) throw new SiyuError('invalid_config', issues);
  return program;
}
