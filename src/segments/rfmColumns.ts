/**
 * RFM as columns: values, scores, segments and 8-groups of every customer in typed arrays, in
 * one pass over a columnar `EventTable` (no per-customer objects, no sort by user id). The
 * scoring core here is shared with {@link scoreRfm}, so both forms give the same scores.
 *
 * @module
 */
import {
  DEFAULT_TIME_ZONE,
  SiyuError,
  localDayNumber,
  subtractDuration,
  toInstant,
  type ActivityEvent,
  type EventTable,
  type Instant,
  type TimeZone,
} from '../core/index.js';
import type { SegmentMetricOptions } from './metrics.js';
import { computeSegmentCutPoints, segmentQuantileProbabilities } from './quantile.js';
import { DEFAULT_RFM_SEGMENTS, RFM_GROUPS, RFM_OTHERS_SEGMENT, matchRfmSegment, rfmGroupOf, type RfmGroupKey } from './rfmSegments.js';
import { parseRfmConfig, type RfmConfig, type RfmSegmentRule, type RfmThresholds } from './schema.js';

const QUINTILES = segmentQuantileProbabilities(5);

/** Purchase rows gathered per batch in the table pass (see computeRfmValueColumns). */
const PURCHASE_BATCH = 256;

/** The 8-group keys, in the order {@link RfmColumns.group} indexes. */
export const RFM_GROUP_KEYS = Object.keys(RFM_GROUPS) as readonly RfmGroupKey[];

/** Cut points per dimension (recency in days: bins then reversed). */
export interface RfmCutPoints {
  readonly recency: readonly number[];
  readonly frequency: readonly number[];
  readonly monetary: readonly number[];
}

/** Scores of customers given as value columns (the shared core of both RFM forms). */
export interface RfmScoreColumns {
  /** `'quantile'` or `'thresholds'`. */
  readonly method: 'quantile' | 'thresholds';
  /** Cut points used for each dimension. */
  readonly cutPoints: RfmCutPoints;
  /** Population means (for the 8 groups); `NaN` with no customers. */
  readonly means: { readonly recency: number; readonly frequency: number; readonly monetary: number };
  /** The segment rules used, in order. */
  readonly segments: readonly RfmSegmentRule[];
  /** Per customer: recency score 1–5 (5 = most recent). */
  readonly r: Uint8Array;
  /** Per customer: frequency score 1–5. */
  readonly f: Uint8Array;
  /** Per customer: monetary score 1–5. */
  readonly m: Uint8Array;
  /** Per customer: index of the first matching rule in `segments`; `segments.length` = others. */
  readonly segment: Uint8Array;
  /** Per customer: index into {@link RFM_GROUP_KEYS}. */
  readonly group: Uint8Array;
}

/** RFM of every customer as columns: the result of {@link computeRfmColumns}. */
export interface RfmColumns extends RfmScoreColumns {
  /** The instant the values are as of. */
  readonly asOf: Instant;
  /** The zone of the local days. */
  readonly timeZone: TimeZone;
  /** Customers (users with a purchase in the lookback), in the table's user order. */
  readonly userIds: readonly string[];
  /** Per customer: local days since the last purchase. */
  readonly recency: Float64Array;
  /** Per customer: number of purchases. */
  readonly frequency: Float64Array;
  /** Per customer: total spend, minor units. */
  readonly monetary: Float64Array;
}

/**
 * `binByCutPoints` for RFM's four cut points (the scoring loop's inner step): 1 + the number of
 * cut points strictly below the value, as a sum of comparisons rather than branches (random
 * scores would mispredict them; ≈ 8× faster on a million customers).
 */
function binOf4(value: number, c0: number, c1: number, c2: number, c3: number): number {
  return 1 + Number(value > c0) + Number(value > c1) + Number(value > c2) + Number(value > c3);
}

/**
 * Scores value columns (equal values share a score). Internal: `config` is already parsed.
 * Segments are looked up in a 125-entry table of (r, f, m); 8-groups compare with the means
 * exactly (`x·n < Σ`).
 */
