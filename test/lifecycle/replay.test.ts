import { describe, expect, it } from 'vitest';
import { buildEventTable, type ActivityEvent } from 'siyu/core';
import {
  createCustomerLifecycle,
  createGroupLifecycle,
  defineLifecycle,
  lifecycleEventOf,
  replayLifecycle,
  replayLifecycleActivities,
  replayLifecycleTable,
  startLifecycle,
  type LifecycleTimelineSegment,
} from 'siyu/lifecycle';

const customers = createCustomerLifecycle();
const DAY = 86_400_000;
const t0 = Date.parse('2026-03-02T10:00:00+08:00');

describe('replayLifecycle', () => {
  it('takes events in time order, stable for equal instants, and skips an id seen before', () => {
    const { timeline, snapshot } = replayLifecycle(customers, [
      { type: 'activity', id: 'e2', at: t0 + DAY },
      { type: 'friend_added', id: 'e1', at: t0 },
      { type: 'activity', id: 'e2', at: t0 + 2 * DAY },
    ]);
    expect(timeline.map((s) => s.state)).toEqual(['prospect', 'new']);
    expect(snapshot.context['lastActiveAt']).toBe(t0 + DAY);
    expect(snapshot.cursor).toEqual({ at: t0 + DAY, count: 2, ids: ['e2'] });
  });

  it('reports refused and unknown events and still moves time to them; ticks in the history move time', () => {
    const result = replayLifecycle(customers, [
      { type: 'friend_added', id: 'e1', at: t0 },
      { type: 'tick', at: t0 + 8 * DAY },
      { type: 'vip' as never, id: 'e2', at: t0 + 9 * DAY },
      { type: 'recall_expired', id: 'e3', at: t0 + 40 * DAY },
    ]);
    expect(result.rejected).toEqual([
      { event: { type: 'vip', id: 'e2', at: t0 + 9 * DAY }, reason: 'unknown_event' },
      { event: { type: 'recall_expired', id: 'e3', at: t0 + 40 * DAY }, reason: 'event_not_accepted' },
    ]);
    expect(result.snapshot.state).toBe('churned');
    expect(result.snapshot.cursor.at).toBe(t0 + 40 * DAY);
  });

  it('stops at `until`, leaving later events out, and can resume from the snapshot with the same outcome', () => {
    const history = [
      { type: 'friend_added' as const, id: 'e1', at: t0 },
      { type: 'activity' as const, id: 'e2', at: t0 + 3 * DAY },
      { type: 'activity' as const, id: 'e3', at: t0 + 20 * DAY },
      { type: 'activity' as const, id: 'e4', at: t0 + 45 * DAY },
    ];
    const whole = replayLifecycle(customers, history, { until: t0 + 60 * DAY });
    const first = replayLifecycle(customers, history, { until: t0 + 15 * DAY });
    expect(first.snapshot.cursor.at).toBe(t0 + 15 * DAY);
    expect(first.snapshot.state).toBe('silent');
    const second = replayLifecycle(customers, history, { snapshot: first.snapshot, until: t0 + 60 * DAY });
    expect(second.snapshot).toEqual(whole.snapshot);
    expect(second.rejected.map((r) => r.reason)).toEqual(['stale_event', 'stale_event']);
    expect(second.timeline[0]).toEqual({ state: 'silent', from: first.snapshot.since, to: t0 + 20 * DAY, cause: 'resume' });
    const stitched: LifecycleTimelineSegment[] = [...first.timeline.slice(0, -1), { ...first.timeline[first.timeline.length - 1], to: second.timeline[0]?.to } as LifecycleTimelineSegment, ...second.timeline.slice(1)];
    expect(stitched).toEqual(whole.timeline);
  });

  it('effects can be turned off for analytics; an empty history needs a start', () => {
    expect(replayLifecycle(customers, [{ type: 'friend_added', id: 'e1', at: t0 }], { effects: false }).effects).toEqual([]);
    expect(() => replayLifecycle(customers, [])).toThrow('siyu: start: an empty history needs options.start or options.snapshot');
    expect(replayLifecycle(customers, [], { start: t0, context: { friendAddedAt: 1 } }).snapshot.context['friendAddedAt']).toBe(1);
    expect(() => replayLifecycle(customers, [], { start: t0, context: { vip: 1 } })).toThrow('siyu: context.vip: unknown context field');
    expect(() => replayLifecycle(customers, [{ type: 'friend_added', id: 'e1', at: 'soon' }])).toThrow('siyu: [0].at:');
  });

  it('lifecycleEventOf keeps the amount and props of an activity', () => {
    expect(lifecycleEventOf(customers, { id: 'o1', userId: 'u1', type: 'purchase', at: 5, amount: 990, props: { sku: 'A' } })).toEqual({
      type: 'activity',
      id: 'o1',
      at: 5,
      amount: 990,
      props: { sku: 'A' },
    });
    expect(replayLifecycleActivities(customers, [], { start: t0 }).snapshot.subject).toBeUndefined();
  });
});

