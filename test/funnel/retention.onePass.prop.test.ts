/**
 * First-time cohort retention runs in one pass with per-user typed state. Checked against a
 * brute force written here from the definition (local dates from `Intl`, not the module's
 * period index), and for sharding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventTable, buildEventTableFromColumns, type ActivityEvent } from 'siyu/core';
import { computeRetention, createRetentionAggregate, type RetentionDefinitionInput, type RetentionResult } from 'siyu/funnel';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Shanghai midnight starting 2026-10-25; New York leaves daylight time on 2026-11-01. */
const START = Date.parse('2026-10-25T00:00:00+08:00');
const TYPES = ['join_group', 'message', 'purchase'] as const;

/** Up to 8 users over five weeks, at 15-minute steps so local midnights are hit often. */
const eventsArb = fc
  .array(
    fc.record({
      user: fc.integer({ min: 0, max: 7 }),
      type: fc.constantFrom(...TYPES),
      quarter: fc.integer({ min: 0, max: 35 * 96 }),
    }),
    { maxLength: 60, size: 'max' },
  )
  .map((rows) => rows.map((r, i): ActivityEvent => ({ id: `e${i}`, userId: `u${r.user}`, type: r.type, at: START + r.quarter * 15 * MINUTE })));

const zoneArb = fc.constantFrom('Asia/Shanghai', 'America/New_York');

/** A first-time retention definition (cohortBy left to its default half the time). */
const definitionArb: fc.Arbitrary<RetentionDefinitionInput> = fc
  .record({
    period: fc.constantFrom('day' as const, 'week' as const),
    timeZone: zoneArb,
    weekStart: fc.integer({ min: 1, max: 7 }),
    returnMode: fc.constantFrom('on' as const, 'onOrAfter' as const),
    explicitCohortBy: fc.boolean(),
    periods: fc.integer({ min: 1, max: 6 }),
    from: fc.integer({ min: -2, max: 20 }),
    length: fc.integer({ min: 0, max: 14 }),
    start: fc.constantFrom('join_group', 'message'),
    ret: fc.constantFrom('message', 'purchase', 'join_group'),
  })
  .map((d) => ({
    startEvent: { type: d.start },
    returnEvent: { type: d.ret },
    period: d.period,
    timeZone: d.timeZone,
    weekStart: d.weekStart as 1 | 2 | 3 | 4 | 5 | 6 | 7,
    returnMode: d.returnMode,
    ...(d.explicitCohortBy ? { cohortBy: 'firstTime' as const } : {}),
    periods: d.periods,
    range: { from: dateOfDay(dayOfDate('2026-10-25') + d.from), to: dateOfDay(dayOfDate('2026-10-25') + d.from + d.length) },
  }));

const dayOfDate = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOfDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The local day number (days since 1970-01-01) of an instant in a zone, read from Intl. */
function localDay(at: number, timeZone: string): number {
  let format = FORMATS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    FORMATS.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return dayOfDate(`${get('year')}-${get('month')}-${get('day')}`);
}

/** A period's key: its first local day; weeks start on `weekStart` (ISO, 1 = Monday). */
function periodStartDay(day: number, unit: 'day' | 'week', weekStart: number): number {
  if (unit === 'day') return day;
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
  return day - ((isoWeekday - weekStart + 7) % 7);
}

interface ExpectedCohort {
  readonly cohort: string;
  /** Users in the cohort (known even when the cohort period is after asOf and its counts read null). */
  readonly size: number;
  readonly counts: readonly (number | null)[];
}

/** Brute force: per user, the cohort is the period of the first start event; count returns per the mode. */
function bruteRetention(def: RetentionDefinitionInput, events: readonly ActivityEvent[], asOf?: number): ExpectedCohort[] {
  const unit = def.period as 'day' | 'week';
  const zone = def.timeZone as string;
  const weekStart = def.weekStart ?? 1;
  const step = unit === 'day' ? 1 : 7;
  const periodOf = (at: number): number => periodStartDay(localDay(at, zone), unit, weekStart);
  const K = def.periods;
  const first = periodStartDay(dayOfDate(def.range.from), unit, weekStart);
  const last = periodStartDay(dayOfDate(def.range.to), unit, weekStart);
  const table = new Map<number, number[]>();
  for (let p = first; p <= last; p += step) table.set(p, new Array<number>(K + 1).fill(0));
  const users = new Set(events.map((e) => e.userId));
  for (const u of users) {
    const mine = events.filter((e) => e.userId === u);
    const starts = mine.filter((e) => e.type === def.startEvent.type);
    if (starts.length === 0) continue;
    const firstStart = Math.min(...starts.map((e) => e.at));
    const cohort = periodOf(firstStart);
    const row = table.get(cohort);
    if (row === undefined) continue;
    row[0] = (row[0] as number) + 1;
    const returnPeriods = mine.filter((e) => e.type === def.returnEvent.type).map((e) => periodOf(e.at));
    for (let k = 1; k <= K; k++) {
      const target = cohort + k * step;
      const returned = def.returnMode === 'onOrAfter' ? returnPeriods.some((p) => p >= target) : returnPeriods.includes(target);
      if (returned) row[k] = (row[k] as number) + 1;
    }
  }
  const asOfPeriod = asOf === undefined ? Number.POSITIVE_INFINITY : periodOf(asOf);
  return [...table.entries()].map(([p, counts]) => ({ cohort: dateOfDay(p), size: counts[0] as number, counts: counts.map((c, k) => (p + k * step > asOfPeriod ? null : c)) }));
}

