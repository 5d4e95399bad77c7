import { describe, expect, it } from 'vitest';
import { SiyuError, addDuration, atLocalTime, parseDuration, subtractDuration } from 'siyu/core';

const iso = (t: number): string => new Date(t).toISOString();

describe('durations', () => {
  it('Jan 31 + 1 month = Feb 29 in 2024 and Feb 28 in 2025', () => {
    expect(iso(addDuration(atLocalTime('2024-01-31', '12:00'), { amount: 1, unit: 'month' }))).toBe(iso(atLocalTime('2024-02-29', '12:00')));
    expect(iso(addDuration(atLocalTime('2025-01-31', '12:00'), { amount: 1, unit: 'month' }))).toBe(iso(atLocalTime('2025-02-28', '12:00')));
    expect(iso(addDuration(atLocalTime('2024-02-29', '12:00'), { amount: 1, unit: 'year' }))).toBe(iso(atLocalTime('2025-02-28', '12:00')));
  });

  it('minutes and hours are exact; days are local calendar days', () => {
    const t = atLocalTime('2026-03-07', '12:00', 'America/New_York');
    expect(addDuration(t, { amount: 90, unit: 'minute' }) - t).toBe(90 * 60_000);
    expect(addDuration(t, { amount: 24, unit: 'hour' }, 'America/New_York') - t).toBe(24 * 3_600_000);
    expect(addDuration(t, { amount: 1, unit: 'day' }, 'America/New_York') - t).toBe(23 * 3_600_000);
    expect(iso(addDuration(t, { amount: 1, unit: 'week' }, 'America/New_York'))).toBe(iso(atLocalTime('2026-03-14', '12:00', 'America/New_York')));
  });

  it('endOf rounds up to the end of the local period', () => {
    const earned = atLocalTime('2026-11-25', '15:20');
    expect(iso(addDuration(earned, { amount: 30, unit: 'day', endOf: 'day' }))).toBe('2026-12-25T15:59:59.999Z');
    expect(iso(addDuration(earned, { amount: 0, unit: 'day', endOf: 'month' }))).toBe('2026-11-30T15:59:59.999Z');
    expect(iso(addDuration(earned, { amount: 1, unit: 'year', endOf: 'year' }))).toBe('2027-12-31T15:59:59.999Z');
  });

  it('subtracts for windows', () => {
    expect(iso(subtractDuration(atLocalTime('2026-03-31', '00:00'), { amount: 1, unit: 'month' }))).toBe(iso(atLocalTime('2026-02-28', '00:00')));
    expect(subtractDuration(1_000_000, { amount: 2, unit: 'minute' })).toBe(1_000_000 - 120_000);
    expect(subtractDuration(10_000_000, { amount: 1, unit: 'hour' })).toBe(10_000_000 - 3_600_000);
  });

  it('parses durations with field paths', () => {
    expect(parseDuration({ amount: 2, unit: 'week', endOf: 'week' })).toEqual({ amount: 2, unit: 'week', endOf: 'week' });
    expect(() => parseDuration({ amount: -1, unit: 'day' }, ['expiry', 'after'])).toThrow('siyu: expiry.after.amount:');
    expect(() => parseDuration({ amount: Number.NaN, unit: 'day' })).toThrow(SiyuError);
    expect(() => parseDuration({ amount: 1, unit: 'day', every: 2 })).toThrow('siyu: every: unknown key');
    expect(() => parseDuration(JSON.parse('{"amount":1,"unit":"day","__proto__":{"x":1}}'))).toThrow('siyu: __proto__: forbidden key');
    expect(() => parseDuration('7 days')).toThrow('siyu: (root):');
  });
});
