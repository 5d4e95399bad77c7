/**
 * The shape of a lifecycle machine as data: states, events, transitions with named guards,
 * context assignments, entry/exit effects, final states and deadlines. Plain JSON, so a machine
 * can be stored, diffed and edited in a back-office; guard code comes separately, by name.
 *
 * @module
 */
import type { CalendarUnit, Duration, JsonValue } from '../core/index.js';

/**
 * An effect described as data: a `type` plus any JSON fields (`{ type: 'startSop', templateId:
 * 'recall-7d' }`). siyu never runs it; transitions return it, stamped with `state` and `at`.
 */
export interface LifecycleEffectDefinition {
  /** What the caller should do, e.g. `'startSop'`, `'alertOperator'`. */
  readonly type: string;
  /** Further JSON fields the caller needs (a template id, an alert code). */
  readonly [field: string]: JsonValue;
}

/**
 * How a transition sets one context field, as data: a constant (`{ value }`), a field of the
 * event (`{ fromEvent: 'at' }`, `{ fromEvent: 'props.channel' }`; a missing field gives `null`),
 * or a number added to the current value (`{ increment: 1 }`; a non-number counts as 0).
 */
export type LifecycleAssignment =
  | { readonly value: JsonValue }
  | { readonly fromEvent: string }
  | { readonly increment: number };

/**
 * One transition of a state on an event. Without `target` it is internal: the state is not left,
 * no entry/exit effects run, only `assign` and `effects` apply. With a `target` (even the same
 * state) the state is exited and entered again. `guard` names a predicate from the machine's
 * implementations; the first transition of the list whose guard passes is taken.
 */
export interface LifecycleTransitionDefinition<S extends string = string> {
  /** The state to go to; absent for an internal transition. */
  readonly target?: S;
  /** Name of a guard in the implementations registry; the transition is taken only if it passes. */
  readonly guard?: string;
  /** Context fields to set, each from a constant, the event, or an increment. */
  readonly assign?: { readonly [field: string]: LifecycleAssignment };
  /** Effects of taking this transition, returned between the exit and entry effects. */
  readonly effects?: readonly LifecycleEffectDefinition[];
}

/** Transitions per event name: one transition, or a list tried in order. */
export type LifecycleTransitionMap<S extends string = string, E extends string = string> = {
  readonly [K in E]?: LifecycleTransitionDefinition<S> | readonly LifecycleTransitionDefinition<S>[];
};

/** Where a deadline is measured from: when the state was entered, when the lifecycle started, or a context field (an instant). */
export type LifecycleDeadlineAnchor = 'entry' | 'start' | { readonly context: string };

/**
 * A deadline as data: while the machine is in the state, the event `event` fires by itself at
 * `anchor (rounded down to startOf) + after` (`silence` 7 days after `context.idleSince`). The
 * instant is stored in the snapshot; time reaches it only through a `tick` or a later event.
 */
export interface LifecycleDeadlineDefinition<E extends string = string> {
  /** The event to fire; it must be declared and handled by the state. */
  readonly event: E;
  /** How long after the anchor; a positive duration (day units are local calendar days). */
  readonly after: Duration;
  /** The anchor; `'entry'` when absent. A context anchor that is not a number schedules nothing. */
  readonly from?: LifecycleDeadlineAnchor;
  /** Round the anchor down to the start of this local period first (`'day'`: from local midnight). */
  readonly startOf?: CalendarUnit;
}

/** One state of a machine. */
export interface LifecycleStateDefinition<S extends string = string, E extends string = string> {
  /** Human description, for diagrams and back-offices. */
  readonly description?: string;
  /** Transitions per event. */
  readonly on?: LifecycleTransitionMap<S, E>;
  /** Deadlines scheduled while in this state. */
  readonly deadlines?: readonly LifecycleDeadlineDefinition<E>[];
  /** Effects returned when the state is entered (after `enteredState`). */
  readonly entry?: readonly LifecycleEffectDefinition[];
  /** Effects returned when the state is left (after `exitedState`). */
  readonly exit?: readonly LifecycleEffectDefinition[];
  /** A final state accepts no events and may declare no transitions or deadlines. */
  readonly final?: boolean;
}

/**
 * A lifecycle machine as data. `events` lists every event name (deadline events included);
 * `states` maps each state name to its definition; `on` at the top level holds transitions every
 * non-final state has, tried after the state's own. `context` declares every context field with
 * its initial value. `activityTypes` maps `ActivityEvent.type`s to machine events for replay.
 */
export interface LifecycleDefinition<S extends string = string, E extends string = string> {
  /** Machine id, stored in every snapshot so a snapshot cannot be resumed on another machine. */
  readonly id: string;
  /** The state a new lifecycle starts in. */
  readonly initial: S;
  /** Every event name the machine knows; `'tick'` is reserved. */
  readonly events: readonly E[];
  /** The states. */
  readonly states: { readonly [K in S]: LifecycleStateDefinition<S, E> };
  /** Transitions shared by every non-final state, tried after the state's own. */
  readonly on?: LifecycleTransitionMap<S, E>;
  /** Context fields and their initial values (JSON). Assignments may only touch declared fields. */
  readonly context?: { readonly [field: string]: JsonValue };
  /** IANA zone for calendar deadlines; `'Asia/Shanghai'` when absent. */
  readonly timeZone?: string;
  /** `ActivityEvent.type` → machine event, for replaying activity streams and event tables. */
  readonly activityTypes?: { readonly [activityType: string]: E };
}
