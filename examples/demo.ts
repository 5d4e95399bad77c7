/**
 * `npm run demo`: siyu on a bundled, seeded sample. For now it shows what `siyu/core` does —
 * parsing a config at the boundary, zone-correct day boundaries, the condition language, the
 * columnar event table and money in fen; each module adds its part of the playbook here.
 */
import * as z from 'zod';
import {
  DurationSchema,
  TimeZoneSchema,
  ConditionSchema,
  addDuration,
  buildEventTable,
  compileCondition,
  formatMinorUnits,
  isSiyuError,
  localDateOf,
  localDayNumber,
  multiplyRatio,
  parseWith,
  startOfLocal,
  toInstant,
} from 'siyu/core';
import { generateSample } from './sample.js';

const iso = (t: number, zone: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' }).format(t);

// 1. A campaign config as stored in a database: parsed once at the boundary.
const CampaignSchema = z.strictObject({
  name: z.string(),
  timeZone: TimeZoneSchema,
  audience: ConditionSchema,
  pointsValidFor: DurationSchema,
});
const campaign = parseWith(CampaignSchema, {
  name: 'Double 11 big orders',
  audience: { all: [{ field: 'type', op: 'eq', value: 'purchase' }, { field: 'amount', op: 'gte', value: 10_000 }] },
  pointsValidFor: { amount: 30, unit: 'day', endOf: 'day' },
});
console.log(`campaign "${campaign.name}" in ${campaign.timeZone}`);

try {
  parseWith(CampaignSchema, { ...campaign, pointsValidFor: { amount: 30, unit: 'days' } });
} catch (error) {
  if (isSiyuError(error)) console.log(`a bad config is refused with its path: ${error.message}`);
}

// 2. Day boundaries are local: 23:30 UTC on 31 Dec is already New Year's Day in Shanghai.
const paidAt = toInstant('2025-12-31T23:30:00Z');
for (const zone of ['Asia/Shanghai', 'America/New_York']) {
  console.log(`${zone.padEnd(17)} local date ${localDateOf(paidAt, zone)}, day starts ${iso(startOfLocal(paidAt, 'day', { timeZone: zone }), zone)}`);
}
const expiresAt = addDuration(paidAt, campaign.pointsValidFor, campaign.timeZone);
console.log(`points earned then, valid 30 days to the end of the day, expire ${iso(expiresAt, campaign.timeZone)} (Shanghai)`);

// 3. The seeded sample as a columnar table, filtered by the compiled audience condition.
const start = toInstant('2026-09-01T00:00:00+08:00');
const events = generateSample({ seed: 2026, users: 500, start, days: 90 });
const table = buildEventTable(events);
const inAudience = compileCondition(campaign.audience);
const big = events.filter(inAudience);
const activeDays = new Set(events.map((e) => `${e.userId}:${localDayNumber(e.at, campaign.timeZone)}`)).size;
console.log(`sample: ${table.length} events, ${table.userIds.length} users, ${table.types.length} event types, ${activeDays} user-active local days`);
console.log(`purchases ≥ ¥100: ${big.length}, worth ${formatMinorUnits(big.reduce((s, e) => s + (e.amount ?? 0), 0))}`);
const points = big.reduce((s, e) => s + multiplyRatio(e.amount ?? 0, 1, 100, 'floor'), 0);
console.log(`at 1 point per ¥1 (floor per order) they earn ${points} points`);
