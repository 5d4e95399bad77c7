/**
 * The ledger's calendar arithmetic in the program zone: when a lot activates (lock policy), when
 * it expires (expiry policy), and which calendar period a cap counts in.
 *
 * Every instant is what core's calendar functions (`addDuration`, `endOfLocal`, `startOfLocal`)
 * give in the program zone, so DST transitions are handled once, in core.
 *
 * Days and weeks added to an instant, and the start and end of its local day, take a fast path
 * when no offset change lies within a day of the wall-clock time being resolved: `wall − offset`
 * from core's cached zone offsets. That is exactly the case in which core's `resolveWall` /
 * `instantFromLocal` answer `wall − offset` too; they get there through a civil date and a `Date`
 * round trip, which in a ledger applying millions of commands was most of the calendar's cost.
 * Anywhere near a DST change, and for months, quarters and years, core is called, so the results
 * are always core's (a property test compares them across DST changes).
 *
 * @module
 */
import { addDuration, endOfLocal, startOfLocal, zoneOffsetMinutes, type CalendarUnit, type Duration, type Instant, type TimeZone } from '../core/index.js';
import type { PointsExpiryPolicy, PointsLockPolicy } from './schema.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The instant whose local wall clock shows `wall`, when the zone's offset is the same a day either side; `NaN` otherwise. */
function resolveSteady(wall: number, timeZone: TimeZone): number {
  const before = zoneOffsetMinutes(wall - DAY, timeZone);
  return before === zoneOffsetMinutes(wall + DAY, timeZone) ? wall - before * MINUTE : Number.NaN;
}

function wallOf(instant: Instant, timeZone: TimeZone): number {
  return instant + zoneOffsetMinutes(instant, timeZone) * MINUTE;
}

/** `endOfLocal(instant, unit, { timeZone })`. */
function endOfLocalSteady(instant: Instant, unit: CalendarUnit, timeZone: TimeZone): Instant {
  if (unit === 'day') {
    const end = resolveSteady(Math.floor(wallOf(instant, timeZone) / DAY) * DAY + DAY, timeZone);
    if (!Number.isNaN(end)) return end - 1;
  }
  return endOfLocal(instant, unit, { timeZone });
}

/** `startOfLocal(instant, unit, { timeZone })`. */
function startOfLocalSteady(instant: Instant, unit: CalendarUnit, timeZone: TimeZone): Instant {
  if (unit === 'day') {
    const start = resolveSteady(Math.floor(wallOf(instant, timeZone) / DAY) * DAY, timeZone);
    if (!Number.isNaN(start)) return start;
  }
  return startOfLocal(instant, unit, { timeZone });
}

/** `addDuration(instant, { ...duration, endOf }, timeZone)`; `endOf` defaults to the duration's own. */
function addDurationSteady(instant: Instant, duration: Duration, timeZone: TimeZone, endOf: CalendarUnit | undefined = duration.endOf): Instant {
  let moved = Number.NaN;
  switch (duration.unit) {
    case 'minute':
      moved = instant + duration.amount * MINUTE;
      break;
    case 'hour':
      moved = instant + duration.amount * 3_600_000;
      break;
    case 'day':
    case 'week':
      moved = resolveSteady(wallOf(instant, timeZone) + duration.amount * (duration.unit === 'week' ? 7 * DAY : DAY), timeZone);
      break;
    default:
      break;
  }
  if (Number.isNaN(moved)) return addDuration(instant, endOf === duration.endOf ? duration : { ...duration, endOf }, timeZone);
  return endOf === undefined ? moved : endOfLocalSteady(moved, endOf, timeZone);
}

/**
 * When points earned at `at` become spendable under a lock policy: `at` itself (`none`), `at`
 * plus the duration (`duration`, never earlier than `at`), or `null` (`manual`: until an
 * explicit activation).
 *
 * @example
 * ```ts
 * import { computeLotActivation } from 'siyu/points';
 * const jan1 = Date.UTC(2025, 0, 1, 2); // 10:00 in Shanghai
 * new Date(computeLotActivation({ kind: 'duration', duration: { amount: 14, unit: 'day' } }, jan1, 'Asia/Shanghai') ?? 0).toISOString(); // → '2025-01-15T02:00:00.000Z'
 * computeLotActivation({ kind: 'manual' }, jan1, 'Asia/Shanghai'); // → null
 * ```
 */
export function computeLotActivation(lock: PointsLockPolicy, at: Instant, timeZone: TimeZone): Instant | null {
  if (lock.kind === 'none') return at;
  if (lock.kind === 'manual') return null;
  return Math.max(at, addDurationSteady(at, lock.duration, timeZone));
}

/**
 * The last valid millisecond of points activated at `activeAt` under `policy`, in `timeZone`,
 * or `null` when they never expire. The clock starts at activation, not at the earn.
 *
 * @example
 * ```ts
 * import { computeLotExpiry } from 'siyu/points';
 * // Active 2025-01-15 10:00 Shanghai, rolling 30 days: valid to the end of 14 February.
 * const expires = computeLotExpiry({ kind: 'rolling', duration: { amount: 30, unit: 'day' } }, Date.UTC(2025, 0, 15, 2), 'Asia/Shanghai');
 * new Date(expires ?? 0).toISOString(); // → '2025-02-14T15:59:59.999Z'
 * computeLotExpiry({ kind: 'annualClearing' }, Date.UTC(2020, 4, 1), 'UTC'); // → Date.UTC(2022, 0, 1) - 1
 * computeLotExpiry({ kind: 'never' }, 0, 'UTC'); // → null
 * ```
 */
export function computeLotExpiry(policy: PointsExpiryPolicy, activeAt: Instant, timeZone: TimeZone): Instant | null {
  switch (policy.kind) {
    case 'never':
      return null;
    case 'rolling':
      return addDurationSteady(activeAt, policy.duration, timeZone, policy.duration.endOf ?? 'day');
    case 'endOfPeriod': {
      const months = policy.unit === 'year' ? 12 * policy.periods : policy.unit === 'quarter' ? 3 * policy.periods : policy.periods;
      return endOfLocal(addDuration(activeAt, { amount: months, unit: 'month' }, timeZone), policy.unit, { timeZone });
    }
    case 'annualClearing':
      return computeLotExpiry({ kind: 'endOfPeriod', unit: 'year', periods: 1 }, activeAt, timeZone);
  }
}

/**
 * The first instant of the calendar period (day, week from Monday, month) containing `at`, in
 * `timeZone`: where a period cap starts counting.
 *
 * @example
 * ```ts
 * import { startOfCapPeriod } from 'siyu/points';
 * new Date(startOfCapPeriod(Date.UTC(2025, 2, 20, 1), 'month', 'Asia/Shanghai')).toISOString(); // → '2025-02-28T16:00:00.000Z'
 * ```
 */
export function startOfCapPeriod(at: Instant, period: 'day' | 'week' | 'month', timeZone: TimeZone): Instant {
  return startOfLocalSteady(at, period, timeZone);
}
