/**
 * Every config schema is also published as JSON Schema (core `toJsonSchema`), so back-offices can
 * render forms and validate in other languages. Each is checked here against sample configs
 * with an independent validator (ajv, draft 2020-12): what the zod parser accepts, the JSON Schema
 * accepts too, and unknown keys are refused by both.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { toJsonSchema } from 'siyu/core';
import { FunnelDefinitionSchema, RetentionDefinitionSchema } from 'siyu/funnel';
import { CustomerLifecycleConfigSchema, GroupLifecycleConfigSchema, MemberLifecycleConfigSchema } from 'siyu/lifecycle';
import { PointsProgramSchema } from 'siyu/points';
import { DEFAULT_SEGMENT_PROGRAM, SegmentProgramSchema } from 'siyu/segments';
import {
  SopTemplateSchema,
  createDailyGroupSop,
  createInviteToGroupSop,
  createOnboardingSop,
  createOpeningCeremonySop,
  createWeeklyGroupSop,
} from 'siyu/sop';
import { TierProgramSchema } from 'siyu/tiers';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

const points = {
  timeZone: 'Asia/Shanghai',
  rules: [
    // `kind: 'award'` may be left out when parsing with zod; the JSON Schema asks for it explicitly.
    { kind: 'award', id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
    { kind: 'checkIn', id: 'daily', cycle: [1, 2, 3, 4, 5, 6, 10] },
  ],
  multipliers: [{ id: 'gold', kind: 'tier', tiers: ['gold'], percent: 200 }],
  caps: { transaction: 50_000, periods: [{ period: 'month', limit: 20_000 }] },
  lock: { kind: 'duration', duration: { amount: 14, unit: 'day' } },
  expiry: { kind: 'annualClearing' },
  redemption: { catalog: [{ id: 'mug', points: 300 }] },
};

const tiers = {
  timeZone: 'Asia/Shanghai',
  metric: 'spend',
  window: { kind: 'calendar', unit: 'year' },
  downgrade: { policy: 'reassess', grace: { amount: 1, unit: 'month' } },
  tiers: [
    { name: 'Member', threshold: 0 },
    { name: 'Silver', threshold: 200_000, benefits: [{ id: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, per: 'month' }] },
    { name: 'Gold', threshold: 500_000 },
  ],
};

const funnel = {
  steps: [{ type: 'add_friend' }, { type: 'join_group' }, { type: 'purchase' }, { type: 'purchase' }],
  window: { amount: 7, unit: 'day' },
  breakdown: { field: 'props.channel' },
};

const retention = {
  startEvent: { type: 'join_group' },
  returnEvent: { type: 'message' },
  period: 'day',
  periods: 30,
  range: { from: '2026-11-01', to: '2026-11-30' },
};

const samples: [string, z.ZodType, unknown[]][] = [
  ['PointsProgramSchema', PointsProgramSchema, [points]],
  ['TierProgramSchema', TierProgramSchema, [tiers]],
  ['FunnelDefinitionSchema', FunnelDefinitionSchema, [funnel]],
  ['RetentionDefinitionSchema', RetentionDefinitionSchema, [retention]],
  [
    'SopTemplateSchema',
    SopTemplateSchema,
    [createOpeningCeremonySop(), createOnboardingSop(), createInviteToGroupSop(), createDailyGroupSop(), createWeeklyGroupSop()],
  ],
  ['SegmentProgramSchema', SegmentProgramSchema, [DEFAULT_SEGMENT_PROGRAM]],
  ['CustomerLifecycleConfigSchema', CustomerLifecycleConfigSchema, [{}]],
  ['GroupLifecycleConfigSchema', GroupLifecycleConfigSchema, [{}]],
  ['MemberLifecycleConfigSchema', MemberLifecycleConfigSchema, [{}]],
];

describe('JSON Schema of every config schema', () => {
  it.each(samples)('%s accepts its sample configs and refuses unknown keys', (_name, schema, configs) => {
    const validate = ajv.compile(toJsonSchema(schema));
    for (const config of configs) {
      const json = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
      expect(schema.safeParse(json).success).toBe(true);
      const ok = validate(json);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      const extra = { ...json, notAField: 1 };
      expect(schema.safeParse(extra).success).toBe(false);
      expect(validate(extra)).toBe(false);
    }
  });
});
