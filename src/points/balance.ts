/**
 * Balances: what a member holds at an instant, derived from the lots (and, for instants before
 * the last processed one, from the entry log).
 *
 * @module
 */
import { SiyuError, type Instant } from '../core/index.js';
import { tickPoints } from './ledger.js';
import type { PointsEntry, PointsState } from './state.js';

/**
 * A member's points at an instant. At all times
 * `earned = available + pending + redeemed + expired + revoked + adjusted`.
 */
export interface PointsBalance {
  /** The instant. */
  readonly asOf: Instant;
  /** Spendable now (negative only under the `allowNegative` refund policy). */
  readonly available: number;
  /** Earned but not yet active. */
  readonly pending: number;
  /** Expired up to `asOf`. */
  readonly expired: number;
  /** Credited up to `asOf`: earned points and positive adjustments. */
  readonly earned: number;
  /** Spent on the catalog and points + cash. */
  readonly redeemed: number;
  /** Revoked by refunds (including debt taken under `allowNegative`). */
  readonly revoked: number;
  /** Taken by negative adjustments. */
  readonly adjusted: number;
}

function fold(entries: readonly PointsEntry[], asOf: Instant): Omit<PointsBalance, 'asOf'> {
  let available = 0;
  let pending = 0;
  let expired = 0;
  let earned = 0;
  let redeemed = 0;
  let revoked = 0;
  let adjusted = 0;
  for (const e of entries) {
    if (e.at > asOf) break;
    available += e.available;
    pending += e.pending;
    if (e.kind === 'earn' || (e.kind === 'adjust' && e.available > 0)) earned += e.points;
    else if (e.kind === 'adjust') adjusted += e.points;
    else if (e.kind === 'redeem') redeemed += e.points;
    else if (e.kind === 'expire') expired += e.points;
    else if (e.kind === 'revoke') revoked += e.points;
  }
  return { available, pending, expired, earned, redeemed, revoked, adjusted };
}

/**
 * The balance at `asOf`: available / pending / expired-to-date, and the totals. For an `asOf`
 * at or after the last processed instant the ledger is first ticked to `asOf` (without changing
 * the caller's state) and available and pending are summed from the lots; for an earlier
 * `asOf` they are read from the entry log (which is in time order).
 *
 * @example
 * ```ts
 * import { balanceAt, createPointsState, earnPoints, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ timeZone: 'UTC', lock: { kind: 'duration', duration: { amount: 14, unit: 'day' } }, rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 200 } }] });
 * const r = earnPoints(createPointsState('u1', 'UTC'), program, { event: { id: 'o1', userId: 'u1', type: 'purchase', at: 0 } });
 * const state = r.ok ? r.state : createPointsState('u1', 'UTC');
 * [balanceAt(state, 0).available, balanceAt(state, 0).pending]; // → [0, 200]
 * [balanceAt(state, 14 * 86_400_000).available, balanceAt(state, 14 * 86_400_000).pending]; // → [200, 0]
 * ```
 */
export function balanceAt(state: PointsState, asOf: Instant): PointsBalance {
  if (typeof asOf !== 'number' || !Number.isSafeInteger(asOf)) throw SiyuError.at(['asOf'], `must be an instant (integer epoch ms), received ${String(asOf)}`);
  if (state.lastAt !== null && asOf < state.lastAt) return { asOf, ...fold(state.entries, asOf) };
  const ticked = tickPoints(state, asOf).state;
  const totals = fold(ticked.entries, asOf);
  let available = 0;
  let pending = 0;
  for (const lot of ticked.lots) {
    if (lot.activeAt === null || lot.activeAt > asOf) pending += lot.remaining;
    else available += lot.remaining;
  }
  return { asOf, ...totals, available, pending };
}
