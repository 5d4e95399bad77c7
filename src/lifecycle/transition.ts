/**
 * The pure transition: `(machine, snapshot, event) → { snapshot, effects }` or a typed
 * rejection. Time moves only by `{ type: 'tick', at }` or by an event's own instant.
 *
 * @module
 */
import { SiyuError, reject, toInstant, type InstantInput, type JsonValue, type Rejection } from '../core/index.js';
import type { LifecycleEffect } from './effect.js';
import { advance, applyEvent, snapshotOf, workOf, type Sink } from './engine.js';
import { compiledLifecycle, type CompiledMachine, type LifecycleEventView, type LifecycleMachine } from './machine.js';
import type { LifecycleSnapshot } from './snapshot.js';

/** Moves time: fires every deadline at or before `at`, each at its own instant. Needs no id: a tick is idempotent. */
export interface LifecycleTick {
  /** Discriminant. */
  readonly type: 'tick';
  /** The new "now". */
  readonly at: InstantInput;
}

/** A machine event. `id` makes it idempotent; `at` is when it happened. An `ActivityEvent` with a machine event type fits. */
export interface LifecycleEventInput<E extends string = string> {
  /** The event name. */
  readonly type: E;
  /** Unique id (idempotency key). */
  readonly id: string;
  /** When it happened. */
  readonly at: InstantInput;
  /** Money in minor units, when the event carries money (readable by guards and `fromEvent`). */
  readonly amount?: number | undefined;
  /** Further properties (readable by guards and `fromEvent: 'props.x'`). */
  readonly props?: { readonly [key: string]: JsonValue } | undefined;
}

/** What {@link transitionLifecycle} accepts: a machine event or a tick. */
export type LifecycleInput<E extends string = string> = LifecycleEventInput<E> | LifecycleTick;

/** An accepted event or tick: the new snapshot and the effects, in order. */
export interface LifecycleTransitionSuccess<S extends string = string, E extends string = string> {
  /** Discriminant. */
  readonly ok: true;
  /** The new snapshot (the old one is unchanged). */
  readonly snapshot: LifecycleSnapshot<S, E>;
  /** Effects of every deadline that fired and of the event itself, in order. */
  readonly effects: readonly LifecycleEffect<S, E>[];
  /** True when the event id was already applied at this instant: nothing changed, no effects. */
  readonly duplicate: boolean;
}

/**
 * Why an event was refused: `stale_event` (before the snapshot's last instant), `unknown_event`
 * (not declared by the machine), `event_not_accepted` (the state has no transition for it),
 * `guard_blocked` (no guard passed), `final_state` (the state is final).
 */
export type LifecycleRejectionReason = 'stale_event' | 'unknown_event' | 'event_not_accepted' | 'guard_blocked' | 'final_state';

/** The outcome of {@link transitionLifecycle}. */
export type LifecycleTransitionResult<S extends string = string, E extends string = string> =
  | LifecycleTransitionSuccess<S, E>
  | Rejection<LifecycleRejectionReason>;

/**
 * Normalises an event input, or throws a `SiyuError` for malformed input (a programmer error).
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, 0).snapshot;
 * transitionLifecycle(customers, start, { type: 'activity', id: '', at: 0 }); // throws: siyu: event.id: expected a non-empty event id
 * transitionLifecycle(customers, start, { type: 'tick', at: Number.NaN }); // throws: siyu: event.at: NaN is not a finite number
 * ```
 */
