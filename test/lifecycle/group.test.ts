import { describe, expect, it } from 'vitest';
import { addLocal, instantFromLocal } from 'siyu/core';
import {
  createGroupLifecycle,
  parseGroupLifecycleConfig,
  replayLifecycle,
  startLifecycle,
  transitionLifecycle,
  type GroupLifecycleEvent,
  type LifecycleInput,
} from 'siyu/lifecycle';

describe.each(['Asia/Shanghai', 'America/New_York'])('group lifecycle in %s', (zone) => {
  const at = (month: number, day: number, hour = 23) => instantFromLocal({ year: 2026, month, day, hour }, zone);
  const report = (month: number, day: number, props: Record<string, number>): LifecycleInput<GroupLifecycleEvent> => ({
    type: 'daily_activity',
    id: `r-${month}-${day}`,
    at: at(month, day),
    props,
  });

  it('created → opening (days 0–2) → running → declining after 7 low days → running after 3 healthy days → declining → archived 30 days later', () => {
    const groups = createGroupLifecycle({ timeZone: zone });
    const events: LifecycleInput<GroupLifecycleEvent>[] = [{ type: 'ceremony_started', id: 'c', at: at(3, 2, 20) }];
    events.push(report(3, 3, { rate: 0.01 })); // during the ceremony: ignored
    for (let d = 5; d <= 11; d++) events.push(report(3, d, { rate: 0.05 }));
    events.push(report(3, 12, { rate: 0.5 }), report(3, 13, { activeMembers: 30, members: 100 }), report(3, 14, {}));
    for (let d = 15; d <= 17; d++) events.push(report(3, d, { rate: 0.1 }));
    for (let d = 18; d <= 23; d++) events.push(report(3, d, { rate: 0.02 }));
    events.push(report(3, 24, { activeMembers: 1, members: 0 })); // unreadable: breaks the streak
    for (let d = 25; d <= 31; d++) events.push(report(3, d, { rate: 0.02 }));
    const { timeline, effects, rejected, snapshot } = replayLifecycle(groups, events, { start: at(3, 2, 20), subject: 'g1', until: at(6, 1, 0) });
    expect(rejected).toEqual([]);
    expect(timeline).toEqual([
      { state: 'created', from: at(3, 2, 20), to: at(3, 2, 20), cause: 'start' },
      { state: 'opening', from: at(3, 2, 20), to: at(3, 5, 0), cause: 'ceremony_started' },
      { state: 'running', from: at(3, 5, 0), to: at(3, 11), cause: 'ceremony_ended' },
      { state: 'declining', from: at(3, 11), to: at(3, 17), cause: 'daily_activity' },
      { state: 'running', from: at(3, 17), to: at(3, 31), cause: 'daily_activity' },
      { state: 'declining', from: at(3, 31), to: at(4, 30), cause: 'daily_activity' },
      { state: 'archived', from: at(4, 30), to: null, cause: 'decline_expired' },
    ]);
    expect(effects.filter((e) => e.type === 'alertOperator')).toEqual([
      { type: 'alertOperator', alert: 'group_declining', state: 'declining', at: at(3, 11), subject: 'g1' },
      { type: 'alertOperator', alert: 'group_declining', state: 'declining', at: at(3, 31), subject: 'g1' },
    ]);
    expect(transitionLifecycle(groups, snapshot, { type: 'dissolve', id: 'd', at: at(6, 2) })).toMatchObject({ ok: false, reason: 'final_state' });
  });

  it('a group that never holds a ceremony runs from the end of day 2; a short-lived group is archived at midnight of day 7', () => {
    const groups = createGroupLifecycle({ timeZone: zone, lifetime: 'short' });
    const { timeline } = replayLifecycle(groups, [], { start: at(3, 2, 9), until: at(4, 1) });
    expect(timeline.map((s) => [s.state, s.from, s.cause])).toEqual([
      ['created', at(3, 2, 9), 'start'],
      ['running', at(3, 5, 0), 'ceremony_ended'],
      ['archived', at(3, 9, 0), 'lifetime_ended'],
    ]);
  });

  it('lifetime classes set the default archive date; very long groups have none', () => {
    const start = at(1, 10, 12);
    const midnight = instantFromLocal({ year: 2026, month: 1, day: 10 }, zone);
    const archiveOf = (lifetime: 'short' | 'medium' | 'long' | 'veryLong') =>
      startLifecycle(createGroupLifecycle({ timeZone: zone, lifetime }), start).snapshot.deadlines.find((d) => d.event === 'lifetime_ended')?.at;
    expect(archiveOf('short')).toBe(addLocal(midnight, 'day', 7, zone));
    expect(archiveOf('medium')).toBe(addLocal(midnight, 'day', 30, zone));
    expect(archiveOf('long')).toBe(addLocal(midnight, 'day', 180, zone));
    expect(archiveOf('veryLong')).toBeUndefined();
    const custom = createGroupLifecycle({ timeZone: zone, lifetime: 'veryLong', lifetimes: { veryLong: { amount: 2, unit: 'year' } } });
    expect(startLifecycle(custom, start).snapshot.deadlines.map((d) => d.at)).toContain(addLocal(midnight, 'year', 2, zone));
  });

  it('dissolve works from any live state; archive by hand; no auto-archive when archiveAfterDeclining is null', () => {
    const groups = createGroupLifecycle({ timeZone: zone, lifetime: 'veryLong', archiveAfterDeclining: null, decliningAfterDays: 1 });
    const { snapshot } = replayLifecycle(groups, [report(3, 6, { rate: 0 })], { start: at(3, 2), until: at(12, 31) });
    expect(snapshot.state).toBe('declining');
    expect(snapshot.deadlines).toEqual([]);
    for (const type of ['dissolve', 'archive'] as const) {
      const result = transitionLifecycle(groups, snapshot, { type, id: type, at: at(12, 31) });
      expect(result.ok && result.snapshot.state).toBe(type === 'dissolve' ? 'dissolved' : 'archived');
    }
    const created = startLifecycle(groups, at(3, 2)).snapshot;
    const dissolved = transitionLifecycle(groups, created, { type: 'dissolve', id: 'd', at: at(3, 2) });
    expect(dissolved.ok && dissolved.snapshot.state).toBe('dissolved');
  });
});

