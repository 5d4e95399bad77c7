/**
 * Group health per period (社群健康度): members, joins, leaves, active members, activity rate and
 * churn rate, from join / leave / activity events.
 *
 * @module
 */
import type { Instant, LocalDate } from '../core/index.js';
import type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
import { computeActivityRate, computeGroupChurnRate } from './kpi.js';
import { createPeriodQuads, type PeriodQuad } from './periodQuads.js';
import { createPeriodPass } from './periodRows.js';
import { createPeriodIndex, periodRange } from './periods.js';
import { parseGroupHealthDefinition, type AnalyticsPeriod, type EventMatcher, type GroupHealthDefinitionInput } from './schema.js';

/** One period of a {@link GroupHealthResult}. */
export interface GroupHealthRow {
  /** The local date the period starts on. */
  readonly period: LocalDate;
  /** The instant the period starts. */
  readonly start: Instant;
  /** Users who were members at some moment of the period (members at its start + those who joined in it). */
  readonly members: number;
  /** Users who joined in the period. */
  readonly joined: number;
  /** Users who left in the period. */
  readonly left: number;
  /** Members with an activity event in the period while a member. */
  readonly active: number;
  /** `active ÷ members` (活跃率), unrounded; 0 without members. */
  readonly activityRate: number;
  /** `left ÷ members` (退群率), unrounded; 0 without members. */
  readonly churnRate: number;
}

/** The result of {@link computeGroupHealth}. */
export interface GroupHealthResult {
  /** The period unit. */
  readonly period: AnalyticsPeriod;
  /** Every period of the range, oldest first. */
  readonly rows: readonly GroupHealthRow[];
}

/** The mergeable partial state: `[members, joined, left, active]` per period of the range. */
export interface GroupHealthPartial {
  /** One quadruple per period, oldest first. */
  readonly counts: readonly (readonly [number, number, number, number])[];
}

/** The mergeable form of {@link computeGroupHealth}. */
export type GroupHealthAggregate = MergeableAggregate<GroupHealthPartial, GroupHealthResult>;

type Quad = PeriodQuad;
const JOIN = 1;
const LEAVE = 2;
const ACTIVE = 4;

/**
 * Group health as a mergeable aggregate (`init / add / merge / finish`); shards split users.
 *
 * @example
 * ```ts
 * import { createGroupHealthAggregate } from 'siyu/funnel';
 * const agg = createGroupHealthAggregate({ joinEvent: { type: 'join_group' }, activeEvent: { type: 'message' }, period: 'day', timeZone: 'UTC', range: { from: '1970-01-01', to: '1970-01-01' } });
 * const a = agg.add(agg.init(), [{ id: 'j', userId: 'u1', type: 'join_group', at: 0 }, { id: 'm', userId: 'u1', type: 'message', at: 5 }]);
 * const b = agg.add(agg.init(), [{ id: 'k', userId: 'u2', type: 'join_group', at: 0 }]);
 * agg.finish(agg.merge(a, b)).rows[0]?.activityRate; // → 0.5
 * ```
 */
