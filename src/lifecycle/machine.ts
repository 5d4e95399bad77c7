/**
 * Defining a machine: the JSON definition is parsed, checked as a whole (unknown targets,
 * unreachable states, guards without implementations, deadlines nobody handles) and compiled
 * once into lookup tables the transition engine runs on.
 *
 * @module
 */
import {
  DEFAULT_TIME_ZONE,
  SiyuError,
  parseWith,
  type CalendarUnit,
  type Duration,
  type FieldPath,
  type Instant,
  type JsonValue,
  type SiyuIssue,
} from '../core/index.js';
import type { LifecycleDefinition, LifecycleEffectDefinition, LifecycleStateDefinition, LifecycleTransitionDefinition } from './definition.js';
import { minDurationSpan } from './duration.js';
import { LifecycleDefinitionSchema } from './schema.js';

/** What a guard sees: the context, the event being handled, and where the machine stands. */
export interface LifecycleGuardInput {
  /** The context before the transition. */
  readonly context: { readonly [field: string]: JsonValue };
  /** The event: its type, id (deadline events get `deadline:<event>@<at>`), instant and payload. */
  readonly event: LifecycleEventView;
  /** The current state's name. */
  readonly state: string;
  /** When the current state was entered. */
  readonly since: Instant;
  /** When the lifecycle started. */
  readonly startedAt: Instant;
}

/** An event as guards see it, with `at` normalised to epoch ms. */
export interface LifecycleEventView {
  /** The event name. */
  readonly type: string;
  /** The event id. */
  readonly id: string;
  /** When it happened (a deadline event: the deadline's instant). */
  readonly at: Instant;
  /** Money in minor units, if the event carries any. */
  readonly amount?: number | undefined;
  /** Further properties. */
  readonly props?: { readonly [key: string]: JsonValue } | undefined;
}

/** A guard implementation: a pure predicate over the {@link LifecycleGuardInput}. */
export type LifecycleGuard = (input: LifecycleGuardInput) => boolean;

/** The code half of a machine: guard implementations by name (as in xstate's `setup`). */
export interface LifecycleImplementations<G extends string = string> {
  /** Guard predicates by the names the definition uses. */
  readonly guards?: { readonly [K in G]: LifecycleGuard };
}

/**
 * A defined, validated machine: the JSON definition plus its guard implementations. `S` and `E`
 * are the literal state and event names, so a wrong name is a compile error. Create it with
 * {@link defineLifecycle} or {@link parseLifecycleDefinition}; do not build it by hand.
 */
export interface LifecycleMachine<S extends string = string, E extends string = string> {
  /** The machine id (stored in snapshots). */
  readonly id: string;
  /** The validated JSON definition (store it, diff it, draw it). */
  readonly definition: LifecycleDefinition<S, E>;
  /** State names in definition order. */
  readonly states: readonly S[];
  /** Event names in definition order. */
  readonly events: readonly E[];
  /** The zone calendar deadlines are computed in. */
  readonly timeZone: string;
}

/** A transition, compiled. `target` is a state index, or -1 for an internal transition. */
export interface CompiledTransition {
  readonly target: number;
  readonly guard: LifecycleGuard | undefined;
  readonly assign: readonly (readonly [field: string, kind: 'value' | 'fromEvent' | 'increment', arg: JsonValue])[];
  readonly effects: readonly LifecycleEffectDefinition[];
}

/** A deadline, compiled. `anchor` is `'entry'`, `'start'` or a context field name (`field`). */
export interface CompiledDeadline {
  readonly event: string;
  readonly after: Duration;
  readonly anchor: 'entry' | 'start' | 'context';
  readonly field: string;
  readonly startOf: CalendarUnit | undefined;
  /** A lower bound of `deadline − anchor` in ms, whatever the zone and date (for lazy resolution). */
  readonly minSpan: number;
}

/** A state, compiled. */
export interface CompiledState {
  readonly name: string;
  readonly final: boolean;
  readonly on: ReadonlyMap<string, readonly CompiledTransition[]>;
  readonly deadlines: readonly CompiledDeadline[];
  /** Context fields that anchor a deadline of this state. */
  readonly anchorFields: ReadonlySet<string>;
  readonly entry: readonly LifecycleEffectDefinition[];
  readonly exit: readonly LifecycleEffectDefinition[];
}

/** A machine, compiled into lookup tables. */
export interface CompiledMachine {
  readonly id: string;
  readonly timeZone: string;
  readonly initial: number;
  readonly states: readonly CompiledState[];
  readonly stateIndex: ReadonlyMap<string, number>;
  readonly events: ReadonlySet<string>;
  readonly context: { readonly [field: string]: JsonValue };
  readonly activityTypes: ReadonlyMap<string, string>;
}

