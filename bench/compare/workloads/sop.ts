/**
 * SOP expansion, siyu versus `rrule` (2.8.1) with `tzid`: the daily 5-item SOP (08:30, 11:30,
 * 15:00, 19:30, 21:00) plus the weekly 3-item SOP (Monday 10:00, Wednesday and Friday 20:00) for
 * groups alternating between America/New_York (both 2026 DST changes fall inside the year) and
 * Asia/Shanghai — two groups at size `1e6`, four at `1e7` — over the year
 * `[2026-01-01T00:00Z, 2027-01-01T00:00Z)`. rrule needs ≈ 0.6–1.2 s per group-year (two `Intl`
 * formats per occurrence), so the group count is kept small; the ratio does not depend on it.
 *
 * The same job on both sides, so both produce the same due instants:
 * - one rule per group and item: `DAILY` (or `WEEKLY` + `byweekday`) at `byhour`/`byminute`,
 *   `tzid` = the group's zone, `dtstart` = the group's enrolment anchor as a local wall time
 *   (rrule's convention for `tzid`: the wall time in UTC fields). siyu skips occurrences before
 *   the anchor (`ifPast: 'skip'`, the default); rrule starts at `dtstart`: the same first
 *   occurrence.
 * - rrule is built with `noCache` (its second constructor argument): an `RRule` otherwise
 *   memoises `between` results per argument list, and every timed run after the first would
 *   return the stored array without expanding anything. Rules are built once, outside the
 *   timing, as siyu's template is compiled once (memoised by object identity).
 * - rrule's results with `tzid` depend on the host's zone: a returned `Date` is the occurrence
 *   shifted by the host's offset (on a UTC host, the instant itself), with both zones' offsets
 *   read at the wrong instant near DST changes. The range is passed in that frame, and the
 *   canonical form (outside the timing) removes the host's share of rrule's shift (see
 *   `fromRruleFrame`), giving what rrule returns on a UTC host, whatever the host's zone. On a
 *   UTC host both conversions are the identity. (On a host whose own DST change falls within
 *   hours of an occurrence the shift is not invertible and the check fails: use `TZ=UTC`.)
 * - siyu runs the public `expandSop` per group: it also validates the enrolment (zod), applies
 *   quiet hours (22:00–08:00, which no item falls in), the exit rule and caps (none here), and
 *   builds a full task per occurrence — deterministic id, rendered text, assignee, channel,
 *   priority, `dueLocal` text with offset, send-window end — sorted by due time. rrule returns
 *   bare `Date`s.
 *
 * Canonical result: per group and item, the count and the sorted list of due instants (epoch ms).
 * rrule is optional: without it (or at size `tiny`, which also shrinks the range to one month)
 * only siyu runs.
 */
import { createDailyGroupSop, createWeeklyGroupSop, expandSop, type SopExpansionResult, type SopTemplateInput } from '../../../src/sop/index.js';
import { createRandom, localParts, zoneOffsetMinutes } from '../../../src/core/index.js';
import { importOptional, type Implementation, type Workload, type WorkloadFactory } from '../workload.js';

/** The part of rrule's API the workload uses. */
interface RRuleLike {
  between(after: Date, before: Date, inc?: boolean): Date[];
}

/** rrule's options for one rule (the fields used here). */
interface RRuleOptionsLike {
  freq: number;
  dtstart: Date;
  tzid: string;
  byweekday?: number[];
  byhour: number[];
  byminute: number[];
  bysecond: number[];
}

/** The rrule module (ESM namespace, or its CommonJS default). */
interface RRuleModuleLike {
  readonly RRule: {
    new (options: RRuleOptionsLike, noCache?: boolean): RRuleLike;
    readonly DAILY: number;
    readonly WEEKLY: number;
  };
}

/** Canonical form: one row per group and item. */
interface SopCanonicalRow {
  readonly targetId: string;
  readonly itemId: string;
  readonly count: number;
  readonly dues: readonly number[];
}

const playbook: SopTemplateInput = { id: 'daily-weekly', items: [...createDailyGroupSop().items, ...createWeeklyGroupSop().items] };

/** Seeded enrolments: anchors within the first local day of 2026 (Shanghai), zones alternating. */
function makeEnrolments(groups: number): { targetId: string; anchor: number; timeZone: string; owner: string }[] {
  const rng = createRandom(7);
  const start = Date.UTC(2025, 11, 31, 16); // 2026-01-01 00:00 in Shanghai
  return Array.from({ length: groups }, (_, i) => ({
    targetId: `g${String(i).padStart(5, '0')}`,
    anchor: start + rng.nextInt(24 * 60) * 60_000,
    timeZone: i % 2 === 0 ? 'America/New_York' : 'Asia/Shanghai',
    owner: `staff-${String(rng.nextInt(20))}`,
  }));
}

function canonicalRows(rows: Map<string, SopCanonicalRow & { dues: number[] }>): SopCanonicalRow[] {
  const out = [...rows.values()];
  for (const r of out) r.dues.sort((a, b) => a - b);
  out.sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return out.map((r) => ({ targetId: r.targetId, itemId: r.itemId, count: r.dues.length, dues: r.dues }));
}

function addDue(rows: Map<string, SopCanonicalRow & { dues: number[] }>, targetId: string, itemId: string, due: number): void {
  const key = `${targetId}\u0000${itemId}`;
  let row = rows.get(key);
  if (row === undefined) {
    row = { targetId, itemId, count: 0, dues: [] };
    rows.set(key, row);
  }
  row.dues.push(due);
}

