/**
 * Expansion: one template and one enrolment → the concrete tasks of that target over a range,
 * after every constraint, in a documented order:
 *
 * 1. the series: occurrences of each item's time spec (local days, DST-aware);
 * 2. `ifPast`: an occurrence scheduled before the anchor is skipped, run at the anchor, or moved
 *    to the next day;
 * 3. holidays (`onHoliday`): skip, or shift to the next working day at the same local time;
 * 4. quiet hours: shift to the window's end (the next allowed minute), or drop;
 * 5. exit: nothing due at or after the instant the exit rule is satisfied;
 * 6. frequency caps: per target and local day, then week, then month; by priority, then time;
 * 7. the range: tasks due in `[from, to)`.
 *
 * Every step depends only on the enrolment (never on the range), so any range gives the same
 * tasks as a longer one restricted to it: re-running a plan never duplicates or renames a task,
 * and extending the horizon only appends.
 *
 * @module
 */
import { SiyuError, daysInMonth, toInstant, type Instant, type InstantInput, type TimeZone } from '../core/index.js';
import { applyCaps } from './caps.js';
import { compileCalendar, compileTemplate, type CompiledCalendar, type CompiledItem, type CompiledTemplate } from './compile.js';
import { parseSopEnrolment } from './enrolment.js';
import { findSopExit } from './exit.js';
import { HOLIDAY_SHIFT_MAX_DAYS, isWorkingDay, nextWorkingDay } from './holidays.js';
import { dayParts, formatLocal, instantAtLocal, isoWeekdayOfDay, locate, located, localPositionOf, uniformMidnight } from './localDay.js';
import { nominalOccurrences, occurrenceOnDay, type OccurrenceContext } from './occurrence.js';
import { sortByDueStable } from './order.js';
import { isQuiet, quietEndAfter } from './quietHours.js';
import { renderSopText } from './render.js';
import type { SopEnrolment, SopEnrolmentInput, SopHolidayCalendarInput, SopTemplateInput } from './schema.js';
import type { SopAdjustment, SopCut, SopCutReason, SopExpansion, SopExpansionRejection, SopExpansionResult, SopTask } from './task.js';

/** Options of {@link expandSop}: the range `[from, to)` and an optional holiday calendar. */
export interface ExpandSopOptions {
  /** Start of the range (inclusive). */
  readonly from: InstantInput;
  /** End of the range (exclusive). */
  readonly to: InstantInput;
  /** Holiday calendar used by items with `onHoliday: 'skip' | 'shift'`; without one every day is a working day. */
  readonly holidays?: SopHolidayCalendarInput;
}

/** An enrolment checked against a template: texts rendered, assignees resolved, exit found. */
export interface PreparedEnrolment {
  readonly enrolment: SopEnrolment;
  readonly ctx: OccurrenceContext;
  readonly texts: readonly string[];
  readonly assignees: readonly string[];
  readonly exitAt: Instant | null;
  /** `sop:<template>:<item>:` by item index: a task id is this + occurrence + {@link idSuffix}. */
  readonly idPrefixes: readonly string[];
  /** `:<target>`. */
  readonly idSuffix: string;
}

const DATE_VARIABLE = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/;

function rejection(enrolment: SopEnrolment, reason: SopExpansionRejection['reason'], itemId: string, name: string, message: string): SopExpansionRejection {
  return { ok: false, reason, message: `${enrolment.targetId}: ${itemId}: ${message}`, targetId: enrolment.targetId, itemId, name };
}

