import { describe, expect, it } from 'vitest';
import { SiyuError } from 'siyu/core';
import {
  BgNbdFitOptionsSchema,
  ClvCustomerSummarySchema,
  parseBgNbdFitOptions,
  parseBgNbdParams,
  parseClvScoringOptions,
  parseClvSummaries,
  parseClvSummaryOptions,
  parseClvValueOptions,
  parseGammaGammaFitOptions,
  parseGammaGammaParams,
  parseNelderMeadOptions,
} from 'siyu/segments';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Each parser with a valid input, and the field to spoil. */
const PARSERS: { name: string; parse: (input: unknown) => unknown; valid: Record<string, unknown>; field: string }[] = [
  { name: 'parseBgNbdParams', parse: parseBgNbdParams, valid: BG, field: 'alpha' },
  { name: 'parseGammaGammaParams', parse: parseGammaGammaParams, valid: { p: 6.25, q: 3.74, v: 15.44 }, field: 'v' },
  { name: 'parseBgNbdFitOptions', parse: parseBgNbdFitOptions, valid: { l2Penalty: 0.001, maxIterations: 100 }, field: 'l2Penalty' },
  { name: 'parseGammaGammaFitOptions', parse: parseGammaGammaFitOptions, valid: { tolerance: 1e-8 }, field: 'tolerance' },
  { name: 'parseClvSummaryOptions', parse: parseClvSummaryOptions, valid: { calibrationEnd: '1997-09-30', timeUnit: 'week' }, field: 'calibrationEnd' },
  { name: 'parseClvValueOptions', parse: parseClvValueOptions, valid: { horizon: 52, discountRate: 0.01 }, field: 'horizon' },
  { name: 'parseClvScoringOptions', parse: parseClvScoringOptions, valid: { bgNbd: BG, horizon: 52, churnThreshold: 0.4 }, field: 'horizon' },
  { name: 'parseNelderMeadOptions', parse: parseNelderMeadOptions, valid: { maxIterations: 100, bound: 20 }, field: 'bound' },
];

function errorOf(fn: () => unknown): SiyuError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SiyuError) return error;
    throw error;
  }
  throw new Error('expected a SiyuError');
}

describe('CLV parsers: bad input', () => {
  for (const { name, parse, valid, field } of PARSERS) {
    describe(name, () => {
      it('accepts the valid input', () => {
        expect(parse(valid)).toMatchObject(valid);
      });
      it('rejects a wrong type, naming the field', () => {
        expect(errorOf(() => parse({ ...valid, [field]: 'oops' })).message).toMatch(new RegExp(`^siyu: ${field}: `));
        expect(() => parse('oops')).toThrow(SiyuError);
        expect(() => parse(null)).toThrow(SiyuError);
      });
      it('rejects NaN', () => {
        expect(errorOf(() => parse({ ...valid, [field]: Number.NaN })).path).toEqual([field]);
      });
      it('rejects unknown keys', () => {
        expect(() => parse({ ...valid, extra: 1 })).toThrow('siyu: extra: unknown key');
      });
      it('rejects __proto__ keys from JSON.parse', () => {
        const input: unknown = JSON.parse(JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"polluted":true},'));
        const error = errorOf(() => parse(input));
        expect(error.code).toBe('invalid_config');
        expect(error.message).toBe('siyu: __proto__: forbidden key "__proto__"');
      });
    });
  }
});

describe('parseClvSummaries', () => {
  const row = { userId: '1', x: 2, tX: 30.43, T: 38.86, meanSpend: 22.35 };

  it('accepts summaries, with or without spend', () => {
    expect(parseClvSummaries([row, { userId: '2', x: 0, tX: 0, T: 38.86 }])).toHaveLength(2);
  });

  it('rejects negative ages, t_x > T, t_x without repeat purchases, fractional x, duplicates', () => {
    expect(() => parseClvSummaries([{ ...row, T: -1 }])).toThrow('siyu: [0].T:');
    expect(() => parseClvSummaries([{ ...row, tX: 40 }])).toThrow('siyu: [0].tX: must not exceed T (38.86), received 40');
    expect(() => parseClvSummaries([{ ...row, x: 0 }])).toThrow('siyu: [0].tX: must be 0 when x is 0');
    expect(() => parseClvSummaries([{ ...row, x: 1.5 }])).toThrow('siyu: [0].x:');
    expect(() => parseClvSummaries([row, row])).toThrow('siyu: [1].userId: duplicate customer "1"');
    expect(() => parseClvSummaries([{ ...row, meanSpend: Number.NaN }])).toThrow('siyu: [0].meanSpend:');
    expect(() => parseClvSummaries([{ ...row, frequency: 2 }])).toThrow('siyu: [0].frequency: unknown key');
    expect(() => parseClvSummaries(JSON.parse('[{"userId":"1","x":0,"tX":0,"T":1,"__proto__":{}}]'))).toThrow('siyu: [0].__proto__: forbidden key');
    expect(() => parseClvSummaries({})).toThrow('siyu: (root):');
  });

  it('exposes the schemas for composition', () => {
    expect(ClvCustomerSummarySchema.safeParse(row).success).toBe(true);
    expect(BgNbdFitOptionsSchema.parse({})).toEqual({ l2Penalty: 0, maxIterations: 2000, tolerance: 1e-10 });
  });
});
