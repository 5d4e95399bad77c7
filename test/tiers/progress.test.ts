import { describe, expect, it } from 'vitest';
import { formatMinorUnits } from 'siyu/core';
import { parseTierProgram, replayTierHistory, tierProgress } from 'siyu/tiers';
import { ZONES, local, order } from './helpers.js';

describe.each(ZONES)('tierProgress in %s', (zone) => {
  const program = parseTierProgram({
    timeZone: zone,
    metric: 'spend',
    window: { kind: 'calendar', unit: 'year' },
    downgrade: { policy: 'reassess', grace: { amount: 1, unit: 'month' } },
    tiers: [
      { name: 'Member', threshold: 0 },
      { name: 'Silver', threshold: 200_000 },
      { name: 'Gold', threshold: 500_000 },
    ],
  });
  const member = { memberId: 'u1', joinedAt: local('2025-01-05', '10:00', zone) };

  it('"¥965 more to reach Gold"', () => {
    const { state } = replayTierHistory(program, member, [order('o1', local('2026-04-01', '10:00', zone), 403_500)]);
    const progress = tierProgress(state, program, local('2026-06-01', '00:00', zone));
    expect(progress.tier).toBe('Silver');
    expect(progress.next).toEqual({ tier: 'Gold', threshold: 500_000, metric: 403_500, remaining: 96_500, deadline: local('2027-01-01', '00:00', zone), deadlineDate: '2026-12-31' });
    expect(formatMinorUnits(progress.next?.remaining ?? 0)).toBe('¥965.00');
    expect(progress.keep).toMatchObject({ tier: 'Silver', met: true, remaining: 0 });
  });

  it('"¥400 more by 31 Dec to keep Silver"', () => {
    const { state } = replayTierHistory(program, member, [order('o1', local('2025-04-01', '10:00', zone), 250_000), order('o2', local('2026-04-01', '10:00', zone), 160_000)]);
    const progress = tierProgress(state, program, local('2026-11-25', '20:00', zone));
    expect(progress.keep).toEqual({
      tier: 'Silver',
      threshold: 200_000,
      singleOrder: null,
      metric: 160_000,
      remaining: 40_000,
      met: false,
      deadline: local('2027-01-01', '00:00', zone),
      deadlineDate: '2026-12-31',
    });
    expect(formatMinorUnits(progress.keep?.remaining ?? 0)).toBe('¥400.00');
    expect(progress.next?.remaining).toBe(340_000);
  });

  it('during a grace period the deadline is the end of the grace', () => {
    const { state } = replayTierHistory(program, member, [order('o1', local('2025-04-01', '10:00', zone), 250_000)]);
    const progress = tierProgress(state, program, local('2027-01-10', '00:00', zone));
    expect(progress.tier).toBe('Silver');
    expect(progress.keep).toMatchObject({ metric: 0, remaining: 200_000, deadline: local('2027-02-01', '00:00', zone), deadlineDate: '2027-01-31' });
  });
});

describe('tierProgress edge cases', () => {
  it('nothing to keep on the first tier; nothing above the top', () => {
    const program = parseTierProgram({
      metric: 'orderCount',
      window: { kind: 'lifetime' },
      tiers: [
        { name: 'A', threshold: 0 },
        { name: 'B', threshold: 2 },
      ],
    });
    const joinedAt = Date.UTC(2026, 0, 1);
    const start = replayTierHistory(program, { memberId: 'u1', joinedAt }, []);
    expect(tierProgress(start.state, program, joinedAt)).toEqual({
      tier: 'A',
      earnedTier: 'A',
      next: { tier: 'B', threshold: 2, metric: 0, remaining: 2, deadline: null, deadlineDate: null },
      keep: null,
    });
    const top = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', joinedAt + 1, 1), order('o2', joinedAt + 2, 1)]);
    expect(tierProgress(top.state, program, joinedAt + 3)).toMatchObject({ tier: 'B', next: null, keep: null });
  });

  it('single-order retention is reported', () => {
    const program = parseTierProgram({
      metric: 'spend',
      window: { kind: 'calendar', unit: 'quarter' },
      tiers: [
        { name: 'A', threshold: 0 },
        { name: 'B', threshold: 1000, retain: { singleOrder: 300 } },
      ],
    });
    const joinedAt = Date.UTC(2026, 0, 1);
    const { state } = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', Date.UTC(2026, 1, 1), 1000), order('o2', Date.UTC(2026, 4, 1), 300)]);
    expect(tierProgress(state, program, Date.UTC(2026, 4, 2)).keep).toMatchObject({ tier: 'B', threshold: null, singleOrder: 300, remaining: null, met: true, deadlineDate: '2026-06-30' });
  });
});