/** Checks an enrolment against a compiled template once, whatever range is expanded later. */
export const prepareEnrolment = (compiled: CompiledTemplate, enrolment: SopEnrolment): PreparedEnrolment | SopExpansionRejection => {
  const texts: string[] = [];
  const assignees: string[] = [];
  const yearlyDates = new Map<number, { month: number; day: number }>();
  for (const ci of compiled.items) {
    const item = ci.item;
    const rendered = renderSopText(ci.text, enrolment.variables, compiled.defaults);
    if (!rendered.ok) return rejection(enrolment, 'missing_variable', item.id, rendered.variable, rendered.message);
    texts.push(rendered.text);
    const rule = item.assignee;
    const assignee =
      rule.kind === 'staff' ? rule.staffId : rule.kind === 'owner' ? enrolment.owner : Object.hasOwn(enrolment.roles, rule.role) ? enrolment.roles[rule.role] : undefined;
    if (assignee === undefined) {
      const name = rule.kind === 'role' ? rule.role : 'owner';
      return rejection(enrolment, 'missing_assignee', item.id, name, `no staff member for ${rule.kind === 'role' ? `role "${name}"` : 'the owner'}`);
    }
    assignees.push(assignee);
    const time = item.time;
    if (time.kind === 'yearly') {
      if (time.dateVariable === undefined) {
        yearlyDates.set(ci.index, { month: time.month as number, day: time.day as number });
      } else {
        const name = time.dateVariable;
        const raw = Object.hasOwn(enrolment.variables, name) ? enrolment.variables[name] : compiled.defaults[name];
        if (raw === undefined) return rejection(enrolment, 'missing_variable', item.id, name, `variable "${name}" has no value and no default`);
        const m = DATE_VARIABLE.exec(String(raw));
        const month = Number(m?.[2]);
        const day = Number(m?.[3]);
        if (m === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(2024, month)) {
          return rejection(enrolment, 'invalid_variable', item.id, name, `variable "${name}" must be a date YYYY-MM-DD or MM-DD, received "${String(raw)}"`);
        }
        yearlyDates.set(ci.index, { month, day });
      }
    }
  }
  const anchorDay = localPositionOf(enrolment.timeZone, enrolment.anchor).day;
  return {
    enrolment,
    ctx: { anchor: enrolment.anchor, anchorDay, timeZone: enrolment.timeZone, yearlyDates },
    texts,
    assignees,
    exitAt: findSopExit(compiled.template.exitWhen, enrolment.facts),
    idPrefixes: compiled.items.map((ci) => `sop:${compiled.template.id}:${ci.item.id}:`),
    idSuffix: `:${enrolment.targetId}`,
  };
};

interface Candidate {
  readonly ci: CompiledItem;
  readonly occurrence: number;
  readonly scheduled: Instant;
  readonly due: Instant;
  /** Local day, wall-clock ms of the day and offset of `due`. */
  readonly day: number;
  readonly ms: number;
  readonly offset: number;
  readonly adjustments: readonly SopAdjustment[];
  readonly priority: number;
  readonly itemIndex: number;
  readonly channel: CompiledItem['item']['channel'];
}

const NO_ADJUSTMENTS: readonly SopAdjustment[] = Object.freeze([]);

/** Local days `[first, last]` whose candidates must be known to decide the range's caps exactly. */
function neededDays(compiled: CompiledTemplate, fromDay: number, toDay: number): [number, number] {
  let first = fromDay;
  let last = toDay;
  if (compiled.capUnit === 'week') {
    first -= isoWeekdayOfDay(first) - 1;
    last += 7 - isoWeekdayOfDay(last);
  } else if (compiled.capUnit === 'month') {
    first -= dayParts(first).day - 1;
    const p = dayParts(last);
    last += daysInMonth(p.year, p.month) - p.day;
  }
  // A coarser stage sees the survivors of finer ones, whose periods reach up to 6 days further.
  return compiled.capUnit === null ? [first, last] : [first - 7, last + 7];
}

function byDue(a: SopTask, b: SopTask): number {
  return a.due - b.due || a.itemIndex - b.itemIndex || a.occurrence - b.occurrence;
}

/**
 * Tasks in (due, item, occurrence) order. They are generated item by item, each item's in
 * (due, occurrence) order, so a stable sort by due alone gives that order; it is checked, and the
 * comparison sort is the fallback should a constraint ever reorder an item's occurrences.
 */
function orderTasks(tasks: SopTask[]): SopTask[] {
  const ordered = sortByDueStable(tasks);
  for (let i = 1; i < ordered.length; i++) {
    const a = ordered[i - 1] as SopTask;
    const b = ordered[i] as SopTask;
    if (a.due === b.due && byDue(a, b) > 0) return ordered.sort(byDue);
  }
  return ordered;
}

function byCutOrder(a: SopCut, b: SopCut): number {
  return a.at - b.at || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0);
}

/**
 * Expands a prepared enrolment over `[from, to)`. One pass per item over its nominal
 * occurrences (parallel number arrays, no per-occurrence objects); positions come from the
 * zone's day table without any zone lookup on days without a DST change; a task object is built
 * once, only for an occurrence that survives every constraint and falls in the range.
 */
