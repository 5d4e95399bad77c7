import { describe, expect, it } from 'vitest';
import { expandSop, type SopExpansion, type SopExpansionResult, type SopTemplateInput } from 'siyu/sop';
import { enrol, iso, oneItem } from './helpers.js';

function ok(result: SopExpansionResult): SopExpansion {
  if (!result.ok) throw new Error(`expected tasks, got ${result.reason}`);
  return result;
}

const ANCHOR = '2026-03-02T10:00:00+08:00';
const WEEK = { from: '2026-03-02T00:00:00+08:00', to: '2026-03-09T00:00:00+08:00' };

describe('quiet hours', () => {
  it('default 22:00–08:00: 23:00 shifts to 08:00 the next day, 07:00 to 08:00 the same day', () => {
    const late = ok(expandSop(oneItem({ kind: 'relativeDay', day: 0, at: '23:00' }), enrol(ANCHOR), WEEK)).tasks;
    expect(late.map((t) => [t.dueLocal, t.adjustments, iso(t.scheduled)])).toEqual([['2026-03-03T08:00:00+08:00', ['quietHours'], '2026-03-02T15:00:00.000Z']]);
    const early = ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '07:00' }), enrol(ANCHOR), WEEK)).tasks;
    expect(early.map((t) => t.dueLocal)).toEqual(['2026-03-03T08:00:00+08:00']);
  });

  it('22:00 is quiet, 08:00 and 21:59 are not', () => {
    const at = (time: string): string[] => ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: time }), enrol(ANCHOR), WEEK)).tasks.map((t) => t.dueLocal.slice(11, 16));
    expect(at('22:00')).toEqual(['08:00']);
    expect(at('08:00')).toEqual(['08:00']);
    expect(at('21:59')).toEqual(['21:59']);
  });

  it('drop instead of shift, reported as a cut', () => {
    const out = ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '23:30' }, { quietHours: 'drop' }), enrol(ANCHOR), WEEK));
    expect(out.tasks).toEqual([]);
    expect(out.cuts.map((c) => [c.reason, c.taskId])).toEqual([['quiet_hours', 'sop:t:i:0:g1']]);
  });

  it('custom non-wrapping quiet hours (12:00–14:00) and none at all', () => {
    const noon = oneItem({ kind: 'relativeDay', day: 1, at: '12:30' }, {}, { quietHours: { start: '12:00', end: '14:00' } });
    expect(ok(expandSop(noon, enrol(ANCHOR), WEEK)).tasks.map((t) => t.dueLocal.slice(11, 16))).toEqual(['14:00']);
    const none = oneItem({ kind: 'relativeDay', day: 1, at: '03:00' }, {}, { quietHours: null });
    expect(ok(expandSop(none, enrol(ANCHOR), WEEK)).tasks.map((t) => t.dueLocal.slice(11, 16))).toEqual(['03:00']);
  });

  it('the send window is cut short at the next quiet-hours start', () => {
    const t = ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '21:30' }, { windowMinutes: 120 }), enrol(ANCHOR), WEEK)).tasks[0];
    expect(t === undefined ? '' : iso(t.windowEnd)).toBe('2026-03-03T14:00:00.000Z'); // 22:00 local
    const u = ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '09:00' }, { windowMinutes: 90 }), enrol(ANCHOR), WEEK)).tasks[0];
    expect(u === undefined ? 0 : u.windowEnd - u.due).toBe(90 * 60_000);
  });

  it('runNow at an anchor inside quiet hours shifts to the end of them', () => {
    const out = ok(expandSop(oneItem({ kind: 'relativeDuration', minutes: 0 }), enrol('2026-03-02T23:10:00+08:00'), WEEK)).tasks;
    expect(out.map((t) => t.dueLocal)).toEqual(['2026-03-03T08:00:00+08:00']);
  });
});

