/**
 * The shape of a rule that turns an activity event into an integer award: points (积分) in
 * `siyu/points`, growth value (成长值) in `siyu/tiers`. Defined once here so both modules read the
 * same JSON.
 *
 * @module
 */
import * as z from 'zod';
import { ConditionSchema, compileCondition, type Condition } from './condition.js';
import type { ActivityEvent } from './event.js';
import type { FieldPath } from './error.js';
import { RoundingModeSchema, multiplyRatio, type RoundingMode } from './money.js';
import { parseWith } from './parse.js';

/**
 * How much a matching event awards:
 * - `fixed`: `amount` per event;
 * - `perSpend`: `amount` per `per` minor units of the event's `amount`
 *   (`{ kind: 'perSpend', amount: 1, per: 100 }` = 1 per ¥1), rounded by `rounding`
 *   (default `floor`: ¥129.99 → 129).
 */
export type AwardAmount =
  | { readonly kind: 'fixed'; readonly amount: number }
  | { readonly kind: 'perSpend'; readonly amount: number; readonly per: number; readonly rounding?: RoundingMode | undefined };

/** A rule: which events it applies to (a type and an optional condition) and what it awards. */
export interface AwardRule {
  /** Stable id of the rule, named in ledger entries. */
  readonly id: string;
  /** The event type it applies to (`'purchase'`, `'check_in'`). */
  readonly eventType: string;
  /** Further filter in the condition language, over the event (`amount`, `props.channel`). */
  readonly when?: Condition | undefined;
  /** What a matching event awards. */
  readonly award: AwardAmount;
}

/** zod schema of an {@link AwardAmount}. */
export const AwardAmountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), amount: z.number().int().nonnegative() }),
  z.strictObject({
    kind: z.literal('perSpend'),
    amount: z.number().int().positive(),
    per: z.number().int().positive(),
    rounding: RoundingModeSchema.optional(),
  }),
]);

/**
 * zod schema of an {@link AwardRule}.
 *
 * @example
 * ```ts
 * import { AwardRuleSchema } from 'siyu/core';
 * AwardRuleSchema.safeParse({ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }).success; // → true
 * ```
 */
export const AwardRuleSchema = z.strictObject({
  id: z.string().min(1),
  eventType: z.string().min(1),
  when: ConditionSchema.optional(),
  award: AwardAmountSchema,
});

/**
 * Parses an {@link AwardRule} from untrusted input, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseAwardRule } from 'siyu/core';
 * parseAwardRule({ id: 'checkin', eventType: 'check_in', award: { kind: 'fixed', amount: 5 } }).award;
 * // → { kind: 'fixed', amount: 5 }
 * parseAwardRule({ id: 'x', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 0 } }); // throws: siyu: award.per:
 * ```
 */
export function parseAwardRule(input: unknown, root: FieldPath = []): AwardRule {
  return parseWith(AwardRuleSchema, input, { root });
}

/** A compiled {@link AwardRule}: the base award of one event (0 when the rule does not apply). */
export type CompiledAwardRule = (event: ActivityEvent) => number;

/**
 * Compiles an {@link AwardRule} once (validating it) into a function from an event to its base
 * award: 0 when the type or condition does not match, or a per-spend event has no amount.
 *
 * @example
 * ```ts
 * import { compileAwardRule } from 'siyu/core';
 * const perYuan = compileAwardRule({ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } });
 * perYuan({ id: 'o1', userId: 'u1', type: 'purchase', at: 0, amount: 12_999 }); // → 129
 * perYuan({ id: 'c1', userId: 'u1', type: 'check_in', at: 0 }); // → 0
 * ```
 */
export function compileAwardRule(rule: unknown, root: FieldPath = []): CompiledAwardRule {
  const parsed = parseAwardRule(rule, root);
  const matches = parsed.when === undefined ? () => true : compileCondition(parsed.when, { root: [...root, 'when'] });
  const award = parsed.award;
  return (event) => {
    if (event.type !== parsed.eventType || !matches(event)) return 0;
    if (award.kind === 'fixed') return award.amount;
    if (event.amount === undefined || event.amount <= 0) return 0;
    return multiplyRatio(event.amount, award.amount, award.per, award.rounding ?? 'floor');
  };
}
