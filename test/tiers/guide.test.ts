// The worked example of docs/tiers.md, with its comments as assertions.
import { describe, expect, it } from 'vitest';
import { applyTierInput, computeTierEntitlements, createTierMember, evaluateTier, parseTierProgram, tierProgress, useTierBenefit } from 'siyu/tiers';

describe('docs/tiers.md worked example', () => {
  it('runs as written', () => {
    const program = parseTierProgram({
      timeZone: 'Asia/Shanghai',
      metric: 'spend',
      window: { kind: 'calendar', unit: 'year' },
      downgrade: { policy: 'reassess', grace: { amount: 1, unit: 'month' } },
      tiers: [
        { name: 'Member', threshold: 0 },
        {
          name: 'Silver',
          threshold: 200_000,
          benefits: [
            { id: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, per: 'month' },
            { id: 'discount', kind: 'discount', basisPoints: 500 },
            { id: 'welcome', kind: 'welcomeGift', gift: 'mug' },
          ],
        },
        { name: 'Gold', threshold: 500_000 },
      ],
    });
    let member = createTierMember(program, { memberId: 'u1', joinedAt: '2026-01-05T10:00:00+08:00' });
    const step = applyTierInput(member, program, {
      kind: 'activity',
      event: { id: 'o1', userId: 'u1', type: 'purchase', at: Date.parse('2026-05-01T10:00:00+08:00'), amount: 403_500 },
    });
    member = step.state;
    expect(step.events[0]?.type).toBe('upgraded');
    expect(evaluateTier(member, program, '2026-06-01T00:00:00+08:00').tier).toBe('Silver');
    const next = tierProgress(member, program, '2026-06-01T00:00:00+08:00').next;
    expect(next?.remaining).toBe(96_500);
    expect(next?.deadlineDate).toBe('2026-12-31');
    member = useTierBenefit(member, program, { id: 'use-1', at: '2026-05-02T10:00:00+08:00', benefit: 'coupon' }).state;
    expect(computeTierEntitlements(member, program, '2026-05-03T00:00:00+08:00').quotas[0]?.remaining).toBe(1);
  });
});
