/**
 * Check-in (签到) streaks in cycles: consecutive local days count day 1, 2, … of a cycle; after
 * the last day the next check-in starts a new cycle at day 1; a missed day restarts at day 1.
 *
 * @module
 */
import type { PointsCheckInStreak } from './state.js';

/**
 * The cycle day of a check-in on local day number `day` (core `localDayNumber`), given the
 * previous streak: `null` when the member already checked in that day (or the day is earlier
 * than the last check-in).
 *
 * @example
 * ```ts
 * import { advanceCheckInStreak } from 'siyu/points';
 * advanceCheckInStreak(undefined, 100, 7); // → 1
 * advanceCheckInStreak({ day: 100, cycleDay: 3 }, 101, 7); // → 4
 * advanceCheckInStreak({ day: 100, cycleDay: 7 }, 101, 7); // → 1
 * advanceCheckInStreak({ day: 100, cycleDay: 3 }, 102, 7); // → 1
 * advanceCheckInStreak({ day: 100, cycleDay: 3 }, 100, 7); // → null
 * ```
 */
export function advanceCheckInStreak(previous: PointsCheckInStreak | undefined, day: number, cycleLength: number): number | null {
  if (previous === undefined) return 1;
  if (day <= previous.day) return null;
  if (day === previous.day + 1) return previous.cycleDay >= cycleLength ? 1 : previous.cycleDay + 1;
  return 1;
}
