/**
 * `siyu/sop`: playbook templates (日/周 SOP, 开群仪式, 新客 SOP) → concrete, dated, deduplicated
 * tasks per group or customer, at the right local minute. Time specs (relative day, duration,
 * fixed, weekly, monthly, every N days, yearly), `ifPast`, holiday calendars, quiet hours,
 * frequency caps and exit conditions, in a documented order; literal `{{variable}}` rendering;
 * lazy plans for many targets; pure execution bookkeeping; presets from the playbook.
 *
 * @packageDocumentation
 * @module sop
 */
export {
  SopAssigneeRuleSchema,
  SopAttachmentSchema,
  SopChannelSchema,
  SopEnrolmentSchema,
  SopExitConditionSchema,
  SopExitRuleSchema,
  SopFactKindSchema,
  SopFactSchema,
  SopFrequencyCapSchema,
  SopHolidayCalendarSchema,
  SopItemSchema,
  SopQuietHoursSchema,
  SopSeriesBoundSchema,
  SopTemplateSchema,
  SopTimeSpecSchema,
  SopVariableSchema,
  type SopAssigneeRule,
  type SopAttachment,
  type SopChannel,
  type SopEnrolment,
  type SopEnrolmentInput,
  type SopExitCondition,
  type SopExitRule,
  type SopFact,
  type SopFactKind,
  type SopFrequencyCap,
  type SopHolidayCalendar,
  type SopHolidayCalendarInput,
  type SopItem,
  type SopQuietHours,
  type SopSeriesBound,
  type SopTemplate,
  type SopTemplateInput,
  type SopTimeSpec,
  type SopVariable,
} from './schema.js';
export { parseSopTemplate } from './template.js';
export { parseSopEnrolment } from './enrolment.js';
export { compileSopText, renderSopText, type SopCompiledText, type SopMissingVariable, type SopRenderResult } from './render.js';
export { findSopExit } from './exit.js';
export { expandSop, type ExpandSopOptions } from './expand.js';
export { planSop, type PlanSopOptions, type SopPlan } from './plan.js';
export type {
  SopAdjustment,
  SopCut,
  SopCutReason,
  SopExpansion,
  SopExpansionRejection,
  SopExpansionResult,
  SopRejectionReason,
  SopTask,
} from './task.js';
export {
  createSopProgress,
  digestSopTasks,
  findClosingSopTasks,
  markSopTaskDone,
  type SopClosingNotice,
  type SopClosingOptions,
  type SopCompletion,
  type SopDigest,
  type SopDigestOptions,
  type SopMarkResult,
  type SopProgress,
} from './bookkeeping.js';
export { createDailyGroupSop, createInviteToGroupSop, createOnboardingSop, createOpeningCeremonySop, createWeeklyGroupSop } from './presets.js';
