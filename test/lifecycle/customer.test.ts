import { describe, expect, it } from 'vitest';
import { instantFromLocal, isSiyuError } from 'siyu/core';
import {
  createCustomerLifecycle,
  parseCustomerLifecycleConfig,
  replayLifecycle,
  replayLifecycleActivities,
  startLifecycle,
  transitionLifecycle,
  type LifecycleSnapshot,
  type CustomerLifecycleEvent,
  type CustomerLifecycleState,
} from 'siyu/lifecycle';

type Snap = LifecycleSnapshot<CustomerLifecycleState, CustomerLifecycleEvent>;

/** Local wall time in a zone → epoch ms. */
function local(zone: string, month: number, day: number, hour = 10, minute = 0): number {
  return instantFromLocal({ year: 2026, month, day, hour, minute }, zone);
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

describe.each(['Asia/Shanghai', 'America/New_York'])('customer lifecycle, the issue timeline in %s', (zone) => {
  const customers = createCustomerLifecycle({ timeZone: zone, sopTemplates: { silent: 'wake-up-7d', churned: 'win-back' } });
  const at = (month: number, day: number, hour = 10) => local(zone, month, day, hour);
  const history = [
    { type: 'friend_added' as const, id: 'e1', at: at(3, 2) },
    { type: 'activity' as const, id: 'e2', at: at(3, 3) },
    { type: 'activity' as const, id: 'e3', at: at(3, 5) },
    { type: 'activity' as const, id: 'e4', at: at(4, 10) },
    { type: 'activity' as const, id: 'e5', at: at(4, 15) },
  ];

  it('friend added 03-02 10:00, messages 03-03 and 03-05, then silent 03-12 10:00, churned 04-04 10:00, recalled 04-10, active 04-15', () => {
    const { timeline, rejected } = replayLifecycle(customers, history, { subject: 'u1' });
    expect(rejected).toEqual([]);
    expect(timeline).toEqual([
      { state: 'prospect', from: at(3, 2), to: at(3, 2), cause: 'start' },
      { state: 'new', from: at(3, 2), to: at(3, 9), cause: 'friend_added' },
      { state: 'active', from: at(3, 9), to: at(3, 12), cause: 'new_period_ended' },
      { state: 'silent', from: at(3, 12), to: at(4, 4), cause: 'silence' },
      { state: 'churned', from: at(4, 4), to: at(4, 10), cause: 'churn' },
      { state: 'recalled', from: at(4, 10), to: at(4, 15), cause: 'activity' },
      { state: 'active', from: at(4, 15), to: null, cause: 'activity' },
    ]);
  });

  it('a tick 40 days later on an active customer passes through silent at day 7 and churned at day 30, each at its own instant', () => {
    const start = startLifecycle(customers, at(3, 2), { subject: 'u1' }).snapshot;
    let snapshot: Snap = ok(transitionLifecycle(customers, start, history[0] as (typeof history)[0])).snapshot;
    snapshot = ok(transitionLifecycle(customers, snapshot, history[1] as (typeof history)[1])).snapshot;
    snapshot = ok(transitionLifecycle(customers, snapshot, { type: 'tick', at: at(3, 9) })).snapshot;
    expect(snapshot.state).toBe('active');
    snapshot = ok(transitionLifecycle(customers, snapshot, { type: 'activity', id: 'e9', at: at(3, 9, 12) })).snapshot;
    expect(snapshot.state).toBe('active');
    const result = ok(transitionLifecycle(customers, snapshot, { type: 'tick', at: at(4, 18, 12) }));
    expect(result.snapshot.state).toBe('churned');
    expect(result.snapshot.since).toBe(at(4, 8, 12));
    expect(result.effects).toEqual([
      { type: 'exitedState', state: 'active', to: 'silent', cause: 'silence', at: at(3, 16, 12), subject: 'u1' },
      { type: 'enteredState', state: 'silent', from: 'active', cause: 'silence', at: at(3, 16, 12), subject: 'u1' },
      { type: 'startSop', templateId: 'wake-up-7d', state: 'silent', at: at(3, 16, 12), subject: 'u1' },
      { type: 'exitedState', state: 'silent', to: 'churned', cause: 'churn', at: at(4, 8, 12), subject: 'u1' },
      { type: 'enteredState', state: 'churned', from: 'silent', cause: 'churn', at: at(4, 8, 12), subject: 'u1' },
      { type: 'startSop', templateId: 'win-back', state: 'churned', at: at(4, 8, 12), subject: 'u1' },
    ]);
    expect(result.snapshot.cursor).toEqual({ at: at(4, 18, 12), count: 3, ids: [] });
    expect(result.snapshot.deadlines).toEqual([]);
  });

  it('the same history as activity events, through the activity-type map', () => {
    const rows = [
      { id: 'a1', userId: 'u9', type: 'add_friend', at: at(3, 2) },
      { id: 'a2', userId: 'u9', type: 'page_view', at: at(3, 3) },
      { id: 'a3', userId: 'u9', type: 'message', at: at(3, 3) },
      { id: 'a4', userId: 'u9', type: 'purchase', at: at(3, 5), amount: 12_800 },
    ];
    const { snapshot, timeline } = replayLifecycleActivities(customers, rows, { until: at(4, 5) });
    expect(snapshot.subject).toBe('u9');
    expect(snapshot.context).toEqual({ idleSince: at(3, 5), lastActiveAt: at(3, 5), friendAddedAt: at(3, 2) });
    expect(timeline.map((s) => s.state)).toEqual(['prospect', 'new', 'active', 'silent', 'churned']);
  });
  it('the issue timeline written as messages: ActivityEvent rows through the activity-type map', () => {
    const rows = [
      { id: 'a1', userId: 'u1', type: 'add_friend', at: at(3, 2) },
      { id: 'a2', userId: 'u1', type: 'message', at: at(3, 3) },
      { id: 'a3', userId: 'u1', type: 'message', at: at(3, 5) },
      { id: 'a4', userId: 'u1', type: 'message', at: at(4, 10) },
      { id: 'a5', userId: 'u1', type: 'message', at: at(4, 15) },
    ];
    const { timeline } = replayLifecycleActivities(customers, rows);
    expect(timeline.map((s) => [s.state, s.from])).toEqual([
      ['prospect', at(3, 2)],
      ['new', at(3, 2)],
      ['active', at(3, 9)],
      ['silent', at(3, 12)],
      ['churned', at(4, 4)],
      ['recalled', at(4, 10)],
      ['active', at(4, 15)],
    ]);
  });
});

describe('customer lifecycle, other paths', () => {
  const customers = createCustomerLifecycle();
  const zone = 'Asia/Shanghai';
  const at = (month: number, day: number, hour = 10) => local(zone, month, day, hour);

  it('a silent customer who comes back is active again (not recalled)', () => {
    const { timeline } = replayLifecycle(customers, [
      { type: 'friend_added', id: 'e1', at: at(3, 2) },
      { type: 'activity', id: 'e2', at: at(3, 20) },
    ]);
    expect(timeline.map((s) => [s.state, s.cause])).toEqual([
      ['prospect', 'start'],
      ['new', 'friend_added'],
      ['silent', 'new_period_ended'],
      ['active', 'activity'],
    ]);
    expect(timeline[2]?.from).toBe(at(3, 9));
  });

  it('a recalled customer with no second activity within 14 days churns again', () => {
    const { timeline } = replayLifecycle(
      customers,
      [
        { type: 'friend_added', id: 'e1', at: at(1, 5) },
        { type: 'activity', id: 'e2', at: at(4, 10) },
      ],
      { until: at(5, 1) },
    );
    expect(timeline.slice(-3)).toEqual([
      { state: 'churned', from: at(2, 4), to: at(4, 10), cause: 'churn' },
      { state: 'recalled', from: at(4, 10), to: at(4, 24), cause: 'activity' },
      { state: 'churned', from: at(4, 24), to: null, cause: 'recall_expired' },
    ]);
  });

  it('a new period longer than churnedAfter ends straight in churned', () => {
    const slow = createCustomerLifecycle({ newFor: { amount: 40, unit: 'day' } });
    const { timeline } = replayLifecycle(slow, [{ type: 'friend_added', id: 'e1', at: at(3, 2) }], { until: at(5, 1) });
    expect(timeline.map((s) => s.state)).toEqual(['prospect', 'new', 'churned']);
    expect(timeline[2]?.from).toBe(at(4, 11));
  });

  it('friend deleted or every group left churns at once; churned ignores further deletions; a new friend-add recalls', () => {
    const { timeline, rejected } = replayLifecycle(customers, [
      { type: 'lead_seen', id: 'e0', at: at(2, 28) },
      { type: 'friend_added', id: 'e1', at: at(3, 2) },
      { type: 'activity', id: 'e2', at: at(3, 3) },
      { type: 'friend_deleted', id: 'e3', at: at(3, 4) },
      { type: 'left_all_groups', id: 'e4', at: at(3, 4, 11) },
      { type: 'friend_added', id: 'e5', at: at(3, 6) },
      { type: 'left_all_groups', id: 'e6', at: at(3, 7) },
    ]);
    expect(rejected).toEqual([]);
    expect(timeline.map((s) => [s.state, s.cause])).toEqual([
      ['prospect', 'start'],
      ['new', 'friend_added'],
      ['churned', 'friend_deleted'],
      ['recalled', 'friend_added'],
      ['churned', 'left_all_groups'],
    ]);
  });

  it('a prospect who acts before becoming a friend is refused, and the refusal is reported', () => {
    const { rejected, snapshot } = replayLifecycle(customers, [
      { type: 'lead_seen', id: 'e0', at: at(3, 1) },
      { type: 'activity', id: 'e1', at: at(3, 1, 11) },
    ]);
    expect(rejected).toEqual([{ event: { type: 'activity', id: 'e1', at: at(3, 1, 11) }, reason: 'event_not_accepted' }]);
    expect(snapshot.state).toBe('prospect');
    expect(snapshot.cursor.at).toBe(at(3, 1, 11));
  });

  it('an activity at the very instant a deadline falls comes after it', () => {
    const { timeline } = replayLifecycle(customers, [
      { type: 'friend_added', id: 'e1', at: at(3, 2) },
      { type: 'activity', id: 'e2', at: at(3, 5) },
      { type: 'activity', id: 'e3', at: at(3, 12) },
    ]);
    expect(timeline.slice(-2).map((s) => [s.state, s.from])).toEqual([
      ['silent', at(3, 12)],
      ['active', at(3, 12)],
    ]);
  });

  it('DST: in New York, 7 local days after 03-05 10:00 EST is 03-12 10:00 EDT (167 hours)', () => {
    const ny = createCustomerLifecycle({ timeZone: 'America/New_York' });
    const from = local('America/New_York', 3, 5);
    const { timeline } = replayLifecycle(ny, [
      { type: 'friend_added', id: 'e1', at: local('America/New_York', 3, 2) },
      { type: 'activity', id: 'e2', at: from },
    ], { until: local('America/New_York', 3, 20) });
    const silent = timeline.find((s) => s.state === 'silent');
    expect(silent?.from).toBe(Date.parse('2026-03-12T14:00:00Z'));
    expect(((silent?.from ?? 0) - from) / 3_600_000).toBe(167);
  });
});

describe('customer lifecycle config', () => {
  it('fills documented defaults', () => {
    const config = parseCustomerLifecycleConfig();
    expect(config).toMatchObject({
      id: 'customer',
      timeZone: 'Asia/Shanghai',
      newFor: { amount: 7, unit: 'day' },
      silentAfter: { amount: 7, unit: 'day' },
      churnedAfter: { amount: 30, unit: 'day' },
      recallWindow: { amount: 14, unit: 'day' },
      friendAddedTypes: ['add_friend'],
      activityTypes: ['message', 'purchase', 'check_in'],
    });
  });

  it.each([
    [{ silentAfter: 7 }, 'siyu: silentAfter:'],
    [{ silentAfter: { amount: 0, unit: 'day' } }, 'siyu: silentAfter: must be a positive duration'],
    [{ silentAfter: { amount: Number.NaN, unit: 'day' } }, 'siyu: silentAfter.amount:'],
    [{ churnedAfter: { amount: 7, unit: 'day' } }, 'siyu: churnedAfter: must be longer than silentAfter'],
    [{ colour: 'red' }, 'siyu: colour: unknown key'],
    [{ timeZone: 'Mars/Base' }, 'siyu: timeZone: unknown IANA time zone'],
    [{ activityTypes: 'message' }, 'siyu: activityTypes:'],
    [{ sopTemplates: { vip: 'x' } }, 'siyu: sopTemplates'],
    [{ friendDeletedTypes: ['message'] }, 'siyu: friendDeletedTypes[0]: "message" is already in activityTypes'],
    [JSON.parse('{"__proto__": {"silentAfter": 1}}'), 'siyu: __proto__: forbidden key'],
    ['customer', 'siyu: (root):'],
  ])('rejects %j', (input, message) => {
    let error: unknown;
    try {
      createCustomerLifecycle(input as never);
    } catch (e) {
      error = e;
    }
    expect(isSiyuError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
