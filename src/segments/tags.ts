/**
 * Rule tags (规则类标签): named conditions over a user's metrics and attributes, compiled once
 * and evaluated for every user. Tags are independent: a user gets every tag whose condition
 * holds, in definition order.
 *
 * @module
 */
import { compileCondition, explainCondition, type ComparisonCheck, type Predicate } from '../core/index.js';
import { parseSegmentTags, type SegmentTagDefinition } from './schema.js';
import { segmentRecordFields, type SegmentRecordParts } from './userRecord.js';

/** Tag definitions compiled to predicates. */
export interface CompiledSegmentTags {
  /** The definitions, validated. */
  readonly definitions: readonly SegmentTagDefinition[];
  /** The tags of one user record, in definition order. */
  readonly tagsOf: (record: unknown) => string[];
}

/**
 * Validates tag definitions and compiles each condition once. With `parts`, every field a
 * condition reads must exist in the record (a misspelt metric is a `SiyuError` naming
 * `tags[i].condition…`).
 *
 * @example
 * ```ts
 * import { compileSegmentTags } from 'siyu/segments';
 * const tags = compileSegmentTags([{ name: 'lightUser', condition: { field: 'eventsIn7Days', op: 'lte', value: 3 } }], { metrics: ['eventsIn7Days'] });
 * tags.tagsOf({ eventsIn7Days: 2 }); // → ['lightUser']
 * compileSegmentTags([{ name: 'x', condition: { field: 'eventsIn7Dayz', op: 'lte', value: 3 } }], { metrics: ['eventsIn7Days'] }); // throws: siyu: tags[0].condition.field: unknown field "eventsIn7Dayz"
 * ```
 */
export function compileSegmentTags(definitions: readonly SegmentTagDefinition[] | unknown, parts?: SegmentRecordParts): CompiledSegmentTags {
  const defs = parseSegmentTags(definitions, ['tags']);
  const fields = parts === undefined ? undefined : segmentRecordFields(parts);
  const predicates: Predicate[] = defs.map((d, i) =>
    compileCondition(d.condition, { ...(fields === undefined ? {} : { fields }), root: ['tags', i, 'condition'] }),
  );
  return {
    definitions: defs,
    tagsOf: (record) => {
      const out: string[] = [];
      for (let i = 0; i < predicates.length; i++) if ((predicates[i] as Predicate)(record)) out.push((defs[i] as SegmentTagDefinition).name);
      return out;
    },
  };
}

/** Why a tag was or was not given: the verdict and each comparison with the user's value. */
export interface SegmentTagExplanation {
  /** The tag. */
  readonly tag: string;
  /** Whether the user has it. */
  readonly matched: boolean;
  /** Every comparison of the condition, with the field's actual value. */
  readonly checks: readonly ComparisonCheck[];
}

/**
 * Explains one tag for one user record: the verdict and every comparison with the actual value.
 *
 * @example
 * ```ts
 * import { explainSegmentTag } from 'siyu/segments';
 * const why = explainSegmentTag({ name: 'lightUser', condition: { field: 'eventsIn7Days', op: 'lte', value: 3 } }, { eventsIn7Days: 5 });
 * why.matched; // → false
 * why.checks[0]?.actual; // → 5
 * ```
 */
export function explainSegmentTag(definition: SegmentTagDefinition, record: unknown): SegmentTagExplanation {
  const why = explainCondition(definition.condition, record);
  return { tag: definition.name, matched: why.matched, checks: why.checks };
}

/**
 * Assigns tags to many user records in one go (conditions compiled once). Returns, per record,
 * its `userId` and tags.
 *
 * @example
 * ```ts
 * import { assignSegmentTags } from 'siyu/segments';
 * const tagged = assignSegmentTags(
 *   [{ name: 'churned', condition: { all: [{ field: 'eventsIn30Days', op: 'eq', value: 0 }, { field: 'eventsEver', op: 'gt', value: 0 }] } }],
 *   [{ userId: 'u1', eventsIn30Days: 0, eventsEver: 4 }, { userId: 'u2', eventsIn30Days: 0, eventsEver: 0 }],
 * );
 * tagged; // → [{ userId: 'u1', tags: ['churned'] }, { userId: 'u2', tags: [] }]
 * ```
 */
export function assignSegmentTags<R extends { readonly userId: string }>(
  definitions: readonly SegmentTagDefinition[] | unknown,
  records: readonly R[],
): { userId: string; tags: string[] }[] {
  const compiled = compileSegmentTags(definitions);
  return records.map((r) => ({ userId: r.userId, tags: compiled.tagsOf(r) }));
}
