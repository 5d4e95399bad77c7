/**
 * Replay at scale: every subject of a columnar `EventTable` through one machine at once, into a
 * columnar table of timeline segments — the input of lifecycle counts and dashboards.
 *
 * @module
 */
import { eventTableRowId, toInstant, type EventTable, type InstantInput } from '../core/index.js';
import { advance, applyEvent, enterInitial, type Sink, type Work } from './engine.js';
import { compiledLifecycle, type LifecycleEventView, type LifecycleMachine } from './machine.js';

/**
 * Timeline segments of many subjects as columns. Segment `i` is subject `subjectIds[subject[i]]`
 * in state `stateNames[state[i]]` from `from[i]` to `to[i]` (`NaN`: still there at the end),
 * entered by `causeNames[cause[i]]`. Segments are grouped by subject (in `subjectIds` order), then
 * in time order. `finalState[s]` is subject `s`'s state at the end.
 */
export interface LifecycleTimelineTable<S extends string = string, E extends string = string> {
  /** Number of segments. */
  readonly length: number;
  /** Subjects replayed (users of the table with at least one mapped event), in table order. */
  readonly subjectIds: readonly string[];
  /** The machine's state names; `state[i]` and `finalState[s]` index this. */
  readonly stateNames: readonly S[];
  /** `'start'` then the machine's event names; `cause[i]` indexes this. */
  readonly causeNames: readonly (E | 'start')[];
  /** Per segment: index into `subjectIds`. */
  readonly subject: Uint32Array;
  /** Per segment: index into `stateNames`. */
  readonly state: Uint16Array;
  /** Per segment: when the state was entered, epoch ms. */
  readonly from: Float64Array;
  /** Per segment: when it was left, epoch ms; `NaN` when the subject is still in it. */
  readonly to: Float64Array;
  /** Per segment: index into `causeNames`. */
  readonly cause: Uint16Array;
  /** Per subject: index into `stateNames` of the state at the end. */
  readonly finalState: Uint16Array;
  /** Events the machine refused (not accepted, guard blocked, final state, duplicates), summed over subjects. */
  readonly refused: number;
}

/** Options of {@link replayLifecycleTable}. */
export interface ReplayLifecycleTableOptions {
  /** Replay up to this instant: later rows are left out, and every subject's time is moved here at the end. */
  readonly until?: InstantInput;
}

class Growable {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Replays every user of an event table through a machine, each starting in the initial state at
 * their first mapped row (rows map to machine events through the machine's `activityTypes`;
 * unmapped rows are ignored). Same semantics as `replayLifecycle` per subject; no effects are
 * collected. Linear in rows plus segments.
 *
 * @example
 * ```ts
 * import { buildEventTable } from 'siyu/core';
 * import { createCustomerLifecycle, replayLifecycleTable } from 'siyu/lifecycle';
 * const table = buildEventTable([
 *   { id: 'e1', userId: 'u1', type: 'add_friend', at: Date.parse('2026-03-02T02:00:00Z') },
 *   { id: 'e2', userId: 'u2', type: 'add_friend', at: Date.parse('2026-03-02T02:00:00Z') },
 *   { id: 'e3', userId: 'u2', type: 'message', at: Date.parse('2026-03-08T02:00:00Z') },
 * ]);
 * const t = replayLifecycleTable(createCustomerLifecycle(), table, { until: '2026-03-10T00:00:00Z' });
 * Array.from(t.finalState, (s) => t.stateNames[s]); // → ['silent', 'active']
 * ```
 */
export function replayLifecycleTable<S extends string, E extends string>(
  machine: LifecycleMachine<S, E>,
  table: EventTable,
  options: ReplayLifecycleTableOptions = {},
): LifecycleTimelineTable<S, E> {
  const tables = compiledLifecycle(machine);
  const until = options.until === undefined ? Number.POSITIVE_INFINITY : toInstant(options.until, ['until']);
  const names = tables.states.map((s) => s.name) as S[];
  const causeNames = ['start', ...tables.events] as (E | 'start')[];
  const causeIndex = new Map(causeNames.map((name, i) => [name as string, i]));
  // Machine event per table type, -1 when unmapped.
  const typeEvent: (string | undefined)[] = table.types.map((type) => tables.activityTypes.get(type));
  // Rows grouped by user (counting sort, stable: each user's rows stay in time order).
  const users = table.userIds.length;
  const counts = new Uint32Array(users + 1);
  let mapped = 0;
  for (let r = 0; r < table.length; r++) {
    if (typeEvent[table.type[r] as number] === undefined || (table.at[r] as number) > until) continue;
    const slot = (table.user[r] as number) + 1;
    counts[slot] = (counts[slot] as number) + 1;
    mapped++;
  }
  for (let u = 0; u < users; u++) counts[u + 1] = (counts[u + 1] as number) + (counts[u] as number);
  const offsets = counts.slice();
  const rows = new Uint32Array(mapped);
  for (let r = 0; r < table.length; r++) {
    if (typeEvent[table.type[r] as number] === undefined || (table.at[r] as number) > until) continue;
    const u = table.user[r] as number;
    rows[offsets[u] as number] = r;
    offsets[u] = (offsets[u] as number) + 1;
  }
  const subjectIds: string[] = [];
  const segSubject = new Growable(mapped);
  const segState = new Growable(mapped);
  const segFrom = new Growable(mapped);
  const segTo = new Growable(mapped);
  const segCause = new Growable(mapped);
  const finalStates: number[] = [];
  let refused = 0;
  let subject = 0;
  const sink: Sink = {
    effects: null,
    enter: (state, at, cause) => {
      segTo.data[segTo.length - 1] = at;
      segSubject.push(subject);
      segState.push(state);
      segFrom.push(at);
      segTo.push(Number.NaN);
      segCause.push(causeIndex.get(cause) ?? 0);
    },
  };
  for (let u = 0; u < users; u++) {
    const begin = counts[u] as number;
    const end = counts[u + 1] as number;
    if (begin === end) continue;
    subject = subjectIds.length;
    subjectIds.push(table.userIds[u] as string);
    const start = table.at[rows[begin] as number] as number;
    const work: Work = enterInitial(tables, start, { ...tables.context }, undefined, null);
    segSubject.push(subject);
    segState.push(tables.initial);
    segFrom.push(start);
    segTo.push(Number.NaN);
    segCause.push(0);
    advance(tables, work, start, sink);
    for (let i = begin; i < end; i++) {
      const r = rows[i] as number;
      const amount = table.amount[r] as number;
      const view: LifecycleEventView = {
        type: typeEvent[table.type[r] as number] as string,
        id: eventTableRowId(table, r),
        at: table.at[r] as number,
        amount: Number.isNaN(amount) ? undefined : amount,
        props: table.props?.[r],
      };
      if (applyEvent(tables, work, view, sink) !== 'applied') refused++;
    }
    if (until !== Number.POSITIVE_INFINITY && until >= work.cursorAt) advance(tables, work, until, sink);
    finalStates.push(work.state);
  }
  const n = segState.length;
  return {
    length: n,
    subjectIds,
    stateNames: names,
    causeNames,
    subject: Uint32Array.from(segSubject.data.subarray(0, n)),
    state: Uint16Array.from(segState.data.subarray(0, n)),
    from: segFrom.data.slice(0, n),
    to: segTo.data.slice(0, n),
    cause: Uint16Array.from(segCause.data.subarray(0, n)),
    finalState: Uint16Array.from(finalStates),
    refused,
  };
}
