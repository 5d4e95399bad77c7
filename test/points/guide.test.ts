/** The worked example of docs/points.md, with its stated numbers. */
import { balanceAt, createPointsState, earnPoints, forecastExpiry, parsePointsProgram, redeemPoints, tickPoints } from 'siyu/points';
import { expect, it } from 'vitest';
import { ok } from './helpers.js';

it('docs/points.md worked example', () => {
  const program = parsePointsProgram({
    timeZone: 'Asia/Shanghai',
    rules: [
      { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
      { kind: 'checkIn', id: 'daily', cycle: [1, 2, 3, 4, 5, 6, 10] },
    ],
    multipliers: [{ id: 'gold', kind: 'tier', tiers: ['gold'], percent: 200 }],
    caps: { transaction: 50_000, periods: [{ period: 'month', limit: 20_000 }] },
    lock: { kind: 'duration', duration: { amount: 14, unit: 'day' } },
    expiry: { kind: 'annualClearing' },
    redemption: { catalog: [{ id: 'mug', points: 300 }] },
  });
  let state = createPointsState('member-42', program.timeZone);
  const earned = ok(earnPoints(state, program, { event: { id: 'order-1001', userId: 'member-42', type: 'purchase', at: Date.parse('2025-03-01T10:00:00+08:00'), amount: 25_900 }, member: { tier: 'gold' } }));
  expect(earned.outcome).toMatchObject({ awarded: 518 });
  expect(earned.state.lots[0]?.activeAt).toBe(Date.parse('2025-03-15T10:00:00+08:00'));
  state = earned.state;
  const redeemed = ok(redeemPoints(state, program, { key: 'redeem-7', at: Date.parse('2025-03-20T09:00:00+08:00'), itemId: 'mug' }));
  expect(redeemed.entries.map((e) => e.kind)).toEqual(['activate', 'redeem']);
  state = redeemed.state;
  expect(balanceAt(state, Date.parse('2025-03-20T09:00:00+08:00'))).toMatchObject({ available: 218, pending: 0, redeemed: 300 });
  expect(forecastExpiry(state, Date.parse('2025-03-20T09:00:00+08:00'), { amount: 2, unit: 'year' }).map((f) => [f.date, f.points])).toEqual([['2026-12-31', 218]]);
  state = tickPoints(state, Date.parse('2027-01-01T00:00:00+08:00')).state;
  expect(balanceAt(state, Date.parse('2027-01-01T00:00:00+08:00'))).toMatchObject({ available: 0, expired: 218 });
});
