import { describe, expect, it } from 'vitest';
import { isSiyuError, type SiyuError } from 'siyu/core';
import { TierProgramSchema, parseTierInput, parseTierProgram } from 'siyu/tiers';

const base = {
  metric: 'pointsEarned',
  window: { kind: 'calendar', unit: 'year' },
  tiers: [
    { name: 'Bronze', threshold: 0 },
    { name: 'Silver', threshold: 500 },
    { name: 'Gold', threshold: 1000 },
  ],
};

function errorOf(fn: () => unknown): SiyuError {
  try {
    fn();
  } catch (error) {
    if (isSiyuError(error)) return error;
    throw error;
  }
  throw new Error('expected a SiyuError');
}

describe('parseTierProgram', () => {
  it('accepts a full program', () => {
    const program = parseTierProgram({
      timeZone: 'America/New_York',
      metric: 'growthValue',
      window: { kind: 'rolling', amount: 12, unit: 'month', review: { kind: 'calendar', unit: 'month' } },
      growthRules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }],
      orders: { purchase: 'order_paid', refund: 'order_refunded' },
      downgrade: { policy: 'oneDown', grace: { amount: 1, unit: 'month' } },
      tiers: [
        { name: 'V1', threshold: 0, benefits: [{ id: 'bday', kind: 'birthdayGift', gift: 'cake' }] },
        {
          name: 'V2',
          threshold: 1000,
          retain: { accumulated: 800, singleOrder: 50_000 },
          paid: { price: 9_900, validity: { amount: 1, unit: 'year' } },
          benefits: [
            { id: 'discount', kind: 'discount', basisPoints: 500 },
            { id: 'mult', kind: 'pointsMultiplier', multiplier: 1.5 },
            { id: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, per: 'month' },
            { id: 'ship', kind: 'freeShipping', count: 4, per: 'month' },
            { id: 'welcome', kind: 'welcomeGift', gift: 'mug', repeat: 'yearly' },
            { id: 'group', kind: 'groupAccess', groupId: 'vip-group' },
          ],
        },
        { name: 'V3', threshold: 5000, neverDowngrade: true },
      ],
    });
    expect(program.tiers.map((t) => t.name)).toEqual(['V1', 'V2', 'V3']);
    expect(TierProgramSchema.safeParse(base).success).toBe(true);
  });

  it('names both tiers when thresholds do not strictly increase', () => {
    const error = errorOf(() => parseTierProgram({ ...base, tiers: [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 400 }] }));
    expect(error.message).toBe('siyu: tiers[2].threshold: must exceed tiers[1].threshold: Gold (400) must be above Silver (500)');
    expect(error.code).toBe('thresholds_not_increasing');
    expect(error.path).toEqual(['tiers', 2, 'threshold']);
    expect(TierProgramSchema.safeParse({ ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 0 }] }).success).toBe(false);
  });

  it('prefixes the root path', () => {
    const error = errorOf(() => parseTierProgram({ ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 0 }] }, ['programs', 3]));
    expect(error.message).toMatch(/^siyu: programs\[3\]\.tiers\[1\]\.threshold: must exceed tiers\[0\]\.threshold/);
  });

  it.each([
    ['unknown metric', { ...base, metric: 'balance' }, 'metric'],
    ['negative quota', { ...base, tiers: [{ name: 'A', threshold: 0, benefits: [{ id: 'c', kind: 'coupon', couponId: 'c', count: -1, per: 'month' }] }] }, 'tiers[0].benefits[0].count'],
    ['fractional threshold', { ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 1.5 }] }, 'tiers[1].threshold'],
    ['NaN threshold', { ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: Number.NaN }] }, 'tiers[1].threshold'],
    ['negative threshold', { ...base, tiers: [{ name: 'A', threshold: -1 }] }, 'tiers[0].threshold'],
    ['string threshold', { ...base, tiers: [{ name: 'A', threshold: '0' }] }, 'tiers[0].threshold'],
    ['unknown key', { ...base, colour: 'gold' }, 'colour'],
    ['unknown tier key', { ...base, tiers: [{ name: 'A', threshold: 0, colour: 'red' }] }, 'tiers[0].colour'],
    ['unknown window', { ...base, window: { kind: 'weekly' } }, 'window.kind'],
    ['rolling without review', { ...base, window: { kind: 'rolling', amount: 12, unit: 'month' } }, 'window.review'],
    ['bad zone', { ...base, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['bad policy', { ...base, downgrade: { policy: 'twoDown' } }, 'downgrade.policy'],
    ['no tiers', { ...base, tiers: [] }, 'tiers'],
    ['first tier above 0', { ...base, tiers: [{ name: 'A', threshold: 10 }] }, 'tiers[0].threshold'],
    ['duplicate names', { ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'A', threshold: 10 }] }, 'tiers[1].name'],
    ['retain above entry', { ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 10, retain: { accumulated: 11 } }] }, 'tiers[1].retain.accumulated'],
    ['empty retain', { ...base, tiers: [{ name: 'A', threshold: 0 }, { name: 'B', threshold: 10, retain: {} }] }, 'tiers[1].retain'],
    ['duplicate benefit', { ...base, tiers: [{ name: 'A', threshold: 0, benefits: [{ id: 'g', kind: 'groupAccess', groupId: 'x' }, { id: 'g', kind: 'groupAccess', groupId: 'y' }] }] }, 'tiers[0].benefits[1].id'],
    [
      'one id, two kinds',
      { ...base, tiers: [{ name: 'A', threshold: 0, benefits: [{ id: 'g', kind: 'groupAccess', groupId: 'x' }] }, { name: 'B', threshold: 1, benefits: [{ id: 'g', kind: 'birthdayGift', gift: 'x' }] }] },
      'tiers[1].benefits[0].kind',
    ],
    ['discount over 100%', { ...base, tiers: [{ name: 'A', threshold: 0, benefits: [{ id: 'd', kind: 'discount', basisPoints: 10_001 }] }] }, 'tiers[0].benefits[0].basisPoints'],
    ['growth rules without growth metric', { ...base, growthRules: [{ id: 'r', eventType: 'purchase', award: { kind: 'fixed', amount: 1 } }] }, 'growthRules'],
    ['duplicate rule ids', { ...base, metric: 'growthValue', growthRules: [{ id: 'r', eventType: 'a', award: { kind: 'fixed', amount: 1 } }, { id: 'r', eventType: 'b', award: { kind: 'fixed', amount: 1 } }] }, 'growthRules[1].id'],
    ['same purchase and refund type', { ...base, orders: { purchase: 'x', refund: 'x' } }, 'orders.refund'],
    ['bad grace', { ...base, downgrade: { policy: 'oneDown', grace: { amount: 1, unit: 'fortnight' } } }, 'downgrade.grace.unit'],
  ])('rejects %s', (_name, input, path) => {
    const error = errorOf(() => parseTierProgram(input));
    expect(error.message).toContain(`siyu: ${path}:`);
  });

  it('rejects wrong root types', () => {
    expect(errorOf(() => parseTierProgram(null)).message).toMatch(/^siyu: \(root\):/);
    expect(errorOf(() => parseTierProgram([])).message).toMatch(/^siyu: \(root\):/);
  });

  it('rejects __proto__ keys from JSON', () => {
    const input: unknown = JSON.parse('{"metric":"spend","window":{"kind":"lifetime"},"tiers":[{"name":"A","threshold":0,"__proto__":{"threshold":5}}]}');
    const error = errorOf(() => parseTierProgram(input));
    expect(error.message).toContain('siyu: tiers[0].__proto__: forbidden key');
  });
});

