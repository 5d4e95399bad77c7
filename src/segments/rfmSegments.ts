/**
 * The two RFM segment schemes: the 11 named segments over 1–5 scores (first matching rule
 * wins, else `others`) and the Chinese 8 groups split by the mean (重要价值 … 一般挽留).
 *
 * @module
 */
import type { RfmSegmentRule, SegmentLabel } from './schema.js';

/**
 * The 11 named RFM segments, **in rule order** (the first rule whose three score ranges all
 * contain the user's scores wins; no match → `others`). Ranges follow the R `rfm` package's
 * example table, reordered so every segment is reachable (in that table's order, first-match
 * hides New Customers, Promising and Can't Lose Them, and last-match hides Champions): specific
 * rules come first. New Customers accept any M (one recent purchase of any size) and Lost is
 * the bottom cell R = F = M = 1, checked before the wider Hibernating.
 *
 * | # | key | R | F | M |
 * | --- | --- | --- | --- | --- |
 * | 1 | champions | 4–5 | 4–5 | 4–5 |
 * | 2 | loyalCustomers | 3–5 | 3–5 | 3–5 |
 * | 3 | newCustomers | 4–5 | 1–1 | 1–5 |
 * | 4 | promising | 3–4 | 1–1 | 1–1 |
 * | 5 | needAttention | 2–3 | 2–3 | 2–3 |
 * | 6 | potentialLoyalist | 3–5 | 1–3 | 1–3 |
 * | 7 | aboutToSleep | 2–3 | 1–2 | 1–2 |
 * | 8 | cantLoseThem | 1–1 | 4–5 | 4–5 |
 * | 9 | atRisk | 1–2 | 2–5 | 2–5 |
 * | 10 | lost | 1–1 | 1–1 | 1–1 |
 * | 11 | hibernating | 1–2 | 1–2 | 1–2 |
 */
export const DEFAULT_RFM_SEGMENTS: readonly RfmSegmentRule[] = [
  { key: 'champions', label: { en: 'Champions', zh: '冠军客户' }, recency: [4, 5], frequency: [4, 5], monetary: [4, 5] },
  { key: 'loyalCustomers', label: { en: 'Loyal Customers', zh: '忠诚客户' }, recency: [3, 5], frequency: [3, 5], monetary: [3, 5] },
  { key: 'newCustomers', label: { en: 'New Customers', zh: '新客户' }, recency: [4, 5], frequency: [1, 1], monetary: [1, 5] },
  { key: 'promising', label: { en: 'Promising', zh: '有潜力客户' }, recency: [3, 4], frequency: [1, 1], monetary: [1, 1] },
  { key: 'needAttention', label: { en: 'Need Attention', zh: '需要关注' }, recency: [2, 3], frequency: [2, 3], monetary: [2, 3] },
  { key: 'potentialLoyalist', label: { en: 'Potential Loyalist', zh: '潜在忠诚客户' }, recency: [3, 5], frequency: [1, 3], monetary: [1, 3] },
  { key: 'aboutToSleep', label: { en: 'About To Sleep', zh: '即将沉睡' }, recency: [2, 3], frequency: [1, 2], monetary: [1, 2] },
  { key: 'cantLoseThem', label: { en: "Can't Lose Them", zh: '不能失去' }, recency: [1, 1], frequency: [4, 5], monetary: [4, 5] },
  { key: 'atRisk', label: { en: 'At Risk', zh: '有流失风险' }, recency: [1, 2], frequency: [2, 5], monetary: [2, 5] },
  { key: 'lost', label: { en: 'Lost', zh: '已流失' }, recency: [1, 1], frequency: [1, 1], monetary: [1, 1] },
  { key: 'hibernating', label: { en: 'Hibernating', zh: '休眠客户' }, recency: [1, 2], frequency: [1, 2], monetary: [1, 2] },
];

/** The segment of users no rule matches. */
export const RFM_OTHERS_SEGMENT: { readonly key: 'others'; readonly label: SegmentLabel } = { key: 'others', label: { en: 'Others', zh: '其他' } };

/**
 * The first rule containing the scores, or `undefined`.
 *
 * @example
 * ```ts
 * import { matchRfmSegment } from 'siyu/segments';
 * matchRfmSegment(5, 5, 5)?.key; // → 'champions'
 * matchRfmSegment(5, 4, 1); // → undefined
 * ```
 */
export function matchRfmSegment(r: number, f: number, m: number, rules: readonly RfmSegmentRule[] = DEFAULT_RFM_SEGMENTS): RfmSegmentRule | undefined {
  const inside = (v: number, range: readonly [number, number]): boolean => v >= range[0] && v <= range[1];
  return rules.find((rule) => inside(r, rule.recency) && inside(f, rule.frequency) && inside(m, rule.monetary));
}

/** The keys of the Chinese 8-group scheme. */
export type RfmGroupKey =
  | 'importantValue'
  | 'importantDevelop'
  | 'importantKeep'
  | 'importantRetain'
  | 'generalValue'
  | 'generalDevelop'
  | 'generalKeep'
  | 'generalRetain';

/**
 * The Chinese 8 groups by (recent, F high, M high): M high makes a group 重要 (important), low
 * 一般 (general); then recent + F high = 价值 (value), recent + F low = 发展 (develop), not recent
 * + F high = 保持 (keep), not recent + F low = 挽留 (retain, win back).
 */
export const RFM_GROUPS: Readonly<Record<RfmGroupKey, SegmentLabel>> = {
  importantValue: { en: 'Important value', zh: '重要价值客户' },
  importantDevelop: { en: 'Important to develop', zh: '重要发展客户' },
  importantKeep: { en: 'Important to keep', zh: '重要保持客户' },
  importantRetain: { en: 'Important to win back', zh: '重要挽留客户' },
  generalValue: { en: 'General value', zh: '一般价值客户' },
  generalDevelop: { en: 'General to develop', zh: '一般发展客户' },
  generalKeep: { en: 'General to keep', zh: '一般保持客户' },
  generalRetain: { en: 'General to win back', zh: '一般挽留客户' },
};

/**
 * The 8-group key from the three comparisons with the means.
 *
 * @example
 * ```ts
 * import { rfmGroupOf } from 'siyu/segments';
 * rfmGroupOf(true, false, true); // → 'importantDevelop'
 * rfmGroupOf(false, false, false); // → 'generalRetain'
 * ```
 */
export function rfmGroupOf(recent: boolean, frequentHigh: boolean, monetaryHigh: boolean): RfmGroupKey {
  const tier = monetaryHigh ? 'important' : 'general';
  const kind = recent ? (frequentHigh ? 'Value' : 'Develop') : frequentHigh ? 'Keep' : 'Retain';
  return `${tier}${kind}` as RfmGroupKey;
}
