/** The acceptance examples of issue 3, each in Shanghai and in New York. */
import {
  balanceAt,
  createPointsState,
  earnPoints,
  forecastExpiry,
  parsePointsProgram,
  redeemPoints,
  redeemPointsWithCash,
  refundPoints,
  tickPoints,
  adjustPoints,
  type PointsProgramInput,
  type PointsState,
} from 'siyu/points';
import { describe, expect, it } from 'vitest';
import { ZONES, ev, local, ok, rejected } from './helpers.js';

describe.each(ZONES)('acceptance examples in %s', (zone) => {
  const program = (input: Omit<PointsProgramInput, 'timeZone'>) => parsePointsProgram({ timeZone: zone, ...input });
  const empty = (): PointsState => createPointsState('u1', zone);
  const buy = (amount: number) => ({ id: 'buy', eventType: 'purchase', award: { kind: 'fixed' as const, amount } });
  const perPoint = { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend' as const, amount: 1, per: 1 } };

  it('monthly cap 1000, 900 already earned, earn 300 → 100 awarded', () => {
    const p = program({ rules: [perPoint], caps: { periods: [{ period: 'month', limit: 1000 }] } });
    const first = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-03-02', '09:00'), { amount: 900 }) }));
    const second = ok(earnPoints(first.state, p, { event: ev('o2', 'purchase', local(zone, '2025-03-20', '09:00'), { amount: 300 }) }));
    expect(second.outcome).toMatchObject({ kind: 'earn', desired: 300, awarded: 100, limitedBy: [{ cap: 'month', reducedBy: 200 }] });
    expect(balanceAt(second.state, local(zone, '2025-03-20', '09:00')).available).toBe(1000);
    // A new month starts afresh (local month boundary).
    const april = ok(earnPoints(second.state, p, { event: ev('o3', 'purchase', local(zone, '2025-04-01', '00:00'), { amount: 300 }) }));
    expect(april.outcome).toMatchObject({ desired: 300, awarded: 300, limitedBy: [] });
  });

  it('per-transaction cap 500, computed 600 → rejected, 0 awarded', () => {
    const p = program({ rules: [perPoint], caps: { transaction: 500 } });
    const state = empty();
    const r = earnPoints(state, p, { event: ev('o1', 'purchase', local(zone, '2025-03-02', '09:00'), { amount: 600 }) });
    rejected(r, 'transaction_cap_exceeded');
    expect(balanceAt(state, local(zone, '2025-03-03')).available).toBe(0);
    expect(ok(earnPoints(state, p, { event: ev('o2', 'purchase', local(zone, '2025-03-02', '09:00'), { amount: 500 }) })).outcome).toMatchObject({ awarded: 500 });
  });

  it('events at 23:59 and 00:01 the next local day each count against their own day', () => {
    const p = program({ rules: [{ id: 'share', eventType: 'share', award: { kind: 'fixed', amount: 10 } }], caps: { periods: [{ period: 'day', limit: 10 }] } });
    const a = ok(earnPoints(empty(), p, { event: ev('s1', 'share', local(zone, '2025-03-02', '23:59')) }));
    const b = ok(earnPoints(a.state, p, { event: ev('s2', 'share', local(zone, '2025-03-03', '00:01')) }));
    expect(b.outcome).toMatchObject({ desired: 10, awarded: 10 });
    const c = ok(earnPoints(b.state, p, { event: ev('s3', 'share', local(zone, '2025-03-03', '23:59')) }));
    expect(c.outcome).toMatchObject({ desired: 10, awarded: 0, limitedBy: [{ cap: 'day', reducedBy: 10 }] });
    expect(c.entries).toEqual([]);
  });

  it('weekly caps start on Monday in the zone', () => {
    const p = program({ rules: [buy(30)], caps: { periods: [{ period: 'week', limit: 50 }] } });
    // 2025-03-09 is a Sunday, 2025-03-10 a Monday.
    const sun = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-03-08', '12:00')) }));
    const sun2 = ok(earnPoints(sun.state, p, { event: ev('o2', 'purchase', local(zone, '2025-03-09', '23:00')) }));
    expect(sun2.outcome).toMatchObject({ awarded: 20 });
    const mon = ok(earnPoints(sun2.state, p, { event: ev('o3', 'purchase', local(zone, '2025-03-10', '00:30')) }));
    expect(mon.outcome).toMatchObject({ awarded: 30 });
  });

  it('pending: earn 200 on Jan 1 10:00, lock 14 days, expire 30 days → active Jan 15 10:00, expire at the end of Feb 14', () => {
    const p = program({ rules: [buy(200)], lock: { kind: 'duration', duration: { amount: 14, unit: 'day' } }, expiry: { kind: 'rolling', duration: { amount: 30, unit: 'day' } }, redemption: { catalog: [{ id: 'cup', points: 100 }] } });
    const earned = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01', '10:00')) }));
    const lot = earned.state.lots[0];
    expect(lot?.activeAt).toBe(local(zone, '2025-01-15', '10:00'));
    expect(lot?.expiresAt).toBe(local(zone, '2025-02-15') - 1);
    expect(balanceAt(earned.state, local(zone, '2025-01-10'))).toMatchObject({ available: 0, pending: 200 });
    rejected(redeemPoints(earned.state, p, { key: 'r1', at: local(zone, '2025-01-15', '09:59'), itemId: 'cup' }), 'insufficient_points');
    const tick = tickPoints(earned.state, local(zone, '2025-01-15', '10:00'));
    expect(tick.entries.map((e) => [e.kind, e.points, e.at])).toEqual([['activate', 200, local(zone, '2025-01-15', '10:00')]]);
    expect(ok(redeemPoints(tick.state, p, { key: 'r2', at: local(zone, '2025-01-15', '10:00'), itemId: 'cup' })).outcome).toMatchObject({ points: 100 });
    expect(balanceAt(tick.state, local(zone, '2025-02-14', '23:59'))).toMatchObject({ available: 200, expired: 0 });
    expect(balanceAt(tick.state, local(zone, '2025-02-15'))).toMatchObject({ available: 0, expired: 200 });
  });

  it('rolling 365 days: redeem from the first lot, 70 expire at 2025-01-10 00:00 local, balance 50', () => {
    const p = program({ rules: [perPoint], expiry: { kind: 'rolling', duration: { amount: 365, unit: 'day' } }, redemption: { catalog: [{ id: 'ten', points: 10 }] } });
    const a = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2024-01-10', '12:00'), { amount: 100 }) }));
    const b = ok(earnPoints(a.state, p, { event: ev('o2', 'purchase', local(zone, '2024-03-01', '12:00'), { amount: 50 }) }));
    const r = ok(redeemPoints(b.state, p, { key: 'r1', at: local(zone, '2024-06-01', '12:00'), itemId: 'ten', quantity: 3 }));
    expect(r.entries.map((e) => e.lots)).toEqual([[{ lotId: 'L1', points: -30 }]]);
    const before = tickPoints(r.state, local(zone, '2025-01-10') - 1);
    expect(before.expired).toBe(0);
    const at = tickPoints(before.state, local(zone, '2025-01-10'));
    expect(at.entries.map((e) => [e.kind, e.points, e.at])).toEqual([['expire', 70, local(zone, '2025-01-10')]]);
    expect(balanceAt(at.state, local(zone, '2025-01-10'))).toMatchObject({ available: 50, expired: 70, redeemed: 30, earned: 150 });
  });

  it('annual clearing: earn 100 (2020-05-01) and 50 (2021-03-01), redeem 60 → 40 expire at the end of 2021-12-31, balance 50', () => {
    const p = program({ rules: [perPoint], expiry: { kind: 'annualClearing' }, redemption: { catalog: [{ id: 'sixty', points: 60 }] } });
    const a = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2020-05-01', '12:00'), { amount: 100 }) }));
    const b = ok(earnPoints(a.state, p, { event: ev('o2', 'purchase', local(zone, '2021-03-01', '12:00'), { amount: 50 }) }));
    const r = ok(redeemPoints(b.state, p, { key: 'r1', at: local(zone, '2021-06-01', '12:00'), itemId: 'sixty' }));
    expect(r.entries[0]?.lots).toEqual([{ lotId: 'L1', points: -60 }]);
    expect(forecastExpiry(r.state, local(zone, '2021-06-01', '12:00'), { amount: 1, unit: 'year' })).toEqual([
      { expiresAt: local(zone, '2022-01-01') - 1, date: '2021-12-31', points: 40, pending: 0 },
    ]);
    expect(forecastExpiry(r.state, local(zone, '2021-06-01', '12:00'), { amount: 2, unit: 'year' }).map((f) => [f.date, f.points])).toEqual([
      ['2021-12-31', 40],
      ['2022-12-31', 50],
    ]);
    expect(balanceAt(r.state, local(zone, '2021-12-31', '23:59')).available).toBe(90);
    const t = tickPoints(r.state, local(zone, '2022-01-01'));
    expect(t.entries.map((e) => [e.kind, e.points])).toEqual([['expire', 40]]);
    expect(balanceAt(t.state, local(zone, '2022-01-01')).available).toBe(50);
  });

  it('points + cash: 1 point = 1 fen, max 50 %, goods ¥80 + shipping ¥10, 10,000 points → 4,000 points and ¥50 cash', () => {
    const p = program({ rules: [], redemption: { pointsCash: { points: 1, minorUnits: 1, maxSharePercent: 50 } } });
    const funded = ok(adjustPoints(empty(), p, { key: 'a1', at: local(zone, '2025-05-01'), points: 10_000 }));
    const paid = ok(redeemPointsWithCash(funded.state, p, { key: 'pay1', at: local(zone, '2025-05-02'), orderId: 'o1', goods: 8_000, shipping: 1_000 }));
    expect(paid.outcome).toEqual({ kind: 'pointsCash', orderId: 'o1', points: 4_000, discount: 4_000, cash: 5_000 });
    expect(balanceAt(paid.state, local(zone, '2025-05-02')).available).toBe(6_000);
  });

  it('refunds: ¥40 earned 70; refund ¥20 → 35; the other ¥20 → 35; beyond the order → rejected', () => {
    const p = program({ rules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 175, per: 10_000 } }] });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-05-01'), { amount: 4_000 }) }));
    expect(e.outcome).toMatchObject({ awarded: 70 });
    const r1 = ok(refundPoints(e.state, p, { key: 'rf1', at: local(zone, '2025-05-02'), sourceId: 'o1', amount: 2_000 }));
    expect(r1.outcome).toEqual({ kind: 'refund', sourceId: 'o1', due: 35, revoked: 35, shortfall: 0 });
    const r2 = ok(refundPoints(r1.state, p, { key: 'rf2', at: local(zone, '2025-05-03'), sourceId: 'o1', amount: 2_000 }));
    expect(r2.outcome).toMatchObject({ due: 35, revoked: 35 });
    rejected(refundPoints(r2.state, p, { key: 'rf3', at: local(zone, '2025-05-04'), sourceId: 'o1', amount: 1 }), 'refund_exceeds_order');
    expect(balanceAt(r2.state, local(zone, '2025-05-04'))).toMatchObject({ available: 0, earned: 70, revoked: 70 });
  });

  describe('100 earned, activated, 80 spent, full refund', () => {
    const setup = (refundPolicy: 'pendingOnly' | 'withinBalance' | 'allowNegative') => {
      const p = program({ rules: [buy(100)], refundPolicy, lock: { kind: 'duration', duration: { amount: 7, unit: 'day' } }, redemption: { catalog: [{ id: 'gift', points: 80 }] } });
      const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-05-01'), { amount: 10_000 }) }));
      const r = ok(redeemPoints(e.state, p, { key: 'r1', at: local(zone, '2025-05-09'), itemId: 'gift' }));
      const f = refundPoints(r.state, p, { key: 'rf1', at: local(zone, '2025-05-10'), sourceId: 'o1', amount: 10_000 });
      return { p, f: ok(f) };
    };
    it('withinBalance revokes 20 (balance 0)', () => {
      const { f } = setup('withinBalance');
      expect(f.outcome).toEqual({ kind: 'refund', sourceId: 'o1', due: 100, revoked: 20, shortfall: 80 });
      expect(balanceAt(f.state, local(zone, '2025-05-10')).available).toBe(0);
    });
    it('allowNegative gives −80, paid back by later points', () => {
      const { p, f } = setup('allowNegative');
      expect(f.outcome).toMatchObject({ due: 100, revoked: 100, shortfall: 0 });
      expect(balanceAt(f.state, local(zone, '2025-05-10'))).toMatchObject({ available: -80, revoked: 100, redeemed: 80, earned: 100 });
      const later = ok(earnPoints(f.state, p, { event: ev('o2', 'purchase', local(zone, '2025-05-11'), { amount: 1 }) }));
      expect(balanceAt(later.state, local(zone, '2025-05-17')).available).toBe(-80);
      const active = tickPoints(later.state, local(zone, '2025-05-18'));
      expect(active.entries.map((e) => [e.kind, e.points])).toEqual([['activate', 100], ['settle', 80]]);
      expect(balanceAt(active.state, local(zone, '2025-05-18')).available).toBe(20);
    });
    it('pendingOnly revokes nothing', () => {
      const { f } = setup('pendingOnly');
      expect(f.outcome).toMatchObject({ due: 100, revoked: 0, shortfall: 100 });
      expect(f.entries).toEqual([]);
      expect(balanceAt(f.state, local(zone, '2025-05-10')).available).toBe(20);
    });
  });

  it('pendingOnly revokes the pending points of the refunded order', () => {
    const p = program({ rules: [buy(100)], refundPolicy: 'pendingOnly', lock: { kind: 'duration', duration: { amount: 7, unit: 'day' } } });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-05-01'), { amount: 10_000 }) }));
    const f = ok(refundPoints(e.state, p, { key: 'rf1', at: local(zone, '2025-05-02'), sourceId: 'o1', amount: 5_000 }));
    expect(f.outcome).toMatchObject({ due: 50, revoked: 50 });
    expect(balanceAt(f.state, local(zone, '2025-05-20'))).toMatchObject({ available: 50, pending: 0, revoked: 50 });
  });

  it('a re-delivered order earns once and returns the first outcome', () => {
    const p = program({ rules: [perPoint] });
    const event = ev('o1', 'purchase', local(zone, '2025-05-01', '10:00'), { amount: 500 });
    const first = ok(earnPoints(empty(), p, { event }));
    const again = ok(earnPoints(first.state, p, { event }));
    expect(again.replayed).toBe(true);
    expect(again.state).toBe(first.state);
    expect(again.outcome).toEqual(first.outcome);
    expect(again.entries).toEqual(first.entries);
  });
});
