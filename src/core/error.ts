/**
 * The one error type siyu throws, and the one place its messages are built.
 *
 * @module
 */

/** A path into an input value: object keys and array indexes, outermost first. */
export type FieldPath = readonly (string | number)[];

/** One problem found in an input, with where it was found. */
export interface SiyuIssue {
  /** Where the problem is, outermost key first (`['tiers', 2, 'threshold']`). */
  readonly path: FieldPath;
  /** What is wrong, in plain words (`must exceed tiers[1].threshold`). */
  readonly message: string;
  /** A machine-readable kind, snake_case (`too_small`, `invalid_type`, `unknown_key`). */
  readonly code: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a field path the way a JavaScript reader would write it.
 *
 * @example
 * ```ts
 * import { formatFieldPath } from 'siyu/core';
 * formatFieldPath(['tiers', 2, 'threshold']); // → 'tiers[2].threshold'
 * formatFieldPath(['props', 'first name']); // → 'props["first name"]'
 * formatFieldPath([]); // → '(root)'
 * ```
 */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Builds the message of a {@link SiyuError}: `siyu: <path>: <problem>`, and a count of any
 * further issues.
 *
 * @example
 * ```ts
 * import { formatIssues } from 'siyu/core';
 * formatIssues([{ path: ['tiers', 2, 'threshold'], message: 'must exceed tiers[1].threshold', code: 'custom' }]);
 * // → 'siyu: tiers[2].threshold: must exceed tiers[1].threshold'
 * ```
 */
export function formatIssues(issues: readonly SiyuIssue[]): string {
  const first = issues[0];
  if (first === undefined) return 'siyu: invalid input';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return `siyu: ${formatFieldPath(first.path)}: ${first.message}${more}`;
}

/**
 * The error siyu throws for programmer errors and invalid configuration. Expected business
 * outcomes (not enough points, a cap reached, a duplicate event) are typed results instead.
 *
 * `code` is snake_case and stable; `path` is the field path of the first issue; `issues`
 * lists every problem found.
 *
 * @example
 * ```ts
 * import { SiyuError } from 'siyu/core';
 * const error = SiyuError.at(['tiers', 2, 'threshold'], 'must exceed tiers[1].threshold');
 * error.message; // → 'siyu: tiers[2].threshold: must exceed tiers[1].threshold'
 * error.code; // → 'invalid_input'
 * error instanceof Error; // → true
 * ```
 */
export class SiyuError extends Error {
  /** Stable machine-readable kind, snake_case. */
  readonly code: string;
  /** Field path of the first issue (empty for errors about the whole input). */
  readonly path: FieldPath;
  /** Every issue found, in input order. */
  readonly issues: readonly SiyuIssue[];

  /**
   * @param code - stable snake_case kind of the error
   * @param issues - the problems found; the message names the first one
   */
  constructor(code: string, issues: readonly SiyuIssue[]) {
    super(formatIssues(issues));
    this.name = 'SiyuError';
    this.code = code;
    this.issues = issues;
    this.path = issues[0]?.path ?? [];
  }

  /**
   * One issue at one path.
   *
   * @param path - where the problem is
   * @param message - what is wrong
   * @param code - the error's code, `invalid_input` unless given
   */
  static at(path: FieldPath, message: string, code = 'invalid_input'): SiyuError {
    return new SiyuError(code, [{ path, message, code }]);
  }
}

/**
 * Is this value a {@link SiyuError}? Works across bundles and realms by checking the name and
 * shape as well as the prototype.
 *
 * @example
 * ```ts
 * import { isSiyuError, SiyuError } from 'siyu/core';
 * isSiyuError(SiyuError.at([], 'bad')); // → true
 * isSiyuError(new Error('bad')); // → false
 * ```
 */
export function isSiyuError(value: unknown): value is SiyuError {
  if (value instanceof SiyuError) return true;
  return (
    value instanceof Error &&
    value.name === 'SiyuError' &&
    Array.isArray((value as Partial<SiyuError>).issues) &&
    typeof (value as Partial<SiyuError>).code === 'string'
  );
}
