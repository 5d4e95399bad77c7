/**
 * Growth value (成长值): a non-spendable score earned by rules in core's award-rule shape (the
 * same JSON as points earning rules), never spent and never expired — windows decide what counts.
 *
 * @module
 */
import type { ActivityEvent } from '../core/index.js';
import { compileTierProgram } from './ladder.js';
import type { TierProgram } from './schema.js';

/**
 * The growth value one activity event earns under the program's growth rules: the sum of every
 * matching rule's award (per-spend rules round as configured, `floor` by default). Refund events
 * earn nothing here; a refund takes back growth proportionally (see {@link applyTierInput}).
 *
 * @example
 * ```ts
 * import { computeGrowthValue, parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'growthValue',
 *   window: { kind: 'lifetime' },
 *   growthRules: [
 *     { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
 *     { id: 'checkin', eventType: 'check_in', award: { kind: 'fixed', amount: 5 } },
 *   ],
 *   tiers: [{ name: 'V1', threshold: 0 }, { name: 'V2', threshold: 1000 }],
 * });
 * computeGrowthValue(program, { id: 'o1', userId: 'u1', type: 'purchase', at: 0, amount: 12_999 }); // → 129
 * computeGrowthValue(program, { id: 'c1', userId: 'u1', type: 'check_in', at: 0 }); // → 5
 * ```
 */
export function computeGrowthValue(program: TierProgram, event: ActivityEvent): number {
  const compiled = compileTierProgram(program);
  if (event.type === compiled.refundType) return 0;
  let total = 0;
  for (const rule of compiled.growthRules) total += rule(event);
  return total;
}
