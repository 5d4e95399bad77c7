/**
 * Effects: what a transition asks the caller to do, returned as data and never run by siyu.
 *
 * @module
 */
import type { Instant, JsonValue } from '../core/index.js';

/** The cause of entering a state: the event that did it, `'start'` for the initial state. */
export type LifecycleCause<E extends string = string> = E | 'start';

/** Returned whenever a state is entered (re-entries included). */
export interface LifecycleEnteredStateEffect<S extends string = string, E extends string = string> {
  /** Discriminant. */
  readonly type: 'enteredState';
  /** The state entered. */
  readonly state: S;
  /** The state left, `null` when the lifecycle starts. */
  readonly from: S | null;
  /** The event that caused it (a deadline event for a timed move), or `'start'`. */
  readonly cause: LifecycleCause<E>;
  /** When, epoch ms (a deadline's own instant for a timed move). */
  readonly at: Instant;
  /** The snapshot's subject, when it has one. */
  readonly subject?: string;
}

/** Returned whenever a state is left. */
export interface LifecycleExitedStateEffect<S extends string = string, E extends string = string> {
  /** Discriminant. */
  readonly type: 'exitedState';
  /** The state left. */
  readonly state: S;
  /** The state about to be entered. */
  readonly to: S;
  /** The event that caused it. */
  readonly cause: E;
  /** When, epoch ms. */
  readonly at: Instant;
  /** The snapshot's subject, when it has one. */
  readonly subject?: string;
}

/**
 * An effect declared in the machine (`entry`, `exit` or a transition's `effects`), returned with
 * the state it belongs to, the instant, and the subject: `{ type: 'startSop', templateId:
 * 'recall-7d', state: 'silent', at, subject: 'u1' }`.
 */
export interface LifecycleCustomEffect<S extends string = string> {
  /** The declared effect type. */
  readonly type: string;
  /** The state whose entry/exit produced it, or the source state of the transition. */
  readonly state: S;
  /** When, epoch ms. */
  readonly at: Instant;
  /** The snapshot's subject, when it has one. */
  readonly subject?: string;
  /** The declared effect's other fields. */
  readonly [field: string]: JsonValue | undefined;
}

/** Any effect a transition returns, in order: exit, transition, enter, entry. */
export type LifecycleEffect<S extends string = string, E extends string = string> =
  | LifecycleEnteredStateEffect<S, E>
  | LifecycleExitedStateEffect<S, E>
  | LifecycleCustomEffect<S>;
