import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSop, planSop, type SopExpansion, type SopExpansionResult, type SopTemplateInput } from 'siyu/sop';

function ok(result: SopExpansionResult): SopExpansion {
  if (!result.ok) throw new Error(`expected tasks, got ${result.reason}`);
  return result;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const channel = fc.constantFrom('groupMessage', 'privateMessage', 'momentsPost', 'staffTask');
const spec = fc.oneof(
  fc.record({ kind: fc.constant('relativeDay'), day: fc.integer({ min: 0, max: 20 }), at: time }),
  fc.record({ kind: fc.constant('relativeDuration'), hours: fc.integer({ min: 0, max: 300 }), minutes: fc.integer({ min: 0, max: 59 }) }),
  fc.record({ kind: fc.constant('weekly'), isoWeekday: fc.constantFrom(1, 2, 3, 4, 5, 6, 7), at: time, everyWeeks: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('monthly'), day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant('last')), at: time, skipShortMonths: fc.boolean() }),
  fc.record({ kind: fc.constant('everyNDays'), n: fc.integer({ min: 1, max: 5 }), at: time }),
  fc.record({ kind: fc.constant('yearly'), month: fc.constantFrom(1, 2, 3), day: fc.integer({ min: 1, max: 28 }), at: time }),
);
const item = fc.record({
  time: spec,
  channel,
  priority: fc.integer({ min: -3, max: 3 }),
  ifPast: fc.constantFrom('skip', 'runNow', 'nextDay'),
  quietHours: fc.constantFrom('shift', 'drop'),
  onHoliday: fc.constantFrom('run', 'skip', 'shift'),
});
const quiet = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.tuple(time, time).filter(([a, b]) => a !== b).map(([start, end]) => ({ start, end })),
);
const cap = fc.record({ channel: fc.option(channel, { nil: undefined }), max: fc.integer({ min: 0, max: 3 }), per: fc.constantFrom('day', 'week', 'month') });
const template = fc
  .record({ items: fc.array(item, { minLength: 1, maxLength: 4 }), quiet, caps: fc.array(cap, { maxLength: 2 }) })
  .map(({ items, quiet: q, caps }): SopTemplateInput => ({
    id: 'prop',
    items: items.map((i, n) => ({ ...i, id: `i${n}`, content: { text: `item ${n}` } })) as SopTemplateInput['items'],
    ...(q === undefined ? {} : { quietHours: q }),
    caps: caps.map((c) => (c.channel === undefined ? { max: c.max, per: c.per } : c)) as SopTemplateInput['caps'],
  }));
const zone = fc.constantFrom('Asia/Shanghai', 'America/New_York');
// Anchors around the 2026 DST changes and month ends.
const anchor = fc.integer({ min: Date.UTC(2026, 1, 20), max: Date.UTC(2026, 2, 20) }).map((t) => Math.floor(t / 60_000) * 60_000);
const facts = fc.array(fc.record({ kind: fc.constantFrom('joinedGroup', 'tagAdded', 'purchased', 'left'), at: fc.integer({ min: Date.UTC(2026, 1, 20), max: Date.UTC(2026, 4, 1) }) }), { maxLength: 2 });
const holidays = { holidays: ['2026-03-04', '2026-04-06'], weekend: [7] as 7[], workdays: [] };

