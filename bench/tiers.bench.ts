import { createRandom, type ActivityEvent } from '../src/core/index.js';
import { decideTierReview, parseTierProgram, qualifyTier, replayTierHistory, type TierInput } from '../src/tiers/index.js';
import type { Benchmark } from './harness.js';
import { generateEvents } from './generate.js';

const ladder = [
  { name: 'Bronze', threshold: 0 },
  { name: 'Silver', threshold: 500 },
  { name: 'Gold', threshold: 1000, retain: { accumulated: 800 } },
  { name: 'Platinum', threshold: 5000 },
];
const yearly = parseTierProgram({ metric: 'pointsEarned', window: { kind: 'calendar', unit: 'year' }, downgrade: { policy: 'oneDown' }, tiers: ladder });

// 10⁶ members: a held tier and a yearly metric each, seeded.
const MEMBERS = 1_000_000;
const rng = createRandom(4);
const held: string[] = new Array<string>(MEMBERS);
const metrics = new Float64Array(MEMBERS);
for (let i = 0; i < MEMBERS; i++) {
  held[i] = ladder[rng.nextInt(ladder.length)]?.name ?? 'Bronze';
  metrics[i] = rng.nextInt(6000);
}

function reviewAll(): number {
  let downgraded = 0;
  for (let i = 0; i < MEMBERS; i++) {
    if (decideTierReview(yearly, { tier: held[i] as string, metric: metrics[i] as number }).outcome === 'downgraded') downgraded++;
  }
  return downgraded;
}

function qualifyAll(): number {
  let gold = 0;
  for (let i = 0; i < MEMBERS; i++) if (qualifyTier(yearly, metrics[i] as number) === 'Gold') gold++;
  return gold;
}

// Member histories: 20,000 events over a year across 500 members, replayed from joining.
const growth = parseTierProgram({
  metric: 'growthValue',
  window: { kind: 'calendar', unit: 'quarter' },
  downgrade: { policy: 'reassess', grace: { amount: 15, unit: 'day' } },
  growthRules: [
    { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
    { id: 'chat', eventType: 'message', award: { kind: 'fixed', amount: 2 } },
  ],
  tiers: [
    { name: 'V1', threshold: 0 },
    { name: 'V2', threshold: 2000, benefits: [{ id: 'coupon', kind: 'coupon', couponId: 'c', count: 2, per: 'month' }] },
    { name: 'V3', threshold: 10_000 },
  ],
});
const events = generateEvents({ seed: 4, users: 500, events: 20_000, days: 365 });
const byUser = new Map<string, TierInput[]>();
for (const event of events as ActivityEvent[]) {
  const list = byUser.get(event.userId) ?? [];
  list.push({ kind: 'activity', event });
  byUser.set(event.userId, list);
}
const end = Date.UTC(2027, 0, 1);

function replayAll(): number {
  let top = 0;
  for (const [memberId, inputs] of byUser) {
    if (replayTierHistory(growth, { memberId, joinedAt: Date.UTC(2025, 11, 1) }, inputs, end).state.tier === 'V3') top++;
  }
  return top;
}

/** Benchmarks of siyu/tiers. */
export const benchmarks: Benchmark[] = [
  { name: 'tiers: decideTierReview', size: `${MEMBERS.toLocaleString('en')} members`, run: reviewAll },
  { name: 'tiers: qualifyTier', size: `${MEMBERS.toLocaleString('en')} members`, run: qualifyAll },
  { name: 'tiers: replayTierHistory', size: `${byUser.size} members, ${events.length.toLocaleString('en')} events`, run: replayAll },
];
