import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEventTable, toInstant, type ActivityEvent } from 'siyu/core';
import {
  DEFAULT_RFM_SEGMENTS,
  RFM_GROUPS,
  computeRfm,
  computeRfmValues,
  explainRfm,
  matchRfmSegment,
  scoreRfm,
  type RfmValues,
} from 'siyu/segments';

const row = (userId: string, recency: number, frequency: number, monetary: number): RfmValues => ({ userId, recency, frequency, monetary });

describe('the Chinese 8 groups split by the mean (issue example)', () => {
  it('assigns 重要价值, 重要保持, 重要发展, 重要挽留, 一般价值, 一般挽留', () => {
    const result = scoreRfm([row('c1', 5, 10, 1000), row('c2', 60, 8, 900), row('c3', 10, 1, 800), row('c4', 90, 1, 700), row('c5', 20, 6, 50), row('c6', 100, 1, 20)]);
    expect(result.users.map((u) => RFM_GROUPS[u.group].zh)).toEqual(['重要价值客户', '重要保持客户', '重要发展客户', '重要挽留客户', '一般价值客户', '一般挽留客户']);
    expect(result.means.recency).toBe(47.5);
    expect(result.means.frequency).toBe(4.5);
  });
  it('a value equal to the mean: F and M high, recency not recent', () => {
    const result = scoreRfm([row('a', 10, 1, 100), row('b', 20, 2, 200), row('c', 30, 3, 300)]);
    const b = result.users[1];
    expect(b?.group).toBe('importantKeep');
    expect(explainRfm(result, 'b').group).toEqual({ key: 'importantKeep', label: RFM_GROUPS.importantKeep, recent: false, frequencyHigh: true, monetaryHigh: true, means: { recency: 20, frequency: 2, monetary: 200 } });
  });
});

describe('quintile scores on a hand-computed table with ties at bin edges', () => {
  // recency cut points (type 7) = [3, 11.2, 20.4, 48]; frequency = [1, 2, 3.8, 8]; monetary = [200, 380, 880, 1400]
  const values = [
    row('c08', 30, 2, 200),
    row('c01', 90, 1, 100),
    row('c02', 0, 10, 5000),
    row('c03', 3, 8, 3000),
    row('c10', 60, 1, 200),
    row('c04', 3, 8, 1000),
    row('c05', 7, 5, 1000),
    row('c06', 14, 3, 800),
    row('c07', 14, 2, 500),
    row('c09', 45, 1, 200),
  ];
  const result = scoreRfm(values);
  it('computes the cut points', () => {
    const round = (xs: readonly number[]) => xs.map((x) => Number(x.toFixed(9)));
    expect(round(result.cutPoints.recency)).toEqual([3, 11.2, 20.4, 48]);
    expect(round(result.cutPoints.frequency)).toEqual([1, 2, 3.8, 8]);
    expect(round(result.cutPoints.monetary)).toEqual([200, 380, 880, 1400]);
  });
  it('scores: a value on a cut point falls in the lower bin; recency reversed', () => {
    expect(result.users.map((u) => [u.userId, u.score, u.segment, u.group])).toEqual([
      ['c01', '111', 'lost', 'generalRetain'],
      ['c02', '555', 'champions', 'importantValue'],
      ['c03', '545', 'champions', 'importantValue'],
      ['c04', '544', 'champions', 'generalValue'],
      ['c05', '444', 'champions', 'generalValue'],
      ['c06', '333', 'loyalCustomers', 'generalDevelop'],
      ['c07', '323', 'needAttention', 'generalDevelop'],
      ['c08', '221', 'aboutToSleep', 'generalRetain'],
      ['c09', '211', 'aboutToSleep', 'generalRetain'],
      ['c10', '111', 'lost', 'generalRetain'],
    ]);
  });
  it('explains a score with the cut points, interval and rule', () => {
    const why = explainRfm(result, 'c03');
    expect(why.recency).toMatchObject({ value: 3, bin: 1, score: 5, interval: '(-∞, 3]' });
    expect(why.frequency).toMatchObject({ value: 8, bin: 4, score: 4, interval: '(3.8, 8]' });
    expect(why.monetary.interval).toBe('(1400, ∞)');
    expect(why.segment.rule?.key).toBe('champions');
    expect(explainRfm(scoreRfm([row('x', 1, 5, 1)], { segments: [] }), 'x').segment).toEqual({ key: 'others', label: { en: 'Others', zh: '其他' } });
  });
  it('fixed thresholds use the same upper-inclusive bins', () => {
    const t = scoreRfm(values, { scoring: { method: 'thresholds', recency: [7, 30, 90, 180], frequency: [1, 2, 4, 8], monetary: [200, 500, 1000, 3000] } });
    expect(t.method).toBe('thresholds');
    expect(t.users.map((u) => u.score)).toEqual(['311', '555', '544', '543', '543', '433', '422', '421', '311', '311']);
  });
  it('handles no customers and refuses bad rows', () => {
    expect(scoreRfm([]).users).toEqual([]);
    expect(() => scoreRfm([row('a', 1, 1, 1), row('a', 2, 2, 2)])).toThrow('siyu: values[1].userId: duplicate user "a"');
    expect(() => scoreRfm([row('a', Number.NaN, 1, 1)])).toThrow('siyu: values[0].recency: must be a finite number');
    expect(() => scoreRfm([{ userId: '', recency: 1, frequency: 1, monetary: 1 }])).toThrow('siyu: values[0].userId');
    expect(() => scoreRfm('nope' as unknown as RfmValues[])).toThrow('siyu: values: must be an array');
    expect(() => scoreRfm([], { scoring: { method: 'quintile' } })).toThrow('siyu: config.scoring.method');
  });
});

