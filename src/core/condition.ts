/**
 * The one condition language for every filter in siyu (earning-rule filters, segment rules,
 * SOP audiences, funnel step filters): JSON, validated by zod, compiled once to a predicate.
 *
 * ```ts
 * { all: [c, …] } | { any: [c, …] } | { not: c } | { field, op, value }
 * ```
 *
 * Semantics (no type coercion anywhere):
 * - `field` is a dotted path (`props.channel`) read through own properties only; a missing
 *   field or a `null` is "absent".
 * - `eq` / `ne`: strict equality with a scalar; `ne` is true when the field is absent.
 * - `gt gte lt lte`: number with number, or string with string (code-unit order, so ISO dates
 *   compare correctly); any other pairing is false.
 * - `between: [lo, hi]`: inclusive at both ends, same type rules as `gte` and `lte`.
 * - `in` / `nin`: the field (or, for an array field, any of its elements) is one of the listed
 *   values; `in []` is always false and `nin []` always true.
 * - `contains`: substring of a string field, or an element of an array field.
 * - `startsWith`: prefix of a string field.
 * - `exists: true|false`: the field is present and not `null`.
 * - `all: []` is true, `any: []` is false.
 *
 * @module
 */
import * as z from 'zod';
import { SiyuError, formatFieldPath, type FieldPath } from './error.js';
import { parseWith } from './parse.js';

/** A JSON scalar. */
export type Scalar = string | number | boolean | null;

/** The comparison operators of the condition language. */
export type ConditionOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'contains' | 'startsWith' | 'exists' | 'between';

/** One comparison of a field with a value. */
export type Comparison =
  | { readonly field: string; readonly op: 'eq' | 'ne'; readonly value: Scalar }
  | { readonly field: string; readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number | string }
  | { readonly field: string; readonly op: 'in' | 'nin'; readonly value: readonly Scalar[] }
  | { readonly field: string; readonly op: 'contains'; readonly value: Scalar }
  | { readonly field: string; readonly op: 'startsWith'; readonly value: string }
  | { readonly field: string; readonly op: 'exists'; readonly value: boolean }
  | { readonly field: string; readonly op: 'between'; readonly value: readonly [number, number] | readonly [string, string] };

/** A condition: a comparison, or `all` / `any` / `not` of conditions. */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | Comparison;

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * zod schema of a dotted field path (`'props.channel'`): non-empty segments, none of
 * `__proto__`, `prototype` or `constructor`.
 */
export const FieldPathSchema = z.string().superRefine((field, ctx) => {
  const segments = field.split('.');
  if (field === '' || segments.some((s) => s === '')) {
    ctx.addIssue({ code: 'custom', message: `"${field}" is not a dotted field path` });
  } else if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) {
    ctx.addIssue({ code: 'custom', message: `"${field}" uses a forbidden segment (__proto__, prototype or constructor)` });
  }
});

const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Orderable = z.union([z.number(), z.string()]);

const ComparisonSchema = z.discriminatedUnion('op', [
  z.strictObject({ field: FieldPathSchema, op: z.enum(['eq', 'ne']), value: ScalarSchema }),
  z.strictObject({ field: FieldPathSchema, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: Orderable }),
  z.strictObject({ field: FieldPathSchema, op: z.enum(['in', 'nin']), value: z.array(ScalarSchema) }),
  z.strictObject({ field: FieldPathSchema, op: z.literal('contains'), value: ScalarSchema }),
  z.strictObject({ field: FieldPathSchema, op: z.literal('startsWith'), value: z.string() }),
  z.strictObject({ field: FieldPathSchema, op: z.literal('exists'), value: z.boolean() }),
  z.strictObject({
    field: FieldPathSchema,
    op: z.literal('between'),
    value: z
      .union([z.tuple([z.number(), z.number()]), z.tuple([z.string(), z.string()])])
      .refine((pair) => pair[0] <= pair[1], { message: 'between needs [lo, hi] with lo <= hi' }),
  }),
]);

/**
 * zod schema of a {@link Condition}.
 *
 * @example
 * ```ts
 * import { ConditionSchema } from 'siyu/core';
 * ConditionSchema.safeParse({ field: 'amount', op: 'gte', value: 100 }).success; // → true
 * ConditionSchema.safeParse({ field: 'amount', op: 'bigger', value: 100 }).success; // → false
 * ```
 */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema) }),
    z.strictObject({ any: z.array(ConditionSchema) }),
    z.strictObject({ not: ConditionSchema }),
    ComparisonSchema,
  ]),
);

/** The type of a field, for checking conditions against a known catalog of fields. */
export type FieldType = 'string' | 'number' | 'boolean' | 'string[]' | 'number[]' | 'any';

