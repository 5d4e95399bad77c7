/**
 * A columnar table of activity events for analytics at scale: user ids and event types are
 * dictionary-encoded, times and amounts sit in typed arrays, rows are sorted by time with a
 * stable tie on input order.
 *
 * @module
 */
import type { ActivityEvent } from './event.js';
import { SiyuError } from './error.js';
import { MAX_INSTANT, tryToInstant } from './instant.js';

/**
 * Events as columns. Row `i` is the event `eventIds[i]` by user `userIds[user[i]]` of type
 * `types[type[i]]` at `at[i]`, with `amount[i]` (`NaN` when the event has no amount). Rows are
 * in time order; equal times keep input order. Plain data: arrays and typed arrays only.
 */
export interface EventTable {
  /** Number of rows. */
  readonly length: number;
  /**
   * Distinct user ids; `user[i]` indexes this. In first-seen (input) order, or the dictionary's
   * order when built from encoded columns (where an entry may have no rows: a user without events).
   */
  readonly userIds: readonly string[];
  /** Distinct event types, in first-seen order (input order); `type[i]` indexes this. */
  readonly types: readonly string[];
  /** Per row: index into `userIds`. */
  readonly user: Uint32Array;
  /** Per row: index into `types`. */
  readonly type: Uint32Array;
  /** Per row: the instant, epoch ms. */
  readonly at: Float64Array;
  /** Per row: amount in minor units, `NaN` when absent. */
  readonly amount: Float64Array;
  /**
   * Per row: the event id. Absent when the table was built from columns without ids
   * ({@link buildEventTableFromColumns}): each row is then a distinct event, read as id `#<row>`
   * (see {@link eventTableRowId}).
   */
  readonly eventIds?: readonly string[];
  /** Per row: the event's `props`, or `undefined`; present only when built with `keepProps`. */
  readonly props?: readonly (ActivityEvent['props'] | undefined)[];
}

/** Types up to this many are found by a scan before the `Map` is asked. */
const FEW_TYPES = 8;

/** Options of {@link buildEventTable}. */
export interface BuildEventTableOptions {
  /** Keep each row's `props` (needed by property filters and breakdowns). Default false. */
  readonly keepProps?: boolean;
}

/**
 * Builds an {@link EventTable} from event rows. Validates each row's shape cheaply (an id, a
 * user, a type, a finite integer `at`) and throws a `SiyuError` naming the row otherwise; rows
 * are assumed already parsed (see `parseActivityEvents` for untrusted input).
 *
 * @example
 * ```ts
 * import { buildEventTable } from 'siyu/core';
 * const table = buildEventTable([
 *   { id: 'e2', userId: 'u2', type: 'purchase', at: 2000, amount: 990 },
 *   { id: 'e1', userId: 'u1', type: 'add_friend', at: 1000 },
 *   { id: 'e3', userId: 'u1', type: 'purchase', at: 2000 },
 * ]);
 * table.eventIds; // → ['e1', 'e2', 'e3']
 * table.userIds; // → ['u2', 'u1']
 * Array.from(table.user); // → [1, 0, 1]
 * table.types[table.type[1] ?? 0]; // → 'purchase'
 * ```
 */
