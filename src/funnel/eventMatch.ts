/**
 * Compiling event matchers (type + condition) to one bit mask per table row. Internal.
 *
 * @module
 */
import { compileCondition, listConditionFields, type EventTable, type Predicate } from '../core/index.js';
import type { EventMatcher } from './schema.js';
import { tableRecord } from './eventInput.js';

/** True when any matcher's condition reads `props` (the table must keep props). */
export const matchersReadProps = (matchers: readonly EventMatcher[]): boolean => {
  return matchers.some((m) => m.where !== undefined && listConditionFields(m.where).some((f) => f === 'props' || f.startsWith('props.')));
};

/** Compiled matchers: per matcher its event type and predicate. */
export interface CompiledMatchers {
  readonly types: readonly string[];
  readonly predicates: readonly (Predicate | undefined)[];
}

/** Compiles matchers once (conditions validated; error paths under `root`). */
export const compileMatchers = (matchers: readonly EventMatcher[]): CompiledMatchers => {
  return {
    types: matchers.map((m) => m.type),
    predicates: matchers.map((m) => (m.where === undefined ? undefined : compileCondition(m.where))),
  };
};

/** Per table type: the bits matched on type alone, and the matchers that also need a condition. */
function matchByType(table: EventTable, compiled: CompiledMatchers): { typeBits: Uint32Array; typeConditional: number[][] } {
  const typeBits = new Uint32Array(table.types.length);
  const typeConditional: number[][] = table.types.map(() => []);
  table.types.forEach((type, ti) => {
    compiled.types.forEach((t, i) => {
      if (t !== type) return;
      if (compiled.predicates[i] === undefined) typeBits[ti] = ((typeBits[ti] as number) | (1 << i)) >>> 0;
      else (typeConditional[ti] as number[]).push(i);
    });
  });
  return { typeBits, typeConditional };
}

/**
 * One mask per row: bit i set when matcher i matches the row. Rows of types no matcher names
 * cost one array read; a condition is evaluated only on rows of its matcher's type.
 */
export const matchRows = (table: EventTable, compiled: CompiledMatchers): Uint32Array => {
  const masks = new Uint32Array(table.length);
  const { typeBits, typeConditional } = matchByType(table, compiled);
  for (let r = 0; r < table.length; r++) {
    const ti = table.type[r] as number;
    let mask = typeBits[ti] as number;
    const conditional = typeConditional[ti] as number[];
    if (conditional.length > 0) {
      const record = tableRecord(table, r);
      for (const i of conditional) if ((compiled.predicates[i] as Predicate)(record)) mask |= 1 << i;
    }
    masks[r] = mask >>> 0;
  }
  return masks;
};

/**
 * When no matcher has a condition, the bits of each table type (`bits[type[r]]` is row r's
 * mask) — so a one-pass analysis needs no per-row mask array; `undefined` otherwise.
 */
export const matchTypes = (table: EventTable, compiled: CompiledMatchers): Uint32Array | undefined => {
  return compiled.predicates.some((p) => p !== undefined) ? undefined : matchByType(table, compiled).typeBits;
};
