/**
 * `siyu/tiers`: membership tiers and benefits (会员等级 · 权益). A brand defines its ladder as
 * JSON — entry thresholds on a qualifying metric (growth value 成长值, points earned, spend, order
 * count) over a window (lifetime, rolling, calendar periods, N-day cycles from joining) — with a
 * re-evaluation rule (保级 thresholds, downgrade policy, grace), manual floors, paid tiers and
 * per-tier benefits. Pure functions say which tier a member holds at any instant, why, until
 * when, what it entitles them to, and what remains to move up or keep it.
 *
 * @packageDocumentation
 * @module tiers
 */
export {
  TierBenefitSchema,
  TierDefinitionSchema,
  TierInputSchema,
  TierMetricSchema,
  TierProgramSchema,
  TierReviewScheduleSchema,
  TierWindowSchema,
  parseTierInput,
  parseTierProgram,
  type TierBenefit,
  type TierCalendarUnit,
  type TierDefinition,
  type TierDowngradePolicy,
  type TierDowngradeRule,
  type TierInput,
  type TierMetric,
  type TierOrderTypes,
  type TierPaidTerms,
  type TierProgram,
  type TierQuotaPeriod,
  type TierRetain,
  type TierReviewSchedule,
  type TierWindow,
} from './schema.js';
export { decideTierReview, qualifyTier, type TierRetainedBy, type TierReviewDecision, type TierReviewInput } from './ladder.js';
export { computeGrowthValue } from './growth.js';
export {
  createTierMember,
  type TierAccepted,
  type TierBenefitUse,
  type TierEvent,
  type TierEventType,
  type TierInputRecord,
  type TierLedgerEntry,
  type TierMemberInit,
  type TierMemberState,
  type TierOutcome,
  type TierPaidHolding,
  type TierPendingDowngrade,
  type TierReason,
  type TierRejectionReason,
} from './member.js';
export { applyTierInput, useTierBenefit, type TierStep } from './apply.js';
export { advanceTier, type TierAdvance } from './advance.js';
export { evaluateTier, type TierEvaluation } from './evaluate.js';
export { tierProgress, type TierProgress, type TierProgressToKeep, type TierProgressToNext } from './progress.js';
export { computeTierEntitlements, type TierEntitlements, type TierGiftStatus, type TierQuotaStatus } from './benefits.js';
export { replayTierHistory, type TierTimeline } from './timeline.js';