describe('group lifecycle config', () => {
  it('has documented defaults', () => {
    expect(parseGroupLifecycleConfig()).toMatchObject({
      lifetime: 'long',
      lifetimes: { short: { amount: 7, unit: 'day' }, medium: { amount: 30, unit: 'day' }, long: { amount: 180, unit: 'day' }, veryLong: null },
      openingDays: 3,
      activityRateThreshold: 0.1,
      decliningAfterDays: 7,
      recoveryDays: 3,
      archiveAfterDeclining: { amount: 30, unit: 'day' },
    });
  });

  it.each([
    [{ lifetime: 'forever' }, 'siyu: lifetime:'],
    [{ activityRateThreshold: Number.NaN }, 'siyu: activityRateThreshold:'],
    [{ decliningAfterDays: 0 }, 'siyu: decliningAfterDays:'],
    [{ openingDays: 2.5 }, 'siyu: openingDays:'],
    [{ lifetimes: { forever: null } }, 'siyu: lifetimes.forever: unknown key'],
    [{ dailyActivityTypes: ['x'], archiveTypes: ['x'] }, 'siyu: archiveTypes[0]: "x" is already in dailyActivityTypes'],
    [JSON.parse('{"effects": {"__proto__": []}}'), 'siyu: effects.__proto__: forbidden key'],
  ])('rejects %j', (input, message) => {
    expect(() => createGroupLifecycle(input as never)).toThrow(message);
  });
});
