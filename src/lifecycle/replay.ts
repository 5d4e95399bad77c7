/**
 * Replay: fold one subject's history into a final snapshot and a timeline of states
 * `[{ state, from, to, cause }]`, with every deadline firing at its own instant in between.
 *
 * @module
 */
import { SiyuError, toInstant, type ActivityEvent, type Instant, type InstantInput, type JsonValue } from '../core/index.js';
import type { LifecycleCause, LifecycleEffect } from './effect.js';
import { advance, applyEvent, enterInitial, snapshotOf, workOf, type Sink, type Work } from './engine.js';
import { compiledLifecycle, type LifecycleEventView, type LifecycleMachine } from './machine.js';
import type { LifecycleSnapshot } from './snapshot.js';
import { eventView, type LifecycleEventInput, type LifecycleInput, type LifecycleRejectionReason } from './transition.js';

/** One stretch of a timeline: in `state` from `from` until `to` (`null`: still there), entered because of `cause`. */
export interface LifecycleTimelineSegment<S extends string = string, E extends string = string> {
  /** The state. */
  readonly state: S;
  /** When it was entered, epoch ms. */
  readonly from: Instant;
  /** When it was left, epoch ms; `null` while the subject is still in it. */
  readonly to: Instant | null;
  /** What entered it: an event, a deadline event, `'start'`, or `'resume'` when replay continued a snapshot. */
  readonly cause: LifecycleCause<E> | 'resume';
}

/** An event replay refused, with the reason `transitionLifecycle` would give. */
export interface LifecycleReplayRejection<E extends string = string> {
  /** The event as given. */
  readonly event: LifecycleInput<E>;
  /** Why it was refused. */
  readonly reason: LifecycleRejectionReason;
}

/** Options of {@link replayLifecycle}. */
export interface ReplayLifecycleOptions {
  /** Continue from this snapshot instead of starting a new lifecycle. */
  readonly snapshot?: LifecycleSnapshot;
  /** When a new lifecycle starts; the first event's instant when absent. */
  readonly start?: InstantInput;
  /** Replay up to this instant: later events are left out, and time is moved here at the end. */
  readonly until?: InstantInput;
  /** The subject of a new lifecycle (copied into effects). */
  readonly subject?: string;
  /** Context of a new lifecycle, over the machine's initial values. */
  readonly context?: { readonly [field: string]: JsonValue };
  /** Collect effects (default true); turn off for analytics. */
  readonly effects?: boolean;
}

/** The outcome of a replay. */
export interface LifecycleReplay<S extends string = string, E extends string = string> {
  /** The snapshot after the whole history. */
  readonly snapshot: LifecycleSnapshot<S, E>;
  /** Every state the subject was in, in order; the last one has `to: null`. */
  readonly timeline: readonly LifecycleTimelineSegment<S, E>[];
  /** Every effect, in order (empty when `effects: false`). */
  readonly effects: readonly LifecycleEffect<S, E>[];
  /** Events refused, in order. A refused event still moves time to its instant, as a tick would. */
  readonly rejected: readonly LifecycleReplayRejection<E>[];
}

/** An activity event whose `at` may still be a `Date` or an ISO string (normalised on replay). */
export type LifecycleActivityInput = Omit<ActivityEvent, 'at'> & { readonly at: InstantInput };

type View = LifecycleEventView | { readonly type: 'tick'; readonly at: number };

/**
 * Folds a history into a snapshot and a timeline. Events are taken in time order (stable for
 * equal instants); between them every deadline fires at its own instant, as if ticks had been
 * inserted there. An id seen before anywhere in the history is skipped. The result equals
 * applying each event with `transitionLifecycle` in order, with a tick at the instant of every
 * refused event, and a final tick at `until`.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, replayLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const replay = replayLifecycle(customers, [
 *   { type: 'friend_added', id: 'e1', at: '2026-03-02T10:00:00+08:00' },
 *   { type: 'activity', id: 'e2', at: '2026-03-03T10:00:00+08:00' },
 * ], { until: '2026-03-20T00:00:00+08:00' });
 * replay.timeline.map((s) => `${s.state}@${s.cause}`); // → ['prospect@start', 'new@friend_added', 'active@new_period_ended', 'silent@silence']
 * ```
 */
