import { describe, expect, it } from 'vitest';
import { applyTierInput, computeTierEntitlements, createTierMember, parseTierProgram, useTierBenefit, type TierMemberState, type TierProgram } from 'siyu/tiers';
import { ZONES, local, order, refund } from './helpers.js';

const programIn = (zone: string, welcomeRepeat?: 'never' | 'yearly' | 'always'): TierProgram =>
  parseTierProgram({
    timeZone: zone,
    metric: 'spend',
    window: { kind: 'calendar', unit: 'year' },
    tiers: [
      { name: 'Member', threshold: 0, benefits: [{ id: 'coupon', kind: 'coupon', couponId: 'c5', count: 1, per: 'month' }, { id: 'bday', kind: 'birthdayGift', gift: 'cake' }] },
      {
        name: 'Silver',
        threshold: 200_000,
        benefits: [
          { id: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, per: 'month' },
          { id: 'ship', kind: 'freeShipping', count: 3, per: 'week' },
          { id: 'discount', kind: 'discount', basisPoints: 500 },
          { id: 'mult', kind: 'pointsMultiplier', multiplier: 1.5 },
          { id: 'group', kind: 'groupAccess', groupId: 'silver-club' },
          { id: 'welcome', kind: 'welcomeGift', gift: 'mug', ...(welcomeRepeat === undefined ? {} : { repeat: welcomeRepeat }) },
          { id: 'bday-silver', kind: 'birthdayGift', gift: 'flowers' },
        ],
      },
      { name: 'Gold', threshold: 500_000, benefits: [{ id: 'coupon', kind: 'coupon', couponId: 'c50', count: 4, per: 'month' }, { id: 'discount', kind: 'discount', basisPoints: 1000 }] },
    ],
  });

