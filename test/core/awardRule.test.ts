import { describe, expect, it } from 'vitest';
import { SiyuError, compileAwardRule, parseAwardRule, type ActivityEvent } from 'siyu/core';

const order = (amount: number, props: Record<string, string> = {}): ActivityEvent => ({ id: 'o', userId: 'u', type: 'purchase', at: 0, amount, props });

describe('award rules', () => {
  it('1 point per ¥1, floor by default: ¥129.99 → 129', () => {
    const rule = compileAwardRule({ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } });
    expect(rule(order(12_999))).toBe(129);
    expect(rule(order(99))).toBe(0);
    expect(rule({ id: 'o', userId: 'u', type: 'purchase', at: 0 })).toBe(0);
    expect(rule(order(-500))).toBe(0);
  });

  it('rounding is configurable', () => {
    const halfUp = compileAwardRule({ id: 's', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100, rounding: 'halfUp' } });
    expect(halfUp(order(12_950))).toBe(130);
    const ceil = compileAwardRule({ id: 's', eventType: 'purchase', award: { kind: 'perSpend', amount: 3, per: 1000, rounding: 'ceil' } });
    expect(ceil(order(1001))).toBe(4);
  });

  it('fixed awards per event type, with a condition', () => {
    const rule = compileAwardRule({
      id: 'douyin-bonus',
      eventType: 'purchase',
      when: { field: 'props.channel', op: 'eq', value: 'douyin' },
      award: { kind: 'fixed', amount: 50 },
    });
    expect(rule(order(100, { channel: 'douyin' }))).toBe(50);
    expect(rule(order(100, { channel: 'store' }))).toBe(0);
    expect(rule({ id: 'c', userId: 'u', type: 'check_in', at: 0, props: { channel: 'douyin' } })).toBe(0);
  });

  it('rejects bad rules with the path', () => {
    expect(() => parseAwardRule({ id: 'x', eventType: 'purchase', award: { kind: 'fixed', amount: -1 } }, ['rules', 0])).toThrow('siyu: rules[0].award.amount:');
    expect(() => parseAwardRule({ id: 'x', eventType: 'purchase', award: { kind: 'bonus', amount: 1 } })).toThrow('siyu: award.kind:');
    expect(() =>
      compileAwardRule({ id: 'x', eventType: 'purchase', when: { field: 'a', op: 'nope', value: 1 }, award: { kind: 'fixed', amount: 1 } }, ['rules', 3]),
    ).toThrow('siyu: rules[3].when.op:');
    expect(() => parseAwardRule({ id: 'x', eventType: 'purchase', award: { kind: 'fixed', amount: 1 }, extra: true })).toThrow('siyu: extra: unknown key');
    expect(() => parseAwardRule({ id: 'x', eventType: 'purchase', award: { kind: 'fixed', amount: Number.NaN } })).toThrow('siyu: award.amount:');
    expect(() => parseAwardRule({ id: 7, eventType: 'purchase', award: { kind: 'fixed', amount: 1 } })).toThrow('siyu: id:');
    expect(() => parseAwardRule(JSON.parse('{"id":"x","eventType":"purchase","award":{"kind":"fixed","amount":1,"__proto__":{"amount":9}}}'))).toThrow(
      'siyu: award.__proto__: forbidden key',
    );
    expect(() => parseAwardRule(undefined)).toThrow(SiyuError);
  });
});
