import { describe, expect, it } from 'vitest';
import { isSiyuError, type SiyuError } from 'siyu/core';
import {
  defineLifecycle,
  parseLifecycleDefinition,
  replayLifecycle,
  startLifecycle,
  transitionLifecycle,
  type LifecycleDefinition,
} from 'siyu/lifecycle';

function errorOf(run: () => unknown): SiyuError {
  try {
    run();
  } catch (error) {
    if (isSiyuError(error)) return error;
    throw error;
  }
  throw new Error('expected a SiyuError');
}

const base: LifecycleDefinition = {
  id: 'ticket',
  initial: 'open',
  events: ['assign', 'resolve', 'reopen', 'escalate', 'close'],
  context: { assignee: null, touches: 0 },
  states: {
    open: { on: { assign: { target: 'assigned', assign: { assignee: { fromEvent: 'props.to' } } } } },
    assigned: {
      on: {
        resolve: { target: 'resolved' },
        escalate: { target: 'escalated' },
        assign: { assign: { assignee: { fromEvent: 'props.to' }, touches: { increment: 1 } } },
      },
      deadlines: [{ event: 'escalate', after: { amount: 2, unit: 'hour' } }],
    },
    escalated: { on: { resolve: { target: 'resolved' } } },
    resolved: { on: { reopen: { target: 'open' } }, deadlines: [{ event: 'close', after: { amount: 1, unit: 'day' } }] },
    closed: { final: true },
  },
  on: { close: { target: 'closed' } },
};