const summary = (r: RetentionResult): ExpectedCohort[] => r.cohorts.map((c) => ({ cohort: c.cohort, size: c.size, counts: c.counts }));

describe('first-time retention (one pass) against a brute force', () => {
  it('cohort sizes and return counts per period, day and week, Shanghai and New York, on and onOrAfter', () => {
    fc.assert(
      fc.property(eventsArb, definitionArb, fc.option(fc.integer({ min: 0, max: 40 * 96 }), { nil: undefined }), (events, def, asOfQuarter) => {
        const asOf = asOfQuarter === undefined ? undefined : START + asOfQuarter * 15 * MINUTE;
        const options = asOf === undefined ? {} : { asOf };
        const result = computeRetention(def, events, options);
        expect(summary(result)).toEqual(bruteRetention(def, events, asOf));
        for (const c of result.cohorts) {
          if (c.counts[0] !== null) expect(c.size).toBe(c.counts[0]);
          c.rates.forEach((rate, k) => {
            const count = c.counts[k] ?? null;
            expect(rate).toBe(count === null ? null : c.size === 0 ? 0 : count / c.size);
          });
        }
        // Input form and order do not matter.
        expect(computeRetention(def, buildEventTable([...events].reverse()), options)).toEqual(result);
        const noIds = buildEventTableFromColumns({ userId: events.map((e) => e.userId), type: events.map((e) => e.type), at: events.map((e) => e.at) });
        expect(computeRetention(def, noIds, options)).toEqual(result);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('sharded adds (users split three ways), merged in any grouping, equal the single add', () => {
    fc.assert(
      fc.property(eventsArb, definitionArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 }), (events, def, shardOf) => {
        const agg = createRetentionAggregate(def);
        const whole = agg.add(agg.init(), events);
        const shards = [0, 1, 2].map((s) => events.filter((e) => shardOf[Number(e.userId.slice(1))] === s));
        const [a, b, c] = shards.map((s) => agg.add(agg.init(), s)) as [ReturnType<typeof agg.init>, ReturnType<typeof agg.init>, ReturnType<typeof agg.init>];
        expect(agg.merge(agg.merge(a, b), c)).toEqual(whole);
        expect(agg.finish(agg.merge(c, agg.merge(b, a)))).toEqual(agg.finish(whole));
        // Folding shards into one state one after another gives the same state.
        const folded = shards.reduce((state, s) => agg.add(state, s), agg.init());
        expect(folded).toEqual(whole);
        // The state is plain JSON.
        expect(JSON.parse(JSON.stringify(whole))).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});

describe('first-time retention: worked example', () => {
  it('a start event repeated later does not move the cohort; returns before the start never count', () => {
    const at = (iso: string): number => Date.parse(iso);
    const events: ActivityEvent[] = [
      { id: '0', userId: 'u1', type: 'message', at: at('2026-11-01T09:00:00+08:00') }, // before the start: never counts
      { id: '1', userId: 'u1', type: 'join_group', at: at('2026-11-02T23:30:00+08:00') }, // cohort Nov 2
      { id: '2', userId: 'u1', type: 'message', at: at('2026-11-03T07:00:00+08:00') }, // day 1
      { id: '3', userId: 'u1', type: 'join_group', at: at('2026-11-04T10:00:00+08:00') }, // a later start: same cohort
      { id: '4', userId: 'u1', type: 'message', at: at('2026-11-05T10:00:00+08:00') }, // day 3
      { id: '5', userId: 'u1', type: 'message', at: at('2026-11-05T11:00:00+08:00') }, // day 3 again: counted once
      { id: '6', userId: 'u2', type: 'join_group', at: at('2026-11-03T00:30:00+08:00') }, // cohort Nov 3
      { id: '7', userId: 'u2', type: 'message', at: at('2026-11-03T08:00:00+08:00') }, // same period: column 0 only
    ];
    const base = { startEvent: { type: 'join_group' }, returnEvent: { type: 'message' }, period: 'day' as const, range: { from: '2026-11-02', to: '2026-11-03' }, periods: 3 };
    const on = computeRetention(base, events);
    expect(summary(on)).toEqual([
      { cohort: '2026-11-02', size: 1, counts: [1, 1, 0, 1] },
      { cohort: '2026-11-03', size: 1, counts: [1, 0, 0, 0] },
    ]);
    const onOrAfter = computeRetention({ ...base, returnMode: 'onOrAfter' }, events);
    expect(summary(onOrAfter)).toEqual([
      { cohort: '2026-11-02', size: 1, counts: [1, 1, 1, 1] },
      { cohort: '2026-11-03', size: 1, counts: [1, 0, 0, 0] },
    ]);
    expect(summary(on)).toEqual(bruteRetention({ ...base, timeZone: 'Asia/Shanghai' }, events));
    expect(summary(onOrAfter)).toEqual(bruteRetention({ ...base, timeZone: 'Asia/Shanghai', returnMode: 'onOrAfter' }, events));
  });
});
