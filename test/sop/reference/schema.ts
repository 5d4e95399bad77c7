// Frozen copy of src/sop/schema.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * zod schemas of the SOP configs: playbook templates (items, time specs, quiet hours, frequency
 * caps, exit conditions), enrolments of targets, and holiday calendars. Cross-field checks
 * (unique item ids, declared variables, one monthly day rule) live in `template.ts`.
 *
 * @module
 */
import * as z from 'zod';
import { InstantSchema, IsoWeekdaySchema, LocalDateSchema, LocalTimeSchema, TimeZoneSchema } from 'siyu/core';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A template or item id: letters, digits, `_` or `-`, starting with a letter or digit (≤ 64). */
const SopSlugSchema = z.string().regex(SLUG, { message: 'must be a slug (letters, digits, "_" or "-", at most 64)' });

/** A `{{variable}}` name: a letter or `_`, then letters, digits or `_`. */
const SopVariableNameSchema = z.string().regex(VARIABLE_NAME, { message: 'must be a variable name (letters, digits, "_")' });

/**
 * zod schema of a series bound: a local date (`{ date: '2026-03-31' }`) or a day relative to the
 * anchor's local date (`{ day: 2 }`, day 0 = the anchor's date). Bounds are inclusive.
 */
export const SopSeriesBoundSchema = z.union([
  z.strictObject({ date: LocalDateSchema }),
  z.strictObject({ day: z.number().int().min(0).max(36_500) }),
]);

const seriesFields = {
  /** First local date of the series (inclusive); the anchor's date when absent or earlier. */
  from: SopSeriesBoundSchema.optional(),
  /** Last local date of the series (inclusive); unbounded when absent. */
  until: SopSeriesBoundSchema.optional(),
};

const NthSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(-1)]);

/**
 * zod schema of a time spec, discriminated by `kind`:
 * - `relativeDay { day, at }`: local time `at` on the anchor's local date + `day` (day 0 = the
 *   anchor's date);
 * - `relativeDuration { hours, minutes }`: exactly that long after the anchor instant;
 * - `fixed { date, at }`: a local date-time in the enrolment's zone;
 * - `weekly { isoWeekday, at, everyWeeks }`: weeks start on Monday; every N weeks counted from
 *   the week holding the series start;
 * - `monthly { day | nth + isoWeekday, at, skipShortMonths }`: `day` 1–31 or `'last'`; day 29–31
 *   clamps to the month's last day unless `skipShortMonths`; `nth` 1–5 or −1 (last) weekday;
 * - `everyNDays { n, at }`: on the series start date and every `n` local days after it;
 * - `yearly { month, day | dateVariable, at }`: a fixed date or a per-target date variable
 *   (`'YYYY-MM-DD'` or `'MM-DD'`, e.g. a birthday); Feb 29 falls on Feb 28 in common years.
 *
 * Recurring specs take an optional series `from` / `until`.
 */
export const SopTimeSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('relativeDay'), day: z.number().int().min(0).max(36_500), at: LocalTimeSchema }),
  z.strictObject({
    kind: z.literal('relativeDuration'),
    hours: z.number().int().min(0).max(876_000).default(0),
    minutes: z.number().int().min(0).max(52_560_000).default(0),
  }),
  z.strictObject({ kind: z.literal('fixed'), date: LocalDateSchema, at: LocalTimeSchema }),
  z.strictObject({
    kind: z.literal('weekly'),
    isoWeekday: IsoWeekdaySchema,
    at: LocalTimeSchema,
    everyWeeks: z.number().int().min(1).max(520).default(1),
    ...seriesFields,
  }),
  z.strictObject({
    kind: z.literal('monthly'),
    day: z.union([z.number().int().min(1).max(31), z.literal('last')]).optional(),
    nth: NthSchema.optional(),
    isoWeekday: IsoWeekdaySchema.optional(),
    at: LocalTimeSchema,
    skipShortMonths: z.boolean().default(false),
    ...seriesFields,
  }),
  z.strictObject({ kind: z.literal('everyNDays'), n: z.number().int().min(1).max(3_660), at: LocalTimeSchema, ...seriesFields }),
  z.strictObject({
    kind: z.literal('yearly'),
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    dateVariable: SopVariableNameSchema.optional(),
    at: LocalTimeSchema,
    ...seriesFields,
  }),
]);

/** The channels a task goes out on. */
export const SopChannelSchema = z.enum(['groupMessage', 'privateMessage', 'momentsPost', 'staffTask']);

