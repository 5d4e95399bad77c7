/**
 * Typed business outcomes. Expected outcomes (not enough points, a cap reached, a duplicate
 * event, an event the state does not accept) are returned, never thrown.
 *
 * @module
 */

/** A refused command: `ok: false`, a stable snake_case `reason` and a readable `message`. */
export interface Rejection<Reason extends string = string> {
  readonly ok: false;
  /** Stable snake_case reason, for code to switch on. */
  readonly reason: Reason;
  /** Readable explanation, for logs and operators. */
  readonly message: string;
}

/**
 * Builds a {@link Rejection}.
 *
 * @example
 * ```ts
 * import { reject } from 'siyu/core';
 * reject('insufficient_points', 'needs 500, has 120'); // → { ok: false, reason: 'insufficient_points', message: 'needs 500, has 120' }
 * ```
 */
export function reject<Reason extends string>(reason: Reason, message: string): Rejection<Reason> {
  return { ok: false, reason, message };
}
