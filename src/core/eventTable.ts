/**
 * A columnar table of activity events for analytics at scale: user ids and event types are
 * dictionary-encoded, times and amounts sit in typed arrays, rows are sorted by time with a
 * stable tie on input order.
 *
 * @module
 */
import type { ActivityEvent } from './event.js';
import { SiyuError } from './error.js';
import { tryToInstant } from './instant.js';

/**
 * Events as columns. Row `i` is the event `eventIds[i]` by user `userIds[user[i]]` of type
 * `types[type[i]]` at `at[i]`, with `amount[i]` (`NaN` when the event has no amount). Rows are
 * in time order; equal times keep input order. Plain data: arrays and typed arrays only.
 */
export interface EventTable {
  /** Number of rows. */
  readonly length: number;
  /** Distinct user ids, in first-seen order (input order); `user[i]` indexes this. */
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
  /** Per row: the event id. */
  readonly eventIds: readonly string[];
  /** Per row: the event's `props`, or `undefined`; present only when built with `keepProps`. */
  readonly props?: readonly (ActivityEvent['props'] | undefined)[];
}

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
  const user0 = new Uint32Array(n);
  const type0 = new Uint32Array(n);
  const at0 = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const e = events[i] as ActivityEvent;
    if (typeof e !== 'object' || e === null || typeof e.userId !== 'string' || typeof e.type !== 'string' || typeof e.id !== 'string') {
      throw SiyuError.at([i], 'not an ActivityEvent (needs string id, userId and type)', 'invalid_event');
    }
    const t = tryToInstant(e.at);
    if (!t.ok || typeof e.at !== 'number') throw SiyuError.at([i, 'at'], t.ok ? 'must be epoch milliseconds' : t.problem, 'invalid_event');
    let u = userIndex.get(e.userId);
    if (u === undefined) {
      u = userIds.length;
      userIndex.set(e.userId, u);
      userIds.push(e.userId);
    }
    let ty = typeIndex.get(e.type);
    if (ty === undefined) {
      ty = types.length;
      typeIndex.set(e.type, ty);
      types.push(e.type);
    }
    user0[i] = u;
    type0[i] = ty;
    at0[i] = e.at;
    if (i > 0 && (at0[i - 1] as number) > e.at) sorted = false;
  }
  let order: Uint32Array | undefined;
  if (!sorted) {
    // Stable: ties on time keep input order.
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => (at0[a] as number) - (at0[b] as number) || a - b);
    order = Uint32Array.from(idx);
  }
  const user = order ? new Uint32Array(n) : user0;
  const type = order ? new Uint32Array(n) : type0;
  const at = order ? new Float64Array(n) : at0;
  const amount = new Float64Array(n);
  const eventIds: string[] = new Array<string>(n);
  const props: (ActivityEvent['props'] | undefined)[] | undefined = options.keepProps ? new Array(n) : undefined;
  for (let r = 0; r < n; r++) {
    const i = order ? (order[r] as number) : r;
    const e = events[i] as ActivityEvent;
    if (order) {
      user[r] = user0[i] as number;
      type[r] = type0[i] as number;
      at[r] = at0[i] as number;
    }
    amount[r] = e.amount === undefined ? Number.NaN : e.amount;
    eventIds[r] = e.id;
    if (props) props[r] = e.props;
  }
  const table: EventTable = { length: n, userIds, types, user, type, at, amount, eventIds };
  return props ? { ...table, props } : table;
}

/**
 * Row `r` of an {@link EventTable} as an {@link ActivityEvent} (for conditions, field reads and
 * breakdowns over a table). No amount when the row's amount is `NaN`; `props` only when kept.
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
    id: table.eventIds[r] as string,
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
