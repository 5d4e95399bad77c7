import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { SiyuError, formatFieldPath, formatIssues, isSiyuError, parseWith, safeParseWith } from 'siyu/core';

describe('SiyuError and parsing', () => {
  const TierSchema = z.strictObject({
    tiers: z.array(z.strictObject({ name: z.string(), threshold: z.number().int().nonnegative() })),
    mode: z.union([z.literal('lifetime'), z.strictObject({ rollingDays: z.number().int().positive() })]).optional(),
  });

  it('formats paths like JavaScript', () => {
    expect(formatFieldPath(['a', 0, 'b c', '$ok'])).toBe('a[0]["b c"].$ok');
    expect(formatIssues([])).toBe('siyu: invalid input');
    expect(
      formatIssues([
        { path: ['a'], message: 'x', code: 'c' },
        { path: ['b'], message: 'y', code: 'c' },
        { path: ['c'], message: 'z', code: 'c' },
      ]),
    ).toBe('siyu: a: x (and 2 more issues)');
  });

  it('turns zod issues into a SiyuError naming the path', () => {
    const r = safeParseWith(TierSchema, { tiers: [{ name: 'Silver', threshold: 0 }, { name: 'Gold', threshold: '500' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe('siyu: tiers[1].threshold: expected number, received string');
    expect(r.error.code).toBe('invalid_config');
    expect(r.error.path).toEqual(['tiers', 1, 'threshold']);
    expect(r.error.issues).toHaveLength(1);
  });

  it('reports missing fields, unknown keys, NaN and wrong roots', () => {
    expect(() => parseWith(TierSchema, { tiers: [{ name: 'Silver' }] })).toThrow('siyu: tiers[0].threshold: required (expected number)');
    expect(() => parseWith(TierSchema, { tiers: [], level: 1, other: 2 })).toThrow('siyu: level: unknown key (and 1 more issue)');
    expect(() => parseWith(TierSchema, { tiers: [{ name: 'S', threshold: Number.NaN }] })).toThrow('siyu: tiers[0].threshold: expected number, received NaN');
    expect(() => parseWith(TierSchema, null)).toThrow('siyu: (root): expected object, received null');
    expect(() => parseWith(TierSchema, { tiers: [] }, { root: ['program'], code: 'bad_program' })).not.toThrow();
    try {
      parseWith(TierSchema, { tiers: 1 }, { root: ['program'], code: 'bad_program' });
    } catch (e) {
      expect(isSiyuError(e)).toBe(true);
      expect((e as SiyuError).code).toBe('bad_program');
      expect((e as SiyuError).message).toBe('siyu: program.tiers: expected array, received number');
    }
  });

  it('reports the closest union branch', () => {
    expect(() => parseWith(TierSchema, { tiers: [], mode: { rollingDays: 0 } })).toThrow('siyu: mode.rollingDays: Too small');
    expect(() => parseWith(z.union([z.string(), z.number()]), true)).toThrow(SiyuError);
  });

  it('rejects __proto__ keys anywhere, even where zod would drop them', () => {
    const input = JSON.parse('{"tiers":[{"name":"S","threshold":0,"__proto__":{"polluted":true}}]}') as unknown;
    expect(() => parseWith(TierSchema, input)).toThrow('siyu: tiers[0].__proto__: forbidden key');
    const rec = JSON.parse('{"__proto__":1}') as unknown;
    expect(() => parseWith(z.record(z.string(), z.number()), rec)).toThrow(SiyuError);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const cyclic: Record<string, unknown> = { tiers: [] };
    cyclic['self'] = cyclic;
    expect(() => parseWith(TierSchema, cyclic)).toThrow('siyu: self: unknown key');
  });

  it('isSiyuError recognises errors across bundles by shape', () => {
    const foreign = Object.assign(new Error('siyu: x: y'), { name: 'SiyuError', code: 'c', issues: [] });
    expect(isSiyuError(foreign)).toBe(true);
    expect(isSiyuError({ name: 'SiyuError' })).toBe(false);
    expect(SiyuError.at(['a'], 'b', 'my_code').code).toBe('my_code');
    expect(new SiyuError('c', []).path).toEqual([]);
  });
});
