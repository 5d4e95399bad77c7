/**
 * siyu/sop benchmarks: a year of the daily 5-item SOP plus the weekly SOP streamed for many
 * groups (tasks/s), and one group's year with frequency caps, quiet hours and a holiday calendar.
 * The full size (10⁴ groups, ≈2×10⁷ tasks) takes minutes, so the plan here is scaled
 * down; tasks/s carries over because the plan streams in 7-day chunks (memory is one chunk).
 *
 * The comparison with rrule (the same daily and weekly recurrences with `tzid`, one year, both
 * sides checked to produce the same due instants) lives in the comparison harness:
 * bench/compare/workloads/sop.ts (`npm run bench`). An earlier version of this file timed
 * rrule's `between` on reused `RRule` objects, whose result cache answered every run after the
 * first without expanding anything.
 */
import { createRandom } from '../src/core/index.js';
import { createDailyGroupSop, createWeeklyGroupSop, expandSop, planSop, type SopTemplateInput } from '../src/sop/index.js';
import type { Benchmark } from './harness.js';

const daily = createDailyGroupSop();
const weekly = createWeeklyGroupSop();
/** Daily 5-item SOP and weekly 3-item SOP as one playbook, no caps. */
const playbook: SopTemplateInput = { id: 'daily-weekly', items: [...daily.items, ...weekly.items] };

const rng = createRandom(7);
const GROUPS = 50;
const start = Date.UTC(2025, 11, 31, 16); // 2026-01-01 00:00 in Shanghai
const enrolments = Array.from({ length: GROUPS }, (_, i) => ({
  targetId: `g${String(i).padStart(5, '0')}`,
  anchor: start + rng.nextInt(24 * 60) * 60_000,
  timeZone: i % 10 === 0 ? 'America/New_York' : 'Asia/Shanghai',
  owner: `staff-${rng.nextInt(20)}`,
}));
const year = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2027, 0, 1) };

function countPlan(): number {
  let n = 0;
  for (const task of planSop(playbook, enrolments, year)) n += task.due > 0 ? 1 : 0;
  return n;
}

const expected = countPlan();

/** The public expandSop over the first ten groups' year: tasks produced. */
function expandTen(): number {
  let n = 0;
  for (const e of enrolments.slice(0, 10)) {
    const r = expandSop(playbook, e, year);
    n += r.ok ? r.tasks.length : 0;
  }
  return n;
}

const constrained: SopTemplateInput = {
  ...playbook,
  id: 'constrained',
  items: playbook.items.map((item) => ({ ...item, onHoliday: 'shift' as const })),
  caps: [
    { channel: 'groupMessage', max: 4, per: 'day' },
    { max: 30, per: 'week' },
  ],
};
const one = enrolments[1] as (typeof enrolments)[number];
const holidays = { holidays: ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-05-01', '2026-10-01', '2026-10-02'], weekend: [], workdays: [] };

/** Benchmarks of siyu/sop. */
export const benchmarks: Benchmark[] = [
  {
    name: 'sop: planSop, daily 5-item + weekly SOP, 1 year, streamed',
    size: `${GROUPS} groups, ${expected.toLocaleString('en')} tasks`,
    run: countPlan,
  },
  {
    name: 'sop: expandSop, 1 group, 1 year, caps + quiet hours + holidays',
    size: `1 group, ${String(((r) => (r.ok ? r.tasks.length + r.cuts.length : 0))(expandSop(constrained, one, { ...year, holidays })))} tasks and cuts`,
    run: () => expandSop(constrained, one, { ...year, holidays }),
  },
  {
    name: 'sop: expandSop, daily 5-item + weekly SOP, 1 year, per group',
    size: `10 groups, ${String(expandTen())} tasks`,
    run: expandTen,
  },
];
