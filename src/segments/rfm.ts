/**
 * RFM: recency (local days since the last purchase as of `asOf`), frequency (purchase count)
 * and monetary (sum of purchase amounts, minor units) per customer, scored 1–5 and segmented
 * two ways (the 11 named segments and the Chinese 8 groups).
 *
 * Scores: bins by type-7 quintile cut points of the scored population (or fixed thresholds),
 * upper-inclusive (see `binByCutPoints`); F and M score = bin, R score = 6 − bin (recent = 5).
 * Users with no purchase in the lookback are not RFM customers and get no row.
 *
 * The 8 groups compare with the population means: recent when recency < mean recency, F high
 * when F ≥ mean F, M high when M ≥ mean M. The comparisons are exact: `x < sum / n` is decided
 * as `x·n < sum`, so no rounding of the mean can move a customer across the line.
 *
 * @module
 */
import { SiyuError, type ActivityEvent, type EventTable } from '../core/index.js';
import type { SegmentMetricOptions } from './metrics.js';
import { binByCutPoints } from './quantile.js';
import { RFM_GROUP_KEYS, computeRfmValueColumns, rfmSegmentKeyAt, scoreRfmValueColumns } from './rfmColumns.js';
import { RFM_GROUPS, RFM_OTHERS_SEGMENT, type RfmGroupKey } from './rfmSegments.js';
import { parseRfmConfig, type RfmConfig, type RfmSegmentRule, type SegmentLabel } from './schema.js';

/** A customer's raw RFM values. */
export interface RfmValues {
  /** The customer. */
  readonly userId: string;
  /** Local days since the last purchase (0 = a purchase today). */
  readonly recency: number;
  /** Number of purchases. */
  readonly frequency: number;
  /** Total spend, minor units. */
  readonly monetary: number;
}

/** A customer's RFM scores and segments. */
export interface RfmAssignment extends RfmValues {
  /** Recency score 1–5 (5 = most recent). */
  readonly r: number;
  /** Frequency score 1–5. */
  readonly f: number;
  /** Monetary score 1–5. */
  readonly m: number;
  /** The three scores as a string, `'545'`. */
  readonly score: string;
  /** Key of the named segment (first matching rule), or `'others'`. */
  readonly segment: string;
  /** Key of the Chinese 8-group. */
  readonly group: RfmGroupKey;
}

/** Scored customers plus everything needed to explain a score. */
export interface RfmResult {
  /** Customers sorted by id. */
  readonly users: readonly RfmAssignment[];
  /** `'quantile'` or `'thresholds'`. */
  readonly method: 'quantile' | 'thresholds';
  /** Cut points used for each dimension (recency in days: bins then reversed). */
  readonly cutPoints: { readonly recency: readonly number[]; readonly frequency: readonly number[]; readonly monetary: readonly number[] };
  /** Population means (for the 8 groups); `NaN` with no customers. */
  readonly means: { readonly recency: number; readonly frequency: number; readonly monetary: number };
  /** The segment rules used, in order. */
  readonly segments: readonly RfmSegmentRule[];
}

function checkValues(values: readonly RfmValues[]): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (typeof v !== 'object' || v === null || typeof v.userId !== 'string' || v.userId === '') throw SiyuError.at(['values', i, 'userId'], 'must be a non-empty string');
    if (seen.has(v.userId)) throw SiyuError.at(['values', i, 'userId'], `duplicate user "${v.userId}"`);
    seen.add(v.userId);
    for (const k of ['recency', 'frequency', 'monetary'] as const) {
      if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) throw SiyuError.at(['values', i, k], `must be a finite number, received ${String(v[k])}`);
    }
  });
}

