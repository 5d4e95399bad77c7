/**
 * Lifecycle counts per period, as PostHog's lifecycle: every active user of a period is new,
 * returning or resurrecting; users active in the previous period but not this one are dormant
 * (reported as negative counts).
 *
 * @module
 */
import { SiyuError, type Instant, type LocalDate } from '../core/index.js';
import type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
import { createPeriodQuads, type PeriodQuad } from './periodQuads.js';
import { createPeriodPass } from './periodRows.js';
import { createPeriodIndex, periodRange } from './periods.js';
import { parseLifecycleCountsDefinition, type AnalyticsPeriod, type LifecycleCountsDefinitionInput } from './schema.js';

/** One period of a {@link LifecycleCountsResult}. */
export interface LifecycleCountsRow {
  /** The local date the period starts on. */
  readonly period: LocalDate;
  /** The instant the period starts. */
  readonly start: Instant;
  /** Active now, and this is their join period (or, without join times, their first active period). */
  readonly new: number;
  /** Active now and in the previous period. */
  readonly returning: number;
  /** Active now, not in the previous period, and not new. */
  readonly resurrecting: number;
  /** Minus the users active in the previous period but not now (≤ 0). */
  readonly dormant: number;
}

/** The result of {@link computeLifecycleCounts}. */
export interface LifecycleCountsResult {
  /** The period unit. */
  readonly period: AnalyticsPeriod;
  /** Every period of the range, oldest first. */
  readonly rows: readonly LifecycleCountsRow[];
}

/** Options of {@link computeLifecycleCounts} and {@link createLifecycleCountsAggregate}. */
export interface LifecycleCountsOptions {
  /**
   * Each user's join instant (入群时间), epoch ms by user id. A user with a join instant is `new`
   * only in the period containing it (when active there); users without one are new in their
   * first active period in the input.
   */
  readonly joinedAt?: Readonly<Record<string, Instant>>;
}

/** The mergeable partial state: per period of the range (oldest first), the four counts. */
export interface LifecycleCountsPartial {
  /** `[new, returning, resurrecting, dormant]` per period; dormant counted positive here. */
  readonly counts: readonly (readonly [number, number, number, number])[];
}

/** The mergeable form of {@link computeLifecycleCounts}. */
export type LifecycleCountsAggregate = MergeableAggregate<LifecycleCountsPartial, LifecycleCountsResult>;

type Quad = PeriodQuad;

/**
 * Lifecycle counts as a mergeable aggregate (`init / add / merge / finish`); shards split users.
 *
 * @example
 * ```ts
 * import { createLifecycleCountsAggregate } from 'siyu/funnel';
 * const agg = createLifecycleCountsAggregate({ activeEvent: { type: 'message' }, period: 'day', timeZone: 'UTC', range: { from: '1970-01-01', to: '1970-01-02' } });
 * const s = agg.add(agg.init(), [{ id: 'm1', userId: 'u1', type: 'message', at: 0 }]);
 * agg.finish(agg.merge(s, agg.init())).rows.map((r) => [r.new, r.dormant]); // → [[1, 0], [0, -1]]
 * ```
 */
export function createLifecycleCountsAggregate(definition: LifecycleCountsDefinitionInput, options: LifecycleCountsOptions = {}): LifecycleCountsAggregate {
  const def = parseLifecycleCountsDefinition(definition);
  const index = createPeriodIndex(def.period, def.timeZone, def.weekStart);
  const { first, last } = periodRange(index, def.range.from, def.range.to);
  const width = last - first + 1;
  const pass = createPeriodPass([def.activeEvent], index);
  const joinedAt = options.joinedAt;
  const quads = createPeriodQuads(width);
  const emptyCounts = quads.empty;
  const thaw = quads.thaw;

  const add = (state: LifecycleCountsPartial, input: AnalyticsInput): LifecycleCountsPartial => {
    const counts = thaw(state);
    const { table, period, byUser } = pass(input);
    const active: number[] = [];
    for (let u = 0; u < table.userIds.length; u++) {
      const from = byUser.start[u] as number;
      const to = byUser.start[u + 1] as number;
      if (from === to) continue;
      active.length = 0;
      for (let i = from; i < to; i++) {
        const p = period[byUser.rows[i] as number] as number;
        if (active[active.length - 1] !== p) active.push(p);
      }
      let newPeriod = active[0] as number;
      if (joinedAt !== undefined) {
        const id = table.userIds[u] as string;
        if (Object.prototype.hasOwnProperty.call(joinedAt, id)) {
          const j = joinedAt[id];
          if (typeof j !== 'number' || !Number.isFinite(j)) throw SiyuError.at(['joinedAt', id], 'must be epoch milliseconds', 'invalid_input');
          newPeriod = index.ofInstant(j);
        }
      }
      for (let i = 0; i < active.length; i++) {
        const a = active[i] as number;
        if (a >= first && a <= last) {
          const q = counts[a - first] as Quad;
          if (a === newPeriod) q[0]++;
          else if (i > 0 && active[i - 1] === a - 1) q[1]++;
          else q[2]++;
        }
        const next = a + 1;
        if (next >= first && next <= last && active[i + 1] !== next) (counts[next - first] as Quad)[3]++;
      }
    }
    return { counts };
  };

  return {
    init: () => ({ counts: emptyCounts() }),
    add,
    merge: quads.merge,
    finish: (state) => ({
      period: def.period,
      rows: thaw(state).map(([n, returning, resurrecting, dormant], i) => ({
        period: index.startDate(first + i),
        start: index.startInstant(first + i),
        new: n,
        returning,
        resurrecting,
        dormant: dormant === 0 ? 0 : -dormant,
      })),
    }),
  };
}

/**
 * Counts, per local calendar period of the range, the active users who are new, returning or
 * resurrecting, and the dormant users (negative), as PostHog's lifecycle chart.
 *
 * @example
 * ```ts
 * import { computeLifecycleCounts } from 'siyu/funnel';
 * const day = 86_400_000;
 * const events = [0, 1, 3].map((d) => ({ id: `m${d}`, userId: 'u1', type: 'message', at: d * day }));
 * const r = computeLifecycleCounts({ activeEvent: { type: 'message' }, period: 'day', timeZone: 'UTC', range: { from: '1970-01-01', to: '1970-01-04' } }, events);
 * r.rows.map((row) => [row.new, row.returning, row.resurrecting, row.dormant]);
 * // → [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0]]
 * ```
 */
export function computeLifecycleCounts(definition: LifecycleCountsDefinitionInput, input: AnalyticsInput, options: LifecycleCountsOptions = {}): LifecycleCountsResult {
  const agg = createLifecycleCountsAggregate(definition, options);
  return agg.finish(agg.add(agg.init(), input));
}
