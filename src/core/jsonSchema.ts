/**
 * JSON Schema for siyu's config schemas, so a back-office can render config forms and validate
 * in other languages. Built from the zod schemas (zod 4's `toJSONSchema`), describing the
 * **input** a parser accepts.
 *
 * @module
 */
import * as z from 'zod';

/** A JSON Schema document (draft 2020-12), as a plain object. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of the input a siyu zod schema accepts. Refinements that JSON
 * Schema cannot express (thresholds increasing, real calendar dates, offsets on ISO strings) are
 * checked only by the parser; a `Date` input is described as an RFC 3339 date-time string.
 *
 * @example
 * ```ts
 * import { DurationSchema, toJsonSchema } from 'siyu/core';
 * const schema = toJsonSchema(DurationSchema);
 * schema.type; // → 'object'
 * schema.required; // → ['amount', 'unit']
 * schema.additionalProperties; // → false
 * ```
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if ((ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
}