describe('replayLifecycleTable', () => {
  const rows: ActivityEvent[] = [
    { id: 'a1', userId: 'u1', type: 'add_friend', at: t0 },
    { id: 'b1', userId: 'u2', type: 'page_view', at: t0 },
    { id: 'c1', userId: 'u3', type: 'add_friend', at: t0 + DAY },
    { id: 'a2', userId: 'u1', type: 'message', at: t0 + 2 * DAY },
    { id: 'c2', userId: 'u3', type: 'purchase', at: t0 + 3 * DAY, amount: 5_000 },
    { id: 'c2', userId: 'u3', type: 'purchase', at: t0 + 3 * DAY, amount: 5_000 },
    { id: 'a3', userId: 'u1', type: 'message', at: t0 + 50 * DAY },
    { id: 'c3', userId: 'u3', type: 'lead_seen', at: t0 + 60 * DAY },
  ];

  it('gives every subject the timeline replayLifecycleActivities gives it', () => {
    const until = t0 + 55 * DAY;
    const table = replayLifecycleTable(customers, buildEventTable(rows), { until });
    expect(table.subjectIds).toEqual(['u1', 'u3']);
    expect(table.refused).toBe(1);
    for (const [s, user] of table.subjectIds.entries()) {
      const expected = replayLifecycleActivities(customers, rows.filter((r) => r.userId === user), { until }).timeline;
      const segments: LifecycleTimelineSegment[] = [];
      for (let i = 0; i < table.length; i++) {
        if (table.subject[i] !== s) continue;
        const to = table.to[i] as number;
        segments.push({ state: table.stateNames[table.state[i] as number] as string, from: table.from[i] as number, to: Number.isNaN(to) ? null : to, cause: table.causeNames[table.cause[i] as number] as string });
      }
      expect(segments).toEqual(expected);
      expect(table.stateNames[table.finalState[s] as number]).toBe(expected[expected.length - 1]?.state);
    }
  });

  it('without until, each subject stops at its last event', () => {
    const table = replayLifecycleTable(customers, buildEventTable(rows));
    expect(Array.from(table.finalState, (s) => table.stateNames[s])).toEqual(['recalled', 'churned']);
    expect(replayLifecycleTable(customers, buildEventTable([])).length).toBe(0);
  });

  it('reads props from a table built with keepProps (group activity rates)', () => {
    const groups = createGroupLifecycle({ decliningAfterDays: 2 });
    const events: ActivityEvent[] = [
      { id: 'g0', userId: 'g', type: 'ceremony_started', at: t0 },
      { id: 'g1', userId: 'g', type: 'group_daily_activity', at: t0 + 4 * DAY, props: { rate: 0.01 } },
      { id: 'g2', userId: 'g', type: 'group_daily_activity', at: t0 + 5 * DAY, props: { rate: 0.01 } },
    ];
    const table = replayLifecycleTable(groups, buildEventTable(events, { keepProps: true }));
    expect(table.stateNames[table.finalState[0] as number]).toBe('declining');
    expect(startLifecycle(groups, t0).snapshot.state).toBe('created');
  });
});

describe('replayLifecycleTable at volume', () => {
  it('grows its columns past the first guess: a heartbeat machine re-entering every hour from one row', () => {
    const heartbeat = defineLifecycle({
      id: 'heartbeat',
      initial: 'alive',
      events: ['beat', 'pulse'],
      activityTypes: { ping: 'beat' },
      states: { alive: { on: { beat: {}, pulse: { target: 'alive' } }, deadlines: [{ event: 'pulse', after: { amount: 1, unit: 'hour' } }] } },
    });
    const table = replayLifecycleTable(heartbeat, buildEventTable([{ id: 'p', userId: 'x', type: 'ping', at: 0 }]), { until: 100 * 3_600_000 });
    expect(table.length).toBe(101);
    expect(Array.from(table.from.slice(98))).toEqual([98 * 3_600_000, 99 * 3_600_000, 100 * 3_600_000]);
    expect(table.causeNames[table.cause[100] as number]).toBe('pulse');
    expect(Number.isNaN(table.to[100])).toBe(true);
  });
});
