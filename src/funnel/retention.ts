/**
 * Cohort retention: users grouped by the calendar period of a start event (first time ever, or
 * every period they did it), and how many came back with a return event k periods later.
 *
 * @module
 */
import { SiyuError, toInstant, type Instant, type InstantInput, type LocalDate } from '../core/index.js';
import type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
import { createMatchPass, createPeriodPass } from './periodRows.js';
import { createPeriodIndex, periodRange } from './periods.js';
import { parseRetentionDefinition, type AnalyticsPeriod, type RetentionDefinitionInput } from './schema.js';
import { keepTouched, touchAheadPays, TOUCH_AHEAD_ROWS } from './touchAhead.js';

/** One cohort row of a {@link RetentionResult}. */
export interface RetentionCohort {
  /** The local date the cohort's period starts on. */
  readonly cohort: LocalDate;
  /** The instant the cohort's period starts. */
  readonly start: Instant;
  /** Users in the cohort (= `counts[0]`). */
  readonly size: number;
  /**
   * `counts[0]` is the cohort size; `counts[k]` the cohort's users who returned k periods later
   * (`on`) or k or more periods later (`onOrAfter`); `null` when period k starts after `asOf`.
   */
  readonly counts: readonly (number | null)[];
  /** `counts[k] ÷ size` (0 for an empty cohort), unrounded; `null` where the count is. */
  readonly rates: readonly (number | null)[];
}

/** The result of {@link computeRetention}. */
export interface RetentionResult {
  /** The period unit. */
  readonly period: AnalyticsPeriod;
  /** Every cohort period of the range, oldest first (empty cohorts included). */
  readonly cohorts: readonly RetentionCohort[];
  /** Size-weighted mean per column: Σ counts[k] ÷ Σ size over cohorts whose cell k is known. */
  readonly meanRates: readonly number[];
}

/** Options of {@link computeRetention} and {@link createRetentionAggregate}. */
export interface RetentionOptions {
  /** Cells of periods starting after this instant are not yet observable and read `null`. */
  readonly asOf?: InstantInput;
}

/** The mergeable partial state of retention: per cohort period number, the column counts. */
export interface RetentionPartial {
  /** Cohorts with at least one user, by period number ascending. */
  readonly cohorts: readonly { readonly period: number; readonly counts: readonly number[] }[];
}

/** The mergeable form of {@link computeRetention}. */
export type RetentionAggregate = MergeableAggregate<RetentionPartial, RetentionResult>;

/** No period yet (period numbers are far from the int32 minimum). */
const NONE = -0x80000000;

function addCohorts(into: Map<number, number[]>, from: RetentionPartial): void {
  for (const c of from.cohorts) {
    const mine = into.get(c.period);
    if (mine === undefined) into.set(c.period, [...c.counts]);
    else c.counts.forEach((x, k) => (mine[k] = (mine[k] as number) + x));
  }
}

function freezeCohorts(map: Map<number, number[]>): RetentionPartial {
  return { cohorts: [...map.entries()].sort((a, b) => a[0] - b[0]).map(([period, counts]) => ({ period, counts })) };
}

/**
 * Retention as a mergeable aggregate (`init / add / merge / finish`); shards split users.
 *
 * @example
 * ```ts
 * import { createRetentionAggregate } from 'siyu/funnel';
 * const agg = createRetentionAggregate({
 *   startEvent: { type: 'join_group' }, returnEvent: { type: 'message' },
 *   period: 'day', range: { from: '2026-11-02', to: '2026-11-02' }, periods: 1,
 * });
 * const day = 86_400_000;
 * const t0 = Date.UTC(2026, 10, 2, 2); // 10:00 in Shanghai
 * const a = agg.add(agg.init(), [{ id: 'j1', userId: 'u1', type: 'join_group', at: t0 }, { id: 'm1', userId: 'u1', type: 'message', at: t0 + day }]);
 * const b = agg.add(agg.init(), [{ id: 'j2', userId: 'u2', type: 'join_group', at: t0 }]);
 * agg.finish(agg.merge(a, b)).cohorts[0]?.counts; // → [2, 1]
 * ```
 */
