/**
 * Per-user metrics (统计类标签) as of an instant, from activity events or from the columnar
 * `EventTable`: counts, active local days, sums and averages of amount, first and last seen,
 * days since the last event, order counts, and quantile bins over the population.
 *
 * Windows are `(asOf − window, asOf]` (the start excluded, `asOf` included), the start found by
 * core `subtractDuration` in the program zone (so `{ amount: 1, unit: 'month' }` is a calendar
 * month). Events after `asOf` are ignored by every metric. Local days are the zone's calendar
 * days. Metrics sharing the same filter (types, `where`, window) are computed together in one
 * pass over the rows of that window.
 *
 * @module
 */
import {
  DEFAULT_TIME_ZONE,
  SiyuError,
  buildEventTable,
  eventTableRow,
  compileCondition,
  divideRounded,
  listConditionFields,
  localDayNumber,
  readField,
  subtractDuration,
  toInstant,
  zoneOffsetMinutes,
  type ActivityEvent,
  type EventTable,
  type Instant,
  type InstantInput,
  type Predicate,
  type TimeZone,
} from '../core/index.js';
import { binByCutPoints, computeSegmentCutPoints, segmentQuantileProbabilities } from './quantile.js';
import { parseSegmentMetrics, type SegmentMetricDefinition } from './schema.js';

/** Options of {@link computeSegmentMetricColumns} and {@link computeSegmentMetrics}. */
export interface SegmentMetricOptions {
  /** The instant the metrics are as of; windows end here (inclusive). */
  readonly asOf: InstantInput;
  /** IANA zone for windows and local days; `'Asia/Shanghai'` when absent. */
  readonly timeZone?: TimeZone | undefined;
  /** Users to include even without events (never-active users); event users are always included. */
  readonly users?: readonly string[] | undefined;
}

/**
 * Metrics as columns: `columns[name][i]` is the metric of `userIds[i]`, `NaN` standing for
 * `null` (no value). Users are sorted by id (code-unit order).
 */
export interface SegmentMetricColumns {
  /** The instant the metrics are as of. */
  readonly asOf: Instant;
  /** The zone used for windows and local days. */
  readonly timeZone: TimeZone;
  /** Users, sorted by id. */
  readonly userIds: readonly string[];
  /** One column per metric, in definition order; `NaN` = `null`. */
  readonly columns: Readonly<Record<string, Float64Array>>;
  /** Cut points used by each `quantileBin` metric, by metric name. */
  readonly cutPoints: Readonly<Record<string, readonly number[]>>;
}

