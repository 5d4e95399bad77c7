import { describe, expect, it } from 'vitest';
import { localDateOfDayNumber, dayNumberOfLocalDate } from 'siyu/core';
import { advanceTier, applyTierInput, createTierMember, evaluateTier, parseTierProgram, replayTierHistory, type TierDowngradePolicy, type TierInput } from 'siyu/tiers';
import { ZONES, local, order, points, refund } from './helpers.js';

const ladder = [
  { name: 'Bronze', threshold: 0 },
  { name: 'Silver', threshold: 500 },
  { name: 'Gold', threshold: 1000 },
];

const yuan = (n: number): number => n * 100;

describe.each(ZONES)('worked examples in %s', (zone) => {
  describe('Bronze 0 / Silver 500 / Gold 1000 points earned per calendar year', () => {
    const programFor = (policy: TierDowngradePolicy) =>
      parseTierProgram({ timeZone: zone, metric: 'pointsEarned', window: { kind: 'calendar', unit: 'year' }, downgrade: { policy }, tiers: ladder });
    const history = (year2026: number): TierInput[] => [points('p2025', local('2025-03-01', '10:00', zone), 1000), points('p2026', local('2026-03-01', '10:00', zone), year2026)];
    const member = { memberId: 'u1', joinedAt: local('2025-01-10', '10:00', zone) };
    const review = local('2027-01-01', '00:00', zone);

    it('a Gold member with 300 in the period: oneDown gives Silver', () => {
      const { state, events } = replayTierHistory(programFor('oneDown'), member, history(300), review);
      expect(state.tier).toBe('Silver');
      expect(events.map((e) => [e.type, e.from, e.to, e.at])).toEqual([
        ['upgraded', 'Bronze', 'Gold', local('2025-03-01', '10:00', zone)],
        ['retained', 'Gold', 'Gold', local('2026-01-01', '00:00', zone)],
        ['downgraded', 'Gold', 'Silver', review],
      ]);
      expect(events[2]?.reason).toEqual({ kind: 'downgraded', metric: 300, by: 'oneDown' });
    });

    it('reassess gives Bronze', () => {
      const { state, events } = replayTierHistory(programFor('reassess'), member, history(300), review);
      expect(state.tier).toBe('Bronze');
      expect(events.at(-1)?.reason).toEqual({ kind: 'downgraded', metric: 300, by: 'reassess' });
    });

    it('1200 keeps Gold', () => {
      for (const policy of ['oneDown', 'reassess'] as const) {
        const { state, events } = replayTierHistory(programFor(policy), member, history(1200), review);
        expect(state.tier).toBe('Gold');
        expect(events.at(-1)).toMatchObject({ type: 'retained', at: review, reason: { kind: 'retained', metric: 1200, by: 'accumulated' } });
      }
    });

    it('as the issue writes it: a member holding Gold with 300 in the period at re-evaluation', () => {
      const year = local('2026-01-01', '00:00', zone);
      const holding = (policy: TierDowngradePolicy, earned: number) => {
        const program = programFor(policy);
        const gold = createTierMember(program, { memberId: 'u1', joinedAt: year, tier: 'Gold' });
        return { program, state: applyTierInput(gold, program, points('p', local('2026-06-01', '10:00', zone), earned)).state };
      };
      const oneDown = holding('oneDown', 300);
      expect(evaluateTier(oneDown.state, oneDown.program, review)).toMatchObject({ tier: 'Silver', since: review, reason: { kind: 'downgraded', metric: 300, by: 'oneDown' } });
      const reassess = holding('reassess', 300);
      expect(evaluateTier(reassess.state, reassess.program, review)).toMatchObject({ tier: 'Bronze', since: review, reason: { kind: 'downgraded', metric: 300, by: 'reassess' } });
      for (const policy of ['oneDown', 'reassess'] as const) {
        const kept = holding(policy, 1200);
        expect(evaluateTier(kept.state, kept.program, review)).toMatchObject({ tier: 'Gold', since: year, reason: { kind: 'retained', metric: 1200, by: 'accumulated' } });
      }
    });

    it('the review happens at local midnight, not a millisecond before', () => {
      const { state } = replayTierHistory(programFor('reassess'), member, history(300), review - 1);
      expect(state.tier).toBe('Gold');
      expect(evaluateTier(state, programFor('reassess'), review).tier).toBe('Bronze');
    });

    it('points spent do not matter, points earned do (a clawback is negative points)', () => {
      const program = programFor('reassess');
      const { state } = replayTierHistory(program, member, [points('p1', local('2025-03-01', '10:00', zone), 600), points('p2', local('2025-03-02', '10:00', zone), 500)]);
      expect(state.tier).toBe('Gold');
      const clawed = applyTierInput(state, program, points('claw', local('2025-03-03', '10:00', zone), -200));
      expect(clawed.state.tier).toBe('Silver');
      expect(clawed.events[0]?.reason).toEqual({ kind: 'downgraded', metric: 900, by: 'correction' });
    });
  });

  describe('Silver ≥ ¥2,000, Gold ≥ ¥5,000 per 400-day cycle from joining', () => {
    const program = parseTierProgram({
      timeZone: zone,
      metric: 'spend',
      window: { kind: 'cycle', days: 400 },
      tiers: [
        { name: 'Member', threshold: 0 },
        { name: 'Silver', threshold: yuan(2000) },
        { name: 'Gold', threshold: yuan(5000) },
      ],
    });
    const joined = local('2025-03-10', '15:30', zone);
    const cycleEnd = (k: number): number => local(localDateOfDayNumber(dayNumberOfLocalDate('2025-03-10') + 400 * k), '00:00', zone);

    it('cycles start at the local join date and last 400 local days', () => {
      const member = createTierMember(program, { memberId: 'u1', joinedAt: joined });
      expect(member.periodStart).toBe(local('2025-03-10', '00:00', zone));
      expect(member.periodEnd).toBe(cycleEnd(1));
      expect(localDateOfDayNumber(dayNumberOfLocalDate('2025-03-10') + 400)).toBe('2026-04-14');
    });

    it('a Gold member who spent ¥3,000 in the cycle is Silver at cycle end', () => {
      const inputs = [order('o1', local('2025-06-01', '12:00', zone), yuan(5200)), order('o2', local('2026-06-01', '12:00', zone), yuan(3000))];
      for (const policy of ['oneDown', 'reassess'] as const) {
        const p = parseTierProgram({ ...program, downgrade: { policy } });
        const before = replayTierHistory(p, { memberId: 'u1', joinedAt: joined }, inputs, cycleEnd(2) - 1);
        expect(before.state.tier).toBe('Gold');
        const after = advanceTier(before.state, p, cycleEnd(2));
        expect(after.state.tier).toBe('Silver');
        expect(after.events).toMatchObject([{ type: 'downgraded', at: cycleEnd(2), from: 'Gold', to: 'Silver' }]);
        expect(after.state.periodStart).toBe(cycleEnd(2));
        expect(after.state.periodEnd).toBe(cycleEnd(3));
      }
    });
  });

  describe('a calendar-year re-evaluation with a one-month grace', () => {
    const program = parseTierProgram({
      timeZone: zone,
      metric: 'spend',
      window: { kind: 'calendar', unit: 'year' },
      downgrade: { policy: 'reassess', grace: { amount: 1, unit: 'month' } },
      tiers: [
        { name: 'Member', threshold: 0 },
        { name: 'Silver', threshold: yuan(2000) },
        { name: 'Gold', threshold: yuan(5000) },
      ],
    });
    const member = { memberId: 'u1', joinedAt: local('2026-01-05', '10:00', zone) };
    const history: TierInput[] = [order('o1', local('2026-02-01', '10:00', zone), yuan(5200)), order('o2', local('2027-05-01', '10:00', zone), yuan(1000))];
    const decided = local('2028-01-01', '00:00', zone);
    const endOfJan31 = local('2028-02-01', '00:00', zone);

    it('takes effect at the end of 31 January (local)', () => {
      const { state, events } = replayTierHistory(program, member, history, decided);
      expect(state.tier).toBe('Gold');
      expect(events.at(-1)).toMatchObject({ type: 'downgradeScheduled', at: decided, from: 'Gold', to: 'Gold', pending: { from: 'Gold', to: 'Member', effectiveAt: endOfJan31 } });
      const lastMoment = evaluateTier(state, program, endOfJan31 - 1);
      expect(lastMoment.tier).toBe('Gold');
      expect(lastMoment.until).toBe(endOfJan31);
      const after = advanceTier(state, program, endOfJan31);
      expect(after.state.tier).toBe('Member');
      expect(after.events).toMatchObject([{ type: 'downgraded', at: endOfJan31, from: 'Gold', to: 'Member', reason: { kind: 'downgraded', metric: yuan(1000), by: 'reassess' } }]);
    });

    it('is cancelled when the member re-qualifies during the grace', () => {
      const requalify = order('o3', local('2028-01-20', '10:00', zone), yuan(5000));
      const { state, events } = replayTierHistory(program, member, [...history, requalify], local('2028-03-01', '00:00', zone));
      expect(state.tier).toBe('Gold');
      expect(state.pending).toBeNull();
      expect(events.slice(-2)).toMatchObject([
        { type: 'downgradeScheduled', at: decided },
        { type: 'retained', at: local('2028-01-20', '10:00', zone), reason: { kind: 'retained', by: 'requalified' } },
      ]);
    });

    it('lands on the tier the new period already qualifies for when the grace ends', () => {
      const partial = order('o3', local('2028-01-20', '10:00', zone), yuan(2500));
      const { state } = replayTierHistory(program, member, [...history, partial], endOfJan31);
      expect(state.tier).toBe('Silver');
    });

    it('an upgrade during the grace cancels the pending downgrade', () => {
      const silverProgram = parseTierProgram({ ...program, tiers: [...program.tiers, { name: 'Black', threshold: yuan(9000) }] });
      const big = order('o3', local('2028-01-20', '10:00', zone), yuan(9000));
      const { state, events } = replayTierHistory(silverProgram, member, [...history, big], endOfJan31);
      expect(state.tier).toBe('Black');
      expect(state.pending).toBeNull();
      expect(events.at(-1)).toMatchObject({ type: 'upgraded', from: 'Gold', to: 'Black' });
    });
  });

  describe('a manual L1 floor', () => {
    for (const window of [{ kind: 'lifetime' }, { kind: 'calendar', unit: 'year' }] as const) {
      it(`holds under a ${window.kind} window: zero spend, spend to L2, refunds never push below L1`, () => {
        const program = parseTierProgram({
          timeZone: zone,
          metric: 'spend',
          window,
          tiers: [
            { name: 'L0', threshold: 0 },
            { name: 'L1', threshold: yuan(1000) },
            { name: 'L2', threshold: yuan(3000) },
          ],
        });
        let state = createTierMember(program, { memberId: 'u1', joinedAt: local('2026-01-05', '10:00', zone) });
        const set = applyTierInput(state, program, { kind: 'setManualTier', id: 'm1', at: local('2026-01-06', '10:00', zone), tier: 'L1' });
        state = set.state;
        expect(set.events).toMatchObject([{ type: 'manualTierSet', from: 'L0', to: 'L1', reason: { kind: 'manualFloor' } }]);
        expect(evaluateTier(state, program, local('2026-01-07', '00:00', zone))).toMatchObject({ tier: 'L1', earnedTier: 'L0', reason: { kind: 'manualFloor' }, until: null, metric: 0 });
        state = applyTierInput(state, program, order('o1', local('2026-02-01', '10:00', zone), yuan(3500))).state;
        expect(state.tier).toBe('L2');
        const refunded = applyTierInput(state, program, refund('r1', local('2026-02-03', '10:00', zone), yuan(3500), 'o1'));
        expect(refunded.state.tier).toBe('L1');
        expect(refunded.state.earnedTier).toBe('L0');
        expect(refunded.events).toMatchObject([{ type: 'downgraded', from: 'L2', to: 'L1', earnedTier: 'L0', reason: { kind: 'downgraded', by: 'correction', metric: 0 } }]);
        const years = advanceTier(refunded.state, program, local('2030-01-01', '00:00', zone));
        expect(years.state.tier).toBe('L1');
        const cleared = applyTierInput(years.state, program, { kind: 'setManualTier', id: 'm2', at: local('2030-02-01', '00:00', zone), tier: null });
        expect(cleared.state.tier).toBe('L0');
      });
    }

    it('is a floor, not a ceiling: a reassess review keeps the earned tier above it', () => {
      const program = parseTierProgram({ timeZone: zone, metric: 'spend', window: { kind: 'calendar', unit: 'year' }, tiers: [{ name: 'L0', threshold: 0 }, { name: 'L1', threshold: 100 }, { name: 'L2', threshold: 300 }] });
      const { state } = replayTierHistory(
        program,
        { memberId: 'u1', joinedAt: local('2026-01-05', '10:00', zone) },
        [{ kind: 'setManualTier', id: 'm', at: local('2026-01-06', '10:00', zone), tier: 'L1' }, order('o1', local('2026-02-01', '10:00', zone), 400)],
        local('2027-06-01', '00:00', zone),
      );
      expect(state.earnedTier).toBe('L2');
      const after = advanceTier(state, program, local('2028-01-01', '00:00', zone));
      expect(after.state.earnedTier).toBe('L0');
      expect(after.state.tier).toBe('L1');
      expect(after.events).toMatchObject([{ type: 'downgraded', from: 'L2', to: 'L1', earnedTier: 'L0' }]);
    });
  });

  describe('paid tiers', () => {
    const program = parseTierProgram({
      timeZone: zone,
      metric: 'spend',
      window: { kind: 'calendar', unit: 'year' },
      tiers: [
        { name: 'Member', threshold: 0 },
        { name: 'Silver', threshold: yuan(2000) },
        { name: 'Plus', threshold: yuan(100_000), paid: { price: 9_900, validity: { amount: 1, unit: 'year' } } },
      ],
    });
    const joined = local('2026-01-05', '10:00', zone);

    it('hold for their validity, then the member falls back to the earned tier', () => {
      let state = createTierMember(program, { memberId: 'u1', joinedAt: joined });
      state = applyTierInput(state, program, order('o1', local('2026-02-01', '10:00', zone), yuan(2500))).state;
      const bought = applyTierInput(state, program, { kind: 'purchasePaidTier', id: 'buy1', at: local('2026-03-01', '10:00', zone), tier: 'Plus' });
      const until = local('2027-03-01', '10:00', zone);
      expect(bought.outcome).toMatchObject({ ok: true, tier: 'Plus', price: 9_900, paidUntil: until });
      expect(bought.events).toMatchObject([{ type: 'paidTierStarted', from: 'Silver', to: 'Plus', reason: { kind: 'paid', until } }]);
      expect(evaluateTier(bought.state, program, local('2026-06-01', '00:00', zone))).toMatchObject({ tier: 'Plus', reason: { kind: 'paid', until }, until });
      const lapsed = advanceTier(bought.state, program, until);
      // The 2026 review (1 Jan 2027) found ¥2,500 ≥ ¥2,000: Silver is retained underneath.
      expect(lapsed.events.map((e) => [e.type, e.from, e.to])).toEqual([
        ['retained', 'Plus', 'Plus'],
        ['paidExpired', 'Plus', 'Silver'],
      ]);
      expect(lapsed.state.paid).toBeNull();
    });

    it('a renewal extends from the current end; other tiers are not for sale', () => {
      let state = createTierMember(program, { memberId: 'u1', joinedAt: joined });
      state = applyTierInput(state, program, { kind: 'purchasePaidTier', id: 'b1', at: local('2026-03-01', '10:00', zone), tier: 'Plus' }).state;
      const renewed = applyTierInput(state, program, { kind: 'purchasePaidTier', id: 'b2', at: local('2026-09-01', '10:00', zone), tier: 'Plus' });
      expect(renewed.state.paid).toEqual({ tier: 'Plus', from: local('2026-03-01', '10:00', zone), until: local('2028-03-01', '10:00', zone) });
      expect(applyTierInput(state, program, { kind: 'purchasePaidTier', id: 'b3', at: local('2026-09-01', '10:00', zone), tier: 'Silver' }).outcome).toMatchObject({ ok: false, reason: 'not_purchasable' });
      expect(applyTierInput(state, program, { kind: 'purchasePaidTier', id: 'b4', at: local('2026-09-01', '10:00', zone), tier: 'Diamond' }).outcome).toMatchObject({ ok: false, reason: 'unknown_tier' });
    });
  });
});

