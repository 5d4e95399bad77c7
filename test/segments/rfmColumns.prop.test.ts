import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventTable, subtractDuration, type ActivityEvent } from 'siyu/core';
import { computeRfm, computeRfmColumns, computeSegmentCutPoints, matchRfmSegment, RFM_GROUP_KEYS, rfmGroupOf, type RfmConfig } from 'siyu/segments';

const DAY = 86_400_000;
const MINUTE = 60_000;
const AS_OF = Date.UTC(2026, 10, 25, 4);
const QUINTILES = [0.2, 0.4, 0.6, 0.8];

/** Purchases, orders and messages of up to 12 users over ~2 months (a few after asOf), amounts on some. */
const eventsArb = fc
  .array(
    fc.record({
      user: fc.integer({ min: 0, max: 11 }),
      type: fc.constantFrom('purchase', 'purchase', 'order', 'message'),
      minutesBack: fc.integer({ min: -2 * 24 * 60, max: 60 * 24 * 60 }),
      amount: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
    }),
    { maxLength: 60, size: 'max' },
  )
  .map((rows) =>
    rows.map((r, i): ActivityEvent => ({ id: `e${i}`, userId: `u${r.user}`, type: r.type, at: AS_OF - r.minutesBack * MINUTE, ...(r.amount === undefined ? {} : { amount: r.amount }) })),
  );

const increasing4 = (max: number): fc.Arbitrary<[number, number, number, number]> =>
  fc.uniqueArray(fc.integer({ min: 0, max }), { minLength: 4, maxLength: 4 }).map((xs) => [...xs].sort((a, b) => a - b) as [number, number, number, number]);

const configArb: fc.Arbitrary<RfmConfig> = fc
  .record({
    lookback: fc.option(fc.record({ amount: fc.integer({ min: 1, max: 40 }), unit: fc.constantFrom('day' as const, 'week' as const) }), { nil: undefined }),
    thresholds: fc.option(fc.record({ recency: increasing4(60), frequency: increasing4(8), monetary: increasing4(100_000) }), { nil: undefined }),
    withOrders: fc.boolean(),
  })
  .map(({ lookback, thresholds, withOrders }) => ({
    ...(lookback === undefined ? {} : { lookback }),
    ...(thresholds === undefined ? {} : { scoring: { method: 'thresholds' as const, ...thresholds } }),
    ...(withOrders ? { purchaseTypes: ['purchase', 'order'] } : {}),
  }));

const zoneArb = fc.constantFrom('Asia/Shanghai', 'America/New_York');

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Local day number of an instant in a zone, read from Intl. */
function localDay(at: number, timeZone: string): number {
  let format = FORMATS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    FORMATS.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return Date.parse(`${get('year')}-${get('month')}-${get('day')}T00:00:00Z`) / DAY;
}

/** Reference type-7 quantile on a plain sorted copy (NaN ignored; NaN when empty). */
function referenceQuantiles(values: readonly number[], probabilities: readonly number[]): number[] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = sorted.length;
  return probabilities.map((p) => {
    if (n === 0) return Number.NaN;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    if (lo + 1 >= n) return a;
    const b = sorted[lo + 1] as number;
    const q = a + (h - lo) * (b - a);
    return Math.min(Math.max(q, a), b);
  });
}

interface ReferenceRow {
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
  group: string;
}

/** Brute-force RFM from the definition: values per user, quintiles (or thresholds), bins, segment, 8-group. */
function referenceRfm(events: readonly ActivityEvent[], timeZone: string, cfg: RfmConfig): Map<string, ReferenceRow> {
  const types = new Set(cfg.purchaseTypes ?? ['purchase']);
  const from = cfg.lookback === undefined ? Number.NEGATIVE_INFINITY : subtractDuration(AS_OF, cfg.lookback, timeZone);
  const values = new Map<string, { last: number; frequency: number; monetary: number }>();
  for (const e of events) {
    if (!types.has(e.type) || e.at <= from || e.at > AS_OF) continue;
    const v = values.get(e.userId) ?? { last: Number.NEGATIVE_INFINITY, frequency: 0, monetary: 0 };
    values.set(e.userId, { last: Math.max(v.last, e.at), frequency: v.frequency + 1, monetary: v.monetary + (e.amount ?? 0) });
  }
  const rows = [...values.entries()].map(([userId, v]) => ({ userId, recency: localDay(AS_OF, timeZone) - localDay(v.last, timeZone), frequency: v.frequency, monetary: v.monetary }));
  const cuts = (k: 'recency' | 'frequency' | 'monetary'): readonly number[] =>
    cfg.scoring?.method === 'thresholds' ? cfg.scoring[k] : referenceQuantiles(rows.map((r) => r[k]), QUINTILES);
  const bin = (x: number, c: readonly number[]): number => 1 + c.filter((cut) => x > cut).length;
  const [cr, cf, cm] = [cuts('recency'), cuts('frequency'), cuts('monetary')];
  const n = rows.length;
  const sum = (k: 'recency' | 'frequency' | 'monetary'): number => rows.reduce((s, r) => s + r[k], 0);
  const [sr, sf, sm] = [sum('recency'), sum('frequency'), sum('monetary')];
  const out = new Map<string, ReferenceRow>();
  for (const row of rows) {
    const r = 6 - bin(row.recency, cr);
    const f = bin(row.frequency, cf);
    const m = bin(row.monetary, cm);
    const segment = matchRfmSegment(r, f, m, cfg.segments)?.key ?? 'others';
    const group = rfmGroupOf(row.recency * n < sr, row.frequency * n >= sf, row.monetary * n >= sm);
    out.set(row.userId, { recency: row.recency, frequency: row.frequency, monetary: row.monetary, r, f, m, segment, group });
  }
  return out;
}

