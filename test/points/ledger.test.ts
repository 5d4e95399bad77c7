/** The transition function: rejections, idempotency, manual activation, time, programmer errors. */
import {
  activatePoints,
  adjustPoints,
  applyPointsCommand,
  balanceAt,
  createPointsState,
  earnPoints,
  forecastExpiry,
  parsePointsProgram,
  redeemPoints,
  redeemPointsWithCash,
  refundPoints,
  tickPoints,
  type PointsCommand,
  type PointsState,
} from 'siyu/points';
import { describe, expect, it } from 'vitest';
import { ZONES, ev, local, ok, rejected } from './helpers.js';

describe.each(ZONES)('ledger in %s', (zone) => {
  const empty = (): PointsState => createPointsState('u1', zone);
  const base = {
    timeZone: zone,
    rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed' as const, amount: 100 } }],
    redemption: { catalog: [{ id: 'mug', points: 60 }] },
  };

  it('manual lock: pending until activated; the expiry clock starts at activation', () => {
    const p = parsePointsProgram({ ...base, lock: { kind: 'manual' }, expiry: { kind: 'endOfPeriod', unit: 'month', periods: 1 } });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-20'), { amount: 5_000 }) }));
    expect(e.state.lots[0]).toMatchObject({ activeAt: null, expiresAt: null });
    expect(forecastExpiry(e.state, local(zone, '2025-01-20'), { amount: 10, unit: 'year' })).toEqual([]);
    expect(tickPoints(e.state, local(zone, '2026-01-01')).activated).toBe(0);
    rejected(redeemPoints(e.state, p, { key: 'r0', at: local(zone, '2025-02-01'), itemId: 'mug' }), 'insufficient_points');
    const a = ok(activatePoints(e.state, p, { key: 'ship-o1', at: local(zone, '2025-03-10', '08:00'), sourceId: 'o1' }));
    expect(a.state.lots[0]).toMatchObject({ activeAt: local(zone, '2025-03-10', '08:00'), expiresAt: local(zone, '2025-05-01') - 1 });
    expect(a.entries.map((x) => [x.kind, x.points, x.key])).toEqual([['activate', 100, 'ship-o1']]);
    rejected(activatePoints(a.state, p, { key: 'ship-again', at: local(zone, '2025-03-11'), sourceId: 'o1' }), 'nothing_pending');
    expect(balanceAt(a.state, local(zone, '2025-04-30', '23:59')).available).toBe(100);
    expect(balanceAt(a.state, local(zone, '2025-05-01')).expired).toBe(100);
  });

  it('an early activation of a duration lock restarts nothing twice', () => {
    const p = parsePointsProgram({ ...base, lock: { kind: 'duration', duration: { amount: 14, unit: 'day' } } });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01')) }));
    const a = ok(activatePoints(e.state, p, { key: 'early', at: local(zone, '2025-01-02'), sourceId: 'o1' }));
    const t = tickPoints(a.state, local(zone, '2025-02-01'));
    expect(t.entries).toEqual([]);
    expect(balanceAt(t.state, local(zone, '2025-02-01')).available).toBe(100);
  });

  it('rejections are typed and change nothing', () => {
    const p = parsePointsProgram(base);
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01'), { amount: 5_000 }) }));
    const at = local(zone, '2025-01-02');
    rejected(redeemPoints(e.state, p, { key: 'r1', at, itemId: 'nope' }), 'unknown_item');
    rejected(redeemPoints(e.state, p, { key: 'r1', at, itemId: 'mug', quantity: 2 }), 'insufficient_points');
    rejected(redeemPointsWithCash(e.state, p, { key: 'p1', at, orderId: 'x', goods: 100, shipping: 0 }), 'points_cash_not_offered');
    rejected(refundPoints(e.state, p, { key: 'f1', at, sourceId: 'zzz', amount: 1 }), 'unknown_source');
    rejected(activatePoints(e.state, p, { key: 'a1', at, sourceId: 'o1' }), 'nothing_pending');
    rejected(adjustPoints(e.state, p, { key: 'j1', at, points: -101 }), 'insufficient_points');
    rejected(earnPoints(e.state, p, { event: ev('o2', 'purchase', at, {}, 'u2') }), 'wrong_member');
    rejected(earnPoints(e.state, p, { event: ev('o0', 'purchase', local(zone, '2024-12-31')) }), 'out_of_order');
    rejected(adjustPoints(e.state, p, { key: 'o1', at, points: 5 }), 'key_reused');
    // A check-in without an amount is not refundable.
    const q = parsePointsProgram({ ...base, rules: [{ id: 'visit', eventType: 'visit', award: { kind: 'fixed', amount: 5 } }] });
    const v = ok(earnPoints(createPointsState('u1', zone), q, { event: ev('v1', 'visit', at) }));
    rejected(refundPoints(v.state, q, { key: 'f2', at, sourceId: 'v1', amount: 1 }), 'not_refundable');
    // Below the points + cash minimum.
    const c = parsePointsProgram({ ...base, redemption: { pointsCash: { points: 1, minorUnits: 1, maxSharePercent: 50, minOrder: 1_000 } } });
    rejected(redeemPointsWithCash(e.state, c, { key: 'p2', at, orderId: 'x', goods: 999, shipping: 0 }), 'below_minimum_order');
  });

  it('replays of every command kind return the first outcome', () => {
    const p = parsePointsProgram({ ...base, lock: { kind: 'manual' }, redemption: { catalog: [{ id: 'mug', points: 60 }], pointsCash: { points: 1, minorUnits: 1, maxSharePercent: 50 } } });
    const at = local(zone, '2025-01-01');
    const commands: PointsCommand[] = [
      { kind: 'earn', event: ev('o1', 'purchase', at, { amount: 1_000 }) },
      { kind: 'activate', key: 'a1', at, sourceId: 'o1' },
      { kind: 'adjust', key: 'j1', at, points: 500 },
      { kind: 'redeem', key: 'r1', at, itemId: 'mug' },
      { kind: 'pointsCash', key: 'p1', at, orderId: 'po1', goods: 100, shipping: 10, maxPoints: 20 },
      { kind: 'refund', key: 'f1', at, sourceId: 'o1', amount: 500 },
      { kind: 'adjust', key: 'j2', at, points: -10 },
    ];
    let state = empty();
    for (const command of commands) {
      const first = ok(applyPointsCommand(state, p, command));
      expect(first.replayed).toBe(false);
      const again = ok(applyPointsCommand(first.state, p, command));
      expect(again).toEqual({ ...first, replayed: true });
      expect(again.state).toBe(first.state);
      state = first.state;
    }
    expect(balanceAt(state, at)).toMatchObject({ available: 500 + 100 - 60 - 20 - 50 - 10, earned: 600, redeemed: 80, revoked: 50, adjusted: 10 });
    // A replay is answered even after the clock moved on.
    const later = ok(applyPointsCommand(state, p, { kind: 'adjust', key: 'j3', at: local(zone, '2025-06-01'), points: 1 }));
    expect(ok(applyPointsCommand(later.state, p, commands[0] as PointsCommand)).replayed).toBe(true);
  });

  it('balanceAt reads history from the log and projects the future from the lots', () => {
    const p = parsePointsProgram({ ...base, expiry: { kind: 'rolling', duration: { amount: 10, unit: 'day' } } });
    const a = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01')) }));
    const b = ok(redeemPoints(a.state, p, { key: 'r1', at: local(zone, '2025-01-05'), itemId: 'mug' }));
    const c = ok(earnPoints(b.state, p, { event: ev('o2', 'purchase', local(zone, '2025-01-20')) }));
    expect(balanceAt(c.state, local(zone, '2024-12-31'))).toMatchObject({ available: 0, earned: 0 });
    expect(balanceAt(c.state, local(zone, '2025-01-03'))).toMatchObject({ available: 100, redeemed: 0 });
    expect(balanceAt(c.state, local(zone, '2025-01-12'))).toMatchObject({ available: 0, redeemed: 60, expired: 40 });
    expect(balanceAt(c.state, local(zone, '2025-02-01'))).toMatchObject({ available: 0, earned: 200, expired: 140 });
    expect(() => balanceAt(c.state, Number.NaN)).toThrow('siyu: asOf:');
  });

  it('never changes the caller state', () => {
    const p = parsePointsProgram({ ...base, refundPolicy: 'allowNegative' });
    const a = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01'), { amount: 1_000 }) }));
    const frozen = JSON.stringify(a.state);
    const r = ok(redeemPoints(a.state, p, { key: 'r1', at: local(zone, '2025-01-02'), itemId: 'mug' }));
    ok(refundPoints(r.state, p, { key: 'f1', at: local(zone, '2025-01-03'), sourceId: 'o1', amount: 1_000 }));
    tickPoints(a.state, local(zone, '2030-01-01'));
    expect(JSON.stringify(a.state)).toBe(frozen);
  });

  it('throws SiyuError for malformed commands', () => {
    const p = parsePointsProgram(base);
    const s = empty();
    expect(() => applyPointsCommand(s, p, { kind: 'adjust', key: '', at: 0, points: 1 })).toThrow('siyu: key:');
    expect(() => applyPointsCommand(s, p, { kind: 'adjust', key: 'k', at: 1.5, points: 1 })).toThrow('siyu: at:');
    expect(() => applyPointsCommand(s, p, { kind: 'adjust', key: 'k', at: 0, points: 0 })).toThrow('siyu: points:');
    expect(() => applyPointsCommand(s, p, { kind: 'redeem', key: 'k', at: 0, itemId: 'mug', quantity: 0 })).toThrow('siyu: quantity:');
    expect(() => applyPointsCommand(s, p, { kind: 'refund', key: 'k', at: 0, sourceId: 'o', amount: -1 })).toThrow('siyu: amount:');
    expect(() => applyPointsCommand(s, p, { kind: 'pointsCash', key: 'k', at: 0, orderId: 'o', goods: 1, shipping: 0, maxPoints: -1 })).toThrow('siyu: maxPoints:');
    expect(() => applyPointsCommand(s, p, { kind: 'earn', event: { id: '', userId: 'u1', type: 'x', at: 0 } })).toThrow('siyu: event.id:');
    expect(() => applyPointsCommand(s, p, { kind: 'earn', event: { id: 'e', userId: 'u1', type: 'x', at: Number.NaN } })).toThrow('siyu: event.at:');
    expect(() => applyPointsCommand(s, p, { kind: 'earn', event: { id: 'e', userId: 'u1', type: 'x', at: 0, amount: 1.5 } })).toThrow('siyu: event.amount:');
    expect(() => applyPointsCommand(s, p, { kind: 'bogus', key: 'k', at: 0 } as unknown as PointsCommand)).toThrow('siyu: kind: unknown command kind');
    expect(() => applyPointsCommand(createPointsState('u1', 'UTC'), parsePointsProgram({ rules: [] }), { kind: 'adjust', key: 'k', at: 0, points: 1 })).toThrow('siyu: timeZone:');
    expect(() => tickPoints(s, Number.POSITIVE_INFINITY)).toThrow('siyu: asOf:');
    expect(() => createPointsState('u1', 'Mars/Olympus')).toThrow('siyu: timeZone:');
  });

  it('debt is paid back by a later credit, and settles in the log', () => {
    const p = parsePointsProgram({ ...base, refundPolicy: 'allowNegative' });
    const a = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01'), { amount: 1_000 }) }));
    const r = ok(redeemPoints(a.state, p, { key: 'r1', at: local(zone, '2025-01-02'), itemId: 'mug' }));
    const f = ok(refundPoints(r.state, p, { key: 'f1', at: local(zone, '2025-01-03'), sourceId: 'o1', amount: 1_000 }));
    expect(balanceAt(f.state, local(zone, '2025-01-03')).available).toBe(-60);
    rejected(redeemPoints(f.state, p, { key: 'r2', at: local(zone, '2025-01-03'), itemId: 'mug' }), 'insufficient_points');
    const j = ok(adjustPoints(f.state, p, { key: 'gift', at: local(zone, '2025-01-04'), points: 50 }));
    expect(balanceAt(j.state, local(zone, '2025-01-04')).available).toBe(-10);
    expect(j.entries.map((e) => [e.kind, e.points])).toEqual([['adjust', 50], ['settle', 50]]);
    const k = ok(earnPoints(j.state, p, { event: ev('o2', 'purchase', local(zone, '2025-01-05')) }));
    expect(balanceAt(k.state, local(zone, '2025-01-05')).available).toBe(90);
    expect(k.state.lots.filter((l) => l.remaining < 0)).toEqual([]);
  });
});
