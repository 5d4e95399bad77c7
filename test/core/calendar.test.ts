import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LocalDateSchema,
  LocalTimeSchema,
  SiyuError,
  addLocal,
  atLocalTime,
  dayNumberOfLocalDate,
  daysInMonth,
  endOfLocal,
  isoWeekdayOf,
  localDateOf,
  localDateOfDayNumber,
  localDayNumber,
  nextLocalPeriodStart,
  parseLocalDate,
  parseLocalTime,
  startOfLocal,
  type CalendarUnit,
} from 'siyu/core';

const iso = (t: number): string => new Date(t).toISOString();
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Apia', 'UTC'];

describe('local periods', () => {
  it('end of day in Shanghai for an instant that is still the previous day in UTC', () => {
    const t = Date.UTC(2025, 11, 31, 20); // 31 Dec 20:00 UTC = 1 Jan 04:00 Shanghai
    expect(localDateOf(t, 'Asia/Shanghai')).toBe('2026-01-01');
    expect(iso(startOfLocal(t, 'day'))).toBe('2025-12-31T16:00:00.000Z');
    expect(iso(endOfLocal(t, 'day'))).toBe('2026-01-01T15:59:59.999Z');
    expect(iso(endOfLocal(t, 'day', { timeZone: 'UTC' }))).toBe('2025-12-31T23:59:59.999Z');
  });

  it('weeks start on Monday by default, or on the ISO weekday given', () => {
    const wed = Date.UTC(2026, 10, 25, 4); // Wednesday 12:00 in Shanghai
    expect(iso(startOfLocal(wed, 'week'))).toBe('2026-11-22T16:00:00.000Z'); // Mon 23 Nov 00:00 +08
    expect(iso(startOfLocal(wed, 'week', { weekStartsOn: 7 }))).toBe('2026-11-21T16:00:00.000Z'); // Sun 22 Nov
    expect(iso(startOfLocal(wed, 'week', { weekStartsOn: 3 }))).toBe('2026-11-24T16:00:00.000Z'); // Wed 25 Nov
    expect(iso(nextLocalPeriodStart(wed, 'week'))).toBe('2026-11-29T16:00:00.000Z');
  });

  it('months, quarters and years in the zone', () => {
    const t = Date.UTC(2026, 4, 31, 17); // 1 June 01:00 in Shanghai
    expect(iso(startOfLocal(t, 'month'))).toBe('2026-05-31T16:00:00.000Z');
    expect(iso(startOfLocal(t, 'quarter'))).toBe('2026-03-31T16:00:00.000Z');
    expect(iso(startOfLocal(t, 'year'))).toBe('2025-12-31T16:00:00.000Z');
    expect(iso(endOfLocal(t, 'quarter'))).toBe('2026-06-30T15:59:59.999Z');
    expect(iso(endOfLocal(t, 'year', { timeZone: 'America/New_York' }))).toBe('2027-01-01T04:59:59.999Z');
  });

  it('a DST day is 23 or 25 hours long in New York', () => {
    const spring = Date.UTC(2026, 2, 8, 12);
    expect(nextLocalPeriodStart(spring, 'day', { timeZone: 'America/New_York' }) - startOfLocal(spring, 'day', { timeZone: 'America/New_York' })).toBe(23 * 3_600_000);
    const fall = Date.UTC(2026, 10, 1, 12);
    expect(nextLocalPeriodStart(fall, 'day', { timeZone: 'America/New_York' }) - startOfLocal(fall, 'day', { timeZone: 'America/New_York' })).toBe(25 * 3_600_000);
  });

  it('a day whose midnight does not exist starts at the first valid instant (Santiago, 2026-09-06)', () => {
    expect(iso(startOfLocal(Date.UTC(2026, 8, 6, 15), 'day', { timeZone: 'America/Santiago' }))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('property: start of day ≤ instant < next day start, in any zone, for every unit', () => {
    const units: CalendarUnit[] = ['day', 'week', 'month', 'quarter', 'year'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...units),
        (t, timeZone, unit) => {
          const start = startOfLocal(t, unit, { timeZone });
          const next = nextLocalPeriodStart(t, unit, { timeZone });
          expect(start).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(next);
          expect(endOfLocal(t, unit, { timeZone })).toBe(next - 1);
          // the start belongs to its own period, and the next period starts where this one ends
          expect(startOfLocal(start, unit, { timeZone })).toBe(start);
          expect(startOfLocal(next, unit, { timeZone })).toBe(next);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: day numbers count local days', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...ZONES), (t, timeZone) => {
        const n = localDayNumber(t, timeZone);
        expect(localDateOfDayNumber(n)).toBe(localDateOf(t, timeZone));
        expect(dayNumberOfLocalDate(localDateOf(t, timeZone))).toBe(n);
        // The next local day, or the one after when a zone skipped a date (Apia skipped 2011-12-30).
        const next = localDayNumber(nextLocalPeriodStart(t, 'day', { timeZone }), timeZone);
        expect(next === n + 1 || (next === n + 2 && localDateOfDayNumber(n) === '2011-12-29' && timeZone === 'Pacific/Apia')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a skipped date: the day after 2011-12-29 in Apia is 2011-12-31', () => {
    const t = 1_325_152_800_000; // 2011-12-29T10:00Z, local midnight of the 29th
    const n = localDayNumber(t, 'Pacific/Apia');
    expect(localDateOfDayNumber(n)).toBe('2011-12-29');
    expect(localDateOfDayNumber(localDayNumber(nextLocalPeriodStart(t, 'day', { timeZone: 'Pacific/Apia' }), 'Pacific/Apia'))).toBe('2011-12-31');
  });
});

describe('addLocal', () => {
  it('keeps the wall-clock time across DST and clamps month ends', () => {
    const before = atLocalTime('2026-03-07', '09:00', 'America/New_York');
    expect(iso(addLocal(before, 'day', 1, 'America/New_York'))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(addLocal(atLocalTime('2024-01-31', '10:00'), 'month', 1))).toBe('2024-02-29T02:00:00.000Z');
    expect(iso(addLocal(atLocalTime('2024-02-29', '10:00'), 'year', 1))).toBe('2025-02-28T02:00:00.000Z');
    expect(iso(addLocal(atLocalTime('2026-11-25', '10:00'), 'quarter', -1))).toBe('2026-08-25T02:00:00.000Z');
    expect(iso(addLocal(atLocalTime('2026-11-25', '10:00'), 'week', 2))).toBe('2026-12-09T02:00:00.000Z');
    expect(() => addLocal(0, 'day', 0.5)).toThrow(SiyuError);
  });
});

describe('local dates and times', () => {
  it('parses and validates', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseLocalDate('2025-02-29', ['birthday'])).toThrow('siyu: birthday: "2025-02-29" has day 29');
    expect(() => parseLocalDate('2025-13-01')).toThrow('month 13');
    expect(() => parseLocalDate('25-1-1')).toThrow('not a local date');
    expect(parseLocalTime('07:05:09')).toEqual({ hour: 7, minute: 5, second: 9 });
    expect(() => parseLocalTime('7:05')).toThrow(SiyuError);
    expect(LocalDateSchema.safeParse('2026-11-25').success).toBe(true);
    expect(LocalDateSchema.safeParse('2026-11-31').success).toBe(false);
    expect(LocalTimeSchema.safeParse('23:59').success).toBe(true);
  });

  it('knows month lengths and weekdays', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(isoWeekdayOf('2026-11-29')).toBe(7);
    expect(isoWeekdayOf('1970-01-01')).toBe(4);
    expect(isoWeekdayOf('1969-12-29')).toBe(1);
  });

  it('atLocalTime rejects bad dates and times with the argument named', () => {
    expect(() => atLocalTime('2026-02-30', '10:00')).toThrow('siyu: date:');
    expect(() => atLocalTime('2026-02-03', '25:00')).toThrow('siyu: time:');
  });
});
