/**
 * Burn order: which lots a debit consumes. Soonest expiry first, ties by earn time (then by lot
 * creation order), lots that never expire last. Only active, unexpired lots with points left
 * can be spent; pending points cannot.
 *
 * @module
 */
import type { Instant } from '../core/index.js';
import type { PointsLot, PointsLotMovement } from './state.js';

/**
 * Compares two lots for burning: negative when `a` is spent before `b`. Stable sorts keep
 * creation order on full ties.
 *
 * @example
 * ```ts
 * import { compareLotsForBurn } from 'siyu/points';
 * const lot = { amount: 10, remaining: 10, activeAt: 0, source: { ruleId: 'r', sourceId: 's' } };
 * const never = { ...lot, id: 'L1', earnedAt: 0, expiresAt: null };
 * const soon = { ...lot, id: 'L2', earnedAt: 5, expiresAt: 100 };
 * [never, soon].sort(compareLotsForBurn).map((l) => l.id); // → ['L2', 'L1']
 * ```
 */
export function compareLotsForBurn(a: PointsLot, b: PointsLot): number {
  const ea = a.expiresAt ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  return a.earnedAt - b.earnedAt;
}

/** Is the lot spendable at `at`: activated, not expired, with points left? */
function spendable(lot: PointsLot, at: Instant): boolean {
  return lot.remaining > 0 && lot.activeAt !== null && lot.activeAt <= at && (lot.expiresAt === null || at <= lot.expiresAt);
}

/**
 * The points spendable at `at`: the sum of `remaining` over active, unexpired lots (pending
 * points and debt excluded).
 *
 * @example
 * ```ts
 * import { spendablePoints } from 'siyu/points';
 * const base = { amount: 50, remaining: 50, earnedAt: 0, expiresAt: null, source: { ruleId: 'r', sourceId: 's' } };
 * spendablePoints([{ ...base, id: 'L1', activeAt: 0 }, { ...base, id: 'L2', activeAt: 1_000 }], 500); // → 50
 * ```
 */
export function spendablePoints(lots: readonly PointsLot[], at: Instant): number {
  let total = 0;
  for (const lot of lots) if (spendable(lot, at)) total += lot.remaining;
  return total;
}

/**
 * Plans a debit of `points` at `at` in burn order: the lots consumed, as negative movements, or
 * `null` when fewer points are spendable. Changes nothing.
 *
 * @example
 * ```ts
 * import { planPointsDebit } from 'siyu/points';
 * const base = { earnedAt: 0, activeAt: 0, source: { ruleId: 'r', sourceId: 's' } };
 * const lots = [
 *   { ...base, id: 'L1', amount: 100, remaining: 100, expiresAt: 2_000 },
 *   { ...base, id: 'L2', amount: 50, remaining: 50, expiresAt: 1_000 },
 * ];
 * planPointsDebit(lots, 10, 70); // → [{ lotId: 'L2', points: -50 }, { lotId: 'L1', points: -20 }]
 * planPointsDebit(lots, 10, 151); // → null
 * ```
 */
export function planPointsDebit(lots: readonly PointsLot[], at: Instant, points: number): PointsLotMovement[] | null {
  const order = burnOrderIndexes(lots, at);
  const out: PointsLotMovement[] = [];
  let left = points;
  for (const i of order) {
    if (left <= 0) break;
    const lot = lots[i] as PointsLot;
    const take = Math.min(left, lot.remaining);
    out.push({ lotId: lot.id, points: -take });
    left -= take;
  }
  return left > 0 ? null : out;
}

/**
 * Indexes of the lots spendable at `at`, in burn order.
 *
 * @example
 * ```ts
 * import { burnOrderIndexes } from 'siyu/points';
 * const base = { amount: 1, remaining: 1, earnedAt: 0, activeAt: 0, source: { ruleId: 'r', sourceId: 's' } };
 * burnOrderIndexes([{ ...base, id: 'L1', expiresAt: null }, { ...base, id: 'L2', expiresAt: 9 }], 0); // → [1, 0]
 * ```
 */
export function burnOrderIndexes(lots: readonly PointsLot[], at: Instant): number[] {
  const idx: number[] = [];
  for (let i = 0; i < lots.length; i++) if (spendable(lots[i] as PointsLot, at)) idx.push(i);
  if (idx.length > 1) idx.sort((x, y) => compareLotsForBurn(lots[x] as PointsLot, lots[y] as PointsLot) || x - y);
  return idx;
}
