/**
 * Local calendar periods in a zone: start and end of the local day, week, month, quarter and
 * year; local dates (`'2026-11-25'`) and times (`'20:00'`); day numbers for counting local days.
 *
 * Wall-clock arithmetic is plain integer calendar math on the local clock (proleptic Gregorian,
 * after Howard Hinnant's `days_from_civil`), then resolved to an instant by
 * {@link instantFromLocal}, so DST gaps and overlaps follow one rule everywhere. Offsets come
 * from `@date-fns/tz`, cached per zone and day.
 *
 * @module
 */
import * as z from 'zod';
import { SiyuError, type FieldPath } from './error.js';
import type { Instant } from './instant.js';
import { DEFAULT_TIME_ZONE, instantFromLocal, zoneOffsetMinutes, type TimeZone } from './zone.js';

/** A local calendar period. */
export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Zone and week start for calendar computations. */
export interface CalendarOptions {
  /** IANA zone; {@link DEFAULT_TIME_ZONE} (`'Asia/Shanghai'`) when absent. */
  readonly timeZone?: TimeZone;
  /** First day of the week as an ISO weekday; Monday (1) when absent. */
  readonly weekStartsOn?: IsoWeekday;
}

/** zod schema of a {@link CalendarUnit}. */
export const CalendarUnitSchema = z.enum(['day', 'week', 'month', 'quarter', 'year']);

/** zod schema of an {@link IsoWeekday} (1 = Monday … 7 = Sunday). */
export const IsoWeekdaySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);

const DAY_MS = 86_400_000;

/** A calendar date as numbers; `month` is 1–12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * The proleptic Gregorian date of a day number (days since 1970-01-01; see
 * {@link localDayNumber}), by integer arithmetic only (H. Hinnant's `civil_from_days`) — the
 * allocation-light form of {@link localDateOfDayNumber} for hot loops.
 *
 * @example
 * ```ts
 * import { civilFromDays } from 'siyu/core';
 * civilFromDays(0); // → { year: 1970, month: 1, day: 1 }
 * civilFromDays(19_782); // → { year: 2024, month: 2, day: 29 }
 * ```
 */
export function civilFromDays(dayNumber: number): CivilDate {
  const z0 = dayNumber + 719_468;
  const era = Math.floor(z0 / 146_097);
  const doe = z0 - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The day number (days since 1970-01-01) of a proleptic Gregorian date, by integer arithmetic
 * (H. Hinnant's `days_from_civil`). Out-of-range days roll over (`day: 0` is the previous
 * month's last day).
 *
 * @example
 * ```ts
 * import { daysFromCivil } from 'siyu/core';
 * daysFromCivil(2024, 2, 29); // → 19782
 * daysFromCivil(1969, 12, 31); // → -1
 * ```
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The local wall clock of an instant, as milliseconds on a UTC-like axis. */
function wallOf(instant: Instant, timeZone: TimeZone): number {
  return instant + zoneOffsetMinutes(instant, timeZone) * 60_000;
}

/** Resolves a wall-clock millisecond back to an instant in the zone (DST rule of `instantFromLocal`). */
function resolveWall(wall: number, timeZone: TimeZone): Instant {
  const dayNumber = Math.floor(wall / DAY_MS);
  const { year, month, day } = civilFromDays(dayNumber);
  const ms = wall - dayNumber * DAY_MS;
  return instantFromLocal(
    {
      year,
      month,
      day,
      hour: Math.floor(ms / 3_600_000),
      minute: Math.floor(ms / 60_000) % 60,
      second: Math.floor(ms / 1000) % 60,
      millisecond: ms % 1000,
    },
    timeZone,
  );
}

/** The wall-clock start (midnight) of the local period containing `wall`. */
function startOfWall(wall: number, unit: CalendarUnit, weekStartsOn: IsoWeekday): number {
  const dayNumber = Math.floor(wall / DAY_MS);
  switch (unit) {
    case 'day':
      return dayNumber * DAY_MS;
    case 'week': {
      const isoWeekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
      return (dayNumber - ((isoWeekday - weekStartsOn + 7) % 7)) * DAY_MS;
    }
    default: {
      const { year, month } = civilFromDays(dayNumber);
      const first = unit === 'month' ? month : unit === 'quarter' ? month - ((month - 1) % 3) : 1;
      return daysFromCivil(year, first, 1) * DAY_MS;
    }
  }
}

/** Moves a wall-clock millisecond by whole calendar units, clamping month ends. */
function addWall(wall: number, unit: CalendarUnit, amount: number): number {
  const dayNumber = Math.floor(wall / DAY_MS);
  const timeOfDay = wall - dayNumber * DAY_MS;
  if (unit === 'day' || unit === 'week') return (dayNumber + amount * (unit === 'week' ? 7 : 1)) * DAY_MS + timeOfDay;
  const months = amount * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
  const { year, month, day } = civilFromDays(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m))) * DAY_MS + timeOfDay;
}

