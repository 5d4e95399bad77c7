/**
 * Occurrences of one item's time spec: which local days it falls on, and its occurrence number
 * (stable for a given enrolment, whatever range is expanded). Private to siyu/sop.
 *
 * @module
 */
import { civilFromDays, dayNumberOfLocalDate, type Instant, type TimeZone } from '../core/index.js';
import type { CompiledItem } from './compile.js';
import { dayNumberOf, instantAtLocal, isoWeekdayOfDay, uniformMidnight } from './localDay.js';
import type { SopSeriesBound, SopTimeSpec } from './schema.js';

/** What occurrence generation needs to know about the enrolment. */
export interface OccurrenceContext {
  readonly anchor: Instant;
  readonly anchorDay: number;
  readonly timeZone: TimeZone;
  /** Month and day of a yearly item's date variable, by item index. */
  readonly yearlyDates: ReadonlyMap<number, { readonly month: number; readonly day: number }>;
}

function boundDay(bound: SopSeriesBound, anchorDay: number): number {
  return 'date' in bound ? dayNumberOfLocalDate(bound.date) : anchorDay + bound.day;
}

/** First and last local day of a recurring series (inclusive; `last` may be Infinity). */
export const seriesDays = (item: CompiledItem, anchorDay: number): { first: number; last: number } => {
  const time = item.item.time;
  if (time.kind === 'relativeDay' || time.kind === 'relativeDuration' || time.kind === 'fixed') return { first: anchorDay, last: anchorDay };
  const from = time.from === undefined ? anchorDay : Math.max(anchorDay, boundDay(time.from, anchorDay));
  const last = time.until === undefined ? Number.POSITIVE_INFINITY : boundDay(time.until, anchorDay);
  return { first: from, last };
};

function monthlyDay(year: number, month: number, time: Extract<SopTimeSpec, { kind: 'monthly' }>): number | undefined {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (time.day !== undefined) {
    if (time.day === 'last') return length;
    if (time.day > length) return time.skipShortMonths ? undefined : length;
    return time.day;
  }
  const weekday = time.isoWeekday as number;
  const nth = time.nth as number;
  if (nth === -1) {
    const lastDay = dayNumberOf(year, month, length);
    return length - ((isoWeekdayOfDay(lastDay) - weekday + 7) % 7);
  }
  const firstDay = dayNumberOf(year, month, 1);
  const day = 1 + ((weekday - isoWeekdayOfDay(firstDay) + 7) % 7) + (nth - 1) * 7;
  return day <= length ? day : undefined;
}

/** Does the item's recurring spec fall on local day `d`? Its occurrence number, or -1. */
export const occurrenceOnDay = (item: CompiledItem, ctx: OccurrenceContext, d: number): number => {
  const { first, last } = seriesDays(item, ctx.anchorDay);
  return occurrenceWithin(item, ctx, d, first, last);
};

/** {@link occurrenceOnDay} for a series known to run over local days `[first, last]`. */
function occurrenceWithin(item: CompiledItem, ctx: OccurrenceContext, d: number, first: number, last: number): number {
  if (d < first || d > last) return -1;
  const time = item.item.time;
  switch (time.kind) {
    case 'weekly': {
      const monday = first - (isoWeekdayOfDay(first) - 1);
      const offset = d - (monday + time.isoWeekday - 1);
      const period = 7 * time.everyWeeks;
      return offset >= 0 && offset % period === 0 ? offset / period : -1;
    }
    case 'everyNDays':
      return (d - first) % time.n === 0 ? (d - first) / time.n : -1;
    case 'monthly': {
      const p = civilFromDays(d);
      if (monthlyDay(p.year, p.month, time) !== p.day) return -1;
      const s = civilFromDays(first);
      return p.year * 12 + p.month - (s.year * 12 + s.month);
    }
    case 'yearly': {
      const p = civilFromDays(d);
      // Set for every yearly item when the enrolment was prepared.
      const date = ctx.yearlyDates.get(item.index) as { readonly month: number; readonly day: number };
      const leap = (p.year % 4 === 0 && p.year % 100 !== 0) || p.year % 400 === 0;
      const day = date.month === 2 && date.day === 29 && !leap ? 28 : date.day;
      return p.month === date.month && p.day === day ? p.year - civilFromDays(first).year : -1;
    }
    default:
      return -1;
  }
}

