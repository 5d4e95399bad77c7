import { describe, expect, it } from 'vitest';
import {
  createDailyGroupSop,
  createInviteToGroupSop,
  createOnboardingSop,
  createOpeningCeremonySop,
  createWeeklyGroupSop,
  expandSop,
  type SopEnrolmentInput,
  type SopExpansion,
  type SopExpansionResult,
} from 'siyu/sop';

function ok(result: SopExpansionResult): SopExpansion {
  if (!result.ok) throw new Error(`expected tasks, got ${result.reason}`);
  return result;
}

const week = (zone: string) => (zone === 'Asia/Shanghai' ? { from: '2026-03-02T00:00:00+08:00', to: '2026-03-09T00:00:00+08:00' } : { from: '2026-03-02T00:00:00-05:00', to: '2026-03-09T00:00:00-04:00' });
const anchorIn = (zone: string, local: string): string => `${local}${zone === 'Asia/Shanghai' ? '+08:00' : '-05:00'}`;

describe.each(['Asia/Shanghai', 'America/New_York'])('presets in %s', (timeZone) => {
  const group = (extra: Partial<SopEnrolmentInput> = {}): SopEnrolmentInput => ({
    targetId: 'g1',
    targetKind: 'group',
    anchor: anchorIn(timeZone, '2026-03-02T10:00:00'),
    timeZone,
    owner: 'lin',
    variables: { groupName: '福利1群', nickname: '小王' },
    ...extra,
  });

  it('opening ceremony: day 0 welcome, offer, rules; the closing activity on days 0–2', () => {
    const out = ok(expandSop(createOpeningCeremonySop(), group(), week(timeZone))).tasks;
    expect(out.map((t) => [t.dueLocal.slice(0, 16), t.itemId])).toEqual([
      ['2026-03-02T20:00', 'welcome'],
      ['2026-03-02T20:05', 'offer'],
      ['2026-03-02T20:10', 'rules'],
      ['2026-03-02T21:00', 'closingActivity'],
      ['2026-03-03T21:00', 'closingActivity'],
      ['2026-03-04T21:00', 'closingActivity'],
    ]);
    expect(out[0]?.text).toBe('欢迎大家加入福利1群！');
  });

  it('opening ceremony when the group opens at 20:30: the missed day-0 items run at once', () => {
    const out = ok(expandSop(createOpeningCeremonySop(), group({ anchor: anchorIn(timeZone, '2026-03-02T20:30:00') }), week(timeZone))).tasks;
    expect(out.slice(0, 3).map((t) => [t.dueLocal.slice(11, 16), t.itemId, t.adjustments])).toEqual([
      ['20:30', 'welcome', ['runNow']],
      ['20:30', 'offer', ['runNow']],
      ['20:30', 'rules', ['runNow']],
    ]);
  });

  it('onboarding: welcome with the ¥3 coupon at once, invitation on day 1, follow-up on day 3', () => {
    const out = ok(expandSop(createOnboardingSop(), group({ targetId: 'c1', targetKind: 'customer' }), week(timeZone))).tasks;
    expect(out.map((t) => [t.dueLocal.slice(0, 16), t.itemId, t.channel])).toEqual([
      ['2026-03-02T10:00', 'welcome', 'privateMessage'],
      ['2026-03-03T10:00', 'inviteToGroup', 'privateMessage'],
      ['2026-03-05T20:00', 'followUp', 'staffTask'],
    ]);
    expect(out[0]?.text).toBe('小王你好，欢迎关注！送你一张¥3无门槛券。');
  });

  it('invite to group every 3 days at 20:00 until joined', () => {
    const out = ok(
      expandSop(
        createInviteToGroupSop(),
        group({ targetId: 'c1', anchor: anchorIn(timeZone, '2026-03-02T21:00:00'), facts: [{ kind: 'joinedGroup', at: anchorIn(timeZone, '2026-03-06T12:00:00') }] }),
        week(timeZone),
      ),
    );
    // Day 0 at 20:00 had passed at 21:00: the first invitation moves to day 1.
    expect(out.tasks.map((t) => [t.dueLocal.slice(0, 16), t.occurrence])).toEqual([
      ['2026-03-03T20:00', 0],
      ['2026-03-05T20:00', 1],
    ]);
  });

  it('daily group SOP: five posts a day; weekly SOP: Monday, Wednesday, Friday', () => {
    const daily = ok(expandSop(createDailyGroupSop(), group({ anchor: anchorIn(timeZone, '2026-03-02T08:00:00') }), week(timeZone))).tasks;
    expect(daily).toHaveLength(35);
    expect(daily.slice(0, 5).map((t) => t.dueLocal.slice(11, 16))).toEqual(['08:30', '11:30', '15:00', '19:30', '21:00']);
    const weekly = ok(expandSop(createWeeklyGroupSop(), group(), week(timeZone))).tasks;
    expect(weekly.map((t) => [t.dueLocal.slice(0, 16), t.itemId])).toEqual([
      ['2026-03-02T10:00', 'flashSale'],
      ['2026-03-04T20:00', 'memberDay'],
      ['2026-03-06T20:00', 'lottery'],
    ]);
  });
});
