import { describe, expect, it } from 'vitest';
import { buildEventTable, isSiyuError, type ActivityEvent } from 'siyu/core';
import { computeRetention, createRetentionAggregate, parseRetentionDefinition } from 'siyu/funnel';

// Two weeks in Asia/Shanghai, Monday 2026-11-02 to Sunday 2026-11-15. Several events sit just
// after local midnight, where the UTC date (and even the UTC week) is the day before.
const at = (local: string): number => Date.parse(`${local}+08:00`);
let n = 0;
const ev = (userId: string, type: string, local: string): ActivityEvent => ({ id: `r${++n}`, userId, type, at: at(local) });
const events: ActivityEvent[] = [
  ev('u1', 'join_group', '2026-11-02T00:30:00'), // UTC: Sunday 2026-11-01 16:30 — the week before
  ev('u1', 'message', '2026-11-03T00:10:00'), //   UTC: 2026-11-02
  ev('u1', 'message', '2026-11-09T23:50:00'),
  ev('u2', 'join_group', '2026-11-02T23:00:00'),
  ev('u2', 'message', '2026-11-04T07:00:00'), //   UTC: 2026-11-03 23:00
  ev('u3', 'join_group', '2026-11-09T01:00:00'), // UTC: Sunday 2026-11-08 17:00 — week 1 in UTC
  ev('u3', 'message', '2026-11-10T12:00:00'),
  ev('u3', 'message', '2026-11-16T00:05:00'), //   UTC: Sunday 2026-11-15 — week 2 in UTC
  ev('u4', 'join_group', '2026-11-10T08:00:00'),
];
const base = { startEvent: { type: 'join_group' }, returnEvent: { type: 'message' } } as const;

