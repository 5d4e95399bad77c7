/**
 * The tier state machine's steps, on a private working copy: re-evaluation at a period end, a
 * grace period ending, a paid tier lapsing, and the checks after each contribution (immediate
 * upgrade, re-qualifying in grace, corrections). Public functions copy the caller's state once,
 * run these steps, and return the copy.
 *
 * @module
 */
import { addDuration, type Instant } from '../core/index.js';
import { qualifiedIndex, reviewIndex, tierNameAt, type CompiledTierProgram } from './ladder.js';
import type { TierBenefitUse, TierEvent, TierEventType, TierInputRecord, TierLedgerEntry, TierMemberState, TierPendingDowngrade, TierReason } from './member.js';
import { largestOrderBetween, metricBetween } from './metric.js';
import { reviewPeriodAt, windowStart } from './period.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A working copy of a member's state. @internal */
export interface TierDraft extends Mutable<Omit<TierMemberState, 'ledger' | 'benefitUses' | 'processed'>> {
  ledger: TierLedgerEntry[];
  benefitUses: TierBenefitUse[];
  processed: TierInputRecord[];
}

/** The program, the working copy and the events emitted so far. @internal */
export interface TierContext {
  readonly c: CompiledTierProgram;
  readonly d: TierDraft;
  readonly events: TierEvent[];
  /** The input being applied, named in the events it causes. */
  inputId: string | undefined;
}

/** Copies a caller's state (the arrays too) so steps may change it. @internal */
export const draftOf = (state: TierMemberState): TierDraft => ({
  ...state,
  ledger: state.ledger.slice(),
  benefitUses: state.benefitUses.slice(),
  processed: state.processed.slice(),
});

/** Index of a tier name known to be valid. @internal */
export const indexOf = (c: CompiledTierProgram, name: string): number => c.index.get(name) ?? 0;

const paidIndex = (c: CompiledTierProgram, d: TierDraft, at: Instant): number => (d.paid !== null && at < d.paid.until ? indexOf(c, d.paid.tier) : -1);
const manualIndex = (c: CompiledTierProgram, d: TierDraft): number => (d.manualTier === null ? -1 : indexOf(c, d.manualTier));

/** Index of the tier held at `at`: the highest of earned, manual floor and active paid tier. @internal */
export const heldIndex = (c: CompiledTierProgram, d: TierDraft, at: Instant): number =>
  Math.max(indexOf(c, d.earnedTier), manualIndex(c, d), paidIndex(c, d, at));

/** Why the member holds their tier at `at` (the earned reason wins ties). @internal */
export const heldReason = (c: CompiledTierProgram, d: TierDraft, at: Instant): TierReason => {
  const earned = indexOf(c, d.earnedTier);
  const manual = manualIndex(c, d);
  const paid = paidIndex(c, d, at);
  if (earned >= manual && earned >= paid) return d.earnedReason;
  if (paid >= manual && d.paid !== null) return { kind: 'paid', until: d.paid.until };
  return { kind: 'manualFloor' };
};

/** Updates the held tier and emits an event. @internal */
export const record = (ctx: TierContext, type: TierEventType, at: Instant, reason: TierReason, pending?: TierPendingDowngrade): void => {
  const { c, d } = ctx;
  const from = d.tier;
  const before = indexOf(c, from);
  const after = heldIndex(c, d, at);
  if (after !== before) {
    d.tier = tierNameAt(c, after);
    d.since = at;
    d.enteredUpward = after > before;
  }
  ctx.events.push({
    type,
    at,
    from,
    to: d.tier,
    earnedTier: d.earnedTier,
    reason,
    ...(ctx.inputId === undefined ? {} : { inputId: ctx.inputId }),
    ...(pending === undefined ? {} : { pending }),
  });
};

const setEarned = (ctx: TierContext, i: number, reason: TierReason): void => {
  ctx.d.earnedTier = tierNameAt(ctx.c, i);
  ctx.d.earnedReason = reason;
};

/** The metric over the current window, counting entries before `end` (exclusive). @internal */
export const metricBefore = (c: CompiledTierProgram, d: TierDraft, end: Instant): number =>
  metricBetween(d.ledger, c.program.metric, windowStart(c, d.periodStart, end), end);

/** Ends the grace period of a pending downgrade at `at`. */
const endGrace = (ctx: TierContext, at: Instant): void => {
  const { c, d } = ctx;
  const pending = d.pending as TierPendingDowngrade;
  d.pending = null;
  const metric = metricBefore(c, d, at);
  const target = Math.max(indexOf(c, pending.to), qualifiedIndex(c, metric));
  if (target >= indexOf(c, pending.from)) {
    d.earnedReason = { kind: 'retained', metric, by: 'requalified' };
    record(ctx, 'retained', at, d.earnedReason);
  } else {
    setEarned(ctx, target, { kind: 'downgraded', metric: pending.metric, by: pending.policy });
    record(ctx, 'downgraded', at, d.earnedReason);
  }
  d.baseTier = d.earnedTier;
};