describe('defineLifecycle: definition-time checks', () => {
  it('accepts a valid definition and keeps it as JSON', () => {
    const machine = parseLifecycleDefinition(JSON.parse(JSON.stringify(base)));
    expect(machine.states).toEqual(['open', 'assigned', 'escalated', 'resolved', 'closed']);
    expect(machine.events).toEqual(base.events);
    expect(machine.timeZone).toBe('Asia/Shanghai');
    expect(JSON.parse(JSON.stringify(machine.definition))).toEqual({ ...base, timeZone: 'Asia/Shanghai' });
  });

  const cases: [string, (d: Record<string, unknown>) => unknown, string, string][] = [
    ['a transition to an unknown state', (d) => ({ ...d, states: { ...(d['states'] as object), open: { on: { assign: { target: 'asigned' } } } } }), 'siyu: states.open.on.assign.target: unknown state "asigned"', 'unknown_state'],
    ['an unknown initial state', (d) => ({ ...d, initial: 'nope' }), 'siyu: initial: unknown state "nope"', 'unknown_state'],
    ['an unreachable state', (d) => ({ ...d, states: { ...(d['states'] as object), limbo: {} } }), 'siyu: states.limbo: state "limbo" is unreachable from "open"', 'unreachable_state'],
    ['a guard without implementation', (d) => ({ ...d, states: { ...(d['states'] as object), open: { on: { assign: [{ target: 'assigned', guard: 'isManager' }] } } } }), 'siyu: states.open.on.assign[0].guard: no implementation for guard "isManager"', 'missing_guard'],
    ['an undeclared event', (d) => ({ ...d, on: { shut: { target: 'closed' } } }), 'siyu: on.shut: unknown event "shut" (declare it in events)', 'unknown_event'],
    ['a reserved tick event', (d) => ({ ...d, events: [...(d['events'] as string[]), 'tick'] }), 'siyu: events[5]: "tick" is reserved', 'invalid_machine'],
    ['a duplicate event', (d) => ({ ...d, events: [...(d['events'] as string[]), 'close'] }), 'siyu: events[5]: duplicate event "close"', 'invalid_machine'],
    ['a final state with transitions', (d) => ({ ...d, states: { ...(d['states'] as object), closed: { final: true, on: { reopen: { target: 'open' } } } } }), 'siyu: states.closed.final: a final state may declare no transitions or deadlines', 'invalid_machine'],
    ['a deadline the state does not handle', (d) => ({ ...d, states: { ...(d['states'] as object), escalated: { on: { resolve: { target: 'resolved' } }, deadlines: [{ event: 'reopen', after: { amount: 1, unit: 'day' } }] } } }), 'siyu: states.escalated.deadlines[0].event: state "escalated" has no transition for "reopen"', 'invalid_machine'],
    ['a deadline on an undeclared event', (d) => ({ ...d, states: { ...(d['states'] as object), escalated: { on: { resolve: { target: 'resolved' } }, deadlines: [{ event: 'ping', after: { amount: 1, unit: 'day' } }] } } }), 'siyu: states.escalated.deadlines[0].event: unknown event "ping"', 'invalid_machine'],
    ['a zero-length deadline', (d) => ({ ...d, states: { ...(d['states'] as object), resolved: { on: { reopen: { target: 'open' } }, deadlines: [{ event: 'close', after: { amount: 0, unit: 'day' } }] } } }), 'siyu: states.resolved.deadlines[0].after.amount: a deadline must lie after its anchor', 'invalid_machine'],
    ['a deadline anchored on an undeclared field', (d) => ({ ...d, states: { ...(d['states'] as object), resolved: { on: { reopen: { target: 'open' } }, deadlines: [{ event: 'close', after: { amount: 1, unit: 'day' }, from: { context: 'resolvedAt' } }] } } }), 'siyu: states.resolved.deadlines[0].from.context: unknown context field "resolvedAt"', 'invalid_machine'],
    ['an assignment to an undeclared field', (d) => ({ ...d, states: { ...(d['states'] as object), open: { on: { assign: { target: 'assigned', assign: { owner: { value: 1 } } } } } } }), 'siyu: states.open.on.assign.assign.owner: unknown context field "owner"', 'invalid_machine'],
    ['a reserved effect type', (d) => ({ ...d, states: { ...(d['states'] as object), open: { on: { assign: { target: 'assigned' } }, entry: [{ type: 'enteredState' }] } } }), 'siyu: states.open.entry[0].type: "enteredState" is reserved', 'invalid_machine'],
    ['a reserved effect field', (d) => ({ ...d, states: { ...(d['states'] as object), open: { on: { assign: { target: 'assigned' } }, exit: [{ type: 'notify', at: 1 }] } } }), 'siyu: states.open.exit[0].at: "at" is filled in by siyu', 'invalid_machine'],
    ['an activity type mapped to an undeclared event', (d) => ({ ...d, activityTypes: { ticket_closed: 'shut' } }), 'siyu: activityTypes.ticket_closed: unknown event "shut"', 'invalid_machine'],
    ['no states', (d) => ({ ...d, states: {} }), 'siyu: states: a machine needs at least one state', 'invalid_machine'],
    ['an unknown key', (d) => ({ ...d, version: 2 }), 'siyu: version: unknown key', 'invalid_machine'],
    ['an unknown key in a transition', (d) => ({ ...d, on: { close: { target: 'closed', cond: 'x' } } }), 'siyu: on.close.cond: unknown key', 'invalid_machine'],
    ['a wrong type', (d) => ({ ...d, events: 'assign' }), 'siyu: events:', 'invalid_machine'],
    ['NaN in a duration', (d) => ({ ...d, states: { ...(d['states'] as object), resolved: { on: { reopen: { target: 'open' } }, deadlines: [{ event: 'close', after: { amount: Number.NaN, unit: 'day' } }] } } }), 'siyu: states.resolved.deadlines[0].after.amount:', 'invalid_machine'],
    ['an unknown time zone', (d) => ({ ...d, timeZone: 'Asia/Beijing' }), 'siyu: timeZone: unknown IANA time zone', 'invalid_machine'],
    ['a __proto__ key', (d) => ({ ...d, context: JSON.parse('{"__proto__": {"polluted": true}}') }), 'siyu: context.__proto__: forbidden key', 'invalid_machine'],
  ];

  it.each(cases)('rejects %s', (_name, mutate, message, code) => {
    const error = errorOf(() => parseLifecycleDefinition(mutate(JSON.parse(JSON.stringify(base)) as Record<string, unknown>)));
    expect(error.message).toContain(message);
    if (code !== 'invalid_machine') expect(error.issues[0]?.code).toBe(code);
    expect(error.code).toBe('invalid_machine');
  });

  it('reports every problem found, the first in the message', () => {
    const error = errorOf(() =>
      parseLifecycleDefinition({ id: 'x', initial: 'a', events: ['go'], states: { a: { on: { go: [{ target: 'b' }, { target: 'c', guard: 'g' }] } } } }),
    );
    expect(error.issues.map((i) => i.code)).toEqual(['unknown_state', 'unknown_state', 'missing_guard']);
    expect(error.message).toBe('siyu: states.a.on.go[0].target: unknown state "b" (and 2 more issues)');
  });

  it('rejects a guard registry entry that is not a function, and a hand-built machine', () => {
    const definition = { id: 'x', initial: 'a', events: ['go'], states: { a: { on: { go: { target: 'b', guard: 'ok' } } }, b: {} } };
    expect(errorOf(() => parseLifecycleDefinition(definition, { guards: { ok: true as never } })).message).toContain('no implementation for guard "ok"');
    expect(errorOf(() => parseLifecycleDefinition(definition, { guards: JSON.parse('{"__proto__": 1}') })).message).toContain('no implementation for guard "ok"');
    const fake = { id: 'x', definition, states: ['a', 'b'], events: ['go'], timeZone: 'Asia/Shanghai' };
    expect(errorOf(() => startLifecycle(fake as never, 0)).code).toBe('invalid_machine');
  });
});

