import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDayNumber, type ActivityEvent } from 'siyu/core';
import { computeSegmentMetricColumns } from 'siyu/segments';

const zones = ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London'];
// Around 1900 many zones leave local mean time at odd instants (not on a quarter hour);
// around 2026 they switch DST.
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(1899, 11, 20), max: Date.UTC(1901, 0, 10) }),
  fc.integer({ min: Date.UTC(2026, 2, 1), max: Date.UTC(2026, 10, 30) }),
);

describe('local days from the table equal core localDayNumber', () => {
  it('active days and days since last match a direct count, in any zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(fc.record({ user: fc.integer({ min: 0, max: 3 }), at: instant }), { minLength: 1, maxLength: 60 }), (timeZone, rows) => {
        const events: ActivityEvent[] = rows.map((r, i) => ({ id: `e${i}`, userId: `u${r.user}`, type: 'x', at: r.at }));
        const asOf = Math.max(...rows.map((r) => r.at));
        const cols = computeSegmentMetricColumns(
          [
            { kind: 'activeDays', name: 'days' },
            { kind: 'daysSinceLast', name: 'since' },
          ],
          events,
          { asOf, timeZone },
        );
        cols.userIds.forEach((userId, i) => {
          const mine = events.filter((e) => e.userId === userId);
          const days = new Set(mine.map((e) => localDayNumber(e.at, timeZone)));
          const last = Math.max(...mine.map((e) => e.at));
          expect(cols.columns.days?.[i]).toBe(days.size);
          expect(cols.columns.since?.[i]).toBe(localDayNumber(asOf, timeZone) - localDayNumber(last, timeZone));
        });
      }),
      { numRuns: 150 },
    );
  });
});
