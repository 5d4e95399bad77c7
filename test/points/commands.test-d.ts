import type { Rejection } from 'siyu/core';
import { earnPoints, type PointsCommandResult, type PointsOutcomeDetail, type PointsRejectionReason, type PointsState, type PointsProgram } from 'siyu/points';
import { expectTypeOf, test } from 'vitest';

test('command results narrow on ok', () => {
  expectTypeOf(earnPoints).returns.toEqualTypeOf<PointsCommandResult>();
  const r = {} as PointsCommandResult;
  if (r.ok) {
    expectTypeOf(r.state).toEqualTypeOf<PointsState>();
    expectTypeOf(r.outcome).toEqualTypeOf<PointsOutcomeDetail>();
  } else {
    expectTypeOf(r).toEqualTypeOf<Rejection<PointsRejectionReason>>();
    expectTypeOf(r.reason).toEqualTypeOf<PointsRejectionReason>();
  }
  expectTypeOf<Parameters<typeof earnPoints>[1]>().toEqualTypeOf<PointsProgram>();
});