describe.each(ZONES)('benefits in %s', (zone) => {
  const program = programIn(zone);
  const silver = (): TierMemberState =>
    applyTierInput(createTierMember(program, { memberId: 'u1', joinedAt: local('2026-01-05', '10:00', zone), birthday: '05-20' }), program, order('o1', local('2026-01-10', '10:00', zone), 250_000)).state;

  it('entitlements at an instant', () => {
    const e = computeTierEntitlements(silver(), program, local('2026-03-15', '12:00', zone));
    expect(e).toMatchObject({ tier: 'Silver', discountBasisPoints: 500, pointsMultiplier: 1.5, groups: ['silver-club'] });
    expect(e.quotas).toEqual([
      { benefit: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, used: 0, remaining: 2, periodStart: local('2026-03-01', '00:00', zone), periodEnd: local('2026-04-01', '00:00', zone) },
      { benefit: 'ship', kind: 'freeShipping', count: 3, used: 0, remaining: 3, periodStart: local('2026-03-09', '00:00', zone), periodEnd: local('2026-03-16', '00:00', zone) },
    ]);
    expect(e.welcomeGifts).toEqual([{ benefit: 'welcome', gift: 'mug', available: true }]);
    expect(e.birthdayGifts).toEqual([{ benefit: 'bday-silver', gift: 'flowers', available: false, reason: 'not_birthday_month' }]);
    const member = computeTierEntitlements(createTierMember(program, { memberId: 'u2', joinedAt: 0 }), program, 1);
    expect(member).toMatchObject({ discountBasisPoints: 0, pointsMultiplier: 1, groups: [], birthdayGifts: [{ available: false, reason: 'no_birthday' }] });
  });

  it('2 coupons a month: the third is refused, the quota resets at local month start', () => {
    let state = silver();
    const lastDay = local('2026-03-31', '23:59', zone);
    for (const id of ['u1', 'u2']) state = useTierBenefit(state, program, { id, at: lastDay, benefit: 'coupon' }).state;
    const third = useTierBenefit(state, program, { id: 'u3', at: lastDay, benefit: 'coupon' });
    expect(third.outcome).toEqual({ ok: false, reason: 'quota_exhausted', message: '"coupon" is used up: 2 of 2 this month' });
    const april = useTierBenefit(third.state, program, { id: 'u4', at: local('2026-04-01', '00:00', zone), benefit: 'coupon' });
    expect(april.outcome).toMatchObject({ ok: true, quotaRemaining: 1 });
    expect(computeTierEntitlements(april.state, program, local('2026-04-02', '00:00', zone)).quotas[0]).toMatchObject({ used: 1, remaining: 1 });
  });

  it('a use is idempotent', () => {
    const at = local('2026-03-02', '10:00', zone);
    const once = useTierBenefit(silver(), program, { id: 'use', at, benefit: 'coupon' });
    const twice = useTierBenefit(once.state, program, { id: 'use', at, benefit: 'coupon' });
    expect(twice.duplicate).toBe(true);
    expect(twice.state.benefitUses).toHaveLength(1);
    expect(twice.outcome).toEqual(once.outcome);
  });

  it('uses are counted per benefit id across tiers', () => {
    let state = silver();
    const at = local('2026-03-02', '10:00', zone);
    state = useTierBenefit(state, program, { id: 'a', at, benefit: 'coupon' }).state;
    state = useTierBenefit(state, program, { id: 'b', at, benefit: 'coupon' }).state;
    state = applyTierInput(state, program, order('o2', at + 1, 300_000)).state;
    expect(state.tier).toBe('Gold');
    expect(computeTierEntitlements(state, program, at + 2).quotas[0]).toMatchObject({ couponId: 'c50', count: 4, used: 2, remaining: 2 });
  });

  it('refuses benefits the tier does not grant, and benefits that are not used up', () => {
    const member = createTierMember(program, { memberId: 'u1', joinedAt: 0 });
    expect(useTierBenefit(member, program, { id: 'x', at: 1, benefit: 'ship' }).outcome).toEqual({ ok: false, reason: 'not_granted', message: 'Member does not grant "ship"' });
    expect(useTierBenefit(silver(), program, { id: 'y', at: local('2026-03-02', '10:00', zone), benefit: 'discount' }).outcome).toMatchObject({ ok: false, reason: 'not_usable' });
  });

  it('a birthday gift: in the birthday month, once a year', () => {
    const state = silver();
    expect(useTierBenefit(state, program, { id: 'b0', at: local('2026-04-30', '23:59', zone), benefit: 'bday-silver' }).outcome).toMatchObject({ ok: false, reason: 'not_birthday_month' });
    const may = useTierBenefit(state, program, { id: 'b1', at: local('2026-05-01', '00:00', zone), benefit: 'bday-silver' });
    expect(may.outcome.ok).toBe(true);
    expect(useTierBenefit(may.state, program, { id: 'b2', at: local('2026-05-31', '10:00', zone), benefit: 'bday-silver' }).outcome).toMatchObject({ ok: false, reason: 'already_claimed' });
    const noBirthday = applyTierInput(createTierMember(program, { memberId: 'u1', joinedAt: 0 }), program, { kind: 'useBenefit', id: 'b', at: 5, benefit: 'bday' });
    expect(noBirthday.outcome).toMatchObject({ ok: false, reason: 'no_birthday' });
  });

  it('a welcome gift once per tier per member: not again after a downgrade and re-upgrade', () => {
    let state = silver();
    const t = (d: string) => local(d, '10:00', zone);
    state = useTierBenefit(state, program, { id: 'w1', at: t('2026-02-01'), benefit: 'welcome' }).state;
    expect(useTierBenefit(state, program, { id: 'w2', at: t('2026-02-02'), benefit: 'welcome' }).outcome).toMatchObject({ ok: false, reason: 'already_claimed' });
    // Down (a refund) and up again within the year.
    state = applyTierInput(state, program, refund('r1', t('2026-02-03'), 250_000, 'o1')).state;
    expect(state.tier).toBe('Member');
    state = applyTierInput(state, program, order('o2', t('2026-02-04'), 200_000)).state;
    expect(state.tier).toBe('Silver');
    expect(useTierBenefit(state, program, { id: 'w3', at: t('2026-02-05'), benefit: 'welcome' }).outcome).toMatchObject({ ok: false, reason: 'already_claimed' });
    expect(useTierBenefit(state, program, { id: 'w4', at: t('2027-02-05'), benefit: 'welcome' }).outcome).toMatchObject({ ok: false });
  });
});