function localMinute(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

function toMinute(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const params = { numRuns: 120 };

describe('expandSop properties', () => {
  it('sorted, unique ids, no task in quiet hours, before the anchor (unless runNow) or after an exit; caps never exceeded', () => {
    fc.assert(
      fc.property(template, zone, anchor, facts, (t, timeZone, a, fs) => {
        const withExit: SopTemplateInput = fs.length > 0 ? { ...t, exitWhen: { any: [{ fact: 'joinedGroup' }, { fact: 'left' }] } } : t;
        const out = ok(expandSop(withExit, { targetId: 'x', anchor: a, timeZone, owner: 's', facts: fs }, { from: a - 5 * DAY, to: a + 70 * DAY, holidays }));
        const ids = new Set(out.tasks.map((x) => x.id));
        expect(ids.size).toBe(out.tasks.length);
        const q = withExit.quietHours === undefined ? { start: '22:00', end: '08:00' } : withExit.quietHours;
        for (let i = 0; i < out.tasks.length; i++) {
          const task = out.tasks[i];
          if (task === undefined) continue;
          const prev = out.tasks[i - 1];
          if (prev !== undefined) expect(prev.due < task.due || (prev.due === task.due && prev.itemIndex <= task.itemIndex)).toBe(true);
          expect(task.due).toBeGreaterThanOrEqual(a);
          if (out.exitedAt !== null) expect(task.due).toBeLessThan(out.exitedAt);
          if (q !== null) {
            const m = localMinute(task.due, timeZone);
            const s = toMinute(q.start);
            const e = toMinute(q.end);
            expect(s < e ? m >= s && m < e : m >= s || m < e).toBe(false);
          }
          expect(task.windowEnd).toBeGreaterThan(task.due);
        }
        for (const [index, c] of (withExit.caps ?? []).entries()) {
          const counts = new Map<string, number>();
          for (const task of out.tasks) {
            if (c.channel !== undefined && c.channel !== task.channel) continue;
            const date = task.dueLocal.slice(0, 10);
            const d = new Date(`${date}T00:00:00Z`);
            const key = c.per === 'day' ? date : c.per === 'month' ? date.slice(0, 7) : new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          for (const n of counts.values()) expect(n, `caps[${index}]`).toBeLessThanOrEqual(c.max);
        }
      }),
      params,
    );
  }, 60_000);

  it('deterministic; overlapping ranges agree on their overlap; extending the horizon only appends', () => {
    fc.assert(
      fc.property(template, zone, anchor, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 30 }), (t, timeZone, a, startDay, length) => {
        const enrolment = { targetId: 'x', anchor: a, timeZone, owner: 's' };
        const from = a + startDay * DAY - 7 * HOUR;
        const to = from + length * DAY;
        const whole = ok(expandSop(t, enrolment, { from: a - DAY, to: a + 80 * DAY, holidays }));
        const part = ok(expandSop(t, enrolment, { from, to, holidays }));
        const again = ok(expandSop(t, enrolment, { from, to, holidays }));
        expect(again).toEqual(part);
        expect(part.tasks).toEqual(whole.tasks.filter((x) => x.due >= from && x.due < to));
        expect(part.cuts).toEqual(whole.cuts.filter((x) => x.at >= from && x.at < to));
        const longer = ok(expandSop(t, enrolment, { from, to: to + 10 * DAY, holidays }));
        expect(longer.tasks.slice(0, part.tasks.length)).toEqual(part.tasks);
      }),
      params,
    );
  }, 60_000);

  it('plans are sorted by due, target, item and their ids are unique', () => {
    fc.assert(
      fc.property(template, fc.array(fc.tuple(zone, anchor), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 10 }), (t, targets, chunkDays) => {
        const enrolments = targets.map(([timeZone, a], i) => ({ targetId: `t${(i * 7) % 5}${i}`, anchor: a, timeZone, owner: 's' }));
        const tasks = [...planSop(t, enrolments, { from: Date.UTC(2026, 1, 20), to: Date.UTC(2026, 4, 1), chunkDays })];
        expect(new Set(tasks.map((x) => x.id)).size).toBe(tasks.length);
        for (let i = 1; i < tasks.length; i++) {
          const p = tasks[i - 1];
          const c = tasks[i];
          if (p === undefined || c === undefined) continue;
          const order = p.due - c.due || (p.targetId < c.targetId ? -1 : p.targetId > c.targetId ? 1 : 0) || p.itemIndex - c.itemIndex || p.occurrence - c.occurrence;
          expect(order).toBeLessThan(0);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
