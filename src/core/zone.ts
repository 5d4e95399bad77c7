/**
 * Time zones: validation, offsets, local date-time parts, and the one rule that turns a local
 * wall-clock time into an instant (DST gaps move forward, overlaps take the earlier instant).
 * Built on `@date-fns/tz`; never reads the host's zone.
 *
 * @module
 */
import { tzOffset } from '@date-fns/tz';
import * as z from 'zod';
import { SiyuError, type FieldPath } from './error.js';
import type { Instant } from './instant.js';

/** An IANA time zone name such as `'Asia/Shanghai'` or `'America/New_York'`. */
export type TimeZone = string;

/** The zone siyu uses when a calendar computation needs one and none is given. */
export const DEFAULT_TIME_ZONE: TimeZone = 'Asia/Shanghai';

const validZones = new Map<string, boolean>();

/**
 * Is `timeZone` an IANA zone name this runtime knows?
 *
 * @example
 * ```ts
 * import { isValidTimeZone } from 'siyu/core';
 * isValidTimeZone('Asia/Shanghai'); // → true
 * isValidTimeZone('Mars/Olympus'); // → false
 * ```
 */
export function isValidTimeZone(timeZone: string): boolean {
  const known = validZones.get(timeZone);
  if (known !== undefined) return known;
  let ok = false;
  if (timeZone.length > 0) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
  }
  validZones.set(timeZone, ok);
  return ok;
}

/**
 * Throws a {@link SiyuError} (`invalid_time_zone`) unless `timeZone` is a known IANA zone.
 *
 * @example
 * ```ts
 * import { assertTimeZone } from 'siyu/core';
 * assertTimeZone('Asia/Shanghai'); // → 'Asia/Shanghai'
 * assertTimeZone('Asia/Beijing', ['program', 'timeZone']); // throws: siyu: program.timeZone: unknown IANA time zone "Asia/Beijing"
 * ```
 */
export function assertTimeZone(timeZone: string, path: FieldPath = []): TimeZone {
  if (!isValidTimeZone(timeZone)) throw SiyuError.at(path, `unknown IANA time zone "${timeZone}"`, 'invalid_time_zone');
  return timeZone;
}

/**
 * zod schema of an IANA time zone name; defaults to {@link DEFAULT_TIME_ZONE} when absent.
 *
 * @example
 * ```ts
 * import { TimeZoneSchema } from 'siyu/core';
 * TimeZoneSchema.parse(undefined); // → 'Asia/Shanghai'
 * TimeZoneSchema.safeParse('UTC+8').success; // → false
 * ```
 */
export const TimeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'unknown IANA time zone' })
  .default(DEFAULT_TIME_ZONE);

const DAY = 86_400_000;
/** Days a zone's table may span (≈ 55 years); a day outside starts a new table around it. */
const MAX_CACHED_DAYS = 20_000;

/**
 * One zone's offsets per UTC day, for a contiguous range of days from `first`: at `3·i` the
 * offset at the day's start, at `3·i + 1` at its end, at `3·i + 2` the first instant showing the
 * end offset (`Infinity` when constant all day); `NaN` = not looked up yet. A typed array, so a
 * lookup in any order costs an index, not a hash.
 */
interface ZoneDays {
  first: number;
  data: Float64Array;
}

const zoneDays = new Map<string, ZoneDays>();
let lastZone = '';
let lastZoneDays: ZoneDays = { first: 0, data: new Float64Array(0) };
let lastDay = Number.NaN;
let lastStart = 0;
let lastEnd = 0;
let lastTransition = Number.POSITIVE_INFINITY;

/** The zone's table, grown (or restarted) to hold `day`. */
function tableFor(timeZone: TimeZone, day: number): ZoneDays {
  let z = timeZone === lastZone ? lastZoneDays : zoneDays.get(timeZone);
  if (z === undefined) {
    z = { first: day, data: new Float64Array(0) };
    zoneDays.set(timeZone, z);
  }
  const days = z.data.length / 3;
  if (day < z.first || day >= z.first + days) {
    const first = Math.min(day, z.first);
    const last = Math.max(day, z.first + days - 1);
    if (days === 0 || last - first + 1 > MAX_CACHED_DAYS) {
      // Start a table around this day, with room either side.
      z.first = day - 64;
      z.data = new Float64Array(3 * 256).fill(Number.NaN);
    } else {
      // Grow to cover the day, doubling so a sweep through time grows rarely.
      const span = Math.min(MAX_CACHED_DAYS, Math.max(2 * days, last - first + 1));
      // Growing down keeps the old last day as the end; growing up keeps the old first day.
      const newFirst = day < z.first ? z.first + days - span : z.first;
      const data = new Float64Array(3 * span).fill(Number.NaN);
      data.set(z.data, 3 * (z.first - newFirst));
      z.first = newFirst;
      z.data = data;
    }
  }
  lastZone = timeZone;
  lastZoneDays = z;
  return z;
}

/** Looks the day's offsets up with `@date-fns/tz` (bisecting to the millisecond of a change). */
function lookUpDay(timeZone: TimeZone, day: number, data: Float64Array, i: number): void {
  const from = day * DAY;
  const start = tzOffset(timeZone, new Date(from));
  const end = tzOffset(timeZone, new Date(from + DAY - 1));
  let transition = Number.POSITIVE_INFINITY;
  if (start !== end) {
    let lo = from;
    let hi = from + DAY - 1;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (tzOffset(timeZone, new Date(mid)) === start) lo = mid;
      else hi = mid;
    }
    transition = hi;
  }
  data[i] = start;
  data[i + 1] = end;
  data[i + 2] = transition;
}

