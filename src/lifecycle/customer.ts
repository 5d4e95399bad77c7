/**
 * The customer lifecycle preset: 潜客 → 新客 → 活跃 → 沉默 → 流失 → 召回 (prospect, new, active,
 * silent, churned, recalled), built from a config with documented defaults.
 *
 * @module
 */
import type * as z from 'zod';
import { SiyuError, addDuration, parseWith, type JsonValue } from '../core/index.js';
import type { LifecycleStateDefinition, LifecycleTransitionDefinition } from './definition.js';
import { defineLifecycle, type LifecycleGuardInput, type LifecycleMachine } from './machine.js';
import { durationElapsed } from './duration.js';
import { activityTypeMap, checkTypeLists, presetEntryEffects } from './preset.js';
import type { CUSTOMER_LIFECYCLE_STATES} from './schema.js';
import { CustomerLifecycleConfigSchema } from './schema.js';

/** A customer lifecycle state. */
export type CustomerLifecycleState = (typeof CUSTOMER_LIFECYCLE_STATES)[number];

/** The customer lifecycle's events: five from activity, four fired by deadlines. */
export type CustomerLifecycleEvent =
  | 'lead_seen'
  | 'friend_added'
  | 'activity'
  | 'friend_deleted'
  | 'left_all_groups'
  | 'new_period_ended'
  | 'silence'
  | 'churn'
  | 'recall_expired';

/** A customer lifecycle config as written (every field optional). */
export type CustomerLifecycleConfigInput = z.input<typeof CustomerLifecycleConfigSchema>;

/**
 * A customer lifecycle config with defaults filled in:
 * - `newFor` 7 days: a friend stays `new` this long, then becomes active, silent or churned by idle time;
 * - `silentAfter` 7 days and `churnedAfter` 30 days of no qualifying activity (measured from the last
 *   one, or from the friend-add when there was none); `churnedAfter` must exceed `silentAfter`;
 * - `recallWindow` 14 days: a recalled customer becomes active on a second activity within it, else churned again;
 * - activity types mapped to machine events (`add_friend` → `friend_added`; `message`, `purchase`,
 *   `check_in` → `activity`; `delete_friend` → `friend_deleted`; `left_all_groups`; `lead_seen`);
 * - `sopTemplates`: a `startSop` entry effect per state; `effects`: further entry effects per state;
 * - `timeZone` `'Asia/Shanghai'`: day units are local calendar days.
 */
export type CustomerLifecycleConfig = z.output<typeof CustomerLifecycleConfigSchema>;

/**
 * Parses a customer lifecycle config, filling in defaults, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseCustomerLifecycleConfig } from 'siyu/lifecycle';
 * parseCustomerLifecycleConfig({ churnedAfter: { amount: 60, unit: 'day' } }).churnedAfter; // → { amount: 60, unit: 'day' }
 * parseCustomerLifecycleConfig({ churnedAfter: { amount: 5, unit: 'day' } }); // throws: siyu: churnedAfter: must be longer than silentAfter
 * ```
 */
export function parseCustomerLifecycleConfig(input: unknown = {}): CustomerLifecycleConfig {
  const config = parseWith(CustomerLifecycleConfigSchema, input);
  // Compare on a fixed instant: calendar units are compared as the durations they give from there.
  const probe = Date.UTC(2026, 0, 1);
  if (addDuration(probe, config.churnedAfter, config.timeZone) <= addDuration(probe, config.silentAfter, config.timeZone)) {
    throw SiyuError.at(['churnedAfter'], 'must be longer than silentAfter', 'invalid_config');
  }
  checkTypeLists(
    {
      leadTypes: config.leadTypes,
      friendAddedTypes: config.friendAddedTypes,
      activityTypes: config.activityTypes,
      friendDeletedTypes: config.friendDeletedTypes,
      leftAllGroupsTypes: config.leftAllGroupsTypes,
    },
    [],
  );
  return config;
}

/**
 * The customer lifecycle machine. States and moves (each move is an effect `enteredState`):
 * - `prospect` (a lead seen) → `new` on `friend_added`;
 * - `new` → at `newFor` after entry (`new_period_ended`): `churned` if idle ≥ `churnedAfter`, else
 *   `silent` if idle ≥ `silentAfter`, else `active`;
 * - `active` → `silent` at `idleSince + silentAfter` (`silence`);
 * - `silent` → `active` on activity; → `churned` at `idleSince + churnedAfter` (`churn`);
 * - `churned` → `recalled` on activity or a new friend-add;
 * - `recalled` → `active` on a second activity; → `churned` at `recallWindow` after entry (`recall_expired`);
 * - `friend_deleted` / `left_all_groups` → `churned` from new, active, silent and recalled.
 *
 * Context: `idleSince` (last qualifying activity, else the friend-add), `lastActiveAt`,
 * `friendAddedAt`, all epoch ms or `null`.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle, replayLifecycle } from 'siyu/lifecycle';
 * const customers = createCustomerLifecycle({ sopTemplates: { silent: 'wake-up-7d' } });
 * const { timeline } = replayLifecycle(customers, [
 *   { type: 'friend_added', id: 'e1', at: '2026-03-02T10:00:00+08:00' },
 *   { type: 'activity', id: 'e2', at: '2026-03-05T10:00:00+08:00' },
 * ], { until: '2026-05-01T00:00:00+08:00' });
 * timeline.map((s) => s.state); // → ['prospect', 'new', 'active', 'silent', 'churned']
 * new Date(timeline[3]?.from ?? 0).toISOString(); // → '2026-03-12T02:00:00.000Z'
 * ```
 */