export function buildEventTable(events: readonly ActivityEvent[], options: BuildEventTableOptions = {}): EventTable {
  const n = events.length;
  const userIndex = new Map<string, number>();
  const typeIndex = new Map<string, number>();
  const userIds: string[] = [];
  const types: string[] = [];
  let user = new Uint32Array(n);
  let type = new Uint32Array(n);
  let at = new Float64Array(n);
  let amount = new Float64Array(n);
  let eventIds: string[] = new Array<string>(n);
  let props: (ActivityEvent['props'] | undefined)[] | undefined = options.keepProps ? new Array(n) : undefined;
  let sorted = true;
  let previousAt = Number.NEGATIVE_INFINITY;
  // Consecutive rows of one user (a user's burst) skip the Map lookup.
  let lastUserId: string | undefined;
  let lastUser = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i] as ActivityEvent;
    if (typeof e !== 'object' || e === null || typeof e.userId !== 'string' || typeof e.type !== 'string' || typeof e.id !== 'string') {
      throw SiyuError.at([i], 'not an ActivityEvent (needs string id, userId and type)', 'invalid_event');
    }
    const t = e.at;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t > MAX_INSTANT || t < -MAX_INSTANT) {
      const checked = tryToInstant(t);
      throw SiyuError.at([i, 'at'], checked.ok ? 'must be epoch milliseconds' : checked.problem, 'invalid_event');
    }
    let u: number;
    if (e.userId === lastUserId) u = lastUser;
    else {
      const known = userIndex.get(e.userId);
      if (known === undefined) {
        u = userIds.length;
        userIndex.set(e.userId, u);
        userIds.push(e.userId);
      } else u = known;
      lastUserId = e.userId;
      lastUser = u;
    }
    // Few types: a short scan (usually the same string instance) beats a Map lookup.
    const typeId = e.type;
    let ty = -1;
    for (let k = 0; k < types.length && k < FEW_TYPES; k++) {
      if (types[k] === typeId) {
        ty = k;
        break;
      }
    }
    if (ty < 0) {
      const known = typeIndex.get(typeId);
      if (known === undefined) {
        ty = types.length;
        typeIndex.set(typeId, ty);
        types.push(typeId);
      } else ty = known;
    }
    user[i] = u;
    type[i] = ty;
    at[i] = t;
    amount[i] = e.amount === undefined ? Number.NaN : e.amount;
    eventIds[i] = e.id;
    if (props) props[i] = e.props;
    if (t < previousAt) sorted = false;
    previousAt = t;
  }
  if (!sorted) {
    const order = timeOrder(at);
    user = gatherRows(user, order, (k) => new Uint32Array(k));
    type = gatherRows(type, order, (k) => new Uint32Array(k));
    at = gatherRows(at, order, (k) => new Float64Array(k));
    amount = gatherRows(amount, order, (k) => new Float64Array(k));
    const ids = eventIds;
    eventIds = Array.from(order, (i) => ids[i] as string);
    const kept = props;
    if (kept) props = Array.from(order, (i) => kept[i]);
  }
  const table: EventTable = { length: n, userIds, types, user, type, at, amount, eventIds };
  return props ? { ...table, props } : table;
}

/**
 * The permutation that puts rows in time order, stable (ties keep input order). Internal: shared
 * by the two table builders.
 */
export const timeOrder = (at: Float64Array): Uint32Array => {
  const order = new Uint32Array(at.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (at[a] as number) - (at[b] as number) || a - b);
};

/** A column with its rows permuted by `order` (row r takes `column[order[r]]`). Internal. */
export const gatherRows = <T extends Uint32Array | Float64Array>(column: T, order: Uint32Array, make: (n: number) => T): T => {
  const out = make(order.length);
  for (let r = 0; r < order.length; r++) out[r] = column[order[r] as number] as number;
  return out;
};

/**
 * The id of row `r`: its event id, or `#<row>` when the table has no event ids.
 *
 * @example
 * ```ts
 * import { buildEventTable, buildEventTableFromColumns, eventTableRowId } from 'siyu/core';
 * eventTableRowId(buildEventTable([{ id: 'e1', userId: 'u1', type: 'join_group', at: 5 }]), 0); // → 'e1'
 * eventTableRowId(buildEventTableFromColumns({ userId: ['u1'], type: ['join_group'], at: [5] }), 0); // → '#0'
 * ```
 */
export function eventTableRowId(table: EventTable, r: number): string {
  return table.eventIds === undefined ? `#${r}` : (table.eventIds[r] as string);
}

/**
 * Row `r` of an {@link EventTable} as an {@link ActivityEvent} (for conditions, field reads and
 * breakdowns over a table). No amount when the row's amount is `NaN`; `props` only when kept;
 * the id is {@link eventTableRowId}'s.
 *
 * @example
 * ```ts
 * import { buildEventTable, eventTableRow } from 'siyu/core';
 * eventTableRow(buildEventTable([{ id: 'e1', userId: 'u1', type: 'join_group', at: 5 }]), 0);
 * // → { id: 'e1', userId: 'u1', type: 'join_group', at: 5 }
 * ```
 */
export function eventTableRow(table: EventTable, r: number): ActivityEvent {
  const amount = table.amount[r] as number;
  const props = table.props?.[r];
  return {
    id: eventTableRowId(table, r),
    userId: table.userIds[table.user[r] as number] as string,
    type: table.types[table.type[r] as number] as string,
    at: table.at[r] as number,
    ...(Number.isNaN(amount) ? {} : { amount }),
    ...(props === undefined ? {} : { props }),
  };
}

/**
 * The rows of an {@link EventTable} back as {@link ActivityEvent}s, in table (time) order.
 *
 * @example
 * ```ts
 * import { buildEventTable, eventTableRows } from 'siyu/core';
 * eventTableRows(buildEventTable([{ id: 'e1', userId: 'u1', type: 'purchase', at: 5, amount: 100 }]));
 * // → [{ id: 'e1', userId: 'u1', type: 'purchase', at: 5, amount: 100 }]
 * ```
 */
export function eventTableRows(table: EventTable): ActivityEvent[] {
  const out: ActivityEvent[] = new Array<ActivityEvent>(table.length);
  for (let r = 0; r < table.length; r++) out[r] = eventTableRow(table, r);
  return out;
}
