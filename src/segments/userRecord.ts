/**
 * The user record every segment condition reads: metrics by name at the top level, profile
 * attributes under `attributes`, and, once computed, `rfm`, `cluster`, `tags` and `pyramid`.
 *
 * ```ts
 * { userId, eventsIn7Days: 2, spendIn30Days: 12_800, attributes: { city: 'Hangzhou' },
 *   rfm: { recency, frequency, monetary, r, f, m, score: '545', segment: 'champions', group: 'importantValue' },
 *   cluster: 1, tags: ['lightUser'], pyramid: 'user' }
 * ```
 *
 * @module
 */
import type { FieldType, JsonValue } from '../core/index.js';

/** A user's profile: id and attributes (channel, city, birthday …) that conditions read as `attributes.<name>`. */
export interface SegmentUserProfile {
  /** The user. */
  readonly userId: string;
  /** Profile attributes. */
  readonly attributes?: Readonly<Record<string, JsonValue>> | undefined;
}

/** What the record holds beyond metrics and attributes, to type-check conditions against. */
export interface SegmentRecordParts {
  /** Metric names. */
  readonly metrics: readonly string[];
  /** The record has `rfm.*`. */
  readonly rfm?: boolean | undefined;
  /** The record has `cluster`. */
  readonly cluster?: boolean | undefined;
  /** The record has `tags`. */
  readonly tags?: boolean | undefined;
  /** The record has `pyramid`. */
  readonly pyramid?: boolean | undefined;
}

/**
 * The fields a segment condition may read, with their types (for `compileCondition`'s `fields`),
 * so a misspelt metric is an error when the condition is compiled, not a silent `false`.
 *
 * @example
 * ```ts
 * import { segmentRecordFields } from 'siyu/segments';
 * segmentRecordFields({ metrics: ['eventsIn7Days'], tags: true });
 * // → { userId: 'string', 'attributes.*': 'any', eventsIn7Days: 'number', tags: 'string[]' }
 * ```
 */
export function segmentRecordFields(parts: SegmentRecordParts): Record<string, FieldType> {
  const fields: Record<string, FieldType> = { userId: 'string', 'attributes.*': 'any' };
  for (const m of parts.metrics) fields[m] = 'number';
  if (parts.rfm === true) {
    for (const k of ['recency', 'frequency', 'monetary', 'r', 'f', 'm']) fields[`rfm.${k}`] = 'number';
    for (const k of ['score', 'segment', 'group']) fields[`rfm.${k}`] = 'string';
  }
  if (parts.cluster === true) fields.cluster = 'number';
  if (parts.tags === true) fields.tags = 'string[]';
  if (parts.pyramid === true) fields.pyramid = 'string';
  return fields;
}