export function createCustomerLifecycle(input: CustomerLifecycleConfigInput = {}): LifecycleMachine<CustomerLifecycleState, CustomerLifecycleEvent> {
  const config = parseCustomerLifecycleConfig(input);
  const zone = config.timeZone;
  const idleReached = (after: typeof config.silentAfter) => ({ context, event }: LifecycleGuardInput): boolean => {
    const idleSince = context['idleSince'];
    return typeof idleSince === 'number' && durationElapsed(idleSince, after, event.at, zone);
  };
  const activity: Record<string, { readonly fromEvent: string }> = { idleSince: { fromEvent: 'at' }, lastActiveAt: { fromEvent: 'at' } };
  const toChurned: LifecycleTransitionDefinition<CustomerLifecycleState> = { target: 'churned' };
  const leaving = { friend_deleted: toChurned, left_all_groups: toChurned };
  const entry = (state: CustomerLifecycleState) => ({ entry: presetEntryEffects(state, config.sopTemplates, config.effects) });
  const states: { [K in CustomerLifecycleState]: LifecycleStateDefinition<CustomerLifecycleState, CustomerLifecycleEvent> } = {
    prospect: {
      description: '潜客: a lead seen, not yet a friend',
      on: { lead_seen: {}, friend_added: { target: 'new', assign: { friendAddedAt: { fromEvent: 'at' }, idleSince: { fromEvent: 'at' } } } },
      ...entry('prospect'),
    },
    new: {
      description: '新客: a new friend, for newFor after the friend-add',
      on: {
        activity: { assign: activity },
        new_period_ended: [
          { target: 'churned', guard: 'idleForChurn' },
          { target: 'silent', guard: 'idleForSilence' },
          { target: 'active' },
        ],
        ...leaving,
      },
      deadlines: [{ event: 'new_period_ended', after: config.newFor }],
      ...entry('new'),
    },
    active: {
      description: '活跃: a qualifying activity within silentAfter',
      on: { activity: { assign: activity }, silence: { target: 'silent' }, ...leaving },
      deadlines: [{ event: 'silence', after: config.silentAfter, from: { context: 'idleSince' } }],
      ...entry('active'),
    },
    silent: {
      description: '沉默: idle for silentAfter',
      on: { activity: { target: 'active', assign: activity }, churn: { target: 'churned' }, ...leaving },
      deadlines: [{ event: 'churn', after: config.churnedAfter, from: { context: 'idleSince' } }],
      ...entry('silent'),
    },
    churned: {
      description: '流失: idle for churnedAfter, or the friend deleted / every group left',
      on: {
        activity: { target: 'recalled', assign: activity },
        friend_added: { target: 'recalled', assign: { friendAddedAt: { fromEvent: 'at' }, idleSince: { fromEvent: 'at' } } },
        friend_deleted: {},
        left_all_groups: {},
      },
      ...entry('churned'),
    },
    recalled: {
      description: '召回: back after churning; active on a second activity within recallWindow',
      on: { activity: { target: 'active', assign: activity }, recall_expired: { target: 'churned' }, ...leaving },
      deadlines: [{ event: 'recall_expired', after: config.recallWindow }],
      ...entry('recalled'),
    },
  };
  const context: Record<string, JsonValue> = { idleSince: null, lastActiveAt: null, friendAddedAt: null };
  return defineLifecycle(
    {
      id: config.id,
      initial: 'prospect',
      events: ['lead_seen', 'friend_added', 'activity', 'friend_deleted', 'left_all_groups', 'new_period_ended', 'silence', 'churn', 'recall_expired'],
      states,
      context,
      timeZone: zone,
      activityTypes: activityTypeMap({
        leadTypes: ['lead_seen', config.leadTypes],
        friendAddedTypes: ['friend_added', config.friendAddedTypes],
        activityTypes: ['activity', config.activityTypes],
        friendDeletedTypes: ['friend_deleted', config.friendDeletedTypes],
        leftAllGroupsTypes: ['left_all_groups', config.leftAllGroupsTypes],
      }) as Record<string, CustomerLifecycleEvent>,
    },
    { guards: { idleForChurn: idleReached(config.churnedAfter), idleForSilence: idleReached(config.silentAfter) } },
  );
}