/**
 * Nominal occurrences written by {@link nominalOccurrences}: parallel arrays, valid for
 * `[0, length)` until the next call (one buffer, reused, so that generation allocates nothing).
 */
export interface NominalBuffer {
  /** Occurrence numbers. */
  occurrence: Float64Array;
  /** Scheduled instants. */
  at: Float64Array;
  /** Local day numbers each was scheduled on (the anchor's day for `relativeDuration`). */
  day: Float64Array;
  /** How many entries are valid. */
  length: number;
}

const buffer: NominalBuffer = { occurrence: new Float64Array(1024), at: new Float64Array(1024), day: new Float64Array(1024), length: 0 };

function push(occurrence: number, at: number, day: number): void {
  const n = buffer.length;
  if (n === buffer.at.length) {
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    buffer.occurrence = grow(buffer.occurrence);
    buffer.at = grow(buffer.at);
    buffer.day = grow(buffer.day);
  }
  buffer.occurrence[n] = occurrence;
  buffer.at[n] = at;
  buffer.day[n] = day;
  buffer.length = n + 1;
}

/**
 * The nominal occurrences of an item, in increasing day order: one-shot specs always (whatever
 * the range), recurring specs on local days `[fromDay, toDay]` within the series. Returns the
 * shared buffer (read it before the next call).
 */
export const nominalOccurrences = (item: CompiledItem, ctx: OccurrenceContext, fromDay: number, toDay: number): NominalBuffer => {
  buffer.length = 0;
  const time = item.item.time;
  const zone = ctx.timeZone;
  switch (time.kind) {
    case 'relativeDay': {
      const day = ctx.anchorDay + time.day;
      push(0, instantAtLocal(zone, day, item.atMs), day);
      return buffer;
    }
    case 'relativeDuration':
      push(0, ctx.anchor + (time.hours * 60 + time.minutes) * 60_000, ctx.anchorDay);
      return buffer;
    case 'fixed': {
      const day = dayNumberOfLocalDate(time.date);
      push(0, instantAtLocal(zone, day, item.atMs), day);
      return buffer;
    }
    default: {
      const { first, last } = seriesDays(item, ctx.anchorDay);
      const lo = Math.max(first, fromDay);
      const hi = Math.min(last, toDay);
      const atMs = item.atMs;
      if (time.kind === 'everyNDays' || time.kind === 'weekly') {
        // Jump straight to the first matching day, then step by the period: every day visited
        // matches, occurrence number (d − base) / step.
        const step = time.kind === 'everyNDays' ? time.n : 7 * time.everyWeeks;
        const base = time.kind === 'everyNDays' ? first : first - (isoWeekdayOfDay(first) - 1) + time.isoWeekday - 1;
        const k0 = Math.max(0, Math.ceil((lo - base) / step));
        for (let k = k0, d = base + k0 * step; d <= hi; k++, d += step) {
          // A uniform day (no DST change) is its midnight + the time of day: one array read.
          const midnight = uniformMidnight(zone, d);
          push(k, Number.isNaN(midnight) ? instantAtLocal(zone, d, atMs) : midnight + atMs, d);
        }
        return buffer;
      }
      for (let d = lo; d <= hi; d++) {
        const occurrence = occurrenceWithin(item, ctx, d, first, last);
        if (occurrence >= 0) push(occurrence, instantAtLocal(zone, d, atMs), d);
      }
      return buffer;
    }
  }
};