export function createRetentionAggregate(definition: RetentionDefinitionInput, options: RetentionOptions = {}): RetentionAggregate {
  const def = parseRetentionDefinition(definition);
  const index = createPeriodIndex(def.period, def.timeZone, def.weekStart);
  const { first, last } = periodRange(index, def.range.from, def.range.to);
  const asOfPeriod = options.asOf === undefined ? Number.POSITIVE_INFINITY : index.ofInstant(toInstant(options.asOf, ['asOf']));
  const pass = createPeriodPass([def.startEvent, def.returnEvent], index);
  const match = createMatchPass([def.startEvent, def.returnEvent]);
  const K = def.periods;
  const on = def.returnMode === 'on';

  const width = last - first + 1;
  const cols = K + 1;

  const add = (state: RetentionPartial, input: AnalyticsInput): RetentionPartial => {
    // A dense cohort × column matrix over the range, seeded from the state.
    const matrix = new Float64Array(width * cols);
    for (const c of state.cohorts) {
      if (c.period < first || c.period > last || c.counts.length !== cols) throw SiyuError.at(['cohorts'], 'a state of another definition', 'invalid_state');
      c.counts.forEach((x, k) => (matrix[(c.period - first) * cols + k] = x));
    }
    if (def.cohortBy === 'firstTime') {
      addFirstTimeCohorts(matrix, input);
      return matrixToPartial(matrix);
    }
    // Recurring cohorts: every period a user starts in, from the user's rows grouped.
    const { table, masks, period, byUser } = pass(input);
    let maxRows = 0;
    for (let u = 0; u < table.userIds.length; u++) maxRows = Math.max(maxRows, (byUser.start[u + 1] as number) - (byUser.start[u] as number));
    const starts = new Float64Array(maxRows);
    const returns = new Float64Array(maxRows);
    for (let u = 0; u < table.userIds.length; u++) {
      const from = byUser.start[u] as number;
      const to = byUser.start[u + 1] as number;
      let ns = 0;
      let nr = 0;
      for (let i = from; i < to; i++) {
        const r = byUser.rows[i] as number;
        const m = masks[r] as number;
        const p = period[r] as number;
        if ((m & 1) === 1 && (ns === 0 || starts[ns - 1] !== p)) starts[ns++] = p;
        if ((m & 2) === 2 && (nr === 0 || returns[nr - 1] !== p)) returns[nr++] = p;
      }
      for (let s = 0; s < ns; s++) {
        const c = starts[s] as number;
        if (c < first || c > last) continue;
        const row = (c - first) * cols;
        matrix[row] = (matrix[row] as number) + 1;
        if (on) {
          for (let j = 0; j < nr; j++) {
            const k = (returns[j] as number) - c;
            if (k > 0 && k <= K) matrix[row + k] = (matrix[row + k] as number) + 1;
          }
        } else {
          const reach = nr === 0 ? 0 : Math.min(K, (returns[nr - 1] as number) - c);
          for (let k = 1; k <= reach; k++) matrix[row + k] = (matrix[row + k] as number) + 1;
        }
      }
    }
    return matrixToPartial(matrix);
  };

  const matrixToPartial = (matrix: Float64Array): RetentionPartial => {
    const cohorts: { period: number; counts: number[] }[] = [];
    for (let i = 0; i < width; i++) {
      if (matrix[i * cols] === 0) continue;
      cohorts.push({ period: first + i, counts: Array.from(matrix.subarray(i * cols, (i + 1) * cols)) });
    }
    return { cohorts };
  };

  /**
   * First-time cohorts in one pass over the table in time order, with per-user state in typed
   * arrays (cohort period, last return period counted): no grouping by user. A user's first
   * start event fixes the cohort; a return event counts once per period, k = its period − the
   * cohort's (returns before the cohort have k ≤ 0 and never count).
   */
  const addFirstTimeCohorts = (matrix: Float64Array, input: AnalyticsInput): void => {
    const { table, masks, typeBits } = match(input, true);
    const users = table.userIds.length;
    // Per user, side by side (one cache line per user): [2u] cohort period, [2u + 1] last return period.
    const state = new Int32Array(users * 2).fill(NONE);
    const { at, user, type } = table;
    const rows = table.length;
    // Touch the next rows' user state before updating it (see touchAhead.ts).
    const ahead = typeBits !== undefined && touchAheadPays(state.byteLength, type, typeBits, rows);
    let touched = 0;
    for (let r = 0; r < rows; r++) {
      if (ahead && r % TOUCH_AHEAD_ROWS === 0) {
        for (let q = r, end = Math.min(rows, r + TOUCH_AHEAD_ROWS); q < end; q++) touched ^= state[(user[q] as number) * 2] as number;
      }
      const m = typeBits === undefined ? ((masks as Uint32Array)[r] as number) : (typeBits[type[r] as number] as number);
      if (m === 0) continue;
      const u2 = (user[r] as number) * 2;
      const p = index.ofInstant(at[r] as number);
      if ((m & 1) === 1 && state[u2] === NONE) {
        state[u2] = p;
        if (p >= first && p <= last) {
          const cell = (p - first) * cols;
          matrix[cell] = (matrix[cell] as number) + 1;
        }
      }
      if ((m & 2) === 2 && state[u2 + 1] !== p) {
        state[u2 + 1] = p;
        const c = state[u2] as number;
        const k = p - c;
        if (on && c !== NONE && k > 0 && k <= K && c >= first && c <= last) {
          const cell = (c - first) * cols + k;
          matrix[cell] = (matrix[cell] as number) + 1;
        }
      }
    }
    keepTouched(touched);
    if (on) return;
    // On or after: every column up to the user's last return period (at most K).
    for (let u = 0; u < users; u++) {
      const c = state[2 * u] as number;
      const ret = state[2 * u + 1] as number;
      if (c === NONE || ret === NONE || c < first || c > last) continue;
      const reach = Math.min(K, ret - c);
      const row = (c - first) * cols;
      for (let k = 1; k <= reach; k++) matrix[row + k] = (matrix[row + k] as number) + 1;
    }
  };

  const finish = (state: RetentionPartial): RetentionResult => {
    const byPeriod = new Map(state.cohorts.map((c) => [c.period, c.counts]));
    const sums = new Array<number>(K + 1).fill(0);
    const sizes = new Array<number>(K + 1).fill(0);
    const cohorts: RetentionCohort[] = [];
    for (let c = first; c <= last; c++) {
      const raw = byPeriod.get(c) ?? new Array<number>(K + 1).fill(0);
      const size = raw[0] ?? 0;
      const counts = raw.map((x, k) => (c + k > asOfPeriod ? null : x));
      counts.forEach((x, k) => {
        if (x === null) return;
        sums[k] = (sums[k] as number) + x;
        sizes[k] = (sizes[k] as number) + size;
      });
      cohorts.push({
        cohort: index.startDate(c),
        start: index.startInstant(c),
        size,
        counts,
        rates: counts.map((x) => (x === null ? null : size === 0 ? 0 : x / size)),
      });
    }
    return { period: def.period, cohorts, meanRates: sums.map((s, k) => (sizes[k] === 0 ? 0 : s / (sizes[k] as number))) };
  };

  return {
    init: () => ({ cohorts: [] }),
    add,
    merge: (a, b) => {
      const map = new Map<number, number[]>();
      addCohorts(map, a);
      addCohorts(map, b);
      return freezeCohorts(map);
    },
    finish,
  };
}

