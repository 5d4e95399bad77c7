import { describe, expect, it } from 'vitest';
import { buildEventTable, toInstant, type ActivityEvent } from 'siyu/core';
import {
  BUILT_IN_SEGMENT_METRICS,
  BUILT_IN_SEGMENT_TAGS,
  DEFAULT_SEGMENT_PROGRAM,
  DEFAULT_VALUE_PYRAMID,
  assignSegments,
  compileSegmentLabelRules,
  summarizeSegments,
  type SegmentProgram,
} from 'siyu/segments';

const asOf = toInstant('2026-11-25T12:00:00+08:00');
const day = 86_400_000;
let n = 0;
const ev = (userId: string, daysAgo: number, type = 'message', amount?: number): ActivityEvent => ({ id: `e${++n}`, userId, type, at: asOf - daysAgo * day, ...(amount === undefined ? {} : { amount }) });

const events: ActivityEvent[] = [
  // fan: 4 orders, active this week
  ev('fan', 50, 'purchase', 30_000),
  ev('fan', 20, 'purchase', 30_000),
  ev('fan', 10, 'purchase', 30_000),
  ev('fan', 1, 'purchase', 30_000),
  // buyer: one order long ago, active now
  ev('buyer', 90, 'purchase', 5_000),
  ev('buyer', 2),
  // lapsed: active before, nothing in 30 days
  ev('lapsed', 45),
  ev('lapsed', 44),
];

describe('assignSegments with the default program', () => {
  const result = assignSegments(DEFAULT_SEGMENT_PROGRAM, { asOf, events, users: [{ userId: 'ghost', attributes: { channel: 'store' } }], explain: true });
  const byId = Object.fromEntries(result.users.map((u) => [u.userId, u]));
  it('assigns tags, RFM, pyramid and label per user, sorted by id', () => {
    expect(result.users.map((u) => [u.userId, u.tags, u.rfm?.segment, u.pyramid, u.label])).toEqual([
      ['buyer', ['lightUser'], 'lost', 'user', 'nurture'],
      // fan is the only 30-day spender: a population of one sits in bin 1, so no high spender.
      ['fan', ['lightUser'], 'champions', 'superUser', 'superUser'],
      ['ghost', ['neverActive'], undefined, 'customer', 'dormant'],
      ['lapsed', ['lightUser', 'churned'], undefined, 'customer', 'winBack'],
    ]);
    expect(result.rfm?.method).toBe('quantile');
    expect(result.timeZone).toBe('Asia/Shanghai');
    expect(result.cutPoints.spendIn30DaysDecile).toHaveLength(9);
  });
  it('explains every tag, the RFM score, the pyramid level and the label', () => {
    const fan = byId.fan?.explanation;
    expect(fan?.tags.map((t) => [t.tag, t.matched])).toEqual([['lightUser', true], ['churned', false], ['neverActive', false], ['highSpender', false]]);
    expect(fan?.tags[0]?.checks[0]).toMatchObject({ field: 'eventsIn7Days', actual: 1, matched: true });
    expect(fan?.rfm?.segment.key).toBe('champions');
    expect(fan?.pyramid).toMatchObject({ key: 'superUser', ruleIndex: 0, skipped: [] });
    expect(fan?.label).toMatchObject({ key: 'superUser', ruleIndex: 2, skipped: ['dormant', 'winBack'] });
    expect(byId.ghost?.explanation?.pyramid).toEqual({ key: 'customer', label: { en: 'Customer', zh: '客户' }, ruleIndex: -1, checks: [], skipped: ['superUser', 'user'] });
    expect(byId.ghost?.explanation?.rfm).toBeUndefined();
  });
  it('summarises counts for a report', () => {
    expect(summarizeSegments(result)).toEqual({
      users: 4,
      tags: { lightUser: 3, neverActive: 1, churned: 1 },
      rfmSegments: { lost: 1, champions: 1 },
      rfmGroups: { generalRetain: 1, importantValue: 1 },
      clusters: {},
      pyramid: { user: 1, superUser: 1, customer: 2 },
      labels: { nurture: 1, superUser: 1, dormant: 1, winBack: 1 },
    });
  });
  it('gives the same result from a table', () => {
    const fromTable = assignSegments(DEFAULT_SEGMENT_PROGRAM, { asOf, table: buildEventTable(events), users: [{ userId: 'ghost', attributes: { channel: 'store' } }], explain: true });
    expect(fromTable).toEqual(result);
  });
});

