/**
 * Local days of a zone, memoised in typed arrays: the instant of local midnight, the offset and
 * whether the day has a DST transition. On a day without one, a local time is midnight + that
 * many milliseconds, so expanding millions of tasks needs no time-zone lookups (and no `Intl`,
 * no `Date`): one array read per occurrence. On a transition day every time goes through core
 * `instantFromLocal` (gaps move forward, overlaps take the earlier instant). Local date-time
 * texts are assembled from a memoised date part and a memoised time-and-offset part. Private to
 * siyu/sop.
 *
 * @module
 */
import { civilFromDays, daysFromCivil, instantFromLocal, zoneOffsetMinutes, type Instant, type TimeZone } from '../core/index.js';

/** Milliseconds in a 24-hour day. */
export const DAY_MS = 86_400_000;

/** State of a day in a zone table. */
const UNKNOWN = 0;
const UNIFORM = 1;
const TRANSITION = 2;

/**
 * The known local days of one zone, `[base, base + length)`: local midnight (the first valid
 * instant of the day), the offset at midnight in minutes, and the day's state (unknown, uniform:
 * exactly 24 h with one offset throughout, or a transition day).
 */
interface ZoneTable {
  readonly base: number;
  readonly midnight: Float64Array;
  readonly offset: Float64Array;
  readonly state: Uint8Array;
}

/** Days a new table covers either side of the first day asked for. */
const TABLE_MARGIN = 1024;
/** Largest table per zone (≈ 360 years); a request farther away starts a new table. */
const MAX_TABLE_DAYS = 131_072;
const tables = new Map<TimeZone, ZoneTable>();
// The zone looked up last: most calls ask about the same zone as the one before.
let lastZone: TimeZone | undefined;
let lastTable: ZoneTable = emptyTable(0, 0);
let lastOffset = 0;
let lastOffsetZone: TimeZone | undefined;

function emptyTable(base: number, length: number): ZoneTable {
  return { base, midnight: new Float64Array(length), offset: new Float64Array(length), state: new Uint8Array(length) };
}

/** The table of `timeZone`, grown (or restarted) so that it covers `dayNumber`. */
function tableFor(timeZone: TimeZone, dayNumber: number): ZoneTable {
  let t = timeZone === lastZone ? lastTable : tables.get(timeZone);
  if (t === undefined || dayNumber < t.base || dayNumber >= t.base + t.state.length) {
    let first = dayNumber - TABLE_MARGIN;
    let end = dayNumber + TABLE_MARGIN;
    if (t !== undefined) {
      first = Math.min(first, t.base);
      end = Math.max(end, t.base + t.state.length);
    }
    const grown = emptyTable(first, end - first);
    if (t !== undefined && end - first <= MAX_TABLE_DAYS) {
      const at = t.base - first;
      grown.midnight.set(t.midnight, at);
      grown.offset.set(t.offset, at);
      grown.state.set(t.state, at);
      t = grown;
    } else {
      t = end - first <= MAX_TABLE_DAYS ? grown : emptyTable(dayNumber - TABLE_MARGIN, 2 * TABLE_MARGIN);
    }
    tables.set(timeZone, t);
  }
  lastZone = timeZone;
  lastTable = t;
  return t;
}

/** Fills entry `i` (day `dayNumber`) of a table. */
function fillDay(t: ZoneTable, i: number, timeZone: TimeZone, dayNumber: number): void {
  const p = civilFromDays(dayNumber);
  const q = civilFromDays(dayNumber + 1);
  const midnight = instantFromLocal({ year: p.year, month: p.month, day: p.day }, timeZone);
  const next = instantFromLocal({ year: q.year, month: q.month, day: q.day }, timeZone);
  const offset = zoneOffsetMinutes(midnight, timeZone);
  const uniform = next - midnight === DAY_MS && zoneOffsetMinutes(next - 1, timeZone) === offset && midnight + offset * 60_000 === dayNumber * DAY_MS;
  t.midnight[i] = midnight;
  t.offset[i] = offset;
  t.state[i] = uniform ? UNIFORM : TRANSITION;
}

/** The table holding `dayNumber`, with that day known; its index is `dayNumber - table.base`. */
function knownDay(timeZone: TimeZone, dayNumber: number): ZoneTable {
  const t = tableFor(timeZone, dayNumber);
  const i = dayNumber - t.base;
  if (t.state[i] === UNKNOWN) fillDay(t, i, timeZone, dayNumber);
  return t;
}

/**
 * Scratch output of {@link locate} (day, ms, offset) and of {@link uniformMidnight} (offset):
 * read the fields right after the call.
 */
export const located: { day: number; ms: number; offset: number } = { day: 0, ms: 0, offset: 0 };

/** Calendar parts of a day number (days since 1970-01-01). */
export interface DayParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly isoWeekday: number;
}

