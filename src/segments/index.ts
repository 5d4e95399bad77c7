/**
 * `siyu/segments`: user layering (用户分层). Metrics per user as of an instant (统计类), rule
 * tags over them (规则类), RFM scores with the 11 named segments and the Chinese 8 groups,
 * k-means clustering (算法类), the value pyramid customer → user → super user, layering plans,
 * and an explanation for every assignment.
 *
 * @packageDocumentation
 * @module segments
 */
export {
  KMeansOptionsSchema,
  RfmConfigSchema,
  RfmSegmentRuleSchema,
  SegmentLabelRulesSchema,
  SegmentMetricDefinitionSchema,
  SegmentMetricListSchema,
  SegmentProgramSchema,
  SegmentTagDefinitionSchema,
  SegmentTagListSchema,
  parseKMeansOptions,
  parseRfmConfig,
  parseSegmentLabelRules,
  parseSegmentMetrics,
  parseSegmentTags,
  type ActiveDaysMetricDefinition,
  type AverageMetricDefinition,
  type CountMetricDefinition,
  type DaysSinceLastMetricDefinition,
  type KMeansOptions,
  type OrderCountMetricDefinition,
  type QuantileBinMetricDefinition,
  type RfmConfig,
  type RfmScoreRange,
  type RfmScoring,
  type RfmSegmentRule,
  type RfmThresholds,
  type SeenMetricDefinition,
  type SegmentClusteringConfig,
  type SegmentLabel,
  type SegmentLabelRule,
  type SegmentLabelRules,
  type SegmentMetricDefinition,
  type SegmentProgram,
  type SegmentTagDefinition,
  type SumMetricDefinition,
} from './schema.js';
export { binByCutPoints, computeSegmentCutPoints, segmentQuantileProbabilities } from './quantile.js';
export {
  computeParsedMetricColumns,
  computeSegmentMetricColumns,
  computeSegmentMetrics,
  segmentMetricsAt,
  type SegmentMetricColumns,
  type SegmentMetricOptions,
  type UserSegmentMetrics,
} from './metrics.js';
export { segmentRecordFields, type SegmentRecordParts, type SegmentUserProfile } from './userRecord.js';
export { assignSegmentTags, compileSegmentTags, explainSegmentTag, type CompiledSegmentTags, type SegmentTagExplanation } from './tags.js';
export { BUILT_IN_SEGMENT_METRICS, BUILT_IN_SEGMENT_TAGS } from './builtIns.js';
export { DEFAULT_RFM_SEGMENTS, RFM_GROUPS, RFM_OTHERS_SEGMENT, matchRfmSegment, rfmGroupOf, type RfmGroupKey } from './rfmSegments.js';
export {
  computeRfm,
  computeRfmValues,
  explainRfm,
  scoreRfm,
  type RfmAssignment,
  type RfmDimensionExplanation,
  type RfmExplanation,
  type RfmResult,
  type RfmValues,
} from './rfm.js';
export { RFM_GROUP_KEYS, computeRfmColumns, type RfmColumns, type RfmCutPoints, type RfmScoreColumns } from './rfmColumns.js';
export { clusterKMeans, type KMeansResult } from './kmeans.js';
export {
  DEFAULT_LAYERING_PLAN,
  DEFAULT_VALUE_PYRAMID,
  compileSegmentLabelRules,
  type CompiledSegmentLabelRules,
  type SegmentLabelExplanation,
} from './labelRules.js';
export { DEFAULT_SEGMENT_PROGRAM, compileSegmentProgram, parseSegmentProgram, type CompiledSegmentProgram } from './program.js';
export {
  assignSegments,
  summarizeSegments,
  type AssignSegmentsInput,
  type SegmentAssignment,
  type SegmentAssignmentExplanation,
  type SegmentAssignments,
  type SegmentReport,
} from './assign.js';
export * from './clv/index.js';