/** Re-evaluates at the end `at` of the current review period and opens the next one. */
const review = (ctx: TierContext, at: Instant): void => {
  const { c, d } = ctx;
  if (d.pending !== null) endGrace(ctx, at);
  const from = windowStart(c, d.periodStart, at);
  const metric = metricBetween(d.ledger, c.program.metric, from, at);
  const i = indexOf(c, d.earnedTier);
  const { next, by } = reviewIndex(c, i, metric, largestOrderBetween(d.ledger, from, at));
  if (by !== undefined) {
    if (i > 0) {
      d.earnedReason = { kind: 'retained', metric, by };
      record(ctx, 'retained', at, d.earnedReason);
    }
  } else {
    const policy = c.policy === 'oneDown' ? 'oneDown' : 'reassess';
    const reason: TierReason = { kind: 'downgraded', metric, by: policy };
    const grace = c.program.downgrade?.grace;
    if (grace !== undefined) {
      d.pending = { from: d.earnedTier, to: tierNameAt(c, next), decidedAt: at, effectiveAt: addDuration(at, grace, c.timeZone), metric, policy };
      record(ctx, 'downgradeScheduled', at, reason, d.pending);
    } else {
      setEarned(ctx, next, reason);
      record(ctx, 'downgraded', at, reason);
    }
  }
  const period = reviewPeriodAt(c, d.joinedAt, at);
  d.periodStart = period?.start ?? null;
  d.periodEnd = period?.end ?? null;
  d.baseTier = d.earnedTier;
};

const expirePaid = (ctx: TierContext, at: Instant): void => {
  ctx.d.paid = null;
  record(ctx, 'paidExpired', at, { kind: 'paid', until: at });
};

/**
 * Runs every time-driven step due at or before `asOf`, in time order (ties: paid lapse, then
 * grace end, then re-evaluation), and moves the clock to `asOf` (never back). @internal
 */
export const advanceDraft = (ctx: TierContext, asOf: Instant): void => {
  const d = ctx.d;
  for (;;) {
    let at = Infinity;
    let step: 'paid' | 'grace' | 'review' | undefined;
    if (d.paid !== null && d.paid.until <= asOf) {
      at = d.paid.until;
      step = 'paid';
    }
    if (d.pending !== null && d.pending.effectiveAt <= asOf && d.pending.effectiveAt < at) {
      at = d.pending.effectiveAt;
      step = 'grace';
    }
    if (d.periodEnd !== null && d.periodEnd <= asOf && d.periodEnd < at) {
      at = d.periodEnd;
      step = 'review';
    }
    if (step === undefined) break;
    if (step === 'paid') expirePaid(ctx, at);
    else if (step === 'grace') endGrace(ctx, at);
    else review(ctx, at);
    d.clock = Math.max(d.clock, at);
  }
  d.clock = Math.max(d.clock, asOf);
};

/**
 * After a contribution decided at `at`: upgrade at once if the window's metric reaches a higher
 * entry threshold; else cancel a pending downgrade if the member now meets the retain condition;
 * else, after a negative contribution, take back upgrades of the current period the metric no
 * longer supports (never below the period's starting tier, never out of a never-downgrade tier).
 * @internal
 */
export const afterContribution = (ctx: TierContext, at: Instant, negative: boolean): void => {
  const { c, d } = ctx;
  const end = at + 1;
  const metric = metricBefore(c, d, end);
  const i = indexOf(c, d.earnedTier);
  const q = qualifiedIndex(c, metric);
  if (q > i) {
    setEarned(ctx, q, { kind: 'thresholdMet', metric, threshold: c.thresholds[q] as number });
    d.pending = null;
    record(ctx, 'upgraded', at, d.earnedReason);
    return;
  }
  if (d.pending !== null) {
    const from = indexOf(c, d.pending.from);
    const largest = largestOrderBetween(d.ledger, windowStart(c, d.periodStart, end), end);
    if (metric >= (c.retainAccumulated[from] as number) || largest >= (c.retainSingleOrder[from] as number)) {
      d.pending = null;
      d.earnedReason = { kind: 'retained', metric, by: 'requalified' };
      record(ctx, 'retained', at, d.earnedReason);
      return;
    }
  }
  if (negative && c.neverDowngrade[i] === 0) {
    const target = Math.max(indexOf(c, d.baseTier), q);
    if (target < i) {
      setEarned(ctx, target, { kind: 'downgraded', metric, by: 'correction' });
      record(ctx, 'downgraded', at, d.earnedReason);
    }
  }
};
