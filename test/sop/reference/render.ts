// Frozen copy of src/sop/render.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * `{{name}}` templates: compiled once into literal text and variable slots, rendered by plain
 * concatenation — never `String.prototype.replace`, so `$&`, `$1` or `$$` in a value render
 * exactly as written.
 *
 * @module
 */
import { reject, type Rejection } from 'siyu/core';

/** A compiled text: literal pieces and variable names, alternating (`parts[0]` is literal). */
export interface SopCompiledText {
  /** Literal text before, between and after the slots: always `slots.length + 1` pieces. */
  readonly literals: readonly string[];
  /** Variable names in order of appearance. */
  readonly slots: readonly string[];
}

const SLOT = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Splits a text into literal pieces and `{{name}}` slots (spaces inside the braces are allowed).
 * Anything that is not a well-formed slot — a lone `{{`, `{{ 1x }}` — stays literal text.
 *
 * @example
 * ```ts
 * import { compileSopText } from 'siyu/sop';
 * compileSopText('Hi {{ nickname }}, welcome to {{group}}!');
 * // → { literals: ['Hi ', ', welcome to ', '!'], slots: ['nickname', 'group'] }
 * ```
 */
export function compileSopText(text: string): SopCompiledText {
  const literals: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of text.matchAll(SLOT)) {
    literals.push(text.slice(last, m.index));
    slots.push(m[1] as string);
    last = m.index + m[0].length;
  }
  literals.push(text.slice(last));
  return { literals, slots };
}

/** Why rendering failed: a variable with no value and no default. */
export interface SopMissingVariable extends Rejection<'missing_variable'> {
  /** The variable's name. */
  readonly variable: string;
}

/** The outcome of {@link renderSopText}. */
export type SopRenderResult = { readonly ok: true; readonly text: string } | SopMissingVariable;

/**
 * Renders a text with values, falling back to defaults; literal substitution. A variable with
 * neither a value nor a default is a typed `missing_variable` result.
 *
 * @example
 * ```ts
 * import { renderSopText } from 'siyu/sop';
 * renderSopText('Hi {{nickname}}', { nickname: 'A$&B' }); // → { ok: true, text: 'Hi A$&B' }
 * renderSopText('{{coupon}} off', {}, { coupon: '¥3' }); // → { ok: true, text: '¥3 off' }
 * renderSopText('Hi {{nickname}}', {}).ok; // → false
 * ```
 */
export function renderSopText(
  text: string | SopCompiledText,
  values: Readonly<Record<string, string | number>>,
  defaults: Readonly<Record<string, string>> = {},
): SopRenderResult {
  const compiled = typeof text === 'string' ? compileSopText(text) : text;
  let out = compiled.literals[0] ?? '';
  for (let i = 0; i < compiled.slots.length; i++) {
    const name = compiled.slots[i] as string;
    const value = Object.hasOwn(values, name) ? values[name] : Object.hasOwn(defaults, name) ? defaults[name] : undefined;
    if (value === undefined) return { ...reject('missing_variable', `variable "${name}" has no value and no default`), variable: name };
    out += String(value) + (compiled.literals[i + 1] ?? '');
  }
  return { ok: true, text: out };
}