/** One user's metrics, `null` where the metric has no value. */
export interface UserSegmentMetrics {
  /** The user. */
  readonly userId: string;
  /** Metric values by name. */
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** Fields a metric's `where` condition may read on an event. */
const EVENT_FIELDS = { id: 'string', userId: 'string', type: 'string', at: 'number', amount: 'number', 'props.*': 'any' } as const;

/**
 * Day numbers (see core `localDayNumber`) of rows `[0, end)` of a table, in the zone. The zone
 * offset is looked up once per 15-minute UTC bucket (zone transitions fall on quarter hours):
 * when the offsets at the bucket's first and last millisecond agree, every row in the bucket
 * uses it; otherwise each row is looked up on its own. The answer equals `localDayNumber` for
 * every row.
 */
function localDayColumn(table: EventTable, end: number, timeZone: TimeZone): Int32Array {
  const out = new Int32Array(end);
  const BUCKET = 900_000;
  let bucket = Number.NaN;
  let offset = 0;
  let uniform = false;
  for (let r = 0; r < end; r++) {
    const t = table.at[r] as number;
    const b = Math.floor(t / BUCKET);
    if (b !== bucket) {
      bucket = b;
      offset = zoneOffsetMinutes(b * BUCKET, timeZone);
      uniform = offset === zoneOffsetMinutes(b * BUCKET + BUCKET - 1, timeZone);
    }
    out[r] = uniform ? Math.floor((t + offset * 60_000) / 86_400_000) : localDayNumber(t, timeZone);
  }
  return out;
}

/** The first row whose time is after `t` (rows in time order), by binary search. Internal. */
export const firstRowAfter = (at: Float64Array, length: number, t: number): number => {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((at[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

type PerEventDefinition = Exclude<SegmentMetricDefinition, { kind: 'quantileBin' }>;

interface MetricGroup {
  readonly type: PerEventDefinition['type'];
  readonly where: PerEventDefinition['where'];
  readonly window: PerEventDefinition['window'];
  readonly members: { readonly def: PerEventDefinition; readonly index: number }[];
}

/** Per-user running totals of one metric group, indexed by output user. */
interface GroupAccumulators {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly withAmount: Float64Array;
  readonly firstRow: Int32Array;
  readonly lastRow: Int32Array;
  /** Empty unless the group has an `activeDays` metric. */
  readonly activeDays: Float64Array;
  /** The latest local day counted per user. */
  readonly lastDay: Int32Array;
  /** 1 when the day before `lastDay` is counted too (rows can step back a day when clocks fall back across midnight). */
  readonly dayBeforeCounted: Uint8Array;
}

/** Adds one matching row to the totals (rows arrive in time order). */
function addRow(acc: GroupAccumulators, u: number, r: number, amount: number, dayOf: Int32Array): void {
  acc.count[u] = (acc.count[u] as number) + 1;
  if (!Number.isNaN(amount)) {
    acc.sum[u] = (acc.sum[u] as number) + amount;
    acc.withAmount[u] = (acc.withAmount[u] as number) + 1;
  }
  if (acc.firstRow[u] === -1) acc.firstRow[u] = r;
  acc.lastRow[u] = r;
  if (acc.activeDays.length > 0) {
    const d = dayOf[r] as number;
    const last = acc.lastDay[u] as number;
    if (d > last) {
      acc.activeDays[u] = (acc.activeDays[u] as number) + 1;
      acc.dayBeforeCounted[u] = d - 1 === last ? 1 : 0;
      acc.lastDay[u] = d;
    } else if (d === last - 1 && acc.dayBeforeCounted[u] === 0) {
      // Time order, but the local date went back (a fall-back transition across midnight).
      acc.activeDays[u] = (acc.activeDays[u] as number) + 1;
      acc.dayBeforeCounted[u] = 1;
    }
  }
}

/** The hot loop: rows `[lo, end)` filtered by type only. Kept small so engines optimise it. */
function scanRows(acc: GroupAccumulators, table: EventTable, map: Int32Array, mask: Uint8Array, lo: number, end: number, dayOf: Int32Array): void {
  const userCol = table.user;
  const typeCol = table.type;
  const amountCol = table.amount;
  for (let r = lo; r < end; r++) {
    if (mask[typeCol[r] as number] === 0) continue;
    addRow(acc, map[userCol[r] as number] as number, r, amountCol[r] as number, dayOf);
  }
}

/** Rows filtered by a `where` condition and/or counted by distinct order id: builds each row's record. */
function scanRowsWithRecords(
  acc: GroupAccumulators,
  table: EventTable,
  map: Int32Array,
  mask: Uint8Array,
  lo: number,
  end: number,
  dayOf: Int32Array,
  predicate: Predicate | undefined,
  orderFields: readonly string[],
  orders: readonly Float64Array[],
): void {
  const seen = orderFields.map(() => new Set<string>());
  for (let r = lo; r < end; r++) {
    if (mask[table.type[r] as number] === 0) continue;
    const record = rowRecord(table, r);
    if (predicate !== undefined && !predicate(record)) continue;
    const u = map[table.user[r] as number] as number;
    addRow(acc, u, r, table.amount[r] as number, dayOf);
    for (let k = 0; k < orderFields.length; k++) {
      const id = readField(record, orderFields[k] as string);
      const key = typeof id === 'string' || typeof id === 'number' ? `${u}\u0000${typeof id}:${String(id)}` : `${u}\u0000#${r}`;
      const set = seen[k] as Set<string>;
      if (!set.has(key)) {
        set.add(key);
        const o = orders[k] as Float64Array;
        o[u] = (o[u] as number) + 1;
      }
    }
  }
}

/** One metric's column from its group's totals; `NaN` = no value. */
function fillColumn(def: PerEventDefinition, acc: GroupAccumulators, at: Float64Array, dayOf: Int32Array, asOfDay: number, orderCount: Float64Array | undefined): Float64Array {
  const n = acc.count.length;
  switch (def.kind) {
    case 'count':
      return Float64Array.from(acc.count);
    case 'sum':
      return Float64Array.from(acc.sum);
    case 'activeDays':
      return Float64Array.from(acc.activeDays);
    case 'orderCount':
      return Float64Array.from(orderCount ?? acc.count);
    case 'avg': {
      const col = new Float64Array(n);
      const mode = def.rounding ?? 'halfUp';
      for (let u = 0; u < n; u++) col[u] = acc.withAmount[u] === 0 ? Number.NaN : divideRounded(acc.sum[u] as number, acc.withAmount[u] as number, mode);
      return col;
    }
    case 'firstSeen':
    case 'lastSeen': {
      const rows = def.kind === 'firstSeen' ? acc.firstRow : acc.lastRow;
      const col = new Float64Array(n);
      for (let u = 0; u < n; u++) col[u] = rows[u] === -1 ? Number.NaN : (at[rows[u] as number] as number);
      return col;
    }
    case 'daysSinceLast': {
      const col = new Float64Array(n);
      for (let u = 0; u < n; u++) col[u] = acc.lastRow[u] === -1 ? Number.NaN : asOfDay - (dayOf[acc.lastRow[u] as number] as number);
      return col;
    }
  }
}

/** Accepts events or a table; events become a table (with props when a condition needs them). */
function toTable(source: EventTable | readonly ActivityEvent[], needProps: boolean): EventTable {
  if (Array.isArray(source)) return buildEventTable(source as readonly ActivityEvent[], { keepProps: needProps });
  const table = source as EventTable;
  for (let r = 1; r < table.length; r++) {
    if ((table.at[r] as number) < (table.at[r - 1] as number)) throw SiyuError.at(['table', 'at', r], 'rows must be in time order (use buildEventTable)', 'invalid_table');
  }
  return table;
}

function needsProps(defs: readonly SegmentMetricDefinition[]): boolean {
  return defs.some((d) => d.kind !== 'quantileBin' && (d.where !== undefined || (d.kind === 'orderCount' && d.orderIdField !== undefined)));
}

/** Sorted union of the table's users and the extra users, with the table index → output index map. */
function collectUsers(table: EventTable, extra: readonly string[] | undefined): { userIds: string[]; map: Int32Array } {
  const all = new Set<string>(table.userIds);
  for (const u of extra ?? []) {
    if (typeof u !== 'string' || u === '') throw SiyuError.at(['users'], 'user ids must be non-empty strings');
    all.add(u);
  }
  const userIds = [...all].sort(); // default sort: UTF-16 code-unit order
  const position = new Map<string, number>();
  userIds.forEach((u, i) => position.set(u, i));
  const map = new Int32Array(table.userIds.length);
  table.userIds.forEach((u, i) => (map[i] = position.get(u) as number));
  return { userIds, map };
}

const rowRecord = eventTableRow; // row r as an ActivityEvent, for `where` conditions

function groupKey(d: PerEventDefinition): string {
  return JSON.stringify([d.kind === 'orderCount' ? (d.type ?? 'purchase') : (d.type ?? null), d.where ?? null, d.window ?? null]);
}

/**
 * Computes metrics for every user as columns (typed arrays), the form that scales to millions
 * of users. Definitions are validated (`parseSegmentMetrics`); a `where` reading `props.*` on a
 * table built without props is a `SiyuError`.
 *
 * @example
 * ```ts
 * import { computeSegmentMetricColumns } from 'siyu/segments';
 * const day = 86_400_000;
 * const asOf = Date.UTC(2026, 10, 25);
 * const cols = computeSegmentMetricColumns(
 *   [{ kind: 'count', name: 'eventsIn7Days', window: { amount: 7, unit: 'day' } }],
 *   [
 *     { id: 'e1', userId: 'u1', type: 'message', at: asOf - day },
 *     { id: 'e2', userId: 'u1', type: 'message', at: asOf - 8 * day },
 *   ],
 *   { asOf, users: ['u2'] },
 * );
 * cols.userIds; // → ['u1', 'u2']
 * Array.from(cols.columns.eventsIn7Days ?? []); // → [1, 0]
 * ```
 */
export function computeSegmentMetricColumns(
  definitions: readonly SegmentMetricDefinition[] | unknown,
  source: EventTable | readonly ActivityEvent[],
  options: SegmentMetricOptions,
): SegmentMetricColumns {
  return computeParsedMetricColumns(parseSegmentMetrics(definitions, ['metrics']), source, options);
}

/**
 * {@link computeSegmentMetricColumns} for definitions already validated (no parsing; names are
 * taken as given).
 *
 * @example
 * ```ts
 * import { computeParsedMetricColumns, parseSegmentMetrics } from 'siyu/segments';
 * const defs = parseSegmentMetrics([{ kind: 'count', name: 'events' }]);
 * Array.from(computeParsedMetricColumns(defs, [{ id: 'e1', userId: 'u1', type: 'x', at: 0 }], { asOf: 0 }).columns.events ?? []); // → [1]
 * ```
 */
export function computeParsedMetricColumns(
  defs: readonly SegmentMetricDefinition[],
  source: EventTable | readonly ActivityEvent[],
  options: SegmentMetricOptions,
): SegmentMetricColumns {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const asOf = toInstant(options.asOf, ['asOf']);
  const table = toTable(source, needsProps(defs));
  const { userIds, map } = collectUsers(table, options.users);
  const nUsers = userIds.length;
  const end = firstRowAfter(table.at, table.length, asOf);
  const asOfDay = localDayNumber(asOf, timeZone);
  let days: Int32Array | undefined;
  const dayColumn = (): Int32Array => (days ??= localDayColumn(table, end, timeZone));

  const starts = new Map<string, number>();
  const windowStart = (w: NonNullable<PerEventDefinition['window']>): number => {
    const key = `${w.amount}:${w.unit}`;
    let start = starts.get(key);
    if (start === undefined) {
      start = subtractDuration(asOf, w, timeZone);
      starts.set(key, start);
    }
    return start;
  };
  const columns: Record<string, Float64Array> = {};
  const cutPoints: Record<string, readonly number[]> = {};
  const groups = new Map<string, MetricGroup>();
  defs.forEach((def, index) => {
    if (def.kind === 'quantileBin') return;
    const key = groupKey(def);
    let group = groups.get(key);
    if (group === undefined) {
      group = { type: def.kind === 'orderCount' ? (def.type ?? 'purchase') : def.type, where: def.where, window: def.window, members: [] };
      groups.set(key, group);
    }
    group.members.push({ def, index });
  });

  for (const group of groups.values()) {
    const first = group.members[0] as { def: PerEventDefinition; index: number };
    let predicate: Predicate | undefined;
    if (group.where !== undefined) {
      const root = ['metrics', first.index, 'where'];
      predicate = compileCondition(group.where, { fields: EVENT_FIELDS, root });
      if (table.props === undefined && listConditionFields(group.where).some((f) => f.startsWith('props.'))) {
        throw SiyuError.at(root, 'reads props.*, but the EventTable was built without props (use keepProps: true)', 'invalid_table');
      }
    }
    const lo = group.window === undefined ? 0 : firstRowAfter(table.at, end, windowStart(group.window));
    const wanted = group.type === undefined ? undefined : new Set(typeof group.type === 'string' ? [group.type] : group.type);
    const mask = new Uint8Array(table.types.length);
    table.types.forEach((t, i) => (mask[i] = wanted === undefined || wanted.has(t) ? 1 : 0));
    const kinds = new Set(group.members.map((m) => m.def.kind));
    const orderFields = group.members.flatMap((m) => (m.def.kind === 'orderCount' && m.def.orderIdField !== undefined ? [m.def.orderIdField] : []));
    for (const m of group.members) {
      if (m.def.kind === 'orderCount' && m.def.orderIdField !== undefined && table.props === undefined) {
        throw SiyuError.at(['metrics', m.index, 'orderIdField'], 'needs event props, but the EventTable was built without props (use keepProps: true)', 'invalid_table');
      }
    }
    const acc: GroupAccumulators = {
      count: new Float64Array(nUsers),
      sum: new Float64Array(nUsers),
      withAmount: new Float64Array(nUsers),
      firstRow: new Int32Array(nUsers).fill(-1),
      lastRow: new Int32Array(nUsers).fill(-1),
      activeDays: new Float64Array(kinds.has('activeDays') ? nUsers : 0),
      lastDay: new Int32Array(kinds.has('activeDays') ? nUsers : 0).fill(-2_147_483_648),
      dayBeforeCounted: new Uint8Array(kinds.has('activeDays') ? nUsers : 0),
    };
    const dayOf = kinds.has('activeDays') || kinds.has('daysSinceLast') ? dayColumn() : new Int32Array(0);
    const orders = orderFields.map(() => new Float64Array(nUsers));
    if (predicate === undefined && orders.length === 0) scanRows(acc, table, map, mask, lo, end, dayOf);
    else scanRowsWithRecords(acc, table, map, mask, lo, end, dayOf, predicate, orderFields, orders);
    for (const { def } of group.members) {
      const orderCount = def.kind === 'orderCount' && def.orderIdField !== undefined ? orders[orderFields.indexOf(def.orderIdField)] : undefined;
      columns[def.name] = fillColumn(def, acc, table.at, dayOf, asOfDay, orderCount);
    }
  }

  for (const def of defs) {
    if (def.kind !== 'quantileBin') continue;
    const source = columns[def.of] as Float64Array;
    const population = def.among === 'positive' ? source.map((v) => (v > 0 ? v : Number.NaN)) : source;
    const cuts = computeSegmentCutPoints(population, segmentQuantileProbabilities(def.bins));
    cutPoints[def.name] = cuts;
    columns[def.name] = population.map((v) => binByCutPoints(v, cuts));
  }
  // Keep definition order in the record.
  const ordered: Record<string, Float64Array> = {};
  for (const def of defs) ordered[def.name] = columns[def.name] as Float64Array;
  return { asOf, timeZone, userIds, columns: ordered, cutPoints };
}

/**
 * One user's metrics from columns, `null` for `NaN`.
 *
 * @example
 * ```ts
 * import { computeSegmentMetricColumns, segmentMetricsAt } from 'siyu/segments';
 * const cols = computeSegmentMetricColumns([{ kind: 'avg', name: 'avgOrder', type: 'purchase' }], [], { asOf: 0, users: ['u1'] });
 * segmentMetricsAt(cols, 0); // → { avgOrder: null }
 * ```
 */
export function segmentMetricsAt(columns: SegmentMetricColumns, index: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of Object.keys(columns.columns)) {
    const v = (columns.columns[name] as Float64Array)[index] as number;
    out[name] = Number.isNaN(v) ? null : v;
  }
  return out;
}

/**
 * Computes metrics for every user (the users of the events plus `options.users`), sorted by
 * user id, as plain objects.
 *
 * @example
 * ```ts
 * import { computeSegmentMetrics } from 'siyu/segments';
 * const asOf = Date.UTC(2026, 10, 25, 4); // 12:00 in Shanghai
 * const rows = computeSegmentMetrics(
 *   [
 *     { kind: 'activeDays', name: 'activeDaysIn7Days', window: { amount: 7, unit: 'day' } },
 *     { kind: 'sum', name: 'spendIn30Days', type: 'purchase', window: { amount: 30, unit: 'day' } },
 *     { kind: 'daysSinceLast', name: 'daysSinceLastEvent' },
 *   ],
 *   [
 *     { id: 'e1', userId: 'u1', type: 'purchase', at: asOf - 3_600_000, amount: 12_800 },
 *     { id: 'e2', userId: 'u1', type: 'message', at: asOf - 7_200_000 },
 *     { id: 'e3', userId: 'u1', type: 'message', at: asOf - 2 * 86_400_000 },
 *   ],
 *   { asOf },
 * );
 * rows; // → [{ userId: 'u1', metrics: { activeDaysIn7Days: 2, spendIn30Days: 12800, daysSinceLastEvent: 0 } }]
 * ```
 */
export function computeSegmentMetrics(
  definitions: readonly SegmentMetricDefinition[] | unknown,
  source: EventTable | readonly ActivityEvent[],
  options: SegmentMetricOptions,
): UserSegmentMetrics[] {
  const cols = computeSegmentMetricColumns(definitions, source, options);
  return cols.userIds.map((userId, i) => ({ userId, metrics: segmentMetricsAt(cols, i) }));
}