describe('retention worked by hand (Asia/Shanghai)', () => {
  it('weekly, first time, on', () => {
    const r = computeRetention({ ...base, period: 'week', range: { from: '2026-11-02', to: '2026-11-15' }, periods: 1 }, events);
    expect(r.cohorts.map((c) => [c.cohort, ...c.counts])).toEqual([
      ['2026-11-02', 2, 1], // u1, u2; u1 back on 11-09
      ['2026-11-09', 2, 1], // u3, u4; u3 back on 11-16
    ]);
    expect(r.cohorts[0]?.start).toBe(at('2026-11-02T00:00:00'));
    expect(r.cohorts.map((c) => c.rates)).toEqual([
      [1, 0.5],
      [1, 0.5],
    ]);
    expect(r.meanRates).toEqual([1, 0.5]);
  });
  it('the same data in UTC gives different cohorts', () => {
    const r = computeRetention({ ...base, period: 'week', timeZone: 'UTC', range: { from: '2026-11-02', to: '2026-11-15' }, periods: 1 }, events);
    // u1 joined in the week of Oct 26 in UTC (outside the range); u3 in week 1; u3's 11-16 message is week 2.
    expect(r.cohorts.map((c) => [c.cohort, ...c.counts])).toEqual([
      ['2026-11-02', 2, 1],
      ['2026-11-09', 1, 0],
    ]);
  });
  it('daily, on vs on-or-after', () => {
    const def = { ...base, period: 'day' as const, range: { from: '2026-11-02', to: '2026-11-03' }, periods: 2 };
    expect(computeRetention(def, events).cohorts.map((c) => c.counts)).toEqual([
      [2, 1, 1], // u1 back on 11-03, u2 on 11-04
      [0, 0, 0],
    ]);
    expect(computeRetention({ ...def, returnMode: 'onOrAfter' }, events).cohorts.map((c) => c.counts)).toEqual([
      [2, 2, 2],
      [0, 0, 0],
    ]);
    const r = computeRetention(def, events);
    expect(r.cohorts[1]?.rates).toEqual([0, 0, 0]);
    expect(r.meanRates).toEqual([1, 0.5, 0.5]);
  });
  it('weeks starting on Sunday', () => {
    const r = computeRetention({ ...base, period: 'week', weekStart: 7, range: { from: '2026-11-02', to: '2026-11-15' }, periods: 1 }, events);
    // Weeks Nov 1–7, Nov 8–14, Nov 15–21: u1, u2 | u3, u4 (u3 back on 11-16, u1's 11-09 message is week 2)
    expect(r.cohorts.map((c) => [c.cohort, ...c.counts])).toEqual([
      ['2026-11-01', 2, 1],
      ['2026-11-08', 2, 1],
      ['2026-11-15', 0, 0],
    ]);
  });
  it('monthly, recurring cohorts', () => {
    const ev2 = [...events, ev('u1', 'join_group', '2026-12-01T00:30:00'), ev('u1', 'message', '2027-01-01T00:00:00')];
    const r = computeRetention({ ...base, period: 'month', cohortBy: 'recurring', range: { from: '2026-11-01', to: '2026-12-31' }, periods: 1 }, ev2);
    expect(r.cohorts.map((c) => [c.cohort, ...c.counts])).toEqual([
      ['2026-11-01', 4, 0],
      ['2026-12-01', 1, 1],
    ]);
    const first = computeRetention({ ...base, period: 'month', range: { from: '2026-11-01', to: '2026-12-31' }, periods: 1 }, ev2);
    expect(first.cohorts.map((c) => c.size)).toEqual([4, 0]);
  });
  it('asOf masks cells not yet observable', () => {
    const r = computeRetention({ ...base, period: 'week', range: { from: '2026-11-02', to: '2026-11-15' }, periods: 1 }, events, { asOf: '2026-11-12T12:00:00+08:00' });
    expect(r.cohorts.map((c) => c.counts)).toEqual([
      [2, 1],
      [2, null],
    ]);
    expect(r.cohorts[1]?.rates).toEqual([1, null]);
    expect(r.meanRates).toEqual([1, 0.5]);
  });
  it('EventTable input gives the same matrix', () => {
    const def = { ...base, period: 'day' as const, range: { from: '2026-11-02', to: '2026-11-10' }, periods: 7 };
    expect(computeRetention(def, buildEventTable(events))).toEqual(computeRetention(def, events));
  });
  it('merged shards equal one pass', () => {
    const agg = createRetentionAggregate({ ...base, period: 'day', range: { from: '2026-11-02', to: '2026-11-10' }, periods: 7 });
    const a = agg.add(agg.init(), events.filter((e) => e.userId < 'u3'));
    const b = agg.add(agg.init(), events.filter((e) => e.userId >= 'u3'));
    expect(agg.finish(agg.merge(b, a))).toEqual(agg.finish(agg.add(agg.init(), events)));
    expect(agg.add(agg.merge(b, a), [])).toEqual(agg.merge(a, b));
    expect(() => agg.add({ cohorts: [{ period: 0, counts: [1] }] }, [])).toThrow(/another definition/);
  });
});

describe('bad retention definitions', () => {
  const good = { ...base, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' }, periods: 7 };
  const fail = (input: unknown): string => {
    try {
      parseRetentionDefinition(input);
    } catch (e) {
      expect(isSiyuError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a SiyuError');
  };
  it('names the path', () => {
    expect(parseRetentionDefinition(good).cohortBy).toBe('firstTime');
    expect(fail({ ...good, period: 'fortnight' })).toMatch(/^siyu: period: /);
    expect(fail({ ...good, periods: 0 })).toMatch(/^siyu: periods: /);
    expect(fail({ ...good, periods: Number.NaN })).toMatch(/^siyu: periods: /);
    expect(fail({ ...good, weekStart: 0 })).toMatch(/^siyu: weekStart/);
    expect(fail({ ...good, timeZone: 'Mars/Olympus' })).toMatch(/^siyu: timeZone: /);
    expect(fail({ ...good, range: { from: '2026-11-09', to: '2026-11-08' } })).toMatch(/^siyu: range\.to: /);
    expect(fail({ ...good, range: { from: '2026-02-30', to: '2026-11-08' } })).toMatch(/^siyu: range\.from: /);
    expect(fail({ ...good, startEvent: { type: 'a', extra: 1 } })).toMatch(/^siyu: startEvent\.extra: unknown key/);
    expect(fail({ ...good, returnEvent: 'message' })).toMatch(/^siyu: returnEvent: /);
    expect(fail(JSON.parse('{"__proto__":{"period":"day"}}'))).toMatch(/__proto__/);
  });
});
