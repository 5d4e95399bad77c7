/**
 * The ledger's calendar arithmetic in the program zone: when a lot activates (lock policy), when
 * it expires (expiry policy), and which calendar period a cap counts in.
 *
 * Results equal core's `addDuration`, `endOfLocal` and `startOfLocal` (a property test checks
 * this), but are computed from per-local-day values memoised per zone, with core as the
 * fallback whenever a DST transition is near. Core's wall-clock functions cost ~100 µs per call
 * on Node 22, which would cap the ledger at a few thousand commands per second.
 *
 * @module
 */
import {
  addDuration,
  daysInMonth,
  endOfLocal,
  instantFromLocal,
  startOfLocal,
  zoneOffsetMinutes,
  type CalendarUnit,
  type Duration,
  type Instant,
  type TimeZone,
} from '../core/index.js';
import type { PointsExpiryPolicy, PointsLockPolicy } from './schema.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const tables = new Map<string, Map<number, Instant>>();

/** A bounded pure cache per zone and kind: the same key always maps to the same value. */
function cached(timeZone: TimeZone, kind: string, key: number, compute: () => Instant): Instant {
  const name = `${timeZone}|${kind}`;
  let table = tables.get(name);
  if (table === undefined) {
    table = new Map();
    tables.set(name, table);
  }
  const hit = table.get(key);
  if (hit !== undefined) return hit;
  if (table.size >= 100_000) table.clear();
  const value = compute();
  table.set(key, value);
  return value;
}

/**
 * The zone offset in minutes, memoised per UTC hour: when the offsets at the hour's first and
 * last millisecond agree, the hour holds no transition (zones change at most once an hour) and
 * the offset holds throughout; otherwise it is asked of core for this instant.
 */
function offsetMinutes(at: Instant, timeZone: TimeZone): number {
  const hour = Math.floor(at / HOUR);
  const offset = cached(timeZone, 'o', hour, () => {
    const first = zoneOffsetMinutes(hour * HOUR, timeZone);
    return first === zoneOffsetMinutes(hour * HOUR + HOUR - 1, timeZone) ? first : Number.NaN;
  });
  return Number.isNaN(offset) ? zoneOffsetMinutes(at, timeZone) : offset;
}

/** The local day number of an instant (as core `localDayNumber`). */
function dayNumber(at: Instant, timeZone: TimeZone): number {
  return Math.floor((at + offsetMinutes(at, timeZone) * 60_000) / DAY);
}

function partsOfDay(dayNumber: number): { year: number; month: number; day: number } {
  const d = new Date(dayNumber * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The first instant of a local day (its midnight, or the first valid instant after a gap). */
function dayStart(day: number, timeZone: TimeZone): Instant {
  return cached(timeZone, 'd', day, () => instantFromLocal(partsOfDay(day), timeZone));
}

/** Moves a local date by whole units (months clamp to the month's end), as day numbers. */
function shiftDay(dayNumber: number, unit: 'day' | 'week' | 'month' | 'year', amount: number): number | null {
  if (unit === 'day') return dayNumber + amount;
  if (unit === 'week') return dayNumber + 7 * amount;
  const { year, month, day } = partsOfDay(dayNumber);
  const total = year * 12 + (month - 1) + (unit === 'year' ? 12 * amount : amount);
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  if (y < 100 || y > 9999) return null;
  return Date.UTC(y, m - 1, Math.min(day, daysInMonth(y, m))) / DAY;
}

/** `addDuration` without `endOf`: exact for minutes and hours, wall-clock for calendar units. */
function addUnits(at: Instant, duration: Duration, timeZone: TimeZone): Instant {
  if (duration.unit === 'minute') return at + duration.amount * 60_000;
  if (duration.unit === 'hour') return at + duration.amount * 3_600_000;
  const dn = dayNumber(at, timeZone);
  const target = shiftDay(dn, duration.unit, duration.amount);
  if (target !== null) {
    const timeOfDay = at + offsetMinutes(at, timeZone) * 60_000 - dn * DAY;
    const candidate = dayStart(target, timeZone) + timeOfDay;
    // Accept only when the candidate shows exactly that wall time (no DST change in between).
    if (candidate + offsetMinutes(candidate, timeZone) * 60_000 - target * DAY === timeOfDay) return candidate;
  }
  return addDuration(at, { amount: duration.amount, unit: duration.unit }, timeZone);
}

/** The last millisecond of the local period containing `at`. */
function periodEnd(at: Instant, unit: CalendarUnit, timeZone: TimeZone): Instant {
  const dn = dayNumber(at, timeZone);
  if (unit === 'day') return dayStart(dn + 1, timeZone) - 1;
  return cached(timeZone, `e${unit}`, dn, () => endOfLocal(at, unit, { timeZone }));
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
  const moved = addUnits(at, lock.duration, timeZone);
  const end = lock.duration.endOf === undefined ? moved : periodEnd(moved, lock.duration.endOf, timeZone);
  return Math.max(at, end);
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
      return periodEnd(addUnits(activeAt, policy.duration, timeZone), policy.duration.endOf ?? 'day', timeZone);
    case 'endOfPeriod': {
      const dn = dayNumber(activeAt, timeZone);
      return cached(timeZone, `p${policy.unit}${policy.periods}`, dn, () =>
        endOfLocal(addDuration(dayStart(dn, timeZone), { amount: policy.unit === 'quarter' ? 3 * policy.periods : policy.periods, unit: policy.unit === 'year' ? 'year' : 'month' }, timeZone), policy.unit, { timeZone }),
      );
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
  const dn = dayNumber(at, timeZone);
  if (period === 'day') return dayStart(dn, timeZone);
  return cached(timeZone, `s${period}`, dn, () => startOfLocal(at, period, { timeZone }));
}
