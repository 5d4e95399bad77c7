import { describe, expect, it } from 'vitest';
import { ActivityEventSchema, AwardRuleSchema, ConditionSchema, toJsonSchema } from 'siyu/core';

describe('toJsonSchema', () => {
  it('describes instants as epoch ms or a date-time string', () => {
    const s = toJsonSchema(ActivityEventSchema) as { properties: { at: { anyOf: unknown[] } } };
    expect(s.properties.at.anyOf).toEqual([{ type: 'number' }, { type: 'string' }, { type: 'string', format: 'date-time' }]);
  });

  it('is recursive for conditions and closed for unknown keys', () => {
    const s = toJsonSchema(ConditionSchema) as { anyOf: { additionalProperties?: boolean }[] };
    expect(s.anyOf.length).toBeGreaterThanOrEqual(4);
    expect(s.anyOf[0]?.additionalProperties).toBe(false);
    expect(JSON.stringify(toJsonSchema(AwardRuleSchema))).toContain('"perSpend"');
  });
});
