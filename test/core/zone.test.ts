import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_TIME_ZONE, SiyuError, TimeZoneSchema, assertTimeZone, instantFromLocal, isValidTimeZone, localParts, zoneOffsetMinutes } from 'siyu/core';

const iso = (t: number): string => new Date(t).toISOString();

describe('zones', () => {
  it('defaults to Asia/Shanghai', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(TimeZoneSchema.parse(undefined)).toBe('Asia/Shanghai');
  });

  it('validates IANA names (and caches the answer)', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('Asia/Beijing')).toBe(false);
    expect(() => assertTimeZone('Asia/Beijing', ['program', 'timeZone'])).toThrow(SiyuError);
    expect(TimeZoneSchema.safeParse('UTC+8').success).toBe(false);
  });

  it('reads offsets and local parts, never the host zone', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 15), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 15), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 15), 'Asia/Kolkata')).toBe(330);
    const p = localParts(Date.UTC(2025, 11, 31, 16, 0, 1, 2), 'Asia/Shanghai');
    expect(p).toEqual({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 1, millisecond: 2, isoWeekday: 4, offsetMinutes: 480 });
    expect(localParts(Date.UTC(2026, 10, 29, 12), 'UTC').isoWeekday).toBe(7);
  });
});

describe('instantFromLocal', () => {
  it('resolves ordinary times', () => {
    expect(iso(instantFromLocal({ year: 2026, month: 11, day: 25, hour: 20 }, 'Asia/Shanghai'))).toBe('2026-11-25T12:00:00.000Z');
    expect(iso(instantFromLocal({ year: 2026, month: 7, day: 1, hour: 9, minute: 5, second: 7, millisecond: 9 }, 'America/New_York'))).toBe(
      '2026-07-01T13:05:07.009Z',
    );
  });

  it('moves a time in the spring-forward gap to the first valid minute (02:30 → 03:00 EDT on 2026-03-08)', () => {
    expect(iso(instantFromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantFromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 0 }, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantFromLocal({ year: 2026, month: 3, day: 8, hour: 3, minute: 0 }, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantFromLocal({ year: 2026, month: 3, day: 8, hour: 1, minute: 59 }, 'America/New_York'))).toBe('2026-03-08T06:59:00.000Z');
  });

  it('takes the earlier of two instants in the fall-back overlap (01:30 on 2026-11-01 is EDT)', () => {
    expect(iso(instantFromLocal({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(instantFromLocal({ year: 2026, month: 11, day: 1, hour: 2, minute: 0 }, 'America/New_York'))).toBe('2026-11-01T07:00:00.000Z');
  });

  it('handles a half-hour gap (Lord Howe) and a midnight gap (Santiago)', () => {
    // Australia/Lord_Howe springs forward 02:00 → 02:30 on 2026-10-04.
    expect(iso(instantFromLocal({ year: 2026, month: 10, day: 4, hour: 2, minute: 10 }, 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
    // America/Santiago springs forward at 24:00 → 01:00 on 2026-09-06: midnight does not exist.
    expect(iso(instantFromLocal({ year: 2026, month: 9, day: 6, hour: 0, minute: 0 }, 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('zoneOffsetMinutes cache', () => {
  it('agrees with Intl to the millisecond around DST transitions', async () => {
    const { tzOffset } = await import('@date-fns/tz');
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Shanghai'];
    const transitions = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 3, 15, 30), Date.UTC(2026, 8, 6, 4)];
    for (const zone of zones) {
      for (const t of transitions) {
        for (const d of [-3_600_001, -1, 0, 1, 1_799_999, 1_800_000, 3_600_000]) {
          expect(zoneOffsetMinutes(t + d, zone)).toBe(tzOffset(zone, new Date(t + d)));
        }
      }
    }
  });
});

describe('zoneOffsetMinutes: lookups in any order', () => {
  /** The offset straight from Intl ('GMT+05:45' → 345). */
  const intlOffset = (t: number, timeZone: string): number => {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
    if (m === null) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60;
    return m[1] === '-' ? -minutes : minutes;
  };
  it('agrees with Intl for instants jumping back and forth across 1950–2100 (tables grow down, up and restart)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('America/New_York', 'Asia/Shanghai', 'Europe/London', 'Australia/Lord_Howe'),
        (instants, zone) => {
          for (const t of instants) expect(zoneOffsetMinutes(t, zone)).toBe(intlOffset(t, zone));
        },
      ),
      { numRuns: 60 },
    );
  });
  it('is exact to the millisecond at a DST change reached from either side', () => {
    const change = Date.parse('2026-03-08T07:00:00Z'); // 02:00 EST → 03:00 EDT
    const expected = [-240, -240, -300, -240, -300, -240]; // 2027-04, the change, 1 ms before, 2023-09, 1 ms before, the change
    [change + 86_400_000 * 400, change, change - 1, change - 86_400_000 * 900, change - 1, change].forEach((t, i) => {
      expect(zoneOffsetMinutes(t, 'America/New_York')).toBe(expected[i]);
    });
  });
});
