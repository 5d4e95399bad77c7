/** The worked example of docs/sop.md, kept in step with the guide. */
import { describe, expect, it } from 'vitest';
import { createDailyGroupSop, createOpeningCeremonySop, expandSop, planSop, type SopTemplateInput } from 'siyu/sop';

const opening = createOpeningCeremonySop();
const daily = createDailyGroupSop();
const firstWeek: SopTemplateInput = {
  id: 'first-week',
  variables: opening.variables,
  items: [...opening.items, ...daily.items],
  caps: [{ channel: 'groupMessage', max: 6, per: 'day' }],
};
const group = {
  targetId: 'group-001',
  targetKind: 'group' as const,
  anchor: '2026-03-02T10:00:00+08:00',
  timeZone: 'Asia/Shanghai',
  owner: 'staff-lin',
  variables: { groupName: '福利1群' },
};
const week = { from: '2026-03-02T00:00:00+08:00', to: '2026-03-09T00:00:00+08:00' };

describe('docs/sop.md: a group’s first week', () => {
  it('day 0: the morning greeting is past, the cap of 6 cuts the two of priority 10', () => {
    const result = expandSop(firstWeek, group, week);
    if (!result.ok) throw new Error(result.message);
    const day0 = result.tasks.filter((t) => t.dueLocal.startsWith('2026-03-02'));
    expect(day0.map((t) => `${t.dueLocal.slice(11, 16)} ${t.itemId}`)).toEqual([
      '11:30 productPush',
      '15:00 topic',
      '19:30 teaser',
      '20:00 welcome',
      '20:05 offer',
      '20:10 rules',
    ]);
    expect(result.cuts.map((c) => [c.itemId, c.reason])).toEqual([
      ['morning', 'past'],
      ['closingActivity', 'frequency_cap'],
      ['recap', 'frequency_cap'],
    ]);
    expect(result.tasks.filter((t) => !t.dueLocal.startsWith('2026-03-02'))).toHaveLength(6 * 2 + 5 * 4);
  });

  it('the plan for two groups interleaves them by due time, then group', () => {
    const tasks = [...planSop(daily, [group, { ...group, targetId: 'group-002' }], week)];
    expect(tasks.slice(0, 4).map((t) => `${t.dueLocal.slice(0, 16)} ${t.targetId} ${t.itemId}`)).toEqual([
      '2026-03-02T11:30 group-001 productPush',
      '2026-03-02T11:30 group-002 productPush',
      '2026-03-02T15:00 group-001 topic',
      '2026-03-02T15:00 group-002 topic',
    ]);
  });
});
