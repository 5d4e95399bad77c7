/**
 * zod schemas of the lifecycle module: machine definitions, snapshots and preset configs.
 *
 * @module
 */
import * as z from 'zod';
import { CalendarUnitSchema, DurationSchema, JsonValueSchema, TimeZoneSchema } from '../core/index.js';

const NameSchema = z.string().min(1).max(200);

const EffectSchema = z.object({ type: NameSchema }).catchall(JsonValueSchema);

const AssignmentSchema = z.union([
  z.strictObject({ value: JsonValueSchema }),
  z.strictObject({ fromEvent: z.string().min(1) }),
  z.strictObject({ increment: z.number().finite() }),
]);

const TransitionSchema = z.strictObject({
  target: NameSchema.optional(),
  guard: NameSchema.optional(),
  assign: z.record(z.string(), AssignmentSchema).optional(),
  effects: z.array(EffectSchema).optional(),
});

const TransitionMapSchema = z.record(z.string(), z.union([TransitionSchema, z.array(TransitionSchema)]));

const DeadlineSchema = z.strictObject({
  event: NameSchema,
  after: DurationSchema,
  from: z.union([z.literal('entry'), z.literal('start'), z.strictObject({ context: NameSchema })]).optional(),
  startOf: CalendarUnitSchema.optional(),
});

const StateSchema = z.strictObject({
  description: z.string().optional(),
  on: TransitionMapSchema.optional(),
  deadlines: z.array(DeadlineSchema).optional(),
  entry: z.array(EffectSchema).optional(),
  exit: z.array(EffectSchema).optional(),
  final: z.boolean().optional(),
});

/**
 * zod schema of a {@link LifecycleDefinition}'s JSON shape. Cross-field checks (unknown targets,
 * unreachable states, guards without implementations) happen in `defineLifecycle`.
 *
 * @example
 * ```ts
 * import { LifecycleDefinitionSchema } from 'siyu/lifecycle';
 * LifecycleDefinitionSchema.safeParse({ id: 'm', initial: 'a', events: [], states: { a: {} } }).success; // → true
 * LifecycleDefinitionSchema.safeParse({ id: 'm', initial: 'a', events: [], states: { a: { onn: {} } } }).success; // → false
 * ```
 */
export const LifecycleDefinitionSchema = z.strictObject({
  id: NameSchema,
  initial: NameSchema,
  events: z.array(NameSchema),
  states: z.record(NameSchema, StateSchema),
  on: TransitionMapSchema.optional(),
  context: z.record(z.string(), JsonValueSchema).optional(),
  timeZone: TimeZoneSchema.optional(),
  activityTypes: z.record(z.string(), NameSchema).optional(),
});

const InstantNumberSchema = z.number().int().refine((n) => Math.abs(n) <= 8.64e15, { message: 'outside the range of dates' });

/**
 * zod schema of a {@link LifecycleSnapshot}'s JSON shape. Checks against the machine (known
 * state, known deadline events) happen in `parseLifecycleSnapshot`.
 *
 * @example
 * ```ts
 * import { LifecycleSnapshotSchema } from 'siyu/lifecycle';
 * const snapshot = { machine: 'm', state: 'a', since: 0, startedAt: 0, context: {}, deadlines: [], cursor: { at: 0, count: 0, ids: [] } };
 * LifecycleSnapshotSchema.safeParse(snapshot).success; // → true
 * LifecycleSnapshotSchema.safeParse({ ...snapshot, since: Number.NaN }).success; // → false
 * ```
 */
export const LifecycleSnapshotSchema = z.strictObject({
  machine: NameSchema,
  subject: z.string().optional(),
  state: NameSchema,
  since: InstantNumberSchema,
  startedAt: InstantNumberSchema,
  context: z.record(z.string(), JsonValueSchema),
  deadlines: z.array(z.strictObject({ event: NameSchema, at: InstantNumberSchema, key: z.number().int().nonnegative() })),
  cursor: z.strictObject({ at: InstantNumberSchema, count: z.number().int().nonnegative(), ids: z.array(z.string()) }),
});

const PositiveDurationSchema = DurationSchema.refine((d) => d.amount > 0, { message: 'must be a positive duration' });
const TypeListSchema = z.array(z.string().min(1));
const SopTemplatesSchema = (states: readonly [string, ...string[]]) => z.partialRecord(z.enum(states), z.string().min(1));
const EffectsPerStateSchema = (states: readonly [string, ...string[]]) => z.partialRecord(z.enum(states), z.array(EffectSchema));

/** The customer lifecycle's states, in order of the playbook (潜客 新客 活跃 沉默 流失 召回). */
export const CUSTOMER_LIFECYCLE_STATES = ['prospect', 'new', 'active', 'silent', 'churned', 'recalled'] as const;

/**
 * zod schema of a {@link CustomerLifecycleConfig}; every field has a documented default.
 *
 * @example
 * ```ts
 * import { CustomerLifecycleConfigSchema } from 'siyu/lifecycle';
 * CustomerLifecycleConfigSchema.parse({}).silentAfter; // → { amount: 7, unit: 'day' }
 * CustomerLifecycleConfigSchema.safeParse({ silentAfter: 7 }).success; // → false
 * ```
 */