/**
 * Scores customers' RFM values (1–5 each), and assigns the named segment and the 8-group.
 * Order-independent: the result is sorted by user id and equal values share a score.
 *
 * @example
 * ```ts
 * import { scoreRfm } from 'siyu/segments';
 * const result = scoreRfm([
 *   { userId: 'c1', recency: 5, frequency: 10, monetary: 1000 },
 *   { userId: 'c2', recency: 60, frequency: 8, monetary: 900 },
 *   { userId: 'c3', recency: 10, frequency: 1, monetary: 800 },
 *   { userId: 'c4', recency: 90, frequency: 1, monetary: 700 },
 *   { userId: 'c5', recency: 20, frequency: 6, monetary: 50 },
 *   { userId: 'c6', recency: 100, frequency: 1, monetary: 20 },
 * ]);
 * result.users.map((u) => u.group);
 * // → ['importantValue', 'importantKeep', 'importantDevelop', 'importantRetain', 'generalValue', 'generalRetain']
 * result.users[0]?.score; // → '555'
 * ```
 */
export function scoreRfm(values: readonly RfmValues[], config: RfmConfig | unknown = {}): RfmResult {
  const cfg = parseRfmConfig(config, ['config']);
  if (!Array.isArray(values)) throw SiyuError.at(['values'], 'must be an array of { userId, recency, frequency, monetary }');
  checkValues(values);
  const rows = [...values].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const column = (k: 'recency' | 'frequency' | 'monetary'): Float64Array => Float64Array.from(rows, (r) => r[k]);
  const scores = scoreRfmValueColumns(column('recency'), column('frequency'), column('monetary'), cfg);
  const users = rows.map((v, i): RfmAssignment => {
    const r = scores.r[i] as number;
    const f = scores.f[i] as number;
    const m = scores.m[i] as number;
    const segment = rfmSegmentKeyAt(scores.segments, scores.segment[i] as number);
    const group = RFM_GROUP_KEYS[scores.group[i] as number] as RfmGroupKey;
    return { userId: v.userId, recency: v.recency, frequency: v.frequency, monetary: v.monetary, r, f, m, score: `${r}${f}${m}`, segment, group };
  });
  return { users, method: scores.method, cutPoints: scores.cutPoints, means: scores.means, segments: scores.segments };
}

/**
 * Computes customers' RFM values from purchase events (types `config.purchaseTypes`, default
 * `['purchase']`, within `config.lookback` if given) in one pass over the table.
 *
 * @example
 * ```ts
 * import { computeRfmValues } from 'siyu/segments';
 * const day = 86_400_000;
 * const asOf = Date.UTC(2026, 10, 25, 4);
 * const values = computeRfmValues(
 *   [
 *     { id: 'e1', userId: 'u1', type: 'purchase', at: asOf - 10 * day, amount: 5_000 },
 *     { id: 'e2', userId: 'u1', type: 'purchase', at: asOf - 3 * day, amount: 7_000 },
 *     { id: 'e3', userId: 'u2', type: 'message', at: asOf },
 *   ],
 *   { asOf },
 * );
 * values; // → [{ userId: 'u1', recency: 3, frequency: 2, monetary: 12000 }]
 * ```
 */
