import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventTable, type ActivityEvent } from 'siyu/core';
import { computeGroupHealth, createGroupHealthAggregate, parseGroupHealthDefinition } from 'siyu/funnel';

const at = (local: string): number => Date.parse(`${local}+08:00`);
let n = 0;
const ev = (userId: string, type: string, local: string, groupId = 'g1'): ActivityEvent => ({ id: `h${++n}`, userId, type, at: at(local), props: { groupId } });
const inGroup = { field: 'props.groupId', op: 'eq' as const, value: 'g1' };
const def = {
  joinEvent: { type: 'join_group', where: inGroup },
  leaveEvent: { type: 'leave_group', where: inGroup },
  activeEvent: { type: 'message', where: inGroup },
  period: 'day' as const,
  range: { from: '2026-11-02', to: '2026-11-04' },
};
const events = [
  ev('u1', 'join_group', '2026-11-02T00:30:00'), // UTC: Nov 1
  ev('u2', 'join_group', '2026-11-02T10:00:00'),
  ev('u3', 'join_group', '2026-11-02T11:00:00', 'g2'), // another group
  ev('u1', 'message', '2026-11-02T12:00:00'),
  ev('u3', 'message', '2026-11-02T12:00:00'), // not a member of g1
  ev('u2', 'message', '2026-11-03T00:20:00'), // UTC: Nov 2
  ev('u2', 'leave_group', '2026-11-03T09:00:00'),
  ev('u2', 'message', '2026-11-03T10:00:00'), // after leaving: not counted
  ev('u4', 'join_group', '2026-11-04T08:00:00'),
  ev('u4', 'message', '2026-11-04T08:00:00'), // same instant as the join: counts
];
const rows = (r: ReturnType<typeof computeGroupHealth>): number[][] => r.rows.map((x) => [x.members, x.joined, x.left, x.active]);

describe('group health worked by hand (Asia/Shanghai)', () => {
  it('members, joins, leaves, active members per day', () => {
    const r = computeGroupHealth(def, events);
    expect(r.rows.map((x) => x.period)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04']);
    expect(rows(r)).toEqual([
      [2, 2, 0, 1],
      [2, 0, 1, 1],
      [2, 1, 0, 1],
    ]);
    expect(r.rows.map((x) => x.activityRate)).toEqual([0.5, 0.5, 0.5]);
    expect(r.rows.map((x) => x.churnRate)).toEqual([0, 0.5, 0]);
  });
  it('UTC days differ', () => {
    expect(rows(computeGroupHealth({ ...def, timeZone: 'UTC' }, events))).toEqual([
      [2, 1, 0, 2], // u1 joined Nov 1 UTC; u1 and u2 both message on Nov 2 UTC
      [2, 0, 1, 0],
      [2, 1, 0, 1],
    ]);
  });
  it('input order, table input, shards', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: events.length, maxLength: events.length }), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 5, maxLength: 5 }), (keys, shardOf) => {
        const shuffled = events.map((e, i) => [keys[i] ?? 0, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        const whole = computeGroupHealth(def, events);
        expect(computeGroupHealth(def, shuffled)).toEqual(whole);
        expect(computeGroupHealth(def, buildEventTable(shuffled, { keepProps: true }))).toEqual(whole);
        const agg = createGroupHealthAggregate(def);
        const parts = [0, 1].map((s) => agg.add(agg.init(), shuffled.filter((e) => shardOf[Number(e.userId.slice(1))] === s)));
        expect(agg.finish(agg.merge(parts[1] ?? agg.init(), parts[0] ?? agg.init()))).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });
  it('without a leave event; bad states and definitions', () => {
    const { leaveEvent: _unused, ...noLeave } = def;
    expect(rows(computeGroupHealth(noLeave, events))).toEqual([
      [2, 2, 0, 1],
      [2, 0, 0, 1],
      [3, 1, 0, 1],
    ]);
    const agg = createGroupHealthAggregate(def);
    expect(() => agg.finish({ counts: [] })).toThrow(/another definition/);
    expect(() => parseGroupHealthDefinition({ ...def, period: 'hour' })).toThrow(/^siyu: period: /);
    expect(() => parseGroupHealthDefinition({ ...def, leaveEvent: { type: 'leave_group', where: { field: 'x', op: 'bad' } } })).toThrow(/^siyu: leaveEvent\.where/);
  });
});
