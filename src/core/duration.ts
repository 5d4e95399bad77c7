/**
 * Durations as data: `{ amount, unit, endOf? }`, stored in configs and added in a zone.
 *
 * @module
 */
import * as z from 'zod';
import { CalendarUnitSchema, addLocal, endOfLocal, type CalendarUnit } from './calendar.js';
import { parseWith } from './parse.js';
import type { FieldPath } from './error.js';
import type { Instant } from './instant.js';
import { DEFAULT_TIME_ZONE, type TimeZone } from './zone.js';

/** The unit of a {@link Duration}. */
export type DurationUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/**
 * A length of time as data. `minute` and `hour` are exact; `day`, `week`, `month` and `year` are
 * local calendar steps in the zone (DST-aware, month ends clamp). `endOf` then rounds the result
 * up to the last millisecond of that local period (`{ amount: 30, unit: 'day', endOf: 'day' }` =
 * "30 days, to the end of that day").
 */
export interface Duration {
  /** How many units; a non-negative integer. */
  readonly amount: number;
  /** The unit. */
  readonly unit: DurationUnit;
  /** Round the end up to the end of this local period. */
  readonly endOf?: CalendarUnit | undefined;
}

/**
 * zod schema of a {@link Duration}.
 *
 * @example
 * ```ts
 * import { DurationSchema } from 'siyu/core';
 * DurationSchema.parse({ amount: 7, unit: 'day' }); // → { amount: 7, unit: 'day' }
 * DurationSchema.safeParse({ amount: 1.5, unit: 'day' }).success; // → false
 * ```
 */
export const DurationSchema = z.strictObject({
  amount: z.number().int().nonnegative().max(1_000_000),
  unit: z.enum(['minute', 'hour', 'day', 'week', 'month', 'year']),
  endOf: CalendarUnitSchema.optional(),
});

/**
 * Parses a {@link Duration} from untrusted input, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseDuration } from 'siyu/core';
 * parseDuration({ amount: 14, unit: 'day' }); // → { amount: 14, unit: 'day' }
 * parseDuration({ amount: 14, unit: 'days' }); // throws: siyu: unit:
 * ```
 */
export function parseDuration(input: unknown, root: FieldPath = []): Duration {
  return parseWith(DurationSchema, input, { root });
}

function step(instant: Instant, duration: Duration, sign: 1 | -1, timeZone: TimeZone): Instant {
  const n = duration.amount * sign;
  switch (duration.unit) {
    case 'minute':
      return instant + n * 60_000;
    case 'hour':
      return instant + n * 3_600_000;
    default:
      return addLocal(instant, duration.unit, n, timeZone);
  }
}

/**
 * Adds a {@link Duration} to an instant in a zone, then rounds up to the end of the local period
 * named by `endOf`, if any. Jan 31 + 1 month = Feb 28 (29 in a leap year).
 *
 * @example
 * ```ts
 * import { addDuration } from 'siyu/core';
 * const jan31 = Date.UTC(2025, 0, 31, 4); // 12:00 on 31 January in Shanghai
 * new Date(addDuration(jan31, { amount: 1, unit: 'month' })).toISOString(); // → '2025-02-28T04:00:00.000Z'
 * new Date(addDuration(jan31, { amount: 1, unit: 'month', endOf: 'day' })).toISOString(); // → '2025-02-28T15:59:59.999Z'
 * ```
 */
export function addDuration(instant: Instant, duration: Duration, timeZone: TimeZone = DEFAULT_TIME_ZONE): Instant {
  const moved = step(instant, duration, 1, timeZone);
  return duration.endOf === undefined ? moved : endOfLocal(moved, duration.endOf, { timeZone });
}

/**
 * Subtracts a {@link Duration} from an instant in a zone (for windows such as
 * `(asOf − 30 days, asOf]`). `endOf` is ignored.
 *
 * @example
 * ```ts
 * import { subtractDuration } from 'siyu/core';
 * new Date(subtractDuration(Date.UTC(2024, 2, 31), { amount: 1, unit: 'month' })).toISOString(); // → '2024-02-29T00:00:00.000Z'
 * ```
 */
export function subtractDuration(instant: Instant, duration: Duration, timeZone: TimeZone = DEFAULT_TIME_ZONE): Instant {
  return step(instant, duration, -1, timeZone);
}
