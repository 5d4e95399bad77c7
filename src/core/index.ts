/**
 * `siyu/core`: the shared primitives every siyu module builds on — instants and zones, local
 * calendar periods, durations as data, the condition language, activity events and the
 * columnar event table, errors and parsing, money with explicit rounding, and a seeded PRNG.
 *
 * @packageDocumentation
 * @module core
 */
export { SiyuError, formatFieldPath, formatIssues, isSiyuError, type FieldPath, type SiyuIssue } from './error.js';
export { parseWith, safeParseWith, type ParseOptions, type ParseResult } from './parse.js';
export { InstantSchema, toInstant, tryToInstant, type Instant, type InstantInput, type InstantResult } from './instant.js';
export {
  DEFAULT_TIME_ZONE,
  TimeZoneSchema,
  assertTimeZone,
  instantFromLocal,
  isValidTimeZone,
  localParts,
  zoneOffsetMinutes,
  type LocalDateTime,
  type LocalParts,
  type TimeZone,
} from './zone.js';
export {
  CalendarUnitSchema,
  IsoWeekdaySchema,
  LocalDateSchema,
  LocalTimeSchema,
  addLocal,
  atLocalTime,
  civilFromDays,
  dayNumberOfLocalDate,
  daysFromCivil,
  daysInMonth,
  endOfLocal,
  isoWeekdayOf,
  localDateOf,
  localDateOfDayNumber,
  localDayNumber,
  nextLocalPeriodStart,
  parseLocalDate,
  parseLocalTime,
  startOfLocal,
  type CalendarOptions,
  type CalendarUnit,
  type CivilDate,
  type IsoWeekday,
  type LocalDate,
  type LocalTime,
} from './calendar.js';
export { DurationSchema, addDuration, parseDuration, subtractDuration, type Duration, type DurationUnit } from './duration.js';
export {
  ConditionSchema,
  FieldPathSchema,
  compileCondition,
  explainCondition,
  listConditionFields,
  parseCondition,
  readField,
  type CompileConditionOptions,
  type Comparison,
  type ComparisonCheck,
  type Condition,
  type ConditionExplanation,
  type ConditionOp,
  type FieldType,
  type Predicate,
  type Scalar,
} from './condition.js';
export { JsonValueSchema, type JsonValue } from './json.js';
export { ActivityEventSchema, parseActivityEvent, parseActivityEvents, type ActivityEvent } from './event.js';
export { buildEventTable, eventTableRow, eventTableRowId, eventTableRows, type BuildEventTableOptions, type EventTable } from './eventTable.js';
export { buildEventTableFromColumns, type EventColumns } from './eventColumns.js';
export { createRandom, restoreRandom, type Random, type RandomState, type Seed } from './random.js';
export { RoundingModeSchema, allocateProportionally, divideRounded, formatMinorUnits, multiplyRatio, type RoundingMode } from './money.js';
export { reject, type Rejection } from './result.js';
export { computeQuantiles } from './quantile.js';
export {
  AwardAmountSchema,
  AwardRuleSchema,
  compileAwardRule,
  parseAwardRule,
  type AwardAmount,
  type AwardRule,
  type CompiledAwardRule,
} from './awardRule.js';
export { toJsonSchema, type JsonSchema } from './jsonSchema.js';
