import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration } from 'siyu/core';
import {
  defineLifecycle,
  createCustomerLifecycle,
  createGroupLifecycle,
  createMemberLifecycle,
  parseLifecycleSnapshot,
  replayLifecycle,
  startLifecycle,
  transitionLifecycle,
  type LifecycleEventInput,
  type LifecycleInput,
  type LifecycleMachine,
  type LifecycleSnapshot,
  type LifecycleTransitionDefinition,
} from 'siyu/lifecycle';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00+08:00');

const machines: [string, LifecycleMachine][] = [
  ['customer', createCustomerLifecycle() as unknown as LifecycleMachine],
  ['customer (New York)', createCustomerLifecycle({ timeZone: 'America/New_York', newFor: { amount: 2, unit: 'day' } }) as unknown as LifecycleMachine],
  ['group', createGroupLifecycle({ lifetime: 'medium', decliningAfterDays: 2, recoveryDays: 2 }) as unknown as LifecycleMachine],
  ['member', createMemberLifecycle({ atRiskAfter: { amount: 10, unit: 'day' }, lapsedAfter: { amount: 15, unit: 'day' } }) as unknown as LifecycleMachine],
];

/** Histories of a machine's events: sorted instants over ~120 days (ties allowed), unique ids. */
function historyOf(machine: LifecycleMachine): fc.Arbitrary<LifecycleEventInput[]> {
  const step = fc.record({
    type: fc.constantFrom(...machine.events),
    gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 * DAY })),
    rate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  });
  return fc.array(step, { minLength: 1, maxLength: 25 }).map((steps) => {
    let at = T0;
    return steps.map((s, i) => {
      at += s.gap;
      return { type: s.type, id: `e${i}`, at, ...(s.type === 'daily_activity' ? { props: { rate: s.rate } } : {}) };
    });
  });
}

function declares(machine: LifecycleMachine, from: string, event: string, to: string): boolean {
  const lists = [machine.definition.states[from]?.on?.[event], machine.definition.on?.[event]];
  return lists.some((value) => {
    if (value === undefined) return false;
    const list = (Array.isArray(value) ? value : [value]) as LifecycleTransitionDefinition[];
    return list.some((t) => t.target === to);
  });
}

