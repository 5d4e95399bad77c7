// Frozen copy of src/sop/compile.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Templates and holiday calendars compiled once per object: times read into milliseconds of the
 * day, texts split into literal pieces and slots, calendars into day-number sets. Memoised by
 * object identity (treat parsed configs as immutable). Private to siyu/sop.
 *
 * @module
 */
import { dayNumberOfLocalDate, parseLocalTime, parseWith } from 'siyu/core';
import { isoWeekdayOfDay } from './localDay.js';
import { compileSopText, type SopCompiledText } from './render.js';
import { SopHolidayCalendarSchema, type SopFrequencyCap, type SopHolidayCalendarInput, type SopItem, type SopTemplate, type SopTemplateInput } from './schema.js';
import { parseSopTemplate } from './template.js';

/** One item, ready to expand. */
export interface CompiledItem {
  readonly index: number;
  readonly item: SopItem;
  readonly text: SopCompiledText;
  /** Local time of day in ms, for specs with an `at`; 0 otherwise. */
  readonly atMs: number;
  /** True for weekly, monthly, everyNDays and yearly specs. */
  readonly recurring: boolean;
}

/** The caps of one period unit, finest unit first. */
export interface CapStage {
  readonly per: 'day' | 'week' | 'month';
  readonly caps: readonly { readonly cap: SopFrequencyCap; readonly index: number }[];
}

/** A template, compiled. */
export interface CompiledTemplate {
  readonly template: SopTemplate;
  readonly items: readonly CompiledItem[];
  /** Quiet hours as ms of the day, `[start, end)`; wraps midnight when start > end. */
  readonly quiet: { readonly start: number; readonly end: number } | null;
  readonly defaults: Readonly<Record<string, string>>;
  readonly capStages: readonly CapStage[];
  /** Coarsest cap unit, if any caps. */
  readonly capUnit: 'day' | 'week' | 'month' | null;
  /** True when some item shifts on holidays. */
  readonly shiftsOnHolidays: boolean;
}

function timeMs(at: string): number {
  const t = parseLocalTime(at);
  return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000;
}

const templates = new WeakMap<object, CompiledTemplate>();

/** Parses (once per object) and compiles a template. */
export const compileTemplate = (input: SopTemplateInput): CompiledTemplate => {
  const known = templates.get(input);
  if (known !== undefined) return known;
  const template = parseSopTemplate(input);
  const items = template.items.map((item, index): CompiledItem => {
    const time = item.time;
    return {
      index,
      item,
      text: compileSopText(item.content.text),
      atMs: 'at' in time ? timeMs(time.at) : 0,
      recurring: time.kind === 'weekly' || time.kind === 'monthly' || time.kind === 'everyNDays' || time.kind === 'yearly',
    };
  });
  const defaults: Record<string, string> = {};
  for (const [name, v] of Object.entries(template.variables)) if (v.default !== undefined) defaults[name] = v.default;
  const units = ['day', 'week', 'month'] as const;
  const capStages: CapStage[] = [];
  for (const per of units) {
    const caps = template.caps.map((cap, index) => ({ cap, index })).filter((c) => c.cap.per === per);
    if (caps.length > 0) capStages.push({ per, caps });
  }
  const compiled: CompiledTemplate = {
    template,
    items,
    quiet: template.quietHours === null ? null : { start: timeMs(template.quietHours.start), end: timeMs(template.quietHours.end) },
    defaults,
    capStages,
    capUnit: capStages.at(-1)?.per ?? null,
    shiftsOnHolidays: template.items.some((i) => i.onHoliday === 'shift'),
  };
  templates.set(input, compiled);
  return compiled;
};

/** A holiday calendar as day-number sets. */
export interface CompiledCalendar {
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
  readonly weekend: ReadonlySet<number>;
  /** The longest run of consecutive non-working days (capped at 31): how far a holiday shift can move a task. */
  readonly longestBreak: number;
}

/** The longest run of non-working days: around each listed holiday, and of weekend days alone. */
function longestBreak(holidays: ReadonlySet<number>, workdays: ReadonlySet<number>, weekend: ReadonlySet<number>): number {
  const off = (d: number): boolean => !workdays.has(d) && (holidays.has(d) || weekend.has(isoWeekdayOfDay(d)));
  let longest = 0;
  // Weekend days alone, over two weeks so that a Sunday–Monday weekend counts as one run.
  for (let d = 0, run = 0; d < 14; d++) {
    run = weekend.has(((d % 7) + 1)) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  for (const h of holidays) {
    let first = h;
    while (h - first < 31 && off(first - 1)) first--;
    let last = h;
    while (last - first < 31 && off(last + 1)) last++;
    longest = Math.max(longest, last - first + 1);
  }
  return Math.min(longest, 31);
}

const calendars = new WeakMap<object, CompiledCalendar>();

/** Parses (once per object) and compiles a holiday calendar. */
export const compileCalendar = (input: SopHolidayCalendarInput): CompiledCalendar => {
  const known = calendars.get(input);
  if (known !== undefined) return known;
  const calendar = parseWith(SopHolidayCalendarSchema, input, { root: ['holidays'] });
  const holidays = new Set(calendar.holidays.map(dayNumberOfLocalDate));
  const workdays = new Set(calendar.workdays.map(dayNumberOfLocalDate));
  const weekend = new Set<number>(calendar.weekend);
  const compiled: CompiledCalendar = { holidays, workdays, weekend, longestBreak: longestBreak(holidays, workdays, weekend) };
  calendars.set(input, compiled);
  return compiled;
};