describe('upgrades, corrections and retention rules', () => {
  const zone = 'Asia/Shanghai';
  const spendProgram = (extra: Record<string, unknown> = {}, tiers?: unknown) =>
    parseTierProgram({
      metric: 'spend',
      window: { kind: 'calendar', unit: 'year' },
      tiers: tiers ?? [
        { name: 'Member', threshold: 0 },
        { name: 'Silver', threshold: yuan(2000) },
        { name: 'Gold', threshold: yuan(5000) },
        { name: 'Black', threshold: yuan(10_000) },
      ],
      ...extra,
    });
  const joinedAt = local('2026-01-05', '10:00', zone);

  it('an upgrade is immediate and may skip tiers', () => {
    const program = spendProgram();
    const step = applyTierInput(createTierMember(program, { memberId: 'u1', joinedAt }), program, order('o1', local('2026-03-01', '10:00', zone), yuan(6000)));
    expect(step.events).toMatchObject([{ type: 'upgraded', from: 'Member', to: 'Gold', reason: { kind: 'thresholdMet', metric: yuan(6000), threshold: yuan(5000) }, inputId: 'o1' }]);
    expect(step.outcome).toMatchObject({ ok: true, tier: 'Gold', metric: yuan(6000) });
  });

  it('a refund takes back an upgrade of the current period, never below the tier the period started with', () => {
    const program = spendProgram();
    const { state } = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', local('2026-03-01', '10:00', zone), yuan(2500))], local('2027-02-01', '00:00', zone));
    expect(state.tier).toBe('Silver');
    const up = applyTierInput(state, program, order('o2', local('2027-03-01', '10:00', zone), yuan(6000)));
    expect(up.state.tier).toBe('Gold');
    const partial = applyTierInput(up.state, program, refund('r1', local('2027-03-05', '10:00', zone), yuan(2000), 'o2'));
    expect(partial.state.tier).toBe('Silver');
    expect(partial.outcome).toMatchObject({ ok: true, refunded: yuan(2000) });
    const all = applyTierInput(partial.state, program, refund('r2', local('2027-03-06', '10:00', zone), yuan(9999), 'o2'));
    expect(all.outcome).toMatchObject({ ok: true, refunded: yuan(4000), metric: 0 });
    expect(all.state.tier).toBe('Silver');
    expect(all.state.ledger.find((e) => e.id === 'o2')).toMatchObject({ spend: 0, orders: 0 });
  });

  it('a refund counts in the period of its order', () => {
    const program = spendProgram();
    const { state } = replayTierHistory(
      program,
      { memberId: 'u1', joinedAt },
      [order('o1', local('2026-12-20', '10:00', zone), yuan(2500)), order('o2', local('2027-01-10', '10:00', zone), yuan(2000)), refund('r1', local('2027-01-12', '10:00', zone), yuan(2500), 'o1')],
    );
    expect(evaluateTier(state, program, local('2027-01-12', '12:00', zone))).toMatchObject({ tier: 'Silver', metric: yuan(2000) });
  });

  it('never-downgrade tiers are kept whatever the metric', () => {
    const program = spendProgram({}, [
      { name: 'Member', threshold: 0 },
      { name: 'Silver', threshold: yuan(2000) },
      { name: 'Lifetime', threshold: yuan(5000), neverDowngrade: true },
    ]);
    const { state, events } = replayTierHistory(
      program,
      { memberId: 'u1', joinedAt },
      [order('o1', local('2026-03-01', '10:00', zone), yuan(6000)), refund('r1', local('2026-03-02', '10:00', zone), yuan(6000), 'o1')],
      local('2029-01-01', '00:00', zone),
    );
    expect(state.tier).toBe('Lifetime');
    expect(events.filter((e) => e.type === 'retained').map((e) => e.reason)).toEqual([
      { kind: 'retained', metric: 0, by: 'neverDowngrade' },
      { kind: 'retained', metric: 0, by: 'neverDowngrade' },
      { kind: 'retained', metric: 0, by: 'neverDowngrade' },
    ]);
    expect(evaluateTier(state, program, local('2029-01-01', '00:00', zone)).until).toBeNull();
  });

  it('a retain threshold below the entry threshold, or one big order, keeps the tier', () => {
    const program = spendProgram({ downgrade: { policy: 'oneDown' } }, [
      { name: 'Member', threshold: 0 },
      { name: 'Silver', threshold: yuan(2000), retain: { accumulated: yuan(1500) } },
      { name: 'Gold', threshold: yuan(5000), retain: { singleOrder: yuan(1000) } },
    ]);
    const silver = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', local('2026-03-01', '10:00', zone), yuan(2000)), order('o2', local('2027-03-01', '10:00', zone), yuan(1500))], local('2028-01-01', '00:00', zone));
    expect(silver.state.tier).toBe('Silver');
    expect(silver.events.at(-1)?.reason).toEqual({ kind: 'retained', metric: yuan(1500), by: 'accumulated' });
    const gold = replayTierHistory(
      program,
      { memberId: 'u1', joinedAt },
      [order('o1', local('2026-03-01', '10:00', zone), yuan(5000)), order('o2', local('2027-03-01', '10:00', zone), yuan(400)), order('o3', local('2027-04-01', '10:00', zone), yuan(1000))],
      local('2028-01-01', '00:00', zone),
    );
    expect(gold.state.tier).toBe('Gold');
    expect(gold.events.at(-1)?.reason).toEqual({ kind: 'retained', metric: yuan(1400), by: 'singleOrder' });
    const refunded = replayTierHistory(
      program,
      { memberId: 'u1', joinedAt },
      [order('o1', local('2026-03-01', '10:00', zone), yuan(5000)), order('o3', local('2027-04-01', '10:00', zone), yuan(1000)), refund('r3', local('2027-04-02', '10:00', zone), 1, 'o3')],
      local('2028-01-01', '00:00', zone),
    );
    expect(refunded.state.tier).toBe('Silver');
  });

  it('policy none never downgrades', () => {
    const program = spendProgram({ downgrade: { policy: 'none' } });
    const { state, events } = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', local('2026-03-01', '10:00', zone), yuan(6000))], local('2030-01-01', '00:00', zone));
    expect(state.tier).toBe('Gold');
    expect(events.filter((e) => e.type === 'retained')).toHaveLength(4);
    expect(events.at(-1)?.reason).toEqual({ kind: 'retained', metric: 0, by: 'noDowngradePolicy' });
  });

  it('an inactive member steps down one tier per period under oneDown', () => {
    const program = spendProgram({ downgrade: { policy: 'oneDown' } });
    const { events } = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', local('2026-03-01', '10:00', zone), yuan(10_000))], local('2030-06-01', '00:00', zone));
    expect(events.map((e) => `${e.type}:${e.to}`)).toEqual(['upgraded:Black', 'retained:Black', 'downgraded:Gold', 'downgraded:Silver', 'downgraded:Member']);
  });

  it('a rolling window re-evaluated monthly', () => {
    const program = parseTierProgram({
      metric: 'orderCount',
      window: { kind: 'rolling', amount: 90, unit: 'day', review: { kind: 'calendar', unit: 'month' } },
      tiers: [
        { name: 'New', threshold: 0 },
        { name: 'Regular', threshold: 3 },
      ],
    });
    const inputs = [1, 2, 3].map((d) => order(`o${d}`, local(`2026-01-0${d}`, '10:00', zone), 100));
    const { state, events } = replayTierHistory(program, { memberId: 'u1', joinedAt: local('2025-12-20', '10:00', zone) }, inputs, local('2026-05-01', '00:00', zone));
    // The 90-day window before the 1 Feb, 1 Mar and 1 Apr reviews (back to 1 Jan for April) holds the 3 orders; before 1 May it holds none.
    expect(events.map((e) => `${e.type}:${e.to}@${new Date(e.at).toISOString().slice(0, 10)}`)).toEqual([
      'upgraded:Regular@2026-01-03',
      'retained:Regular@2026-01-31',
      'retained:Regular@2026-02-28',
      'retained:Regular@2026-03-31',
      'downgraded:New@2026-04-30',
    ]);
    expect(state.tier).toBe('New');
  });

  it('a lifetime window has no re-evaluation', () => {
    const program = parseTierProgram({ metric: 'spend', window: { kind: 'lifetime' }, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 100 }] });
    const { state } = replayTierHistory(program, { memberId: 'u1', joinedAt }, [order('o1', local('2026-03-01', '10:00', zone), 100)], local('2040-01-01', '00:00', zone));
    expect(state.tier).toBe('B');
    expect(state.periodEnd).toBeNull();
    expect(evaluateTier(state, program, local('2040-01-01', '00:00', zone))).toMatchObject({ tier: 'B', until: null, reason: { kind: 'thresholdMet' } });
  });

  it('a migrated member starts at the tier given', () => {
    const program = spendProgram();
    const state = createTierMember(program, { memberId: 'u1', joinedAt, tier: 'Gold', birthday: '02-29' });
    expect(state).toMatchObject({ tier: 'Gold', earnedTier: 'Gold', baseTier: 'Gold', birthday: '02-29', earnedReason: { kind: 'joined' } });
    expect(() => createTierMember(program, { memberId: 'u1', joinedAt, birthday: '02-30' })).toThrow('siyu: birthday:');
    expect(() => createTierMember(program, { memberId: 'u1', joinedAt, birthday: '2-3' })).toThrow('siyu: birthday:');
    expect(() => createTierMember(program, { memberId: '', joinedAt })).toThrow('siyu: memberId:');
    expect(() => createTierMember(program, { memberId: 'u1', joinedAt: 'yesterday' })).toThrow('siyu: joinedAt:');
  });

  it('evaluateTier: since, until and reason', () => {
    const program = spendProgram({ downgrade: { policy: 'reassess', grace: { amount: 15, unit: 'day' } } });
    let state = createTierMember(program, { memberId: 'u1', joinedAt });
    state = applyTierInput(state, program, order('o1', local('2026-03-01', '10:00', zone), yuan(2000))).state;
    state = applyTierInput(state, program, order('o2', local('2027-03-01', '10:00', zone), yuan(500))).state;
    const now = evaluateTier(state, program, local('2027-06-01', '00:00', zone));
    expect(now).toMatchObject({
      tier: 'Silver',
      since: local('2026-03-01', '10:00', zone),
      until: local('2028-01-16', '00:00', zone),
      reason: { kind: 'retained', by: 'accumulated', metric: yuan(2000) },
      metric: yuan(500),
      periodStart: local('2027-01-01', '00:00', zone),
      periodEnd: local('2028-01-01', '00:00', zone),
    });
    expect(evaluateTier(createTierMember(program, { memberId: 'u1', joinedAt }), program, joinedAt)).toMatchObject({ tier: 'Member', until: null, reason: { kind: 'joined' } });
  });
});

