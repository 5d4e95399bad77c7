import { describe, expect, it } from 'vitest';
import { instantFromLocal } from 'siyu/core';
import { createMemberLifecycle, parseMemberLifecycleConfig, replayLifecycle, replayLifecycleActivities } from 'siyu/lifecycle';

describe.each(['Asia/Shanghai', 'America/New_York'])('member lifecycle in %s', (zone) => {
  const members = createMemberLifecycle({ timeZone: zone, sopTemplates: { atRisk: 'retention-call' } });
  const at = (month: number, day: number, hour = 12) => instantFromLocal({ year: 2026, month, day, hour }, zone);

  it('joined → active → atRisk (60 idle days) → lapsed (90 days at risk) → rejoined → active', () => {
    const { timeline, effects } = replayLifecycle(
      members,
      [
        { type: 'purchase', id: 'o1', at: at(1, 10) },
        { type: 'purchase', id: 'o2', at: at(2, 1) },
        { type: 'member_rejoined', id: 'j2', at: at(8, 1) },
        { type: 'purchase', id: 'o3', at: at(8, 3) },
      ],
      { start: at(1, 1), subject: 'm1' },
    );
    expect(timeline).toEqual([
      { state: 'joined', from: at(1, 1), to: at(1, 10), cause: 'start' },
      { state: 'active', from: at(1, 10), to: at(4, 2), cause: 'purchase' },
      { state: 'atRisk', from: at(4, 2), to: at(7, 1), cause: 'purchase_overdue' },
      { state: 'lapsed', from: at(7, 1), to: at(8, 1), cause: 'lapse' },
      { state: 'rejoined', from: at(8, 1), to: at(8, 3), cause: 'member_rejoined' },
      { state: 'active', from: at(8, 3), to: null, cause: 'purchase' },
    ]);
    expect(effects).toContainEqual({ type: 'startSop', templateId: 'retention-call', state: 'atRisk', at: at(4, 2), subject: 'm1' });
  });

  it('tier retention in danger puts a member at risk; retaining the tier or upgrading makes them active again', () => {
    const { timeline } = replayLifecycleActivities(members, [
      { id: 'a1', userId: 'm2', type: 'tier_upgraded', at: at(1, 2) },
      { id: 'a2', userId: 'm2', type: 'tier_at_risk', at: at(2, 1) },
      { id: 'a3', userId: 'm2', type: 'tier_at_risk', at: at(2, 2) },
      { id: 'a4', userId: 'm2', type: 'tier_retained', at: at(2, 10) },
      { id: 'a5', userId: 'm2', type: 'tier_upgraded', at: at(2, 11) },
      { id: 'a6', userId: 'm2', type: 'member_left', at: at(3, 1) },
      { id: 'a7', userId: 'm2', type: 'member_left', at: at(3, 2) },
      { id: 'a8', userId: 'm2', type: 'purchase', at: at(3, 5), amount: 9_900 },
    ], { start: at(1, 1) });
    expect(timeline.map((s) => [s.state, s.cause])).toEqual([
      ['joined', 'start'],
      ['active', 'tier_upgraded'],
      ['atRisk', 'tier_at_risk'],
      ['active', 'tier_retained'],
      ['lapsed', 'member_left'],
      ['rejoined', 'purchase'],
    ]);
  });

  it('a member who never buys is at risk atRiskAfter after joining; a rejoined member likewise after rejoining', () => {
    const { timeline } = replayLifecycle(members, [{ type: 'member_rejoined', id: 'j', at: at(9, 1) }], { start: at(1, 1), until: at(12, 1) });
    expect(timeline.map((s) => [s.state, s.from])).toEqual([
      ['joined', at(1, 1)],
      ['atRisk', at(3, 2)],
      ['lapsed', at(5, 31)],
      ['rejoined', at(9, 1)],
      ['atRisk', at(10, 31)],
    ]);
  });
});

describe('member lifecycle config', () => {
  it('has documented defaults', () => {
    expect(parseMemberLifecycleConfig()).toMatchObject({ atRiskAfter: { amount: 60, unit: 'day' }, lapsedAfter: { amount: 90, unit: 'day' }, purchaseTypes: ['purchase'] });
  });

  it.each([
    [{ atRiskAfter: { amount: -1, unit: 'day' } }, 'siyu: atRiskAfter.amount:'],
    [{ lapsedAfter: { amount: 3, unit: 'fortnight' } }, 'siyu: lapsedAfter.unit:'],
    [{ purchaseTypes: [''] }, 'siyu: purchaseTypes[0]:'],
    [{ tone: 'warm' }, 'siyu: tone: unknown key'],
    [{ sopTemplates: { atRisk: 7 } }, 'siyu: sopTemplates.atRisk:'],
    [{ atRiskAfter: { amount: Number.NaN, unit: 'day' } }, 'siyu: atRiskAfter.amount:'],
    [{ purchaseTypes: 'purchase' }, 'siyu: purchaseTypes:'],
    [JSON.parse('{"__proto__": {"atRiskAfter": 1}}'), 'siyu: __proto__: forbidden key'],
    [JSON.parse('{"sopTemplates": {"__proto__": "x"}}'), 'siyu: sopTemplates.__proto__:'],
  ])('rejects %j', (input, message) => {
    expect(() => createMemberLifecycle(input as never)).toThrow(message);
  });
});
