import { describe, expect, it } from 'vitest';
import { buildEventTable, toInstant, type ActivityEvent } from 'siyu/core';
import { BUILT_IN_SEGMENT_METRICS, computeSegmentMetricColumns, computeSegmentMetrics, type SegmentMetricDefinition } from 'siyu/segments';

const at = (iso: string): number => toInstant(iso);
const asOf = at('2026-11-25T12:00:00+08:00');
let n = 0;
const ev = (userId: string, type: string, iso: string, extra: Partial<ActivityEvent> = {}): ActivityEvent => ({ id: `e${++n}`, userId, type, at: at(iso), ...extra });

function metricsOf(defs: readonly SegmentMetricDefinition[], events: readonly ActivityEvent[], options: Record<string, unknown> = {}) {
  return Object.fromEntries(computeSegmentMetrics(defs, events, { asOf, ...options }).map((u) => [u.userId, u.metrics]));
}

describe('windows (asOf − duration, asOf]', () => {
  const defs: SegmentMetricDefinition[] = [{ kind: 'count', name: 'c7', window: { amount: 7, unit: 'day' } }, { kind: 'count', name: 'ever' }];
  it('excludes the window start, includes asOf, ignores events after asOf', () => {
    const m = metricsOf(defs, [
      ev('u1', 'message', '2026-11-18T12:00:00+08:00'),
      ev('u1', 'message', '2026-11-18T12:00:00.001+08:00'),
      ev('u1', 'message', '2026-11-25T12:00:00+08:00'),
      ev('u1', 'message', '2026-11-25T12:00:00.001+08:00'),
    ]);
    expect(m.u1).toEqual({ c7: 2, ever: 3 });
  });
  it('a user whose events are all after asOf is never active as of asOf', () => {
    expect(metricsOf(defs, [ev('u9', 'message', '2026-12-01T00:00:00+08:00')]).u9).toEqual({ c7: 0, ever: 0 });
  });
  it('month windows are calendar months in the zone (clamped)', () => {
    const monthAsOf = at('2026-03-31T12:00:00+08:00');
    const cols = computeSegmentMetricColumns(
      [{ kind: 'count', name: 'm1', window: { amount: 1, unit: 'month' } }],
      [ev('u1', 'x', '2026-02-28T12:00:00+08:00'), ev('u1', 'x', '2026-02-28T12:00:01+08:00')],
      { asOf: monthAsOf },
    );
    expect(Array.from(cols.columns.m1 ?? [])).toEqual([1]);
  });
});

describe('local days', () => {
  const defs: SegmentMetricDefinition[] = [
    { kind: 'activeDays', name: 'days7', window: { amount: 7, unit: 'day' } },
    { kind: 'daysSinceLast', name: 'since' },
  ];
  const events = [ev('u1', 'message', '2026-11-24T23:30:00+08:00'), ev('u1', 'message', '2026-11-25T00:30:00+08:00'), ev('u1', 'message', '2026-11-25T01:30:00+08:00')];
  it('counts distinct local days of the program zone', () => {
    expect(metricsOf(defs, events).u1).toEqual({ days7: 2, since: 0 });
    expect(metricsOf(defs, events, { timeZone: 'UTC' }).u1).toEqual({ days7: 1, since: 1 });
  });
  it('counts days in New York across the DST change', () => {
    const ny = [ev('u1', 'x', '2026-11-01T00:30:00-04:00'), ev('u1', 'x', '2026-11-01T01:30:00-04:00'), ev('u1', 'x', '2026-11-01T01:30:00-05:00'), ev('u1', 'x', '2026-11-02T00:10:00-05:00')];
    const cols = computeSegmentMetricColumns(defs, ny, { asOf: at('2026-11-03T12:00:00-05:00'), timeZone: 'America/New_York' });
    expect([cols.columns.days7?.[0], cols.columns.since?.[0]]).toEqual([2, 1]);
  });
});

