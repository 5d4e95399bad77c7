/**
 * Deadline arithmetic: core's `addDuration`, with a fast path for the common case and cheap
 * bounds for "has this much time elapsed?" questions asked on every event.
 *
 * @module
 */
import { addDuration, zoneOffsetMinutes, type Duration, type Instant } from '../core/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** More than two UTC offsets can ever differ by (UTC−12 to UTC+14). */
const OFFSET_SLACK = 27 * HOUR;
const MIN_DAYS: Readonly<Record<string, number>> = { day: 1, week: 7, month: 28, year: 365 };
const MAX_DAYS: Readonly<Record<string, number>> = { day: 1, week: 7, month: 31, year: 366 };

/**
 * `addDuration(anchor, duration, timeZone)`, with a fast path: a whole number of local days or
 * weeks with no `endOf`, when the zone's offset is the same at the anchor and for a day either
 * side of the result (no DST change in play), is exactly that many 24-hour days. Anything else
 * goes through core's `addDuration`.
 *
 * @example
 * ```ts
 * import { addDuration } from 'siyu/core';
 * import { createCustomerLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';
 * const ny = createCustomerLifecycle({ timeZone: 'America/New_York' });
 * const added = transitionLifecycle(ny, startLifecycle(ny, 0).snapshot, { type: 'friend_added', id: 'e1', at: Date.parse('2026-03-05T10:00:00-05:00') });
 * added.ok && added.snapshot.deadlines[0]?.at === addDuration(Date.parse('2026-03-05T10:00:00-05:00'), { amount: 7, unit: 'day' }, 'America/New_York'); // → true
 * ```
 */
export function addDeadlineDuration(anchor: Instant, duration: Duration, timeZone: string): Instant {
  if ((duration.unit === 'day' || duration.unit === 'week') && duration.endOf === undefined) {
    const candidate = anchor + duration.amount * (duration.unit === 'day' ? DAY : 7 * DAY);
    const offset = zoneOffsetMinutes(anchor, timeZone);
    if (
      zoneOffsetMinutes(candidate, timeZone) === offset &&
      zoneOffsetMinutes(candidate - DAY, timeZone) === offset &&
      zoneOffsetMinutes(candidate + DAY, timeZone) === offset
    ) {
      return candidate;
    }
  }
  return addDuration(anchor, duration, timeZone);
}

/**
 * A lower bound of `addDuration(anchor, duration) − anchor` in any zone at any date (`endOf`
 * only moves the result later).
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, replayLifecycle } from 'siyu/lifecycle';
 * // 7 local days after a friend-add, however the zone's offset moves, the customer is no longer new.
 * replayLifecycle(createCustomerLifecycle({ timeZone: 'Pacific/Apia' }), [{ type: 'friend_added', id: 'e1', at: 0 }], { until: 8 * 86_400_000 }).snapshot.state; // → 'silent'
 * ```
 */
export function minDurationSpan(duration: Duration): number {
  const n = duration.amount;
  if (duration.unit === 'minute') return n * MINUTE;
  if (duration.unit === 'hour') return n * HOUR;
  return n * (MIN_DAYS[duration.unit] ?? 0) * DAY - OFFSET_SLACK;
}

/**
 * Has `duration` elapsed between `from` and `at` (`addDuration(from, duration) ≤ at`)? Decided by
 * cheap bounds when `at` is far from the boundary, by the calendar otherwise.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, replayLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle({ newFor: { amount: 3, unit: 'day' } });
 * replayLifecycle(customers, [{ type: 'friend_added', id: 'e1', at: 0 }], { until: 3 * 86_400_000 }).snapshot.state; // → 'active'
 * ```
 */
export function durationElapsed(from: Instant, duration: Duration, at: Instant, timeZone: string): boolean {
  const span = at - from;
  if (span < minDurationSpan(duration)) return false;
  if (duration.endOf === undefined && duration.unit !== 'minute' && duration.unit !== 'hour') {
    if (span > duration.amount * (MAX_DAYS[duration.unit] ?? 0) * DAY + OFFSET_SLACK) return true;
  }
  return addDeadlineDuration(from, duration, timeZone) <= at;
}