/**
 * The first instant of the local period (day, week, month, quarter, year) that contains
 * `instant`. If local midnight does not exist that day (a DST gap), the period starts at the
 * first valid instant after it.
 *
 * @example
 * ```ts
 * import { startOfLocal } from 'siyu/core';
 * // 2026-01-01T17:00Z is already 01:00 on 2 January in Shanghai.
 * new Date(startOfLocal(Date.UTC(2026, 0, 1, 17), 'day')).toISOString(); // → '2026-01-01T16:00:00.000Z'
 * new Date(startOfLocal(Date.UTC(2026, 10, 25, 12), 'week', { timeZone: 'UTC' })).toISOString(); // → '2026-11-23T00:00:00.000Z'
 * ```
 */
export function startOfLocal(instant: Instant, unit: CalendarUnit, options: CalendarOptions = {}): Instant {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  return resolveWall(startOfWall(wallOf(instant, timeZone), unit, options.weekStartsOn ?? 1), timeZone);
}

/**
 * The first instant of the local period after the one containing `instant` (an exclusive end).
 *
 * @example
 * ```ts
 * import { nextLocalPeriodStart } from 'siyu/core';
 * new Date(nextLocalPeriodStart(Date.UTC(2026, 1, 10), 'month')).toISOString(); // → '2026-02-28T16:00:00.000Z'
 * ```
 */
export function nextLocalPeriodStart(instant: Instant, unit: CalendarUnit, options: CalendarOptions = {}): Instant {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const start = startOfWall(wallOf(instant, timeZone), unit, options.weekStartsOn ?? 1);
  return resolveWall(addWall(start, unit, 1), timeZone);
}

/**
 * The last millisecond of the local period containing `instant` (inclusive end, as date-fns
 * `endOfDay`): the next period's start minus 1 ms.
 *
 * @example
 * ```ts
 * import { endOfLocal } from 'siyu/core';
 * // Still 31 December in UTC, already 1 January in Shanghai:
 * new Date(endOfLocal(Date.UTC(2025, 11, 31, 20), 'day')).toISOString(); // → '2026-01-01T15:59:59.999Z'
 * ```
 */
export function endOfLocal(instant: Instant, unit: CalendarUnit, options: CalendarOptions = {}): Instant {
  return nextLocalPeriodStart(instant, unit, options) - 1;
}

/**
 * Moves an instant by whole local calendar units, keeping the local wall-clock time (DST-aware;
 * months clamp to the month's last day: Jan 31 + 1 month = Feb 28, or 29 in a leap year).
 * Negative amounts move back.
 *
 * @example
 * ```ts
 * import { addLocal } from 'siyu/core';
 * new Date(addLocal(Date.UTC(2024, 0, 30, 16), 'month', 1)).toISOString(); // → '2024-02-28T16:00:00.000Z'
 * ```
 */
export function addLocal(instant: Instant, unit: CalendarUnit, amount: number, timeZone: TimeZone = DEFAULT_TIME_ZONE): Instant {
  if (!Number.isSafeInteger(amount)) throw SiyuError.at(['amount'], `must be an integer, received ${amount}`);
  return resolveWall(addWall(wallOf(instant, timeZone), unit, amount), timeZone);
}

/** A local calendar date, `'YYYY-MM-DD'`. */
export type LocalDate = string;

/** A local time of day, `'HH:mm'` or `'HH:mm:ss'` (24-hour). */
export type LocalTime = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

function localDateProblem(text: string): string | undefined {
  const m = LOCAL_DATE.exec(text);
  if (m === null) return `"${text}" is not a local date (YYYY-MM-DD)`;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `"${text}" has month ${month}`;
  if (day < 1 || day > daysInMonth(Number(m[1]), month)) return `"${text}" has day ${day}, not in that month`;
  return undefined;
}

/**
 * Number of days in a month (`month` 1–12), leap years included.
 *
 * @example
 * ```ts
 * import { daysInMonth } from 'siyu/core';
 * daysInMonth(2024, 2); // → 29
 * daysInMonth(2025, 2); // → 28
 * ```
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * zod schema of a {@link LocalDate} (`'YYYY-MM-DD'`, a real calendar date).
 *
 * @example
 * ```ts
 * import { LocalDateSchema } from 'siyu/core';
 * LocalDateSchema.safeParse('2025-02-29').success; // → false
 * ```
 */