describe('computeRfmColumns agrees with computeRfm and a brute force', () => {
  it('per user: values, r/f/m, segment and 8-group, with and without lookback and thresholds', () => {
    fc.assert(
      fc.property(eventsArb, zoneArb, configArb, (events, timeZone, config) => {
        const options = { asOf: AS_OF, timeZone };
        const cols = computeRfmColumns(events, options, config);
        const objects = computeRfm(events, options, config);
        const reference = referenceRfm(events, timeZone, config);
        expect(cols.userIds.length).toBe(objects.users.length);
        expect([...cols.userIds].sort()).toEqual(objects.users.map((u) => u.userId));
        expect([...cols.userIds].sort()).toEqual([...reference.keys()].sort());
        const byUser = new Map(objects.users.map((u) => [u.userId, u]));
        cols.userIds.forEach((userId, i) => {
          const row = {
            recency: cols.recency[i],
            frequency: cols.frequency[i],
            monetary: cols.monetary[i],
            r: cols.r[i],
            f: cols.f[i],
            m: cols.m[i],
            segment: cols.segments[cols.segment[i] as number]?.key ?? 'others',
            group: RFM_GROUP_KEYS[cols.group[i] as number],
          };
          const o = byUser.get(userId);
          expect(row).toEqual({ recency: o?.recency, frequency: o?.frequency, monetary: o?.monetary, r: o?.r, f: o?.f, m: o?.m, segment: o?.segment, group: o?.group });
          expect(row).toEqual(reference.get(userId));
        });
        expect(cols.method).toBe(objects.method);
        expect(cols.cutPoints).toEqual(objects.cutPoints);
        expect(cols.means).toEqual(objects.means);
        // The columnar input gives the same columns, customers in the table's user order rather
        // than in order of first purchase: the same rows once sorted by user id.
        const fromTable = computeRfmColumns(buildEventTable(events), options, config);
        const sortedRows = (c: typeof cols): unknown[] =>
          c.userIds
            .map((userId, i) => [userId, c.recency[i], c.frequency[i], c.monetary[i], c.r[i], c.f[i], c.m[i], c.segment[i], c.group[i]] as const)
            .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        expect(sortedRows(fromTable)).toEqual(sortedRows(cols));
        expect({ ...fromTable.cutPoints, means: fromTable.means, method: fromTable.method }).toEqual({ ...cols.cutPoints, means: cols.means, method: cols.method });
        const firstSeen = [...new Set(buildEventTable(events).userIds)].filter((u) => cols.userIds.includes(u));
        expect(fromTable.userIds).toEqual(firstSeen);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});

describe('computeSegmentCutPoints (counting sort for small-range integers)', () => {
  /** Integers in a range narrow (counting sort) or wide (comparison sort) for their count, some NaN. */
  const valuesArb = fc
    .record({ offset: fc.integer({ min: -1_000_000, max: 1_000_000 }), width: fc.constantFrom(0, 1, 5, 50, 2000, 1_000_000), nanRate: fc.constantFrom(0, 0.2) })
    .chain(({ offset, width, nanRate }) =>
      fc.array(fc.tuple(fc.integer({ min: 0, max: width }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 200 }).map((xs) => xs.map(([v, u]) => (u < nanRate ? Number.NaN : offset + v))),
    );
  const probabilitiesArb = fc.oneof(fc.constant(QUINTILES), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.constant([0, 1]));

  it('equals a type-7 quantile on a plain sorted copy (arrays and Float64Arrays)', () => {
    fc.assert(
      fc.property(valuesArb, probabilitiesArb, (values, probabilities) => {
        const expected = referenceQuantiles(values, probabilities);
        expect(computeSegmentCutPoints(values, probabilities)).toEqual(expected);
        expect(computeSegmentCutPoints(Float64Array.from(values), probabilities)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('non-integers and unsafe integers mixed in take the comparison sort and still agree', () => {
    fc.assert(
      fc.property(valuesArb, fc.constantFrom(0.5, -2.25, 2 ** 53, -(2 ** 60)), probabilitiesArb, (values, odd, probabilities) => {
        const mixed = [...values, odd];
        expect(computeSegmentCutPoints(mixed, probabilities)).toEqual(referenceQuantiles(mixed, probabilities));
      }),
      { numRuns: 100 },
    );
  });
});