describe('holidays', () => {
  const holidays = { holidays: ['2026-03-04'], weekend: [6, 7] as (6 | 7)[], workdays: ['2026-03-08'] };
  const daily = (onHoliday: 'run' | 'skip' | 'shift'): SopTemplateInput => oneItem({ kind: 'everyNDays', n: 1, at: '10:00' }, { onHoliday });

  it('run (default) ignores the calendar', () => {
    const out = ok(expandSop(daily('run'), enrol('2026-03-02T09:00:00+08:00'), { ...WEEK, holidays })).tasks;
    expect(out).toHaveLength(7);
  });

  it('skip drops non-working days (holiday, weekend) but keeps make-up workdays', () => {
    const out = ok(expandSop(daily('skip'), enrol('2026-03-02T09:00:00+08:00'), { ...WEEK, holidays }));
    expect(out.tasks.map((t) => t.dueLocal.slice(0, 10))).toEqual(['2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', '2026-03-08']);
    expect(out.cuts.map((c) => [c.reason, new Date(c.at).toISOString().slice(0, 10)])).toEqual([
      ['holiday', '2026-03-04'],
      ['holiday', '2026-03-07'],
    ]);
  });

  it('shift moves to the next working day at the same local time', () => {
    const once = oneItem({ kind: 'relativeDay', day: 2, at: '10:00' }, { onHoliday: 'shift' });
    const out = ok(expandSop(once, enrol('2026-03-02T09:00:00+08:00'), { ...WEEK, holidays })).tasks;
    expect(out.map((t) => [t.dueLocal, t.adjustments])).toEqual([['2026-03-05T10:00:00+08:00', ['holiday']]]);
  });

  it('shift finds no working day within 31 days → cut', () => {
    const all = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 2, 2 + i)).toISOString().slice(0, 10));
    const out = ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '10:00' }, { onHoliday: 'shift' }), enrol(ANCHOR), { ...WEEK, holidays: { holidays: all } }));
    expect(out.tasks).toEqual([]);
    expect(out.cuts.map((c) => c.reason)).toEqual(['holiday']);
  });

  it('a shifted task is found by a range that starts after its scheduled day', () => {
    const once = oneItem({ kind: 'relativeDay', day: 2, at: '10:00' }, { onHoliday: 'shift' });
    const out = ok(expandSop(once, enrol('2026-03-02T09:00:00+08:00'), { from: '2026-03-05T00:00:00+08:00', to: '2026-03-06T00:00:00+08:00', holidays })).tasks;
    expect(out).toHaveLength(1);
  });
});

describe('exit conditions', () => {
  const invite = (exitWhen: SopTemplateInput['exitWhen']): SopTemplateInput => oneItem({ kind: 'everyNDays', n: 3, at: '20:00' }, { channel: 'privateMessage' }, { exitWhen });
  const range = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-20T00:00:00+08:00' };

  it('any: stops at the first fact; tasks after it are not produced', () => {
    const out = ok(expandSop(invite({ any: [{ fact: 'joinedGroup' }, { fact: 'left' }] }), enrol(ANCHOR, { facts: [{ kind: 'joinedGroup', at: '2026-03-06T12:00:00+08:00' }] }), range));
    expect(out.tasks.map((t) => t.dueLocal.slice(0, 10))).toEqual(['2026-03-02', '2026-03-05']);
    expect(iso(out.exitedAt ?? 0)).toBe('2026-03-06T04:00:00.000Z');
  });

  it('all really requires all', () => {
    const rule = { all: [{ fact: 'joinedGroup' as const }, { fact: 'purchased' as const }] };
    const one = ok(expandSop(invite(rule), enrol(ANCHOR, { facts: [{ kind: 'joinedGroup', at: '2026-03-03T12:00:00+08:00' }] }), range));
    expect(one.tasks).toHaveLength(6);
    expect(one.exitedAt).toBeNull();
    const both = ok(
      expandSop(
        invite(rule),
        enrol(ANCHOR, {
          facts: [
            { kind: 'joinedGroup', at: '2026-03-03T12:00:00+08:00' },
            { kind: 'purchased', at: '2026-03-09T12:00:00+08:00' },
          ],
        }),
        range,
      ),
    );
    expect(both.tasks.map((t) => t.dueLocal.slice(0, 10))).toEqual(['2026-03-02', '2026-03-05', '2026-03-08']);
  });

  it('a tag condition matches only that tag; a fact before the anchor ends the enrolment at once', () => {
    const rule = { any: [{ fact: 'tagAdded' as const, value: 'vip' }] };
    const other = ok(expandSop(invite(rule), enrol(ANCHOR, { facts: [{ kind: 'tagAdded', at: '2026-03-03T12:00:00+08:00', value: 'new' }] }), range));
    expect(other.tasks).toHaveLength(6);
    const before = ok(expandSop(invite(rule), enrol(ANCHOR, { facts: [{ kind: 'tagAdded', at: '2026-02-01T12:00:00+08:00', value: 'vip' }] }), range));
    expect(before.tasks).toEqual([]);
  });
});