export function createGroupHealthAggregate(definition: GroupHealthDefinitionInput): GroupHealthAggregate {
  const def = parseGroupHealthDefinition(definition);
  const index = createPeriodIndex(def.period, def.timeZone, def.weekStart);
  const { first, last } = periodRange(index, def.range.from, def.range.to);
  const width = last - first + 1;
  const never: EventMatcher = { type: '\u0000siyu:never' };
  const pass = createPeriodPass([def.joinEvent, def.leaveEvent ?? never, def.activeEvent], index);
  const quads = createPeriodQuads(width);
  const emptyCounts = quads.empty;
  const thaw = quads.thaw;
  return {
    init: () => ({ counts: emptyCounts() }),
    add: (state, input: AnalyticsInput) => {
      const counts = thaw(state);
      const { table, masks, period, byUser } = pass(input);
      // Membership spans as a difference array; `covered` is the last period already counted for the user.
      const diff = new Float64Array(width + 1);
      let covered = Number.NEGATIVE_INFINITY;
      const span = (from: number, to: number): void => {
        const a = Math.max(from, covered + 1, first);
        const b = Math.min(to, last);
        if (a > b) return;
        diff[a - first] = (diff[a - first] as number) + 1;
        diff[b - first + 1] = (diff[b - first + 1] as number) - 1;
        covered = b;
      };
      // Per period, the last user counted as joined / left / active (no double counts).
      const lastJoined = new Float64Array(width).fill(-1);
      const lastLeft = new Float64Array(width).fill(-1);
      const lastActive = new Float64Array(width).fill(-1);
      const mark = (marks: Float64Array, slot: 1 | 2 | 3, p: number, u: number): void => {
        if (p < first || p > last || marks[p - first] === u) return;
        marks[p - first] = u;
        (counts[p - first] as Quad)[slot]++;
      };
      for (let u = 0; u < table.userIds.length; u++) {
        let member = false;
        covered = Number.NEGATIVE_INFINITY;
        let since = 0; // period the current membership began
        const end = byUser.start[u + 1] as number;
        let i = byUser.start[u] as number;
        while (i < end) {
          // Events at one instant act together: join, then activity, then leave (input order never matters).
          const r = byUser.rows[i] as number;
          const t = table.at[r] as number;
          const p = period[r] as number;
          let m = 0;
          while (i < end && table.at[byUser.rows[i] as number] === t) m |= masks[byUser.rows[i++] as number] as number;
          if ((m & JOIN) !== 0 && !member) {
            member = true;
            since = p;
            mark(lastJoined, 1, p, u);
          }
          if ((m & ACTIVE) !== 0 && member) mark(lastActive, 3, p, u);
          if ((m & LEAVE) !== 0 && member) {
            member = false;
            mark(lastLeft, 2, p, u);
            span(since, p);
          }
        }
        if (member) span(since, last);
      }
      let running = 0;
      for (let i = 0; i < width; i++) {
        running += diff[i] as number;
        (counts[i] as Quad)[0] += running;
      }
      return { counts };
    },
    merge: quads.merge,
    finish: (state) => ({
      period: def.period,
      rows: thaw(state).map(([members, joined, left, active], i) => ({
        period: index.startDate(first + i),
        start: index.startInstant(first + i),
        members,
        joined,
        left,
        active,
        activityRate: computeActivityRate({ members, active }),
        churnRate: computeGroupChurnRate({ members, left }),
      })),
    }),
  };
}

/**
 * Per local period of the range: members, joins, leaves, active members, activity rate (活跃率)
 * and churn rate (退群率). Membership comes from the join and leave events only (filter them to
 * one group with `where`); activity counts only while a member.
 *
 * @example
 * ```ts
 * import { computeGroupHealth } from 'siyu/funnel';
 * const day = 86_400_000;
 * const events = [
 *   { id: 'j1', userId: 'u1', type: 'join_group', at: 0 },
 *   { id: 'j2', userId: 'u2', type: 'join_group', at: 0 },
 *   { id: 'm1', userId: 'u1', type: 'message', at: day },
 *   { id: 'l2', userId: 'u2', type: 'leave_group', at: day + 5 },
 * ];
 * const def = { joinEvent: { type: 'join_group' }, leaveEvent: { type: 'leave_group' }, activeEvent: { type: 'message' }, period: 'day' as const, timeZone: 'UTC', range: { from: '1970-01-01', to: '1970-01-03' } };
 * computeGroupHealth(def, events).rows.map((r) => [r.members, r.joined, r.left, r.active]);
 * // → [[2, 2, 0, 0], [2, 0, 1, 1], [1, 0, 0, 0]]
 * ```
 */
export function computeGroupHealth(definition: GroupHealthDefinitionInput, input: AnalyticsInput): GroupHealthResult {
  const agg = createGroupHealthAggregate(definition);
  return agg.finish(agg.add(agg.init(), input));
}
