// Frozen copy of src/sop/localDay.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Local days of a zone, memoised: the instant of local midnight and whether the day has a DST
 * transition. On a day without one, a local time is midnight + that many milliseconds, so
 * expanding millions of tasks needs no time-zone lookups; on a transition day every time goes
 * through core `instantFromLocal` (gaps move forward, overlaps take the earlier instant).
 * Private to siyu/sop.
 *
 * @module
 */
import { civilFromDays, daysFromCivil, instantFromLocal, zoneOffsetMinutes, type Instant, type TimeZone } from 'siyu/core';

/** Milliseconds in a 24-hour day. */
export const DAY_MS = 86_400_000;

interface ZoneDay {
  /** The instant of local 00:00 (or the first valid instant of the day). */
  readonly midnight: Instant;
  /** Offset from UTC in minutes at midnight. */
  readonly offset: number;
  /** True when the day is exactly 24 h with one offset throughout. */
  readonly uniform: boolean;
}

const MAX_DAYS_PER_ZONE = 100_000;
const zones = new Map<TimeZone, Map<number, ZoneDay>>();
// The zone looked up last, and its offset: most calls ask about the same zone as the one before.
let lastZone: TimeZone | undefined;
let lastDays: Map<number, ZoneDay> | undefined;
let lastOffset = 0;
let lastOffsetZone: TimeZone | undefined;

/** Calendar parts of a day number (days since 1970-01-01). */
export interface DayParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly isoWeekday: number;
}

/** The calendar date of a day number. */
export const dayParts = (dayNumber: number): DayParts => ({ ...civilFromDays(dayNumber), isoWeekday: isoWeekdayOfDay(dayNumber) });

/** The day number of a calendar date (`month` 1–12). */
export const dayNumberOf = daysFromCivil;

/** ISO weekday (1 = Monday) of a day number. */
export const isoWeekdayOfDay = (dayNumber: number): number => {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
};

function zoneDay(timeZone: TimeZone, dayNumber: number): ZoneDay {
  let days = timeZone === lastZone ? lastDays : zones.get(timeZone);
  if (days === undefined) {
    days = new Map();
    zones.set(timeZone, days);
  }
  lastZone = timeZone;
  lastDays = days;
  const known = days.get(dayNumber);
  if (known !== undefined) return known;
  const p = dayParts(dayNumber);
  const q = dayParts(dayNumber + 1);
  const midnight = instantFromLocal({ year: p.year, month: p.month, day: p.day }, timeZone);
  const next = instantFromLocal({ year: q.year, month: q.month, day: q.day }, timeZone);
  const offset = zoneOffsetMinutes(midnight, timeZone);
  const uniform = next - midnight === DAY_MS && zoneOffsetMinutes(next - 1, timeZone) === offset && midnight + offset * 60_000 === dayNumber * DAY_MS;
  const value: ZoneDay = { midnight, offset, uniform };
  if (days.size >= MAX_DAYS_PER_ZONE) days.clear();
  days.set(dayNumber, value);
  return value;
}

/** The instant at which the zone's clocks show `msOfDay` on local day `dayNumber`. */
export const instantAtLocal = (timeZone: TimeZone, dayNumber: number, msOfDay: number): Instant => {
  const zd = zoneDay(timeZone, dayNumber);
  if (zd.uniform) return zd.midnight + msOfDay;
  const p = dayParts(dayNumber);
  const seconds = Math.floor(msOfDay / 1000);
  return instantFromLocal(
    { year: p.year, month: p.month, day: p.day, hour: Math.floor(seconds / 3600), minute: Math.floor(seconds / 60) % 60, second: seconds % 60 },
    timeZone,
  );
};

/** Where an instant falls on the local clock. */
export interface LocalPosition {
  /** Local day number. */
  readonly day: number;
  /** Milliseconds since local midnight on the wall clock. */
  readonly ms: number;
  /** Offset from UTC in minutes at the instant. */
  readonly offset: number;
}

/** The local day and wall-clock time of an instant. */
export const localPositionOf = (timeZone: TimeZone, instant: Instant): LocalPosition => {
  const guess = Math.floor((instant + (timeZone === lastOffsetZone ? lastOffset : 0) * 60_000) / DAY_MS);
  for (let k = 0; k < 3; k++) {
    const d = k === 0 ? guess : k === 1 ? guess - 1 : guess + 1;
    const zd = zoneDay(timeZone, d);
    if (zd.uniform && instant >= zd.midnight && instant < zd.midnight + DAY_MS) {
      lastOffset = zd.offset;
      lastOffsetZone = timeZone;
      return { day: d, ms: instant - zd.midnight, offset: zd.offset };
    }
  }
  const offset = zoneOffsetMinutes(instant, timeZone);
  const wall = instant + offset * 60_000;
  const day = Math.floor(wall / DAY_MS);
  return { day, ms: wall - day * DAY_MS, offset };
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The local ISO 8601 date-time with offset of a local position: `'2026-03-02T20:00:00+08:00'`. */
export const formatLocalIso = (pos: LocalPosition): string => {
  const p = dayParts(pos.day);
  const s = Math.floor(pos.ms / 1000);
  const abs = Math.abs(pos.offset);
  const year = p.year >= 0 && p.year <= 9999 ? String(p.year).padStart(4, '0') : String(p.year);
  return `${year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}${pos.offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
};
