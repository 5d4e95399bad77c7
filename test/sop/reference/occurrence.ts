// Frozen copy of src/sop/occurrence.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Occurrences of one item's time spec: which local days it falls on, and its occurrence number
 * (stable for a given enrolment, whatever range is expanded). Private to siyu/sop.
 *
 * @module
 */
import { dayNumberOfLocalDate, type Instant, type TimeZone } from 'siyu/core';
import type { CompiledItem } from './compile.js';
import { dayNumberOf, dayParts, instantAtLocal, isoWeekdayOfDay } from './localDay.js';
import type { SopSeriesBound, SopTimeSpec } from './schema.js';

/** An occurrence before constraints: its number and its scheduled instant. */
export interface Nominal {
  readonly occurrence: number;
  readonly at: Instant;
  /** Local day number it was scheduled on (the anchor's day for `relativeDuration`). */
  readonly day: number;
}

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
      const p = dayParts(d);
      if (monthlyDay(p.year, p.month, time) !== p.day) return -1;
      const s = dayParts(first);
      return p.year * 12 + p.month - (s.year * 12 + s.month);
    }
    case 'yearly': {
      const p = dayParts(d);
      // Set for every yearly item when the enrolment was prepared.
      const date = ctx.yearlyDates.get(item.index) as { readonly month: number; readonly day: number };
      const leap = (p.year % 4 === 0 && p.year % 100 !== 0) || p.year % 400 === 0;
      const day = date.month === 2 && date.day === 29 && !leap ? 28 : date.day;
      return p.month === date.month && p.day === day ? p.year - dayParts(first).year : -1;
    }
    default:
      return -1;
  }
};

/**
 * The nominal occurrences of an item: one-shot specs always (whatever the range), recurring
 * specs on local days `[fromDay, toDay]` within the series.
 */
export const nominalOccurrences = (item: CompiledItem, ctx: OccurrenceContext, fromDay: number, toDay: number): Nominal[] => {
  const time = item.item.time;
  switch (time.kind) {
    case 'relativeDay': {
      const day = ctx.anchorDay + time.day;
      return [{ occurrence: 0, at: instantAtLocal(ctx.timeZone, day, item.atMs), day }];
    }
    case 'relativeDuration':
      return [{ occurrence: 0, at: ctx.anchor + (time.hours * 60 + time.minutes) * 60_000, day: ctx.anchorDay }];
    case 'fixed': {
      const day = dayNumberOfLocalDate(time.date);
      return [{ occurrence: 0, at: instantAtLocal(ctx.timeZone, day, item.atMs), day }];
    }
    default: {
      const out: Nominal[] = [];
      const { first, last } = seriesDays(item, ctx.anchorDay);
      const lo = Math.max(first, fromDay);
      const hi = Math.min(last, toDay);
      let d = lo;
      let step = 1;
      if (time.kind === 'everyNDays' || time.kind === 'weekly') {
        // Jump straight to the first matching day, then step by the period.
        step = time.kind === 'everyNDays' ? time.n : 7 * time.everyWeeks;
        const base = time.kind === 'everyNDays' ? first : first - (isoWeekdayOfDay(first) - 1) + time.isoWeekday - 1;
        d = base + Math.max(0, Math.ceil((lo - base) / step)) * step;
      }
      for (; d <= hi; d += step) {
        const occurrence = occurrenceOnDay(item, ctx, d);
        if (occurrence >= 0) out.push({ occurrence, at: instantAtLocal(ctx.timeZone, d, item.atMs), day: d });
      }
      return out;
    }
  }
};