const compiled = new WeakMap<object, CompiledMachine>();

const DAY = 86_400_000;
/** How far `startOf` can move an anchor back, per period (a margin over the longest period). */
const START_OF_SLACK: Readonly<Record<CalendarUnit, number>> = { day: 2 * DAY, week: 8 * DAY, month: 32 * DAY, quarter: 93 * DAY, year: 367 * DAY };

/** A lower bound of `addDuration(startOf(anchor), after) − anchor`, in any zone. */
function minSpanOf(after: Duration, startOf: CalendarUnit | undefined): number {
  return minDurationSpan(after) - (startOf === undefined ? 0 : START_OF_SLACK[startOf]);
}

const RESERVED_EFFECT_TYPES = new Set(['enteredState', 'exitedState']);
const RESERVED_EFFECT_FIELDS = ['state', 'at', 'subject'];

/**
 * The compiled tables of a machine made by {@link defineLifecycle}; throws a `SiyuError` for
 * anything else (a hand-built or deserialised object).
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, startLifecycle } from 'siyu/lifecycle';
 * const copy = JSON.parse(JSON.stringify(createCustomerLifecycle()));
 * startLifecycle(copy, 0); // throws: siyu: machine: not a lifecycle machine
 * ```
 */
export function compiledLifecycle(machine: LifecycleMachine<string, string>): CompiledMachine {
  const found = typeof machine === 'object' && machine !== null ? compiled.get(machine) : undefined;
  if (found === undefined) {
    throw SiyuError.at(['machine'], 'not a lifecycle machine: create it with defineLifecycle or parseLifecycleDefinition', 'invalid_machine');
  }
  return found;
}

function transitionList<S extends string>(
  value: LifecycleTransitionDefinition<S> | readonly LifecycleTransitionDefinition<S>[],
  path: FieldPath,
): { transition: LifecycleTransitionDefinition<S>; path: FieldPath }[] {
  if (Array.isArray(value)) return (value as readonly LifecycleTransitionDefinition<S>[]).map((t, i) => ({ transition: t, path: [...path, i] }));
  return [{ transition: value as LifecycleTransitionDefinition<S>, path }];
}

function checkEffects(effects: readonly LifecycleEffectDefinition[] | undefined, path: FieldPath, issues: SiyuIssue[]): void {
  (effects ?? []).forEach((effect, i) => {
    if (RESERVED_EFFECT_TYPES.has(effect.type)) {
      issues.push({ path: [...path, i, 'type'], message: `"${effect.type}" is reserved for the effects siyu emits itself`, code: 'reserved_name' });
    }
    for (const field of RESERVED_EFFECT_FIELDS) {
      if (Object.prototype.hasOwnProperty.call(effect, field)) {
        issues.push({ path: [...path, i, field], message: `"${field}" is filled in by siyu when the effect is returned`, code: 'reserved_name' });
      }
    }
  });
}

interface Check {
  readonly definition: LifecycleDefinition;
  readonly guards: { readonly [name: string]: LifecycleGuard };
  readonly issues: SiyuIssue[];
}

function compileTransitions(
  check: Check,
  map: LifecycleStateDefinition['on'],
  path: FieldPath,
  stateIndex: ReadonlyMap<string, number>,
): Map<string, CompiledTransition[]> {
  const { definition, guards, issues } = check;
  const events = new Set(definition.events);
  const contextFields = definition.context ?? {};
  const out = new Map<string, CompiledTransition[]>();
  for (const [event, value] of Object.entries(map ?? {})) {
    if (value === undefined) continue;
    if (!events.has(event)) {
      issues.push({ path: [...path, event], message: `unknown event "${event}" (declare it in events)`, code: 'unknown_event' });
      continue;
    }
    const list: CompiledTransition[] = [];
    for (const { transition, path: tPath } of transitionList(value, [...path, event])) {
      let target = -1;
      if (transition.target !== undefined) {
        const index = stateIndex.get(transition.target);
        if (index === undefined) issues.push({ path: [...tPath, 'target'], message: `unknown state "${transition.target}"`, code: 'unknown_state' });
        else target = index;
      }
      let guard: LifecycleGuard | undefined;
      if (transition.guard !== undefined) {
        const implementation = Object.prototype.hasOwnProperty.call(guards, transition.guard) ? guards[transition.guard] : undefined;
        if (typeof implementation !== 'function') {
          issues.push({ path: [...tPath, 'guard'], message: `no implementation for guard "${transition.guard}"`, code: 'missing_guard' });
        } else guard = implementation;
      }
      const assign: [string, 'value' | 'fromEvent' | 'increment', JsonValue][] = [];
      for (const [field, source] of Object.entries(transition.assign ?? {})) {
        if (!Object.prototype.hasOwnProperty.call(contextFields, field)) {
          issues.push({ path: [...tPath, 'assign', field], message: `unknown context field "${field}" (declare it in context)`, code: 'unknown_field' });
          continue;
        }
        if ('value' in source) assign.push([field, 'value', source.value]);
        else if ('fromEvent' in source) assign.push([field, 'fromEvent', source.fromEvent]);
        else assign.push([field, 'increment', source.increment]);
      }
      checkEffects(transition.effects, [...tPath, 'effects'], issues);
      list.push({ target, guard, assign, effects: transition.effects ?? [] });
    }
    out.set(event, list);
  }
  return out;
}

