/**
 * Ordered labelling: a list of rules in priority order and a fallback; the first rule whose
 * condition holds labels the user. The value pyramid (customer → user → super user) and
 * layering plans (one label per user from several tag sets) are both this shape.
 *
 * @module
 */
import { compileCondition, explainCondition, type ComparisonCheck, type FieldPath, type Predicate } from '../core/index.js';
import { parseSegmentLabelRules, type SegmentLabel, type SegmentLabelRules } from './schema.js';
import { segmentRecordFields, type SegmentRecordParts } from './userRecord.js';

/** Why a user got its label. */
export interface SegmentLabelExplanation {
  /** The label's key. */
  readonly key: string;
  /** The label's display names, when configured. */
  readonly label?: SegmentLabel | undefined;
  /** Index of the deciding rule, or `-1` for the fallback. */
  readonly ruleIndex: number;
  /** The deciding rule's comparisons with the user's values (empty for the fallback). */
  readonly checks: readonly ComparisonCheck[];
  /** Keys of the higher-priority rules that did not match. */
  readonly skipped: readonly string[];
}

/** Label rules compiled to predicates. */
export interface CompiledSegmentLabelRules {
  /** The rules, validated. */
  readonly rules: SegmentLabelRules;
  /** The label key of one record. */
  readonly labelOf: (record: unknown) => string;
  /** The label of one record with the rule and values that decided it. */
  readonly explain: (record: unknown) => SegmentLabelExplanation;
}

/**
 * Validates ordered label rules and compiles every condition once. With `parts`, conditions
 * may read only fields the record has (`SiyuError` naming `root.rules[i].when…` otherwise).
 *
 * @example
 * ```ts
 * import { compileSegmentLabelRules } from 'siyu/segments';
 * const plan = compileSegmentLabelRules({
 *   rules: [
 *     { key: 'winBack', when: { field: 'tags', op: 'contains', value: 'churned' } },
 *     { key: 'nurture', when: { field: 'tags', op: 'contains', value: 'lightUser' } },
 *   ],
 *   fallback: { key: 'regular' },
 * });
 * plan.labelOf({ tags: ['lightUser', 'churned'] }); // → 'winBack'
 * plan.labelOf({ tags: [] }); // → 'regular'
 * plan.explain({ tags: ['lightUser'] }).skipped; // → ['winBack']
 * ```
 */
export function compileSegmentLabelRules(rules: SegmentLabelRules | unknown, parts?: SegmentRecordParts, root: FieldPath = []): CompiledSegmentLabelRules {
  const parsed = parseSegmentLabelRules(rules, root);
  const fields = parts === undefined ? undefined : segmentRecordFields(parts);
  const predicates: Predicate[] = parsed.rules.map((r, i) =>
    compileCondition(r.when, { ...(fields === undefined ? {} : { fields }), root: [...root, 'rules', i, 'when'] }),
  );
  const firstMatch = (record: unknown): number => {
    for (let i = 0; i < predicates.length; i++) if ((predicates[i] as Predicate)(record)) return i;
    return -1;
  };
  return {
    rules: parsed,
    labelOf: (record) => {
      const i = firstMatch(record);
      return i === -1 ? parsed.fallback.key : (parsed.rules[i] as { key: string }).key;
    },
    explain: (record) => {
      const i = firstMatch(record);
      const skipped = parsed.rules.slice(0, i === -1 ? parsed.rules.length : i).map((r) => r.key);
      if (i === -1) return { key: parsed.fallback.key, ...(parsed.fallback.label ? { label: parsed.fallback.label } : {}), ruleIndex: -1, checks: [], skipped };
      const rule = parsed.rules[i] as SegmentLabelRules['rules'][number];
      return { key: rule.key, ...(rule.label ? { label: rule.label } : {}), ruleIndex: i, checks: explainCondition(rule.when, record).checks, skipped };
    },
  };
}

/**
 * The default value pyramid (客户 → 用户 → 超级用户), over the built-in metrics and RFM:
 *
 * - `superUser` 超级用户 (铁粉): an RFM Champion or Loyal Customer, or at least 3 orders ever
 *   (`ordersEver ≥ 3`) and active in the last 30 days (`eventsIn30Days ≥ 1`);
 * - `user` 用户: bought at least once (`ordersEver ≥ 1`);
 * - `customer` 客户: everyone else in the pool (reached, not yet converted).
 */
export const DEFAULT_VALUE_PYRAMID: SegmentLabelRules = {
  rules: [
    {
      key: 'superUser',
      label: { en: 'Super user', zh: '超级用户' },
      when: {
        any: [
          { field: 'rfm.segment', op: 'in', value: ['champions', 'loyalCustomers'] },
          { all: [{ field: 'ordersEver', op: 'gte', value: 3 }, { field: 'eventsIn30Days', op: 'gte', value: 1 }] },
        ],
      },
    },
    { key: 'user', label: { en: 'User', zh: '用户' }, when: { field: 'ordersEver', op: 'gte', value: 1 } },
  ],
  fallback: { key: 'customer', label: { en: 'Customer', zh: '客户' } },
};

/**
 * A default layering plan: one operating label per user from the tags and the pyramid, in
 * priority order — `dormant` (never active), `winBack` (churned), `superUser`, `highValue`
 * (high spender), `nurture` (light user), else `regular`.
 */
export const DEFAULT_LAYERING_PLAN: SegmentLabelRules = {
  rules: [
    { key: 'dormant', label: { en: 'Never active: activate', zh: '未激活' }, when: { field: 'tags', op: 'contains', value: 'neverActive' } },
    { key: 'winBack', label: { en: 'Churned: win back', zh: '流失召回' }, when: { field: 'tags', op: 'contains', value: 'churned' } },
    { key: 'superUser', label: { en: 'Super user: care', zh: '超级用户维护' }, when: { field: 'pyramid', op: 'eq', value: 'superUser' } },
    { key: 'highValue', label: { en: 'High value: upsell', zh: '高价值' }, when: { field: 'tags', op: 'contains', value: 'highSpender' } },
    { key: 'nurture', label: { en: 'Light user: nurture', zh: '轻度培育' }, when: { field: 'tags', op: 'contains', value: 'lightUser' } },
  ],
  fallback: { key: 'regular', label: { en: 'Regular', zh: '普通用户' } },
};
