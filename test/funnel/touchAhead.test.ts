import { describe, expect, it } from 'vitest';
import { buildEventTableFromColumns } from 'siyu/core';
import { computeFunnel, computeRetention } from 'siyu/funnel';
import { touchAheadPays } from '../../src/funnel/touchAhead.js';

describe('touching ahead (internal)', () => {
  // Types 0 and 1 are wanted (bits set), type 2 is not.
  const typeBits = Uint32Array.from([1, 2, 0]);
  const big = 64 * 1024 * 1024; // state bytes well past the caches

  it('pays when at least 3/4 of the rows have a wanted type', () => {
    expect(touchAheadPays(big, Uint32Array.from([0, 1, 0, 2]), typeBits, 4)).toBe(true); // 3 of 4
    expect(touchAheadPays(big, Uint32Array.from([0, 2, 1, 2]), typeBits, 4)).toBe(false); // 2 of 4
    expect(touchAheadPays(big, Uint32Array.from([2, 2, 2, 2, 0, 1, 0, 1]), typeBits, 8)).toBe(false); // 4 of 8
  });

  it('counts only the first `rows` rows', () => {
    expect(touchAheadPays(big, Uint32Array.from([0, 0, 0, 2, 2, 2]), typeBits, 3)).toBe(true);
  });

  it('does not pay for state that fits in cache (under 4 MiB)', () => {
    expect(touchAheadPays(4 * 1024 * 1024 - 1, Uint32Array.from([0, 1, 0, 1]), typeBits, 4)).toBe(false);
    expect(touchAheadPays(4 * 1024 * 1024, Uint32Array.from([0, 1, 0, 1]), typeBits, 4)).toBe(true);
  });
});

describe('touching ahead in the one-pass analyses (state past 4 MiB)', () => {
  const base = Date.UTC(2026, 0, 5, 1); // 09:00 in Shanghai
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;

  /** Rows in time order from phases of (offset, which users), 10 ms apart per user id. */
  function table(users: number, phases: readonly { type: number; offset: number; has: (u: number) => boolean }[], types: readonly string[]) {
    const user: number[] = [];
    const type: number[] = [];
    const at: number[] = [];
    for (const phase of phases) {
      for (let u = 0; u < users; u++) {
        if (!phase.has(u)) continue;
        user.push(u);
        type.push(phase.type);
        at.push(base + phase.offset + u * 10);
      }
    }
    return buildEventTableFromColumns({
      user: Uint32Array.from(user),
      userIds: Array.from({ length: users }, (_, u) => `u${u}`),
      type: Uint32Array.from(type),
      types,
      at: Float64Array.from(at),
    });
  }

  it('funnel over 70,000 users (64 B each): same as the grouped path, counts by hand', () => {
    const users = 70_000;
    const t = table(
      users,
      [
        { type: 0, offset: 0, has: () => true },
        { type: 1, offset: HOUR, has: (u) => u % 2 === 0 },
        { type: 2, offset: 2 * HOUR, has: (u) => u % 3 === 0 },
        { type: 3, offset: 3 * HOUR, has: (u) => u % 6 === 0 },
      ],
      ['add_friend', 'join_group', 'message', 'purchase'],
    );
    const steps = ['add_friend', 'join_group', 'message', 'purchase'].map((type) => ({ type }));
    // 7 days: the one pass; 60 days (past 2³² ms): the grouped path. All events are within hours.
    const onePass = computeFunnel({ steps, window: { amount: 7, unit: 'day' } }, t);
    const grouped = computeFunnel({ steps, window: { amount: 60, unit: 'day' } }, t);
    expect(onePass.steps.map((s) => s.count)).toEqual([70_000, 35_000, 11_667, 11_667]);
    expect(onePass.steps).toEqual(grouped.steps);
  });

  it('first-time retention over 530,000 users (8 B each): same as with a row condition (no touching)', () => {
    const users = 530_000;
    const t = table(
      users,
      [
        { type: 0, offset: 0, has: () => true },
        { type: 1, offset: 2 * DAY, has: (u) => u % 3 !== 0 },
        { type: 1, offset: 5 * DAY, has: (u) => u % 5 === 0 },
      ],
      ['add_friend', 'message'],
    );
    const def = { startEvent: { type: 'add_friend' }, returnEvent: { type: 'message' }, period: 'day' as const, range: { from: '2026-01-05', to: '2026-01-06' }, periods: 7 };
    const plain = computeRetention(def, t);
    const withCondition = computeRetention({ ...def, startEvent: { type: 'add_friend', where: { field: 'at', op: 'gte', value: 0 } } }, t);
    expect(plain).toEqual(withCondition);
    const sizes = plain.cohorts.map((c) => c.size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(users);
    const day2 = plain.cohorts.reduce((a, c) => a + (c.counts[2] ?? 0), 0);
    expect(day2).toBe(users - Math.ceil(users / 3));
  });
});