export function computeRfmValues(source: EventTable | readonly ActivityEvent[], options: SegmentMetricOptions, config: RfmConfig | unknown = {}): RfmValues[] {
  const cfg = parseRfmConfig(config, ['config']);
  const cols = computeRfmValueColumns(source, options, cfg);
  const out = cols.userIds.map((userId, i): RfmValues => ({
    userId,
    recency: cols.recency[i] as number,
    frequency: cols.frequency[i] as number,
    monetary: cols.monetary[i] as number,
  }));
  return out.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * Computes and scores RFM from purchase events: {@link computeRfmValues} then {@link scoreRfm}.
 *
 * @example
 * ```ts
 * import { computeRfm } from 'siyu/segments';
 * const asOf = Date.UTC(2026, 10, 25, 4);
 * computeRfm([{ id: 'e1', userId: 'u1', type: 'purchase', at: asOf, amount: 100 }], { asOf }).users[0]?.score; // → '511'
 * ```
 */
export function computeRfm(source: EventTable | readonly ActivityEvent[], options: SegmentMetricOptions, config: RfmConfig | unknown = {}): RfmResult {
  return scoreRfm(computeRfmValues(source, options, config), config);
}

/** How one RFM dimension was scored. */
export interface RfmDimensionExplanation {
  /** The raw value. */
  readonly value: number;
  /** The cut points compared with. */
  readonly cutPoints: readonly number[];
  /** The bin (1 + cut points strictly below the value). */
  readonly bin: number;
  /** The score (bin, or 6 − bin for recency). */
  readonly score: number;
  /** The value's bin as an interval, e.g. `'(12, 30]'`. */
  readonly interval: string;
}

/** Why a customer got its RFM scores, segment and group. */
export interface RfmExplanation {
  /** The customer. */
  readonly userId: string;
  /** Recency scoring. */
  readonly recency: RfmDimensionExplanation;
  /** Frequency scoring. */
  readonly frequency: RfmDimensionExplanation;
  /** Monetary scoring. */
  readonly monetary: RfmDimensionExplanation;
  /** The named segment and the rule that matched (`undefined` for `others`). */
  readonly segment: { readonly key: string; readonly label: SegmentLabel; readonly rule?: RfmSegmentRule | undefined };
  /** The 8-group and the three comparisons with the means. */
  readonly group: {
    readonly key: RfmGroupKey;
    readonly label: SegmentLabel;
    /** recency < mean recency */
    readonly recent: boolean;
    /** frequency ≥ mean frequency */
    readonly frequencyHigh: boolean;
    /** monetary ≥ mean monetary */
    readonly monetaryHigh: boolean;
    /** The population means the customer's values were compared with (the same as `result.means`). */
    readonly means: { readonly recency: number; readonly frequency: number; readonly monetary: number };
  };
}

function intervalOf(bin: number, cuts: readonly number[]): string {
  // Display only: 12 significant digits hide floating-point noise (6.800000000000001 → 6.8).
  const show = (c: number | undefined): string => String(Number((c as number).toPrecision(12)));
  const lo = bin === 1 ? '-∞' : show(cuts[bin - 2]);
  const hi = bin === cuts.length + 1 ? '∞)' : `${show(cuts[bin - 1])}]`;
  return `(${lo}, ${hi}`;
}

/**
 * Explains one customer's RFM: each dimension's value, cut points, bin and score, the segment
 * rule that matched, and the comparisons with the means behind the 8-group.
 *
 * @example
 * ```ts
 * import { explainRfm, scoreRfm } from 'siyu/segments';
 * const result = scoreRfm([
 *   { userId: 'a', recency: 1, frequency: 5, monetary: 500 },
 *   { userId: 'b', recency: 30, frequency: 1, monetary: 100 },
 * ]);
 * explainRfm(result, 'a').recency.interval; // → '(-∞, 6.8]'
 * explainRfm(result, 'a').group.recent; // → true
 * explainRfm(result, 'a').group.means; // → { recency: 15.5, frequency: 3, monetary: 300 }
 * explainRfm(result, 'zz'); // throws: siyu: userId: "zz" has no RFM row
 * ```
 */
export function explainRfm(result: RfmResult, userId: string): RfmExplanation {
  const row = result.users.find((u) => u.userId === userId);
  if (row === undefined) throw SiyuError.at(['userId'], `"${userId}" has no RFM row (no purchases)`, 'unknown_user');
  const dim = (value: number, cuts: readonly number[], reverse: boolean): RfmDimensionExplanation => {
    const bin = binByCutPoints(value, cuts);
    return { value, cutPoints: cuts, bin, score: reverse ? 6 - bin : bin, interval: intervalOf(bin, cuts) };
  };
  const rule = result.segments.find((s) => s.key === row.segment);
  return {
    userId,
    recency: dim(row.recency, result.cutPoints.recency, true),
    frequency: dim(row.frequency, result.cutPoints.frequency, false),
    monetary: dim(row.monetary, result.cutPoints.monetary, false),
    segment: rule === undefined ? { key: RFM_OTHERS_SEGMENT.key, label: RFM_OTHERS_SEGMENT.label } : { key: rule.key, label: rule.label, rule },
    group: {
      key: row.group,
      label: RFM_GROUPS[row.group],
      recent: /(Value|Develop)$/.test(row.group),
      frequencyHigh: /(Value|Keep)$/.test(row.group),
      monetaryHigh: row.group.startsWith('important'),
      means: { ...result.means },
    },
  };
}