export function eventView(input: unknown): LifecycleEventView | { readonly type: 'tick'; readonly at: number } {
  if (typeof input !== 'object' || input === null) throw SiyuError.at(['event'], 'expected an event object', 'invalid_event');
  const event = input as Partial<LifecycleEventInput>;
  if (typeof event.type !== 'string' || event.type === '') throw SiyuError.at(['event', 'type'], 'expected a non-empty event type', 'invalid_event');
  const at = toInstant(event.at as InstantInput, ['event', 'at']);
  if (event.type === 'tick') return { type: 'tick', at };
  if (typeof event.id !== 'string' || event.id === '') throw SiyuError.at(['event', 'id'], 'expected a non-empty event id (idempotency key)', 'invalid_event');
  return { type: event.type, id: event.id, at, amount: event.amount, props: event.props };
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function run(machine: CompiledMachine, snapshot: LifecycleSnapshot, input: unknown): LifecycleTransitionResult {
  const view = eventView(input);
  const work = workOf(machine, snapshot);
  if (view.at < work.cursorAt) {
    return reject('stale_event', `${view.type} at ${iso(view.at)} is before the snapshot's last instant ${iso(work.cursorAt)}`);
  }
  const effects: LifecycleEffect[] = [];
  const sink: Sink = { effects, enter: null };
  if (view.type === 'tick') {
    advance(machine, work, view.at, sink);
    return { ok: true, snapshot: snapshotOf(machine, work), effects, duplicate: false };
  }
  if (!machine.events.has(view.type)) return reject('unknown_event', `machine "${machine.id}" has no event "${view.type}"`);
  const outcome = applyEvent(machine, work, view as LifecycleEventView, sink);
  if (outcome === 'applied') return { ok: true, snapshot: snapshotOf(machine, work), effects, duplicate: false };
  if (outcome === 'duplicate') return { ok: true, snapshot, effects: [], duplicate: true };
  const state = machine.states[work.state]?.name ?? '';
  const messages: Record<Exclude<typeof outcome, 'applied' | 'duplicate'>, string> = {
    final_state: `state "${state}" is final and accepts no events`,
    guard_blocked: `no guard passed for "${view.type}" in state "${state}"`,
    event_not_accepted: `state "${state}" does not accept "${view.type}"`,
    stale_event: `${view.type} at ${iso(view.at)} is before the snapshot's last instant`,
  };
  return reject(outcome, messages[outcome]);
}

/**
 * Applies one event or tick to a snapshot, purely. First every pending deadline at or before the
 * event's instant fires (each at its own instant, soonest first), then the event is handled by
 * the first transition of the current state whose guard passes. Returns the new snapshot and the
 * effects in order, or a typed rejection (and then nothing changes — not even time; send a tick
 * to move time alone). An event id already applied at the snapshot's last instant returns
 * `duplicate: true` and the same snapshot.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, '2026-03-02T10:00:00+08:00').snapshot;
 * const added = transitionLifecycle(customers, start, { type: 'friend_added', id: 'e1', at: '2026-03-02T10:00:00+08:00' });
 * added.ok && added.snapshot.state; // → 'new'
 * transitionLifecycle(customers, start, { type: 'recall_expired', id: 'e2', at: '2026-03-02T10:00:00+08:00' });
 * // → { ok: false, reason: 'event_not_accepted', message: 'state "prospect" does not accept "recall_expired"' }
 * ```
 */
export function transitionLifecycle<S extends string, E extends string>(
  machine: LifecycleMachine<S, E>,
  snapshot: LifecycleSnapshot<S, E>,
  event: LifecycleInput<NoInfer<E>>,
): LifecycleTransitionResult<S, E> {
  return run(compiledLifecycle(machine), snapshot, event) as LifecycleTransitionResult<S, E>;
}

/**
 * Would {@link transitionLifecycle} accept this event or tick? Changes nothing.
 *
 * @example
 * ```ts
 * import { canTransition, createCustomerLifecycle, startLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, 0).snapshot;
 * canTransition(customers, start, { type: 'friend_added', id: 'e1', at: 0 }); // → true
 * canTransition(customers, start, { type: 'silence', id: 'e2', at: 0 }); // → false
 * ```
 */
export function canTransition<S extends string, E extends string>(
  machine: LifecycleMachine<S, E>,
  snapshot: LifecycleSnapshot<S, E>,
  event: LifecycleInput<NoInfer<E>>,
): boolean {
  return run(compiledLifecycle(machine), snapshot, event).ok;
}
