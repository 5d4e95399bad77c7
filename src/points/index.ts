/**
 * `siyu/points`: the points ledger (积分体系). A brand's points program is JSON; a member's points
 * are lots plus an append-only entry log; commands (earn, redeem, points + cash, refund,
 * activate, adjust) and time (`tickPoints`) are pure transitions with idempotency keys.
 *
 * @packageDocumentation
 * @module points
 */
export {
  PointsCapsSchema,
  PointsEarningRuleSchema,
  PointsExpiryPolicySchema,
  PointsLockPolicySchema,
  PointsMultiplierSchema,
  PointsProgramSchema,
  PointsRedemptionSettingsSchema,
  PointsRefundPolicySchema,
  parsePointsProgram,
  type PointsAwardRule,
  type PointsCaps,
  type PointsCashSettings,
  type PointsCatalogItem,
  type PointsCheckInRule,
  type PointsEarningRule,
  type PointsExpiryPolicy,
  type PointsItemCodeRule,
  type PointsLockPolicy,
  type PointsMultiplier,
  type PointsPeriodCap,
  type PointsProgram,
  type PointsProgramInput,
  type PointsRedemptionSettings,
  type PointsReferralRule,
  type PointsRefundPolicy,
} from './schema.js';
export {
  createPointsState,
  type PointsCapLimit,
  type PointsCheckInStreak,
  type PointsEntry,
  type PointsEntryKind,
  type PointsLot,
  type PointsLotMovement,
  type PointsLotSource,
  type PointsOutcomeDetail,
  type PointsProcessedCommand,
  type PointsRuleAward,
  type PointsSkipReason,
  type PointsSourceRecord,
  type PointsState,
} from './state.js';
export { forecastExpiry, type PointsExpiryForecast } from './expiry.js';
export { computeLotActivation, computeLotExpiry, startOfCapPeriod } from './lotTimes.js';
export { burnOrderIndexes, compareLotsForBurn, planPointsDebit, spendablePoints } from './burnOrder.js';
export { advanceCheckInStreak } from './checkIn.js';
export { quotePointsCash, type PointsCashOrder, type PointsCashQuote } from './pointsCash.js';
export { evaluatePointsEarn, referralParties, type PointsMemberContext, type PointsRuleEvaluation } from './earning.js';
export {
  applyPointsCommand,
  applyPointsCommands,
  findPointsSource,
  findProcessedCommand,
  tickPoints,
  type PointsBatchCommandResult,
  type PointsBatchResult,
  type PointsBatchSuccess,
  type PointsTickResult,
} from './ledger.js';
export {
  activatePoints,
  adjustPoints,
  earnPoints,
  redeemPoints,
  redeemPointsWithCash,
  refundPoints,
  type PointsActivateCommand,
  type PointsAdjustCommand,
  type PointsCashCommand,
  type PointsCommand,
  type PointsCommandResult,
  type PointsCommandSuccess,
  type PointsEarnCommand,
  type PointsRedeemCommand,
  type PointsRefundCommand,
  type PointsRejectionReason,
} from './commands.js';
export { balanceAt, type PointsBalance } from './balance.js';
