/**
 * Activity events: the one input shape every module reads (a friend-add, a group join, a
 * message, a check-in, a purchase).
 *
 * @module
 */
import * as z from 'zod';
import type { FieldPath } from './error.js';
import { InstantSchema, type Instant } from './instant.js';
import { JsonValueSchema, type JsonValue } from './json.js';
import { parseWith } from './parse.js';

/**
 * Something a user did, at an instant. `id` makes it idempotent: every state change keyed by an
 * event happens once per id. `amount` is money in integer minor units (fen) when the event
 * carries money (a purchase, a refund); `props` holds anything else (channel, order id, SKU).
 */
export interface ActivityEvent {
  /** Unique id of the event (idempotency key). */
  readonly id: string;
  /** Who did it. */
  readonly userId: string;
  /** What they did, e.g. `'add_friend'`, `'join_group'`, `'purchase'`. */
  readonly type: string;
  /** When, as epoch milliseconds. */
  readonly at: Instant;
  /** Money in integer minor units (fen), when the event carries money. */
  readonly amount?: number | undefined;
  /** Further properties, read by conditions as `props.<name>`. */
  readonly props?: Readonly<Record<string, JsonValue>> | undefined;
}

/**
 * zod schema of an {@link ActivityEvent}. `at` accepts a `Date`, an ISO 8601 string with an
 * offset or epoch ms, and is normalised to epoch ms.
 *
 * @example
 * ```ts
 * import { ActivityEventSchema } from 'siyu/core';
 * ActivityEventSchema.parse({ id: 'e1', userId: 'u1', type: 'purchase', at: '2026-11-25T10:00:00+08:00', amount: 12_800 }).at;
 * // → 1795572000000
 * ```
 */
export const ActivityEventSchema = z.strictObject({
  id: z.string().min(1),
  userId: z.string().min(1),
  type: z.string().min(1),
  at: InstantSchema,
  amount: z.number().int().refine(Number.isSafeInteger, { message: 'must be a safe integer (minor units)' }).optional(),
  props: z.record(z.string(), JsonValueSchema).optional(),
});

/**
 * Parses one {@link ActivityEvent} from untrusted input, or throws a `SiyuError` naming the field.
 *
 * @example
 * ```ts
 * import { parseActivityEvent } from 'siyu/core';
 * parseActivityEvent({ id: 'e1', userId: 'u1', type: 'check_in', at: 0 }); // → { id: 'e1', userId: 'u1', type: 'check_in', at: 0 }
 * parseActivityEvent({ id: 'e1', userId: 'u1', type: 'purchase', at: 0, amount: 9.9 }); // throws: siyu: amount:
 * ```
 */
export function parseActivityEvent(input: unknown, root: FieldPath = []): ActivityEvent {
  return parseWith(ActivityEventSchema, input, { root, code: 'invalid_event' });
}

/**
 * Parses a list of {@link ActivityEvent}s; error paths carry the index (`[3].at`).
 *
 * @example
 * ```ts
 * import { parseActivityEvents } from 'siyu/core';
 * parseActivityEvents([{ id: 'e1', userId: 'u1', type: 'join_group', at: 0 }]).length; // → 1
 * parseActivityEvents([{ id: 'e1', userId: 'u1', type: 'join_group', at: 'yesterday' }]); // throws: siyu: [0].at:
 * ```
 */
export function parseActivityEvents(input: unknown, root: FieldPath = []): ActivityEvent[] {
  return parseWith(z.array(ActivityEventSchema), input, { root, code: 'invalid_event' });
}