/**
 * Computes a cohort × offset retention matrix: column 0 is the cohort size, column k the users
 * who returned k periods after their cohort period, with rates and a size-weighted mean row.
 * Periods are local calendar periods in the definition's zone.
 *
 * @example
 * ```ts
 * import { computeRetention } from 'siyu/funnel';
 * const at = (iso: string) => Date.parse(iso);
 * const events = [
 *   { id: '1', userId: 'u1', type: 'join_group', at: at('2026-11-02T23:30:00+08:00') }, // Nov 2 in Shanghai, Nov 2 15:30 UTC
 *   { id: '2', userId: 'u1', type: 'message', at: at('2026-11-03T07:00:00+08:00') }, // Nov 3 in Shanghai, still Nov 2 in UTC
 * ];
 * const r = computeRetention({ startEvent: { type: 'join_group' }, returnEvent: { type: 'message' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-03' }, periods: 1 }, events);
 * r.cohorts.map((c) => [c.cohort, ...c.counts]); // → [['2026-11-02', 1, 1], ['2026-11-03', 0, 0]]
 * ```
 */
export function computeRetention(definition: RetentionDefinitionInput, input: AnalyticsInput, options: RetentionOptions = {}): RetentionResult {
  const agg = createRetentionAggregate(definition, options);
  return agg.finish(agg.add(agg.init(), input));
}
