// Frozen copy of src/sop/holidays.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Holiday calendars: which local days are not working days. Private to siyu/sop.
 *
 * @module
 */
import type { CompiledCalendar } from './compile.js';
import { isoWeekdayOfDay } from './localDay.js';

/** How far `onHoliday: 'shift'` looks for a working day before cutting the task. */
export const HOLIDAY_SHIFT_MAX_DAYS = 31;

/** Is local day `day` a working day? Listed workdays always are; listed holidays and weekend days are not. */
export const isWorkingDay = (calendar: CompiledCalendar, day: number): boolean => {
  if (calendar.workdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  return !calendar.weekend.has(isoWeekdayOfDay(day));
};

/** The first working day after `day`, within {@link HOLIDAY_SHIFT_MAX_DAYS}; `undefined` if none. */
export const nextWorkingDay = (calendar: CompiledCalendar, day: number): number | undefined => {
  for (let d = day + 1; d <= day + HOLIDAY_SHIFT_MAX_DAYS; d++) if (isWorkingDay(calendar, d)) return d;
  return undefined;
};
