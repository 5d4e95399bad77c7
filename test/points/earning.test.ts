/** Earning rules: check-in streaks, referrals, item codes, multipliers, conditions, rounding. */
import { balanceAt, createPointsState, earnPoints, evaluatePointsEarn, parsePointsProgram, referralParties, type PointsState } from 'siyu/points';
import { describe, expect, it } from 'vitest';
import { ZONES, ev, local, ok, rejected } from './helpers.js';

describe.each(ZONES)('earning rules in %s', (zone) => {
  const empty = (member = 'u1'): PointsState => createPointsState(member, zone);

  it('check-in streaks run in 7-day cycles and restart on a missed day', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ kind: 'checkIn', id: 'daily', cycle: [1, 2, 3, 4, 5, 6, 10] }] });
    let state = empty();
    const got: number[] = [];
    const days = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '11', '12'];
    days.forEach((d, i) => {
      const r = ok(earnPoints(state, p, { event: ev(`c${i}`, 'check_in', local(zone, `2025-03-${d}`, i % 2 === 0 ? '23:59' : '00:01')) }));
      got.push(r.outcome.kind === 'earn' ? r.outcome.awarded : -1);
      state = r.state;
    });
    // Day 8 starts a new cycle; 10 March is missed, so 11 March restarts at day 1.
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 10, 1, 2, 1, 2]);
    const same = ok(earnPoints(state, p, { event: ev('c-again', 'check_in', local(zone, '2025-03-12', '23:59:30')) }));
    expect(same.outcome).toMatchObject({ awarded: 0, rules: [{ ruleId: 'daily', skipped: 'already_checked_in' }] });
    expect(balanceAt(same.state, local(zone, '2025-03-13')).available).toBe(37);
  });

  it('referrals reward the inviter once per invitee and the invitee once', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ kind: 'referral', id: 'ref', inviter: 100, invitee: 50 }] });
    const at = local(zone, '2025-03-01', '12:00');
    const referral = (id: string, inviteeId: string) => ev(id, 'referral', at, { props: { inviterId: 'u1', inviteeId } }, inviteeId);
    const a = ok(earnPoints(empty('u1'), p, { event: referral('r1', 'u2') }));
    expect(a.outcome).toMatchObject({ awarded: 100 });
    const dup = ok(earnPoints(a.state, p, { event: referral('r1-redelivered', 'u2') }));
    expect(dup.outcome).toMatchObject({ awarded: 0, rules: [{ skipped: 'already_referred' }] });
    expect(ok(earnPoints(dup.state, p, { event: referral('r2', 'u3') })).outcome).toMatchObject({ awarded: 100 });
    const invitee = ok(earnPoints(empty('u2'), p, { event: referral('r1', 'u2') }));
    expect(invitee.outcome).toMatchObject({ awarded: 50 });
    expect(ok(earnPoints(invitee.state, p, { event: { ...referral('r9', 'u2'), props: { inviterId: 'u7', inviteeId: 'u2' } } })).outcome).toMatchObject({ awarded: 0 });
    rejected(earnPoints(empty('u9'), p, { event: referral('r1', 'u2') }), 'wrong_member');
    expect(referralParties(p, referral('r1', 'u2'))).toEqual(['u1', 'u2']);
    const self = ok(earnPoints(empty('u1'), p, { event: { ...referral('r5', 'u1'), props: { inviterId: 'u1', inviteeId: 'u1' } } }));
    expect(self.outcome).toMatchObject({ awarded: 0, rules: [{ skipped: 'not_a_party' }] });
  });

  it('item codes earn once per code', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ kind: 'itemCode', id: 'code', award: { kind: 'fixed', amount: 25 } }] });
    const at = local(zone, '2025-03-01', '12:00');
    const a = ok(earnPoints(empty(), p, { event: ev('s1', 'scan', at, { props: { code: 'ABC' } }) }));
    expect(a.outcome).toMatchObject({ awarded: 25 });
    const b = ok(earnPoints(a.state, p, { event: ev('s2', 'scan', at, { props: { code: 'ABC' } }) }));
    expect(b.outcome).toMatchObject({ awarded: 0, rules: [{ skipped: 'code_already_scanned' }] });
    const c = ok(earnPoints(b.state, p, { event: ev('s3', 'scan', at, { props: { code: 12345 } }) }));
    expect(c.outcome).toMatchObject({ awarded: 25 });
    const d = ok(earnPoints(c.state, p, { event: ev('s4', 'scan', at) }));
    expect(d.outcome).toMatchObject({ awarded: 0, rules: [{ skipped: 'missing_code' }] });
    expect(d.state.scannedCodes).toEqual({ ABC: 's1', '12345': 's3' });
  });

  it('multipliers multiply and round once', () => {
    const p = parsePointsProgram({
      timeZone: zone,
      rules: [
        { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
        { id: 'visit', eventType: 'purchase', award: { kind: 'fixed', amount: 5 } },
      ],
      multipliers: [
        { id: 'gold', kind: 'tier', tiers: ['gold', 'black'], percent: 200 },
        { id: 'bday', kind: 'birthdayMonth', percent: 150, ruleIds: ['spend'] },
        { id: 'double11', kind: 'campaign', from: local(zone, '2025-11-11'), to: local(zone, '2025-11-12'), percent: 300, when: { field: 'props.channel', op: 'eq', value: 'app' } },
      ],
    });
    const at = local(zone, '2025-11-11', '23:59');
    const e = ev('o1', 'purchase', at, { amount: 12_999, props: { channel: 'app' } });
    // 129.99 × 2 × 1.5 × 3 = 1169.91 → 1169; 5 × 2 × 3 = 30.
    expect(evaluatePointsEarn(p, empty(), e, { tier: 'gold', birthMonth: 11 })).toEqual([
      { ruleId: 'spend', desired: 1169, multipliers: ['gold', 'bday', 'double11'] },
      { ruleId: 'visit', desired: 30, multipliers: ['gold', 'double11'] },
    ]);
    // Outside the campaign, another month, no tier: base only.
    const plain = ev('o2', 'purchase', local(zone, '2025-11-12'), { amount: 12_999, props: { channel: 'app' } });
    expect(evaluatePointsEarn(p, empty(), plain, { tier: 'silver', birthMonth: 3 }).map((r) => r.desired)).toEqual([129, 5]);
    expect(evaluatePointsEarn(p, empty(), plain).map((r) => r.desired)).toEqual([129, 5]);
  });

  it('rounding modes: per-spend by the rule, fixed × multiplier by the program', () => {
    const p = parsePointsProgram({
      timeZone: zone,
      rounding: 'halfUp',
      rules: [
        { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100, rounding: 'ceil' } },
        { id: 'visit', eventType: 'purchase', award: { kind: 'fixed', amount: 5 } },
      ],
      multipliers: [{ id: 'x', kind: 'tier', tiers: ['gold'], percent: 150 }],
    });
    const e = ev('o1', 'purchase', local(zone, '2025-01-01'), { amount: 101 });
    expect(evaluatePointsEarn(p, empty(), e, { tier: 'gold' }).map((r) => r.desired)).toEqual([2, 8]);
  });

  it('conditions filter rules; per-spend without an amount earns nothing', () => {
    const p = parsePointsProgram({
      timeZone: zone,
      rules: [
        { id: 'big', eventType: 'purchase', when: { field: 'amount', op: 'gte', value: 10_000 }, award: { kind: 'fixed', amount: 50 } },
        { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
      ],
    });
    const r = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01')) }));
    expect(r.outcome).toMatchObject({
      desired: 0,
      awarded: 0,
      rules: [
        { ruleId: 'big', skipped: 'condition_not_met' },
        { ruleId: 'spend', skipped: 'no_amount' },
      ],
    });
    expect(r.entries).toEqual([]);
    expect(r.state.sources).toEqual([]);
    const other = ok(earnPoints(r.state, p, { event: ev('m1', 'message', local(zone, '2025-01-01')) }));
    expect(other.outcome).toMatchObject({ desired: 0, rules: [] });
  });

  it('several rules on one event make one lot each; caps reduce them in proportion', () => {
    const p = parsePointsProgram({
      timeZone: zone,
      rules: [
        { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
        { id: 'visit', eventType: 'purchase', award: { kind: 'fixed', amount: 100 } },
      ],
      caps: { periods: [{ period: 'day', limit: 100, eventTypes: ['purchase'] }] },
    });
    const r = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01'), { amount: 30_000 }) }));
    expect(r.outcome).toMatchObject({ desired: 400, awarded: 100, rules: [{ ruleId: 'spend', awarded: 75 }, { ruleId: 'visit', awarded: 25 }] });
    expect(r.state.lots.map((l) => [l.source.ruleId, l.amount])).toEqual([['spend', 75], ['visit', 25]]);
  });

  it('the balance cap reduces an award to the room left', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ id: 'visit', eventType: 'visit', award: { kind: 'fixed', amount: 300 } }], caps: { balance: 500 } });
    const a = ok(earnPoints(empty(), p, { event: ev('v1', 'visit', local(zone, '2025-01-01')) }));
    const b = ok(earnPoints(a.state, p, { event: ev('v2', 'visit', local(zone, '2025-01-02')) }));
    expect(b.outcome).toMatchObject({ desired: 300, awarded: 200, limitedBy: [{ cap: 'balance', reducedBy: 100 }] });
    const c = ok(earnPoints(b.state, p, { event: ev('v3', 'visit', local(zone, '2025-01-03')) }));
    expect(c.outcome).toMatchObject({ awarded: 0 });
  });

  it('a period cap scoped to other event types does not apply', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ id: 'visit', eventType: 'visit', award: { kind: 'fixed', amount: 300 } }], caps: { periods: [{ period: 'day', limit: 1, eventTypes: ['share'] }] } });
    expect(ok(earnPoints(empty(), p, { event: ev('v1', 'visit', local(zone, '2025-01-01')) })).outcome).toMatchObject({ awarded: 300 });
  });
});
