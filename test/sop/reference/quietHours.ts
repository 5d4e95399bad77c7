// Frozen copy of src/sop/quietHours.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Quiet hours: no task is due inside `[start, end)` local time (default 22:00–08:00). Private to
 * siyu/sop.
 *
 * @module
 */
import type { Instant, TimeZone } from 'siyu/core';
import { instantAtLocal, localPositionOf, type LocalPosition } from './localDay.js';

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

/** The next instant a quiet window starts after an allowed instant at local position `pos`. */
export const quietStartAfter = (quiet: QuietWindow, timeZone: TimeZone, pos: LocalPosition): Instant => {
  return instantAtLocal(timeZone, pos.ms < quiet.start ? pos.day : pos.day + 1, quiet.start);
};
