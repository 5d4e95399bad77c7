/** Issue 3 sentences not covered by the acceptance examples, called the way the issue writes them. */
import {
  balanceAt,
  compareLotsForBurn,
  computeLotExpiry,
  createPointsState,
  earnPoints,
  forecastExpiry,
  parsePointsProgram,
  redeemPoints,
  tickPoints,
  type PointsLot,
  type PointsState,
} from 'siyu/points';
import { describe, expect, it } from 'vitest';
import { ZONES, ev, local, ok, rejected } from './helpers.js';

describe.each(ZONES)('issue 3 wording in %s', (zone) => {
  const empty = (): PointsState => createPointsState('u1', zone);

  it('tickPoints(state, program, asOf) runs activation then expiry and returns the entries it made', () => {
    const p = parsePointsProgram({
      timeZone: zone,
      rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 200 } }],
      lock: { kind: 'duration', duration: { amount: 14, unit: 'day' } },
      expiry: { kind: 'rolling', duration: { amount: 30, unit: 'day' } },
    });
    const earned = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-01-01', '10:00')) }));
    // One tick across both the activation (Jan 15 10:00) and the expiry (end of Feb 14).
    const t = tickPoints(earned.state, p, local(zone, '2025-02-15'));
    expect(t.entries.map((e) => [e.kind, e.points, e.at])).toEqual([
      ['activate', 200, local(zone, '2025-01-15', '10:00')],
      ['expire', 200, local(zone, '2025-02-15')],
    ]);
    expect([t.activated, t.expired]).toEqual([200, 200]);
    // The same as the two-argument form, and a replayed tick is a no-op.
    expect(t).toEqual(tickPoints(earned.state, local(zone, '2025-02-15')));
    expect(tickPoints(t.state, p, local(zone, '2025-02-15')).state).toBe(t.state);
    // A program in another zone than the ledger is a programmer error.
    const other = parsePointsProgram({ timeZone: 'UTC', rules: [] });
    expect(() => tickPoints(earned.state, other, local(zone, '2025-02-15'))).toThrow('siyu: program.timeZone');
  });

  it('forecastExpiry answers "300 points expire on 2025-12-31"', () => {
    const p = parsePointsProgram({ timeZone: zone, expiry: { kind: 'annualClearing' }, rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 300 } }] });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2024-05-01', '12:00')) }));
    expect(forecastExpiry(e.state, local(zone, '2025-06-01'), { amount: 1, unit: 'year' })).toEqual([
      { expiresAt: local(zone, '2026-01-01') - 1, date: '2025-12-31', points: 300, pending: 0 },
    ]);
    // Outside the horizon: nothing.
    expect(forecastExpiry(e.state, local(zone, '2025-06-01'), { amount: 1, unit: 'month' })).toEqual([]);
  });

  it('"1 point per ¥1": points per N minor units, floor by default', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }] });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-03-01'), { amount: 12_399 }) }));
    expect(e.outcome).toMatchObject({ desired: 123, awarded: 123 });
  });

  it('commands at an instant earlier than the last processed one are rejected with a typed reason', () => {
    const p = parsePointsProgram({ timeZone: zone, rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 50 } }], redemption: { catalog: [{ id: 'pen', points: 10 }] } });
    const e = ok(earnPoints(empty(), p, { event: ev('o1', 'purchase', local(zone, '2025-03-02')) }));
    const r = redeemPoints(e.state, p, { key: 'r1', at: local(zone, '2025-03-01'), itemId: 'pen' });
    rejected(r, 'out_of_order');
    // Ticking forward moves the clock too.
    const t = tickPoints(e.state, p, local(zone, '2025-03-05'));
    rejected(earnPoints(t.state, p, { event: ev('o2', 'purchase', local(zone, '2025-03-04')) }), 'out_of_order');
    expect(balanceAt(t.state, local(zone, '2025-03-05')).available).toBe(50);
  });

  it('burn order: soonest expiry first, ties by earn time, never-expiring lots last', () => {
    const lot = (id: string, earnedAt: number, expiresAt: number | null): PointsLot => ({ id, amount: 10, remaining: 10, earnedAt, activeAt: earnedAt, expiresAt, source: { ruleId: 'r', sourceId: id } });
    const lots = [lot('never', 0, null), lot('late', 1, 500), lot('tieB', 3, 200), lot('tieA', 2, 200)];
    expect([...lots].sort(compareLotsForBurn).map((l) => l.id)).toEqual(['tieA', 'tieB', 'late', 'never']);
  });

  it('end of the period N periods after activation (month / quarter / year)', () => {
    const at = local(zone, '2025-02-10', '15:00');
    expect(computeLotExpiry({ kind: 'endOfPeriod', unit: 'month', periods: 2 }, at, zone)).toBe(local(zone, '2025-05-01') - 1);
    expect(computeLotExpiry({ kind: 'endOfPeriod', unit: 'quarter', periods: 1 }, at, zone)).toBe(local(zone, '2025-07-01') - 1);
    expect(computeLotExpiry({ kind: 'endOfPeriod', unit: 'year', periods: 0 }, at, zone)).toBe(local(zone, '2026-01-01') - 1);
    expect(computeLotExpiry({ kind: 'never' }, at, zone)).toBeNull();
  });
});