function compile(definition: LifecycleDefinition, implementations: LifecycleImplementations): CompiledMachine {
  const issues: SiyuIssue[] = [];
  const guards = implementations.guards ?? {};
  const check: Check = { definition, guards, issues };
  const names = Object.keys(definition.states);
  const stateIndex = new Map(names.map((name, i) => [name, i]));
  const events = new Set<string>();
  definition.events.forEach((event, i) => {
    if (event === 'tick') issues.push({ path: ['events', i], message: '"tick" is reserved for moving time', code: 'reserved_name' });
    else if (events.has(event)) issues.push({ path: ['events', i], message: `duplicate event "${event}"`, code: 'duplicate' });
    events.add(event);
  });
  if (names.length === 0) issues.push({ path: ['states'], message: 'a machine needs at least one state', code: 'too_small' });
  const initial = stateIndex.get(definition.initial);
  if (initial === undefined) issues.push({ path: ['initial'], message: `unknown state "${definition.initial}"`, code: 'unknown_state' });
  const shared = compileTransitions(check, definition.on, ['on'], stateIndex);
  const contextFields = definition.context ?? {};
  const states: CompiledState[] = names.map((name) => {
    const state = (definition.states as Record<string, LifecycleStateDefinition>)[name] as LifecycleStateDefinition;
    const path = ['states', name];
    const final = state.final === true;
    const own = compileTransitions(check, state.on, [...path, 'on'], stateIndex);
    if (final && (own.size > 0 || (state.deadlines?.length ?? 0) > 0)) {
      issues.push({ path: [...path, 'final'], message: 'a final state may declare no transitions or deadlines', code: 'invalid_final' });
    }
    const on = new Map<string, CompiledTransition[]>();
    if (!final) {
      for (const [event, list] of own) on.set(event, [...list]);
      for (const [event, list] of shared) on.set(event, [...(on.get(event) ?? []), ...list]);
    }
    const anchorFields = new Set<string>();
    const deadlines: CompiledDeadline[] = (state.deadlines ?? []).map((deadline, i) => {
      const dPath = [...path, 'deadlines', i];
      if (!events.has(deadline.event)) issues.push({ path: [...dPath, 'event'], message: `unknown event "${deadline.event}" (declare it in events)`, code: 'unknown_event' });
      else if (!on.has(deadline.event)) issues.push({ path: [...dPath, 'event'], message: `state "${name}" has no transition for "${deadline.event}"`, code: 'unhandled_deadline' });
      if (deadline.after.amount <= 0) issues.push({ path: [...dPath, 'after', 'amount'], message: 'a deadline must lie after its anchor (amount ≥ 1)', code: 'too_small' });
      const from = deadline.from ?? 'entry';
      let field = '';
      if (typeof from === 'object') {
        field = from.context;
        if (!Object.prototype.hasOwnProperty.call(contextFields, field)) {
          issues.push({ path: [...dPath, 'from', 'context'], message: `unknown context field "${field}" (declare it in context)`, code: 'unknown_field' });
        }
        anchorFields.add(field);
      }
      return {
        event: deadline.event,
        after: deadline.after,
        anchor: typeof from === 'object' ? 'context' : from,
        field,
        startOf: deadline.startOf,
        minSpan: minSpanOf(deadline.after, deadline.startOf),
      };
    });
    checkEffects(state.entry, [...path, 'entry'], issues);
    checkEffects(state.exit, [...path, 'exit'], issues);
    return { name, final, on, deadlines, anchorFields, entry: state.entry ?? [], exit: state.exit ?? [] };
  });
  for (const [activityType, event] of Object.entries(definition.activityTypes ?? {})) {
    if (!events.has(event)) issues.push({ path: ['activityTypes', activityType], message: `unknown event "${event}"`, code: 'unknown_event' });
  }
  if (initial !== undefined && issues.length === 0) {
    const seen = new Set<number>([initial]);
    const queue = [initial];
    while (queue.length > 0) {
      const from = states[queue.shift() as number] as CompiledState;
      for (const list of from.on.values()) {
        for (const t of list) {
          if (t.target >= 0 && !seen.has(t.target)) {
            seen.add(t.target);
            queue.push(t.target);
          }
        }
      }
    }
    names.forEach((name, i) => {
      if (!seen.has(i)) issues.push({ path: ['states', name], message: `state "${name}" is unreachable from "${definition.initial}"`, code: 'unreachable_state' });
    });
  }
  if (issues.length > 0) throw new SiyuError('invalid_machine', issues);
  return {
    id: definition.id,
    timeZone: definition.timeZone ?? DEFAULT_TIME_ZONE,
    initial: initial as number,
    states,
    stateIndex,
    events,
    context: contextFields,
    activityTypes: new Map(Object.entries(definition.activityTypes ?? {})),
  };
}

