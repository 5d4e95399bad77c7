/**
 * Quiet hours: no task is due inside `[start, end)` local time (default 22:00–08:00). Private to
 * siyu/sop.
 *
 * @module
 */
import type { Instant, TimeZone } from '../core/index.js';
import { instantAtLocal, localPositionOf } from './localDay.js';

/** Quiet hours as ms of the local day; wraps midnight when `start > end`. */
export interface QuietWindow {
  readonly start: number;
  readonly end: number;
}

/** Is a local time of day (ms) inside the quiet window? */
export const isQuiet = (quiet: QuietWindow, ms: number): boolean => {
  return quiet.start < quiet.end ? ms >= quiet.start && ms < quiet.end : ms >= quiet.start || ms < quiet.end;
};

/** The first allowed instant at or after `instant`: the quiet window's end (on the right day). */
export const quietEndAfter = (quiet: QuietWindow, timeZone: TimeZone, instant: Instant): Instant => {
  const pos = localPositionOf(timeZone, instant);
  const day = quiet.start > quiet.end && pos.ms >= quiet.start ? pos.day + 1 : pos.day;
  return instantAtLocal(timeZone, day, quiet.end);
};
