import { describe, expect, it } from 'vitest';
import { isSiyuError } from 'siyu/core';
import { parseSopEnrolment, parseSopTemplate, SopTemplateSchema, type SopTemplateInput } from 'siyu/sop';

const item = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'i',
  time: { kind: 'relativeDay', day: 0, at: '20:00' },
  channel: 'groupMessage',
  content: { text: 'hi' },
  ...extra,
});

function message(input: unknown): string {
  try {
    parseSopTemplate(input);
  } catch (error) {
    if (isSiyuError(error)) return error.message;
    throw error;
  }
  return 'no error';
}

describe('parseSopTemplate', () => {
  it('fills defaults', () => {
    const t = parseSopTemplate({ id: 't', items: [item()] });
    expect(t).toEqual({
      id: 't',
      variables: {},
      items: [
        {
          id: 'i',
          time: { kind: 'relativeDay', day: 0, at: '20:00' },
          windowMinutes: 60,
          channel: 'groupMessage',
          content: { text: 'hi', attachments: [] },
          priority: 0,
          assignee: { kind: 'owner' },
          ifPast: 'skip',
          quietHours: 'shift',
          onHoliday: 'run',
        },
      ],
      quietHours: { start: '22:00', end: '08:00' },
      caps: [],
    });
    expect(SopTemplateSchema.safeParse({ id: 't', items: [item()] }).success).toBe(true);
  });

  it('rejects invalid times', () => {
    expect(message({ id: 't', items: [item({ time: { kind: 'relativeDay', day: 0, at: '24:00' } })] })).toBe('siyu: items[0].time.at: must be a local time HH:mm (00:00–23:59)');
    expect(message({ id: 't', items: [item({ time: { kind: 'relativeDay', day: 0, at: '9:5' } })] })).toBe('siyu: items[0].time.at: must be a local time HH:mm (00:00–23:59)');
  });

  it('rejects isoWeekday 0 or 8, day −1, empty templates and unknown channels', () => {
    expect(message({ id: 't', items: [item({ time: { kind: 'weekly', isoWeekday: 0, at: '10:00' } })] })).toMatch(/^siyu: items\[0\]\.time\.isoWeekday: /);
    expect(message({ id: 't', items: [item({ time: { kind: 'weekly', isoWeekday: 8, at: '10:00' } })] })).toMatch(/^siyu: items\[0\]\.time\.isoWeekday: /);
    expect(message({ id: 't', items: [item({ time: { kind: 'relativeDay', day: -1, at: '10:00' } })] })).toMatch(/^siyu: items\[0\]\.time\.day: Too small/);
    expect(message({ id: 't', items: [] })).toBe('siyu: items: a template needs at least one item');
    expect(message({ id: 't', items: [item({ channel: 'sms' })] })).toMatch(/^siyu: items\[0\]\.channel: /);
  });

  it('rejects wrong types, unknown keys, NaN and __proto__ keys with the path', () => {
    expect(message({ id: 't', items: [item({ priority: '1' })] })).toMatch(/^siyu: items\[0\]\.priority: expected number/);
    expect(message({ id: 't', items: [item({ colour: 'red' })] })).toBe('siyu: items[0].colour: unknown key');
    expect(message({ id: 't', items: [item({ windowMinutes: Number.NaN })] })).toMatch(/^siyu: items\[0\]\.windowMinutes: /);
    expect(message(JSON.parse('{"id":"t","items":[{"__proto__":{"x":1},"id":"i"}]}'))).toBe('siyu: items[0].__proto__: forbidden key "__proto__"');
    expect(message(JSON.parse('{"id":"t","variables":{"__proto__":{}},"items":[]}'))).toBe('siyu: variables.__proto__: forbidden key "__proto__"');
    expect(message(null)).toMatch(/^siyu: \(root\): /);
    expect(message({ id: 'bad id', items: [item()] })).toMatch(/^siyu: id: must be a slug/);
  });

  it('finds unknown variables, duplicate ids and other cross-field problems at parse time', () => {
    expect(message({ id: 't', items: [item({ content: { text: 'hi {{nickname}}' } })] })).toBe('siyu: items[0].content.text: unknown variable "nickname": declare it in variables');
    expect(message({ id: 't', items: [item(), item()] })).toBe('siyu: items[1].id: duplicate item id "i" (also items[0])');
    expect(message({ id: 't', items: [item({ time: { kind: 'monthly', at: '10:00' } })] })).toBe('siyu: items[0].time: give either day, or nth and isoWeekday');
    expect(message({ id: 't', items: [item({ time: { kind: 'monthly', day: 3, nth: 1, isoWeekday: 1, at: '10:00' } })] })).toBe('siyu: items[0].time: give either day, or nth and isoWeekday');
    expect(message({ id: 't', items: [item({ time: { kind: 'monthly', nth: 1, at: '10:00' } })] })).toBe('siyu: items[0].time: nth and isoWeekday go together');
    expect(message({ id: 't', items: [item({ time: { kind: 'yearly', at: '10:00' } })] })).toBe('siyu: items[0].time: give either month and day, or dateVariable');
    expect(message({ id: 't', items: [item({ time: { kind: 'yearly', month: 2, at: '10:00' } })] })).toBe('siyu: items[0].time: month and day go together');
    expect(message({ id: 't', items: [item({ time: { kind: 'yearly', month: 2, day: 30, at: '10:00' } })] })).toBe('siyu: items[0].time.day: month 2 has no day 30');
    expect(message({ id: 't', items: [item({ time: { kind: 'yearly', dateVariable: 'birthday', at: '10:00' } })] })).toBe(
      'siyu: items[0].time.dateVariable: unknown variable "birthday": declare it in variables',
    );
    expect(message({ id: 't', items: [item({ time: { kind: 'everyNDays', n: 1, at: '10:00', from: { day: 5 }, until: { day: 2 } } })] })).toBe(
      'siyu: items[0].time.until: the series ends before it starts',
    );
    expect(message({ id: 't', items: [item({ time: { kind: 'weekly', isoWeekday: 1, at: '10:00', from: { date: '2026-05-01' }, until: { date: '2026-04-01' } } })] })).toBe(
      'siyu: items[0].time.until: the series ends before it starts',
    );
    expect(message({ id: 't', quietHours: { start: '22:00', end: '22:00' }, items: [item()] })).toBe('siyu: quietHours.end: quiet hours need start ≠ end (use null for none)');
    expect(message({ id: 't', items: [item({ time: { kind: 'yearly', month: 2, day: 29, at: '10:00', from: { day: 1 }, until: { date: '2030-01-01' } } })] })).toBe('no error');
  });
});

