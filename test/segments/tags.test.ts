import { describe, expect, it } from 'vitest';
import { toInstant, type ActivityEvent } from 'siyu/core';
import { BUILT_IN_SEGMENT_METRICS, BUILT_IN_SEGMENT_TAGS, assignSegmentTags, compileSegmentTags, computeSegmentMetrics, explainSegmentTag, segmentRecordFields } from 'siyu/segments';

const asOf = toInstant('2026-11-25T12:00:00+08:00');
const day = 86_400_000;
let n = 0;
const ev = (userId: string, daysAgo: number, type = 'message', amount?: number): ActivityEvent => ({
  id: `e${++n}`,
  userId,
  type,
  at: asOf - Math.round(daysAgo * day),
  ...(amount === undefined ? {} : { amount }),
});

function builtInTags(events: ActivityEvent[], users: string[] = []): Record<string, string[]> {
  const metrics = computeSegmentMetrics(BUILT_IN_SEGMENT_METRICS, events, { asOf, users });
  const tags = compileSegmentTags(BUILT_IN_SEGMENT_TAGS, { metrics: BUILT_IN_SEGMENT_METRICS.map((m) => m.name) });
  return Object.fromEntries(metrics.map((m) => [m.userId, tags.tagsOf({ userId: m.userId, attributes: {}, ...m.metrics })]));
}

describe('built-in tags (seed 002)', () => {
  it('light user: at most 3 events in the last 7 days', () => {
    const tags = builtInTags([ev('three', 1), ev('three', 2), ev('three', 6.9), ev('four', 1), ev('four', 2), ev('four', 3), ev('four', 4), ev('oldFour', 8), ev('oldFour', 8), ev('oldFour', 8), ev('oldFour', 8), ev('oldFour', 1)]);
    expect(tags.three).toContain('lightUser');
    expect(tags.four).not.toContain('lightUser');
    expect(tags.oldFour).toContain('lightUser');
  });
  it('churned: none in 30 days but some before; never active is separate', () => {
    const tags = builtInTags([ev('gone', 31), ev('edge', 30), ev('recent', 29.9)], ['ghost']);
    expect(tags.gone).toEqual(['lightUser', 'churned']);
    expect(tags.edge).toEqual(['lightUser', 'churned']); // exactly 30 days ago = the excluded window start
    expect(tags.recent).toEqual(['lightUser']);
    expect(tags.ghost).toEqual(['neverActive']);
  });
  it('high spender: top decile of 30-day spend among spenders', () => {
    const events = Array.from({ length: 20 }, (_, i) => ev(`s${String(i).padStart(2, '0')}`, 3, 'purchase', (i + 1) * 1_000));
    events.push(ev('old', 40, 'purchase', 1_000_000));
    const tags = builtInTags(events);
    const high = Object.entries(tags).filter(([, t]) => t.includes('highSpender')).map(([u]) => u);
    // q(0.9) of 1000 … 20000 = 18100: the top two spenders.
    expect(high).toEqual(['s18', 's19']);
  });
});

describe('compileSegmentTags and explanations', () => {
  const defs = [
    { name: 'vipShanghai', condition: { all: [{ field: 'attributes.city', op: 'eq', value: 'Shanghai' }, { field: 'spend', op: 'gte', value: 100_000 }] } },
    { name: 'douyin', condition: { field: 'attributes.channel', op: 'eq', value: 'douyin' } },
  ] as const;
  it('evaluates conditions over metrics and attributes', () => {
    const t = compileSegmentTags(defs, { metrics: ['spend'] });
    expect(t.tagsOf({ userId: 'u', spend: 120_000, attributes: { city: 'Shanghai', channel: 'douyin' } })).toEqual(['vipShanghai', 'douyin']);
    expect(t.tagsOf({ userId: 'u', spend: null, attributes: { city: 'Shanghai' } })).toEqual([]);
  });
  it('explains with the actual values', () => {
    const why = explainSegmentTag(defs[0], { spend: 90_000, attributes: { city: 'Shanghai' } });
    expect(why).toEqual({
      tag: 'vipShanghai',
      matched: false,
      checks: [
        { at: 'all[0]', field: 'attributes.city', op: 'eq', value: 'Shanghai', actual: 'Shanghai', matched: true },
        { at: 'all[1]', field: 'spend', op: 'gte', value: 100_000, actual: 90_000, matched: false },
      ],
    });
  });
  it('assignSegmentTags works on plain records', () => {
    expect(assignSegmentTags(defs, [{ userId: 'a', spend: 1, attributes: { channel: 'douyin' } } as { userId: string }])).toEqual([{ userId: 'a', tags: ['douyin'] }]);
  });
  it('knows the record fields', () => {
    expect(segmentRecordFields({ metrics: ['m'], rfm: true, cluster: true, pyramid: true })).toMatchObject({ m: 'number', 'rfm.segment': 'string', 'rfm.r': 'number', cluster: 'number', pyramid: 'string' });
  });
  it('rejects unknown fields and wrong types at compile time', () => {
    expect(() => compileSegmentTags([{ name: 'x', condition: { field: 'spend', op: 'eq', value: 'big' } }], { metrics: ['spend'] })).toThrow('siyu: tags[0].condition.value: "big" is not a number');
    expect(() => compileSegmentTags([{ name: 'x', condition: { field: 'tags', op: 'contains', value: 'a' } }], { metrics: [] })).toThrow('unknown field "tags"');
  });
});
