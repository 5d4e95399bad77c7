/**
 * Calendar period numbers in a zone (day, week with a chosen start, month), fast enough for
 * millions of rows: local days come from core's `localDayNumber` (zone offsets kept per UTC day)
 * and the period of the last day is remembered. Internal.
 *
 * @module
 */
import {
  atLocalTime,
  dayNumberOfLocalDate,
  localDateOfDayNumber,
  localDayNumber,
  type Instant,
  type IsoWeekday,
  type LocalDate,
  type TimeZone,
} from '../core/index.js';
import type { AnalyticsPeriod } from './schema.js';

const DAY_MS = 86_400_000;

/** Period numbering for one unit, zone and week start. */
export interface PeriodIndex {
  /** The period containing an instant. */
  readonly ofInstant: (at: Instant) => number;
  /** The period containing a local day number (days since 1970-01-01). */
  readonly ofDay: (day: number) => number;
  /** The local date a period starts on. */
  readonly startDate: (period: number) => LocalDate;
  /** The instant a period starts (local midnight of its start date). */
  readonly startInstant: (period: number) => Instant;
}

/**
 * Period numbers: days since 1970-01-01 (local); weeks counted so that a new number starts on
 * `weekStart`; months as `year × 12 + month − 1`. Exact across offset changes.
 */
export const createPeriodIndex = (unit: AnalyticsPeriod, timeZone: TimeZone, weekStart: IsoWeekday): PeriodIndex => {
  let lastDay = Number.NaN;
  let lastPeriod = 0;
  const ofDay = (day: number): number => {
    if (unit === 'day') return day;
    // ISO weekday of day d is ((d + 3) mod 7) + 1, so a week starting on `weekStart` begins where d + 4 − weekStart ≡ 0 (mod 7).
    if (unit === 'week') return Math.floor((day + 4 - weekStart) / 7);
    const date = new Date(day * DAY_MS);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  };
  const ofInstant = (at: Instant): number => {
    const day = localDayNumber(at, timeZone);
    if (day !== lastDay) {
      lastDay = day;
      lastPeriod = ofDay(day);
    }
    return lastPeriod;
  };
  const startDate = (period: number): LocalDate => {
    if (unit === 'day') return localDateOfDayNumber(period);
    if (unit === 'week') return localDateOfDayNumber(period * 7 - 4 + weekStart);
    const year = Math.floor(period / 12);
    const month = period - year * 12 + 1;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  };
  return {
    ofInstant,
    ofDay,
    startDate,
    startInstant: (period) => atLocalTime(startDate(period), '00:00', timeZone),
  };
};

/** The first and last period overlapping local dates `from`–`to` (inclusive). */
export const periodRange = (index: PeriodIndex, from: LocalDate, to: LocalDate): { first: number; last: number } => {
  return { first: index.ofDay(dayNumberOfLocalDate(from)), last: index.ofDay(dayNumberOfLocalDate(to)) };
};
