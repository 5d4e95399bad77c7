/**
 * The group (社群) lifecycle preset: created → opening ceremony (local days 0–2) → running →
 * declining → archived, dissolvable at any time, with a planned lifetime class that sets the
 * default archive date.
 *
 * @module
 */
import type * as z from 'zod';
import { parseWith, type JsonValue } from '../core/index.js';
import type { LifecycleDeadlineDefinition, LifecycleStateDefinition } from './definition.js';
import { defineLifecycle, type LifecycleGuardInput, type LifecycleMachine } from './machine.js';
import { activityTypeMap, checkTypeLists, presetEntryEffects } from './preset.js';
import type { GROUP_LIFECYCLE_STATES} from './schema.js';
import { GroupLifecycleConfigSchema } from './schema.js';

/** A group lifecycle state. */
export type GroupLifecycleState = (typeof GROUP_LIFECYCLE_STATES)[number];

/** A planned group lifetime class: short / medium / long / very long lived (短 / 中 / 长 / 超长时间社群). */
export type GroupLifetimeClass = 'short' | 'medium' | 'long' | 'veryLong';

/** The group lifecycle's events; `ceremony_ended`, `decline_expired` and `lifetime_ended` are fired by deadlines. */
export type GroupLifecycleEvent =
  | 'ceremony_started'
  | 'ceremony_ended'
  | 'daily_activity'
  | 'decline_expired'
  | 'lifetime_ended'
  | 'archive'
  | 'dissolve';

/** A group lifecycle config as written (every field optional). */
export type GroupLifecycleConfigInput = z.input<typeof GroupLifecycleConfigSchema>;

/**
 * A group lifecycle config with defaults filled in:
 * - `lifetime` `'long'`; `lifetimes` short 7 days, medium 30 days, long 180 days, veryLong `null`
 *   (no planned end): the group is archived at local midnight that many days after its creation day;
 * - `openingDays` 3: the opening ceremony covers local days 0, 1 and 2;
 * - `activityRateThreshold` 0.1, `decliningAfterDays` 7: seven daily reports in a row below 10%
 *   make a running group `declining`; `recoveryDays` 3 reports in a row at or above it bring it back;
 * - `archiveAfterDeclining` 30 days in `declining` archives the group (`null`: never by itself);
 * - activity types: `ceremony_started`, `group_daily_activity` (props `rate`, or `activeMembers`
 *   and `members`), `group_archived`, `group_dissolved`;
 * - `effects`: `declining` returns `{ type: 'alertOperator', alert: 'group_declining' }` by default.
 */
export type GroupLifecycleConfig = z.output<typeof GroupLifecycleConfigSchema>;

/**
 * Parses a group lifecycle config, filling in defaults, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseGroupLifecycleConfig } from 'siyu/lifecycle';
 * parseGroupLifecycleConfig({}).openingDays; // → 3
 * parseGroupLifecycleConfig({ activityRateThreshold: 2 }); // throws: siyu: activityRateThreshold:
 * ```
 */
export function parseGroupLifecycleConfig(input: unknown = {}): GroupLifecycleConfig {
  const config = parseWith(GroupLifecycleConfigSchema, input);
  checkTypeLists(
    {
      ceremonyStartedTypes: config.ceremonyStartedTypes,
      dailyActivityTypes: config.dailyActivityTypes,
      archiveTypes: config.archiveTypes,
      dissolveTypes: config.dissolveTypes,
    },
    [],
  );
  return config;
}

/** The day's activity rate of a `daily_activity` event: `props.rate`, else `props.activeMembers / props.members`. */
function activityRate(props: { readonly [key: string]: JsonValue } | undefined): number | undefined {
  const rate = props?.['rate'];
  if (typeof rate === 'number' && Number.isFinite(rate)) return rate;
  const active = props?.['activeMembers'];
  const members = props?.['members'];
  if (typeof active === 'number' && typeof members === 'number' && members > 0) return active / members;
  return undefined;
}

/**
 * The group lifecycle machine:
 * - `created` → `opening` on `ceremony_started`; `created` / `opening` → `running` at the end of
 *   local day `openingDays − 1` (`ceremony_ended`, anchored on the creation day's midnight);
 * - `running` → `declining` after `decliningAfterDays` daily reports in a row below the threshold;
 *   `declining` → `running` after `recoveryDays` reports in a row at or above it (a report without a
 *   readable rate breaks either streak);
 * - `declining` → `archived` after `archiveAfterDeclining` (`decline_expired`);
 * - every live state → `archived` at the planned lifetime (`lifetime_ended`) or on `archive`, and
 *   → `dissolved` on `dissolve`. `archived` and `dissolved` are final.
 *
 * Context: `lowDays`, `healthyDays` (the current streaks).
 *
 * @example
 * ```ts
 * import { createGroupLifecycle, replayLifecycle } from 'siyu/lifecycle';
 * const groups = createGroupLifecycle({ lifetime: 'short' });
 * const { timeline } = replayLifecycle(groups, [{ type: 'ceremony_started', id: 'g1', at: '2026-03-02T20:00:00+08:00' }], { until: '2026-03-31T00:00:00+08:00' });
 * timeline.map((s) => [s.state, new Date(s.from).toISOString()]);
 * // → [['created', '2026-03-02T12:00:00.000Z'], ['opening', '2026-03-02T12:00:00.000Z'], ['running', '2026-03-04T16:00:00.000Z'], ['archived', '2026-03-08T16:00:00.000Z']]
 * ```
 */
