/**
 * The boundary between untrusted input and typed values: zod schemas in, typed values or
 * {@link SiyuError}s out.
 *
 * @module
 */
import type * as z from 'zod';
import { SiyuError, type FieldPath, type SiyuIssue } from './error.js';

/** The outcome of {@link safeParseWith}: a typed value, or the error that parsing would throw. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SiyuError };

/** Options of {@link parseWith} and {@link safeParseWith}. */
export interface ParseOptions {
  /** Prefix for every issue path, when the input sits inside a larger value (`['rules', 3]`). */
  readonly root?: FieldPath;
  /** The error's code; `invalid_config` unless given. */
  readonly code?: string;
}

/** Keys that would reach an object's prototype if copied by assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/**
 * Finds own `__proto__` keys anywhere in a value (as `JSON.parse` creates them), which zod would
 * otherwise drop silently.
 */
function findForbiddenKeys(value: unknown, path: (string | number)[], out: SiyuIssue[], seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) findForbiddenKeys(value[i], [...path, i], out, seen);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      out.push({ path: [...path, key], message: `forbidden key "${key}"`, code: 'forbidden_key' });
      continue;
    }
    findForbiddenKeys((value as Record<string, unknown>)[key], [...path, key], out, seen);
  }
}

/** Turns zod's issues into siyu issues, one per unknown key, with the root prefixed. */
function toSiyuIssues(issues: readonly z.core.$ZodIssue[], root: FieldPath): SiyuIssue[] {
  const out: SiyuIssue[] = [];
  for (const issue of issues) {
    const path = [...root, ...issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown key', code: 'unknown_key' });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest: the one with the fewest issues, first on ties.
      let best = issue.errors[0] ?? [];
      for (const branch of issue.errors) if (branch.length < best.length) best = branch;
      const inner = toSiyuIssues(best, path);
      out.push(...(inner.length > 0 ? inner : [{ path, message: issue.message, code: 'invalid_union' }]));
    } else {
      out.push({ path, message: humanise(issue), code: issue.code });
    }
  }
  return out;
}

/** zod's messages, made a little plainer for operators reading them in a back-office UI. */
function humanise(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `required (expected ${issue.expected})`;
  return issue.message.replace(/^Invalid input: /, '');
}

/**
 * Parses `input` with a zod schema, returning the typed value or a {@link SiyuError} whose
 * message names the field path and the problem. Never throws.
 *
 * Own `__proto__` keys anywhere in the input are rejected (zod would drop them silently).
 *
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { safeParseWith } from 'siyu/core';
 * const schema = z.strictObject({ threshold: z.number().int().nonnegative() });
 * safeParseWith(schema, { threshold: 10 }); // → { ok: true, value: { threshold: 10 } }
 * const bad = safeParseWith(schema, { threshold: -1 }, { root: ['tiers', 2] });
 * bad.ok ? '' : bad.error.message; // → 'siyu: tiers[2].threshold: Too small: expected number to be >=0'
 * ```
 */
export function safeParseWith<S extends z.ZodType>(schema: S, input: unknown, options: ParseOptions = {}): ParseResult<z.output<S>> {
  const root = options.root ?? [];
  const code = options.code ?? 'invalid_config';
  const forbidden: SiyuIssue[] = [];
  findForbiddenKeys(input, [...root], forbidden, new Set());
  if (forbidden.length > 0) return { ok: false, error: new SiyuError(code, forbidden) };
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: new SiyuError(code, toSiyuIssues(result.error.issues, root)) };
}

/**
 * Parses `input` with a zod schema, returning the typed value or throwing a {@link SiyuError}
 * whose message names the field path and the problem. Every `parseX` of siyu is built on it.
 *
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { parseWith } from 'siyu/core';
 * const schema = z.strictObject({ name: z.string() });
 * parseWith(schema, { name: 'VIP' }); // → { name: 'VIP' }
 * parseWith(schema, { name: 'VIP', extra: 1 }); // throws: siyu: extra: unknown key
 * ```
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, options: ParseOptions = {}): z.output<S> {
  const result = safeParseWith(schema, input, options);
  if (!result.ok) throw result.error;
  return result.value;
}
