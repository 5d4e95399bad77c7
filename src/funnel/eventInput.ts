/**
 * Normalising the two input forms to one columnar table, and reading a table row as a record
 * for conditions and breakdowns. Internal.
 *
 * @module
 */
import { buildEventTable, eventTableRow, SiyuError, type EventTable } from '../core/index.js';
import type { AnalyticsInput } from './aggregate.js';

/** True when the input is a columnar table rather than an event array. */
function isEventTable(input: AnalyticsInput): input is EventTable {
  return !Array.isArray(input);
}

/**
 * The input as an EventTable. Arrays are built with their props kept. A table without props
 * is refused when `needsProps` (a condition or breakdown reads `props.*`).
 */
export const toEventTable = (input: AnalyticsInput, needsProps: boolean): EventTable => {
  if (!isEventTable(input)) return buildEventTable(input, { keepProps: needsProps });
  if (typeof input !== 'object' || input === null || !(input.user instanceof Uint32Array) || !(input.at instanceof Float64Array)) {
    throw SiyuError.at([], 'expected an array of ActivityEvent or an EventTable', 'invalid_input');
  }
  if (needsProps && input.props === undefined) {
    throw SiyuError.at(['props'], 'this definition reads props.*: build the EventTable with { keepProps: true }', 'invalid_input');
  }
  return input;
};

/** Row `r` of a table as an ActivityEvent-shaped record (for conditions and field reads). */
export const tableRecord = eventTableRow;
