/**
 * Moving a member's tier state through time: re-evaluations at period ends, grace periods
 * ending, paid tiers lapsing.
 *
 * @module
 */
import { toInstant, type InstantInput } from '../core/index.js';
import { compileTierProgram } from './ladder.js';
import type { TierEvent, TierMemberState } from './member.js';
import type { TierProgram } from './schema.js';
import { advanceDraft, draftOf, type TierContext } from './transitions.js';

/** A state advanced through time, and what happened on the way. */
export interface TierAdvance {
  /** The state at `asOf` (the clock never moves back). */
  readonly state: TierMemberState;
  /** The time-driven changes, in order. */
  readonly events: readonly TierEvent[];
}

/**
 * Runs every time-driven step due at or before `asOf`, in time order: at each review period's end
 * the tier is kept (保级) or downgraded by the policy (or a downgrade is scheduled after the grace
 * period); a grace period ends; a paid tier lapses back to the earned tier. Ties at one instant:
 * paid lapse, then grace end, then re-evaluation. Running it again with the same `asOf` is a no-op.
 *
 * @example
 * ```ts
 * import { advanceTier, createTierMember, parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'pointsEarned',
 *   window: { kind: 'calendar', unit: 'year' },
 *   downgrade: { policy: 'oneDown' },
 *   tiers: [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 1000 }],
 * });
 * const gold = createTierMember(program, { memberId: 'u1', joinedAt: '2026-01-01T00:00:00+08:00', tier: 'Gold' });
 * const next = advanceTier(gold, program, '2027-01-01T00:00:00+08:00');
 * next.state.tier; // → 'Silver'
 * next.events.map((e) => e.type); // → ['downgraded']
 * ```
 */
export function advanceTier(state: TierMemberState, program: TierProgram, asOf: InstantInput): TierAdvance {
  const ctx: TierContext = { c: compileTierProgram(program), d: draftOf(state), events: [], inputId: undefined };
  advanceDraft(ctx, toInstant(asOf, ['asOf']));
  return { state: ctx.d, events: ctx.events };
}
