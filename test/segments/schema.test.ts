import { describe, expect, it } from 'vitest';
import { isSiyuError } from 'siyu/core';
import {
  parseKMeansOptions,
  parseRfmConfig,
  parseSegmentLabelRules,
  parseSegmentMetrics,
  parseSegmentProgram,
  parseSegmentTags,
} from 'siyu/segments';

function errorOf(fn: () => unknown): { message: string; path: readonly (string | number)[] } {
  try {
    fn();
  } catch (error) {
    if (isSiyuError(error)) return { message: error.message, path: error.path };
    throw error;
  }
  throw new Error('expected a SiyuError');
}

const parsers: [string, (input: unknown) => unknown, unknown][] = [
  ['parseSegmentMetrics', parseSegmentMetrics, [{ kind: 'count', name: 'c' }]],
  ['parseSegmentTags', parseSegmentTags, [{ name: 't', condition: { all: [] } }]],
  ['parseRfmConfig', parseRfmConfig, { purchaseTypes: ['purchase'] }],
  ['parseKMeansOptions', parseKMeansOptions, { k: 2, seed: 1 }],
  ['parseSegmentLabelRules', parseSegmentLabelRules, { rules: [], fallback: { key: 'all' } }],
  ['parseSegmentProgram', parseSegmentProgram, { metrics: [], tags: [] }],
];

