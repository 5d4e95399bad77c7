/**
 * The shared first pass of the period analyses (retention, lifecycle counts, stickiness): match
 * rows, give each matched row its calendar period, group rows by user. Internal.
 *
 * @module
 */
import type { EventTable } from '../core/index.js';
import type { AnalyticsInput } from './aggregate.js';
import { toEventTable } from './eventInput.js';
import { compileMatchers, matchersReadProps, matchRows, matchTypes } from './eventMatch.js';
import type { PeriodIndex } from './periods.js';
import type { EventMatcher } from './schema.js';
import { groupRowsByUser, type UserRows } from './userRows.js';

/** Matched rows with their periods, grouped by user. */
export interface PeriodRows {
  readonly table: EventTable;
  /** Per row: matcher bits (0 = unmatched). */
  readonly masks: Uint32Array;
  /** Per row: its period (only meaningful where the mask is non-zero). */
  readonly period: Float64Array;
  /** Matched rows per user, in time order (so periods are non-decreasing). */
  readonly byUser: UserRows;
}

/** Matched rows of a table, in table (time) order. */
export interface MatchedRows {
  readonly table: EventTable;
  /** Per row: matcher bits (0 = unmatched); absent when `typeBits` says it all. */
  readonly masks: Uint32Array | undefined;
  /** With `byType` and no conditions: per table type, its matcher bits (row r: `typeBits[type[r]]`). */
  readonly typeBits: Uint32Array | undefined;
}

/**
 * A reusable matching pass for a fixed list of matchers (no periods, no grouping). With
 * `byType`, matchers without conditions give per-type bits instead of a per-row mask array.
 */
export const createMatchPass = (matchers: readonly EventMatcher[]): ((input: AnalyticsInput, byType?: boolean) => MatchedRows) => {
  const compiled = compileMatchers(matchers);
  const needsProps = matchersReadProps(matchers);
  return (input, byType = false) => {
    const table = toEventTable(input, needsProps);
    const typeBits = byType ? matchTypes(table, compiled) : undefined;
    return { table, masks: typeBits === undefined ? matchRows(table, compiled) : undefined, typeBits };
  };
};

/** A reusable pass for a fixed list of matchers and a period index. */
export const createPeriodPass = (matchers: readonly EventMatcher[], index: PeriodIndex): (input: AnalyticsInput) => PeriodRows => {
  const match = createMatchPass(matchers);
  return (input) => {
    const { table, masks: rowMasks } = match(input);
    const masks = rowMasks as Uint32Array;
    const period = new Float64Array(table.length);
    for (let r = 0; r < table.length; r++) if (masks[r] !== 0) period[r] = index.ofInstant(table.at[r] as number);
    return { table, masks, period, byUser: groupRowsByUser(table, masks) };
  };
};