export const LocalDateSchema = z.string().superRefine((text, ctx) => {
  const problem = localDateProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * zod schema of a {@link LocalTime} (`'HH:mm'` or `'HH:mm:ss'`, 00:00–23:59).
 *
 * @example
 * ```ts
 * import { LocalTimeSchema } from 'siyu/core';
 * LocalTimeSchema.safeParse('20:00').success; // → true
 * LocalTimeSchema.safeParse('24:00').success; // → false
 * ```
 */
export const LocalTimeSchema = z.string().regex(LOCAL_TIME, { message: 'must be a local time HH:mm (00:00–23:59)' });

/**
 * Reads a {@link LocalDate} into its parts, or throws a {@link SiyuError} naming `path`.
 *
 * @example
 * ```ts
 * import { parseLocalDate } from 'siyu/core';
 * parseLocalDate('2026-02-28'); // → { year: 2026, month: 2, day: 28 }
 * parseLocalDate('2026-02-29', ['birthday']); // throws: siyu: birthday: "2026-02-29" has day 29
 * ```
 */
export function parseLocalDate(text: LocalDate, path: FieldPath = []): { year: number; month: number; day: number } {
  const problem = localDateProblem(text);
  if (problem !== undefined) throw SiyuError.at(path, problem, 'invalid_local_date');
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

/**
 * Reads a {@link LocalTime} into hours, minutes and seconds, or throws a {@link SiyuError}.
 *
 * @example
 * ```ts
 * import { parseLocalTime } from 'siyu/core';
 * parseLocalTime('20:00'); // → { hour: 20, minute: 0, second: 0 }
 * ```
 */
export function parseLocalTime(text: LocalTime, path: FieldPath = []): { hour: number; minute: number; second: number } {
  const m = LOCAL_TIME.exec(text);
  if (m === null) throw SiyuError.at(path, `"${text}" is not a local time (HH:mm, 00:00–23:59)`, 'invalid_local_time');
  return { hour: Number(m[1]), minute: Number(m[2]), second: m[3] === undefined ? 0 : Number(m[3]) };
}

/**
 * The instant at which the zone's clocks show `time` on `date`. A time in a DST gap moves
 * forward to the first valid minute; an ambiguous time (DST overlap) takes the earlier instant.
 *
 * @example
 * ```ts
 * import { atLocalTime } from 'siyu/core';
 * new Date(atLocalTime('2026-11-25', '20:00')).toISOString(); // → '2026-11-25T12:00:00.000Z'
 * new Date(atLocalTime('2026-03-08', '02:30', 'America/New_York')).toISOString(); // → '2026-03-08T07:00:00.000Z'
 * new Date(atLocalTime('2026-11-01', '01:30', 'America/New_York')).toISOString(); // → '2026-11-01T05:30:00.000Z'
 * ```
 */
export function atLocalTime(date: LocalDate, time: LocalTime, timeZone: TimeZone = DEFAULT_TIME_ZONE): Instant {
  const d = parseLocalDate(date, ['date']);
  const t = parseLocalTime(time, ['time']);
  return instantFromLocal({ ...d, ...t }, timeZone);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The local calendar date of an instant in a zone.
 *
 * @example
 * ```ts
 * import { localDateOf } from 'siyu/core';
 * localDateOf(Date.UTC(2026, 0, 1, 17), 'Asia/Shanghai'); // → '2026-01-02'
 * localDateOf(Date.UTC(2026, 0, 1, 17), 'America/New_York'); // → '2026-01-01'
 * ```
 */
export function localDateOf(instant: Instant, timeZone: TimeZone = DEFAULT_TIME_ZONE): LocalDate {
  return localDateOfDayNumber(Math.floor(wallOf(instant, timeZone) / DAY_MS));
}

/**
 * The local date of an instant as a day number: whole days since 1970-01-01 on the zone's
 * calendar. Two instants fall on the same local day exactly when their day numbers are equal,
 * and consecutive local days differ by 1 — the basis for streaks, active days and retention.
 *
 * @example
 * ```ts
 * import { localDayNumber } from 'siyu/core';
 * localDayNumber(Date.UTC(2026, 0, 1, 17), 'Asia/Shanghai') - localDayNumber(Date.UTC(2026, 0, 1, 15), 'Asia/Shanghai'); // → 1
 * ```
 */
export function localDayNumber(instant: Instant, timeZone: TimeZone = DEFAULT_TIME_ZONE): number {
  return Math.floor((instant + zoneOffsetMinutes(instant, timeZone) * 60_000) / DAY_MS);
}

/**
 * The day number (see {@link localDayNumber}) of a local date.
 *
 * @example
 * ```ts
 * import { dayNumberOfLocalDate } from 'siyu/core';
 * dayNumberOfLocalDate('1970-01-02'); // → 1
 * ```
 */
export function dayNumberOfLocalDate(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date, ['date']);
  return daysFromCivil(year, month, day);
}

/**
 * The local date of a day number (see {@link localDayNumber}).
 *
 * @example
 * ```ts
 * import { localDateOfDayNumber } from 'siyu/core';
 * localDateOfDayNumber(20_417); // → '2025-11-25'
 * ```
 */
export function localDateOfDayNumber(dayNumber: number): LocalDate {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The ISO weekday (1 = Monday … 7 = Sunday) of a local date.
 *
 * @example
 * ```ts
 * import { isoWeekdayOf } from 'siyu/core';
 * isoWeekdayOf('2026-11-25'); // → 3
 * ```
 */
export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  // Day 0 (1970-01-01) was a Thursday (ISO 4).
  const n = dayNumberOfLocalDate(date);
  return ((((n + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}