export const expandPrepared = (compiled: CompiledTemplate, prepared: PreparedEnrolment, from: Instant, to: Instant, calendar: CompiledCalendar | null): SopExpansion => {
  if (to <= from) return { ok: true, tasks: [], cuts: [], exitedAt: prepared.exitAt };
  const { enrolment, ctx, texts, assignees, idPrefixes, idSuffix } = prepared;
  const zone: TimeZone = enrolment.timeZone;
  const targetId = enrolment.targetId;
  const templateId = compiled.template.id;
  const quiet = compiled.quiet;
  const capped = compiled.capStages.length > 0;
  const exitAt = prepared.exitAt;
  const anchor = ctx.anchor;
  locate(zone, from);
  const fromDay = located.day;
  locate(zone, to - 1);
  const [needFrom, needTo] = neededDays(compiled, fromDay, located.day);
  // Constraints only move tasks forward: quiet hours that wrap midnight by up to a day, holiday
  // shifts by up to the calendar's longest break. Start generating that much earlier.
  const lookback = (quiet !== null && quiet.start > quiet.end ? 1 : 0) + (compiled.shiftsOnHolidays && calendar !== null ? calendar.longestBreak : 0);
  const genFrom = needFrom - lookback;
  const genTo = needTo + 1;
  const cuts: SopCut[] = [];
  const cutAt = (ci: CompiledItem, occurrence: number, at: Instant, reason: SopCutReason, message: string, capIndex?: number): void => {
    if (at < from || at >= to) return;
    const taskId = (idPrefixes[ci.index] as string) + String(occurrence) + idSuffix;
    const itemId = ci.item.id;
    cuts.push(capIndex === undefined ? { taskId, itemId, targetId, occurrence, at, reason, message } : { taskId, itemId, targetId, occurrence, at, reason, message, capIndex });
  };
  const tasks: SopTask[] = [];
  const toTask = (ci: CompiledItem, occurrence: number, scheduled: Instant, due: Instant, day: number, ms: number, offset: number, adjustments: readonly SopAdjustment[]): SopTask => {
    const item = ci.item;
    const itemIndex = ci.index;
    let windowEnd = due + item.windowMinutes * 60_000;
    if (quiet !== null) windowEnd = Math.min(windowEnd, instantAtLocal(zone, ms < quiet.start ? day : day + 1, quiet.start));
    const id = (idPrefixes[itemIndex] as string) + String(occurrence) + idSuffix;
    const dueLocal = formatLocal(day, ms, offset);
    const text = texts[itemIndex] as string;
    const assignee = assignees[itemIndex] as string;
    const { id: itemId, channel, priority, title } = item;
    const attachments = item.content.attachments;
    // Two literals, not a spread: one hidden class per shape, built in one step.
    return title === undefined
      ? { id, templateId, itemId, itemIndex, targetId, occurrence, due, dueLocal, windowEnd, scheduled, adjustments, channel, text, attachments, priority, assignee }
      : { id, templateId, itemId, itemIndex, targetId, occurrence, due, dueLocal, windowEnd, scheduled, adjustments, channel, title, text, attachments, priority, assignee };
  };
  const candidates: Candidate[] = [];
  for (const ci of compiled.items) {
    const item = ci.item;
    const atMs = ci.atMs;
    // Specs with a local time of day are scheduled at it on their nominal day.
    const atLocalTime = item.time.kind !== 'relativeDuration';
    // A recurring occurrence missed on the anchor's day may move to the next day (ifPast: nextDay).
    const itemFrom = item.ifPast === 'nextDay' && ctx.anchorDay === genFrom - 1 ? ctx.anchorDay : genFrom;
    const nominal = nominalOccurrences(ci, ctx, itemFrom, genTo);
    const count = nominal.length;
    const occurrences = nominal.occurrence;
    const scheduledAt = nominal.at;
    const nominalDays = nominal.day;
    for (let k = 0; k < count; k++) {
      const occurrence = occurrences[k] as number;
      const scheduled = scheduledAt[k] as number;
      let due = scheduled;
      let adjustments = NO_ADJUSTMENTS;
      // 2. ifPast
      if (due < anchor) {
        if (item.ifPast === 'skip') {
          cutAt(ci, occurrence, due, 'past', 'scheduled before the enrolment (ifPast: skip)');
          continue;
        }
        if (item.ifPast === 'runNow') {
          due = anchor;
          adjustments = ['runNow'];
        } else {
          const next = ctx.anchorDay + 1;
          if (ci.recurring && occurrenceOnDay(ci, ctx, next) >= 0) {
            cutAt(ci, occurrence, due, 'past', 'scheduled before the enrolment; the next day has its own occurrence');
            continue;
          }
          due = instantAtLocal(zone, next, atMs);
          adjustments = ['nextDay'];
        }
      }
      // Local position of `due`: on a uniform day, an occurrence still at its scheduled local
      // time is at (its day, its time of day, the day's offset) with no lookup at all.
      let day: number;
      let ms: number;
      let offset: number;
      const nominalDay = nominalDays[k] as number;
      if (due === scheduled && atLocalTime && !Number.isNaN(uniformMidnight(zone, nominalDay))) {
        day = nominalDay;
        ms = atMs;
        offset = located.offset;
      } else {
        locate(zone, due);
        day = located.day;
        ms = located.ms;
        offset = located.offset;
      }
      // 3. holidays
      if (calendar !== null && item.onHoliday !== 'run' && !isWorkingDay(calendar, day)) {
        const shiftTo = item.onHoliday === 'shift' ? nextWorkingDay(calendar, day) : undefined;
        if (shiftTo === undefined) {
          const why = item.onHoliday === 'skip' ? 'not a working day (onHoliday: skip)' : `no working day within ${HOLIDAY_SHIFT_MAX_DAYS} days`;
          cutAt(ci, occurrence, due, 'holiday', why);
          continue;
        }
        due = instantAtLocal(zone, shiftTo, ms);
        locate(zone, due);
        day = located.day;
        ms = located.ms;
        offset = located.offset;
        adjustments = [...adjustments, 'holiday'];
      }
      // 4. quiet hours
      if (quiet !== null && isQuiet(quiet, ms)) {
        if (item.quietHours === 'drop') {
          cutAt(ci, occurrence, due, 'quiet_hours', 'due inside quiet hours (quietHours: drop)');
          continue;
        }
        due = quietEndAfter(quiet, zone, due);
        locate(zone, due);
        day = located.day;
        ms = located.ms;
        offset = located.offset;
        adjustments = [...adjustments, 'quietHours'];
      }
      // 5. exit
      if (exitAt !== null && due >= exitAt) continue;
      if (!capped) {
        // 7. the range (no caps: decide at once)
        if (due >= from && due < to) tasks.push(toTask(ci, occurrence, scheduled, due, day, ms, offset, adjustments));
        continue;
      }
      candidates.push({ ci, occurrence, scheduled, due, day, ms, offset, adjustments, priority: item.priority, itemIndex: ci.index, channel: item.channel });
    }
  }
  if (capped) {
    // 6. caps, then 7. the range
    const kept = applyCaps(compiled.capStages, candidates, (c, capIndex, message) => cutAt(c.ci, c.occurrence, c.due, 'frequency_cap', message, capIndex));
    for (const c of kept) if (c.due >= from && c.due < to) tasks.push(toTask(c.ci, c.occurrence, c.scheduled, c.due, c.day, c.ms, c.offset, c.adjustments));
  }
  cuts.sort(byCutOrder);
  return { ok: true, tasks: orderTasks(tasks), cuts, exitedAt: exitAt };
};

