import { describe, expect, it } from 'vitest';
import { buildEventTable, type ActivityEvent } from 'siyu/core';
import {
  computeActivityRate,
  computeArpu,
  computeAverageOrderValue,
  computeConversionRate,
  computeGroupChurnRate,
  computeGroupJoinRate,
  computeOrderMetrics,
  computeReferralKFactor,
  computeReferralTree,
  computeRepurchaseRate,
  createOrderMetricsAggregate,
  parseOrderMetricsDefinition,
} from 'siyu/funnel';

describe('rates', () => {
  it('group join rate: the seeds’ 70% benchmark and the +10 points of a manual follow-up', () => {
    expect(computeGroupJoinRate({ added: 1000, joined: 700 })).toBe(0.7);
    expect(computeGroupJoinRate({ added: 1000, joined: 800 })).toBe(0.8);
  });
  it('validates counts', () => {
    expect(() => computeGroupJoinRate({ added: -1, joined: 0 })).toThrow(/siyu: added: must be a non-negative integer/);
    expect(() => computeActivityRate({ members: 10, active: 1.5 })).toThrow(/siyu: active: /);
    expect(() => computeGroupChurnRate({ members: 10, left: Number.NaN })).toThrow(/siyu: left: /);
    expect(() => computeConversionRate({ entered: 1, converted: 2 })).toThrow(/siyu: converted: must not exceed entered/);
    expect(() => computeRepurchaseRate({ buyers: 1, repeatBuyers: 2 })).toThrow(/repeatBuyers/);
    expect(() => computeAverageOrderValue({ gmv: 1.5, orders: 1 })).toThrow(/siyu: gmv: /);
    expect(() => computeArpu({ gmv: 1.5, users: 1 })).toThrow(/siyu: gmv: /);
    expect(() => computeReferralKFactor({ users: 1, invitesSent: 1, invitesConverted: 2 })).toThrow(/invitesConverted/);
  });
  it('zero denominators', () => {
    expect(computeActivityRate({ members: 0, active: 0 })).toBe(0);
    expect(computeArpu({ gmv: 0, users: 0 })).toBeNull();
    expect(computeReferralKFactor({ users: 0, invitesSent: 0, invitesConverted: 0 })).toEqual({ invitesPerUser: 0, inviteConversion: 0, kFactor: 0 });
  });
  it('money rounds half up by default, as told otherwise', () => {
    expect(computeAverageOrderValue({ gmv: 5, orders: 2 })).toBe(3);
    expect(computeAverageOrderValue({ gmv: 5, orders: 2 }, 'halfEven')).toBe(2);
    expect(computeArpu({ gmv: 5, users: 2 }, 'floor')).toBe(2);
  });
});

describe('order metrics', () => {
  const events: ActivityEvent[] = [
    { id: 'o1', userId: 'u1', type: 'purchase', at: 10, amount: 12_800 },
    { id: 'o2', userId: 'u1', type: 'purchase', at: 20, amount: 5_900 },
    { id: 'o3', userId: 'u2', type: 'purchase', at: 30 },
    { id: 'o4', userId: 'u3', type: 'purchase', at: 200, amount: 100, props: { channel: 'douyin' } },
    { id: 'x', userId: 'u3', type: 'message', at: 40 },
  ];
  it('counts in a date range; orders without an amount add 0', () => {
    const r = computeOrderMetrics({ orderEvent: { type: 'purchase' }, dateRange: { from: 0, to: 100 } }, events);
    expect(r).toEqual({ orders: 3, buyers: 2, repeatBuyers: 1, gmv: 18_700, averageOrderValue: 6233, repurchaseRate: 0.5, revenuePerBuyer: 9350 });
  });
  it('conditions, table input, merge', () => {
    const def = { orderEvent: { type: 'purchase', where: { field: 'props.channel', op: 'eq' as const, value: 'douyin' } } };
    expect(computeOrderMetrics(def, events).gmv).toBe(100);
    expect(computeOrderMetrics(def, buildEventTable(events, { keepProps: true }))).toEqual(computeOrderMetrics(def, events));
    const agg = createOrderMetricsAggregate({ orderEvent: { type: 'purchase' } });
    const merged = agg.merge(agg.add(agg.init(), events.slice(0, 2)), agg.add(agg.init(), events.slice(2)));
    expect(agg.finish(merged)).toEqual(computeOrderMetrics({ orderEvent: { type: 'purchase' } }, events));
  });
  it('bad definitions', () => {
    expect(() => parseOrderMetricsDefinition({ orderEvent: { type: 'purchase' }, dateRange: { from: 5, to: 1 } })).toThrow(/^siyu: dateRange\.to: /);
    expect(() => parseOrderMetricsDefinition({ orderEvent: { type: 'purchase' }, dateRange: { from: 'soon', to: 1 } })).toThrow(/^siyu: dateRange\.from: /);
  });
});

describe('referral trees', () => {
  it('depth, size, first inviter wins, cycles and self-invites ignored', () => {
    const r = computeReferralTree([
      { inviterId: 'kol', inviteeId: 'a', at: 1 },
      { inviterId: 'kol', inviteeId: 'b', at: 2 },
      { inviterId: 'a', inviteeId: 'c', at: 3 },
      { inviterId: 'b', inviteeId: 'c', at: 4 }, // c already has an inviter
      { inviterId: 'c', inviteeId: 'kol', at: 5 }, // would close a cycle
      { inviterId: 'x', inviteeId: 'x', at: 6 }, // self
      { inviterId: 'c', inviteeId: 'd', at: 0.5 }, // order of the list does not matter
    ]);
    expect(r.inviters).toEqual([
      { userId: 'kol', direct: 2, size: 4, depth: 3 },
      { userId: 'a', direct: 1, size: 2, depth: 2 },
      { userId: 'c', direct: 1, size: 1, depth: 1 },
    ]);
    expect(r.referredUsers).toBe(4);
    expect(r.maxDepth).toBe(3);
    expect(r.ignoredEdges).toBe(3);
  });
  it('ties: same instant by inviter id, same size by user id', () => {
    const r = computeReferralTree([
      { inviterId: 'b', inviteeId: 'x', at: 1 },
      { inviterId: 'a', inviteeId: 'x', at: 1 },
      { inviterId: 'b', inviteeId: 'y', at: 2 },
      { inviterId: 'c', inviteeId: 'z', at: 2 },
    ]);
    expect(r.inviters.map((i) => [i.userId, i.size])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(computeReferralTree([])).toEqual({ inviters: [], referredUsers: 0, maxDepth: 0, ignoredEdges: 0 });
  });
  it('validates edges', () => {
    expect(() => computeReferralTree([{ inviterId: 'a', inviteeId: 1 } as never])).toThrow(/siyu: \[0\]: needs string/);
    expect(() => computeReferralTree([{ inviterId: 'a', inviteeId: 'b', at: Number.NaN }])).toThrow(/siyu: \[0\]\.at: /);
  });
});
