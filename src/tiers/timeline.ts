/**
 * A member's full tier timeline from their history: every change and its reason.
 *
 * @module
 */
import { toInstant, type InstantInput } from '../core/index.js';
import { applyInputToDraft, tierInputAt, tierInputId } from './apply.js';
import { compileTierProgram } from './ladder.js';
import { createTierMember, type TierEvent, type TierMemberInit, type TierMemberState, type TierOutcome } from './member.js';
import type { TierInput, TierProgram } from './schema.js';
import { advanceDraft, draftOf, type TierContext } from './transitions.js';

/** A replayed history. */
export interface TierTimeline {
  /** The state after every input (and advanced to `asOf`, if given). */
  readonly state: TierMemberState;
  /** Every tier change, re-evaluation and lapse, in order. */
  readonly events: readonly TierEvent[];
  /** Each input's outcome, aligned with the inputs as given (a repeated id gets its first outcome). */
  readonly outcomes: readonly TierOutcome[];
}

/**
 * Replays a member's history from joining: the inputs in time order (a stable sort on their
 * instants; ties keep the given order), each applied as {@link applyTierInput} would, then the
 * state advanced to `asOf` when given. Yields the timeline of `upgraded`, `retained`,
 * `downgraded`, `downgradeScheduled`, `manualTierSet`, `paidTierStarted` and `paidExpired` events.
 *
 * @example
 * ```ts
 * import { parseTierProgram, replayTierHistory } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'pointsEarned',
 *   window: { kind: 'calendar', unit: 'year' },
 *   downgrade: { policy: 'reassess' },
 *   tiers: [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 1000 }],
 * });
 * const timeline = replayTierHistory(program, { memberId: 'u1', joinedAt: '2025-01-10T10:00:00+08:00' }, [
 *   { kind: 'pointsEarned', id: 'p1', at: Date.parse('2025-03-01T10:00:00+08:00'), points: 1000 },
 *   { kind: 'pointsEarned', id: 'p2', at: Date.parse('2026-03-01T10:00:00+08:00'), points: 300 },
 * ], '2027-01-01T00:00:00+08:00');
 * timeline.events.map((e) => `${e.type} ${e.to}`); // → ['upgraded Gold', 'retained Gold', 'downgraded Bronze']
 * ```
 */
export function replayTierHistory(program: TierProgram, member: TierMemberInit, inputs: readonly TierInput[], asOf?: InstantInput): TierTimeline {
  const c = compileTierProgram(program);
  const ctx: TierContext = { c, d: draftOf(createTierMember(program, member)), events: [], inputId: undefined };
  const order = inputs.map((input, i) => ({ input, i, at: tierInputAt(input) })).sort((a, b) => a.at - b.at || a.i - b.i);
  const outcomes: TierOutcome[] = new Array<TierOutcome>(inputs.length);
  const seen = new Map<string, TierOutcome>();
  for (const { input, i } of order) {
    const id = tierInputId(input);
    const outcome = seen.get(id) ?? applyInputToDraft(ctx, input);
    seen.set(id, outcome);
    outcomes[i] = outcome;
  }
  if (asOf !== undefined) advanceDraft(ctx, toInstant(asOf, ['asOf']));
  return { state: ctx.d, events: ctx.events, outcomes };
}
