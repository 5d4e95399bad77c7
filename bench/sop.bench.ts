/**
 * siyu/sop benchmarks: a year of the daily 5-item SOP plus the weekly SOP streamed for many
 * groups (tasks/s), and one group's year with frequency caps, quiet hours and a holiday calendar.
 * The full size (10⁴ groups, ≈2×10⁷ tasks) takes minutes, so the plan here is scaled
 * down; tasks/s carries over because the plan streams in 7-day chunks (memory is one chunk).
 *
 * The comparison with rrule (the same daily and weekly recurrences, `tzid` set, one year, expanded
 * with `between`) runs only when the `rrule` package can be imported: it is meant as a dev
 * dependency of the benchmark only, and is skipped (with a note on stderr) when absent.
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

/** The part of rrule's API the comparison uses. */
interface RRuleLike {
  between(after: Date, before: Date, inc?: boolean): Date[];
}
/** The rrule module (ESM namespace or its CommonJS default). */
interface RRuleModuleLike {
  readonly RRule: {
    new (options: { freq: number; dtstart: Date; tzid: string; byweekday?: number[]; byhour: number[]; byminute: number[]; bysecond: number[] }): RRuleLike;
    readonly DAILY: number;
    readonly WEEKLY: number;
  };
}
const RRULE_SPECIFIER = 'rrule';
const rruleModule = await import(RRULE_SPECIFIER).then(
  (m: unknown): RRuleModuleLike | null => {
    const mod = m as Partial<RRuleModuleLike> & { default?: Partial<RRuleModuleLike> };
    return (mod.RRule === undefined ? mod.default : mod) as RRuleModuleLike | null;
  },
  () => null,
);

/** Same recurrences as `playbook` for `groups` groups in rrule (tzid = the group's zone): one rule per item and group. */
function rruleComparison(rr: RRuleModuleLike, groups: readonly (typeof enrolments)[number][]): Benchmark[] {
  const { RRule } = rr;
  const rules: RRuleLike[] = [];
  for (const g of groups) {
    for (const item of playbook.items) {
      const time = item.time;
      if (time.kind !== 'everyNDays' && time.kind !== 'weekly') continue;
      const [h, m] = time.at.split(':').map(Number) as [number, number];
      rules.push(
        new RRule({
          freq: time.kind === 'weekly' ? RRule.WEEKLY : RRule.DAILY,
          dtstart: new Date(Date.UTC(2026, 0, 1, 0, 0)), // rrule's convention: local wall time in UTC fields
          tzid: g.timeZone,
          ...(time.kind === 'weekly' ? { byweekday: [time.isoWeekday - 1] } : {}),
          byhour: [h],
          byminute: [m],
          bysecond: [0],
        }),
      );
    }
  }
  const after = new Date(year.from);
  const before = new Date(year.to);
  const runRrule = (): number => rules.reduce((n, rule) => n + rule.between(after, before, true).length, 0);
  const runSiyu = (): number => groups.reduce((n, g) => n + ((r) => (r.ok ? r.tasks.length : 0))(expandSop(playbook, g, year)), 0);
  return [
    { name: 'sop: rrule (tzid) comparison: rrule between(), daily 5 + weekly 3, 1 year', size: `${String(groups.length)} groups, ${runRrule().toLocaleString('en')} occurrences`, run: runRrule },
    { name: 'sop: rrule (tzid) comparison: siyu expandSop, same playbook', size: `${String(groups.length)} groups, ${runSiyu().toLocaleString('en')} tasks`, run: runSiyu },
  ];
}

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
];
if (rruleModule === null) {
  process.stderr.write('sop: rrule is not installed; the rrule comparison is skipped (npm i -D rrule to run it)\n');
} else {
  benchmarks.push(...rruleComparison(rruleModule, enrolments.slice(0, 10)));
}
