import { describe, expect, it } from 'vitest';
import { isSiyuError } from 'siyu/core';
import {
  canTransition,
  createCustomerLifecycle,
  createMemberLifecycle,
  nextLifecycleDeadline,
  parseLifecycleSnapshot,
  startLifecycle,
  transitionLifecycle,
  type LifecycleSnapshot,
} from 'siyu/lifecycle';

const customers = createCustomerLifecycle();
const t0 = Date.parse('2026-03-02T10:00:00+08:00');
const DAY = 86_400_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function added(): LifecycleSnapshot<(typeof customers.states)[number], (typeof customers.events)[number]> {
  const start = startLifecycle(customers, t0, { subject: 'u1' }).snapshot;
  const result = transitionLifecycle(customers, start, { type: 'friend_added', id: 'e1', at: t0 });
  if (!result.ok) throw new Error('friend_added refused');
  return deepFreeze(result.snapshot);
}

describe('transitionLifecycle', () => {
  it('never changes the snapshot it is given (deep-frozen input works, and equals itself after)', () => {
    const snapshot = added();
    const copy = JSON.parse(JSON.stringify(snapshot));
    const later = transitionLifecycle(customers, snapshot, { type: 'tick', at: t0 + 40 * DAY });
    const acted = transitionLifecycle(customers, snapshot, { type: 'activity', id: 'e2', at: t0 + DAY });
    expect(later.ok && acted.ok).toBe(true);
    expect(snapshot).toEqual(copy);
  });

  it('snapshots are plain JSON: a stored and reloaded snapshot resumes to the same result', () => {
    const snapshot = added();
    const reloaded = parseLifecycleSnapshot(customers, JSON.parse(JSON.stringify(snapshot)));
    expect(reloaded).toEqual(snapshot);
    const a = transitionLifecycle(customers, snapshot, { type: 'tick', at: t0 + 40 * DAY });
    const b = transitionLifecycle(customers, reloaded, { type: 'tick', at: t0 + 40 * DAY });
    expect(b).toEqual(a);
  });

  it('rejects events before the snapshot’s last instant, ticks included', () => {
    const snapshot = added();
    const moved = transitionLifecycle(customers, snapshot, { type: 'tick', at: t0 + DAY });
    if (!moved.ok) throw new Error('tick refused');
    expect(transitionLifecycle(customers, moved.snapshot, { type: 'activity', id: 'late', at: t0 + DAY - 1 })).toEqual({
      ok: false,
      reason: 'stale_event',
      message: 'activity at 2026-03-03T01:59:59.999Z is before the snapshot\'s last instant 2026-03-03T02:00:00.000Z',
    });
    expect(transitionLifecycle(customers, moved.snapshot, { type: 'tick', at: t0 }).ok).toBe(false);
    expect(transitionLifecycle(customers, moved.snapshot, { type: 'tick', at: t0 + DAY }).ok).toBe(true);
  });

  it('is idempotent on event ids at the frontier: the same id again changes nothing', () => {
    const snapshot = added();
    const again = transitionLifecycle(customers, snapshot, { type: 'friend_added', id: 'e1', at: t0 });
    expect(again).toEqual({ ok: true, snapshot, effects: [], duplicate: true });
    const other = transitionLifecycle(customers, snapshot, { type: 'activity', id: 'e2', at: t0 });
    expect(other.ok && other.snapshot.cursor).toEqual({ at: t0, count: 2, ids: ['e1', 'e2'] });
  });

  it('an unknown event name from data is a typed rejection; a malformed event is a SiyuError', () => {
    const snapshot = added();
    expect(transitionLifecycle(customers, snapshot, { type: 'vip_upgrade', id: 'x', at: t0 } as never)).toEqual({
      ok: false,
      reason: 'unknown_event',
      message: 'machine "customer" has no event "vip_upgrade"',
    });
    for (const [event, message] of [
      [null, 'siyu: event: expected an event object'],
      [{ type: 3, id: 'x', at: t0 }, 'siyu: event.type:'],
      [{ type: 'activity', at: t0 }, 'siyu: event.id: expected a non-empty event id'],
      [{ type: 'activity', id: 'x', at: Number.NaN }, 'siyu: event.at: NaN is not a finite number'],
      [{ type: 'activity', id: 'x', at: '2026-03-02 10:00' }, 'siyu: event.at: ISO 8601 string'],
    ] as const) {
      expect(() => transitionLifecycle(customers, snapshot, event as never)).toThrow(message);
    }
  });

  it('a refused event changes nothing, not even time', () => {
    const snapshot = added();
    const refused = transitionLifecycle(customers, snapshot, { type: 'recall_expired', id: 'x', at: t0 + 40 * DAY });
    expect(refused).toEqual({ ok: false, reason: 'event_not_accepted', message: 'state "churned" does not accept "recall_expired"' });
    expect(snapshot.cursor.at).toBe(t0);
  });

  it('canTransition answers without changing anything', () => {
    const snapshot = added();
    expect(canTransition(customers, snapshot, { type: 'activity', id: 'e2', at: t0 + DAY })).toBe(true);
    expect(canTransition(customers, snapshot, { type: 'friend_added', id: 'e3', at: t0 + DAY })).toBe(false);
    expect(canTransition(customers, snapshot, { type: 'tick', at: t0 - 1 })).toBe(false);
    expect(snapshot.cursor).toEqual({ at: t0, count: 1, ids: ['e1'] });
  });

  it('nextLifecycleDeadline tells a scheduler when to tick', () => {
    expect(nextLifecycleDeadline(added())).toEqual({ event: 'new_period_ended', at: t0 + 7 * DAY, key: 0 });
  });

  it('a tampered snapshot is a SiyuError, in parse and in transition', () => {
    const snapshot = added();
    expect(() => transitionLifecycle(customers, { ...snapshot, state: 'vip' } as never, { type: 'tick', at: t0 })).toThrow('siyu: snapshot.state: unknown state "vip"');
    const members = createMemberLifecycle();
    expect(() => transitionLifecycle(members, snapshot as never, { type: 'tick', at: t0 })).toThrow('siyu: snapshot.machine: snapshot of machine "customer", not "member"');
  });
});

