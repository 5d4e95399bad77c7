import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventTable, type ActivityEvent } from 'siyu/core';
import {
  computeGroupHealth,
  computeLifecycleCounts,
  computeOrderMetrics,
  computeRetention,
  computeStickiness,
  createGroupHealthAggregate,
  createLifecycleCountsAggregate,
  createOrderMetricsAggregate,
  createRetentionAggregate,
  createStickinessAggregate,
  type MergeableAggregate,
} from 'siyu/funnel';

const START = Date.parse('2026-10-25T00:00:00+08:00');
const HOUR = 3_600_000;

/** Up to 8 users over ~5 weeks, hours chosen so that many events sit near local midnight. */
const eventsArb = fc
  .array(
    fc.record({
      user: fc.integer({ min: 0, max: 7 }),
      type: fc.constantFrom('join_group', 'message', 'purchase', 'leave_group'),
      hour: fc.integer({ min: 0, max: 35 * 24 }),
      amount: fc.integer({ min: 0, max: 50_000 }),
    }),
    { maxLength: 60 },
  )
  .map((rows) =>
    rows.map((r, i): ActivityEvent => ({ id: `e${i}`, userId: `u${r.user}`, type: r.type, at: START + r.hour * HOUR, ...(r.type === 'purchase' ? { amount: r.amount } : {}) })),
  );
const periodArb = fc.constantFrom('day' as const, 'week' as const, 'month' as const);
const zoneArb = fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York');
const splitArb = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 });

function shardedEqualsWhole<S, R>(agg: MergeableAggregate<S, R>, events: readonly ActivityEvent[], shardOf: readonly number[], whole: R): void {
  const states = [0, 1, 2].map((s) => agg.add(agg.init(), events.filter((e) => shardOf[Number(e.userId.slice(1))] === s)));
  const [a, b, c] = states as [S, S, S];
  const merged = agg.merge(c, agg.merge(a, b));
  expect(agg.finish(JSON.parse(JSON.stringify(merged)) as S)).toEqual(whole);
}

describe('period analyses: shards, order, columnar', () => {
  it('retention: any split merges to the whole; order and input form do not matter; rates in [0, 1]', () => {
    fc.assert(
      fc.property(
        eventsArb,
        periodArb,
        zoneArb,
        fc.constantFrom('firstTime' as const, 'recurring' as const),
        fc.constantFrom('on' as const, 'onOrAfter' as const),
        splitArb,
        (events, period, timeZone, cohortBy, returnMode, shardOf) => {
          const def = { startEvent: { type: 'join_group' }, returnEvent: { type: 'message' }, period, timeZone, cohortBy, returnMode, range: { from: '2026-10-26', to: '2026-11-20' }, periods: 4 };
          const whole = computeRetention(def, events);
          shardedEqualsWhole(createRetentionAggregate(def), events, shardOf, whole);
          expect(computeRetention(def, [...events].reverse())).toEqual(whole);
          expect(computeRetention(def, buildEventTable(events))).toEqual(whole);
          for (const c of whole.cohorts) {
            expect(c.counts[0]).toBe(c.size);
            for (const r of c.rates) expect(r === null || (r >= 0 && r <= 1)).toBe(true);
            if (returnMode === 'onOrAfter') for (let k = 1; k < c.counts.length; k++) expect(c.counts[k] ?? 0).toBeLessThanOrEqual(c.counts[k - 1] ?? 0);
          }
          for (const r of whole.meanRates) expect(r >= 0 && r <= 1).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('lifecycle counts: shards, order, columnar; active users = new + returning + resurrecting', () => {
    fc.assert(
      fc.property(eventsArb, periodArb, zoneArb, splitArb, (events, period, timeZone, shardOf) => {
        const def = { activeEvent: { type: 'message' }, period, timeZone, range: { from: '2026-10-26', to: '2026-11-25' } };
        const whole = computeLifecycleCounts(def, events);
        shardedEqualsWhole(createLifecycleCountsAggregate(def), events, shardOf, whole);
        expect(computeLifecycleCounts(def, [...events].reverse())).toEqual(whole);
        expect(computeLifecycleCounts(def, buildEventTable(events))).toEqual(whole);
        const stick = computeStickiness(def, events);
        const activeByPeriod = whole.rows.map((r) => r.new + r.returning + r.resurrecting);
        // Σ over periods of active users = Σ over users of active periods.
        expect(activeByPeriod.reduce((s, x) => s + x, 0)).toBe(stick.rows.reduce((s, r) => s + r.periods * r.exactly, 0));
        for (let i = 1; i < whole.rows.length; i++) {
          const prevActive = activeByPeriod[i - 1] ?? 0;
          const row = whole.rows[i];
          // Everyone active last period is either returning or dormant now.
          expect((row?.returning ?? 0) - (row?.dormant ?? 0)).toBe(prevActive);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('stickiness and order metrics: shards and input forms', () => {
    fc.assert(
      fc.property(eventsArb, periodArb, zoneArb, splitArb, (events, period, timeZone, shardOf) => {
        const def = { activeEvent: { type: 'message' }, period, timeZone, range: { from: '2026-10-26', to: '2026-11-25' } };
        const whole = computeStickiness(def, events);
        shardedEqualsWhole(createStickinessAggregate(def), events, shardOf, whole);
        expect(computeStickiness(def, buildEventTable(events))).toEqual(whole);
        for (let n = 1; n < whole.rows.length; n++) expect(whole.rows[n]?.atLeast ?? 0).toBeLessThanOrEqual(whole.rows[n - 1]?.atLeast ?? 0);
        const od = { orderEvent: { type: 'purchase' } };
        const orders = computeOrderMetrics(od, events);
        shardedEqualsWhole(createOrderMetricsAggregate(od), events, shardOf, orders);
        expect(orders.repurchaseRate).toBeGreaterThanOrEqual(0);
        expect(orders.repurchaseRate).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('group health: shards, order, columnar; active and left never exceed members', () => {
    fc.assert(
      fc.property(eventsArb, periodArb, zoneArb, splitArb, (events, period, timeZone, shardOf) => {
        const def = { joinEvent: { type: 'join_group' }, leaveEvent: { type: 'leave_group' }, activeEvent: { type: 'message' }, period, timeZone, range: { from: '2026-10-26', to: '2026-11-25' } };
        const whole = computeGroupHealth(def, events);
        shardedEqualsWhole(createGroupHealthAggregate(def), events, shardOf, whole);
        expect(computeGroupHealth(def, [...events].reverse())).toEqual(whole);
        expect(computeGroupHealth(def, buildEventTable(events))).toEqual(whole);
        for (const r of whole.rows) {
          expect(r.active).toBeLessThanOrEqual(r.members);
          expect(r.left).toBeLessThanOrEqual(r.members);
          expect(r.joined).toBeLessThanOrEqual(r.members);
        }
      }),
      { numRuns: 100 },
    );
  });
});
