import { describe, expect, it } from 'vitest';
import { buildEventTable, isSiyuError, type ActivityEvent } from 'siyu/core';
import { computeStickiness, createStickinessAggregate, parseStickinessDefinition } from 'siyu/funnel';

const at = (local: string): number => Date.parse(`${local}+08:00`);
let n = 0;
const checkIn = (userId: string, local: string): ActivityEvent => ({ id: `c${++n}`, userId, type: 'check_in', at: at(local) });
const events = [
  checkIn('u1', '2026-11-02T00:30:00'), // UTC Nov 1: outside the range in UTC
  checkIn('u1', '2026-11-02T20:00:00'),
  checkIn('u1', '2026-11-03T09:00:00'),
  checkIn('u1', '2026-11-08T23:59:00'),
  checkIn('u2', '2026-11-05T12:00:00'),
  checkIn('u3', '2026-11-09T00:10:00'), // next week; UTC Nov 8
  { id: 'x', userId: 'u4', type: 'message', at: at('2026-11-04T12:00:00') },
];
const def = { activeEvent: { type: 'check_in' }, period: 'day' as const, range: { from: '2026-11-02', to: '2026-11-08' } };

describe('stickiness', () => {
  it('counts active days per user within the range (Asia/Shanghai)', () => {
    const r = computeStickiness(def, events);
    expect(r.periodCount).toBe(7);
    expect(r.users).toBe(2);
    expect(r.rows.slice(0, 4)).toEqual([
      { periods: 1, exactly: 1, atLeast: 2 },
      { periods: 2, exactly: 0, atLeast: 1 },
      { periods: 3, exactly: 1, atLeast: 1 },
      { periods: 4, exactly: 0, atLeast: 0 },
    ]);
  });
  it('differs in UTC', () => {
    const r = computeStickiness({ ...def, timeZone: 'UTC' }, events);
    // u1: Nov 2, 3, 8 → 3 days; u2: 1; u3: Nov 8 → 1.
    expect(r.rows.map((x) => x.exactly)).toEqual([2, 0, 1, 0, 0, 0, 0]);
  });
  it('weekly; table input; merged shards', () => {
    const w = { ...def, period: 'week' as const, range: { from: '2026-11-02', to: '2026-11-15' } };
    const one = computeStickiness(w, events);
    expect(one.rows.map((x) => x.exactly)).toEqual([3, 0]);
    expect(computeStickiness(w, buildEventTable(events))).toEqual(one);
    const agg = createStickinessAggregate(w);
    expect(agg.finish(agg.merge(agg.add(agg.init(), events.slice(0, 4)), agg.add(agg.init(), events.slice(4))))).toEqual(one);
    expect(() => agg.finish({ exactly: [1] })).toThrow(/another definition/);
  });
  it('rejects bad definitions with a path', () => {
    expect(() => parseStickinessDefinition({ ...def, period: 'fortnight' })).toThrow(/^siyu: period: /);
    try {
      parseStickinessDefinition({ ...def, weekStart: 8 });
      expect.unreachable();
    } catch (e) {
      expect(isSiyuError(e)).toBe(true);
      expect((e as Error).message).toMatch(/^siyu: weekStart/);
    }
  });
});
