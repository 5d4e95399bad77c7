/**
 * Order metrics from purchase events: orders, buyers, repeat buyers, GMV, average order value,
 * repurchase rate and ARPPU, with a mergeable partial form.
 *
 * @module
 */
import type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
import { toEventTable } from './eventInput.js';
import { compileMatchers, matchersReadProps, matchRows } from './eventMatch.js';
import { computeArpu, computeAverageOrderValue, computeRepurchaseRate } from './kpi.js';
import { parseOrderMetricsDefinition, type OrderMetricsDefinitionInput } from './schema.js';

/** The result of {@link computeOrderMetrics}. */
export interface OrderMetricsResult {
  /** Order events counted. */
  readonly orders: number;
  /** Users with at least one order. */
  readonly buyers: number;
  /** Users with at least two orders. */
  readonly repeatBuyers: number;
  /** Σ order amounts, fen (an order without an amount adds 0). */
  readonly gmv: number;
  /** GMV ÷ orders, fen, half up; `null` without orders. */
  readonly averageOrderValue: number | null;
  /** Repeat buyers ÷ buyers, unrounded (0 without buyers). */
  readonly repurchaseRate: number;
  /** GMV ÷ buyers (ARPPU), fen, half up; `null` without buyers. */
  readonly revenuePerBuyer: number | null;
}

/** The mergeable partial state of order metrics. */
export interface OrderMetricsPartial {
  /** Orders so far. */
  readonly orders: number;
  /** Buyers so far. */
  readonly buyers: number;
  /** Repeat buyers so far. */
  readonly repeatBuyers: number;
  /** GMV so far, fen. */
  readonly gmv: number;
}

/** The mergeable form of {@link computeOrderMetrics}. */
export type OrderMetricsAggregate = MergeableAggregate<OrderMetricsPartial, OrderMetricsResult>;

/**
 * Order metrics as a mergeable aggregate (`init / add / merge / finish`); shards split users.
 *
 * @example
 * ```ts
 * import { createOrderMetricsAggregate } from 'siyu/funnel';
 * const agg = createOrderMetricsAggregate({ orderEvent: { type: 'purchase' } });
 * const a = agg.add(agg.init(), [{ id: 'o1', userId: 'u1', type: 'purchase', at: 0, amount: 9_900 }]);
 * agg.merge(a, a); // → { orders: 2, buyers: 2, repeatBuyers: 0, gmv: 19800 }
 * ```
 */
export function createOrderMetricsAggregate(definition: OrderMetricsDefinitionInput): OrderMetricsAggregate {
  const def = parseOrderMetricsDefinition(definition);
  const compiled = compileMatchers([def.orderEvent]);
  const needsProps = matchersReadProps([def.orderEvent]);
  const range = def.dateRange;
  return {
    init: () => ({ orders: 0, buyers: 0, repeatBuyers: 0, gmv: 0 }),
    add: (state, input: AnalyticsInput) => {
      const table = toEventTable(input, needsProps);
      const masks = matchRows(table, compiled);
      const perUser = new Uint32Array(table.userIds.length);
      let { orders, buyers, repeatBuyers, gmv } = state;
      for (let r = 0; r < table.length; r++) {
        if (masks[r] === 0) continue;
        const at = table.at[r] as number;
        if (range !== undefined && (at < range.from || at >= range.to)) continue;
        const u = table.user[r] as number;
        const seen = (perUser[u] as number) + 1;
        perUser[u] = seen;
        if (seen === 1) buyers++;
        if (seen === 2) repeatBuyers++;
        orders++;
        const amount = table.amount[r] as number;
        if (!Number.isNaN(amount)) gmv += amount;
      }
      return { orders, buyers, repeatBuyers, gmv };
    },
    merge: (a, b) => ({ orders: a.orders + b.orders, buyers: a.buyers + b.buyers, repeatBuyers: a.repeatBuyers + b.repeatBuyers, gmv: a.gmv + b.gmv }),
    finish: (s) => ({
      ...s,
      averageOrderValue: computeAverageOrderValue({ gmv: s.gmv, orders: s.orders }),
      repurchaseRate: computeRepurchaseRate({ buyers: s.buyers, repeatBuyers: s.repeatBuyers }),
      revenuePerBuyer: computeArpu({ gmv: s.gmv, users: s.buyers }),
    }),
  };
}

/**
 * Computes order metrics over purchase events (in a date range when given).
 *
 * @example
 * ```ts
 * import { computeOrderMetrics } from 'siyu/funnel';
 * const events = [
 *   { id: 'o1', userId: 'u1', type: 'purchase', at: 1, amount: 12_800 },
 *   { id: 'o2', userId: 'u1', type: 'purchase', at: 2, amount: 5_900 },
 *   { id: 'o3', userId: 'u2', type: 'purchase', at: 3, amount: 9_900 },
 * ];
 * computeOrderMetrics({ orderEvent: { type: 'purchase' } }, events);
 * // → { orders: 3, buyers: 2, repeatBuyers: 1, gmv: 28600, averageOrderValue: 9533, repurchaseRate: 0.5, revenuePerBuyer: 14300 }
 * ```
 */
export function computeOrderMetrics(definition: OrderMetricsDefinitionInput, input: AnalyticsInput): OrderMetricsResult {
  const agg = createOrderMetricsAggregate(definition);
  return agg.finish(agg.add(agg.init(), input));
}