export const CustomerLifecycleConfigSchema = z.strictObject({
  id: NameSchema.default('customer'),
  timeZone: TimeZoneSchema,
  newFor: PositiveDurationSchema.default({ amount: 7, unit: 'day' }),
  silentAfter: PositiveDurationSchema.default({ amount: 7, unit: 'day' }),
  churnedAfter: PositiveDurationSchema.default({ amount: 30, unit: 'day' }),
  recallWindow: PositiveDurationSchema.default({ amount: 14, unit: 'day' }),
  leadTypes: TypeListSchema.default(['lead_seen']),
  friendAddedTypes: TypeListSchema.default(['add_friend']),
  activityTypes: TypeListSchema.default(['message', 'purchase', 'check_in']),
  friendDeletedTypes: TypeListSchema.default(['delete_friend']),
  leftAllGroupsTypes: TypeListSchema.default(['left_all_groups']),
  sopTemplates: SopTemplatesSchema(CUSTOMER_LIFECYCLE_STATES).default({}),
  effects: EffectsPerStateSchema(CUSTOMER_LIFECYCLE_STATES).default({}),
});

/** The group lifecycle's states. */
export const GROUP_LIFECYCLE_STATES = ['created', 'opening', 'running', 'declining', 'archived', 'dissolved'] as const;

/** A group's planned lifetime class (短 / 中 / 长 / 超长时间社群). */
export const GROUP_LIFETIME_CLASSES = ['short', 'medium', 'long', 'veryLong'] as const;

/**
 * zod schema of a {@link GroupLifecycleConfig}; every field has a documented default.
 *
 * @example
 * ```ts
 * import { GroupLifecycleConfigSchema } from 'siyu/lifecycle';
 * GroupLifecycleConfigSchema.parse({ lifetime: 'short' }).lifetimes.short; // → { amount: 7, unit: 'day' }
 * GroupLifecycleConfigSchema.safeParse({ lifetime: 'forever' }).success; // → false
 * ```
 */
export const GroupLifecycleConfigSchema = z.strictObject({
  id: NameSchema.default('group'),
  timeZone: TimeZoneSchema,
  lifetime: z.enum(GROUP_LIFETIME_CLASSES).default('long'),
  lifetimes: z
    .strictObject({
      short: PositiveDurationSchema.nullable().default({ amount: 7, unit: 'day' }),
      medium: PositiveDurationSchema.nullable().default({ amount: 30, unit: 'day' }),
      long: PositiveDurationSchema.nullable().default({ amount: 180, unit: 'day' }),
      veryLong: PositiveDurationSchema.nullable().default(null),
    })
    .default({ short: { amount: 7, unit: 'day' }, medium: { amount: 30, unit: 'day' }, long: { amount: 180, unit: 'day' }, veryLong: null }),
  openingDays: z.number().int().min(1).max(30).default(3),
  activityRateThreshold: z.number().min(0).max(1).default(0.1),
  decliningAfterDays: z.number().int().min(1).max(365).default(7),
  recoveryDays: z.number().int().min(1).max(365).default(3),
  archiveAfterDeclining: PositiveDurationSchema.nullable().default({ amount: 30, unit: 'day' }),
  ceremonyStartedTypes: TypeListSchema.default(['ceremony_started']),
  dailyActivityTypes: TypeListSchema.default(['group_daily_activity']),
  archiveTypes: TypeListSchema.default(['group_archived']),
  dissolveTypes: TypeListSchema.default(['group_dissolved']),
  sopTemplates: SopTemplatesSchema(GROUP_LIFECYCLE_STATES).default({}),
  effects: EffectsPerStateSchema(GROUP_LIFECYCLE_STATES).default({ declining: [{ type: 'alertOperator', alert: 'group_declining' }] }),
});

/** The member lifecycle's states. */
export const MEMBER_LIFECYCLE_STATES = ['joined', 'active', 'atRisk', 'lapsed', 'rejoined'] as const;

/**
 * zod schema of a {@link MemberLifecycleConfig}; every field has a documented default.
 *
 * @example
 * ```ts
 * import { MemberLifecycleConfigSchema } from 'siyu/lifecycle';
 * MemberLifecycleConfigSchema.parse({}).atRiskAfter; // → { amount: 60, unit: 'day' }
 * ```
 */
export const MemberLifecycleConfigSchema = z.strictObject({
  id: NameSchema.default('member'),
  timeZone: TimeZoneSchema,
  atRiskAfter: PositiveDurationSchema.default({ amount: 60, unit: 'day' }),
  lapsedAfter: PositiveDurationSchema.default({ amount: 90, unit: 'day' }),
  purchaseTypes: TypeListSchema.default(['purchase']),
  tierAtRiskTypes: TypeListSchema.default(['tier_at_risk']),
  tierRetainedTypes: TypeListSchema.default(['tier_retained']),
  tierUpgradedTypes: TypeListSchema.default(['tier_upgraded']),
  leftTypes: TypeListSchema.default(['member_left']),
  rejoinedTypes: TypeListSchema.default(['member_rejoined']),
  sopTemplates: SopTemplatesSchema(MEMBER_LIFECYCLE_STATES).default({}),
  effects: EffectsPerStateSchema(MEMBER_LIFECYCLE_STATES).default({}),
});
