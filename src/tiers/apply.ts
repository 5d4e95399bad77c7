/**
 * Applying one input to a member's tier state: activity (growth value, orders, refunds), points
 * earned, growth adjustments, a manual tier, a paid tier purchase, a benefit use. Pure and
 * idempotent: the state is copied, never changed in place, and an input id seen before returns
 * its first outcome with the state unchanged.
 *
 * @module
 */
import { addDuration, multiplyRatio, reject, toInstant, type Instant, type InstantInput } from '../core/index.js';
import { checkBenefitUse } from './benefits.js';
import { computeGrowthValue } from './growth.js';
import { compileTierProgram, type CompiledTierProgram } from './ladder.js';
import type { TierAccepted, TierEvent, TierLedgerEntry, TierMemberState, TierOutcome } from './member.js';
import type { TierInput, TierProgram } from './schema.js';
import { advanceDraft, afterContribution, draftOf, indexOf, metricBefore, record, type TierContext } from './transitions.js';

/** The result of applying an input. */
export interface TierStep {
  /** The new state (the same object when the input was a duplicate). */
  readonly state: TierMemberState;
  /** What happened, in order: time-driven changes up to the input's instant, then the input's own. */
  readonly events: readonly TierEvent[];
  /** The input's outcome (the first outcome, for a duplicate). */
  readonly outcome: TierOutcome;
  /** Whether the input id had been processed before. */
  readonly duplicate: boolean;
}

/** The id of an input (an activity's is its event id). @internal */
export const tierInputId = (input: TierInput): string => (input.kind === 'activity' ? input.event.id : input.id);

/** The instant of an input. @internal */
export const tierInputAt = (input: TierInput): Instant => (input.kind === 'activity' ? input.event.at : input.at);

const accepted = (ctx: TierContext, id: string, at: Instant, extra: Partial<TierAccepted> = {}): TierAccepted => ({
  ok: true,
  id,
  at,
  tier: ctx.d.tier,
  earnedTier: ctx.d.earnedTier,
  metric: metricBefore(ctx.c, ctx.d, at + 1),
  ...extra,
});

const contribute = (ctx: TierContext, entry: TierLedgerEntry, at: Instant, negative: boolean): void => {
  ctx.d.ledger.push(entry);
  afterContribution(ctx, at, negative);
};

const applyActivity = (ctx: TierContext, input: Extract<TierInput, { kind: 'activity' }>, at: Instant): TierOutcome => {
  const { c, d } = ctx;
  const event = input.event;
  if (event.userId !== d.memberId) return reject('wrong_member', `event ${event.id} is for ${event.userId}, this state is ${d.memberId}`);
  const orderId = typeof event.props?.['orderId'] === 'string' ? event.props['orderId'] : undefined;
  if (event.type === c.refundType) {
    const index = orderId === undefined ? -1 : d.ledger.findIndex((e) => e.order?.orderId === orderId);
    const entry = d.ledger[index];
    if (entry?.order === undefined) return reject('unknown_order', `refund ${event.id} names ${orderId === undefined ? 'no props.orderId' : `order "${orderId}", which is not on record`}`);
    const order = entry.order;
    const applied = Math.min(Math.max(0, event.amount ?? 0), order.amount - order.refunded);
    const refunded = order.refunded + applied;
    // Growth taken back in total: floor(awarded × refunded / amount), in the member's favour; a full refund takes it all.
    const growth = order.amount > 0 ? order.growthAwarded - multiplyRatio(order.growthAwarded, refunded, order.amount, 'floor') : entry.growth;
    const delta = growth - entry.growth;
    d.ledger[index] = { ...entry, growth, spend: order.amount - refunded, orders: order.amount > 0 && refunded >= order.amount ? 0 : 1, order: { ...order, refunded } };
    afterContribution(ctx, at, true);
    return accepted(ctx, event.id, at, { growth: delta, refunded: applied });
  }
  const growth = computeGrowthValue(c.program, event);
  const isOrder = event.type === c.purchaseType;
  if (!isOrder && growth === 0) return accepted(ctx, event.id, at, { growth: 0 });
  const spend = isOrder ? Math.max(0, event.amount ?? 0) : 0;
  contribute(
    ctx,
    {
      id: event.id,
      at: event.at,
      growth,
      points: 0,
      spend,
      orders: isOrder ? 1 : 0,
      ...(isOrder ? { order: { orderId: orderId ?? event.id, amount: spend, refunded: 0, growthAwarded: growth } } : {}),
    },
    at,
    false,
  );
  return accepted(ctx, event.id, at, { growth });
};

const knownTier = (c: CompiledTierProgram, name: string): boolean => c.index.has(name);