/**
 * The zone's offset from UTC at an instant, in minutes (`480` for Shanghai).
 *
 * Offsets are read from `@date-fns/tz` once per zone and UTC day, then kept in a typed array
 * per zone (with the exact instant of any DST transition that day), so hot loops over millions
 * of events, in time order or not, do not call `Intl` or hash anything per event. The cache is internal and has no observable effect.
 *
 * @example
 * ```ts
 * import { zoneOffsetMinutes } from 'siyu/core';
 * zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'Asia/Shanghai'); // → 480
 * zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'America/New_York'); // → -240
 * ```
 */
export function zoneOffsetMinutes(instant: Instant, timeZone: TimeZone): number {
  const day = Math.floor(instant / DAY);
  if (day !== lastDay || timeZone !== lastZone) {
    const z = tableFor(timeZone, day);
    const i = 3 * (day - z.first);
    if (z.data[i] !== z.data[i]) lookUpDay(timeZone, day, z.data, i);
    lastStart = z.data[i] as number;
    lastEnd = z.data[i + 1] as number;
    lastTransition = z.data[i + 2] as number;
    lastDay = day;
  }
  return instant < lastTransition ? lastStart : lastEnd;
}

/** A local wall-clock date and time; `month` is 1–12, `isoWeekday` 1 (Monday) – 7 (Sunday). */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** 1 = Monday … 7 = Sunday. */
  readonly isoWeekday: number;
  /** The zone's offset from UTC at this instant, in minutes. */
  readonly offsetMinutes: number;
}

/**
 * The local date and time of an instant in a zone.
 *
 * @example
 * ```ts
 * import { localParts } from 'siyu/core';
 * const p = localParts(Date.UTC(2026, 0, 1, 17, 0), 'Asia/Shanghai');
 * [p.year, p.month, p.day, p.hour, p.isoWeekday]; // → [2026, 1, 2, 1, 5]
 * ```
 */
export function localParts(instant: Instant, timeZone: TimeZone): LocalParts {
  const offsetMinutes = zoneOffsetMinutes(instant, timeZone);
  const wall = new Date(instant + offsetMinutes * 60_000);
  const weekday = wall.getUTCDay();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    isoWeekday: weekday === 0 ? 7 : weekday,
    offsetMinutes,
  };
}

/** A local wall-clock time to resolve in a zone; missing fields are 0. `month` is 1–12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly millisecond?: number;
}

/** Wall-clock fields read as if they were UTC: the "wall instant". Handles years 0–99. */
function wallClockMs(local: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(local.year, local.month - 1, local.day);
  d.setUTCHours(local.hour ?? 0, local.minute ?? 0, local.second ?? 0, local.millisecond ?? 0);
  return d.getTime();
}

const HOUR = 3_600_000;

/**
 * The instant at which a zone's clocks show a local date-time. One rule everywhere in siyu:
 * a time that does not exist (a DST gap) moves **forward to the first valid instant** after the
 * gap (02:30 on a spring-forward night in New York becomes 03:00); a time that exists twice (a
 * DST overlap) resolves to the **earlier** instant.
 *
 * @example
 * ```ts
 * import { instantFromLocal } from 'siyu/core';
 * new Date(instantFromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toISOString();
 * // → '2026-03-08T07:00:00.000Z'
 * new Date(instantFromLocal({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toISOString();
 * // → '2026-11-01T05:30:00.000Z'
 * ```
 */
export function instantFromLocal(local: LocalDateTime, timeZone: TimeZone): Instant {
  const wall = wallClockMs(local);
  // The offsets in force a day either side bracket any transition near this wall time.
  const before = zoneOffsetMinutes(wall - 24 * HOUR, timeZone);
  const after = zoneOffsetMinutes(wall + 24 * HOUR, timeZone);
  // No transition within a day either side (the usual case): one offset, one answer.
  if (before === after) return wall - before * 60_000;
  const candidateBefore = wall - before * 60_000;
  const candidateAfter = wall - after * 60_000;
  const validBefore = zoneOffsetMinutes(candidateBefore, timeZone) === before;
  const validAfter = zoneOffsetMinutes(candidateAfter, timeZone) === after;
  if (validBefore && validAfter) return Math.min(candidateBefore, candidateAfter);
  if (validBefore) return candidateBefore;
  if (validAfter) return candidateAfter;
  // Neither resolves: the wall time is in a gap. Find the transition instant by bisection;
  // it is the first instant whose offset is the later one, and the first valid minute.
  let lo = Math.min(candidateBefore, candidateAfter);
  let hi = Math.max(candidateBefore, candidateAfter);
  if (zoneOffsetMinutes(lo, timeZone) === after) return lo;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zoneOffsetMinutes(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  // Transitions happen on whole seconds (whole minutes in practice), and the transition lies in
  // (lo, hi] with hi - lo <= 1 s: it is the first whole second after lo.
  return Math.floor(lo / 1000) * 1000 + 1000;
}