describe.each(machines)('%s lifecycle properties', (_name, machine) => {
  const history = historyOf(machine);

  it('replaying the same history gives the same timeline and snapshot, whatever the input order of distinct instants', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 1000 }), (events, seed) => {
        const until = (events[events.length - 1]?.at as number) + 90 * DAY;
        const a = replayLifecycle(machine, events, { until });
        const b = replayLifecycle(machine, events, { until });
        expect(b).toEqual(a);
        // Reorder: a rotation keeps equal instants' relative order only if instants are distinct, so sort stably afterwards.
        const rotated = [...events.slice(seed % events.length), ...events.slice(0, seed % events.length)];
        const c = replayLifecycle(machine, rotated.sort((x, y) => (x.at as number) - (y.at as number) || Number(x.id.slice(1)) - Number(y.id.slice(1))), { until });
        expect(c.timeline).toEqual(a.timeline);
      }),
      { numRuns: 120 },
    );
  });

  it('splitting a history into arbitrary tick batches gives the same final snapshot as one pass', () => {
    fc.assert(
      fc.property(history, fc.array(fc.integer({ min: 0, max: 130 * DAY }), { maxLength: 8 }), (events, tickOffsets) => {
        const until = (events[events.length - 1]?.at as number) + 60 * DAY;
        const onePass = replayLifecycle(machine, events, { until, effects: false }).snapshot;
        // Step by step, with ticks inserted at arbitrary instants between the events.
        const inputs: LifecycleInput[] = [...events, ...tickOffsets.map((o) => ({ type: 'tick' as const, at: T0 + o }))];
        inputs.sort((x, y) => (x.at as number) - (y.at as number));
        let snapshot: LifecycleSnapshot = startLifecycle(machine, events[0]?.at as number).snapshot;
        for (const input of inputs) {
          if ((input.at as number) > until) break;
          const result = transitionLifecycle(machine, snapshot, input);
          if (result.ok) snapshot = result.snapshot;
          else {
            const moved = transitionLifecycle(machine, snapshot, { type: 'tick', at: input.at });
            if (moved.ok) snapshot = moved.snapshot;
          }
        }
        const last = transitionLifecycle(machine, snapshot, { type: 'tick', at: until });
        if (last.ok) snapshot = last.snapshot;
        expect(snapshot).toEqual(onePass);
        // And a replay with the ticks inside the history agrees too.
        expect(replayLifecycle(machine, inputs, { start: events[0]?.at as number, until, effects: false }).snapshot).toEqual(onePass);
      }),
      { numRuns: 120 },
    );
  });

  it('never takes a transition the machine does not declare; timelines are contiguous and in order', () => {
    fc.assert(
      fc.property(history, (events) => {
        const until = (events[events.length - 1]?.at as number) + 200 * DAY;
        const { effects, timeline } = replayLifecycle(machine, events, { until });
        for (const effect of effects) {
          if (effect.type !== 'enteredState' || effect.from === null) continue;
          expect(declares(machine, effect.from as string, effect.cause as string, effect.state)).toBe(true);
        }
        for (let i = 1; i < timeline.length; i++) {
          const before = timeline[i - 1];
          const segment = timeline[i];
          expect(before?.to).toBe(segment?.from);
          expect((segment?.from as number) >= (before?.from as number)).toBe(true);
        }
        expect(timeline[timeline.length - 1]?.to).toBeNull();
      }),
      { numRuns: 120 },
    );
  });

  it('every snapshot along the way survives JSON and parseLifecycleSnapshot unchanged', () => {
    fc.assert(
      fc.property(history, (events) => {
        let snapshot: LifecycleSnapshot = startLifecycle(machine, events[0]?.at as number).snapshot;
        for (const event of events) {
          const result = transitionLifecycle(machine, snapshot, event);
          if (!result.ok) continue;
          snapshot = result.snapshot;
          expect(parseLifecycleSnapshot(machine, JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('deadline instants follow the zone calendar exactly', () => {
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Apia', 'America/St_Johns'];
  const anchors = fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) });

  it('a deadline `after` n days/weeks/months is core addDuration of its anchor, in every zone', () => {
    fc.assert(
      fc.property(anchors, fc.constantFrom(...zones), fc.integer({ min: 1, max: 400 }), fc.constantFrom('day', 'week', 'month', 'hour'), (anchor, zone, amount, unit) => {
        const after = { amount, unit } as const;
        const machine = defineLifecycle({
          id: 'probe',
          initial: 'waiting',
          events: ['due'],
          timeZone: zone,
          states: { waiting: { on: { due: { target: 'done' } }, deadlines: [{ event: 'due', after }] }, done: {} },
        });
        const { snapshot } = startLifecycle(machine, anchor);
        const expected = addDuration(anchor, after, zone);
        expect(snapshot.deadlines[0]?.at).toBe(expected);
        // and it fires at that instant, not a millisecond earlier
        const before = transitionLifecycle(machine, snapshot, { type: 'tick', at: expected - 1 });
        expect(before.ok && before.snapshot.state).toBe('waiting');
        const { timeline } = replayLifecycle(machine, [], { start: anchor, until: expected + 100 * DAY });
        expect(timeline[1]?.from).toBe(expected);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('idle-time guards agree with the deadline calendar at the exact boundary', () => {
    fc.assert(
      fc.property(anchors, fc.constantFrom(...zones), fc.integer({ min: 1, max: 28 }), (anchor, zone, n) => {
        const same = createCustomerLifecycle({ timeZone: zone, newFor: { amount: n, unit: 'day' }, silentAfter: { amount: n, unit: 'day' } });
        const later = createCustomerLifecycle({ timeZone: zone, newFor: { amount: n, unit: 'day' }, silentAfter: { amount: n + 1, unit: 'day' } });
        const history = [{ type: 'friend_added' as const, id: 'e1', at: anchor }];
        const until = addDuration(anchor, { amount: n, unit: 'day' }, zone);
        expect(replayLifecycle(same, history, { until }).snapshot.state).toBe('silent');
        expect(replayLifecycle(later, history, { until }).snapshot.state).toBe('active');
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});
