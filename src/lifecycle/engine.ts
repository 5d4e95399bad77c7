/**
 * The transition engine: one mutable working copy of a snapshot, stepped by events and by the
 * passage of time. Public functions copy the caller's snapshot into a {@link Work}, step it, and
 * hand back a fresh snapshot; replays step one {@link Work} through a whole history.
 *
 * @module
 */
import { SiyuError, readField, startOfLocal, type Instant, type JsonValue } from '../core/index.js';
import { addDeadlineDuration } from './duration.js';
import type { LifecycleEffectDefinition } from './definition.js';
import type { LifecycleEffect } from './effect.js';
import type { CompiledDeadline, CompiledMachine, CompiledTransition, LifecycleEventView } from './machine.js';
import type { LifecycleSnapshot } from './snapshot.js';

/**
 * A pending deadline inside the engine. Its exact instant (`at`, a zone-calendar computation) is
 * resolved lazily: until then `at` is `NaN` and `low` is a cheap lower bound, so a history of
 * many events re-anchoring the same deadline pays for the calendar only when the deadline is near.
 */
export interface WorkDeadline {
  event: string;
  key: number;
  /** Exact instant, or `NaN` while unresolved. */
  at: Instant;
  /** A lower bound of the instant (equal to `at` once resolved). */
  low: Instant;
  /** The anchor instant (before `startOf`). */
  anchor: Instant;
  /** The instant it was scheduled at: it never fires before it. */
  floor: Instant;
}

/**
 * The engine's mutable copy of a snapshot; `state` is an index into the compiled states. The
 * `context` object itself is never mutated (assignments replace it), so it can be shared.
 */
export interface Work {
  state: number;
  since: Instant;
  startedAt: Instant;
  context: Readonly<Record<string, JsonValue>>;
  deadlines: WorkDeadline[];
  cursorAt: Instant;
  count: number;
  ids: string[];
  subject: string | undefined;
}

/** Where the engine reports what happens: effects (when collected) and state entries (for timelines). */
export interface Sink {
  readonly effects: LifecycleEffect[] | null;
  readonly enter: ((state: number, at: Instant, cause: string) => void) | null;
}

/** Why an event was refused. */
export type RefusalReason = 'event_not_accepted' | 'guard_blocked' | 'final_state';

/** Deadlines firing at one instant before the engine declares a loop. */
const MAX_FIRINGS_AT_ONE_INSTANT = 10_000;

function byTime(a: WorkDeadline, b: WorkDeadline): number {
  return a.at - b.at || a.key - b.key;
}

