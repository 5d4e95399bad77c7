import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InstantSchema, SiyuError, toInstant, tryToInstant } from 'siyu/core';

describe('toInstant', () => {
  it('accepts a Date, an ISO string with an offset, and integer epoch ms', () => {
    const t = Date.UTC(2026, 10, 25, 1, 30);
    expect(toInstant(new Date(t))).toBe(t);
    expect(toInstant('2026-11-25T09:30:00+08:00')).toBe(t);
    expect(toInstant('2026-11-25T09:30+0800')).toBe(t);
    expect(toInstant('2026-11-25T09:30:00+08')).toBe(t);
    expect(toInstant('2026-11-25 01:30:00Z')).toBe(t);
    expect(toInstant('2026-11-25t01:30:00.000z')).toBe(t);
    expect(toInstant('2026-11-24T20:30:00-05:00')).toBe(t);
    expect(toInstant(t)).toBe(t);
  });

  it('keeps milliseconds and truncates finer fractions', () => {
    expect(toInstant('2026-01-01T00:00:00.5Z')).toBe(Date.UTC(2026, 0, 1) + 500);
    expect(toInstant('2026-01-01T00:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 1) + 123);
    expect(toInstant('2026-01-01T00:00:00,25Z')).toBe(Date.UTC(2026, 0, 1) + 250);
  });

  it('handles years before 100 without the Date.UTC century shift', () => {
    expect(toInstant('0050-06-01T00:00:00Z')).toBe(new Date('0050-06-01T00:00:00Z').getTime());
  });

  it.each([
    ['2026-01-01T08:00:00', 'no offset (ambiguous)'],
    ['2026-01-01', 'no offset (ambiguous)'],
    ['2026-13-01T00:00:00Z', 'month 13'],
    ['2026-02-29T00:00:00Z', 'day 29'],
    ['2026-01-01T24:00:00Z', 'time out of range'],
    ['2026-01-01T23:60:00Z', 'time out of range'],
    ['2026-01-01T00:00:00+24:00', 'offset out of range'],
    ['yesterday', 'not an ISO 8601'],
    ['', 'not an ISO 8601'],
  ])('rejects %s (%s)', (input, problem) => {
    expect(() => toInstant(input, ['event', 'at'])).toThrow(problem);
    try {
      toInstant(input, ['event', 'at']);
    } catch (e) {
      expect(e).toBeInstanceOf(SiyuError);
      expect((e as SiyuError).code).toBe('invalid_instant');
      expect((e as SiyuError).path).toEqual(['event', 'at']);
      expect((e as SiyuError).message.startsWith('siyu: event.at: ')).toBe(true);
    }
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 1.5, 9e15])('rejects the number %s', (n) => {
    expect(() => toInstant(n)).toThrow(SiyuError);
  });

  it('rejects an invalid Date and non-time types', () => {
    expect(() => toInstant(new Date(Number.NaN))).toThrow('Invalid Date');
    expect(tryToInstant(null)).toEqual({ ok: false, problem: expect.stringContaining('received null') as string });
    expect(tryToInstant({}).ok).toBe(false);
    expect(tryToInstant(true).ok).toBe(false);
  });

  it('is idempotent: an instant normalises to itself, whatever form it came in', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => {
        const once = toInstant(t);
        expect(toInstant(once)).toBe(once);
        expect(toInstant(new Date(once))).toBe(once);
        if (t > -62_135_596_800_000 && t < 253_402_300_800_000) expect(toInstant(new Date(t).toISOString())).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('InstantSchema reports problems as zod issues', () => {
    expect(InstantSchema.parse(0)).toBe(0);
    const r = InstantSchema.safeParse('2026-01-01');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('no offset');
  });
});
