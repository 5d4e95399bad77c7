import { describe, expectTypeOf, it } from 'vitest';
import type { ActivityEvent, EventTable } from 'siyu/core';
import {
  computeFunnel,
  createFunnelAggregate,
  createRetentionAggregate,
  type AnalyticsInput,
  type FunnelPartial,
  type FunnelResult,
  type MergeableAggregate,
  type RetentionPartial,
  type RetentionResult,
} from 'siyu/funnel';

describe('funnel types', () => {
  it('accepts both input forms', () => {
    expectTypeOf<readonly ActivityEvent[]>().toExtend<AnalyticsInput>();
    expectTypeOf<EventTable>().toExtend<AnalyticsInput>();
    expectTypeOf(computeFunnel).returns.toEqualTypeOf<FunnelResult>();
  });
  it('aggregates are typed by state and result', () => {
    expectTypeOf(createFunnelAggregate).returns.toEqualTypeOf<MergeableAggregate<FunnelPartial, FunnelResult>>();
    expectTypeOf(createRetentionAggregate).returns.toEqualTypeOf<MergeableAggregate<RetentionPartial, RetentionResult>>();
  });
  it('definitions are checked at compile time', () => {
    // @ts-expect-error: order must be ordered | strict | unordered
    computeFunnel({ steps: [{ type: 'a' }], order: 'loose' }, []);
    // @ts-expect-error: a window unit of month is not elapsed time
    computeFunnel({ steps: [{ type: 'a' }], window: { amount: 1, unit: 'month' } }, []);
  });
});