describe('parseSopEnrolment', () => {
  it('normalises the anchor and defaults the zone', () => {
    expect(parseSopEnrolment({ targetId: 'c1', anchor: 0, timeZone: 'America/New_York' })).toEqual({
      targetId: 'c1',
      anchor: 0,
      timeZone: 'America/New_York',
      variables: {},
      roles: {},
      facts: [],
    });
  });

  it('rejects bad input with the path', () => {
    expect(() => parseSopEnrolment({ targetId: 'c1', anchor: Number.NaN })).toThrow('siyu: anchor:');
    expect(() => parseSopEnrolment({ targetId: 'c1', anchor: 0, timeZone: 'Asia/Beijing' })).toThrow('siyu: timeZone: unknown IANA time zone');
    expect(() => parseSopEnrolment({ targetId: 'c1', anchor: 0, extra: 1 })).toThrow('siyu: extra: unknown key');
    expect(() => parseSopEnrolment({ targetId: 'c1', anchor: 0, facts: [{ kind: 'bought', at: 0 }] })).toThrow('siyu: facts[0].kind:');
    expect(() => parseSopEnrolment(JSON.parse('{"targetId":"c1","anchor":0,"variables":{"__proto__":"x"}}'))).toThrow('siyu: variables.__proto__: forbidden key');
  });
});

describe('expandSop bad input', () => {
  const template = { id: 't', items: [item()] } as unknown as SopTemplateInput;
  const enrolment = { targetId: 'g', anchor: 0, owner: 's' };
  it('throws SiyuError for an invalid template, enrolment or holiday calendar', async () => {
    const { expandSop } = await import('siyu/sop');
    expect(() => expandSop({ id: 't', items: [] }, enrolment, { from: 0, to: 1 })).toThrow('siyu: items: a template needs at least one item');
    expect(() => expandSop(template, { targetId: '', anchor: 0 }, { from: 0, to: 1 })).toThrow('siyu: targetId:');
    expect(() => expandSop(template, enrolment, { from: 0, to: 1, holidays: { holidays: ['2026-02-30'] } })).toThrow('siyu: holidays.holidays[0]:');
    expect(() => expandSop(template, enrolment, { from: 0, to: 1, holidays: JSON.parse('{"__proto__":[]}') })).toThrow('siyu: holidays.__proto__: forbidden key');
  });
});