describe('welcome gift repeat rules', () => {
  const zone = 'Asia/Shanghai';
  const t = (d: string) => local(d, '10:00', zone);
  const cycle = (program: TierProgram) => {
    let state = createTierMember(program, { memberId: 'u1', joinedAt: t('2026-01-05') });
    state = applyTierInput(state, program, order('o1', t('2026-01-10'), 250_000)).state;
    state = useTierBenefit(state, program, { id: 'w1', at: t('2026-01-11'), benefit: 'welcome' }).state;
    state = applyTierInput(state, program, refund('r1', t('2026-01-12'), 250_000, 'o1')).state;
    state = applyTierInput(state, program, order('o2', t('2026-01-13'), 250_000)).state;
    return state;
  };

  it("'yearly': again in a new year, not within the same one", () => {
    const program = programIn(zone, 'yearly');
    const state = cycle(program);
    expect(useTierBenefit(state, program, { id: 'w2', at: t('2026-01-14'), benefit: 'welcome' }).outcome).toMatchObject({ ok: false, reason: 'already_claimed', message: 'the Silver welcome gift was already claimed this year' });
    // Kept Silver through the 2026 review (¥2,500 ≥ ¥2,000): still entered upward in 2026; a new year allows it again.
    expect(useTierBenefit(state, program, { id: 'w3', at: t('2027-01-14'), benefit: 'welcome' }).outcome.ok).toBe(true);
  });

  it("'always': after every upgrade into the tier", () => {
    const program = programIn(zone, 'always');
    const state = cycle(program);
    const again = useTierBenefit(state, program, { id: 'w2', at: t('2026-01-14'), benefit: 'welcome' });
    expect(again.outcome.ok).toBe(true);
    expect(useTierBenefit(again.state, program, { id: 'w3', at: t('2026-01-15'), benefit: 'welcome' }).outcome).toMatchObject({ ok: false, reason: 'already_claimed', message: 'the Silver welcome gift was already claimed since this upgrade' });
  });

  it('not for a tier entered by a downgrade', () => {
    const program = programIn(zone);
    let state = createTierMember(program, { memberId: 'u1', joinedAt: t('2026-01-05') });
    state = applyTierInput(state, program, order('o1', t('2026-01-10'), 600_000)).state;
    expect(state.tier).toBe('Gold');
    state = applyTierInput(state, program, refund('r1', t('2026-01-11'), 350_000, 'o1')).state;
    expect(state.tier).toBe('Silver');
    expect(useTierBenefit(state, program, { id: 'w', at: t('2026-01-12'), benefit: 'welcome' }).outcome).toMatchObject({ ok: false, reason: 'not_eligible' });
    expect(computeTierEntitlements(state, program, t('2026-01-12')).welcomeGifts).toEqual([{ benefit: 'welcome', gift: 'mug', available: false, reason: 'not_eligible' }]);
  });

  it('takes the largest discount and multiplier when a tier lists several', () => {
    const program = parseTierProgram({
      metric: 'spend',
      window: { kind: 'lifetime' },
      tiers: [
        {
          name: 'A',
          threshold: 0,
          benefits: [
            { id: 'd1', kind: 'discount', basisPoints: 300 },
            { id: 'd2', kind: 'discount', basisPoints: 200 },
            { id: 'm1', kind: 'pointsMultiplier', multiplier: 0.5 },
            { id: 'm2', kind: 'pointsMultiplier', multiplier: 2 },
          ],
        },
      ],
    });
    expect(computeTierEntitlements(createTierMember(program, { memberId: 'u', joinedAt: 0 }), program, 0)).toMatchObject({ discountBasisPoints: 300, pointsMultiplier: 2 });
  });
});
