/**
 * `siyu/funnel`: measuring the playbook — funnels (ordered, strict, unordered), cohort
 * retention, lifecycle counts, stickiness and the operating KPIs (join rate, activity rate,
 * conversion, repurchase, average order value, referral K-factor). Every computation reads an
 * `ActivityEvent` array or a core `EventTable` and has a mergeable partial form for sharding.
 *
 * @packageDocumentation
 * @module funnel
 */
export type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
export {
  EventMatcherSchema,
  FunnelDefinitionSchema,
  GroupHealthDefinitionSchema,
  LifecycleCountsDefinitionSchema,
  MAX_FUNNEL_STEPS,
  OrderMetricsDefinitionSchema,
  RetentionDefinitionSchema,
  StickinessDefinitionSchema,
  parseFunnelDefinition,
  parseGroupHealthDefinition,
  parseLifecycleCountsDefinition,
  parseOrderMetricsDefinition,
  parseRetentionDefinition,
  parseStickinessDefinition,
  type AnalyticsPeriod,
  type EventMatcher,
  type FunnelDefinition,
  type FunnelDefinitionInput,
  type FunnelExclusion,
  type FunnelStep,
  type FunnelWindow,
  type GroupHealthDefinition,
  type GroupHealthDefinitionInput,
  type LifecycleCountsDefinition,
  type LifecycleCountsDefinitionInput,
  type LocalDateRange,
  type OrderMetricsDefinition,
  type OrderMetricsDefinitionInput,
  type RetentionDefinition,
  type RetentionDefinitionInput,
  type StickinessDefinition,
  type StickinessDefinitionInput,
} from './schema.js';
export {
  computeFunnel,
  createFunnelAggregate,
  type FunnelAggregate,
  type FunnelBreakdownResult,
  type FunnelOptions,
  type FunnelPartial,
  type FunnelPartialGroup,
  type FunnelResult,
  type FunnelStepResult,
} from './windowFunnel.js';
export {
  computeRetention,
  createRetentionAggregate,
  type RetentionAggregate,
  type RetentionCohort,
  type RetentionOptions,
  type RetentionPartial,
  type RetentionResult,
} from './retention.js';
export {
  computeLifecycleCounts,
  createLifecycleCountsAggregate,
  type LifecycleCountsAggregate,
  type LifecycleCountsOptions,
  type LifecycleCountsPartial,
  type LifecycleCountsResult,
  type LifecycleCountsRow,
} from './lifecycleCounts.js';
export {
  computeStickiness,
  createStickinessAggregate,
  type StickinessAggregate,
  type StickinessPartial,
  type StickinessResult,
  type StickinessRow,
} from './stickiness.js';
export {
  computeActivityRate,
  computeArpu,
  computeAverageOrderValue,
  computeConversionRate,
  computeGroupChurnRate,
  computeGroupJoinRate,
  computeReferralKFactor,
  computeRepurchaseRate,
  type ReferralKFactor,
} from './kpi.js';
export {
  computeOrderMetrics,
  createOrderMetricsAggregate,
  type OrderMetricsAggregate,
  type OrderMetricsPartial,
  type OrderMetricsResult,
} from './orderMetrics.js';
export { computeReferralTree, type ReferralEdge, type ReferralTreeNode, type ReferralTreeResult } from './referralTree.js';
export {
  computeGroupHealth,
  createGroupHealthAggregate,
  type GroupHealthAggregate,
  type GroupHealthPartial,
  type GroupHealthResult,
  type GroupHealthRow,
} from './groupHealth.js';