/** The calendar date of a day number. */
export const dayParts = (dayNumber: number): DayParts => {
  const c = civilFromDays(dayNumber);
  return { year: c.year, month: c.month, day: c.day, isoWeekday: isoWeekdayOfDay(dayNumber) };
};

/** The day number of a calendar date (`month` 1–12). */
export const dayNumberOf = daysFromCivil;

/** ISO weekday (1 = Monday) of a day number. */
export const isoWeekdayOfDay = (dayNumber: number): number => {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
};

/**
 * Local midnight of a day when the day is uniform (exactly 24 h, one offset, starting at local
 * 00:00), or `NaN` on a transition day. The hot-loop form of {@link instantAtLocal}:
 * `uniformMidnight(z, d) + ms` is the instant whenever it is not `NaN`; the day's offset is then
 * in `located.offset` (see {@link located}).
 */
export const uniformMidnight = (timeZone: TimeZone, dayNumber: number): number => {
  const t = knownDay(timeZone, dayNumber);
  const i = dayNumber - t.base;
  if (t.state[i] !== UNIFORM) return Number.NaN;
  located.offset = t.offset[i] as number;
  return t.midnight[i] as number;
};

/** The instant at which the zone's clocks show `msOfDay` on local day `dayNumber`. */
export const instantAtLocal = (timeZone: TimeZone, dayNumber: number, msOfDay: number): Instant => {
  const t = knownDay(timeZone, dayNumber);
  const i = dayNumber - t.base;
  if (t.state[i] === UNIFORM) return (t.midnight[i] as number) + msOfDay;
  const p = civilFromDays(dayNumber);
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


/** The local day and wall-clock time of an instant, written to {@link located} (no allocation). */
export const locate = (timeZone: TimeZone, instant: Instant): void => {
  const guess = Math.floor((instant + (timeZone === lastOffsetZone ? lastOffset : 0) * 60_000) / DAY_MS);
  for (let k = 0; k < 3; k++) {
    const d = k === 0 ? guess : k === 1 ? guess - 1 : guess + 1;
    const t = knownDay(timeZone, d);
    const i = d - t.base;
    const midnight = t.midnight[i] as number;
    if (t.state[i] === UNIFORM && instant >= midnight && instant < midnight + DAY_MS) {
      const offset = t.offset[i] as number;
      lastOffset = offset;
      lastOffsetZone = timeZone;
      located.day = d;
      located.ms = instant - midnight;
      located.offset = offset;
      return;
    }
  }
  const offset = zoneOffsetMinutes(instant, timeZone);
  const wall = instant + offset * 60_000;
  const day = Math.floor(wall / DAY_MS);
  located.day = day;
  located.ms = wall - day * DAY_MS;
  located.offset = offset;
};

/** The local day and wall-clock time of an instant. */
export const localPositionOf = (timeZone: TimeZone, instant: Instant): LocalPosition => {
  locate(timeZone, instant);
  return { day: located.day, ms: located.ms, offset: located.offset };
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const MAX_TEXTS = 100_000;
const dateTexts = new Map<number, string>();
const timeTexts = new Map<number, string>();

/** `'2026-03-02T'` of a day number, memoised. */
function dateText(dayNumber: number): string {
  let text = dateTexts.get(dayNumber);
  if (text === undefined) {
    const p = civilFromDays(dayNumber);
    const year = p.year >= 0 && p.year <= 9999 ? String(p.year).padStart(4, '0') : String(p.year);
    text = `${year}-${pad2(p.month)}-${pad2(p.day)}T`;
    if (dateTexts.size >= MAX_TEXTS) dateTexts.clear();
    dateTexts.set(dayNumber, text);
  }
  return text;
}

/** `'20:00:00+08:00'` of a second of the day and an offset in minutes, memoised. */
function timeText(second: number, offset: number): string {
  // Offsets are whole minutes within ±1 day; seconds of the day within [0, 86 400].
  const key = second * 4096 + offset + 2048;
  let text = timeTexts.get(key);
  if (text === undefined) {
    const abs = Math.abs(offset);
    text = `${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    if (timeTexts.size >= MAX_TEXTS) timeTexts.clear();
    timeTexts.set(key, text);
  }
  return text;
}

/** The local ISO 8601 date-time with offset of a day, a wall-clock ms of the day and an offset. */
export const formatLocal = (dayNumber: number, ms: number, offset: number): string => {
  const second = Math.floor(ms / 1000);
  // Memoised pieces cover the usual values; anything else is formatted in full.
  if (Number.isInteger(offset) && offset > -2048 && offset < 2048 && second >= 0 && second <= 86_400) return dateText(dayNumber) + timeText(second, offset);
  const abs = Math.abs(offset);
  return `${dateText(dayNumber)}${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
};