/** Normalises a range, or throws a `SiyuError` naming `from` / `to`. */
export const readRange = (options: { readonly from: InstantInput; readonly to: InstantInput }): [Instant, Instant] => {
  const from = toInstant(options.from, ['from']);
  const to = toInstant(options.to, ['to']);
  if (to < from) throw SiyuError.at(['to'], 'the range ends before it starts');
  return [from, to];
};

/**
 * The tasks of one target (group or customer) over `[from, to)`: every occurrence of every item,
 * after `ifPast`, holidays, quiet hours, the exit rule and frequency caps (see the module notes
 * for the order), with deterministic ids, rendered content and the resolved assignee. What the
 * constraints removed is listed in `cuts`. An enrolment lacking a variable (without default) or
 * an assignee is a typed rejection; an invalid template, enrolment or range throws a `SiyuError`.
 *
 * @example
 * ```ts
 * import { expandSop, type SopTemplateInput } from 'siyu/sop';
 * const template: SopTemplateInput = {
 *   id: 'opening',
 *   variables: { group: {} },
 *   items: [
 *     { id: 'welcome', time: { kind: 'relativeDay', day: 0, at: '20:00' }, channel: 'groupMessage', content: { text: 'Welcome to {{group}}!' } },
 *     { id: 'value', time: { kind: 'relativeDay', day: 1, at: '09:00' }, channel: 'groupMessage', content: { text: 'What we offer' } },
 *   ],
 * };
 * const enrolment = { targetId: 'g1', anchor: '2026-03-02T10:00:00+08:00', owner: 'staff-7', variables: { group: 'A$&B' } };
 * const out = expandSop(template, enrolment, { from: '2026-03-01T00:00:00+08:00', to: '2026-03-09T00:00:00+08:00' });
 * out.ok ? out.tasks.map((t) => [t.dueLocal, t.text]) : [];
 * // → [['2026-03-02T20:00:00+08:00', 'Welcome to A$&B!'], ['2026-03-03T09:00:00+08:00', 'What we offer']]
 * out.ok ? out.tasks[0]?.id : '';
 * // → 'sop:opening:welcome:0:g1'
 * ```
 */
export function expandSop(template: SopTemplateInput, enrolment: SopEnrolmentInput, options: ExpandSopOptions): SopExpansionResult {
  const compiled = compileTemplate(template);
  const parsed = parseSopEnrolment(enrolment);
  const [from, to] = readRange(options);
  const calendar = options.holidays === undefined ? null : compileCalendar(options.holidays);
  const prepared = prepareEnrolment(compiled, parsed);
  if ('reason' in prepared) return prepared;
  return expandPrepared(compiled, prepared, from, to, calendar);
}