export function createGroupLifecycle(input: GroupLifecycleConfigInput = {}): LifecycleMachine<GroupLifecycleState, GroupLifecycleEvent> {
  const config = parseGroupLifecycleConfig(input);
  const threshold = config.activityRateThreshold;
  const lifetime = config.lifetimes[config.lifetime];
  const lifetimeDeadline: LifecycleDeadlineDefinition<GroupLifecycleEvent>[] =
    lifetime === null ? [] : [{ event: 'lifetime_ended', after: lifetime, from: 'start', startOf: 'day' }];
  const ceremonyEnd: LifecycleDeadlineDefinition<GroupLifecycleEvent> = {
    event: 'ceremony_ended',
    after: { amount: config.openingDays, unit: 'day' },
    from: 'start',
    startOf: 'day',
  };
  const count = (field: string) => (context: LifecycleGuardInput['context']): number => {
    const value = context[field];
    return typeof value === 'number' ? value : 0;
  };
  const lowDays = count('lowDays');
  const healthyDays = count('healthyDays');
  const low = ({ event }: LifecycleGuardInput): boolean => {
    const rate = activityRate(event.props);
    return rate !== undefined && rate < threshold;
  };
  const healthy = ({ event }: LifecycleGuardInput): boolean => {
    const rate = activityRate(event.props);
    return rate !== undefined && rate >= threshold;
  };
  const reset = { lowDays: { value: 0 }, healthyDays: { value: 0 } };
  const entry = (state: GroupLifecycleState) => ({ entry: presetEntryEffects(state, config.sopTemplates, config.effects) });
  const states: { [K in GroupLifecycleState]: LifecycleStateDefinition<GroupLifecycleState, GroupLifecycleEvent> } = {
    created: {
      description: 'created, the opening ceremony not yet started',
      on: { ceremony_started: { target: 'opening' }, ceremony_ended: { target: 'running' }, daily_activity: {} },
      deadlines: [ceremonyEnd, ...lifetimeDeadline],
      ...entry('created'),
    },
    opening: {
      description: '开群仪式: welcome, what the group offers, group rules, a closing activity (local days 0–2)',
      on: { ceremony_ended: { target: 'running' }, daily_activity: {} },
      deadlines: [ceremonyEnd, ...lifetimeDeadline],
      ...entry('opening'),
    },
    running: {
      description: 'running on its daily and weekly SOP',
      on: {
        daily_activity: [
          { target: 'declining', guard: 'lowStreakComplete', assign: reset },
          { guard: 'lowActivity', assign: { lowDays: { increment: 1 } } },
          { assign: { lowDays: { value: 0 } } },
        ],
      },
      deadlines: [...lifetimeDeadline],
      ...entry('running'),
    },
    declining: {
      description: 'activity rate below the threshold for decliningAfterDays days in a row',
      on: {
        daily_activity: [
          { target: 'running', guard: 'recoveryComplete', assign: reset },
          { guard: 'healthyActivity', assign: { healthyDays: { increment: 1 } } },
          { assign: { healthyDays: { value: 0 } } },
        ],
        decline_expired: { target: 'archived' },
      },
      deadlines: [...(config.archiveAfterDeclining === null ? [] : [{ event: 'decline_expired' as const, after: config.archiveAfterDeclining }]), ...lifetimeDeadline],
      ...entry('declining'),
    },
    archived: { description: 'archived: no more operation', final: true, ...entry('archived') },
    dissolved: { description: 'dissolved (解散)', final: true, ...entry('dissolved') },
  };
  const context: Record<string, JsonValue> = { lowDays: 0, healthyDays: 0 };
  return defineLifecycle(
    {
      id: config.id,
      initial: 'created',
      events: ['ceremony_started', 'ceremony_ended', 'daily_activity', 'decline_expired', 'lifetime_ended', 'archive', 'dissolve'],
      states,
      on: { lifetime_ended: { target: 'archived' }, archive: { target: 'archived' }, dissolve: { target: 'dissolved' } },
      context,
      timeZone: config.timeZone,
      activityTypes: activityTypeMap({
        ceremonyStartedTypes: ['ceremony_started', config.ceremonyStartedTypes],
        dailyActivityTypes: ['daily_activity', config.dailyActivityTypes],
        archiveTypes: ['archive', config.archiveTypes],
        dissolveTypes: ['dissolve', config.dissolveTypes],
      }) as Record<string, GroupLifecycleEvent>,
    },
    {
      guards: {
        lowActivity: low,
        healthyActivity: healthy,
        lowStreakComplete: (input) => low(input) && lowDays(input.context) + 1 >= config.decliningAfterDays,
        recoveryComplete: (input) => healthy(input) && healthyDays(input.context) + 1 >= config.recoveryDays,
      },
    },
  );
}