/** Options of {@link compileCondition}. */
export interface CompileConditionOptions {
  /**
   * The fields records may have and their types. When given, an unknown field, an operator that
   * cannot apply to the field's type, or a value of the wrong type is a `SiyuError` at compile
   * time. Keys may be exact paths (`'props.channel'`) or a prefix with `.*` (`'props.*'`).
   */
  readonly fields?: Readonly<Record<string, FieldType>>;
  /** Prefix for error paths, when the condition sits inside a larger config. */
  readonly root?: FieldPath;
}

/** A compiled condition: a pure predicate over plain objects. */
export type Predicate = (record: unknown) => boolean;

/**
 * Parses a {@link Condition} from untrusted input, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseCondition } from 'siyu/core';
 * parseCondition({ not: { field: 'city', op: 'eq', value: 'Shanghai' } }); // → { not: { field: 'city', op: 'eq', value: 'Shanghai' } }
 * parseCondition({ field: 'amount', op: 'between', value: [10, 1] }); // throws: between needs [lo, hi] with lo <= hi
 * ```
 */
export function parseCondition(input: unknown, root: FieldPath = []): Condition {
  return parseWith(ConditionSchema, input, { root });
}

/**
 * Reads a dotted path through own properties of plain objects (and indexes of arrays).
 * Returns `undefined` when any step is missing.
 *
 * @example
 * ```ts
 * import { readField } from 'siyu/core';
 * readField({ props: { channel: 'douyin' } }, 'props.channel'); // → 'douyin'
 * readField({ props: {} }, 'props.channel.name'); // → undefined
 * ```
 */
export function readField(record: unknown, path: string): unknown {
  return readSegments(record, path.split('.'));
}

function readSegments(record: unknown, segments: readonly string[]): unknown {
  let current: unknown = record;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

function orderable(a: unknown, b: number | string): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

function compileComparison(c: Comparison): Predicate {
  const segments = c.field.split('.');
  const read = (r: unknown): unknown => readSegments(r, segments);
  switch (c.op) {
    case 'eq': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return v !== undefined && v === value;
      };
    }
    case 'ne': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return v === undefined || v !== value;
      };
    }
    case 'gt': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return orderable(v, value) && (v as typeof value) > value;
      };
    }
    case 'gte': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return orderable(v, value) && (v as typeof value) >= value;
      };
    }
    case 'lt': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return orderable(v, value) && (v as typeof value) < value;
      };
    }
    case 'lte': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return orderable(v, value) && (v as typeof value) <= value;
      };
    }
    case 'between': {
      const [lo, hi] = c.value;
      return (r) => {
        const v = read(r);
        return orderable(v, lo) && (v as typeof lo) >= lo && (v as typeof hi) <= hi;
      };
    }
    case 'in':
    case 'nin': {
      const set = new Set<unknown>(c.value);
      const negate = c.op === 'nin';
      return (r) => {
        const v = read(r);
        const hit = Array.isArray(v) ? v.some((x) => set.has(x)) : v !== undefined && set.has(v);
        return negate ? !hit : hit;
      };
    }
    case 'contains': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        if (typeof v === 'string') return typeof value === 'string' && v.includes(value);
        return Array.isArray(v) && v.includes(value);
      };
    }
    case 'startsWith': {
      const value = c.value;
      return (r) => {
        const v = read(r);
        return typeof v === 'string' && v.startsWith(value);
      };
    }
    case 'exists': {
      const want = c.value;
      return (r) => !isAbsent(read(r)) === want;
    }
  }
}

function compileNode(c: Condition): Predicate {
  if ('all' in c) {
    const parts = c.all.map(compileNode);
    return (r) => {
      for (const p of parts) if (!p(r)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compileNode);
    return (r) => {
      for (const p of parts) if (p(r)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = compileNode(c.not);
    return (r) => !inner(r);
  }
  return compileComparison(c);
}

function fieldTypeOf(fields: Readonly<Record<string, FieldType>>, field: string): FieldType | undefined {
  if (Object.prototype.hasOwnProperty.call(fields, field)) return fields[field];
  const segments = field.split('.');
  for (let i = segments.length - 1; i > 0; i--) {
    const prefix = `${segments.slice(0, i).join('.')}.*`;
    if (Object.prototype.hasOwnProperty.call(fields, prefix)) return fields[prefix];
  }
  return undefined;
}

const OPS_FOR_TYPE: Record<FieldType, ReadonlySet<ConditionOp>> = {
  string: new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'exists', 'between']),
  number: new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'between']),
  boolean: new Set(['eq', 'ne', 'in', 'nin', 'exists']),
  'string[]': new Set(['in', 'nin', 'contains', 'exists']),
  'number[]': new Set(['in', 'nin', 'contains', 'exists']),
  any: new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'exists', 'between']),
};

function scalarFits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'string[]':
      return typeof value === 'string' || value === null;
    case 'number':
    case 'number[]':
      return typeof value === 'number' || value === null;
    case 'boolean':
      return typeof value === 'boolean' || value === null;
    case 'any':
      return true;
  }
}