describe('machines built by hand', () => {
  const ticket = parseLifecycleDefinition(base);
  const t0 = Date.UTC(2026, 2, 2, 1);

  it('internal transitions assign without leaving the state; entry resets deadlines; shared transitions apply everywhere', () => {
    const start = startLifecycle(ticket, t0, { subject: 'T-1' });
    expect(start.snapshot).toEqual({
      machine: 'ticket',
      subject: 'T-1',
      state: 'open',
      since: t0,
      startedAt: t0,
      context: { assignee: null, touches: 0 },
      deadlines: [],
      cursor: { at: t0, count: 0, ids: [] },
    });
    const assigned = transitionLifecycle(ticket, start.snapshot, { type: 'assign', id: 'a1', at: t0 + 60_000, props: { to: 'amy' } });
    expect(assigned.ok && assigned.snapshot.deadlines).toEqual([{ event: 'escalate', at: t0 + 60_000 + 7_200_000, key: 0 }]);
    if (!assigned.ok) throw new Error('not ok');
    const again = transitionLifecycle(ticket, assigned.snapshot, { type: 'assign', id: 'a2', at: t0 + 120_000, props: { to: 'bob' } });
    if (!again.ok) throw new Error('not ok');
    expect(again.effects).toEqual([]);
    expect(again.snapshot.state).toBe('assigned');
    expect(again.snapshot.since).toBe(t0 + 60_000);
    expect(again.snapshot.context).toEqual({ assignee: 'bob', touches: 1 });
    // the entry-anchored deadline is not moved by an internal transition
    expect(again.snapshot.deadlines).toEqual(assigned.snapshot.deadlines);
    const missing = transitionLifecycle(ticket, again.snapshot, { type: 'assign', id: 'a3', at: t0 + 180_000 });
    expect(missing.ok && missing.snapshot.context).toEqual({ assignee: null, touches: 2 });
    const closed = transitionLifecycle(ticket, again.snapshot, { type: 'close', id: 'c1', at: t0 + 180_000 });
    expect(closed.ok && closed.snapshot.state).toBe('closed');
    if (!closed.ok) throw new Error('not ok');
    expect(transitionLifecycle(ticket, closed.snapshot, { type: 'reopen', id: 'r1', at: t0 + 240_000 })).toEqual({
      ok: false,
      reason: 'final_state',
      message: 'state "closed" is final and accepts no events',
    });
  });

  it('effects come in order: exitedState, exit effects, transition effects, enteredState, entry effects', () => {
    const machine = defineLifecycle({
      id: 'order',
      initial: 'a',
      events: ['go'],
      states: {
        a: { on: { go: { target: 'b', effects: [{ type: 'transition', n: 2 }] } }, exit: [{ type: 'leaveA' }] },
        b: { entry: [{ type: 'enterB', tags: ['x'] }] },
      },
    });
    const start = startLifecycle(machine, 0).snapshot;
    const result = transitionLifecycle(machine, start, { type: 'go', id: 'g', at: 5 });
    expect(result.ok && result.effects).toEqual([
      { type: 'exitedState', state: 'a', to: 'b', cause: 'go', at: 5 },
      { type: 'leaveA', state: 'a', at: 5 },
      { type: 'transition', n: 2, state: 'a', at: 5 },
      { type: 'enteredState', state: 'b', from: 'a', cause: 'go', at: 5 },
      { type: 'enterB', tags: ['x'], state: 'b', at: 5 },
    ]);
  });

  it('a self-transition with a target re-enters: since and deadlines restart', () => {
    const machine = defineLifecycle({
      id: 'heartbeat',
      initial: 'alive',
      events: ['beat', 'timeout'],
      states: {
        alive: { on: { beat: { target: 'alive' }, timeout: { target: 'dead' } }, deadlines: [{ event: 'timeout', after: { amount: 1, unit: 'hour' } }] },
        dead: { final: true },
      },
    });
    const { timeline } = replayLifecycle(machine, [
      { type: 'beat', id: 'b1', at: 1_800_000 },
      { type: 'beat', id: 'b2', at: 3_600_000 },
    ], { start: 0, until: 10 * 3_600_000 });
    expect(timeline).toEqual([
      { state: 'alive', from: 0, to: 1_800_000, cause: 'start' },
      { state: 'alive', from: 1_800_000, to: 3_600_000, cause: 'beat' },
      { state: 'alive', from: 3_600_000, to: 7_200_000, cause: 'beat' },
      { state: 'dead', from: 7_200_000, to: null, cause: 'timeout' },
    ]);
  });

  it('guards see the context, the event, the state and its instants; the first passing transition wins', () => {
    const seen: unknown[] = [];
    const machine = defineLifecycle(
      {
        id: 'vip',
        initial: 'regular',
        events: ['purchase'],
        context: { spent: 0 },
        states: {
          regular: {
            on: {
              purchase: [
                { target: 'vip', guard: 'bigSpender', assign: { spent: { fromEvent: 'amount' } } },
                { assign: { spent: { fromEvent: 'amount' } } },
              ],
            },
          },
          vip: {},
        },
      },
      {
        guards: {
          bigSpender: (input) => {
            seen.push(input);
            return (input.event.amount ?? 0) >= 100_000;
          },
        },
      },
    );
    const { snapshot, timeline } = replayLifecycle(machine, [
      { type: 'purchase', id: 'o1', at: 10, amount: 5_000 },
      { type: 'purchase', id: 'o2', at: 20, amount: 120_000, props: { sku: 'A' } },
    ]);
    expect(timeline.map((s) => s.state)).toEqual(['regular', 'vip']);
    expect(snapshot.context).toEqual({ spent: 120_000 });
    expect(seen[1]).toEqual({
      context: { spent: 5_000 },
      event: { type: 'purchase', id: 'o2', at: 20, amount: 120_000, props: { sku: 'A' } },
      state: 'regular',
      since: 10,
      startedAt: 10,
    });
    const blocked = defineLifecycle(
      { id: 'strict', initial: 'a', events: ['go'], states: { a: { on: { go: { target: 'b', guard: 'never' } } }, b: {} } },
      { guards: { never: () => false } },
    );
    expect(transitionLifecycle(blocked, startLifecycle(blocked, 0).snapshot, { type: 'go', id: 'g', at: 1 })).toEqual({
      ok: false,
      reason: 'guard_blocked',
      message: 'no guard passed for "go" in state "a"',
    });
  });

  it('deadlines anchored on a context field move when the field changes; a non-number anchor schedules nothing', () => {
    const machine = defineLifecycle({
      id: 'session',
      initial: 'idle',
      events: ['touch', 'expire', 'clear'],
      context: { lastTouch: null },
      states: {
        idle: {
          on: { touch: { assign: { lastTouch: { fromEvent: 'at' } } }, clear: { assign: { lastTouch: { value: 'never' } } }, expire: { target: 'expired' } },
          deadlines: [{ event: 'expire', after: { amount: 30, unit: 'minute' }, from: { context: 'lastTouch' } }],
        },
        expired: {},
      },
    });
    const start = startLifecycle(machine, 0).snapshot;
    expect(start.deadlines).toEqual([]);
    const touched = transitionLifecycle(machine, start, { type: 'touch', id: 't1', at: 60_000 });
    expect(touched.ok && touched.snapshot.deadlines).toEqual([{ event: 'expire', at: 60_000 + 1_800_000, key: 0 }]);
    if (!touched.ok) throw new Error('not ok');
    const cleared = transitionLifecycle(machine, touched.snapshot, { type: 'clear', id: 'c1', at: 120_000 });
    expect(cleared.ok && cleared.snapshot.deadlines).toEqual([]);
  });

  it('the issue\'s deadline as written: silentAt = lastActiveAt + 7 days, stored in the snapshot and fired by a tick', () => {
    const machine = defineLifecycle({
      id: 'issue-deadline',
      initial: 'active',
      events: ['activity', 'silence'],
      context: { lastActiveAt: null },
      states: {
        active: {
          on: { activity: { assign: { lastActiveAt: { fromEvent: 'at' } } }, silence: { target: 'silent' } },
          deadlines: [{ event: 'silence', after: { amount: 7, unit: 'day' }, from: { context: 'lastActiveAt' } }],
        },
        silent: { on: { activity: { target: 'active', assign: { lastActiveAt: { fromEvent: 'at' } } } } },
      },
    });
    const lastActiveAt = Date.parse('2026-03-05T10:00:00+08:00');
    const active = transitionLifecycle(machine, startLifecycle(machine, lastActiveAt).snapshot, { type: 'activity', id: 'm1', at: lastActiveAt });
    if (!active.ok) throw new Error('not ok');
    const silentAt = Date.parse('2026-03-12T10:00:00+08:00');
    expect(active.snapshot.deadlines).toEqual([{ event: 'silence', at: silentAt, key: 0 }]);
    const stored = JSON.parse(JSON.stringify(active.snapshot)) as typeof active.snapshot;
    const early = transitionLifecycle(machine, stored, { type: 'tick', at: silentAt - 1 });
    expect(early.ok && early.snapshot.state).toBe('active');
    const late = transitionLifecycle(machine, stored, { type: 'tick', at: Date.parse('2026-04-01T00:00:00+08:00') });
    expect(late.ok && [late.snapshot.state, late.snapshot.since]).toEqual(['silent', silentAt]);
  });

  it('startOf rounds the anchor down to the local period, and calendar days follow the machine zone', () => {
    const machine = defineLifecycle({
      id: 'daily',
      initial: 'today',
      events: ['midnight'],
      timeZone: 'America/New_York',
      states: { today: { on: { midnight: { target: 'tomorrow' } }, deadlines: [{ event: 'midnight', after: { amount: 1, unit: 'day' }, from: 'start', startOf: 'day' }] }, tomorrow: {} },
    });
    const { snapshot } = startLifecycle(machine, Date.parse('2026-03-07T20:00:00-05:00'));
    // 2026-03-08 is the spring-forward day in New York: midnight is still 05:00Z.
    expect(snapshot.deadlines[0]?.at).toBe(Date.parse('2026-03-08T00:00:00-05:00'));
  });

  it('a machine whose deadlines fire forever at one instant is stopped with a SiyuError', () => {
    const machine = defineLifecycle({
      id: 'loop',
      initial: 'a',
      events: ['flip', 'flop'],
      context: { t: 0 },
      states: {
        a: { on: { flip: { target: 'b' } }, deadlines: [{ event: 'flip', after: { amount: 1, unit: 'minute' }, from: { context: 't' } }] },
        b: { on: { flop: { target: 'a' } }, deadlines: [{ event: 'flop', after: { amount: 1, unit: 'minute' }, from: { context: 't' } }] },
      },
    });
    expect(errorOf(() => startLifecycle(machine, 3_600_000)).code).toBe('deadline_loop');
    const start = startLifecycle(machine, 0).snapshot;
    expect(errorOf(() => transitionLifecycle(machine, start, { type: 'tick', at: 3_600_000 })).message).toContain('the machine loops');
  });

  it('deadlines an event makes overdue fire at once, so a returned snapshot is always settled', () => {
    const machine = defineLifecycle({
      id: 'import',
      initial: 'fresh',
      events: ['backfill', 'stale'],
      context: { lastSeen: null },
      states: {
        fresh: { on: { backfill: { assign: { lastSeen: { fromEvent: 'props.lastSeen' } } }, stale: { target: 'stale' } }, deadlines: [{ event: 'stale', after: { amount: 1, unit: 'day' }, from: { context: 'lastSeen' } }] },
        stale: {},
      },
    });
    const start = startLifecycle(machine, 10 * 86_400_000).snapshot;
    const result = transitionLifecycle(machine, start, { type: 'backfill', id: 'b', at: 10 * 86_400_000, props: { lastSeen: 0 } });
    expect(result.ok && [result.snapshot.state, result.snapshot.since, result.snapshot.deadlines]).toEqual(['stale', 10 * 86_400_000, []]);
    const begun = startLifecycle(machine, 10 * 86_400_000, { context: { lastSeen: 0 } });
    expect(begun.snapshot.state).toBe('stale');
    expect(begun.effects.map((e) => e.type)).toEqual(['enteredState', 'exitedState', 'enteredState']);
  });

  it('start options: unknown context fields are refused, known ones override the initial values', () => {
    expect(startLifecycle(ticket, 0, { context: { touches: 5 } }).snapshot.context).toEqual({ assignee: null, touches: 5 });
    expect(errorOf(() => startLifecycle(ticket, 0, { context: { owner: 'x' } })).message).toContain('siyu: context.owner: unknown context field');
    expect(errorOf(() => startLifecycle(ticket, 'yesterday')).message).toContain('siyu: at:');
  });
});
