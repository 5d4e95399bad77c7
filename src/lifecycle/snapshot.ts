/**
 * Snapshots: where one subject stands in a machine, as plain JSON — the state, since when, the
 * context, the pending deadlines and the history cursor. Store it, load it, resume it.
 *
 * @module
 */
import { SiyuError, parseWith, toInstant, type Instant, type InstantInput, type JsonValue } from '../core/index.js';
import type { LifecycleEffect } from './effect.js';
import { advance, enterInitial, snapshotOf, type Work } from './engine.js';
import { compiledLifecycle, type LifecycleMachine } from './machine.js';
import { LifecycleSnapshotSchema } from './schema.js';

/** A deadline waiting in a snapshot: `event` fires at `at`. `key` is the deadline's index in its state's `deadlines`. */
export interface LifecyclePendingDeadline<E extends string = string> {
  /** The event that will fire. */
  readonly event: E;
  /** When it fires, epoch ms. */
  readonly at: Instant;
  /** Index of the deadline in the state's `deadlines` list. */
  readonly key: number;
}

/**
 * Where the snapshot is in its history: the last instant it has seen (`at`, from events and
 * ticks), how many events it has accepted (`count`), and the ids of the events accepted at
 * exactly `at` (for idempotency at the frontier; earlier events are refused as stale).
 */
export interface LifecycleCursor {
  /** The last instant seen; events before it are rejected. */
  readonly at: Instant;
  /** Events accepted so far (ticks and deadline events not counted). */
  readonly count: number;
  /** Ids of the events accepted at instant `at`. */
  readonly ids: readonly string[];
}

/** One subject's position in a machine, as plain JSON. */
export interface LifecycleSnapshot<S extends string = string, E extends string = string> {
  /** The machine id the snapshot belongs to. */
  readonly machine: string;
  /** Whose lifecycle this is (a user id, a group id); copied into every effect. */
  readonly subject?: string;
  /** The current state. */
  readonly state: S;
  /** When the current state was entered. */
  readonly since: Instant;
  /** When the lifecycle started (anchor `'start'`). */
  readonly startedAt: Instant;
  /** The context fields declared by the machine, with their current values. */
  readonly context: { readonly [field: string]: JsonValue };
  /** Deadlines pending in the current state, soonest first. */
  readonly deadlines: readonly LifecyclePendingDeadline<E>[];
  /** The history cursor. */
  readonly cursor: LifecycleCursor;
}

/** Options of {@link startLifecycle}. */
export interface StartLifecycleOptions {
  /** Whose lifecycle this is; copied into every effect. */
  readonly subject?: string;
  /** Context fields to start with, over the machine's declared initial values. */
  readonly context?: { readonly [field: string]: JsonValue };
}

/** A new lifecycle: its first snapshot and the effects of entering the initial state. */
export interface LifecycleStart<S extends string = string, E extends string = string> {
  /** The snapshot in the initial state. */
  readonly snapshot: LifecycleSnapshot<S, E>;
  /** `enteredState` for the initial state, then its entry effects. */
  readonly effects: readonly LifecycleEffect<S, E>[];
}

/**
 * Starts a lifecycle at an instant in the machine's initial state, scheduling its deadlines.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const { snapshot, effects } = startLifecycle(customers, '2026-03-02T10:00:00+08:00', { subject: 'u1' });
 * snapshot.state; // → 'prospect'
 * effects[0]; // → { type: 'enteredState', state: 'prospect', from: null, cause: 'start', at: 1772416800000, subject: 'u1' }
 * ```
 */
export function startLifecycle<S extends string, E extends string>(
  machine: LifecycleMachine<S, E>,
  at: InstantInput,
  options: StartLifecycleOptions = {},
): LifecycleStart<S, E> {
  const tables = compiledLifecycle(machine);
  const instant = toInstant(at, ['at']);
  const context: Record<string, JsonValue> = { ...tables.context };
  for (const [field, value] of Object.entries(options.context ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(tables.context, field)) {
      throw SiyuError.at(['context', field], `unknown context field "${field}" (declare it in the machine's context)`, 'invalid_input');
    }
    context[field] = value;
  }
  const effects: LifecycleEffect[] = [];
  const work: Work = enterInitial(tables, instant, context, options.subject, effects);
  advance(tables, work, instant, { effects, enter: null });
  return { snapshot: snapshotOf(tables, work) as LifecycleSnapshot<S, E>, effects: effects as LifecycleEffect<S, E>[] };
}

/**
 * Validates a stored snapshot against a machine: the JSON shape, then the machine id, the state,
 * the deadline events and keys, and `since ≤ cursor.at`. A tampered snapshot naming an unknown
 * state is a `SiyuError`.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, parseLifecycleSnapshot, startLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const stored = JSON.parse(JSON.stringify(startLifecycle(customers, 0).snapshot));
 * parseLifecycleSnapshot(customers, stored).state; // → 'prospect'
 * parseLifecycleSnapshot(customers, { ...stored, state: 'vip' }); // throws: siyu: state: unknown state "vip"
 * ```
 */
export function parseLifecycleSnapshot<S extends string, E extends string>(machine: LifecycleMachine<S, E>, input: unknown): LifecycleSnapshot<S, E> {
  const tables = compiledLifecycle(machine);
  const snapshot = parseWith(LifecycleSnapshotSchema, input, { code: 'invalid_snapshot' });
  const fail = (path: (string | number)[], message: string): never => {
    throw SiyuError.at(path, message, 'invalid_snapshot');
  };
  if (snapshot.machine !== tables.id) fail(['machine'], `snapshot of machine "${snapshot.machine}", not "${tables.id}"`);
  const index = tables.stateIndex.get(snapshot.state);
  if (index === undefined) return fail(['state'], `unknown state "${snapshot.state}"`);
  const state = tables.states[index];
  snapshot.deadlines.forEach((deadline, i) => {
    const spec = state?.deadlines[deadline.key];
    if (spec === undefined || spec.event !== deadline.event) fail(['deadlines', i], `state "${snapshot.state}" has no deadline ${deadline.key} for "${deadline.event}"`);
    if (deadline.at < snapshot.cursor.at) fail(['deadlines', i, 'at'], 'a pending deadline lies before the cursor');
  });
  for (const field of Object.keys(snapshot.context)) {
    if (!Object.prototype.hasOwnProperty.call(tables.context, field)) fail(['context', field], `unknown context field "${field}"`);
  }
  if (snapshot.since > snapshot.cursor.at) fail(['since'], 'the state was entered after the cursor');
  if (snapshot.startedAt > snapshot.since) fail(['startedAt'], 'the lifecycle started after the current state was entered');
  return snapshot as unknown as LifecycleSnapshot<S, E>;
}

/**
 * The soonest pending deadline of a snapshot, or `undefined`: when a scheduler should next send
 * a `tick`.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, nextLifecycleDeadline, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, '2026-03-02T10:00:00+08:00').snapshot;
 * nextLifecycleDeadline(start); // → undefined
 * const added = transitionLifecycle(customers, start, { type: 'friend_added', id: 'e1', at: '2026-03-02T10:00:00+08:00' });
 * added.ok && new Date(nextLifecycleDeadline(added.snapshot)?.at ?? 0).toISOString(); // → '2026-03-09T02:00:00.000Z'
 * ```
 */
export function nextLifecycleDeadline<E extends string>(snapshot: LifecycleSnapshot<string, E>): LifecyclePendingDeadline<E> | undefined {
  return snapshot.deadlines[0];
}