describe('inputs', () => {
  const program = parseTierProgram({
    metric: 'growthValue',
    window: { kind: 'calendar', unit: 'year' },
    growthRules: [
      { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
      { id: 'checkin', eventType: 'check_in', award: { kind: 'fixed', amount: 5 } },
    ],
    tiers: [
      { name: 'V1', threshold: 0 },
      { name: 'V2', threshold: 1000 },
    ],
  });
  const joinedAt = Date.UTC(2026, 0, 5);
  const fresh = () => createTierMember(program, { memberId: 'u1', joinedAt });

  it('growth value comes from rules; a refund takes it back proportionally (floor)', () => {
    let state = applyTierInput(fresh(), program, order('o1', Date.UTC(2026, 1, 1), 129_999)).state;
    expect(state.tier).toBe('V2');
    expect(state.ledger[0]).toMatchObject({ growth: 1299, spend: 129_999, orders: 1 });
    const r1 = applyTierInput(state, program, refund('r1', Date.UTC(2026, 1, 2), 30_000, 'o1'));
    // floor(1299 × 30000 / 129999) = 299 taken back.
    expect(r1.outcome).toMatchObject({ ok: true, growth: -299, refunded: 30_000, metric: 1000, tier: 'V2' });
    state = applyTierInput(r1.state, program, refund('r2', Date.UTC(2026, 1, 3), 99_999, 'o1')).state;
    expect(state.ledger[0]).toMatchObject({ growth: 0, spend: 0, orders: 0 });
    expect(state.tier).toBe('V1');
  });

  it('non-order activity without growth is accepted and leaves no entry', () => {
    const step = applyTierInput(fresh(), program, { kind: 'activity', event: { id: 'm1', userId: 'u1', type: 'message', at: Date.UTC(2026, 1, 1) } });
    expect(step.outcome).toMatchObject({ ok: true, growth: 0 });
    expect(step.state.ledger).toEqual([]);
    const checkIn = applyTierInput(step.state, program, { kind: 'activity', event: { id: 'c1', userId: 'u1', type: 'check_in', at: Date.UTC(2026, 1, 1) } });
    expect(checkIn.state.ledger).toHaveLength(1);
  });

  it('adjustments move growth both ways', () => {
    const up = applyTierInput(fresh(), program, { kind: 'adjustGrowth', id: 'g1', at: Date.UTC(2026, 1, 1), amount: 1000 });
    expect(up.state.tier).toBe('V2');
    const down = applyTierInput(up.state, program, { kind: 'adjustGrowth', id: 'g2', at: Date.UTC(2026, 1, 2), amount: -1 });
    expect(down.state.tier).toBe('V1');
    expect(down.outcome).toMatchObject({ growth: -1, metric: 999 });
  });

  it('rejects events of another member, refunds of unknown orders, unknown manual tiers', () => {
    expect(applyTierInput(fresh(), program, order('o1', Date.UTC(2026, 1, 1), 100, 'u2')).outcome).toMatchObject({ ok: false, reason: 'wrong_member' });
    expect(applyTierInput(fresh(), program, refund('r1', Date.UTC(2026, 1, 1), 100, 'nope')).outcome).toMatchObject({ ok: false, reason: 'unknown_order' });
    const noOrderId = applyTierInput(fresh(), program, { kind: 'activity', event: { id: 'r2', userId: 'u1', type: 'refund', at: 1, amount: 5 } });
    expect(noOrderId.outcome).toMatchObject({ ok: false, reason: 'unknown_order', message: 'refund r2 names no props.orderId' });
    expect(applyTierInput(fresh(), program, { kind: 'setManualTier', id: 'm', at: 1, tier: 'V9' }).outcome).toMatchObject({ ok: false, reason: 'unknown_tier' });
  });

  it('refunds find orders by props.orderId', () => {
    let state = applyTierInput(fresh(), program, order('e1', Date.UTC(2026, 1, 1), 100_000, 'u1', { orderId: 'SO-1' })).state;
    state = applyTierInput(state, program, refund('r1', Date.UTC(2026, 1, 2), 100_000, 'SO-1')).state;
    expect(state.tier).toBe('V1');
  });

  it('a duplicate returns the first outcome and the same state object', () => {
    const first = applyTierInput(fresh(), program, order('o1', Date.UTC(2026, 1, 1), 100_000));
    const again = applyTierInput(first.state, program, order('o1', Date.UTC(2026, 5, 1), 999_999));
    expect(again).toEqual({ state: first.state, events: [], outcome: first.outcome, duplicate: true });
    expect(again.state).toBe(first.state);
    const rejected = applyTierInput(first.state, program, refund('r', Date.UTC(2026, 1, 2), 1, 'zz'));
    expect(applyTierInput(rejected.state, program, refund('r', Date.UTC(2026, 1, 2), 1, 'o1')).outcome).toEqual(rejected.outcome);
  });

  it('never mutates the caller state', () => {
    const state = fresh();
    const frozen = JSON.stringify(state);
    applyTierInput(state, program, order('o1', Date.UTC(2026, 1, 1), 100_000));
    advanceTier(state, program, Date.UTC(2030, 0, 1));
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it('a late input counts in its own period but is decided at the clock', () => {
    const advanced = advanceTier(fresh(), program, Date.UTC(2027, 1, 1)).state;
    const late = applyTierInput(advanced, program, order('o1', Date.UTC(2026, 5, 1), 200_000));
    expect(late.outcome).toMatchObject({ ok: true, at: Date.UTC(2027, 1, 1), tier: 'V1', metric: 0 });
    expect(late.state.ledger).toHaveLength(1);
  });

  it('a replayed history gives outcomes aligned with the inputs', () => {
    const inputs = [order('o2', Date.UTC(2026, 2, 1), 100), order('o1', Date.UTC(2026, 1, 1), 100), order('o1', Date.UTC(2026, 1, 1), 100)];
    const { outcomes } = replayTierHistory(program, { memberId: 'u1', joinedAt }, inputs);
    expect(outcomes.map((o) => (o.ok ? o.id : o.reason))).toEqual(['o2', 'o1', 'o1']);
    expect(outcomes[2]).toBe(outcomes[1]);
  });
});

describe('small pieces', () => {
  it('computeGrowthValue gives refunds nothing; decideTierReview rejects unknown tiers', async () => {
    const { computeGrowthValue, decideTierReview } = await import('siyu/tiers');
    const program = parseTierProgram({
      metric: 'growthValue',
      window: { kind: 'lifetime' },
      growthRules: [{ id: 'any', eventType: 'refund', award: { kind: 'fixed', amount: 5 } }],
      tiers: [{ name: 'A', threshold: 0 }],
    });
    expect(computeGrowthValue(program, { id: 'r', userId: 'u', type: 'refund', at: 0, amount: 100 })).toBe(0);
    expect(() => decideTierReview(program, { tier: 'Z', metric: 0 })).toThrow('siyu: tier: unknown tier "Z"');
    expect(decideTierReview(program, { tier: 'A', metric: 0 })).toEqual({ outcome: 'retained', tier: 'A', by: 'baseTier' });
  });

  it('a grace longer than the period ends at the next re-evaluation', () => {
    const program = parseTierProgram({
      metric: 'orderCount',
      window: { kind: 'calendar', unit: 'month' },
      downgrade: { policy: 'oneDown', grace: { amount: 45, unit: 'day' } },
      tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 1 }, { name: 'C', threshold: 2 }],
    });
    const joinedAt = Date.UTC(2026, 0, 1);
    const { events, state } = replayTierHistory(
      program,
      { memberId: 'u1', joinedAt },
      [order('o1', Date.UTC(2026, 0, 10), 1), order('o2', Date.UTC(2026, 0, 11), 1), order('o3', Date.UTC(2026, 2, 10), 1)],
      Date.UTC(2026, 3, 5),
    );
    // C from January; no order in February: at the 1 March review C→B is scheduled for 15 April.
    // One March order does not re-qualify for C; the 1 April review first ends the grace (→ B), then keeps B.
    expect(events.map((e) => `${e.type}:${e.to}:${e.earnedTier}`)).toEqual(['upgraded:B:B', 'upgraded:C:C', 'retained:C:C', 'downgradeScheduled:C:C', 'downgraded:B:B', 'retained:B:B']);
    expect(state.pending).toBeNull();
  });
});
