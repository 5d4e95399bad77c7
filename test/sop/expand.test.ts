import { describe, expect, it } from 'vitest';
import { expandSop, type SopExpansion, type SopExpansionResult, type SopTemplateInput } from 'siyu/sop';
import { enrol, iso, oneItem } from './helpers.js';

function ok(result: SopExpansionResult): SopExpansion {
  if (!result.ok) throw new Error(`expected tasks, got ${result.reason}: ${result.message}`);
  return result;
}

const ANCHOR = '2026-03-02T10:00:00+08:00'; // Monday, Asia/Shanghai
const RANGE = { from: '2026-02-01T00:00:00Z', to: '2026-07-01T00:00:00Z' };

function locals(template: SopTemplateInput, anchor = ANCHOR, range: { from: string; to: string } = RANGE, timeZone?: string): string[] {
  return ok(expandSop(template, enrol(anchor, timeZone === undefined ? {} : { timeZone }), range)).tasks.map((t) => t.dueLocal);
}

describe('expandSop: worked cases (anchor Mon 2026-03-02 10:00 Asia/Shanghai)', () => {
  it('relativeDay: day 0 = the anchor’s local date', () => {
    expect(locals(oneItem({ kind: 'relativeDay', day: 0, at: '20:00' }))).toEqual(['2026-03-02T20:00:00+08:00']);
    expect(locals(oneItem({ kind: 'relativeDay', day: 1, at: '09:00' }))).toEqual(['2026-03-03T09:00:00+08:00']);
    expect(locals(oneItem({ kind: 'relativeDay', day: 3, at: '10:00' }))).toEqual(['2026-03-05T10:00:00+08:00']);
  });

  it('relativeDuration: 2 h 30 min after the anchor', () => {
    expect(locals(oneItem({ kind: 'relativeDuration', hours: 2, minutes: 30 }))).toEqual(['2026-03-02T12:30:00+08:00']);
  });

  it('ifPast: day 0 09:00 is skipped, or runs at 10:00, or moves to 03-03 09:00', () => {
    const spec = { kind: 'relativeDay', day: 0, at: '09:00' } as const;
    const skipped = ok(expandSop(oneItem(spec), enrol(ANCHOR), RANGE));
    expect(skipped.tasks).toEqual([]);
    expect(skipped.cuts.map((c) => [c.reason, iso(c.at)])).toEqual([['past', '2026-03-02T01:00:00.000Z']]);
    expect(locals(oneItem(spec, { ifPast: 'skip' }))).toEqual([]);
    const now = ok(expandSop(oneItem(spec, { ifPast: 'runNow' }), enrol(ANCHOR), RANGE)).tasks;
    expect(now.map((t) => [t.dueLocal, t.adjustments])).toEqual([['2026-03-02T10:00:00+08:00', ['runNow']]]);
    expect(locals(oneItem(spec, { ifPast: 'nextDay' }))).toEqual(['2026-03-03T09:00:00+08:00']);
  });

  it('weekly Monday 10:00 enrolled Wed 03-04 15:00 → first task Mon 03-09 (never late at creation)', () => {
    const out = locals(oneItem({ kind: 'weekly', isoWeekday: 1, at: '10:00' }), '2026-03-04T15:00:00+08:00', { from: '2026-03-01T00:00:00Z', to: '2026-03-24T00:00:00Z' });
    expect(out).toEqual(['2026-03-09T10:00:00+08:00', '2026-03-16T10:00:00+08:00', '2026-03-23T10:00:00+08:00']);
  });

  it('weekly on the anchor day after its time: skipped by default', () => {
    const out = locals(oneItem({ kind: 'weekly', isoWeekday: 1, at: '09:00' }), ANCHOR, { from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' });
    expect(out).toEqual(['2026-03-09T09:00:00+08:00']);
  });

  it('every 2 weeks on Wednesday from Sun 03-08 → 03-18, 04-01, 04-15', () => {
    const out = locals(oneItem({ kind: 'weekly', isoWeekday: 3, at: '20:00', everyWeeks: 2 }), '2026-03-08T12:00:00+08:00', { from: '2026-03-01T00:00:00Z', to: '2026-04-20T00:00:00Z' });
    expect(out).toEqual(['2026-03-18T20:00:00+08:00', '2026-04-01T20:00:00+08:00', '2026-04-15T20:00:00+08:00']);
  });

  it('monthly day 31 from 02-23 → 02-28, 03-31, 04-30, 05-31 (clamped)', () => {
    const out = locals(oneItem({ kind: 'monthly', day: 31, at: '10:00' }), '2026-02-23T12:00:00+08:00', { from: '2026-02-01T00:00:00Z', to: '2026-06-01T00:00:00Z' });
    expect(out).toEqual(['2026-02-28T10:00:00+08:00', '2026-03-31T10:00:00+08:00', '2026-04-30T10:00:00+08:00', '2026-05-31T10:00:00+08:00']);
  });

  it('monthly day 31 with skipShortMonths → 03-31, 05-31', () => {
    const out = locals(oneItem({ kind: 'monthly', day: 31, at: '10:00', skipShortMonths: true }), '2026-02-23T12:00:00+08:00', { from: '2026-02-01T00:00:00Z', to: '2026-06-01T00:00:00Z' });
    expect(out).toEqual(['2026-03-31T10:00:00+08:00', '2026-05-31T10:00:00+08:00']);
  });

  it('monthly last day, 2nd Tuesday, last Friday', () => {
    const range = { from: '2026-03-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };
    expect(locals(oneItem({ kind: 'monthly', day: 'last', at: '10:00' }), ANCHOR, range)).toEqual([
      '2026-03-31T10:00:00+08:00',
      '2026-04-30T10:00:00+08:00',
      '2026-05-31T10:00:00+08:00',
    ]);
    expect(locals(oneItem({ kind: 'monthly', nth: 2, isoWeekday: 2, at: '10:00' }), ANCHOR, range)).toEqual([
      '2026-03-10T10:00:00+08:00',
      '2026-04-14T10:00:00+08:00',
      '2026-05-12T10:00:00+08:00',
    ]);
    expect(locals(oneItem({ kind: 'monthly', nth: -1, isoWeekday: 5, at: '10:00' }), ANCHOR, range)).toEqual([
      '2026-03-27T10:00:00+08:00',
      '2026-04-24T10:00:00+08:00',
      '2026-05-29T10:00:00+08:00',
    ]);
    // A 5th Monday exists only in some months (2026: March has 5 Mondays, April and May have 4).
    expect(locals(oneItem({ kind: 'monthly', nth: 5, isoWeekday: 1, at: '10:00' }), ANCHOR, range)).toEqual(['2026-03-30T10:00:00+08:00']);
  });

  it('everyNDays from the anchor’s date, with a series end', () => {
    const out = locals(oneItem({ kind: 'everyNDays', n: 3, at: '20:00', until: { day: 9 } }));
    expect(out).toEqual(['2026-03-02T20:00:00+08:00', '2026-03-05T20:00:00+08:00', '2026-03-08T20:00:00+08:00', '2026-03-11T20:00:00+08:00']);
  });

  it('series from/until as dates', () => {
    const out = locals(oneItem({ kind: 'everyNDays', n: 1, at: '12:00', from: { date: '2026-03-10' }, until: { date: '2026-03-12' } }));
    expect(out).toEqual(['2026-03-10T12:00:00+08:00', '2026-03-11T12:00:00+08:00', '2026-03-12T12:00:00+08:00']);
  });

  it('fixed local date-time; a fixed time before the anchor follows ifPast', () => {
    expect(locals(oneItem({ kind: 'fixed', date: '2026-03-08', at: '09:00' }))).toEqual(['2026-03-08T09:00:00+08:00']);
    expect(locals(oneItem({ kind: 'fixed', date: '2026-03-01', at: '09:00' }))).toEqual([]);
    expect(locals(oneItem({ kind: 'fixed', date: '2026-03-01', at: '09:00' }, { ifPast: 'runNow' }))).toEqual(['2026-03-02T10:00:00+08:00']);
  });

  it('yearly: Feb 29 falls on Feb 28 in common years; birthdays from a date variable', () => {
    const range = { from: '2026-01-01T00:00:00Z', to: '2029-01-01T00:00:00Z' };
    expect(locals(oneItem({ kind: 'yearly', month: 2, day: 29, at: '10:00' }), ANCHOR, range)).toEqual([
      '2027-02-28T10:00:00+08:00',
      '2028-02-29T10:00:00+08:00',
    ]);
    const birthday = oneItem({ kind: 'yearly', dateVariable: 'birthday', at: '09:00' }, { content: { text: '生日快乐 {{name}}' } }, { variables: { birthday: {}, name: {} } });
    const out = ok(expandSop(birthday, enrol(ANCHOR, { variables: { birthday: '1990-05-20', name: '小王' } }), range)).tasks;
    expect(out.map((t) => [t.dueLocal, t.text, t.occurrence])).toEqual([
      ['2026-05-20T09:00:00+08:00', '生日快乐 小王', 0],
      ['2027-05-20T09:00:00+08:00', '生日快乐 小王', 1],
      ['2028-05-20T09:00:00+08:00', '生日快乐 小王', 2],
    ]);
    const bad = expandSop(birthday, enrol(ANCHOR, { variables: { birthday: '05/20', name: 'x' } }), range);
    expect(bad.ok ? '' : bad.reason).toBe('invalid_variable');
    const missing = expandSop(birthday, enrol(ANCHOR, { variables: { name: 'x' } }), range);
    expect(missing.ok ? '' : [missing.reason, missing.name]).toEqual(['missing_variable', 'birthday']);
  });
});

describe('expandSop: DST in America/New_York', () => {
  it('daily 09:00 across 2026-03-08 → 14:00Z then 13:00Z', () => {
    const out = ok(expandSop(oneItem({ kind: 'everyNDays', n: 1, at: '09:00' }), enrol('2026-03-06T12:00:00-05:00', { timeZone: 'America/New_York' }), {
      from: '2026-03-07T00:00:00Z',
      to: '2026-03-10T00:00:00Z',
    })).tasks;
    expect(out.map((t) => [iso(t.due), t.dueLocal])).toEqual([
      ['2026-03-07T14:00:00.000Z', '2026-03-07T09:00:00-05:00'],
      ['2026-03-08T13:00:00.000Z', '2026-03-08T09:00:00-04:00'],
      ['2026-03-09T13:00:00.000Z', '2026-03-09T09:00:00-04:00'],
    ]);
  });

  it('02:30 on the spring-forward day moves to 03:00', () => {
    const template = oneItem({ kind: 'everyNDays', n: 1, at: '02:30' }, {}, { quietHours: null });
    const out = ok(expandSop(template, enrol('2026-03-06T00:00:00-05:00', { timeZone: 'America/New_York' }), { from: '2026-03-08T00:00:00Z', to: '2026-03-10T00:00:00Z' })).tasks;
    expect(out.map((t) => [iso(t.due), t.dueLocal])).toEqual([
      ['2026-03-08T07:00:00.000Z', '2026-03-08T03:00:00-04:00'],
      ['2026-03-09T06:30:00.000Z', '2026-03-09T02:30:00-04:00'],
    ]);
  });

  it('01:30 on the fall-back day takes the earlier instant', () => {
    const template = oneItem({ kind: 'relativeDay', day: 1, at: '01:30' }, {}, { quietHours: null });
    const out = ok(expandSop(template, enrol('2026-10-31T12:00:00-04:00', { timeZone: 'America/New_York' }), RANGE_FALL)).tasks;
    expect(out.map((t) => t.dueLocal)).toEqual(['2026-11-01T01:30:00-04:00']);
  });

  it('the same opening plan gives the same local times in Shanghai and New York', () => {
    const template: SopTemplateInput = {
      id: 'open',
      items: [
        { id: 'a', time: { kind: 'relativeDay', day: 0, at: '20:00' }, channel: 'groupMessage', content: { text: 'a' } },
        { id: 'b', time: { kind: 'relativeDay', day: 1, at: '09:00' }, channel: 'groupMessage', content: { text: 'b' } },
        { id: 'c', time: { kind: 'relativeDuration', hours: 2, minutes: 30 }, channel: 'groupMessage', content: { text: 'c' } },
      ],
    };
    const sh = locals(template, '2026-03-07T10:00:00+08:00', RANGE).map((s) => s.slice(0, 19));
    const ny = locals(template, '2026-03-07T10:00:00-05:00', RANGE, 'America/New_York').map((s) => s.slice(0, 19));
    expect(sh).toEqual(['2026-03-07T12:30:00', '2026-03-07T20:00:00', '2026-03-08T09:00:00']);
    expect(ny).toEqual(sh);
  });
});

const RANGE_FALL = { from: '2026-10-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

describe('expandSop: the worked cases give the same local times in Asia/Shanghai and America/New_York', () => {
  const offsets = { 'Asia/Shanghai': '+08:00', 'America/New_York': '-05:00' } as const;
  const at = (local: string, zone: keyof typeof offsets): string => `${local}${zone === 'America/New_York' && local >= '2026-03-08T03' ? '-04:00' : offsets[zone]}`;
  const cases: readonly { name: string; template: SopTemplateInput; anchor: string; to: string; expected: readonly string[] }[] = [
    { name: 'day 0 20:00', template: oneItem({ kind: 'relativeDay', day: 0, at: '20:00' }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: ['2026-03-02T20:00'] },
    { name: 'day 1 09:00', template: oneItem({ kind: 'relativeDay', day: 1, at: '09:00' }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: ['2026-03-03T09:00'] },
    { name: 'day 3 10:00', template: oneItem({ kind: 'relativeDay', day: 3, at: '10:00' }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: ['2026-03-05T10:00'] },
    { name: '2 h 30 min', template: oneItem({ kind: 'relativeDuration', hours: 2, minutes: 30 }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: ['2026-03-02T12:30'] },
    { name: 'day 0 09:00 skip', template: oneItem({ kind: 'relativeDay', day: 0, at: '09:00' }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: [] },
    { name: 'day 0 09:00 runNow', template: oneItem({ kind: 'relativeDay', day: 0, at: '09:00' }, { ifPast: 'runNow' }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: ['2026-03-02T10:00'] },
    { name: 'day 0 09:00 nextDay', template: oneItem({ kind: 'relativeDay', day: 0, at: '09:00' }, { ifPast: 'nextDay' }), anchor: '2026-03-02T10:00', to: '2026-04-01', expected: ['2026-03-03T09:00'] },
    { name: 'weekly Monday 10:00 from Wed 15:00', template: oneItem({ kind: 'weekly', isoWeekday: 1, at: '10:00' }), anchor: '2026-03-04T15:00', to: '2026-03-14', expected: ['2026-03-09T10:00'] },
    {
      name: 'every 2 weeks on Wednesday from Sun 03-08',
      template: oneItem({ kind: 'weekly', isoWeekday: 3, at: '20:00', everyWeeks: 2 }),
      anchor: '2026-03-08T12:00',
      to: '2026-04-20',
      expected: ['2026-03-18T20:00', '2026-04-01T20:00', '2026-04-15T20:00'],
    },
    {
      name: 'monthly day 31 from 02-23',
      template: oneItem({ kind: 'monthly', day: 31, at: '10:00' }),
      anchor: '2026-02-23T12:00',
      to: '2026-06-02',
      expected: ['2026-02-28T10:00', '2026-03-31T10:00', '2026-04-30T10:00', '2026-05-31T10:00'],
    },
  ];
  for (const zone of ['Asia/Shanghai', 'America/New_York'] as const) {
    it.each(cases)(`${zone}: $name`, ({ template, anchor, to, expected }) => {
      const out = ok(expandSop(template, enrol(at(anchor, zone), { timeZone: zone }), { from: '2026-02-01T00:00:00Z', to: `${to}T00:00:00Z` })).tasks;
      expect(out.map((t) => t.dueLocal)).toEqual(expected.map((local) => at(`${local}:00`, zone)));
    });
  }
});
