import { describe, expectTypeOf, it } from 'vitest';
import {
  createCustomerLifecycle,
  createGroupLifecycle,
  defineLifecycle,
  replayLifecycle,
  startLifecycle,
  transitionLifecycle,
  type CustomerLifecycleEvent,
  type CustomerLifecycleState,
  type LifecycleEffect,
  type LifecycleMachine,
  type LifecycleSnapshot,
} from 'siyu/lifecycle';

describe('lifecycle types', () => {
  const door = defineLifecycle({
    id: 'door',
    initial: 'closed',
    events: ['open', 'close', 'lock'],
    states: {
      closed: { on: { open: { target: 'opened' }, lock: { target: 'locked' } } },
      opened: { on: { close: { target: 'closed' } } },
      locked: { final: true },
    },
  });

  it('infers literal state and event names from the definition', () => {
    expectTypeOf(door).toEqualTypeOf<LifecycleMachine<'closed' | 'opened' | 'locked', 'open' | 'close' | 'lock'>>();
    expectTypeOf(door.states).toEqualTypeOf<readonly ('closed' | 'opened' | 'locked')[]>();
    const { snapshot } = startLifecycle(door, 0);
    expectTypeOf(snapshot.state).toEqualTypeOf<'closed' | 'opened' | 'locked'>();
    expectTypeOf(snapshot.deadlines[0]!.event).toEqualTypeOf<'open' | 'close' | 'lock'>();
  });

  it('makes a wrong target, initial state or event name a compile error', () => {
    defineLifecycle({
      id: 'bad',
      initial: 'a',
      events: ['go'],
      // @ts-expect-error -- 'b' is not a state
      states: { a: { on: { go: { target: 'b' } } } },
    });
    defineLifecycle({
      id: 'bad',
      // @ts-expect-error -- 'z' is not a state
      initial: 'z',
      events: ['go'],
      states: { a: {} },
    });
    defineLifecycle({
      id: 'bad',
      initial: 'a',
      events: ['go'],
      // @ts-expect-error -- 'stop' is not a declared event
      states: { a: { on: { stop: { target: 'a' } } } },
    });
    defineLifecycle({
      id: 'bad',
      initial: 'a',
      events: ['go'],
      // @ts-expect-error -- deadlines fire declared events only
      states: { a: { on: { go: {} }, deadlines: [{ event: 'went', after: { amount: 1, unit: 'day' } }] } },
    });
    const { snapshot } = startLifecycle(door, 0);
    // @ts-expect-error -- 'slam' is not an event of the door
    transitionLifecycle(door, snapshot, { type: 'slam', id: 'x', at: 0 });
    transitionLifecycle(door, snapshot, { type: 'tick', at: 0 });
    // @ts-expect-error -- a machine event needs an id
    transitionLifecycle(door, snapshot, { type: 'open', at: 0 });
  });

  it('types the presets', () => {
    const customers = createCustomerLifecycle();
    expectTypeOf(customers).toEqualTypeOf<LifecycleMachine<CustomerLifecycleState, CustomerLifecycleEvent>>();
    expectTypeOf<CustomerLifecycleState>().toEqualTypeOf<'prospect' | 'new' | 'active' | 'silent' | 'churned' | 'recalled'>();
    const groups = createGroupLifecycle();
    const start = startLifecycle(customers, 0).snapshot;
    // @ts-expect-error -- a group snapshot does not fit the customer machine
    transitionLifecycle(groups, start, { type: 'tick', at: 0 });
    // @ts-expect-error -- 'archive' is a group event, not a customer event
    transitionLifecycle(customers, start, { type: 'archive', id: 'x', at: 0 });
    const result = transitionLifecycle(customers, start, { type: 'friend_added', id: 'e1', at: 0 });
    if (result.ok) {
      expectTypeOf(result.snapshot).toEqualTypeOf<LifecycleSnapshot<CustomerLifecycleState, CustomerLifecycleEvent>>();
      expectTypeOf(result.effects).toEqualTypeOf<readonly LifecycleEffect<CustomerLifecycleState, CustomerLifecycleEvent>[]>();
    } else {
      expectTypeOf(result.reason).toEqualTypeOf<'stale_event' | 'unknown_event' | 'event_not_accepted' | 'guard_blocked' | 'final_state'>();
    }
    const { timeline } = replayLifecycle(customers, [{ type: 'activity', id: 'e1', at: 0 }]);
    expectTypeOf(timeline[0]!.state).toEqualTypeOf<CustomerLifecycleState>();
    expectTypeOf(timeline[0]!.cause).toEqualTypeOf<CustomerLifecycleEvent | 'start' | 'resume'>();
  });
});
