/**
 * Progress toward the next tier and toward keeping the current one (保级): "¥965 more to reach
 * Gold", "¥400 more by 31 Dec to keep Silver".
 *
 * @module
 */
import { localDateOf, toInstant, type Instant, type InstantInput, type LocalDate } from '../core/index.js';
import { compileTierProgram } from './ladder.js';
import type { TierMemberState } from './member.js';
import { largestOrderBetween } from './metric.js';
import { windowStart } from './period.js';
import type { TierProgram } from './schema.js';
import { advanceDraft, draftOf, indexOf, metricBefore } from './transitions.js';

/** What remains to reach the next tier. */
export interface TierProgressToNext {
  /** The next tier above the tier held. */
  readonly tier: string;
  /** Its entry threshold. */
  readonly threshold: number;
  /** The metric so far in the current window. */
  readonly metric: number;
  /** `threshold − metric` (at least 0). */
  readonly remaining: number;
  /** When the window resets (calendar and cycle windows), else `null`. */
  readonly deadline: Instant | null;
  /** The last local day before `deadline`, e.g. `'2026-12-31'`, else `null`. */
  readonly deadlineDate: LocalDate | null;
}

/** What remains to keep the earned tier at the next re-evaluation (or during a grace period). */
export interface TierProgressToKeep {
  /** The earned tier at stake. */
  readonly tier: string;
  /** The accumulated retain threshold, or `null` when the tier is kept by a single order only. */
  readonly threshold: number | null;
  /** One order of at least this many minor units keeps the tier, or `null`. */
  readonly singleOrder: number | null;
  /** The metric so far in the current window. */
  readonly metric: number;
  /** `threshold − metric` (at least 0), or `null` when there is no accumulated threshold. */
  readonly remaining: number | null;
  /** Whether the retain condition is already met. */
  readonly met: boolean;
  /** The re-evaluation instant, or the end of a grace period under way. */
  readonly deadline: Instant;
  /** The last local day before `deadline`, e.g. `'2026-12-31'`. */
  readonly deadlineDate: LocalDate;
}

/** A member's progress at an instant. */
export interface TierProgress {
  /** The tier held. */
  readonly tier: string;
  /** The earned tier. */
  readonly earnedTier: string;
  /** Toward the next tier; `null` at the top. */
  readonly next: TierProgressToNext | null;
  /** Toward keeping the earned tier; `null` when nothing can take it (first tier, lifetime window, never-downgrade, policy `none`). */
  readonly keep: TierProgressToKeep | null;
}

/**
 * What a member must still do at `asOf`: how much metric remains to reach the tier above the one
 * held (and by when, if the window resets), and how much remains to keep the earned tier at the
 * next re-evaluation (or to re-qualify during a grace period).
 *
 * @example
 * ```ts
 * import { applyTierInput, createTierMember, parseTierProgram, tierProgress } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'spend',
 *   window: { kind: 'calendar', unit: 'year' },
 *   tiers: [{ name: 'Member', threshold: 0 }, { name: 'Silver', threshold: 200_000 }, { name: 'Gold', threshold: 500_000 }],
 * });
 * let member = createTierMember(program, { memberId: 'u1', joinedAt: '2026-01-05T10:00:00+08:00' });
 * member = applyTierInput(member, program, { kind: 'activity', event: { id: 'o1', userId: 'u1', type: 'purchase', at: Date.parse('2026-05-01T10:00:00+08:00'), amount: 403_500 } }).state;
 * const progress = tierProgress(member, program, '2026-06-01T00:00:00+08:00');
 * progress.next?.remaining; // → 96_500
 * progress.next?.deadlineDate; // → '2026-12-31'
 * ```
 */
export function tierProgress(state: TierMemberState, program: TierProgram, asOf: InstantInput): TierProgress {
  const c = compileTierProgram(program);
  const d = draftOf(state);
  advanceDraft({ c, d, events: [], inputId: undefined }, toInstant(asOf, ['asOf']));
  const at = d.clock;
  const end = at + 1;
  const metric = metricBefore(c, d, end);
  const kind = c.program.window.kind;
  const resets = kind === 'calendar' || kind === 'cycle';
  const dateBefore = (instant: Instant): LocalDate => localDateOf(instant - 1, c.timeZone);
  const nextIndex = indexOf(c, d.tier) + 1;
  let next: TierProgressToNext | null = null;
  if (nextIndex < c.tiers.length) {
    const threshold = c.thresholds[nextIndex] as number;
    const deadline = resets ? d.periodEnd : null;
    next = {
      tier: c.tiers[nextIndex]?.name as string,
      threshold,
      metric,
      remaining: Math.max(0, threshold - metric),
      deadline,
      deadlineDate: deadline === null ? null : dateBefore(deadline),
    };
  }
  let keep: TierProgressToKeep | null = null;
  const i = indexOf(c, d.earnedTier);
  if (d.periodEnd !== null && i > 0 && c.neverDowngrade[i] === 0 && c.policy !== 'none') {
    const accumulated = c.retainAccumulated[i] as number;
    const single = c.retainSingleOrder[i] as number;
    const largest = largestOrderBetween(d.ledger, windowStart(c, d.periodStart, end), end);
    const deadline = d.pending?.effectiveAt ?? d.periodEnd;
    keep = {
      tier: d.earnedTier,
      threshold: Number.isFinite(accumulated) ? accumulated : null,
      singleOrder: Number.isFinite(single) ? single : null,
      metric,
      remaining: Number.isFinite(accumulated) ? Math.max(0, accumulated - metric) : null,
      met: metric >= accumulated || largest >= single,
      deadline,
      deadlineDate: dateBefore(deadline),
    };
  }
  return { tier: d.tier, earnedTier: d.earnedTier, next, keep };
}
