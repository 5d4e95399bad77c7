import { describe, expectTypeOf, it } from 'vitest';
import {
  assignSegments,
  clusterKMeans,
  computeSegmentMetrics,
  scoreRfm,
  type RfmGroupKey,
  type SegmentAssignment,
  type SegmentMetricDefinition,
} from 'siyu/segments';

describe('segments types', () => {
  it('exposes typed results', () => {
    expectTypeOf(assignSegments).returns.toHaveProperty('users').toEqualTypeOf<readonly SegmentAssignment[]>();
    expectTypeOf<SegmentAssignment['metrics']>().toEqualTypeOf<Readonly<Record<string, number | null>>>();
    expectTypeOf(scoreRfm).returns.toHaveProperty('users').items.toHaveProperty('group').toEqualTypeOf<RfmGroupKey>();
    expectTypeOf(clusterKMeans).returns.toHaveProperty('assignments').toEqualTypeOf<number[]>();
    expectTypeOf(computeSegmentMetrics).returns.items.toHaveProperty('userId').toEqualTypeOf<string>();
  });
  it('metric definitions are a discriminated union on kind', () => {
    const def = { kind: 'quantileBin', name: 'decile', of: 'spend', bins: 10 } as const satisfies SegmentMetricDefinition;
    expectTypeOf(def.kind).toEqualTypeOf<'quantileBin'>();
    // @ts-expect-error a count has no `bins`
    const bad: SegmentMetricDefinition = { kind: 'count', name: 'c', bins: 3 };
    void bad;
  });
});
