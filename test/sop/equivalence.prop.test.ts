/**
 * The optimised expansion (issue 9: zone-day tables, number arrays instead of per-occurrence
 * objects, memoised local texts) gives exactly the results of the implementation it replaced,
 * kept frozen in ./reference/: whole `expandSop` results (tasks, cuts, exit) and whole plans
 * (tasks, cuts, rejections) compared with deep equality on random templates, enrolments, zones
 * (with DST, a 30-minute DST, a zone that skipped a whole day), ranges and holiday calendars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSop, planSop, type SopTemplateInput } from 'siyu/sop';
import { expandSop as expandSopBefore } from './reference/expand.js';
import { planSop as planSopBefore } from './reference/plan.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.oneof(fc.constant(0), fc.constant(30), fc.integer({ min: 0, max: 59 })))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const channel = fc.constantFrom('groupMessage', 'privateMessage', 'momentsPost', 'staffTask');
const bound = fc.oneof(fc.record({ day: fc.integer({ min: 0, max: 40 }) }), fc.record({ date: fc.constantFrom('2026-03-01', '2026-03-20', '2026-05-02', '2026-11-15') }));
const series = fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.record({ from: bound, until: bound }, { requiredKeys: [] }) });
const spec = fc.oneof(
  fc.record({ kind: fc.constant('relativeDay'), day: fc.integer({ min: 0, max: 40 }), at: time }),
  fc.record({ kind: fc.constant('relativeDuration'), hours: fc.integer({ min: 0, max: 900 }), minutes: fc.integer({ min: 0, max: 59 }) }),
  fc.record({ kind: fc.constant('fixed'), date: fc.constantFrom('2026-03-08', '2026-03-29', '2026-04-05', '2026-11-01', '2026-12-31'), at: time }),
  fc.tuple(fc.record({ kind: fc.constant('weekly'), isoWeekday: fc.constantFrom(1, 2, 3, 4, 5, 6, 7), at: time, everyWeeks: fc.integer({ min: 1, max: 3 }) }), series).map(([s, b]) => ({ ...s, ...b })),
  fc.tuple(fc.record({ kind: fc.constant('monthly'), day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant('last')), at: time, skipShortMonths: fc.boolean() }), series).map(([s, b]) => ({ ...s, ...b })),
  fc.record({ kind: fc.constant('monthly'), nth: fc.constantFrom(1, 2, 5, -1), isoWeekday: fc.constantFrom(1, 4, 7), at: time }),
  fc.tuple(fc.record({ kind: fc.constant('everyNDays'), n: fc.integer({ min: 1, max: 9 }), at: time }), series).map(([s, b]) => ({ ...s, ...b })),
  fc.record({ kind: fc.constant('yearly'), month: fc.constantFrom(1, 2, 3, 11), day: fc.integer({ min: 1, max: 29 }), at: time }),
);
const item = fc.record(
  {
    time: spec,
    channel,
    title: fc.constantFrom('Morning', 'Push'),
    windowMinutes: fc.integer({ min: 1, max: 2_000 }),
    priority: fc.integer({ min: -3, max: 3 }),
    ifPast: fc.constantFrom('skip', 'runNow', 'nextDay'),
    quietHours: fc.constantFrom('shift', 'drop'),
    onHoliday: fc.constantFrom('run', 'skip', 'shift'),
  },
  { requiredKeys: ['time', 'channel'] },
);
const quiet = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.tuple(time, time).filter(([a, b]) => a !== b).map(([start, end]) => ({ start, end })),
);
const cap = fc.record({ channel: fc.option(channel, { nil: undefined }), max: fc.integer({ min: 0, max: 4 }), per: fc.constantFrom('day', 'week', 'month') });
const template = fc
  .record({ items: fc.array(item, { minLength: 1, maxLength: 6 }), quiet, caps: fc.array(cap, { maxLength: 3 }), exit: fc.constantFrom(undefined, undefined, undefined, 'any', 'all') })
  .map(({ items, quiet: q, caps, exit }): SopTemplateInput => ({
    id: 'eq',
    variables: { group: { default: 'G' } },
    items: items.map((i, n) => ({ ...i, id: `i${n}`, content: { text: `item ${n} for {{group}}` } })) as SopTemplateInput['items'],
    ...(q === undefined ? {} : { quietHours: q }),
    caps: caps.map((c) => (c.channel === undefined ? { max: c.max, per: c.per } : c)) as SopTemplateInput['caps'],
    ...(exit === undefined ? {} : { exitWhen: { [exit]: [{ fact: 'joinedGroup' }, { fact: 'tagAdded', value: 'vip' }] } as NonNullable<SopTemplateInput['exitWhen']> }),
  }));
// DST in both hemispheres, a 30-minute DST (Lord Howe), a zone without DST, Samoa, which skipped
// 2011-12-30 entirely, and Monrovia, whose offset was −0:44:30 until 1972 (and local mean times
// of seconds before 1900: offsets that are not whole minutes).
const zone = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia', 'Africa/Monrovia');
const anchor = fc.oneof(
  // Around the 2026 DST changes (March, April, October, November) and month ends, any millisecond.
  fc.integer({ min: Date.UTC(2026, 1, 20), max: Date.UTC(2026, 3, 10) }),
  fc.integer({ min: Date.UTC(2026, 9, 20), max: Date.UTC(2026, 10, 5) }),
  fc.integer({ min: Date.UTC(2011, 11, 20), max: Date.UTC(2012, 0, 5) }),
  fc.integer({ min: Date.UTC(1899, 11, 1), max: Date.UTC(1900, 0, 5) }),
);
const facts = fc.array(
  fc.record({ kind: fc.constantFrom('joinedGroup', 'tagAdded', 'purchased', 'left'), at: fc.integer({ min: -2, max: 150 }), value: fc.constantFrom(undefined, 'vip') }),
  { maxLength: 2 },
);
const calendar = fc.option(
  fc.record({
    holidays: fc.subarray(['2026-03-04', '2026-03-08', '2026-03-09', '2026-04-06', '2026-11-01', '2011-12-31', '2012-01-02']),
    weekend: fc.subarray([6, 7] as (6 | 7)[]),
    workdays: fc.subarray(['2026-03-07', '2026-11-01']),
  }),
  { nil: undefined },
);
const range = fc.tuple(fc.integer({ min: -10, max: 40 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 23 }));

function enrolmentOf(targetId: string, a: number, timeZone: string, fs: readonly { kind: string; at: number; value: string | undefined }[]) {
  return {
    targetId,
    anchor: a,
    timeZone,
    owner: 's',
    facts: fs.map((f) => ({ kind: f.kind as 'joinedGroup', at: a + f.at * DAY, ...(f.value === undefined ? {} : { value: f.value }) })),
  };
}

/** The result of `f`, or the message it threw (an invalid random template throws on both sides). */
function outcome<T>(f: () => T): T | { threw: string } {
  try {
    return f();
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe('the optimised expansion equals the implementation it replaced', () => {
  it('a plan is the same whatever its chunks: a decade in one chunk, many targets (the packed sort falls back)', () => {
    const t: SopTemplateInput = {
      id: 'decade',
      items: ['09:00', '12:00', '20:00'].map((at, i) => ({ id: `i${i}`, time: { kind: 'everyNDays' as const, n: 1, at }, channel: 'groupMessage' as const, content: { text: 'hi' } })),
    };
    const enrolments = Array.from({ length: 6 }, (_, i) => ({ targetId: `g${i}`, anchor: Date.UTC(2026, 0, 1) + i * 37 * 60_000, timeZone: i % 2 === 0 ? 'America/New_York' : 'Asia/Shanghai', owner: 's' }));
    const range = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2036, 0, 1) };
    const whole = [...planSop(t, enrolments, { ...range, chunkDays: 3660 })];
    const perTarget = enrolments.map((e) => {
      const r = expandSop(t, e, range);
      return r.ok ? r.tasks.length : 0;
    });
    expect(whole.length).toBe(perTarget.reduce((a, b) => a + b, 0));
    expect(whole.length).toBeGreaterThan(65_000);
    expect(whole).toEqual([...planSop(t, enrolments, { ...range, chunkDays: 30 })]);
  }, 60_000);

  it('expandSop: the same tasks, cuts and exit on random inputs', () => {
    fc.assert(
      fc.property(template, zone, anchor, facts, calendar, range, (t, timeZone, a, fs, holidays, [startDay, days, hour]) => {
        const enrolment = enrolmentOf('x', a, timeZone, fs);
        const from = a + startDay * DAY + hour * HOUR;
        const options = { from, to: from + days * DAY + hour * 60_000, ...(holidays === undefined ? {} : { holidays }) };
        expect(outcome(() => expandSop(t, enrolment, options))).toEqual(outcome(() => expandSopBefore(t, enrolment, options)));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('planSop: the same tasks, cuts and rejections on random inputs', () => {
    fc.assert(
      fc.property(
        template,
        fc.array(fc.tuple(zone, anchor, facts), { minLength: 1, maxLength: 4 }),
        calendar,
        fc.integer({ min: 1, max: 10 }),
        range,
        (t, targets, holidays, chunkDays, [startDay, days]) => {
          const enrolments = targets.map(([timeZone, a, fs], i) => enrolmentOf(`t${(i * 7) % 5}${i}`, a, timeZone, fs));
          const first = Math.min(...targets.map(([, a]) => a));
          const options = { from: first + startDay * DAY, to: first + (startDay + days) * DAY, chunkDays, ...(holidays === undefined ? {} : { holidays }) };
          const run = (plan: typeof planSop) =>
            outcome(() => {
              const p = plan(t, enrolments, options);
              return { tasks: [...p], cuts: [...p.cuts()], rejected: p.rejected, targets: p.targets };
            });
          expect(run(planSop)).toEqual(run(planSopBefore));
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
