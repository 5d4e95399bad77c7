import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from 'siyu/core';
import { DEFAULT_SEGMENT_PROGRAM, assignSegments, compileSegmentProgram } from 'siyu/segments';

const program = compileSegmentProgram(DEFAULT_SEGMENT_PROGRAM);

const asOf = Date.UTC(2026, 10, 25, 4);

const eventArb = fc.record({
  user: fc.integer({ min: 0, max: 7 }),
  daysAgo: fc.integer({ min: -3 * 24, max: 60 * 24 }),
  type: fc.constantFrom('message', 'purchase', 'check_in'),
  amount: fc.integer({ min: 0, max: 50_000 }),
});

describe('assignments do not depend on input order', () => {
  it('tags, RFM, pyramid and labels are the same for any permutation of events and users', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.func(fc.integer()), (raw, rank) => {
        const events: ActivityEvent[] = raw.map((e, i) => ({
          id: `e${i}`,
          userId: `u${e.user}`,
          type: e.type,
          at: asOf - e.daysAgo * 3_600_000 + (i % 3) * 1000,
          ...(e.type === 'purchase' ? { amount: e.amount } : {}),
        }));
        const users = [{ userId: 'u8' }, { userId: 'u9', attributes: { city: 'Hangzhou' } }];
        const a = assignSegments(program, { asOf, events, users });
        const permuted = events.map((e, i) => ({ e, k: rank(i) })).sort((x, y) => x.k - y.k).map((x) => x.e);
        const b = assignSegments(program, { asOf, events: permuted, users: [...users].reverse() });
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
