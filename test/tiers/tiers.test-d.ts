import { describe, expectTypeOf, it } from 'vitest';
import type { Rejection } from 'siyu/core';
import {
  applyTierInput,
  evaluateTier,
  parseTierInput,
  parseTierProgram,
  type TierAccepted,
  type TierInput,
  type TierMemberState,
  type TierOutcome,
  type TierProgram,
  type TierReason,
  type TierRejectionReason,
} from 'siyu/tiers';

describe('tiers types', () => {
  it('parsers return the typed values', () => {
    expectTypeOf(parseTierProgram).returns.toEqualTypeOf<TierProgram>();
    expectTypeOf(parseTierInput).returns.toEqualTypeOf<TierInput>();
  });

  it('outcomes narrow on ok', () => {
    expectTypeOf<TierOutcome>().toEqualTypeOf<TierAccepted | Rejection<TierRejectionReason>>();
    const outcome = {} as TierOutcome;
    if (outcome.ok) expectTypeOf(outcome.tier).toEqualTypeOf<string>();
    else expectTypeOf(outcome.reason).toEqualTypeOf<TierRejectionReason>();
  });

  it('inputs are a discriminated union and state is readonly', () => {
    expectTypeOf<Extract<TierInput, { kind: 'setManualTier' }>['tier']>().toEqualTypeOf<string | null>();
    expectTypeOf(applyTierInput).parameter(0).toEqualTypeOf<TierMemberState>();
    expectTypeOf<TierMemberState['ledger']>().toMatchTypeOf<readonly unknown[]>();
    expectTypeOf(evaluateTier).returns.toHaveProperty('until').toEqualTypeOf<number | null>();
    expectTypeOf<Extract<TierReason, { kind: 'paid' }>['until']>().toEqualTypeOf<number>();
  });
});