describe.each(parsers)('%s bad input', (_name, parse, valid) => {
  it('accepts the valid sample', () => {
    expect(() => parse(valid)).not.toThrow();
  });
  it('rejects wrong types', () => {
    expect(errorOf(() => parse('nope')).message).toMatch(/^siyu: /);
    expect(errorOf(() => parse(42)).message).toMatch(/^siyu: /);
  });
  it('rejects unknown keys', () => {
    const withExtra = Array.isArray(valid) ? [{ ...(valid[0] as object), extra: 1 }] : { ...(valid as object), extra: 1 };
    const e = errorOf(() => parse(withExtra));
    expect(e.message).toContain('extra: unknown key');
  });
  it('rejects __proto__ keys from JSON', () => {
    const json = JSON.stringify(valid);
    const poisoned = JSON.parse(Array.isArray(valid) ? json.replace(/^\[\{/, '[{"__proto__":{"x":1},') : json.replace(/^\{/, '{"__proto__":{"x":1},'));
    expect(errorOf(() => parse(poisoned)).message).toContain('__proto__');
  });
});

describe('field paths of specific problems', () => {
  it('metrics', () => {
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: 'a', window: { amount: Number.NaN, unit: 'day' } }])).path).toEqual([0, 'window', 'amount']);
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: 'a', window: { amount: 0, unit: 'day' } }])).message).toContain('[0].window: a window must be at least 1 unit long');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: 'a' }, { kind: 'sum', name: 'a' }])).message).toBe('siyu: [1].name: duplicate metric name "a"');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: 'tags' }])).message).toContain('reserved');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: '__proto__' }])).message).toContain('forbidden');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: '1a' }])).message).toContain('not an identifier');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'median', name: 'a' }])).path[1]).toBe('kind');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'count', name: 'a', type: [] }])).path).toEqual([0, 'type']);
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'orderCount', name: 'o', orderIdField: 'props.__proto__' }])).message).toContain('[0].orderIdField: uses a forbidden segment');
    expect(errorOf(() => parseSegmentMetrics([{ kind: 'sum', name: 's' }, { kind: 'quantileBin', name: 'q', of: 's', bins: 1 }])).path).toEqual([1, 'bins']);
  });
  it('tags and label rules', () => {
    expect(errorOf(() => parseSegmentTags([{ name: 'a.b', condition: { all: [] } }])).path).toEqual([0, 'name']);
    expect(errorOf(() => parseSegmentTags([{ name: '__proto__', condition: { all: [] } }])).message).toContain('forbidden');
    expect(errorOf(() => parseSegmentTags([{ name: 'a', condition: { all: [] } }, { name: 'a', condition: { all: [] } }])).message).toBe('siyu: [1].name: duplicate name "a"');
    expect(errorOf(() => parseSegmentLabelRules({ rules: [{ key: 'a', when: { all: [] } }], fallback: { key: 'a' } })).message).toBe('siyu: fallback.key: "a" is also a rule key');
    expect(errorOf(() => parseSegmentLabelRules({ rules: [{ key: 'a', when: { all: [] } }, { key: 'a', when: { all: [] } }], fallback: { key: 'b' } })).path).toEqual(['rules', 1, 'key']);
  });
  it('RFM config', () => {
    const t = { method: 'thresholds', recency: [7, 30, 90, 180], frequency: [1, 2, 4, 8], monetary: [1, 2, 3, 4] };
    expect(errorOf(() => parseRfmConfig({ scoring: { ...t, monetary: [1, 2, Number.NaN, 4] } })).path).toEqual(['scoring', 'monetary', 2]);
    expect(errorOf(() => parseRfmConfig({ scoring: { ...t, frequency: [1, 2, 2, 8] } })).message).toBe('siyu: scoring.frequency[2]: must exceed [1] (cut points increase)');
    expect(errorOf(() => parseRfmConfig({ scoring: { ...t, recency: [1, 2, 3] } })).path.slice(0, 2)).toEqual(['scoring', 'recency']);
    const seg = { key: 's', label: { en: 'S', zh: '甲' }, recency: [1, 5], frequency: [1, 5], monetary: [1, 5] };
    expect(errorOf(() => parseRfmConfig({ segments: [{ ...seg, recency: [4, 2] }] })).message).toContain('segments[0].recency: needs [lo, hi] with lo <= hi');
    expect(errorOf(() => parseRfmConfig({ segments: [{ ...seg, monetary: [0, 5] }] })).path).toEqual(['segments', 0, 'monetary', 0]);
    expect(errorOf(() => parseRfmConfig({ segments: [seg, seg] })).path).toEqual(['segments', 1, 'key']);
    expect(errorOf(() => parseRfmConfig({ purchaseTypes: [] })).path).toEqual(['purchaseTypes']);
  });
  it('k-means options', () => {
    expect(errorOf(() => parseKMeansOptions({ k: 2, seed: 1, tolerance: Number.NaN })).path).toEqual(['tolerance']);
    expect(errorOf(() => parseKMeansOptions({ k: 2, seed: 1, tolerance: Number.POSITIVE_INFINITY })).path).toEqual(['tolerance']);
    expect(errorOf(() => parseKMeansOptions({ k: 2, seed: 2 ** 60 })).path).toEqual(['seed']);
    expect(errorOf(() => parseKMeansOptions({ k: 2, seed: 1, initialCentroids: [[1, Number.NaN]] })).path).toEqual(['initialCentroids', 0, 1]);
    expect(errorOf(() => parseKMeansOptions({ k: 2, seed: 1, maxIterations: 0 })).path).toEqual(['maxIterations']);
  });
  it('NaN in tags, label rules and programs', () => {
    expect(errorOf(() => parseSegmentTags([{ name: 't', condition: { field: 'x', op: 'gt', value: Number.NaN } }])).path).toEqual([0, 'condition', 'value']);
    expect(errorOf(() => parseSegmentLabelRules({ rules: [{ key: 'a', when: { field: 'x', op: 'gte', value: Number.NaN } }], fallback: { key: 'b' } })).path).toEqual(['rules', 0, 'when', 'value']);
    expect(errorOf(() => parseSegmentProgram({ metrics: [{ kind: 'count', name: 'c', window: { amount: Number.NaN, unit: 'day' } }], tags: [] })).path).toEqual(['metrics', 0, 'window', 'amount']);
    expect(errorOf(() => parseSegmentProgram({ metrics: [], tags: [], clustering: { features: ['a'], k: Number.NaN, seed: 1 } })).path).toEqual(['clustering', 'k']);
    const t = { method: 'thresholds', recency: [1, 2, 3, Number.NaN], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] };
    expect(errorOf(() => parseSegmentProgram({ metrics: [], tags: [], rfm: { scoring: t } })).path).toEqual(['rfm', 'scoring', 'recency', 3]);
  });
  it('program', () => {
    expect(errorOf(() => parseSegmentProgram({ metrics: [], tags: [], timeZone: 'Mars/Base' })).message).toContain('timeZone: unknown IANA time zone');
    expect(errorOf(() => parseSegmentProgram({ metrics: [], tags: [], clustering: { features: [], k: 2, seed: 1 } })).path).toEqual(['clustering', 'features']);
  });
});
