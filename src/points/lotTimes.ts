/**
 * The ledger's calendar arithmetic in the program zone: when a lot activates (lock policy), when
 * it expires (expiry policy), and which calendar period a cap counts in.
 *
 * Every instant is computed by core's calendar functions (`addDuration`, `endOfLocal`,
 * `startOfLocal`) in the program zone, so DST transitions are handled once, in core.
 *
 * @module
 */
import { addDuration, endOfLocal, startOfLocal, type Instant, type TimeZone } from '../core/index.js';
import type { PointsExpiryPolicy, PointsLockPolicy } from './schema.js';

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
  return Math.max(at, addDuration(at, lock.duration, timeZone));
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
      return addDuration(activeAt, { ...policy.duration, endOf: policy.duration.endOf ?? 'day' }, timeZone);
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
  return startOfLocal(at, period, { timeZone });
}
