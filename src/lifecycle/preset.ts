/**
 * Building blocks shared by the lifecycle presets: activity-type maps and entry effects from
 * config.
 *
 * @module
 */
import { SiyuError, type FieldPath } from '../core/index.js';
import type { LifecycleEffectDefinition } from './definition.js';

/**
 * Throws a `SiyuError` naming the entry when one activity type appears in two lists.
 *
 * @example
 * ```ts
 * import { parseCustomerLifecycleConfig } from 'siyu/lifecycle';
 * parseCustomerLifecycleConfig({ activityTypes: ['message', 'add_friend'] }); // throws: siyu: activityTypes[1]: "add_friend" is already in friendAddedTypes
 * ```
 */
export function checkTypeLists(lists: Readonly<Record<string, readonly string[]>>, root: FieldPath): void {
  const owner = new Map<string, string>();
  for (const [list, types] of Object.entries(lists)) {
    types.forEach((type, i) => {
      const before = owner.get(type);
      if (before !== undefined) throw SiyuError.at([...root, list, i], `"${type}" is already in ${before}`, 'invalid_config');
      owner.set(type, list);
    });
  }
}

/**
 * Builds the `activityTypes` map of a preset from its type lists, after checking no type is in two lists.
 *
 * @example
 * ```ts
 * import { createGroupLifecycle, lifecycleEventOf } from 'siyu/lifecycle';
 * lifecycleEventOf(createGroupLifecycle(), { id: 'g9', userId: 'group-1', type: 'group_dissolved', at: 0 })?.type; // → 'dissolve'
 * ```
 */
export function activityTypeMap(lists: Readonly<Record<string, readonly [string, readonly string[]]>>): Record<string, string> {
  checkTypeLists(Object.fromEntries(Object.entries(lists).map(([k, [, v]]) => [k, v])), []);
  const out: Record<string, string> = {};
  for (const [event, types] of Object.values(lists)) for (const type of types) out[type] = event;
  return out;
}

/**
 * Entry effects of a state: `startSop` (when a template is configured), then the configured extras.
 *
 * @example
 * ```ts
 * import { createCustomerLifecycle } from 'siyu/lifecycle';
 * createCustomerLifecycle({ sopTemplates: { silent: 'wake-up' } }).definition.states.silent.entry; // → [{ type: 'startSop', templateId: 'wake-up' }]
 * ```
 */
export function presetEntryEffects(
  state: string,
  sopTemplates: Readonly<Partial<Record<string, string>>>,
  effects: Readonly<Partial<Record<string, readonly LifecycleEffectDefinition[]>>>,
): LifecycleEffectDefinition[] {
  const template = sopTemplates[state];
  return [...(template === undefined ? [] : [{ type: 'startSop', templateId: template }]), ...(effects[state] ?? [])];
}

