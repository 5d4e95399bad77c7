// Frozen copy of src/sop/exit.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Exit conditions: when an enrolment stops, from the target's facts.
 *
 * @module
 */
import type { Instant } from 'siyu/core';
import type { SopExitCondition, SopExitRule, SopFact } from './schema.js';

function firstMatch(condition: SopExitCondition, facts: readonly Pick<SopFact, 'kind' | 'at' | 'value'>[]): Instant | null {
  let first: Instant | null = null;
  for (const fact of facts) {
    if (fact.kind !== condition.fact) continue;
    if (condition.value !== undefined && fact.value !== condition.value) continue;
    if (first === null || fact.at < first) first = fact.at;
  }
  return first;
}

/**
 * The instant an exit rule is first satisfied by a target's facts, or `null` if never. `any`:
 * the earliest instant any condition holds; `all`: the instant the last of them comes to hold,
 * and `null` unless every condition has a matching fact. A condition with a `value` matches only
 * facts with that value (a tag name, a group id). Facts are taken as they are: one before the
 * anchor means the enrolment is over from the start.
 *
 * @example
 * ```ts
 * import { findSopExit } from 'siyu/sop';
 * const facts = [{ kind: 'tagAdded' as const, at: 200, value: 'vip' }, { kind: 'joinedGroup' as const, at: 100 }];
 * findSopExit({ any: [{ fact: 'joinedGroup' }, { fact: 'purchased' }] }, facts); // → 100
 * findSopExit({ all: [{ fact: 'joinedGroup' }, { fact: 'tagAdded', value: 'vip' }] }, facts); // → 200
 * findSopExit({ all: [{ fact: 'joinedGroup' }, { fact: 'purchased' }] }, facts); // → null
 * ```
 */
export function findSopExit(rule: SopExitRule | undefined, facts: readonly Pick<SopFact, 'kind' | 'at' | 'value'>[]): Instant | null {
  if (rule === undefined) return null;
  if ('any' in rule) {
    let best: Instant | null = null;
    for (const c of rule.any) {
      const at = firstMatch(c, facts);
      if (at !== null && (best === null || at < best)) best = at;
    }
    return best;
  }
  let latest: Instant | null = null;
  for (const c of rule.all) {
    const at = firstMatch(c, facts);
    if (at === null) return null;
    if (latest === null || at > latest) latest = at;
  }
  return latest;
}