describe('frequency caps', () => {
  const template: SopTemplateInput = {
    id: 'caps',
    items: [
      { id: 'low', time: { kind: 'everyNDays', n: 1, at: '09:00' }, channel: 'privateMessage', content: { text: 'low' }, priority: 1 },
      { id: 'high', time: { kind: 'everyNDays', n: 1, at: '20:00' }, channel: 'privateMessage', content: { text: 'high' }, priority: 5 },
      { id: 'group', time: { kind: 'everyNDays', n: 1, at: '12:00' }, channel: 'groupMessage', content: { text: 'g' } },
    ],
    caps: [{ channel: 'privateMessage', max: 1, per: 'day' }],
  };

  it('at most 1 private message per customer per day: the higher priority wins, the cut is reported', () => {
    const out = ok(expandSop(template, enrol('2026-03-02T08:00:00+08:00'), { from: '2026-03-02T00:00:00+08:00', to: '2026-03-04T00:00:00+08:00' }));
    expect(out.tasks.map((t) => [t.dueLocal.slice(0, 16), t.itemId])).toEqual([
      ['2026-03-02T12:00', 'group'],
      ['2026-03-02T20:00', 'high'],
      ['2026-03-03T12:00', 'group'],
      ['2026-03-03T20:00', 'high'],
    ]);
    expect(out.cuts.map((c) => [c.itemId, c.reason, c.capIndex, c.message])).toEqual([
      ['low', 'frequency_cap', 0, 'at most 1 privateMessage per day (caps[0])'],
      ['low', 'frequency_cap', 0, 'at most 1 privateMessage per day (caps[0])'],
    ]);
  });

  it('equal priority: the earlier task wins', () => {
    const same: SopTemplateInput = { ...template, items: template.items.map((i) => ({ ...i, priority: 0 })) };
    const out = ok(expandSop(same, enrol('2026-03-02T08:00:00+08:00'), { from: '2026-03-02T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00' }));
    expect(out.tasks.map((t) => t.itemId)).toEqual(['low', 'group']);
  });

  it('the range does not change the decision: a later high-priority task cuts an earlier one even when outside the range', () => {
    const out = ok(expandSop(template, enrol('2026-03-02T08:00:00+08:00'), { from: '2026-03-02T00:00:00+08:00', to: '2026-03-02T10:00:00+08:00' }));
    expect(out.tasks).toEqual([]);
    expect(out.cuts.map((c) => c.itemId)).toEqual(['low']);
  });

  it('weekly and monthly caps, applied after daily ones; any-channel caps', () => {
    const t: SopTemplateInput = {
      id: 'wk',
      items: [{ id: 'd', time: { kind: 'everyNDays', n: 1, at: '10:00' }, channel: 'groupMessage', content: { text: 'd' } }],
      caps: [
        { max: 3, per: 'week' },
        { max: 10, per: 'month' },
      ],
    };
    const out = ok(expandSop(t, enrol('2026-03-01T08:00:00+08:00'), { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }));
    // 2026-03-01 is a Sunday: its week gets 1 task, then 3 per week (Mon–Wed) for weeks starting 03-02, 09, 16, 23, 30 (capped by month at 10).
    expect(out.tasks.map((t) => t.dueLocal.slice(5, 10))).toEqual(['03-01', '03-02', '03-03', '03-04', '03-09', '03-10', '03-11', '03-16', '03-17', '03-18']);
    expect(out.cuts.filter((c) => c.message.includes('month')).map((c) => new Date(c.at).toISOString().slice(5, 10))).toEqual(['03-23', '03-24', '03-25', '03-30', '03-31']);
  });

  it('max 0 blocks the channel entirely', () => {
    const out = ok(expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '10:00' }, {}, { caps: [{ channel: 'groupMessage', max: 0, per: 'day' }] }), enrol(ANCHOR), WEEK));
    expect(out.tasks).toEqual([]);
    expect(out.cuts).toHaveLength(1);
  });
});

