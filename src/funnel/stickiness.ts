/**
 * Stickiness: how many users were active on exactly / at least n periods of a range.
 *
 * @module
 */
import { SiyuError } from '../core/index.js';
import type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
import { createPeriodPass } from './periodRows.js';
import { createPeriodIndex, periodRange } from './periods.js';
import { parseStickinessDefinition, type AnalyticsPeriod, type StickinessDefinitionInput } from './schema.js';

/** One row of a {@link StickinessResult}. */
export interface StickinessRow {
  /** A number of active periods, 1 … number of periods in the range. */
  readonly periods: number;
  /** Users active on exactly that many periods of the range. */
  readonly exactly: number;
  /** Users active on at least that many. */
  readonly atLeast: number;
}

/** The result of {@link computeStickiness}. */
export interface StickinessResult {
  /** The period unit. */
  readonly period: AnalyticsPeriod;
  /** Periods in the range. */
  readonly periodCount: number;
  /** Users active on at least one period of the range. */
  readonly users: number;
  /** One row per n = 1 … periodCount. */
  readonly rows: readonly StickinessRow[];
}

/** The mergeable partial state: users active on exactly n + 1 periods at index n. */
export interface StickinessPartial {
  /** `exactly[n − 1]` = users active on exactly n periods. */
  readonly exactly: readonly number[];
}

/** The mergeable form of {@link computeStickiness}. */
export type StickinessAggregate = MergeableAggregate<StickinessPartial, StickinessResult>;

/**
 * Stickiness as a mergeable aggregate (`init / add / merge / finish`); shards split users.
 *
 * @example
 * ```ts
 * import { createStickinessAggregate } from 'siyu/funnel';
 * const agg = createStickinessAggregate({ activeEvent: { type: 'check_in' }, period: 'day', timeZone: 'UTC', range: { from: '1970-01-01', to: '1970-01-03' } });
 * const a = agg.add(agg.init(), [{ id: 'c1', userId: 'u1', type: 'check_in', at: 0 }]);
 * agg.finish(agg.merge(a, a)).rows.map((r) => r.exactly); // → [2, 0, 0]
 * ```
 */
export function createStickinessAggregate(definition: StickinessDefinitionInput): StickinessAggregate {
  const def = parseStickinessDefinition(definition);
  const index = createPeriodIndex(def.period, def.timeZone, def.weekStart);
  const { first, last } = periodRange(index, def.range.from, def.range.to);
  const width = last - first + 1;
  const pass = createPeriodPass([def.activeEvent], index);
  const thaw = (s: StickinessPartial): number[] => {
    if (s.exactly.length !== width) throw SiyuError.at(['exactly'], `expected ${width} periods: a state of another definition`, 'invalid_state');
    return [...s.exactly];
  };
  return {
    init: () => ({ exactly: new Array<number>(width).fill(0) }),
    add: (state, input: AnalyticsInput) => {
      const exactly = thaw(state);
      const { table, period, byUser } = pass(input);
      for (let u = 0; u < table.userIds.length; u++) {
        let n = 0;
        let prev = Number.NaN;
        for (let i = byUser.start[u] as number; i < (byUser.start[u + 1] as number); i++) {
          const p = period[byUser.rows[i] as number] as number;
          if (p === prev || p < first || p > last) continue;
          prev = p;
          n++;
        }
        if (n > 0) exactly[n - 1] = (exactly[n - 1] as number) + 1;
      }
      return { exactly };
    },
    merge: (a, b) => {
      const exactly = thaw(a);
      thaw(b).forEach((x, i) => (exactly[i] = (exactly[i] as number) + x));
      return { exactly };
    },
    finish: (state) => {
      const exactly = thaw(state);
      const rows: StickinessRow[] = [];
      let atLeast = 0;
      for (let n = width; n >= 1; n--) {
        atLeast += exactly[n - 1] as number;
        rows.push({ periods: n, exactly: exactly[n - 1] as number, atLeast });
      }
      rows.reverse();
      return { period: def.period, periodCount: width, users: atLeast, rows };
    },
  };
}

/**
 * Counts users by how many local calendar periods of the range they were active on.
 *
 * @example
 * ```ts
 * import { computeStickiness } from 'siyu/funnel';
 * const day = 86_400_000;
 * const events = [
 *   { id: '1', userId: 'u1', type: 'check_in', at: 0 },
 *   { id: '2', userId: 'u1', type: 'check_in', at: day },
 *   { id: '3', userId: 'u2', type: 'check_in', at: day },
 * ];
 * computeStickiness({ activeEvent: { type: 'check_in' }, period: 'day', timeZone: 'UTC', range: { from: '1970-01-01', to: '1970-01-03' } }, events).rows;
 * // → [{ periods: 1, exactly: 1, atLeast: 2 }, { periods: 2, exactly: 1, atLeast: 1 }, { periods: 3, exactly: 0, atLeast: 0 }]
 * ```
 */
export function computeStickiness(definition: StickinessDefinitionInput, input: AnalyticsInput): StickinessResult {
  const agg = createStickinessAggregate(definition);
  return agg.finish(agg.add(agg.init(), input));
}
