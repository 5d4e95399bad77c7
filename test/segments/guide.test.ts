/** The worked example of docs/segments.md and the numbered examples, as a user calls them. */
import { describe, expect, it } from 'vitest';
import { toInstant } from 'siyu/core';
import { DEFAULT_SEGMENT_PROGRAM, RFM_GROUPS, assignSegments, clusterKMeans, explainRfm, scoreRfm, summarizeSegments } from 'siyu/segments';

describe('docs/segments.md worked example', () => {
  const day = 86_400_000;
  const asOf = Date.parse('2026-11-25T12:00:00+08:00');
  const result = assignSegments(DEFAULT_SEGMENT_PROGRAM, {
    asOf,
    events: [
      { id: 'e1', userId: 'fan', type: 'purchase', at: asOf - 50 * day, amount: 30_000 },
      { id: 'e2', userId: 'fan', type: 'purchase', at: asOf - 20 * day, amount: 30_000 },
      { id: 'e3', userId: 'fan', type: 'purchase', at: asOf - 1 * day, amount: 30_000 },
      { id: 'e4', userId: 'buyer', type: 'purchase', at: asOf - 90 * day, amount: 5_000 },
      { id: 'e5', userId: 'buyer', type: 'message', at: asOf - 2 * day },
      { id: 'e6', userId: 'lapsed', type: 'message', at: asOf - 45 * day },
    ],
    users: [{ userId: 'ghost', attributes: { channel: 'douyin' } }],
    explain: true,
  });

  it('gives the stated tags, RFM, pyramid level and label per user', () => {
    expect(result.users.map((u) => [u.userId, u.tags, u.rfm?.score, u.rfm?.segment, u.pyramid, u.label])).toEqual([
      ['buyer', ['lightUser'], '111', 'lost', 'user', 'nurture'],
      ['fan', ['lightUser'], '555', 'champions', 'superUser', 'superUser'],
      ['ghost', ['neverActive'], undefined, undefined, 'customer', 'dormant'],
      ['lapsed', ['lightUser', 'churned'], undefined, undefined, 'customer', 'winBack'],
    ]);
  });

  it('explains the label and summarises the labels', () => {
    const fan = result.users.find((u) => u.userId === 'fan');
    expect(fan?.explanation?.label).toMatchObject({ key: 'superUser', ruleIndex: 2, skipped: ['dormant', 'winBack'] });
    expect(fan?.explanation?.rfm?.segment.rule?.key).toBe('champions');
    expect(fan?.explanation?.rfm?.group).toMatchObject({ key: 'importantValue', recent: true, frequencyHigh: true, monetaryHigh: true });
    expect(summarizeSegments(result).labels).toEqual({ nurture: 1, superUser: 1, dormant: 1, winBack: 1 });
  });
});

describe('issue examples', () => {
  it('8 groups: c1…c6 → 重要价值, 重要保持, 重要发展, 重要挽留, 一般价值, 一般挽留, explained with the means', () => {
    const result = scoreRfm([
      { userId: 'c1', recency: 5, frequency: 10, monetary: 1000 },
      { userId: 'c2', recency: 60, frequency: 8, monetary: 900 },
      { userId: 'c3', recency: 10, frequency: 1, monetary: 800 },
      { userId: 'c4', recency: 90, frequency: 1, monetary: 700 },
      { userId: 'c5', recency: 20, frequency: 6, monetary: 50 },
      { userId: 'c6', recency: 100, frequency: 1, monetary: 20 },
    ]);
    expect(result.users.map((u) => RFM_GROUPS[u.group].zh)).toEqual(['重要价值客户', '重要保持客户', '重要发展客户', '重要挽留客户', '一般价值客户', '一般挽留客户']);
    expect(result.users.map((u) => RFM_GROUPS[u.group].en)).toEqual(['Important value', 'Important to keep', 'Important to develop', 'Important to win back', 'General value', 'General to win back']);
    // means: recency 47.5, frequency 4.5, monetary 578.33…; c5 (F 6 ≥ 4.5, M 50 < mean) is 一般价值
    expect(explainRfm(result, 'c5').group).toMatchObject({ key: 'generalValue', recent: true, frequencyHigh: true, monetaryHigh: false, means: { recency: 47.5, frequency: 4.5 } });
    expect(explainRfm(result, 'c5').group.means.monetary).toBeCloseTo(3470 / 6, 12);
  });

  it('k-means: given centres, no standardisation → [0,0,1,1], centroids [[1,1.5,1],[-1,-1,-1.25]], converged in 2 iterations', () => {
    const result = clusterKMeans([[1, 1, 1], [1, 2, 1], [-1, -1, -1], [-1, -1, -1.5]], { k: 2, seed: 1, standardize: false, initialCentroids: [[1, 2, 1], [-1, -1, -1]] });
    expect(result).toMatchObject({ assignments: [0, 0, 1, 1], centroids: [[1, 1.5, 1], [-1, -1, -1.25]], iterations: 2, converged: true });
  });

  it('as of an instant given as an ISO string', () => {
    const asOf = '2026-11-25T12:00:00+08:00';
    const result = assignSegments(DEFAULT_SEGMENT_PROGRAM, { asOf, events: [{ id: 'e1', userId: 'u', type: 'purchase', at: toInstant(asOf) - 3_600_000, amount: 100 }] });
    expect(result.asOf).toBe(toInstant(asOf));
    expect(result.users[0]?.metrics.daysSinceLastPurchase).toBe(0);
  });
});
