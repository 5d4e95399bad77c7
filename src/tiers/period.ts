/**
 * Review periods and metric windows of a tier program, in the program zone: calendar months,
 * quarters and years; N-day cycles counted from the member's local join date; rolling windows
 * of whole local days. Boundaries depend only on the local date, so they are memoised per
 * compiled program by local day number (core's calendar arithmetic is exact but not cheap).
 *
 * @module
 */
import { addLocal, atLocalTime, localDateOfDayNumber, localDayNumber, nextLocalPeriodStart, startOfLocal, type Instant } from '../core/index.js';
import type { CompiledTierProgram } from './ladder.js';
import type { TierQuotaPeriod, TierReviewSchedule } from './schema.js';

/** A half-open span `[start, end)` of instants. */
export interface TierPeriod {
  /** First instant of the period. */
  readonly start: Instant;
  /** First instant after the period (exclusive end). */
  readonly end: Instant;
}

const MEMO_LIMIT = 50_000;

const memoised = (c: CompiledTierProgram, key: string, compute: () => number): number => {
  const hit = c.memo.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (c.memo.size >= MEMO_LIMIT) c.memo.clear();
  c.memo.set(key, value);
  return value;
};

/** The local calendar period (day … year) containing `t`, in the program zone. @internal */
export const calendarPeriodAt = (c: CompiledTierProgram, unit: TierQuotaPeriod, t: Instant): TierPeriod => {
  const day = localDayNumber(t, c.timeZone);
  const options = { timeZone: c.timeZone };
  return {
    start: memoised(c, `s:${unit}:${day}`, () => startOfLocal(t, unit, options)),
    end: memoised(c, `e:${unit}:${day}`, () => nextLocalPeriodStart(t, unit, options)),
  };
};

const cycleAt = (c: CompiledTierProgram, joinedAt: Instant, days: number, t: Instant): TierPeriod => {
  const zone = c.timeZone;
  const d0 = localDayNumber(joinedAt, zone);
  const k = Math.floor((localDayNumber(t, zone) - d0) / days);
  const midnight = (n: number): number => memoised(c, `m:${n}`, () => atLocalTime(localDateOfDayNumber(n), '00:00', zone));
  return { start: midnight(d0 + k * days), end: midnight(d0 + (k + 1) * days) };
};

const scheduleAt = (c: CompiledTierProgram, joinedAt: Instant, schedule: TierReviewSchedule, t: Instant): TierPeriod =>
  schedule.kind === 'cycle' ? cycleAt(c, joinedAt, schedule.days, t) : calendarPeriodAt(c, schedule.unit, t);

/**
 * The review period containing `t` (a tier is re-evaluated at its end), or `null` for a lifetime
 * window, which is never re-evaluated. @internal
 */
export const reviewPeriodAt = (c: CompiledTierProgram, joinedAt: Instant, t: Instant): TierPeriod | null => {
  const window = c.program.window;
  switch (window.kind) {
    case 'lifetime':
      return null;
    case 'rolling':
      return scheduleAt(c, joinedAt, window.review, t);
    default:
      return scheduleAt(c, joinedAt, window, t);
  }
};

/**
 * The first instant counted by the metric window that ends (exclusive) at `end`: the review
 * period's start for calendar and cycle windows; for rolling windows, local midnight N days or
 * months before the local day of `end` (so a window ending at a midnight holds exactly N whole
 * local days, and one ending mid-day adds the day so far); −∞ for lifetime. @internal
 */
export const windowStart = (c: CompiledTierProgram, periodStart: Instant | null, end: Instant): number => {
  const window = c.program.window;
  switch (window.kind) {
    case 'lifetime':
      return -Infinity;
    case 'rolling': {
      const day = localDayNumber(end, c.timeZone);
      return memoised(c, `r:${day}`, () => addLocal(calendarPeriodAt(c, 'day', end).start, window.unit, -window.amount, c.timeZone));
    }
    default:
      return periodStart ?? -Infinity;
  }
};