/** zod schema of an opaque attachment reference (an image, a mini-program card, a coupon…). */
export const SopAttachmentSchema = z.strictObject({
  /** What it is, free text for the caller (`'image'`, `'miniProgram'`, `'coupon'`). */
  kind: z.string().min(1).max(64),
  /** The caller's reference (a media id, a URL, a coupon template id); never interpreted. */
  ref: z.string().min(1).max(2_048),
});

/**
 * zod schema of an assignee rule: the target's `owner`, a fixed `staff` member, or the staff
 * member holding a named `role` in the enrolment.
 */
export const SopAssigneeRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('owner') }),
  z.strictObject({ kind: z.literal('staff'), staffId: z.string().min(1).max(256) }),
  z.strictObject({ kind: z.literal('role'), role: SopVariableNameSchema }),
]);

/** zod schema of one template item. See {@link SopItem}. */
export const SopItemSchema = z.strictObject({
  id: SopSlugSchema,
  title: z.string().max(200).optional(),
  time: SopTimeSpecSchema,
  windowMinutes: z.number().int().min(1).max(10_080).default(60),
  channel: SopChannelSchema,
  content: z.strictObject({
    text: z.string().max(20_000),
    attachments: z.array(SopAttachmentSchema).max(50).default([]),
  }),
  priority: z.number().int().min(-1_000).max(1_000).default(0),
  assignee: SopAssigneeRuleSchema.default({ kind: 'owner' }),
  ifPast: z.enum(['skip', 'runNow', 'nextDay']).default('skip'),
  quietHours: z.enum(['shift', 'drop']).default('shift'),
  onHoliday: z.enum(['run', 'skip', 'shift']).default('run'),
});

/** zod schema of quiet hours `[start, end)` in local time; `start > end` wraps midnight. */
export const SopQuietHoursSchema = z.strictObject({ start: LocalTimeSchema, end: LocalTimeSchema });

/** zod schema of a frequency cap: at most `max` tasks (of `channel`, or any) per target per local `per`. */
export const SopFrequencyCapSchema = z.strictObject({
  channel: SopChannelSchema.optional(),
  max: z.number().int().min(0).max(100_000),
  per: z.enum(['day', 'week', 'month']),
});

/** The kinds of facts exit conditions look at. */
export const SopFactKindSchema = z.enum(['joinedGroup', 'tagAdded', 'purchased', 'left']);

/** zod schema of one exit condition: a fact kind, and optionally the fact's value (a tag name, a group id). */
export const SopExitConditionSchema = z.strictObject({ fact: SopFactKindSchema, value: z.string().min(1).max(256).optional() });

/** zod schema of the exit rule: stop the enrolment when `any` / `all` of the conditions hold. */
export const SopExitRuleSchema = z.union([
  z.strictObject({ any: z.array(SopExitConditionSchema).min(1).max(50) }),
  z.strictObject({ all: z.array(SopExitConditionSchema).min(1).max(50) }),
]);

/** zod schema of a declared template variable, with an optional default. */
export const SopVariableSchema = z.strictObject({ default: z.string().max(2_000).optional(), description: z.string().max(500).optional() });

/** zod schema of a playbook template. See {@link SopTemplate}; parse with `parseSopTemplate`. */
export const SopTemplateSchema = z.strictObject({
  id: SopSlugSchema,
  name: z.string().max(200).optional(),
  variables: z.record(SopVariableNameSchema, SopVariableSchema).default({}),
  items: z.array(SopItemSchema).min(1, { message: 'a template needs at least one item' }).max(500),
  quietHours: SopQuietHoursSchema.nullable().default({ start: '22:00', end: '08:00' }),
  caps: z.array(SopFrequencyCapSchema).max(20).default([]),
  exitWhen: SopExitRuleSchema.optional(),
});

/** zod schema of one fact about a target (joined the group, tag added, purchased, left) at an instant. */
export const SopFactSchema = z.strictObject({ kind: SopFactKindSchema, at: InstantSchema, value: z.string().max(256).optional() });

/** zod schema of an enrolment: one target (group or customer) entering a template at an anchor instant. */
export const SopEnrolmentSchema = z.strictObject({
  targetId: z.string().min(1).max(256),
  targetKind: z.enum(['group', 'customer']).optional(),
  anchor: InstantSchema,
  timeZone: TimeZoneSchema,
  variables: z.record(SopVariableNameSchema, z.union([z.string().max(2_000), z.number()])).default({}),
  owner: z.string().min(1).max(256).optional(),
  roles: z.record(SopVariableNameSchema, z.string().min(1).max(256)).default({}),
  facts: z.array(SopFactSchema).max(10_000).default([]),
});

