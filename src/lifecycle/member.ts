/**
 * The member lifecycle preset: joined → active member → at risk (tier retention in danger, or no
 * purchase for a while) → lapsed → rejoined.
 *
 * @module
 */
import type * as z from 'zod';
import { parseWith, type JsonValue } from '../core/index.js';
import type { LifecycleStateDefinition } from './definition.js';
import { defineLifecycle, type LifecycleMachine } from './machine.js';
import { activityTypeMap, checkTypeLists, presetEntryEffects } from './preset.js';
import type { MEMBER_LIFECYCLE_STATES} from './schema.js';
import { MemberLifecycleConfigSchema } from './schema.js';

/** A member lifecycle state. */
export type MemberLifecycleState = (typeof MEMBER_LIFECYCLE_STATES)[number];

/** The member lifecycle's events; `purchase_overdue` and `lapse` are fired by deadlines. */
export type MemberLifecycleEvent =
  | 'purchase'
  | 'tier_at_risk'
  | 'tier_retained'
  | 'tier_upgraded'
  | 'member_left'
  | 'member_rejoined'
  | 'purchase_overdue'
  | 'lapse';

/** A member lifecycle config as written (every field optional). */
export type MemberLifecycleConfigInput = z.input<typeof MemberLifecycleConfigSchema>;

/**
 * A member lifecycle config with defaults filled in:
 * - `atRiskAfter` 60 days without a sign of life (a purchase, an upgrade, a retained tier, a
 *   rejoin; from the join for a new member) makes a member `atRisk`;
 * - `lapsedAfter` 90 days in `atRisk` makes them `lapsed`;
 * - activity types: `purchase`, `tier_at_risk`, `tier_retained`, `tier_upgraded` (from the tiers
 *   module's re-evaluation), `member_left`, `member_rejoined`.
 */
export type MemberLifecycleConfig = z.output<typeof MemberLifecycleConfigSchema>;

/**
 * Parses a member lifecycle config, filling in defaults, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseMemberLifecycleConfig } from 'siyu/lifecycle';
 * parseMemberLifecycleConfig({ lapsedAfter: { amount: 6, unit: 'month' } }).lapsedAfter; // → { amount: 6, unit: 'month' }
 * parseMemberLifecycleConfig({ purchaseTypes: ['order'], leftTypes: ['order'] }); // throws: siyu: leftTypes[0]: "order" is already in purchaseTypes
 * ```
 */
export function parseMemberLifecycleConfig(input: unknown = {}): MemberLifecycleConfig {
  const config = parseWith(MemberLifecycleConfigSchema, input);
  checkTypeLists(
    {
      purchaseTypes: config.purchaseTypes,
      tierAtRiskTypes: config.tierAtRiskTypes,
      tierRetainedTypes: config.tierRetainedTypes,
      tierUpgradedTypes: config.tierUpgradedTypes,
      leftTypes: config.leftTypes,
      rejoinedTypes: config.rejoinedTypes,
    },
    [],
  );
  return config;
}

/**
 * The member lifecycle machine:
 * - `joined` → `active` on a purchase or an upgrade; → `atRisk` on `tier_at_risk` or
 *   `atRiskAfter` after joining without either (`purchase_overdue`);
 * - `active` → `atRisk` on `tier_at_risk`, or `atRiskAfter` after the last sign of life;
 * - `atRisk` → `active` on a purchase, `tier_retained` or `tier_upgraded`; → `lapsed` after
 *   `lapsedAfter` (`lapse`);
 * - any live state → `lapsed` on `member_left`;
 * - `lapsed` → `rejoined` on `member_rejoined` or a purchase; `rejoined` behaves as `joined`.
 *
 * Context: `lastSignAt` (last purchase, upgrade, retained tier or rejoin), `lastPurchaseAt`.
 *
 * @example
 * ```ts
 * import { createMemberLifecycle, replayLifecycle } from 'siyu/lifecycle';
 * const members = createMemberLifecycle();
 * const { snapshot } = replayLifecycle(members, [{ type: 'purchase', id: 'o1', at: '2026-01-10T12:00:00+08:00' }], { start: '2026-01-01T00:00:00+08:00', until: '2026-03-12T00:00:00+08:00' });
 * snapshot.state; // → 'atRisk'
 * ```
 */