describe('tasks', () => {
  it('carry id, content, assignee by rule, attachments, title and window', () => {
    const template: SopTemplateInput = {
      id: 'welcome',
      variables: { nickname: {}, coupon: { default: '¥3' } },
      items: [
        {
          id: 'hello',
          title: 'Hello',
          time: { kind: 'relativeDuration', minutes: 5 },
          channel: 'privateMessage',
          content: { text: '{{nickname}}: {{coupon}}', attachments: [{ kind: 'coupon', ref: 'c-1' }] },
          assignee: { kind: 'role', role: 'advisor' },
          windowMinutes: 30,
        },
        { id: 'task', time: { kind: 'relativeDuration', hours: 1 }, channel: 'staffTask', content: { text: 'call' }, assignee: { kind: 'staff', staffId: 'lead' } },
      ],
    };
    const out = ok(expandSop(template, enrol(ANCHOR, { variables: { nickname: '$1' }, roles: { advisor: 'amy' } }), WEEK)).tasks;
    expect(out[0]).toEqual({
      id: 'sop:welcome:hello:0:g1',
      templateId: 'welcome',
      itemId: 'hello',
      itemIndex: 0,
      targetId: 'g1',
      occurrence: 0,
      due: Date.UTC(2026, 2, 2, 2, 5),
      dueLocal: '2026-03-02T10:05:00+08:00',
      windowEnd: Date.UTC(2026, 2, 2, 2, 35),
      scheduled: Date.UTC(2026, 2, 2, 2, 5),
      adjustments: [],
      channel: 'privateMessage',
      title: 'Hello',
      text: '$1: ¥3',
      attachments: [{ kind: 'coupon', ref: 'c-1' }],
      priority: 0,
      assignee: 'amy',
    });
    expect(out[1]?.assignee).toBe('lead');
    expect(out[1]?.title).toBeUndefined();
  });

  it('missing variable, owner or role is a typed rejection', () => {
    const t = oneItem({ kind: 'relativeDay', day: 1, at: '10:00' }, { content: { text: 'hi {{name}}' } }, { variables: { name: {} } });
    const missing = expandSop(t, enrol(ANCHOR), WEEK);
    expect(missing).toMatchObject({ ok: false, reason: 'missing_variable', name: 'name', itemId: 'i', targetId: 'g1' });
    const noOwner = expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '10:00' }), { targetId: 'g1', anchor: ANCHOR }, WEEK);
    expect(noOwner).toMatchObject({ ok: false, reason: 'missing_assignee', name: 'owner' });
    const noRole = expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '10:00' }, { assignee: { kind: 'role', role: 'admin' } }), enrol(ANCHOR), WEEK);
    expect(noRole).toMatchObject({ ok: false, reason: 'missing_assignee', name: 'admin' });
    const inherited = expandSop(oneItem({ kind: 'relativeDay', day: 1, at: '10:00' }, { assignee: { kind: 'role', role: 'toString' } }), enrol(ANCHOR), WEEK);
    expect(inherited.ok).toBe(false);
  });

  it('nextDay on a recurring item whose next day has its own occurrence is cut as past', () => {
    const out = ok(expandSop(oneItem({ kind: 'everyNDays', n: 1, at: '09:00' }, { ifPast: 'nextDay' }), enrol(ANCHOR), WEEK));
    expect(out.tasks.map((t) => t.dueLocal.slice(0, 10))[0]).toBe('2026-03-03');
    expect(out.cuts.map((c) => c.reason)).toEqual(['past']);
    const every3 = ok(expandSop(oneItem({ kind: 'everyNDays', n: 3, at: '09:00' }, { ifPast: 'nextDay' }), enrol(ANCHOR), WEEK));
    expect(every3.tasks.map((t) => [t.dueLocal.slice(0, 10), t.occurrence, t.adjustments])).toEqual([
      ['2026-03-03', 0, ['nextDay']],
      ['2026-03-05', 1, []],
      ['2026-03-08', 2, []],
    ]);
  });

  it('an empty or reversed range', () => {
    const t = oneItem({ kind: 'relativeDay', day: 1, at: '10:00' });
    expect(ok(expandSop(t, enrol(ANCHOR), { from: WEEK.from, to: WEEK.from })).tasks).toEqual([]);
    expect(() => expandSop(t, enrol(ANCHOR), { from: WEEK.to, to: WEEK.from })).toThrow('siyu: to: the range ends before it starts');
    expect(() => expandSop(t, enrol(ANCHOR), { from: 'soon', to: WEEK.from })).toThrow('siyu: from:');
  });
});