/** The definition input of {@link defineLifecycle}: state and event names are inferred from `states` and `events` only. */
export interface LifecycleDefinitionInput<S extends string, E extends string> {
  /** Machine id. */
  readonly id: string;
  /** The initial state; must be one of `states`. */
  readonly initial: NoInfer<S>;
  /** Every event name. */
  readonly events: readonly E[];
  /** The states. */
  readonly states: { readonly [K in S]: LifecycleStateDefinition<NoInfer<S>, NoInfer<E>> };
  /** Transitions shared by every non-final state. */
  readonly on?: LifecycleDefinition<NoInfer<S>, NoInfer<E>>['on'];
  /** Context fields and initial values. */
  readonly context?: { readonly [field: string]: JsonValue };
  /** IANA zone for deadlines. */
  readonly timeZone?: string;
  /** `ActivityEvent.type` → machine event. */
  readonly activityTypes?: { readonly [activityType: string]: NoInfer<E> };
}

/**
 * Defines a machine from its JSON definition and its guard implementations, checking it as a
 * whole: unknown target states or events, unreachable states, guard names without an
 * implementation, deadlines the state does not handle, final states with transitions, assignments
 * to undeclared context fields — each a `SiyuError` naming the path. State and event names become
 * literal types.
 *
 * @example
 * ```ts
 * import { defineLifecycle } from 'siyu/lifecycle';
 * const door = defineLifecycle({
 *   id: 'door', initial: 'closed', events: ['open', 'close'],
 *   states: { closed: { on: { open: { target: 'opened' } } }, opened: { on: { close: { target: 'closed' } } } },
 * });
 * door.states; // → ['closed', 'opened']
 * defineLifecycle({ id: 'bad', initial: 'a', events: ['go'], states: { a: { on: { go: { target: 'b' } } } } } as never); // throws: siyu: states.a.on.go.target: unknown state "b"
 * ```
 */
export function defineLifecycle<const S extends string, const E extends string>(
  definition: LifecycleDefinitionInput<S, E>,
  implementations: LifecycleImplementations = {},
): LifecycleMachine<S, E> {
  const parsed = parseWith(LifecycleDefinitionSchema, definition, { code: 'invalid_machine' }) as unknown as LifecycleDefinition<S, E>;
  const tables = compile(parsed as unknown as LifecycleDefinition, implementations);
  const machine: LifecycleMachine<S, E> = Object.freeze({
    id: parsed.id,
    definition: parsed,
    states: Object.keys(parsed.states) as S[],
    events: [...parsed.events],
    timeZone: tables.timeZone,
  });
  compiled.set(machine, tables);
  return machine;
}

/**
 * Parses a machine definition from untrusted JSON (a back-office, a database) and defines it:
 * the same checks as {@link defineLifecycle}, with names typed as `string`.
 *
 * @example
 * ```ts
 * import { parseLifecycleDefinition } from 'siyu/lifecycle';
 * const json = '{"id":"m","initial":"a","events":["go"],"states":{"a":{"on":{"go":{"target":"b","guard":"ready"}}},"b":{}}}';
 * parseLifecycleDefinition(JSON.parse(json), { guards: { ready: () => true } }).states; // → ['a', 'b']
 * parseLifecycleDefinition(JSON.parse(json)); // throws: siyu: states.a.on.go.guard: no implementation for guard "ready"
 * ```
 */
export function parseLifecycleDefinition(input: unknown, implementations: LifecycleImplementations = {}): LifecycleMachine {
  return defineLifecycle(input as LifecycleDefinitionInput<string, string>, implementations);
}
