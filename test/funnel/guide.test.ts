import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from 'siyu/core';
import { computeFunnel, computeRetention, parseFunnelDefinition } from 'siyu/funnel';

// The worked example of docs/funnel.md, asserted.
const at = (local: string): number => Date.parse(`${local}+08:00`);
const events: ActivityEvent[] = [
  { id: 'e1', userId: 'u1', type: 'add_friend', at: at('2026-11-02T20:00:00'), props: { channel: 'douyin_live' } },
  { id: 'e2', userId: 'u1', type: 'join_group', at: at('2026-11-02T20:05:00') },
  { id: 'e3', userId: 'u1', type: 'purchase', at: at('2026-11-03T12:00:00'), amount: 12_800 },
  { id: 'e4', userId: 'u1', type: 'purchase', at: at('2026-11-08T09:00:00'), amount: 5_900 },
  { id: 'e5', userId: 'u2', type: 'add_friend', at: at('2026-11-02T21:00:00'), props: { channel: 'douyin_live' } },
  { id: 'e6', userId: 'u2', type: 'join_group', at: at('2026-11-04T08:00:00') },
  { id: 'e7', userId: 'u3', type: 'add_friend', at: at('2026-11-03T10:00:00'), props: { channel: 'xiaohongshu' } },
];

describe('docs/funnel.md worked example', () => {
  it('funnel', () => {
    const funnel = computeFunnel(
      {
        steps: [
          { type: 'add_friend', name: 'added' },
          { type: 'join_group', name: 'joined' },
          { type: 'purchase', name: 'bought' },
          { type: 'purchase', name: 'bought again' },
        ],
        window: { amount: 7, unit: 'day' },
        breakdown: { field: 'props.channel' },
      },
      events,
      { includeUserIds: true },
    );
    expect(funnel.steps.map((s) => s.count)).toEqual([3, 2, 1, 1]);
    expect(funnel.steps.map((s) => s.name)).toEqual(['added', 'joined', 'bought', 'bought again']);
    expect(funnel.steps[1]?.conversionFromPrevious).toBeCloseTo(2 / 3, 12);
    expect(funnel.steps[2]?.droppedUserIds).toEqual(['u2']);
    expect(funnel.breakdown?.map((b) => [b.value, b.steps[0]?.count])).toEqual([
      ['douyin_live', 2],
      ['xiaohongshu', 1],
    ]);
  });
  it('retention', () => {
    const retention = computeRetention(
      { startEvent: { type: 'join_group' }, returnEvent: { type: 'purchase' }, period: 'day', range: { from: '2026-11-02', to: '2026-11-08' }, periods: 7 },
      events,
    );
    expect(retention.cohorts[0]?.counts).toEqual([1, 1, 0, 0, 0, 0, 1, 0]);
  });
  it('the error message quoted in the guide', () => {
    expect(() => parseFunnelDefinition({ steps: [{ type: 'a' }], window: { amount: -1, unit: 'day' } })).toThrow(
      'siyu: window.amount: Too small: expected number to be >=0',
    );
  });
});