export function createMemberLifecycle(input: MemberLifecycleConfigInput = {}): LifecycleMachine<MemberLifecycleState, MemberLifecycleEvent> {
  const config = parseMemberLifecycleConfig(input);
  const sign = { lastSignAt: { fromEvent: 'at' } };
  const bought = { lastSignAt: { fromEvent: 'at' }, lastPurchaseAt: { fromEvent: 'at' } };
  const entry = (state: MemberLifecycleState) => ({ entry: presetEntryEffects(state, config.sopTemplates, config.effects) });
  const fresh = (from: 'start' | 'entry'): LifecycleStateDefinition<MemberLifecycleState, MemberLifecycleEvent> => ({
    on: {
      purchase: { target: 'active', assign: bought },
      tier_upgraded: { target: 'active', assign: sign },
      tier_retained: { assign: sign },
      tier_at_risk: { target: 'atRisk' },
      purchase_overdue: { target: 'atRisk' },
    },
    deadlines: [{ event: 'purchase_overdue', after: config.atRiskAfter, from }],
  });
  const states: { [K in MemberLifecycleState]: LifecycleStateDefinition<MemberLifecycleState, MemberLifecycleEvent> } = {
    joined: { description: 'joined the membership, no purchase yet', ...fresh('start'), ...entry('joined') },
    active: {
      description: 'active member: a sign of life within atRiskAfter',
      on: {
        purchase: { assign: bought },
        tier_upgraded: { assign: sign },
        tier_retained: { assign: sign },
        tier_at_risk: { target: 'atRisk' },
        purchase_overdue: { target: 'atRisk' },
      },
      deadlines: [{ event: 'purchase_overdue', after: config.atRiskAfter, from: { context: 'lastSignAt' } }],
      ...entry('active'),
    },
    atRisk: {
      description: 'at risk: tier retention in danger, or no sign of life for atRiskAfter',
      on: {
        purchase: { target: 'active', assign: bought },
        tier_retained: { target: 'active', assign: sign },
        tier_upgraded: { target: 'active', assign: sign },
        tier_at_risk: {},
        lapse: { target: 'lapsed' },
      },
      deadlines: [{ event: 'lapse', after: config.lapsedAfter }],
      ...entry('atRisk'),
    },
    lapsed: {
      description: 'lapsed: left, or at risk for lapsedAfter',
      on: { member_rejoined: { target: 'rejoined', assign: sign }, purchase: { target: 'rejoined', assign: bought }, member_left: {} },
      ...entry('lapsed'),
    },
    rejoined: { description: 'back after lapsing; behaves as joined', ...fresh('entry'), ...entry('rejoined') },
  };
  const context: Record<string, JsonValue> = { lastSignAt: null, lastPurchaseAt: null };
  return defineLifecycle(
    {
      id: config.id,
      initial: 'joined',
      events: ['purchase', 'tier_at_risk', 'tier_retained', 'tier_upgraded', 'member_left', 'member_rejoined', 'purchase_overdue', 'lapse'],
      states,
      on: { member_left: { target: 'lapsed' } },
      context,
      timeZone: config.timeZone,
      activityTypes: activityTypeMap({
        purchaseTypes: ['purchase', config.purchaseTypes],
        tierAtRiskTypes: ['tier_at_risk', config.tierAtRiskTypes],
        tierRetainedTypes: ['tier_retained', config.tierRetainedTypes],
        tierUpgradedTypes: ['tier_upgraded', config.tierUpgradedTypes],
        leftTypes: ['member_left', config.leftTypes],
        rejoinedTypes: ['member_rejoined', config.rejoinedTypes],
      }) as Record<string, MemberLifecycleEvent>,
    },
  );
}
