/**
 * The mergeable partial aggregate every funnel-module computation exposes, and the two input
 * forms it reads.
 *
 * @module
 */
import type { ActivityEvent, EventTable } from '../core/index.js';

/**
 * What every analytics function reads: an array of `ActivityEvent`s (any order) or a core
 * `EventTable` (build it with `keepProps: true` when a condition or breakdown reads `props`).
 * Both forms give identical results.
 */
export type AnalyticsInput = readonly ActivityEvent[] | EventTable;

/**
 * A computation split into a mergeable partial form. `init()` is the empty state; `add(state,
 * input)` folds in a shard of events; `merge(a, b)` combines two states; `finish(state)` gives the
 * result. States are plain JSON (persist them, post them between workers).
 *
 * Shards split **users**, not events: every event of one user must arrive in the same `add`
 * call. Then `finish(merge(add(init(), s1), add(init(), s2)))` equals `finish(add(init(), s1 ∪ s2))`,
 * and `merge` is associative and commutative (up to deep equality of the finished result).
 */
export interface MergeableAggregate<State, Result> {
  /** The empty state. */
  readonly init: () => State;
  /** Folds the events of a set of users into a state; returns a new state. */
  readonly add: (state: State, input: AnalyticsInput) => State;
  /** Combines two states of disjoint user sets; returns a new state. */
  readonly merge: (a: State, b: State) => State;
  /** Turns a state into the result. */
  readonly finish: (state: State) => Result;
}
