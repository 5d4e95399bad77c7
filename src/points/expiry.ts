/**
 * Expiry forecasts: which points expire when (lot expiry itself is computed in `lotTimes.ts`).
 *
 * @module
 */
import { addDuration, localDateOf, type Duration, type Instant, type LocalDate } from '../core/index.js';
import type { PointsState } from './state.js';

/** Points expiring at one instant, from {@link forecastExpiry}. */
export interface PointsExpiryForecast {
  /** The last valid millisecond; the points are gone 1 ms later. */
  readonly expiresAt: Instant;
  /** The local date of `expiresAt` in the ledger's zone ("expire on 2025-12-31"). */
  readonly date: LocalDate;
  /** Points that expire then if nothing is spent first (available and pending). */
  readonly points: number;
  /** Of which still pending. */
  readonly pending: number;
}

/**
 * Which points expire between `asOf` and `asOf + horizon` if none are spent, grouped by expiry
 * instant, soonest first. Points still waiting for a manual activation have no expiry yet and
 * are left out. Read it on a state ticked to `asOf` (lots past expiry are skipped either way).
 *
 * @example
 * ```ts
 * import { createPointsState, earnPoints, forecastExpiry, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ timeZone: 'UTC', expiry: { kind: 'annualClearing' }, rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 300 } }] });
 * const earned = earnPoints(createPointsState('u1', 'UTC'), program, { event: { id: 'o1', userId: 'u1', type: 'purchase', at: Date.UTC(2024, 4, 1) } });
 * const state = earned.ok ? earned.state : createPointsState('u1', 'UTC');
 * forecastExpiry(state, Date.UTC(2025, 5, 1), { amount: 1, unit: 'year' }).map((f) => [f.date, f.points]); // → [['2025-12-31', 300]]
 * ```
 */
export function forecastExpiry(state: PointsState, asOf: Instant, horizon: Duration): PointsExpiryForecast[] {
  const end = addDuration(asOf, horizon, state.timeZone);
  const byInstant = new Map<Instant, { points: number; pending: number }>();
  for (const lot of state.lots) {
    if (lot.remaining <= 0 || lot.expiresAt === null || lot.expiresAt < asOf || lot.expiresAt > end) continue;
    const slot = byInstant.get(lot.expiresAt) ?? { points: 0, pending: 0 };
    slot.points += lot.remaining;
    if (lot.activeAt === null || lot.activeAt > asOf) slot.pending += lot.remaining;
    byInstant.set(lot.expiresAt, slot);
  }
  return [...byInstant.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([expiresAt, slot]) => ({ expiresAt, date: localDateOf(expiresAt, state.timeZone), points: slot.points, pending: slot.pending }));
}
