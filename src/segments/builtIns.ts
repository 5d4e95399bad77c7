/**
 * Built-in metrics and tags from the playbook (seed 002): light user, churned, never active,
 * high spender. All event types count as activity; purchases are events of type `'purchase'`.
 *
 * @module
 */
import type { SegmentMetricDefinition, SegmentTagDefinition } from './schema.js';

/**
 * The built-in metrics, in dependency order:
 *
 * | name | definition |
 * | --- | --- |
 * | `eventsIn7Days` | events of any type in `(asOf − 7 days, asOf]` |
 * | `eventsIn30Days` | events of any type in `(asOf − 30 days, asOf]` |
 * | `eventsEver` | events of any type up to `asOf` |
 * | `activeDaysIn7Days` | distinct local days with an event in the last 7 days |
 * | `activeDaysIn30Days` | distinct local days with an event in the last 30 days |
 * | `spendIn30Days` | sum of `purchase` amounts in the last 30 days (minor units) |
 * | `avgOrderValueIn30Days` | average `purchase` amount in the last 30 days, half-up |
 * | `ordersIn30Days` | `purchase` events in the last 30 days |
 * | `ordersEver` | `purchase` events up to `asOf` |
 * | `firstSeenAt` / `lastSeenAt` | first and last event instants (epoch ms) |
 * | `daysSinceLastEvent` | local days since the last event |
 * | `daysSinceLastPurchase` | local days since the last purchase |
 * | `spendIn30DaysDecile` | decile (1–10) of `spendIn30Days` among users who spent (> 0) |
 */
export const BUILT_IN_SEGMENT_METRICS: readonly SegmentMetricDefinition[] = [
  { kind: 'count', name: 'eventsIn7Days', window: { amount: 7, unit: 'day' } },
  { kind: 'count', name: 'eventsIn30Days', window: { amount: 30, unit: 'day' } },
  { kind: 'count', name: 'eventsEver' },
  { kind: 'activeDays', name: 'activeDaysIn7Days', window: { amount: 7, unit: 'day' } },
  { kind: 'activeDays', name: 'activeDaysIn30Days', window: { amount: 30, unit: 'day' } },
  { kind: 'sum', name: 'spendIn30Days', type: 'purchase', window: { amount: 30, unit: 'day' } },
  { kind: 'avg', name: 'avgOrderValueIn30Days', type: 'purchase', window: { amount: 30, unit: 'day' } },
  { kind: 'orderCount', name: 'ordersIn30Days', window: { amount: 30, unit: 'day' } },
  { kind: 'orderCount', name: 'ordersEver' },
  { kind: 'firstSeen', name: 'firstSeenAt' },
  { kind: 'lastSeen', name: 'lastSeenAt' },
  { kind: 'daysSinceLast', name: 'daysSinceLastEvent' },
  { kind: 'daysSinceLast', name: 'daysSinceLastPurchase', type: 'purchase' },
  { kind: 'quantileBin', name: 'spendIn30DaysDecile', of: 'spendIn30Days', bins: 10, among: 'positive' },
];

/**
 * The built-in rule tags over {@link BUILT_IN_SEGMENT_METRICS}:
 *
 * - `lightUser` 轻度用户: at most 3 events in the last 7 days, and active at least once ever
 *   (a never-active user is not a light user);
 * - `churned` 流失用户: no event in the last 30 days, but some before;
 * - `neverActive` 从未活跃: no event at all up to `asOf` (a separate tag, never `churned`);
 * - `highSpender` 高消费: in the top decile of 30-day spend among users who spent.
 */
export const BUILT_IN_SEGMENT_TAGS: readonly SegmentTagDefinition[] = [
  {
    name: 'lightUser',
    label: { en: 'Light user', zh: '轻度用户' },
    condition: { all: [{ field: 'eventsIn7Days', op: 'lte', value: 3 }, { field: 'eventsEver', op: 'gt', value: 0 }] },
  },
  {
    name: 'churned',
    label: { en: 'Churned', zh: '流失用户' },
    condition: { all: [{ field: 'eventsIn30Days', op: 'eq', value: 0 }, { field: 'eventsEver', op: 'gt', value: 0 }] },
  },
  { name: 'neverActive', label: { en: 'Never active', zh: '从未活跃' }, condition: { field: 'eventsEver', op: 'eq', value: 0 } },
  { name: 'highSpender', label: { en: 'High spender', zh: '高消费用户' }, condition: { field: 'spendIn30DaysDecile', op: 'eq', value: 10 } },
];