describe('parseLifecycleSnapshot', () => {
  const good = JSON.parse(JSON.stringify(added())) as Record<string, unknown>;
  it.each([
    [{ ...good, state: 'vip' }, 'siyu: state: unknown state "vip"'],
    [{ ...good, machine: 'member' }, 'siyu: machine: snapshot of machine "member", not "customer"'],
    [{ ...good, since: Number.NaN }, 'siyu: since:'],
    [{ ...good, since: '2026-03-02' }, 'siyu: since:'],
    [{ ...good, since: t0 + 1 }, 'siyu: since: the state was entered after the cursor'],
    [{ ...good, startedAt: t0 + 1 }, 'siyu: startedAt: the lifecycle started after'],
    [{ ...good, extra: 1 }, 'siyu: extra: unknown key'],
    [{ ...good, context: { ...(good['context'] as object), vip: true } }, 'siyu: context.vip: unknown context field'],
    [{ ...good, deadlines: [{ event: 'silence', at: t0 + DAY, key: 0 }] }, 'siyu: deadlines[0]: state "new" has no deadline 0 for "silence"'],
    [{ ...good, deadlines: [{ event: 'new_period_ended', at: t0 + DAY, key: 3 }] }, 'siyu: deadlines[0]: state "new" has no deadline 3'],
    [{ ...good, deadlines: [{ event: 'new_period_ended', at: t0 - 1, key: 0 }] }, 'siyu: deadlines[0].at: a pending deadline lies before the cursor'],
    [{ ...good, cursor: { at: t0, count: -1, ids: [] } }, 'siyu: cursor.count:'],
    [JSON.parse(`{"__proto__": {"state": "x"}, ${JSON.stringify(good).slice(1)}`), 'siyu: __proto__: forbidden key'],
    [[], 'siyu: (root):'],
  ])('rejects %#', (input, message) => {
    let error: unknown;
    try {
      parseLifecycleSnapshot(customers, input);
    } catch (e) {
      error = e;
    }
    expect(isSiyuError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as { code: string }).code).toBe('invalid_snapshot');
  });
});
