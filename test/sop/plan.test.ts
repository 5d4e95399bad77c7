import { describe, expect, it } from 'vitest';
import { expandSop, planSop, type SopEnrolmentInput, type SopTask, type SopTemplateInput } from 'siyu/sop';

const template: SopTemplateInput = {
  id: 'p',
  variables: { name: {} },
  items: [
    { id: 'a', time: { kind: 'everyNDays', n: 1, at: '09:00' }, channel: 'groupMessage', content: { text: 'a {{name}}' } },
    { id: 'b', time: { kind: 'everyNDays', n: 1, at: '09:00' }, channel: 'privateMessage', content: { text: 'b' }, priority: 1 },
    { id: 'c', time: { kind: 'weekly', isoWeekday: 1, at: '23:00' }, channel: 'groupMessage', content: { text: 'c' } },
  ],
  caps: [{ channel: 'privateMessage', max: 2, per: 'week' }],
};
const enrolments: SopEnrolmentInput[] = [
  { targetId: 'z', anchor: '2026-03-01T08:00:00+08:00', owner: 's', variables: { name: 'Z' } },
  { targetId: 'ny', anchor: '2026-03-01T08:00:00-05:00', owner: 's', variables: { name: 'N' }, timeZone: 'America/New_York' },
  { targetId: 'a', anchor: '2026-03-03T08:00:00+08:00', owner: 's', variables: { name: 'A' } },
];
const range = { from: '2026-03-01T00:00:00Z', to: '2026-04-15T00:00:00Z' };

describe('planSop', () => {
  it('equals the union of per-target expansions, sorted by due, target, item', () => {
    const plan = planSop(template, enrolments, range);
    const tasks = [...plan];
    const expected: SopTask[] = [];
    for (const e of enrolments) {
      const out = expandSop(template, e, range);
      if (out.ok) expected.push(...out.tasks);
    }
    expected.sort((x, y) => x.due - y.due || (x.targetId < y.targetId ? -1 : x.targetId > y.targetId ? 1 : 0) || x.itemIndex - y.itemIndex);
    expect(tasks).toEqual(expected);
    expect(tasks.length).toBeGreaterThan(100);
    expect(plan.targets).toBe(3);
    expect([...plan]).toEqual(tasks); // iterating again yields the same
  });

  it('chunk size does not change the stream, and cuts are reported', () => {
    const a = [...planSop(template, enrolments, { ...range, chunkDays: 1 })];
    const b = [...planSop(template, enrolments, { ...range, chunkDays: 30 })];
    expect(a).toEqual(b);
    const cuts = [...planSop(template, enrolments, range).cuts()];
    expect(cuts.length).toBeGreaterThan(0);
    expect(cuts.every((c) => c.reason === 'frequency_cap' || c.reason === 'past')).toBe(true);
    for (let i = 1; i < cuts.length; i++) expect((cuts[i]?.at ?? 0) >= (cuts[i - 1]?.at ?? 0)).toBe(true);
  });

  it('is lazy: taking the first task expands only the first chunk', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ targetId: `g${i}`, anchor: 0, owner: 's', variables: { name: 'x' } }));
    const it = planSop(template, many, { from: 0, to: Date.UTC(2100, 0, 1) })[Symbol.iterator]();
    expect(it.next().value?.targetId).toBe('g0');
  });

  it('rejected enrolments are listed, invalid ones throw with their index, duplicates too', () => {
    const plan = planSop(template, [...enrolments, { targetId: 'x', anchor: 0, owner: 's' }], range);
    expect(plan.rejected.map((r) => [r.targetId, r.reason])).toEqual([['x', 'missing_variable']]);
    expect(() => planSop(template, [{ targetId: 'x', anchor: 'yesterday' }], range)).toThrow('siyu: enrolments[0].anchor:');
    expect(() => planSop(template, [enrolments[0] as SopEnrolmentInput, enrolments[0] as SopEnrolmentInput], range)).toThrow('siyu: enrolments[1].targetId: duplicate target "z"');
    expect(() => planSop(template, enrolments, { ...range, chunkDays: 0 })).toThrow('siyu: chunkDays: must be an integer');
  });
});