/** Applies an input (not a duplicate) to a working copy, returning its outcome. @internal */
export const applyInputToDraft = (ctx: TierContext, input: TierInput): TierOutcome => {
  const { c, d } = ctx;
  const id = tierInputId(input);
  ctx.inputId = undefined;
  advanceDraft(ctx, tierInputAt(input));
  ctx.inputId = id;
  const at = d.clock;
  let outcome: TierOutcome;
  switch (input.kind) {
    case 'activity':
      outcome = applyActivity(ctx, input, at);
      break;
    case 'pointsEarned':
      contribute(ctx, { id, at: input.at, growth: 0, points: input.points, spend: 0, orders: 0 }, at, input.points < 0);
      outcome = accepted(ctx, id, at);
      break;
    case 'adjustGrowth':
      contribute(ctx, { id, at: input.at, growth: input.amount, points: 0, spend: 0, orders: 0 }, at, input.amount < 0);
      outcome = accepted(ctx, id, at, { growth: input.amount });
      break;
    case 'setManualTier':
      if (input.tier !== null && !knownTier(c, input.tier)) {
        outcome = reject('unknown_tier', `unknown tier "${input.tier}"`);
        break;
      }
      d.manualTier = input.tier;
      record(ctx, 'manualTierSet', at, { kind: 'manualFloor' });
      outcome = accepted(ctx, id, at);
      break;
    case 'purchasePaidTier': {
      if (!knownTier(c, input.tier)) {
        outcome = reject('unknown_tier', `unknown tier "${input.tier}"`);
        break;
      }
      const terms = c.tiers[indexOf(c, input.tier)]?.paid;
      if (terms === undefined) {
        outcome = reject('not_purchasable', `${input.tier} is not a paid tier`);
        break;
      }
      const renewing = d.paid !== null && d.paid.tier === input.tier;
      const start = renewing && d.paid !== null ? d.paid.until : at;
      const until = addDuration(start, terms.validity, c.timeZone);
      d.paid = { tier: input.tier, from: renewing && d.paid !== null ? d.paid.from : at, until };
      record(ctx, 'paidTierStarted', at, { kind: 'paid', until });
      outcome = accepted(ctx, id, at, { price: terms.price, paidUntil: until });
      break;
    }
    case 'useBenefit': {
      const check = checkBenefitUse(c, d, input.benefit, at);
      if (!check.ok) {
        outcome = check;
        break;
      }
      d.benefitUses.push({ id, benefit: input.benefit, kind: check.benefit.kind, tier: d.tier, at });
      outcome = accepted(ctx, id, at, check.quotaRemaining === undefined ? {} : { quotaRemaining: check.quotaRemaining });
      break;
    }
  }
  d.processed.push({ id, outcome });
  ctx.inputId = undefined;
  return outcome;
};

/**
 * Applies one input to a member's tier state: first every time-driven step due by the input's
 * instant (re-evaluations, grace ends, paid lapses), then the input. An input that arrives late
 * (before the state's clock) counts in the windows of its own instant but is decided at the
 * clock. Business refusals (quota used up, tier not granting a benefit, unknown order) are typed
 * rejections; the input id is still recorded, so a replay returns the same rejection.
 *
 * @example
 * ```ts
 * import { applyTierInput, createTierMember, parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'spend',
 *   window: { kind: 'calendar', unit: 'year' },
 *   tiers: [{ name: 'Member', threshold: 0 }, { name: 'Silver', threshold: 200_000 }, { name: 'Gold', threshold: 500_000 }],
 * });
 * const member = createTierMember(program, { memberId: 'u1', joinedAt: '2026-01-05T10:00:00+08:00' });
 * const order = { kind: 'activity', event: { id: 'o1', userId: 'u1', type: 'purchase', at: Date.parse('2026-03-01T10:00:00+08:00'), amount: 520_000 } } as const;
 * const step = applyTierInput(member, program, order);
 * step.state.tier; // → 'Gold'
 * step.events.map((e) => `${e.type} ${e.from}→${e.to}`); // → ['upgraded Member→Gold']
 * applyTierInput(step.state, program, order).duplicate; // → true
 * ```
 */
export function applyTierInput(state: TierMemberState, program: TierProgram, input: TierInput): TierStep {
  const id = tierInputId(input);
  const prior = state.processed.find((r) => r.id === id);
  if (prior !== undefined) return { state, events: [], outcome: prior.outcome, duplicate: true };
  const ctx: TierContext = { c: compileTierProgram(program), d: draftOf(state), events: [], inputId: undefined };
  const outcome = applyInputToDraft(ctx, input);
  return { state: ctx.d, events: ctx.events, outcome, duplicate: false };
}

/**
 * Records a use of a benefit (a coupon or free-shipping quota, a birthday or welcome gift) at
 * `at`: a shorthand for {@link applyTierInput} with a `useBenefit` input. Rejected with
 * `not_granted` when the held tier lacks it, `quota_exhausted` when this period's quota is spent,
 * `not_birthday_month` / `already_claimed` / `not_eligible` for gifts, `not_usable` for
 * discounts, multipliers and group access.
 *
 * @example
 * ```ts
 * import { createTierMember, parseTierProgram, useTierBenefit } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'spend',
 *   window: { kind: 'lifetime' },
 *   tiers: [{ name: 'Member', threshold: 0, benefits: [{ id: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, per: 'month' }] }],
 * });
 * let member = createTierMember(program, { memberId: 'u1', joinedAt: '2026-03-01T10:00:00+08:00' });
 * const mar5 = Date.parse('2026-03-05T10:00:00+08:00');
 * member = useTierBenefit(member, program, { id: 'use1', at: mar5, benefit: 'coupon' }).state;
 * member = useTierBenefit(member, program, { id: 'use2', at: mar5, benefit: 'coupon' }).state;
 * useTierBenefit(member, program, { id: 'use3', at: mar5, benefit: 'coupon' }).outcome.ok; // → false
 * useTierBenefit(member, program, { id: 'use4', at: Date.parse('2026-04-01T00:00:00+08:00'), benefit: 'coupon' }).outcome.ok; // → true
 * ```
 */
export function useTierBenefit(state: TierMemberState, program: TierProgram, use: { readonly id: string; readonly at: InstantInput; readonly benefit: string }): TierStep {
  return applyTierInput(state, program, { kind: 'useBenefit', id: use.id, at: toInstant(use.at, ['at']), benefit: use.benefit });
}
