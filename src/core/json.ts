/**
 * JSON values: what configs, event properties and template variables may hold.
 *
 * @module
 */
import * as z from 'zod';

/** A JSON value: what survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * zod schema of a {@link JsonValue}: finite numbers only, no `undefined`, no functions.
 *
 * @example
 * ```ts
 * import { JsonValueSchema } from 'siyu/core';
 * JsonValueSchema.safeParse({ tags: ['vip'], level: 2 }).success; // → true
 * JsonValueSchema.safeParse({ level: Number.NaN }).success; // → false
 * ```
 */
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);