describe('a custom program with attributes, clustering and no RFM', () => {
  const program: SegmentProgram = {
    timeZone: 'Asia/Shanghai',
    metrics: [
      { kind: 'count', name: 'messages', type: 'message' },
      { kind: 'sum', name: 'spend', type: 'purchase' },
      { kind: 'count', name: 'douyinPurchases', type: 'purchase', where: { field: 'props.channel', op: 'eq', value: 'douyin' } },
    ],
    tags: [{ name: 'hangzhou', condition: { field: 'attributes.city', op: 'eq', value: 'Hangzhou' } }, { name: 'group1', condition: { field: 'cluster', op: 'eq', value: 1 } }],
    clustering: { features: ['messages', 'spend'], k: 2, seed: 1, standardize: false, initialCentroids: [[0, 0], [0, 100_000]] },
    pyramid: { rules: [{ key: 'fan', when: { field: 'tags', op: 'contains', value: 'hangzhou' } }], fallback: { key: 'rest' } },
  };
  const evs: ActivityEvent[] = [
    { id: 'a', userId: 'u1', type: 'purchase', at: asOf - day, amount: 99_000, props: { channel: 'douyin' } },
    { id: 'b', userId: 'u2', type: 'message', at: asOf - day },
    { id: 'c', userId: 'u3', type: 'message', at: asOf - day },
  ];
  it('runs clustering on metrics and lets tags read cluster and attributes', () => {
    const result = assignSegments(program, { asOf, events: evs, users: [{ userId: 'u2', attributes: { city: 'Hangzhou' } }], explain: true });
    expect(result.users.map((u) => [u.userId, u.cluster, u.tags, u.pyramid, u.label, u.rfm])).toEqual([
      ['u1', 1, ['group1'], 'rest', undefined, undefined],
      ['u2', 0, ['hangzhou'], 'fan', undefined, undefined],
      ['u3', 0, [], 'rest', undefined, undefined],
    ]);
    expect(result.users[0]?.metrics.douyinPurchases).toBe(1);
    expect(result.clustering).toMatchObject({ features: ['messages', 'spend'], converged: true, centroids: [[1, 0], [0, 99_000]] });
    expect(result.users[0]?.explanation?.cluster).toEqual({ features: { messages: 0, spend: 99_000 }, centroid: [0, 99_000] });
    expect(result.rfm).toBeUndefined();
  });
  it('skips clustering when fewer users than k have every feature', () => {
    const result = assignSegments({ ...program, clustering: { features: ['spend'], k: 5, seed: 1 } }, { asOf, events: evs });
    expect(result.clustering).toBeUndefined();
    expect(result.users.every((u) => u.cluster === undefined)).toBe(true);
  });
  it('refuses bad input', () => {
    expect(() => assignSegments(program, { asOf })).toThrow('siyu: input: give exactly one of events or table');
    expect(() => assignSegments(program, { asOf, events: evs, table: buildEventTable(evs) })).toThrow('give exactly one');
    expect(() => assignSegments(program, { asOf, events: evs, users: [{ userId: '' }] })).toThrow('siyu: users[0].userId');
    expect(() => assignSegments({ ...program, clustering: { ...program.clustering, features: ['nope'] } }, { asOf, events: evs })).toThrow('siyu: clustering.features[0]: unknown metric "nope"');
    expect(() => assignSegments({ ...program, plan: { rules: [{ key: 'x', when: { field: 'pyramidd', op: 'eq', value: 'fan' } }], fallback: { key: 'y' } } }, { asOf, events: evs })).toThrow(
      'siyu: plan.rules[0].when.field: unknown field "pyramidd"',
    );
    const withRfm = assignSegments({ ...program, metrics: [...program.metrics, { kind: 'count', name: 'rfm_recency' }], rfm: {} }, { asOf, events: evs });
    expect(withRfm.users[0]?.rfm?.frequency).toBe(1);
    expect(Object.keys(withRfm.users[0]?.metrics ?? {})).toEqual(['messages', 'spend', 'douyinPurchases', 'rfm_recency']);
  });
});

describe('the value pyramid', () => {
  const pyramid = compileSegmentLabelRules(DEFAULT_VALUE_PYRAMID);
  it('customer → user → super user', () => {
    expect(pyramid.labelOf({ ordersEver: 0, eventsIn30Days: 5 })).toBe('customer');
    expect(pyramid.labelOf({ ordersEver: 1, eventsIn30Days: 5 })).toBe('user');
    expect(pyramid.labelOf({ ordersEver: 3, eventsIn30Days: 0 })).toBe('user');
    expect(pyramid.labelOf({ ordersEver: 3, eventsIn30Days: 1 })).toBe('superUser');
    expect(pyramid.labelOf({ ordersEver: 1, eventsIn30Days: 0, rfm: { segment: 'loyalCustomers' } })).toBe('superUser');
  });
  it('compiles the built-in tags and pyramid against the built-in metrics', () => {
    const metrics = BUILT_IN_SEGMENT_METRICS.map((m) => m.name);
    expect(() => compileSegmentLabelRules(DEFAULT_VALUE_PYRAMID, { metrics, rfm: true, tags: true })).not.toThrow();
    expect(() => compileSegmentLabelRules(DEFAULT_VALUE_PYRAMID, { metrics, tags: true })).toThrow('unknown field "rfm.segment"');
    expect(BUILT_IN_SEGMENT_TAGS.map((t) => t.label?.zh)).toEqual(['轻度用户', '流失用户', '从未活跃', '高消费用户']);
  });
});
