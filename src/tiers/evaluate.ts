/**
 * The tier a member holds at an instant: which, since when, until when it is guaranteed, and why.
 *
 * @module
 */
import { addDuration, toInstant, type Instant, type InstantInput } from '../core/index.js';
import { compileTierProgram, type CompiledTierProgram } from './ladder.js';
import type { TierMemberState, TierPaidHolding, TierPendingDowngrade, TierReason } from './member.js';
import { largestOrderBetween } from './metric.js';
import { reviewPeriodAt, windowStart } from './period.js';
import type { TierProgram } from './schema.js';
import { advanceDraft, draftOf, heldIndex, heldReason, indexOf, metricBefore, type TierDraft } from './transitions.js';

/** A member's tier at an instant. */
export interface TierEvaluation {
  /** The tier held: the highest of the earned tier, the manual floor and an active paid tier. */
  readonly tier: string;
  /** Since when it has been held. */
  readonly since: Instant;
  /**
   * Until when it is guaranteed (exclusive), barring refunds of the current period: the next
   * re-evaluation (plus grace), or the one after it when the retain threshold is already met in
   * a calendar or cycle window; a pending downgrade's effective instant; a paid tier's end.
   * `null` when nothing scheduled can take it away (lifetime window, first tier, never-downgrade
   * tier, policy `none`, manual floor).
   */
  readonly until: Instant | null;
  /** Why the tier is held. */
  readonly reason: TierReason;
  /** The tier earned by the metric and re-evaluations. */
  readonly earnedTier: string;
  /** The manual floor, if any. */
  readonly manualTier: string | null;
  /** The active paid tier, if any. */
  readonly paid: TierPaidHolding | null;
  /** A downgrade waiting out its grace period, if any. */
  readonly pendingDowngrade: TierPendingDowngrade | null;
  /** The qualifying metric over the current window at `asOf` (inclusive). */
  readonly metric: number;
  /** The current review period's start (`null` for lifetime windows). */
  readonly periodStart: Instant | null;
  /** The current review period's end, the next re-evaluation (`null` for lifetime windows). */
  readonly periodEnd: Instant | null;
}

/** Whether the retain condition of tier `i` is met so far in the current window. */
const retainMetSoFar = (c: CompiledTierProgram, d: TierDraft, i: number, at: Instant): boolean => {
  const end = at + 1;
  if (metricBefore(c, d, end) >= (c.retainAccumulated[i] as number)) return true;
  return largestOrderBetween(d.ledger, windowStart(c, d.periodStart, end), end) >= (c.retainSingleOrder[i] as number);
};

const earnedGuarantee = (c: CompiledTierProgram, d: TierDraft, at: Instant): Instant | null => {
  const i = indexOf(c, d.earnedTier);
  if (d.periodEnd === null || i === 0 || c.neverDowngrade[i] === 1 || c.policy === 'none') return null;
  if (d.pending !== null) return d.pending.effectiveAt;
  const grace = c.program.downgrade?.grace;
  const plusGrace = (x: Instant): Instant => (grace === undefined ? x : addDuration(x, grace, c.timeZone));
  const kind = c.program.window.kind;
  if ((kind === 'calendar' || kind === 'cycle') && retainMetSoFar(c, d, i, at)) {
    return plusGrace(reviewPeriodAt(c, d.joinedAt, d.periodEnd)?.end ?? d.periodEnd);
  }
  return plusGrace(d.periodEnd);
};

/**
 * Evaluates a member's tier at `asOf` (advancing a copy of the state through any re-evaluation,
 * grace end or paid lapse due by then): the tier, since when, until when it is guaranteed, and why.
 * The state's clock never moves back: an `asOf` before it is answered at the clock (replay the
 * history with {@link replayTierHistory} to ask about the past).
 *
 * @example
 * ```ts
 * import { applyTierInput, createTierMember, evaluateTier, parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'pointsEarned',
 *   window: { kind: 'calendar', unit: 'year' },
 *   tiers: [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 1000 }],
 * });
 * let member = createTierMember(program, { memberId: 'u1', joinedAt: '2026-01-05T10:00:00+08:00' });
 * member = applyTierInput(member, program, { kind: 'pointsEarned', id: 'p1', at: Date.parse('2026-02-01T10:00:00+08:00'), points: 600 }).state;
 * const now = evaluateTier(member, program, '2026-06-01T00:00:00+08:00');
 * now.tier; // → 'Silver'
 * now.reason; // → { kind: 'thresholdMet', metric: 600, threshold: 500 }
 * new Date(now.until ?? 0).toISOString(); // → '2027-12-31T16:00:00.000Z'
 * ```
 */
export function evaluateTier(state: TierMemberState, program: TierProgram, asOf: InstantInput): TierEvaluation {
  const c = compileTierProgram(program);
  const d = draftOf(state);
  advanceDraft({ c, d, events: [], inputId: undefined }, toInstant(asOf, ['asOf']));
  const at = d.clock;
  const held = heldIndex(c, d, at);
  let until: Instant | null = -Infinity;
  const offer = (guarantee: Instant | null): void => {
    until = until === null || guarantee === null ? null : Math.max(until, guarantee);
  };
  if (d.manualTier !== null && indexOf(c, d.manualTier) === held) offer(null);
  if (d.paid !== null && indexOf(c, d.paid.tier) === held) offer(d.paid.until);
  if (indexOf(c, d.earnedTier) === held) offer(earnedGuarantee(c, d, at));
  return {
    tier: d.tier,
    since: d.since,
    until,
    reason: heldReason(c, d, at),
    earnedTier: d.earnedTier,
    manualTier: d.manualTier,
    paid: d.paid,
    pendingDowngrade: d.pending,
    metric: metricBefore(c, d, at + 1),
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
  };
}