function anchorOf(work: Work, spec: CompiledDeadline): Instant | undefined {
  if (spec.anchor === 'entry') return work.since;
  if (spec.anchor === 'start') return work.startedAt;
  const value = work.context[spec.field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function pending(work: Work, spec: CompiledDeadline, key: number, now: Instant): WorkDeadline | undefined {
  const anchor = anchorOf(work, spec);
  if (anchor === undefined) return undefined;
  const low = anchor + spec.minSpan;
  return { event: spec.event, key, at: Number.NaN, low: low < now ? now : low, anchor, floor: now };
}

/** Resolves a deadline's exact instant (cached on it). */
function resolve(machine: CompiledMachine, state: number, deadline: WorkDeadline): Instant {
  if (!Number.isNaN(deadline.at)) return deadline.at;
  const spec = (machine.states[state] as CompiledMachine['states'][number]).deadlines[deadline.key] as CompiledDeadline;
  const anchor = spec.startOf === undefined ? deadline.anchor : startOfLocal(deadline.anchor, spec.startOf, { timeZone: machine.timeZone });
  const exact = addDeadlineDuration(anchor, spec.after, machine.timeZone);
  deadline.at = exact < deadline.floor ? deadline.floor : exact;
  deadline.low = deadline.at;
  return deadline.at;
}

function scheduleAll(machine: CompiledMachine, work: Work, now: Instant): void {
  const specs = (machine.states[work.state] as CompiledMachine['states'][number]).deadlines;
  const out: WorkDeadline[] = [];
  for (let key = 0; key < specs.length; key++) {
    const deadline = pending(work, specs[key] as CompiledDeadline, key, now);
    if (deadline !== undefined) out.push(deadline);
  }
  work.deadlines = out;
}

function rescheduleAnchored(machine: CompiledMachine, work: Work, changed: readonly string[], now: Instant): void {
  const specs = (machine.states[work.state] as CompiledMachine['states'][number]).deadlines;
  for (let key = 0; key < specs.length; key++) {
    const spec = specs[key] as CompiledDeadline;
    if (spec.anchor !== 'context' || !changed.includes(spec.field)) continue;
    // In place: the deadline list belongs to this working copy (snapshots copy it).
    const index = work.deadlines.findIndex((d) => d.key === key);
    const deadline = pending(work, spec, key, now);
    if (deadline === undefined) {
      if (index >= 0) work.deadlines.splice(index, 1);
    } else if (index >= 0) work.deadlines[index] = deadline;
    else work.deadlines.push(deadline);
  }
}

/** The next deadline due at or before `t` (soonest, ties in declaration order), resolving only those that could be. */
function due(machine: CompiledMachine, work: Work, t: Instant): WorkDeadline | undefined {
  let best: WorkDeadline | undefined;
  for (const deadline of work.deadlines) {
    if (deadline.low > t) continue;
    const at = resolve(machine, work.state, deadline);
    if (at <= t && (best === undefined || byTime(deadline, best) < 0)) best = deadline;
  }
  return best;
}

function custom(definition: LifecycleEffectDefinition, state: string, at: Instant, subject: string | undefined): LifecycleEffect {
  return subject === undefined ? { ...definition, state, at } : { ...definition, state, at, subject };
}

function emitAll(sink: Sink, list: readonly LifecycleEffectDefinition[], state: string, at: Instant, subject: string | undefined): void {
  if (sink.effects === null) return;
  for (const definition of list) sink.effects.push(custom(definition, state, at, subject));
}

/**
 * A fresh working copy at the initial state; pushes `enteredState` and entry effects.
 *
 * @example
 * ```ts
 * import { createGroupLifecycle, startLifecycle } from 'siyu/lifecycle';
 * const { snapshot, effects } = startLifecycle(createGroupLifecycle({ lifetime: 'veryLong' }), '2026-03-02T20:00:00+08:00');
 * [snapshot.state, effects.length, snapshot.deadlines.map((d) => d.event)]; // → ['created', 1, ['ceremony_ended']]
 * ```
 */
export function enterInitial(
  machine: CompiledMachine,
  at: Instant,
  context: Record<string, JsonValue>,
  subject: string | undefined,
  effects: LifecycleEffect[] | null,
): Work {
  const work: Work = { state: machine.initial, since: at, startedAt: at, context, deadlines: [], cursorAt: at, count: 0, ids: [], subject };
  scheduleAll(machine, work, at);
  const state = machine.states[machine.initial] as CompiledMachine['states'][number];
  if (effects !== null) {
    const entered: LifecycleEffect = { type: 'enteredState', state: state.name, from: null, cause: 'start', at };
    effects.push(subject === undefined ? entered : { ...entered, subject });
    emitAll({ effects, enter: null }, state.entry, state.name, at, subject);
  }
  return work;
}

/**
 * Copies a snapshot into a working copy (the caller's snapshot is never touched). Throws on an
 * unknown state or another machine's snapshot.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, 0).snapshot;
 * transitionLifecycle(customers, { ...start, state: 'vip' } as never, { type: 'tick', at: 1 }); // throws: siyu: snapshot.state: unknown state "vip"
 * ```
 */
export function workOf(machine: CompiledMachine, snapshot: LifecycleSnapshot): Work {
  if (snapshot.machine !== machine.id) {
    throw SiyuError.at(['snapshot', 'machine'], `snapshot of machine "${String(snapshot.machine)}", not "${machine.id}"`, 'invalid_snapshot');
  }
  const state = machine.stateIndex.get(snapshot.state);
  if (state === undefined) throw SiyuError.at(['snapshot', 'state'], `unknown state "${String(snapshot.state)}"`, 'invalid_snapshot');
  return {
    state,
    since: snapshot.since,
    startedAt: snapshot.startedAt,
    context: snapshot.context as Record<string, JsonValue>,
    deadlines: snapshot.deadlines.map((d) => ({ event: d.event, key: d.key, at: d.at, low: d.at, anchor: d.at, floor: d.at })),
    cursorAt: snapshot.cursor.at,
    count: snapshot.cursor.count,
    ids: [...snapshot.cursor.ids],
    subject: snapshot.subject,
  };
}

/**
 * The JSON snapshot of a working copy (fresh arrays, so later steps cannot change it).
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle } from 'siyu/lifecycle';
 * const { snapshot } = startLifecycle(createCustomerLifecycle(), 0, { subject: 'u1' });
 * JSON.parse(JSON.stringify(snapshot)); // → snapshot
 * ```
 */
export function snapshotOf(machine: CompiledMachine, work: Work): LifecycleSnapshot {
  const base = {
    machine: machine.id,
    state: (machine.states[work.state] as CompiledMachine['states'][number]).name,
    since: work.since,
    startedAt: work.startedAt,
    context: work.context,
    deadlines: work.deadlines
      .map((d) => ({ event: d.event, at: resolve(machine, work.state, d), key: d.key }))
      .sort((x, y) => x.at - y.at || x.key - y.key),
    cursor: { at: work.cursorAt, count: work.count, ids: [...work.ids] },
  };
  return work.subject === undefined ? base : { ...base, subject: work.subject };
}

/** The first transition of the current state for `view` whose guard passes, or why there is none. */
function chooseTransition(machine: CompiledMachine, work: Work, view: LifecycleEventView): CompiledTransition | RefusalReason {
  const state = machine.states[work.state] as CompiledMachine['states'][number];
  if (state.final) return 'final_state';
  const list = state.on.get(view.type);
  if (list === undefined) return 'event_not_accepted';
  for (const transition of list) {
    if (transition.guard === undefined) return transition;
    if (transition.guard({ context: work.context, event: view, state: state.name, since: work.since, startedAt: work.startedAt })) return transition;
  }
  return 'guard_blocked';
}

/** Takes a chosen transition at `view.at`: assignments, exit/transition/entry effects, deadlines. */
function take(machine: CompiledMachine, work: Work, transition: CompiledTransition, view: LifecycleEventView, sink: Sink): void {
  const at = view.at;
  let changed: string[] | undefined;
  if (transition.assign.length > 0) {
    // Copy on write: a context object, once handed out (to a guard, in a snapshot), never changes.
    const context = { ...work.context };
    for (const [field, kind, arg] of transition.assign) {
      const old = context[field];
      let value: JsonValue;
      if (kind === 'value') value = arg;
      else if (kind === 'fromEvent') value = arg === 'at' ? view.at : ((readField(view, arg as string) ?? null) as JsonValue);
      else value = (typeof old === 'number' ? old : 0) + (arg as number);
      context[field] = value;
      if (old !== value) (changed ??= []).push(field);
    }
    work.context = context;
  }
  const from = machine.states[work.state] as CompiledMachine['states'][number];
  if (transition.target < 0) {
    emitAll(sink, transition.effects, from.name, at, work.subject);
    if (changed !== undefined && from.anchorFields.size > 0) rescheduleAnchored(machine, work, changed, at);
    return;
  }
  const to = machine.states[transition.target] as CompiledMachine['states'][number];
  const subject = work.subject;
  if (sink.effects !== null) {
    const exited: LifecycleEffect = { type: 'exitedState', state: from.name, to: to.name, cause: view.type, at };
    sink.effects.push(subject === undefined ? exited : { ...exited, subject });
  }
  emitAll(sink, from.exit, from.name, at, subject);
  emitAll(sink, transition.effects, from.name, at, subject);
  work.state = transition.target;
  work.since = at;
  scheduleAll(machine, work, at);
  if (sink.effects !== null) {
    const entered: LifecycleEffect = { type: 'enteredState', state: to.name, from: from.name, cause: view.type, at };
    sink.effects.push(subject === undefined ? entered : { ...entered, subject });
  }
  emitAll(sink, to.entry, to.name, at, subject);
  sink.enter?.(transition.target, at, view.type);
}

/**
 * Moves time to `t`: fires every pending deadline at or before `t`, soonest first (ties in
 * declaration order), each at its own instant; then moves the cursor to `t`.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, '2026-03-02T10:00:00+08:00').snapshot;
 * const added = transitionLifecycle(customers, start, { type: 'friend_added', id: 'e1', at: '2026-03-02T10:00:00+08:00' });
 * const later = added.ok ? transitionLifecycle(customers, added.snapshot, { type: 'tick', at: '2026-04-11T10:00:00+08:00' }) : added;
 * later.ok && later.effects.filter((e) => e.type === 'enteredState').map((e) => e.state); // → ['silent', 'churned']
 * ```
 */
export function advance(machine: CompiledMachine, work: Work, t: Instant, sink: Sink): void {
  let lastAt = Number.NaN;
  let firings = 0;
  for (let deadline = due(machine, work, t); deadline !== undefined; deadline = due(machine, work, t)) {
    work.deadlines.splice(work.deadlines.indexOf(deadline), 1);
    if (deadline.at === lastAt) {
      if (++firings > MAX_FIRINGS_AT_ONE_INSTANT) {
        throw SiyuError.at(['machine', 'states'], `deadlines keep firing at ${new Date(deadline.at).toISOString()}: the machine loops`, 'deadline_loop');
      }
    } else {
      lastAt = deadline.at;
      firings = 0;
    }
    if (deadline.at > work.cursorAt) {
      work.cursorAt = deadline.at;
      work.ids.length = 0;
    }
    const view: LifecycleEventView = { type: deadline.event, id: `deadline:${deadline.event}@${deadline.at}`, at: deadline.at };
    const chosen = chooseTransition(machine, work, view);
    if (typeof chosen !== 'string') take(machine, work, chosen, view, sink);
  }
  if (t > work.cursorAt) {
    work.cursorAt = t;
    work.ids.length = 0;
  }
}

/** The outcome of {@link applyEvent}. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'stale_event' | RefusalReason;

/**
 * Applies one external event: duplicate and staleness checks against the cursor, then time moves
 * to the event's instant (deadlines fire first), then the event is handled. On a refusal the
 * working copy may already have moved in time; callers that must stay pure work on a copy.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const start = startLifecycle(customers, 0).snapshot;
 * const once = transitionLifecycle(customers, start, { type: 'friend_added', id: 'e1', at: 0 });
 * const twice = once.ok ? transitionLifecycle(customers, once.snapshot, { type: 'friend_added', id: 'e1', at: 0 }) : once;
 * once.ok && twice.ok && [twice.duplicate, twice.snapshot === once.snapshot]; // → [true, true]
 * ```
 */
export function applyEvent(machine: CompiledMachine, work: Work, view: LifecycleEventView, sink: Sink): ApplyOutcome {
  if (view.at < work.cursorAt) return 'stale_event';
  if (view.at === work.cursorAt && work.ids.includes(view.id)) return 'duplicate';
  advance(machine, work, view.at, sink);
  const chosen = chooseTransition(machine, work, view);
  if (typeof chosen === 'string') return chosen;
  take(machine, work, chosen, view, sink);
  work.ids.push(view.id);
  work.count++;
  // Deadlines the event itself made overdue (an anchor long gone) fire now, at this instant.
  advance(machine, work, view.at, sink);
  return 'applied';
}
