/** Lot times are core calendar arithmetic, including across DST transitions. */
import fc from 'fast-check';
import { addDuration, endOfLocal, startOfLocal } from 'siyu/core';
import { computeLotActivation, computeLotExpiry, startOfCapPeriod } from 'siyu/points';
import { describe, expect, it } from 'vitest';

const zones = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'UTC');
// Instants 1990–2040, biased to DST transition nights in New York and London.
const instants = fc.oneof(
  fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
  fc.integer({ min: Date.UTC(2026, 2, 7), max: Date.UTC(2026, 2, 10) }),
  fc.integer({ min: Date.UTC(2026, 9, 24), max: Date.UTC(2026, 10, 3) }),
);
const units = fc.constantFrom('minute' as const, 'hour' as const, 'day' as const, 'week' as const, 'month' as const, 'year' as const);
const ends = fc.constantFrom(undefined, 'day' as const, 'week' as const, 'month' as const, 'quarter' as const, 'year' as const);

describe('lot times equal core calendar arithmetic', () => {
  it('activation after a lock duration', () => {
    fc.assert(
      fc.property(zones, instants, fc.nat(400), units, ends, (zone, at, amount, unit, endOf) => {
        const duration = { amount, unit, ...(endOf === undefined ? {} : { endOf }) };
        expect(computeLotActivation({ kind: 'duration', duration }, at, zone)).toBe(Math.max(at, addDuration(at, duration, zone)));
      }),
      { numRuns: 300 },
    );
  });

  it('expiry policies', () => {
    fc.assert(
      fc.property(zones, instants, fc.nat(400), units, ends, fc.constantFrom('month' as const, 'quarter' as const, 'year' as const), fc.nat(6), (zone, at, amount, unit, endOf, periodUnit, periods) => {
        const duration = { amount, unit, ...(endOf === undefined ? {} : { endOf }) };
        expect(computeLotExpiry({ kind: 'rolling', duration }, at, zone)).toBe(addDuration(at, { ...duration, endOf: endOf ?? 'day' }, zone));
        const months = periodUnit === 'year' ? 12 * periods : periodUnit === 'quarter' ? 3 * periods : periods;
        expect(computeLotExpiry({ kind: 'endOfPeriod', unit: periodUnit, periods }, at, zone)).toBe(endOfLocal(addDuration(at, { amount: months, unit: 'month' }, zone), periodUnit, { timeZone: zone }));
        expect(computeLotExpiry({ kind: 'annualClearing' }, at, zone)).toBe(endOfLocal(addDuration(at, { amount: 1, unit: 'year' }, zone), 'year', { timeZone: zone }));
      }),
      { numRuns: 300 },
    );
  });

  it('days and weeks landing on or next to DST changes (also zones that change at midnight)', () => {
    const nearZones = fc.constantFrom('America/New_York', 'Europe/London', 'America/Havana', 'America/Santiago', 'Asia/Beirut', 'Pacific/Apia', 'Australia/Lord_Howe');
    // Two weeks before 2011-12-30 (Apia skipped that day), before March/April and before Oct/Nov 2026.
    const starts = fc.constantFrom(Date.UTC(2011, 11, 16), Date.UTC(2026, 1, 22), Date.UTC(2026, 2, 20), Date.UTC(2026, 8, 20), Date.UTC(2026, 9, 18));
    fc.assert(
      fc.property(nearZones, starts, fc.integer({ min: 0, max: 21 * 86_400_000 }), fc.nat(3), fc.constantFrom('day' as const, 'week' as const), ends, (zone, start, offset, amount, unit, endOf) => {
        const at = start + offset;
        const duration = { amount, unit, ...(endOf === undefined ? {} : { endOf }) };
        expect(computeLotActivation({ kind: 'duration', duration }, at, zone)).toBe(Math.max(at, addDuration(at, duration, zone)));
        expect(computeLotExpiry({ kind: 'rolling', duration }, at, zone)).toBe(addDuration(at, { ...duration, endOf: endOf ?? 'day' }, zone));
        expect(startOfCapPeriod(at, 'day', zone)).toBe(startOfLocal(at, 'day', { timeZone: zone }));
      }),
      { numRuns: 500 },
    );
  });

  it('cap periods', () => {
    fc.assert(
      fc.property(zones, instants, fc.constantFrom('day' as const, 'week' as const, 'month' as const), (zone, at, period) => {
        expect(startOfCapPeriod(at, period, zone)).toBe(startOfLocal(at, period, { timeZone: zone }));
      }),
      { numRuns: 300 },
    );
  });
});