function checkTypes(c: Condition, fields: Readonly<Record<string, FieldType>>, path: (string | number)[]): void {
  if ('all' in c) return c.all.forEach((x, i) => checkTypes(x, fields, [...path, 'all', i]));
  if ('any' in c) return c.any.forEach((x, i) => checkTypes(x, fields, [...path, 'any', i]));
  if ('not' in c) return checkTypes(c.not, fields, [...path, 'not']);
  const type = fieldTypeOf(fields, c.field);
  if (type === undefined) {
    const known = Object.keys(fields).join(', ');
    throw SiyuError.at([...path, 'field'], `unknown field "${c.field}" (known: ${known})`, 'unknown_field');
  }
  if (!OPS_FOR_TYPE[type].has(c.op)) {
    throw SiyuError.at([...path, 'op'], `"${c.op}" does not apply to ${c.field}, a ${type} field`, 'wrong_field_type');
  }
  if (c.op === 'exists') return;
  const values: readonly unknown[] = Array.isArray(c.value) ? c.value : [c.value];
  if (c.op === 'contains' && (type === 'string' || type === 'any')) return;
  for (const v of values) {
    if (!scalarFits(type, v)) {
      throw SiyuError.at([...path, 'value'], `${JSON.stringify(v)} is not a ${type.replace('[]', '')}, the type of ${c.field}`, 'wrong_field_type');
    }
  }
}

/**
 * Validates a condition (from untrusted JSON or a typed literal) and compiles it once into a
 * fast predicate. With `options.fields`, unknown fields and type mismatches are caught at
 * compile time with the condition path in the message.
 *
 * @example
 * ```ts
 * import { compileCondition } from 'siyu/core';
 * const isDouyinBigOrder = compileCondition({
 *   all: [
 *     { field: 'props.channel', op: 'eq', value: 'douyin' },
 *     { field: 'amount', op: 'gte', value: 10_000 },
 *   ],
 * });
 * isDouyinBigOrder({ amount: 12_800, props: { channel: 'douyin' } }); // → true
 * isDouyinBigOrder({ amount: 12_800 }); // → false
 * compileCondition({ field: 'city', op: 'gt', value: 3 }, { fields: { city: 'string' } }); // throws: siyu: value: 3 is not a string
 * ```
 */
export function compileCondition(condition: unknown, options: CompileConditionOptions = {}): Predicate {
  const root = options.root ?? [];
  const parsed = parseCondition(condition, root);
  if (options.fields !== undefined) checkTypes(parsed, options.fields, [...root]);
  return compileNode(parsed);
}

/** One comparison's verdict inside an {@link ConditionExplanation}. */
export interface ComparisonCheck {
  /** Where the comparison sits in the condition (`all[1]`). */
  readonly at: string;
  readonly field: string;
  readonly op: ConditionOp;
  readonly value: unknown;
  /** The field's value in the record (`undefined` when absent). */
  readonly actual: unknown;
  readonly matched: boolean;
}

/** Why a condition matched or not: the verdict and every comparison evaluated. */
export interface ConditionExplanation {
  readonly matched: boolean;
  readonly checks: readonly ComparisonCheck[];
}

/**
 * Evaluates a condition on one record and reports every comparison with the field's actual
 * value, so an assignment can explain itself. Evaluates every branch (no short-circuit).
 *
 * @example
 * ```ts
 * import { explainCondition } from 'siyu/core';
 * const why = explainCondition({ field: 'eventsIn7Days', op: 'lte', value: 3 }, { eventsIn7Days: 2 });
 * why.matched; // → true
 * why.checks[0]?.actual; // → 2
 * ```
 */
export function explainCondition(condition: unknown, record: unknown): ConditionExplanation {
  const parsed = parseCondition(condition);
  const checks: ComparisonCheck[] = [];
  const visit = (c: Condition, path: (string | number)[]): boolean => {
    if ('all' in c) return c.all.map((x, i) => visit(x, [...path, 'all', i])).every(Boolean);
    if ('any' in c) return c.any.map((x, i) => visit(x, [...path, 'any', i])).some(Boolean);
    if ('not' in c) return !visit(c.not, [...path, 'not']);
    const matched = compileComparison(c)(record);
    checks.push({ at: formatFieldPath(path), field: c.field, op: c.op, value: c.value, actual: readField(record, c.field), matched });
    return matched;
  };
  return { matched: visit(parsed, []), checks };
}

/**
 * The distinct field paths a condition reads, in first-use order (to know which metrics to
 * compute before evaluating it).
 *
 * @example
 * ```ts
 * import { listConditionFields } from 'siyu/core';
 * listConditionFields({ any: [{ field: 'a', op: 'exists', value: true }, { not: { field: 'b.c', op: 'eq', value: 1 } }] });
 * // → ['a', 'b.c']
 * ```
 */
export function listConditionFields(condition: Condition): string[] {
  const out = new Set<string>();
  const visit = (c: Condition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else out.add(c.field);
  };
  visit(condition);
  return [...out];
}