describe('the 11 named segments', () => {
  it('every segment is reachable under first-match, and the table is as documented', () => {
    const seen = new Map<string, number>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) {
      const key = matchRfmSegment(r, f, m)?.key ?? 'others';
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const s of DEFAULT_RFM_SEGMENTS) expect(seen.get(s.key), s.key).toBeGreaterThan(0);
    expect(DEFAULT_RFM_SEGMENTS.map((s) => s.label.en)).toEqual([
      'Champions', 'Loyal Customers', 'New Customers', 'Promising', 'Need Attention', 'Potential Loyalist', 'About To Sleep', "Can't Lose Them", 'At Risk', 'Lost', 'Hibernating',
    ]);
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(125);
    expect(matchRfmSegment(5, 1, 5)?.key).toBe('newCustomers');
    expect(matchRfmSegment(1, 5, 5)?.key).toBe('cantLoseThem');
    expect(matchRfmSegment(2, 1, 2)?.key).toBe('aboutToSleep');
    expect(matchRfmSegment(1, 2, 1)?.key).toBe('hibernating');
    expect(matchRfmSegment(5, 4, 1)).toBeUndefined();
  });
});

describe('RFM from events', () => {
  const day = 86_400_000;
  const asOf = toInstant('2026-11-25T12:00:00+08:00');
  const events: ActivityEvent[] = [
    { id: 'e1', userId: 'u1', type: 'purchase', at: asOf - 40 * day, amount: 1_000 },
    { id: 'e2', userId: 'u1', type: 'order', at: asOf - 2 * day, amount: 500 },
    { id: 'e3', userId: 'u2', type: 'purchase', at: asOf - 5 * day, amount: 300 },
    { id: 'e4', userId: 'u3', type: 'message', at: asOf },
  ];
  it('uses purchase types and the lookback window', () => {
    expect(computeRfmValues(events, { asOf })).toEqual([row('u1', 40, 1, 1_000), row('u2', 5, 1, 300)]);
    expect(computeRfmValues(events, { asOf }, { purchaseTypes: ['purchase', 'order'], lookback: { amount: 30, unit: 'day' } })).toEqual([row('u1', 2, 1, 500), row('u2', 5, 1, 300)]);
    expect(computeRfm(buildEventTable(events), { asOf, timeZone: 'UTC' }).users.map((u) => u.userId)).toEqual(['u1', 'u2']);
  });
});

const cdnowDir = fileURLToPath(new URL('../../../shared/data/cdnow/', import.meta.url));
const cdnowFile = `${cdnowDir}CDNOW_sample.txt`;
const hasCdnow = existsSync(cdnowFile);

function loadCdnow(): ActivityEvent[] {
  return readFileSync(cdnowFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const [, id, date, , dollars] = line.trim().split(/\s+/);
      const d = date as string;
      return { id: `t${i}`, userId: `c${id}`, type: 'purchase', at: Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)), 12), amount: Math.round(Number(dollars) * 100) };
    });
}

function type7(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return (s[lo] as number) + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number));
}

describe.skipIf(!hasCdnow)(hasCdnow ? 'RFM on the CDNOW purchase log' : 'RFM on CDNOW — SKIPPED: ../shared/data/cdnow/CDNOW_sample.txt not found', () => {
  it('scores 2,357 customers consistently and deterministically', () => {
    const events = loadCdnow();
    expect(events).toHaveLength(6_919);
    const asOf = Date.UTC(1998, 6, 1);
    const result = computeRfm(events, { asOf, timeZone: 'UTC' });
    expect(result.users).toHaveLength(2_357);
    // Deterministic and order-independent.
    const reversed = computeRfm([...events].reverse(), { asOf, timeZone: 'UTC' });
    expect(reversed).toEqual(result);
    // Cut points are the type-7 quintiles of each column, computed independently.
    for (const k of ['recency', 'frequency', 'monetary'] as const) {
      const col = result.users.map((u) => u[k]);
      result.cutPoints[k].forEach((c, i) => expect(c).toBeCloseTo(type7(col, (i + 1) / 5), 9));
    }
    // Score distribution: every score within 1–5, monotone in its metric, totals add up.
    const dist = { r: [0, 0, 0, 0, 0], f: [0, 0, 0, 0, 0], m: [0, 0, 0, 0, 0] };
    for (const u of result.users) {
      dist.r[u.r - 1] = (dist.r[u.r - 1] ?? 0) + 1;
      dist.f[u.f - 1] = (dist.f[u.f - 1] ?? 0) + 1;
      dist.m[u.m - 1] = (dist.m[u.m - 1] ?? 0) + 1;
    }
    expect(dist).toMatchSnapshot();
    // Monetary has few ties: each quintile holds close to a fifth of the customers.
    for (const c of dist.m) {
      expect(c / 2_357).toBeGreaterThan(0.19);
      expect(c / 2_357).toBeLessThan(0.21);
    }
    // Most CDNOW customers bought once: frequency ties collapse the low bins into bin 1.
    expect(dist.f[0]).toBeGreaterThan(1_000);
    expect(dist.f[1]).toBe(0);
    const bySegment: Record<string, number> = {};
    for (const u of result.users) bySegment[u.segment] = (bySegment[u.segment] ?? 0) + 1;
    expect(Object.values(bySegment).reduce((a, b) => a + b, 0)).toBe(2_357);
    expect(bySegment).toMatchSnapshot();
  });
});