export const scoreRfmValueColumns = (recency: Float64Array, frequency: Float64Array, monetary: Float64Array, cfg: RfmConfig): RfmScoreColumns => {
  const n = recency.length;
  const scoring = cfg.scoring ?? { method: 'quantile' as const };
  const cutPoints: RfmCutPoints =
    scoring.method === 'thresholds'
      ? { recency: [...scoring.recency], frequency: [...scoring.frequency], monetary: [...scoring.monetary] }
      : {
          recency: computeSegmentCutPoints(recency, QUINTILES),
          frequency: computeSegmentCutPoints(frequency, QUINTILES),
          monetary: computeSegmentCutPoints(monetary, QUINTILES),
        };
  let sumR = 0;
  let sumF = 0;
  let sumM = 0;
  for (let i = 0; i < n; i++) {
    sumR += recency[i] as number;
    sumF += frequency[i] as number;
    sumM += monetary[i] as number;
  }
  const rules = cfg.segments ?? DEFAULT_RFM_SEGMENTS;
  // Segment of every (r, f, m): index (r − 1)·25 + (f − 1)·5 + (m − 1).
  const segmentOf = new Uint8Array(125);
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      for (let m = 1; m <= 5; m++) {
        const rule = matchRfmSegment(r, f, m, rules);
        segmentOf[(r - 1) * 25 + (f - 1) * 5 + (m - 1)] = rule === undefined ? rules.length : rules.indexOf(rule);
      }
    }
  }
  const groupIndex = new Map(RFM_GROUP_KEYS.map((k, i) => [k, i]));
  const groupOf = new Uint8Array(8);
  for (let bits = 0; bits < 8; bits++) groupOf[bits] = groupIndex.get(rfmGroupOf((bits & 4) !== 0, (bits & 2) !== 0, (bits & 1) !== 0)) as number;
  const rs = new Uint8Array(n);
  const fs = new Uint8Array(n);
  const ms = new Uint8Array(n);
  const segment = new Uint8Array(n);
  const group = new Uint8Array(n);
  const [r0, r1, r2, r3] = cutPoints.recency as RfmThresholds;
  const [f0, f1, f2, f3] = cutPoints.frequency as RfmThresholds;
  const [m0, m1, m2, m3] = cutPoints.monetary as RfmThresholds;
  for (let i = 0; i < n; i++) {
    const rv = recency[i] as number;
    const fv = frequency[i] as number;
    const mv = monetary[i] as number;
    const r = 6 - binOf4(rv, r0, r1, r2, r3);
    const f = binOf4(fv, f0, f1, f2, f3);
    const m = binOf4(mv, m0, m1, m2, m3);
    rs[i] = r;
    fs[i] = f;
    ms[i] = m;
    segment[i] = segmentOf[(r - 1) * 25 + (f - 1) * 5 + (m - 1)] as number;
    group[i] = groupOf[(Number(rv * n < sumR) << 2) | (Number(fv * n >= sumF) << 1) | Number(mv * n >= sumM)] as number;
  }
  return {
    method: scoring.method,
    cutPoints,
    means: { recency: sumR / n, frequency: sumF / n, monetary: sumM / n },
    segments: rules,
    r: rs,
    f: fs,
    m: ms,
    segment,
    group,
  };
};

/** Customers' raw values as columns, in table user order. Internal. */
export interface RfmValueColumns {
  readonly asOf: Instant;
  readonly timeZone: TimeZone;
  readonly userIds: string[];
  readonly recency: Float64Array;
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
}

/**
 * {@link computeRfmValueColumns} straight from event objects, in any order: one pass that reads
 * only purchase events (validated like `buildEventTable` validates rows; other events need only
 * be objects with a string type), with no table built. Customers in order of their first purchase in the array.
 */
function rfmValuesOfEvents(events: readonly ActivityEvent[], asOf: Instant, timeZone: TimeZone, cfg: RfmConfig): RfmValueColumns {
  const purchase = new Set(cfg.purchaseTypes ?? ['purchase']);
  const from = cfg.lookback === undefined ? Number.NEGATIVE_INFINITY : subtractDuration(asOf, cfg.lookback, timeZone);
  const index = new Map<string, number>();
  const userIds: string[] = [];
  const lastAt: number[] = [];
  const count: number[] = [];
  const sum: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ActivityEvent;
    if (typeof e !== 'object' || e === null || typeof e.type !== 'string') throw SiyuError.at([i], 'not an ActivityEvent (needs string id, userId and type)', 'invalid_event');
    if (!purchase.has(e.type)) continue;
    if (typeof e.userId !== 'string' || typeof e.id !== 'string') throw SiyuError.at([i], 'not an ActivityEvent (needs string id, userId and type)', 'invalid_event');
    const t = e.at;
    if (typeof t !== 'number' || !Number.isSafeInteger(t)) throw SiyuError.at([i, 'at'], 'must be integer epoch milliseconds', 'invalid_event');
    if (t <= from || t > asOf) continue;
    let u = index.get(e.userId);
    if (u === undefined) {
      u = userIds.length;
      index.set(e.userId, u);
      userIds.push(e.userId);
      lastAt.push(t);
      count.push(0);
      sum.push(0);
    }
    if (t > (lastAt[u] as number)) lastAt[u] = t;
    count[u] = (count[u] as number) + 1;
    const a = e.amount;
    if (typeof a === 'number' && a === a) sum[u] = (sum[u] as number) + a;
  }
  const asOfDay = localDayNumber(asOf, timeZone);
  return {
    asOf,
    timeZone,
    userIds,
    recency: Float64Array.from(lastAt, (t) => asOfDay - localDayNumber(t, timeZone)),
    frequency: Float64Array.from(count),
    monetary: Float64Array.from(sum),
  };
}

/**
 * One pass over purchase rows within the lookback (rows after `asOf − lookback`, up to `asOf`
 * inclusive): per user the last purchase, the count and the sum of amounts (rows without an
 * amount add 0). Recency is local days in `timeZone` from the last purchase to `asOf`. The
 * table's rows may be in any order: each purchase row's time is compared with the window, and
 * the last purchase is the latest. Internal.
 */