describe('parseTierInput', () => {
  it('parses each kind and normalises instants', () => {
    expect(parseTierInput({ kind: 'setManualTier', id: 'm1', at: '2026-01-01T00:00:00Z', tier: null })).toEqual({ kind: 'setManualTier', id: 'm1', at: Date.UTC(2026, 0, 1), tier: null });
    expect(parseTierInput({ kind: 'activity', event: { id: 'e', userId: 'u', type: 'purchase', at: 5, amount: 100 } })).toEqual({
      kind: 'activity',
      event: { id: 'e', userId: 'u', type: 'purchase', at: 5, amount: 100 },
    });
    expect(parseTierInput({ kind: 'useBenefit', id: 'b', at: new Date(7), benefit: 'coupon' }).kind).toBe('useBenefit');
    expect(parseTierInput({ kind: 'purchasePaidTier', id: 'p', at: 1, tier: 'Gold' }).kind).toBe('purchasePaidTier');
    expect(parseTierInput({ kind: 'adjustGrowth', id: 'g', at: 1, amount: -5 }).kind).toBe('adjustGrowth');
  });

  it.each([
    ['unknown kind', { kind: 'teleport', id: 'x', at: 0 }, 'kind'],
    ['NaN points', { kind: 'pointsEarned', id: 'x', at: 0, points: Number.NaN }, 'points'],
    ['unknown key', { kind: 'pointsEarned', id: 'x', at: 0, points: 1, extra: true }, 'extra'],
    ['ambiguous instant', { kind: 'pointsEarned', id: 'x', at: '2026-01-01T00:00', points: 1 }, 'at'],
    ['empty id', { kind: 'useBenefit', id: '', at: 0, benefit: 'c' }, 'id'],
    ['bad event', { kind: 'activity', event: { id: 'e', userId: 'u', type: 'purchase', at: 0, amount: 1.5 } }, 'event.amount'],
  ])('rejects %s', (_name, input, path) => {
    expect(errorOf(() => parseTierInput(input)).message).toContain(`siyu: ${path}:`);
  });

  it('rejects __proto__ keys', () => {
    const input: unknown = JSON.parse('{"kind":"pointsEarned","id":"x","at":0,"points":1,"__proto__":{}}');
    expect(errorOf(() => parseTierInput(input)).message).toContain('siyu: __proto__: forbidden key');
  });
});
