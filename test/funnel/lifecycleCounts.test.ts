import { describe, expect, it } from 'vitest';
import { buildEventTable, isSiyuError, type ActivityEvent } from 'siyu/core';
import { computeLifecycleCounts, createLifecycleCountsAggregate, parseLifecycleCountsDefinition } from 'siyu/funnel';

const at = (local: string): number => Date.parse(`${local}+08:00`);
let n = 0;
const msg = (userId: string, local: string): ActivityEvent => ({ id: `m${++n}`, userId, type: 'message', at: at(local) });

// Weeks (Monday start) W0 = Oct 26, W1 = Nov 2, W2 = Nov 9, W3 = Nov 16, in Asia/Shanghai.
const events: ActivityEvent[] = [
  msg('u5', '2026-11-01T23:30:00'), // W0
  msg('u1', '2026-11-03T00:10:00'), // W1 (UTC Nov 2)
  msg('u2', '2026-11-04T07:00:00'), // W1
  msg('u1', '2026-11-09T23:50:00'), // W2
  msg('u3', '2026-11-10T12:00:00'), // W2
  msg('u3', '2026-11-16T00:05:00'), // W3 (UTC: Sunday Nov 15, W2)
  msg('u5', '2026-11-16T00:30:00'), // W3 (UTC: W2)
];
const def = { activeEvent: { type: 'message' }, period: 'week' as const, range: { from: '2026-11-02', to: '2026-11-22' } };
const quads = (r: { rows: readonly { new: number; returning: number; resurrecting: number; dormant: number }[] }): number[][] =>
  r.rows.map((x) => [x.new, x.returning, x.resurrecting, x.dormant]);

describe('lifecycle counts worked by hand (Asia/Shanghai, weekly)', () => {
  it('first activity as "new"', () => {
    const r = computeLifecycleCounts(def, events);
    expect(r.rows.map((x) => x.period)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(quads(r)).toEqual([
      [2, 0, 0, -1], // W1: u1, u2 new; u5 (active W0) dormant
      [1, 1, 0, -1], // W2: u3 new, u1 returning; u2 dormant
      [0, 1, 1, -1], // W3: u3 returning, u5 resurrecting; u1 dormant
    ]);
  });
  it('in UTC the week boundaries move the late-night messages', () => {
    const r = computeLifecycleCounts({ ...def, timeZone: 'UTC' }, events);
    expect(quads(r)).toEqual([
      [2, 0, 0, -1], // W1: u1 (Nov 2 UTC), u2 new; u5 (Nov 1 UTC = W0) dormant
      [1, 1, 1, -1], // W2: u3 new, u1 returning, u5 resurrecting (Nov 15 UTC); u2 dormant
      [0, 0, 0, -3], // W3: nobody; u1, u3, u5 dormant
    ]);
  });
  it('a caller-supplied join time decides "new"', () => {
    const r = computeLifecycleCounts(def, events, { joinedAt: { u2: at('2026-10-28T10:00:00'), u3: at('2026-11-09T01:00:00') } });
    expect(quads(r)).toEqual([
      [1, 0, 1, -1], // u2 joined in W0, first active in W1: resurrecting, as PostHog
      [1, 1, 0, -1],
      [0, 1, 1, -1],
    ]);
    expect(() => computeLifecycleCounts(def, events, { joinedAt: { u1: Number.NaN } })).toThrow(/siyu: joinedAt\.u1: must be epoch milliseconds/);
  });
  it('daily periods, EventTable input, merged shards', () => {
    const d = { ...def, period: 'day' as const, range: { from: '2026-11-02', to: '2026-11-16' } };
    const one = computeLifecycleCounts(d, events);
    expect(computeLifecycleCounts(d, buildEventTable(events))).toEqual(one);
    const agg = createLifecycleCountsAggregate(d);
    const merged = agg.merge(agg.add(agg.init(), events.filter((e) => e.userId === 'u1')), agg.add(agg.init(), events.filter((e) => e.userId !== 'u1')));
    expect(agg.finish(merged)).toEqual(one);
    expect(one.rows.reduce((s, x) => s + x.new, 0)).toBe(3); // u5's first day (Nov 1) is before the range
    expect(() => agg.merge(merged, { counts: [] })).toThrow(/another definition/);
  });
  it('monthly periods', () => {
    const r = computeLifecycleCounts({ ...def, period: 'month', range: { from: '2026-10-01', to: '2026-11-30' } }, events);
    expect(quads(r)).toEqual([
      [0, 0, 0, 0], // everyone's first message is in November
      [4, 0, 0, 0],
    ]);
    expect(r.rows[1]?.start).toBe(at('2026-11-01T00:00:00'));
  });
});

describe('bad lifecycle definitions', () => {
  const fail = (input: unknown): string => {
    try {
      parseLifecycleCountsDefinition(input);
    } catch (e) {
      expect(isSiyuError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a SiyuError');
  };
  it('names the path', () => {
    expect(fail({ ...def, period: 'quarter' })).toMatch(/^siyu: period: /);
    expect(fail({ ...def, activeEvent: { type: 3 } })).toMatch(/^siyu: activeEvent\.type: /);
    expect(fail({ ...def, range: { from: '2026-11-02' } })).toMatch(/^siyu: range\.to: /);
    expect(fail({ ...def, extra: true })).toMatch(/^siyu: extra: unknown key/);
    expect(fail(JSON.parse('{"activeEvent":{"type":"m","__proto__":{}},"period":"day","range":{"from":"2026-11-02","to":"2026-11-03"}}'))).toMatch(
      /^siyu: activeEvent\.__proto__: forbidden key/,
    );
  });
});