describe('every metric kind', () => {
  const defs: SegmentMetricDefinition[] = [
    { kind: 'sum', name: 'spend', type: 'purchase' },
    { kind: 'avg', name: 'aov', type: 'purchase' },
    { kind: 'avg', name: 'aovFloor', type: 'purchase', rounding: 'floor' },
    { kind: 'firstSeen', name: 'first' },
    { kind: 'lastSeen', name: 'last' },
    { kind: 'lastSeen', name: 'lastPurchase', type: ['purchase', 'refund'] },
    { kind: 'orderCount', name: 'orders' },
    { kind: 'orderCount', name: 'distinctOrders', orderIdField: 'props.orderId' },
    { kind: 'count', name: 'bigOrders', type: 'purchase', where: { field: 'amount', op: 'gte', value: 10_000 } },
    { kind: 'count', name: 'douyin', where: { field: 'props.channel', op: 'eq', value: 'douyin' } },
  ];
  const events = [
    ev('u1', 'add_friend', '2026-11-01T10:00:00+08:00', { props: { channel: 'douyin' } }),
    ev('u1', 'purchase', '2026-11-10T10:00:00+08:00', { amount: 10_001, props: { orderId: 'o1' } }),
    ev('u1', 'purchase', '2026-11-10T10:00:01+08:00', { amount: 2_000, props: { orderId: 'o1' } }),
    ev('u1', 'purchase', '2026-11-12T10:00:00+08:00', { amount: 3_000 }),
    ev('u1', 'message', '2026-11-20T10:00:00+08:00'),
  ];
  it('computes sums, half-up averages, first/last seen, orders and conditions', () => {
    expect(metricsOf(defs, events, { users: ['u2'] })).toEqual({
      u1: {
        spend: 15_001,
        aov: 5_000, // 15001 / 3 = 5000.33 → 5000
        aovFloor: 5_000,
        first: at('2026-11-01T10:00:00+08:00'),
        last: at('2026-11-20T10:00:00+08:00'),
        lastPurchase: at('2026-11-12T10:00:00+08:00'),
        orders: 3,
        distinctOrders: 2,
        bigOrders: 1,
        douyin: 1,
      },
      u2: { spend: 0, aov: null, aovFloor: null, first: null, last: null, lastPurchase: null, orders: 0, distinctOrders: 0, bigOrders: 0, douyin: 0 },
    });
  });
  it('rounds averages half-up by default', () => {
    const m = metricsOf([{ kind: 'avg', name: 'a', type: 'purchase' }], [ev('u1', 'purchase', '2026-11-20T10:00:00+08:00', { amount: 1 }), ev('u1', 'purchase', '2026-11-20T10:00:00+08:00', { amount: 2 })]);
    expect(m.u1).toEqual({ a: 2 });
  });
  it('gives the same answer from events and from a table', () => {
    const table = buildEventTable([...events].reverse(), { keepProps: true });
    expect(computeSegmentMetrics(defs, table, { asOf })).toEqual(computeSegmentMetrics(defs, events, { asOf }));
  });
  it('refuses conditions on props when the table has none', () => {
    const table = buildEventTable(events);
    expect(() => computeSegmentMetrics(defs, table, { asOf })).toThrow('siyu: metrics[7].orderIdField');
    expect(() => computeSegmentMetrics([defs[9] as SegmentMetricDefinition], table, { asOf })).toThrow('siyu: metrics[0].where: reads props.*');
    expect(() => computeSegmentMetrics([defs[7] as SegmentMetricDefinition], table, { asOf })).toThrow('siyu: metrics[0].orderIdField: needs event props');
  });
  it('refuses unknown fields in where conditions and tables out of time order', () => {
    expect(() => computeSegmentMetrics([{ kind: 'count', name: 'x', where: { field: 'amt', op: 'gt', value: 1 } }], events, { asOf })).toThrow('siyu: metrics[0].where.field: unknown field "amt"');
    const table = buildEventTable(events);
    const broken = { ...table, at: Float64Array.from(table.at).reverse() };
    expect(() => computeSegmentMetrics(defs.slice(0, 2), broken, { asOf })).toThrow('rows must be in time order');
    expect(() => computeSegmentMetrics(defs.slice(0, 2), events, { asOf, users: [''] })).toThrow('siyu: users: user ids must be non-empty strings');
  });
});

describe('quantile bins', () => {
  it('gives deciles with upper-inclusive bins; among positive ignores zeros', () => {
    const events = Array.from({ length: 10 }, (_, i) => ev(`u${i}`, 'purchase', '2026-11-20T10:00:00+08:00', { amount: (i + 1) * 100 }));
    const cols = computeSegmentMetricColumns(
      [
        { kind: 'sum', name: 'spend', type: 'purchase' },
        { kind: 'quantileBin', name: 'decile', of: 'spend', bins: 10 },
        { kind: 'quantileBin', name: 'decilePos', of: 'spend', bins: 10, among: 'positive' },
      ],
      events,
      { asOf, users: ['zero'] },
    );
    // 11 users: 0, 100 … 1000. All: q(0.9) = 900 → only 1000 is in bin 10.
    expect(Array.from(cols.columns.decile ?? [])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1]);
    expect(cols.userIds).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'zero']);
    const pos = Array.from(cols.columns.decilePos ?? []);
    expect(pos[10]).toBeNaN();
    expect(pos[9]).toBe(10);
    expect(pos[8]).toBe(9);
    expect(cols.cutPoints.decile?.[8]).toBe(900);
  });
});

describe('built-in metrics', () => {
  it('computes every built-in metric for an active buyer and a never-active user', () => {
    const events = [ev('u1', 'purchase', '2026-11-24T10:00:00+08:00', { amount: 9_900 }), ev('u1', 'message', '2026-10-01T10:00:00+08:00')];
    const m = metricsOf(BUILT_IN_SEGMENT_METRICS, events, { users: ['u2'] });
    expect(m.u1).toEqual({
      eventsIn7Days: 1,
      eventsIn30Days: 1,
      eventsEver: 2,
      activeDaysIn7Days: 1,
      activeDaysIn30Days: 1,
      spendIn30Days: 9_900,
      avgOrderValueIn30Days: 9_900,
      ordersIn30Days: 1,
      ordersEver: 1,
      firstSeenAt: at('2026-10-01T10:00:00+08:00'),
      lastSeenAt: at('2026-11-24T10:00:00+08:00'),
      daysSinceLastEvent: 1,
      daysSinceLastPurchase: 1,
      spendIn30DaysDecile: 1,
    });
    expect(m.u2?.eventsEver).toBe(0);
    expect(m.u2?.daysSinceLastEvent).toBeNull();
    expect(m.u2?.spendIn30DaysDecile).toBeNull();
  });
});