export function replayLifecycle<S extends string, E extends string>(
  machine: LifecycleMachine<S, E>,
  events: readonly LifecycleInput<NoInfer<E>>[],
  options: ReplayLifecycleOptions = {},
): LifecycleReplay<S, E> {
  const tables = compiledLifecycle(machine);
  const views: { view: View; input: LifecycleInput<E>; index: number }[] = events.map((input, index) => {
    try {
      return { view: eventView(input), input, index };
    } catch (error) {
      if (error instanceof SiyuError) throw new SiyuError(error.code, error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path.slice(1)] })));
      /* v8 ignore next */
      throw error;
    }
  });
  views.sort((a, b) => a.view.at - b.view.at || a.index - b.index);
  const until = options.until === undefined ? undefined : toInstant(options.until, ['until']);
  const effects: LifecycleEffect[] | null = options.effects === false ? null : [];
  const timeline: { state: string; from: Instant; to: Instant | null; cause: string }[] = [];
  const sink: Sink = {
    effects,
    enter: (state, at, cause) => {
      const last = timeline[timeline.length - 1];
      if (last !== undefined) last.to = at;
      timeline.push({ state: tables.states[state]?.name ?? '', from: at, to: null, cause });
    },
  };
  let work: Work;
  if (options.snapshot !== undefined) {
    work = workOf(tables, options.snapshot);
    timeline.push({ state: options.snapshot.state, from: work.since, to: null, cause: 'resume' });
  } else {
    const first = views[0]?.view.at;
    const startInput = options.start ?? first;
    if (startInput === undefined) throw SiyuError.at(['start'], 'an empty history needs options.start or options.snapshot', 'invalid_input');
    const start = toInstant(startInput, ['start']);
    const context: Record<string, JsonValue> = { ...tables.context };
    for (const [field, value] of Object.entries(options.context ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(tables.context, field)) throw SiyuError.at(['context', field], `unknown context field "${field}"`, 'invalid_input');
      context[field] = value;
    }
    work = enterInitial(tables, start, context, options.subject, effects);
    timeline.push({ state: tables.states[tables.initial]?.name ?? '', from: start, to: null, cause: 'start' });
    advance(tables, work, start, sink);
  }
  const seen = new Set(work.ids);
  const rejected: LifecycleReplayRejection<E>[] = [];
  for (const { view, input } of views) {
    if (until !== undefined && view.at > until) break;
    if (view.at < work.cursorAt) {
      rejected.push({ event: input, reason: 'stale_event' });
      continue;
    }
    if (view.type === 'tick') {
      advance(tables, work, view.at, sink);
      continue;
    }
    const event = view as LifecycleEventView;
    if (seen.has(event.id)) continue;
    if (!tables.events.has(event.type)) {
      rejected.push({ event: input, reason: 'unknown_event' });
      advance(tables, work, event.at, sink);
      continue;
    }
    const outcome = applyEvent(tables, work, event, sink);
    if (outcome === 'applied') seen.add(event.id);
    else rejected.push({ event: input, reason: outcome as LifecycleRejectionReason });
  }
  if (until !== undefined && until >= work.cursorAt) advance(tables, work, until, sink);
  return {
    snapshot: snapshotOf(tables, work) as LifecycleSnapshot<S, E>,
    timeline: timeline as LifecycleTimelineSegment<S, E>[],
    effects: (effects ?? []) as LifecycleEffect<S, E>[],
    rejected,
  };
}

/**
 * The machine event of an activity event, through the machine's `activityTypes` map (the
 * activity's id, instant, amount and props are kept), or `undefined` when the type is not mapped.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, lifecycleEventOf } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * lifecycleEventOf(customers, { id: 'e1', userId: 'u1', type: 'add_friend', at: 0 }); // → { type: 'friend_added', id: 'e1', at: 0 }
 * lifecycleEventOf(customers, { id: 'e2', userId: 'u1', type: 'page_view', at: 0 }); // → undefined
 * ```
 */
export function lifecycleEventOf<E extends string>(machine: LifecycleMachine<string, E>, activity: LifecycleActivityInput): LifecycleEventInput<E> | undefined {
  const type = compiledLifecycle(machine).activityTypes.get(activity.type);
  if (type === undefined) return undefined;
  return {
    type: type as E,
    id: activity.id,
    at: activity.at,
    ...(activity.amount === undefined ? {} : { amount: activity.amount }),
    ...(activity.props === undefined ? {} : { props: activity.props }),
  };
}

/**
 * {@link replayLifecycle} over one subject's activity events, mapped through the machine's
 * `activityTypes` (unmapped types are ignored). The subject is the first event's `userId` unless
 * `options.subject` says otherwise.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, replayLifecycleActivities } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle();
 * const { snapshot } = replayLifecycleActivities(customers, [
 *   { id: 'e1', userId: 'u1', type: 'add_friend', at: '2026-03-02T10:00:00+08:00' },
 *   { id: 'e2', userId: 'u1', type: 'page_view', at: '2026-03-03T10:00:00+08:00' },
 * ]);
 * [snapshot.state, snapshot.subject]; // → ['new', 'u1']
 * ```
 */
export function replayLifecycleActivities<S extends string, E extends string>(
  machine: LifecycleMachine<S, E>,
  activities: readonly LifecycleActivityInput[],
  options: ReplayLifecycleOptions = {},
): LifecycleReplay<S, E> {
  const events: LifecycleEventInput<E>[] = [];
  for (const activity of activities) {
    const event = lifecycleEventOf(machine, activity);
    if (event !== undefined) events.push(event);
  }
  const subject = options.subject ?? activities[0]?.userId;
  return replayLifecycle(machine, events as LifecycleInput<NoInfer<E>>[], subject === undefined ? options : { ...options, subject });
}
