// Frozen copy of src/sop/expand.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
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
import { SiyuError, daysInMonth, toInstant, type Instant, type InstantInput, type TimeZone } from 'siyu/core';
import { applyCaps } from './caps.js';
import { compileCalendar, compileTemplate, type CompiledCalendar, type CompiledItem, type CompiledTemplate } from './compile.js';
import { parseSopEnrolment } from './enrolment.js';
import { findSopExit } from './exit.js';
import { HOLIDAY_SHIFT_MAX_DAYS, isWorkingDay, nextWorkingDay } from './holidays.js';
import { dayParts, formatLocalIso, instantAtLocal, isoWeekdayOfDay, localPositionOf, type LocalPosition } from './localDay.js';
import { nominalOccurrences, occurrenceOnDay, type OccurrenceContext } from './occurrence.js';
import { isQuiet, quietEndAfter, quietStartAfter } from './quietHours.js';
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
  };
};

interface Candidate {
  readonly ci: CompiledItem;
  readonly id: string;
  readonly occurrence: number;
  readonly scheduled: Instant;
  readonly due: Instant;
  readonly pos: LocalPosition;
  readonly day: number;
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

function byDue(a: { due: number; itemIndex: number; occurrence: number }, b: { due: number; itemIndex: number; occurrence: number }): number {
  return a.due - b.due || a.itemIndex - b.itemIndex || a.occurrence - b.occurrence;
}

/** Expands a prepared enrolment over `[from, to)`. */
export const expandPrepared = (compiled: CompiledTemplate, prepared: PreparedEnrolment, from: Instant, to: Instant, calendar: CompiledCalendar | null): SopExpansion => {
  if (to <= from) return { ok: true, tasks: [], cuts: [], exitedAt: prepared.exitAt };
  const { enrolment, ctx } = prepared;
  const zone: TimeZone = enrolment.timeZone;
  const targetId = enrolment.targetId;
  const templateId = compiled.template.id;
  const quiet = compiled.quiet;
  const capped = compiled.capStages.length > 0;
  const [needFrom, needTo] = neededDays(compiled, localPositionOf(zone, from).day, localPositionOf(zone, to - 1).day);
  // Constraints only move tasks forward: quiet hours that wrap midnight by up to a day, holiday
  // shifts by up to the calendar's longest break. Start generating that much earlier.
  const lookback = (quiet !== null && quiet.start > quiet.end ? 1 : 0) + (compiled.shiftsOnHolidays && calendar !== null ? calendar.longestBreak : 0);
  const genFrom = needFrom - lookback;
  const genTo = needTo + 1;
  const cuts: SopCut[] = [];
  const cutAt = (id: string, ci: CompiledItem, occurrence: number, at: Instant, reason: SopCutReason, message: string, capIndex?: number): void => {
    if (at < from || at >= to) return;
    const cut: SopCut = { taskId: id, itemId: ci.item.id, targetId, occurrence, at, reason, message };
    cuts.push(capIndex === undefined ? cut : { ...cut, capIndex });
  };
  const tasks: SopTask[] = [];
  const toTask = (ci: CompiledItem, id: string, occurrence: number, scheduled: Instant, due: Instant, pos: LocalPosition, adjustments: readonly SopAdjustment[]): SopTask => {
    const item = ci.item;
    let windowEnd = due + item.windowMinutes * 60_000;
    if (quiet !== null) windowEnd = Math.min(windowEnd, quietStartAfter(quiet, zone, pos));
    const dueLocal = formatLocalIso(pos);
    const text = prepared.texts[ci.index] as string;
    const assignee = prepared.assignees[ci.index] as string;
    const { id: itemId, channel, priority, title } = item;
    const attachments = item.content.attachments;
    const itemIndex = ci.index;
    // Two literals, not a spread: one hidden class per shape, built in one step.
    return title === undefined
      ? { id, templateId, itemId, itemIndex, targetId, occurrence, due, dueLocal, windowEnd, scheduled, adjustments, channel, text, attachments, priority, assignee }
      : { id, templateId, itemId, itemIndex, targetId, occurrence, due, dueLocal, windowEnd, scheduled, adjustments, channel, title, text, attachments, priority, assignee };
  };
  const candidates: Candidate[] = [];
  for (const ci of compiled.items) {
    const item = ci.item;
    // A recurring occurrence missed on the anchor's day may move to the next day (ifPast: nextDay).
    const itemFrom = item.ifPast === 'nextDay' && ctx.anchorDay === genFrom - 1 ? ctx.anchorDay : genFrom;
    for (const nominal of nominalOccurrences(ci, ctx, itemFrom, genTo)) {
      const occurrence = nominal.occurrence;
      const id = `sop:${templateId}:${item.id}:${occurrence}:${targetId}`;
      let due = nominal.at;
      let adjustments = NO_ADJUSTMENTS;
      // 2. ifPast
      if (due < ctx.anchor) {
        if (item.ifPast === 'skip') {
          cutAt(id, ci, occurrence, due, 'past', 'scheduled before the enrolment (ifPast: skip)');
          continue;
        }
        if (item.ifPast === 'runNow') {
          due = ctx.anchor;
          adjustments = ['runNow'];
        } else {
          const next = ctx.anchorDay + 1;
          if (ci.recurring && occurrenceOnDay(ci, ctx, next) >= 0) {
            cutAt(id, ci, occurrence, due, 'past', 'scheduled before the enrolment; the next day has its own occurrence');
            continue;
          }
          due = instantAtLocal(zone, next, ci.atMs);
          adjustments = ['nextDay'];
        }
      }
      let pos = localPositionOf(zone, due);
      // 3. holidays
      if (calendar !== null && item.onHoliday !== 'run' && !isWorkingDay(calendar, pos.day)) {
        const shiftTo = item.onHoliday === 'shift' ? nextWorkingDay(calendar, pos.day) : undefined;
        if (shiftTo === undefined) {
          const why = item.onHoliday === 'skip' ? 'not a working day (onHoliday: skip)' : `no working day within ${HOLIDAY_SHIFT_MAX_DAYS} days`;
          cutAt(id, ci, occurrence, due, 'holiday', why);
          continue;
        }
        due = instantAtLocal(zone, shiftTo, pos.ms);
        pos = localPositionOf(zone, due);
        adjustments = [...adjustments, 'holiday'];
      }
      // 4. quiet hours
      if (quiet !== null && isQuiet(quiet, pos.ms)) {
        if (item.quietHours === 'drop') {
          cutAt(id, ci, occurrence, due, 'quiet_hours', 'due inside quiet hours (quietHours: drop)');
          continue;
        }
        due = quietEndAfter(quiet, zone, due);
        pos = localPositionOf(zone, due);
        adjustments = [...adjustments, 'quietHours'];
      }
      // 5. exit
      if (prepared.exitAt !== null && due >= prepared.exitAt) continue;
      if (!capped) {
        // 7. the range (no caps: decide at once)
        if (due >= from && due < to) tasks.push(toTask(ci, id, occurrence, nominal.at, due, pos, adjustments));
        continue;
      }
      candidates.push({ ci, id, occurrence, scheduled: nominal.at, due, pos, day: pos.day, adjustments, priority: item.priority, itemIndex: ci.index, channel: item.channel });
    }
  }
  if (capped) {
    // 6. caps, then 7. the range
    const kept = applyCaps(compiled.capStages, candidates, (c, capIndex, message) => cutAt(c.id, c.ci, c.occurrence, c.due, 'frequency_cap', message, capIndex));
    for (const c of kept) if (c.due >= from && c.due < to) tasks.push(toTask(c.ci, c.id, c.occurrence, c.scheduled, c.due, c.pos, c.adjustments));
  }
  tasks.sort(byDue);
  cuts.sort((a, b) => a.at - b.at || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
  return { ok: true, tasks, cuts, exitedAt: prepared.exitAt };
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
