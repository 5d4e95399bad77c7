import { describe, expect, it } from 'vitest';
import { isSiyuError, type SiyuError } from 'siyu/core';
import {
  parseFunnelDefinition,
  parseGroupHealthDefinition,
  parseLifecycleCountsDefinition,
  parseOrderMetricsDefinition,
  parseRetentionDefinition,
  parseStickinessDefinition,
} from 'siyu/funnel';

const range = { from: '2026-11-02', to: '2026-11-08' };
const parsers: [string, (input: unknown) => unknown, Record<string, unknown>][] = [
  ['funnel', parseFunnelDefinition, { steps: [{ type: 'add_friend' }], window: { amount: 3, unit: 'day' } }],
  ['retention', parseRetentionDefinition, { startEvent: { type: 'a' }, returnEvent: { type: 'b' }, period: 'day', range, periods: 7 }],
  ['lifecycle', parseLifecycleCountsDefinition, { activeEvent: { type: 'a' }, period: 'week', weekStart: 1, range }],
  ['stickiness', parseStickinessDefinition, { activeEvent: { type: 'a' }, period: 'day', weekStart: 1, range }],
  ['orders', parseOrderMetricsDefinition, { orderEvent: { type: 'purchase' }, dateRange: { from: 0, to: 10 } }],
  ['group health', parseGroupHealthDefinition, { joinEvent: { type: 'j' }, activeEvent: { type: 'm' }, period: 'day', weekStart: 1, range }],
];

function error(parse: (input: unknown) => unknown, input: unknown): SiyuError {
  try {
    parse(input);
  } catch (e) {
    if (isSiyuError(e)) return e;
    throw e;
  }
  throw new Error('expected a SiyuError');
}

describe.each(parsers)('%s definition parser', (_name, parse, good) => {
  const [firstKey] = Object.keys(good) as [string];
  it('accepts the good definition and survives JSON', () => {
    expect(parse(JSON.parse(JSON.stringify(good)))).toEqual(parse(good));
  });
  it('rejects non-objects', () => {
    for (const bad of [null, 42, 'x', []]) expect(error(parse, bad).message).toMatch(/^siyu: /);
  });
  it('rejects unknown keys by path', () => {
    expect(error(parse, { ...good, bogus: 1 }).path).toEqual(['bogus']);
  });
  it('rejects wrong types by path', () => {
    expect(error(parse, { ...good, [firstKey]: 12 }).path[0]).toBe(firstKey);
  });
  it('rejects NaN by path', () => {
    const numeric = Object.entries(good).find(([, v]) => typeof v === 'number')?.[0] ?? 'weekStart';
    const e = error(parse, { ...good, [numeric]: Number.NaN, window: { amount: Number.NaN, unit: 'day' }, dateRange: { from: Number.NaN, to: 1 } });
    expect(e.message).toMatch(/^siyu: /);
    expect(e.path.length).toBeGreaterThan(0);
  });
  it('rejects __proto__ keys from JSON', () => {
    const e = error(parse, JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(good).slice(1)}`));
    expect(e.path).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