export const computeRfmValueColumns = (source: EventTable | readonly ActivityEvent[], options: SegmentMetricOptions, cfg: RfmConfig): RfmValueColumns => {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const asOf = toInstant(options.asOf, ['asOf']);
  if (Array.isArray(source)) return rfmValuesOfEvents(source as readonly ActivityEvent[], asOf, timeZone, cfg);
  const table = source as EventTable;
  const { at, user, type, amount } = table;
  const from = cfg.lookback === undefined ? Number.NEGATIVE_INFINITY : subtractDuration(asOf, cfg.lookback, timeZone);
  const purchase = new Set(cfg.purchaseTypes ?? ['purchase']);
  const isPurchase = Uint8Array.from(table.types, (t) => (purchase.has(t) ? 1 : 0));
  // One purchase type in the dictionary (the usual case): compare codes, no lookup.
  const single = isPurchase.indexOf(1) === isPurchase.lastIndexOf(1) ? isPurchase.indexOf(1) : -1;
  const users = table.userIds.length;
  // Per user, side by side (24 bytes, one or two cache lines per purchase): [3u] purchases,
  // [3u + 1] spend, [3u + 2] instant of the last purchase.
  const state = new Float64Array(users * 3);
  let customers = 0;
  // Purchase rows are gathered PURCHASE_BATCH at a time, then applied: the tight second loop
  // keeps many of their random state reads in flight at once (1.5–2× over one mixed loop).
  const batch = new Int32Array(PURCHASE_BATCH);
  const n = table.length;
  for (let r = 0; r < n; ) {
    let k = 0;
    if (single >= 0) {
      for (; r < n && k < PURCHASE_BATCH; r++) if (type[r] === single) batch[k++] = r;
    } else for (; r < n && k < PURCHASE_BATCH; r++) if (isPurchase[type[r] as number] !== 0) batch[k++] = r;
    for (let j = 0; j < k; j++) {
      const row = batch[j] as number;
      const t = at[row] as number;
      if (!(t > from && t <= asOf)) continue;
      const b = (user[row] as number) * 3;
      const c = state[b] as number;
      if (c === 0) {
        customers++;
        state[b + 2] = t;
      } else if (t > (state[b + 2] as number)) state[b + 2] = t;
      state[b] = c + 1;
      const a = amount[row] as number;
      if (a === a) state[b + 1] = (state[b + 1] as number) + a;
    }
  }
  const asOfDay = localDayNumber(asOf, timeZone);
  const userIds = new Array<string>(customers);
  const recency = new Float64Array(customers);
  const frequency = new Float64Array(customers);
  const monetary = new Float64Array(customers);
  for (let u = 0, i = 0; u < users; u++) {
    const c = state[3 * u] as number;
    if (c === 0) continue;
    userIds[i] = table.userIds[u] as string;
    recency[i] = asOfDay - localDayNumber(state[3 * u + 2] as number, timeZone);
    frequency[i] = c;
    monetary[i] = state[3 * u + 1] as number;
    i++;
  }
  return { asOf, timeZone, userIds, recency, frequency, monetary };
};

/**
 * Computes RFM for every customer as columns: values, scores, the named segment (an index into
 * `segments`; `segments.length` means others) and the 8-group (an index into
 * {@link RFM_GROUP_KEYS}), in one pass over the table. Same scores as {@link computeRfm}, in
 * table user order rather than sorted objects: the form for millions of customers.
 *
 * @example
 * ```ts
 * import { computeRfmColumns, RFM_GROUP_KEYS } from 'siyu/segments';
 * const day = 86_400_000;
 * const asOf = Date.UTC(2026, 10, 25, 4);
 * const cols = computeRfmColumns(
 *   [
 *     { id: 'e1', userId: 'u1', type: 'purchase', at: asOf - 40 * day, amount: 5_000 },
 *     { id: 'e2', userId: 'u2', type: 'purchase', at: asOf - 2 * day, amount: 90_000 },
 *     { id: 'e3', userId: 'u2', type: 'purchase', at: asOf - day, amount: 10_000 },
 *   ],
 *   { asOf },
 * );
 * cols.userIds; // → ['u1', 'u2']
 * Array.from(cols.monetary); // → [5000, 100000]
 * [cols.r[1], cols.f[1], cols.m[1]]; // → [5, 5, 5]
 * RFM_GROUP_KEYS[cols.group[1] ?? 0]; // → 'importantValue'
 * ```
 */
export function computeRfmColumns(source: EventTable | readonly ActivityEvent[], options: SegmentMetricOptions, config: RfmConfig | unknown = {}): RfmColumns {
  const cfg = parseRfmConfig(config, ['config']);
  const values = computeRfmValueColumns(source, options, cfg);
  return { ...values, ...scoreRfmValueColumns(values.recency, values.frequency, values.monetary, cfg) };
}

/** The segment key of a customer of {@link RfmColumns} (`'others'` past the rules). */
export const rfmSegmentKeyAt = (segments: readonly RfmSegmentRule[], index: number): string => segments[index]?.key ?? RFM_OTHERS_SEGMENT.key;
