import { isSiyuError } from 'siyu/core';
import { PointsProgramSchema, parsePointsProgram } from 'siyu/points';
import { describe, expect, it } from 'vitest';

function errorOf(input: unknown): { message: string; path: readonly (string | number)[] } {
  try {
    parsePointsProgram(input);
  } catch (e) {
    if (isSiyuError(e)) return { message: e.message, path: e.path };
    throw e;
  }
  throw new Error('expected a SiyuError');
}

const spend = { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } };

describe('parsePointsProgram', () => {
  it('fills the defaults', () => {
    const p = parsePointsProgram({ rules: [spend] });
    expect(p).toEqual({
      timeZone: 'Asia/Shanghai',
      rules: [{ kind: 'award', ...spend }],
      multipliers: [],
      caps: { periods: [] },
      lock: { kind: 'none' },
      expiry: { kind: 'never' },
      refundPolicy: 'withinBalance',
      redemption: { catalog: [] },
      rounding: 'floor',
    });
  });

  it('reads every rule kind with its defaults', () => {
    const p = parsePointsProgram({
      rules: [
        { kind: 'checkIn', id: 'c', cycle: [1, 2, 3, 4, 5, 6, 10] },
        { kind: 'referral', id: 'r', inviter: 100, invitee: 50 },
        { kind: 'itemCode', id: 'i', award: { kind: 'fixed', amount: 5 } },
      ],
      multipliers: [{ id: 'camp', kind: 'campaign', from: '2025-01-01T00:00:00+08:00', to: '2025-02-01T00:00:00+08:00', percent: 200, ruleIds: ['c'] }],
      redemption: { pointsCash: { points: 100, minorUnits: 100, maxSharePercent: 50 } },
    });
    expect(p.rules.map((r) => [r.kind, r.eventType])).toEqual([
      ['checkIn', 'check_in'],
      ['referral', 'referral'],
      ['itemCode', 'scan'],
    ]);
    expect(p.rules[1]).toMatchObject({ inviterField: 'props.inviterId', inviteeField: 'props.inviteeId' });
    expect(p.rules[2]).toMatchObject({ codeField: 'props.code' });
    expect(p.multipliers[0]).toMatchObject({ from: 1735660800000 });
    expect(p.redemption.pointsCash?.minOrder).toBe(0);
  });

  it.each([
    ['wrong type', { rules: 'none' }, 'siyu: rules:'],
    ['unknown key', { rules: [], bonus: true }, 'siyu: bonus: unknown key'],
    ['unknown key in a rule', { rules: [{ ...spend, extra: 1 }] }, 'siyu: rules[0].extra: unknown key'],
    ['NaN', { rules: [{ id: 'f', eventType: 'x', award: { kind: 'fixed', amount: Number.NaN } }] }, 'siyu: rules[0].award.amount:'],
    ['negative points', { rules: [{ kind: 'checkIn', id: 'c', cycle: [1, -2] }] }, 'siyu: rules[0].cycle[1]:'],
    ['unknown zone', { timeZone: 'Asia/Beijing', rules: [] }, 'siyu: timeZone: unknown IANA time zone'],
    ['bad rule kind', { rules: [{ kind: 'bonus', id: 'b' }] }, 'siyu: rules[0].kind:'],
    ['bad expiry', { rules: [], expiry: { kind: 'rolling', duration: { amount: 30, unit: 'days' } } }, 'siyu: expiry.duration.unit:'],
    ['bad lock', { rules: [], lock: { kind: 'duration' } }, 'siyu: lock.duration:'],
    ['bad refund policy', { rules: [], refundPolicy: 'never' }, 'siyu: refundPolicy:'],
    ['zero transaction cap', { rules: [], caps: { transaction: 0 } }, 'siyu: caps.transaction:'],
    ['bad period', { rules: [], caps: { periods: [{ period: 'year', limit: 1 }] } }, 'siyu: caps.periods[0].period:'],
    ['share over 100', { rules: [], redemption: { pointsCash: { points: 1, minorUnits: 1, maxSharePercent: 101 } } }, 'siyu: redemption.pointsCash.maxSharePercent:'],
    ['percent 0', { rules: [], multipliers: [{ id: 'm', kind: 'birthdayMonth', percent: 0 }] }, 'siyu: multipliers[0].percent:'],
    ['bad condition', { rules: [{ ...spend, when: { field: 'amount', op: 'bigger', value: 1 } }] }, 'siyu: rules[0].when'],
    ['forbidden field', { rules: [{ kind: 'itemCode', id: 'i', codeField: '__proto__.x', award: { kind: 'fixed', amount: 1 } }] }, 'siyu: rules[0].codeField:'],
    ['duplicate rule ids', { rules: [spend, spend] }, 'siyu: rules[1].id: duplicate rule id "spend"'],
    ['duplicate catalog ids', { rules: [], redemption: { catalog: [{ id: 'a', points: 1 }, { id: 'a', points: 2 }] } }, 'siyu: redemption.catalog[1].id: duplicate catalog item id "a"'],
    ['duplicate multiplier ids', { rules: [], multipliers: [{ id: 'm', kind: 'birthdayMonth', percent: 2 }, { id: 'm', kind: 'birthdayMonth', percent: 2 }] }, 'siyu: multipliers[1].id:'],
    ['unknown rule in a multiplier', { rules: [spend], multipliers: [{ id: 'm', kind: 'tier', tiers: ['gold'], percent: 200, ruleIds: ['nope'] }] }, 'siyu: multipliers[0].ruleIds[0]: unknown rule id "nope"'],
    ['empty campaign', { rules: [], multipliers: [{ id: 'm', kind: 'campaign', from: 10, to: 10, percent: 200 }] }, 'siyu: multipliers[0].to: must be after from'],
    ['not an object', 42, 'siyu: (root):'],
  ])('rejects %s', (_name, input, message) => {
    expect(errorOf(input).message).toContain(message);
  });

  it('rejects __proto__ keys from JSON.parse, naming the path', () => {
    const input: unknown = JSON.parse('{"rules":[{"id":"s","eventType":"purchase","award":{"kind":"fixed","amount":1},"__proto__":{"x":1}}]}');
    const error = errorOf(input);
    expect(error.message).toContain('siyu: rules[0].__proto__: forbidden key');
    expect(error.path).toEqual(['rules', 0, '__proto__']);
  });

  it('prefixes a root path', () => {
    expect(() => parsePointsProgram({ rules: 1 }, ['programs', 2])).toThrow('siyu: programs[2].rules:');
  });

  it('exports the schema for composition', () => {
    expect(PointsProgramSchema.safeParse({ rules: [spend] }).success).toBe(true);
  });
});
