import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiyuError, compileCondition, explainCondition, listConditionFields, parseCondition, readField, type Condition } from 'siyu/core';

const user = { city: 'Shanghai', spend30d: 12_800, tags: ['vip', 'douyin'], props: { channel: 'douyin', code: 'QR-17' }, birthday: null, active: true };

describe('condition language', () => {
  it.each<[Condition, boolean]>([
    [{ field: 'city', op: 'eq', value: 'Shanghai' }, true],
    [{ field: 'city', op: 'ne', value: 'Beijing' }, true],
    [{ field: 'spend30d', op: 'gt', value: 12_800 }, false],
    [{ field: 'spend30d', op: 'gte', value: 12_800 }, true],
    [{ field: 'spend30d', op: 'lt', value: 12_801 }, true],
    [{ field: 'spend30d', op: 'lte', value: 12_799 }, false],
    [{ field: 'city', op: 'gt', value: 'Beijing' }, true],
    [{ field: 'city', op: 'in', value: ['Beijing', 'Shanghai'] }, true],
    [{ field: 'city', op: 'nin', value: ['Beijing', 'Shanghai'] }, false],
    [{ field: 'tags', op: 'in', value: ['vip'] }, true],
    [{ field: 'tags', op: 'nin', value: ['elite'] }, true],
    [{ field: 'tags', op: 'contains', value: 'douyin' }, true],
    [{ field: 'props.code', op: 'contains', value: '-1' }, true],
    [{ field: 'props.code', op: 'startsWith', value: 'QR-' }, true],
    [{ field: 'spend30d', op: 'startsWith', value: '12' }, false],
    [{ field: 'spend30d', op: 'contains', value: 1 }, false],
    [{ field: 'props.channel', op: 'exists', value: true }, true],
    [{ field: 'active', op: 'eq', value: true }, true],
  ])('%j → %s', (condition, expected) => {
    expect(compileCondition(condition)(user)).toBe(expected);
  });

  it('a missing field: only ne, nin and exists:false are true', () => {
    const missing = 'props.nope';
    const verdicts = (['eq', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith'] as const).map((op) =>
      compileCondition({ field: missing, op, value: op === 'eq' || op === 'contains' ? 'x' : op === 'startsWith' ? 'x' : 1 } as Condition)(user),
    );
    expect(verdicts.every((v) => v === false)).toBe(true);
    expect(compileCondition({ field: missing, op: 'ne', value: 'x' })(user)).toBe(true);
    expect(compileCondition({ field: missing, op: 'nin', value: ['x'] })(user)).toBe(true);
    expect(compileCondition({ field: missing, op: 'in', value: ['x'] })(user)).toBe(false);
    expect(compileCondition({ field: missing, op: 'exists', value: false })(user)).toBe(true);
    expect(compileCondition({ field: missing, op: 'between', value: [0, 1] })(user)).toBe(false);
    expect(compileCondition({ field: 'city.name', op: 'exists', value: true })(user)).toBe(false);
  });

  it('null is absent for exists, but can be compared with eq null', () => {
    expect(compileCondition({ field: 'birthday', op: 'exists', value: true })(user)).toBe(false);
    expect(compileCondition({ field: 'birthday', op: 'eq', value: null })(user)).toBe(true);
  });

  it('between is inclusive at both ends', () => {
    const c = compileCondition({ field: 'n', op: 'between', value: [10, 20] });
    expect([9, 10, 15, 20, 21].map((n) => c({ n }))).toEqual([false, true, true, true, false]);
    const d = compileCondition({ field: 'd', op: 'between', value: ['2026-01-01', '2026-01-31'] });
    expect([d({ d: '2026-01-01' }), d({ d: '2026-01-31' }), d({ d: '2026-02-01' }), d({ d: 5 })]).toEqual([true, true, false, false]);
  });

  it('in [] is always false and nin [] always true', () => {
    expect(compileCondition({ field: 'city', op: 'in', value: [] })(user)).toBe(false);
    expect(compileCondition({ field: 'city', op: 'nin', value: [] })(user)).toBe(true);
  });

  it('no coercion: the number 1 is not the string "1"', () => {
    expect(compileCondition({ field: 'n', op: 'eq', value: 1 })({ n: '1' })).toBe(false);
    expect(compileCondition({ field: 'n', op: 'gt', value: 0 })({ n: '1' })).toBe(false);
    expect(compileCondition({ field: 'n', op: 'in', value: [1] })({ n: '1' })).toBe(false);
  });

  it('all [] is true, any [] is false, not negates', () => {
    expect(compileCondition({ all: [] })(user)).toBe(true);
    expect(compileCondition({ any: [] })(user)).toBe(false);
    expect(compileCondition({ not: { field: 'city', op: 'eq', value: 'Shanghai' } })(user)).toBe(false);
    expect(
      compileCondition({ any: [{ field: 'city', op: 'eq', value: 'Beijing' }, { all: [{ field: 'active', op: 'eq', value: true }] }] })(user),
    ).toBe(true);
  });

  it('reads own properties only, never the prototype chain', () => {
    expect(readField({}, 'toString')).toBeUndefined();
    expect(compileCondition({ field: 'hasOwnProperty', op: 'exists', value: true })({})).toBe(false);
    expect(readField({ a: [{ b: 1 }] }, 'a.0.b')).toBe(1);
    expect(compileCondition({ field: 'x', op: 'exists', value: true })(null)).toBe(false);
  });

  it('rejects unknown ops, wrong value types, bad paths and unknown keys with the path', () => {
    expect(() => parseCondition({ field: 'a', op: 'bigger', value: 1 })).toThrow('siyu: op:');
    expect(() => parseCondition({ all: [{ field: 'a', op: 'eq', value: 1 }, { field: 'a', op: 'gt', value: true }] })).toThrow('siyu: all[1].value:');
    expect(() => parseCondition({ field: 'a', op: 'in', value: 'x' })).toThrow('siyu: value:');
    expect(() => parseCondition({ field: 'a', op: 'between', value: [1] })).toThrow(SiyuError);
    expect(() => parseCondition({ field: 'a', op: 'between', value: [1, 'z'] })).toThrow(SiyuError);
    expect(() => parseCondition({ field: 'a..b', op: 'exists', value: true })).toThrow('not a dotted field path');
    expect(() => parseCondition({ field: 'props.__proto__.x', op: 'exists', value: true })).toThrow('forbidden segment');
    expect(() => parseCondition({ field: 'constructor', op: 'exists', value: true })).toThrow('forbidden segment');
    expect(() => parseCondition({ field: 'a', op: 'eq', value: 1, extra: 2 })).toThrow('siyu: extra: unknown key');
    expect(() => parseCondition({ field: 'a', op: 'eq', value: Number.NaN })).toThrow(SiyuError);
    expect(() => parseCondition(JSON.parse('{"not":{"__proto__":{"field":"a"}}}'))).toThrow('siyu: not.__proto__: forbidden key');
    expect(() => compileCondition({ not: { field: 'a', op: 'eq' } }, { root: ['rules', 2, 'when'] })).toThrow('siyu: rules[2].when.not.value:');
    expect(() => parseCondition(null)).toThrow(SiyuError);
  });

  it('checks fields and types against a catalog at compile time', () => {
    const fields = { city: 'string', spend30d: 'number', active: 'boolean', tags: 'string[]', 'props.*': 'any' } as const;
    expect(compileCondition({ field: 'props.anything', op: 'gt', value: 1 }, { fields })({ props: { anything: 2 } })).toBe(true);
    expect(() => compileCondition({ field: 'cty', op: 'eq', value: 'x' }, { fields })).toThrow('unknown field "cty"');
    expect(() => compileCondition({ all: [{ field: 'active', op: 'gt', value: 1 }] }, { fields })).toThrow(
      'siyu: all[0].op: "gt" does not apply to active, a boolean field',
    );
    expect(() => compileCondition({ field: 'spend30d', op: 'in', value: [1, '2'] }, { fields })).toThrow('"2" is not a number');
    expect(() => compileCondition({ any: [{ field: 'tags', op: 'contains', value: 3 }] }, { fields })).toThrow('siyu: any[0].value:');
    expect(() => compileCondition({ not: { field: 'active', op: 'eq', value: 'yes' } }, { fields })).toThrow('siyu: not.value:');
    expect(compileCondition({ field: 'city', op: 'contains', value: 'hai' }, { fields })(user)).toBe(true);
    expect(compileCondition({ field: 'tags', op: 'exists', value: true }, { fields })(user)).toBe(true);
  });

  it('explains itself and lists the fields it reads', () => {
    const c: Condition = { all: [{ field: 'spend30d', op: 'gte', value: 10_000 }, { not: { field: 'city', op: 'eq', value: 'Shanghai' } }] };
    const why = explainCondition(c, user);
    expect(why.matched).toBe(false);
    expect(why.checks).toEqual([
      { at: 'all[0]', field: 'spend30d', op: 'gte', value: 10_000, actual: 12_800, matched: true },
      { at: 'all[1].not', field: 'city', op: 'eq', value: 'Shanghai', actual: 'Shanghai', matched: true },
    ]);
    expect(explainCondition({ any: [{ field: 'a', op: 'eq', value: 1 }] }, { a: 1 }).matched).toBe(true);
    expect(listConditionFields(c)).toEqual(['spend30d', 'city']);
  });

  it('property: not(c) is the complement of c, and compiled equals explained', () => {
    const leaf = fc.oneof(
      fc.record({ field: fc.constantFrom('a', 'b'), op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ field: fc.constantFrom('a', 'b'), op: fc.constantFrom('gt' as const, 'lte' as const), value: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ field: fc.constantFrom('a', 'b'), op: fc.constant('in' as const), value: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) }),
    );
    const { tree } = fc.letrec<{ tree: Condition }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.record({ all: fc.array(tie('tree'), { maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('tree'), { maxLength: 3 }) }),
        fc.record({ not: tie('tree') }),
      ),
    }));
    const record = fc.record({ a: fc.integer({ min: 0, max: 3 }), b: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) });
    fc.assert(
      fc.property(tree, record, (c, r) => {
        const v = compileCondition(c)(r);
        expect(compileCondition({ not: c })(r)).toBe(!v);
        expect(explainCondition(c, r).matched).toBe(v);
      }),
      { numRuns: 200 },
    );
  });
});