/** An instant in rrule's frame for `tzid` results: a Date whose UTC fields show the host's wall clock. */
function toRruleFrame(instant: number): Date {
  const d = new Date(instant);
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()));
}

/** The host zone's offset from UTC at an instant, in minutes (what rrule reads through `Intl`). */
function hostOffsetMinutes(instant: number): number {
  return -new Date(instant).getTimezoneOffset();
}

/**
 * What rrule returns for a `tzid` result on a UTC host. rrule generates the wall time `W` in the
 * rule's zone (as UTC fields), then returns `W − offset_zone(W) + offset_host(W)`, both offsets
 * read at the instant `W` (its `rezonedDate`). This recovers `W` by fixed-point iteration and
 * removes the host's share only, so the comparison is the same on any host (on a UTC host it is
 * the identity). rrule's own reading of the zone's offset at `W` is kept: were an occurrence in
 * the hours where that is wrong (a daily 04:00 in New York on 2026-03-08 comes back as 09:00Z,
 * 05:00 EDT), the agreement check would fail rather than hide it; this playbook has none.
 */
function fromRruleFrame(d: Date, timeZone: string): number {
  const r = d.getTime();
  let wall = r;
  for (let i = 0; i < 4; i++) wall = r + (zoneOffsetMinutes(wall, timeZone) - hostOffsetMinutes(wall)) * 60_000;
  return wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
}

export const createWorkloads: WorkloadFactory = async (context) => {
  const tiny = context.size === 'tiny';
  const enrolments = makeEnrolments(context.size === '1e7' ? 4 : 2);
  const range = tiny ? { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) } : { from: Date.UTC(2026, 0, 1), to: Date.UTC(2027, 0, 1) };

  const siyu: Implementation = {
    name: 'siyu expandSop',
    run: (): SopExpansionResult[] => enrolments.map((e) => expandSop(playbook, e, range)),
    canonical: (result) => {
      const rows = new Map<string, SopCanonicalRow & { dues: number[] }>();
      for (const r of result as SopExpansionResult[]) {
        if (!r.ok) throw new Error(`sop workload: ${r.message}`);
        for (const t of r.tasks) addDue(rows, t.targetId, t.itemId, t.due);
      }
      return canonicalRows(rows);
    },
  };
  const implementations: Implementation[] = [siyu];

  // rrule is not loaded for siyu's own peak-memory run (`onlyImplementation`).
  const wantRrule = context.withComparisons && !tiny && (context.onlyImplementation?.startsWith('rrule') ?? true);
  const loaded = wantRrule ? await importOptional<Partial<RRuleModuleLike> & { default?: RRuleModuleLike }>('rrule') : null;
  const rr = loaded === null ? null : loaded.RRule === undefined ? (loaded.default ?? null) : (loaded as RRuleModuleLike);
  if (rr !== null) {
    const { RRule } = rr;
    const rules: { rule: RRuleLike; targetId: string; itemId: string; timeZone: string }[] = [];
    for (const e of enrolments) {
      // dtstart: the anchor's wall time in the group's zone, in UTC fields (rrule's tzid convention).
      const a = localParts(e.anchor, e.timeZone);
      const dtstart = new Date(Date.UTC(a.year, a.month - 1, a.day, a.hour, a.minute, a.second, a.millisecond));
      for (const item of playbook.items) {
        const time = item.time;
        if (time.kind !== 'everyNDays' && time.kind !== 'weekly') throw new Error('sop workload: only daily and weekly items');
        const [h, m] = time.at.split(':').map(Number) as [number, number];
        const options: RRuleOptionsLike = {
          freq: time.kind === 'weekly' ? RRule.WEEKLY : RRule.DAILY,
          dtstart,
          tzid: e.timeZone,
          byhour: [h],
          byminute: [m],
          bysecond: [0],
          ...(time.kind === 'weekly' ? { byweekday: [time.isoWeekday - 1] } : {}),
        };
        rules.push({ rule: new RRule(options, true), targetId: e.targetId, itemId: item.id, timeZone: e.timeZone });
      }
    }
    // The range [from, to) in rrule's frame; `inc: false` excludes both ends, and no occurrence
    // falls exactly on `from` (no item is due at 08:00 in Shanghai or 19:00 in New York).
    const after = toRruleFrame(range.from);
    const before = toRruleFrame(range.to);
    implementations.unshift({
      name: 'rrule (tzid)',
      run: (): Date[][] => rules.map((r) => r.rule.between(after, before, false)),
      canonical: (result) => {
        const rows = new Map<string, SopCanonicalRow & { dues: number[] }>();
        const lists = result as Date[][];
        lists.forEach((dates, i) => {
          const { targetId, itemId, timeZone } = rules[i] as (typeof rules)[number];
          for (const d of dates) addDue(rows, targetId, itemId, fromRruleFrame(d, timeZone));
        });
        return canonicalRows(rows);
      },
    });
  }

  // Occurrences per run, counted once outside the timing.
  let items = 0;
  for (const r of siyu.run() as SopExpansionResult[]) items += r.ok ? r.tasks.length : 0;
  const workload: Workload = {
    name: 'sop: expand daily+weekly playbook, 1 year',
    items,
    unit: 'tasks',
    implementations,
    baseline: rr !== null ? 'rrule (tzid)' : 'siyu expandSop',
    ...(rr !== null ? { ratioTargets: [{ subject: 'siyu expandSop', versus: 'rrule (tzid)', max: 0.1 }] } : {}),
  };
  return [workload];
};
