/**
 * Sums of a member's ledger over a window: the qualifying metric and the largest single order.
 *
 * @module
 */
import type { Instant } from '../core/index.js';
import type { TierLedgerEntry } from './member.js';
import type { TierMetric } from './schema.js';

const FIELD = { growthValue: 'growth', pointsEarned: 'points', spend: 'spend', orderCount: 'orders' } as const;

/** The metric summed over entries with `from <= at < to`. @internal */
export const metricBetween = (ledger: readonly TierLedgerEntry[], metric: TierMetric, from: number, to: number): number => {
  const field = FIELD[metric];
  let total = 0;
  for (const entry of ledger) if (entry.at >= from && entry.at < to) total += entry[field];
  return total;
};

/** The largest order (net of refunds, minor units) with `from <= at < to`; 0 when none. @internal */
export const largestOrderBetween = (ledger: readonly TierLedgerEntry[], from: number, to: Instant): number => {
  let best = 0;
  for (const entry of ledger) if (entry.order !== undefined && entry.at >= from && entry.at < to && entry.spend > best) best = entry.spend;
  return best;
};