/**
 * zod schema of a holiday calendar as data: listed `holidays`, optional non-working `weekend`
 * weekdays, and `workdays` that override a weekend (make-up working days, 调休).
 */
export const SopHolidayCalendarSchema = z.strictObject({
  holidays: z.array(LocalDateSchema).max(10_000).default([]),
  weekend: z.array(IsoWeekdaySchema).max(7).default([]),
  workdays: z.array(LocalDateSchema).max(10_000).default([]),
});

/** A time spec (output of {@link SopTimeSpecSchema}). */
export type SopTimeSpec = z.output<typeof SopTimeSpecSchema>;
/** A series bound (output of {@link SopSeriesBoundSchema}). */
export type SopSeriesBound = z.output<typeof SopSeriesBoundSchema>;
/** A channel: `groupMessage`, `privateMessage`, `momentsPost` or `staffTask`. */
export type SopChannel = z.output<typeof SopChannelSchema>;
/** An opaque attachment reference `{ kind, ref }`. */
export type SopAttachment = z.output<typeof SopAttachmentSchema>;
/** An assignee rule: `{ kind: 'owner' }`, `{ kind: 'staff', staffId }` or `{ kind: 'role', role }`. */
export type SopAssigneeRule = z.output<typeof SopAssigneeRuleSchema>;
/**
 * One template item: `id` (unique slug), optional `title`, `time` (a {@link SopTimeSpec}),
 * `windowMinutes` (send window length, default 60), `channel`, `content` (`text` with
 * `{{variables}}`, `attachments`), `priority` (higher wins under caps, default 0), `assignee`
 * (default owner), `ifPast` (default `'skip'`), `quietHours` (`'shift'` default, or `'drop'`)
 * and `onHoliday` (`'run'` default, `'skip'` or `'shift'`).
 */
export type SopItem = z.output<typeof SopItemSchema>;
/** Quiet hours `{ start, end }` (local `HH:mm`, `[start, end)`). */
export type SopQuietHours = z.output<typeof SopQuietHoursSchema>;
/** A frequency cap `{ channel?, max, per }`. */
export type SopFrequencyCap = z.output<typeof SopFrequencyCapSchema>;
/** A fact kind: `joinedGroup`, `tagAdded`, `purchased` or `left`. */
export type SopFactKind = z.output<typeof SopFactKindSchema>;
/** One exit condition `{ fact, value? }`. */
export type SopExitCondition = z.output<typeof SopExitConditionSchema>;
/** The exit rule `{ any: [...] }` or `{ all: [...] }`. */
export type SopExitRule = z.output<typeof SopExitRuleSchema>;
/** A declared variable `{ default?, description? }`. */
export type SopVariable = z.output<typeof SopVariableSchema>;
/**
 * A parsed playbook template: `id`, optional `name`, declared `variables`, `items` (at least
 * one), `quietHours` (default 22:00–08:00; `null` disables), `caps` and optional `exitWhen`.
 */
export type SopTemplate = z.output<typeof SopTemplateSchema>;
/** What {@link SopTemplateSchema} accepts (defaults may be omitted). */
export type SopTemplateInput = z.input<typeof SopTemplateSchema>;
/** One fact `{ kind, at, value? }` about a target, `at` normalised to epoch ms. */
export type SopFact = z.output<typeof SopFactSchema>;
/**
 * A parsed enrolment: `targetId`, optional `targetKind`, `anchor` (epoch ms), `timeZone`
 * (default Asia/Shanghai), `variables`, optional `owner`, `roles` (role → staff id) and `facts`.
 */
export type SopEnrolment = z.output<typeof SopEnrolmentSchema>;
/** What {@link SopEnrolmentSchema} accepts (`anchor` as a Date, ISO string or epoch ms). */
export type SopEnrolmentInput = z.input<typeof SopEnrolmentSchema>;
/** A parsed holiday calendar `{ holidays, weekend, workdays }`. */
export type SopHolidayCalendar = z.output<typeof SopHolidayCalendarSchema>;
/** What {@link SopHolidayCalendarSchema} accepts. */
export type SopHolidayCalendarInput = z.input<typeof SopHolidayCalendarSchema>;
