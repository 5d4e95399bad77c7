import { describe, expect, it } from 'vitest';
import { buildEventTable, buildEventTableFromColumns, createRandom, SiyuError, type ActivityEvent } from 'siyu/core';
import { computeRfm, computeRfmColumns, DEFAULT_RFM_SEGMENTS, matchRfmSegment, RFM_GROUP_KEYS, RFM_GROUPS, type RfmColumns } from 'siyu/segments';

const DAY = 86_400_000;
/** 12:00 in Shanghai, so whole days back stay whole local days. */
const AS_OF = Date.UTC(2026, 10, 25, 4);

/** The six customers of the scoreRfm example: recency (days), frequency, monetary (fen). */
const CUSTOMERS = [
  { userId: 'c1', recency: 5, frequency: 10, monetary: 1000 },
  { userId: 'c2', recency: 60, frequency: 8, monetary: 900 },
  { userId: 'c3', recency: 10, frequency: 1, monetary: 800 },
  { userId: 'c4', recency: 90, frequency: 1, monetary: 700 },
  { userId: 'c5', recency: 20, frequency: 6, monetary: 50 },
  { userId: 'c6', recency: 100, frequency: 1, monetary: 20 },
] as const;

/** Purchase events giving each customer exactly its values (last purchase `recency` days back), plus noise. */
function purchasesOf(customers: readonly { userId: string; recency: number; frequency: number; monetary: number }[]): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  for (const c of customers) {
    for (let j = 0; j < c.frequency; j++) {
      // Earlier purchases 1 fen each, the last one the rest.
      const last = j === c.frequency - 1;
      events.push({ id: `${c.userId}-${j}`, userId: c.userId, type: 'purchase', at: AS_OF - (c.recency + c.frequency - 1 - j) * DAY, amount: last ? c.monetary - (c.frequency - 1) : 1 });
    }
    events.push({ id: `${c.userId}-msg`, userId: c.userId, type: 'message', at: AS_OF - DAY });
  }
  return events;
}

/** Row i of a columns result as a plain object with keys. */
function rowOf(cols: RfmColumns, i: number) {
  return {
    userId: cols.userIds[i],
    recency: cols.recency[i],
    frequency: cols.frequency[i],
    monetary: cols.monetary[i],
    r: cols.r[i],
    f: cols.f[i],
    m: cols.m[i],
    segment: cols.segments[cols.segment[i] as number]?.key ?? 'others',
    group: RFM_GROUP_KEYS[cols.group[i] as number],
  };
}

describe('computeRfmColumns: worked example', () => {
  const events = purchasesOf(CUSTOMERS);
  const cols = computeRfmColumns(events, { asOf: AS_OF });

  it('values per customer in table user order', () => {
    expect(cols.userIds).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(Array.from(cols.recency)).toEqual([5, 60, 10, 90, 20, 100]);
    expect(Array.from(cols.frequency)).toEqual([10, 8, 1, 1, 6, 1]);
    expect(Array.from(cols.monetary)).toEqual([1000, 900, 800, 700, 50, 20]);
    expect(cols.asOf).toBe(AS_OF);
    expect(cols.timeZone).toBe('Asia/Shanghai');
  });

  it('type-7 quintile cut points, scores, means and the 8 groups worked by hand', () => {
    // recency sorted 5 10 20 60 90 100 → h = 5p → 10, 20, 60, 90; frequency 1 1 1 6 8 10 → 1, 1, 6, 8; monetary → 50, 700, 800, 900.
    expect(cols.method).toBe('quantile');
    expect(cols.cutPoints).toEqual({ recency: [10, 20, 60, 90], frequency: [1, 1, 6, 8], monetary: [50, 700, 800, 900] });
    expect(Array.from(cols.r)).toEqual([5, 3, 5, 2, 4, 1]);
    expect(Array.from(cols.f)).toEqual([5, 4, 1, 1, 3, 1]);
    expect(Array.from(cols.m)).toEqual([5, 4, 3, 2, 1, 1]);
    expect(cols.means).toEqual({ recency: 285 / 6, frequency: 27 / 6, monetary: 3470 / 6 });
    expect(Array.from(cols.group, (g) => RFM_GROUP_KEYS[g])).toEqual(['importantValue', 'importantKeep', 'importantDevelop', 'importantRetain', 'generalValue', 'generalRetain']);
    expect(cols.segments).toEqual(DEFAULT_RFM_SEGMENTS);
    cols.userIds.forEach((_, i) => {
      const rule = matchRfmSegment(cols.r[i] as number, cols.f[i] as number, cols.m[i] as number);
      expect(cols.segment[i]).toBe(rule === undefined ? cols.segments.length : cols.segments.indexOf(rule));
    });
  });

  it('segment and group indexes map to the same keys as computeRfm objects', () => {
    const objects = computeRfm(events, { asOf: AS_OF });
    const byUser = new Map(objects.users.map((u) => [u.userId, u]));
    expect(byUser.size).toBe(cols.userIds.length);
    cols.userIds.forEach((userId, i) => {
      const o = byUser.get(userId);
      expect(o).toBeDefined();
      expect(rowOf(cols, i)).toEqual({ userId, recency: o?.recency, frequency: o?.frequency, monetary: o?.monetary, r: o?.r, f: o?.f, m: o?.m, segment: o?.segment, group: o?.group });
    });
    expect(cols.cutPoints).toEqual(objects.cutPoints);
    expect(cols.means).toEqual(objects.means);
    expect(objects.users.map((u) => u.score)).toEqual(['555', '344', '513', '212', '431', '111']);
  });

  it('RFM_GROUP_KEYS are the 8 group keys, each once', () => {
    expect([...RFM_GROUP_KEYS].sort()).toEqual(Object.keys(RFM_GROUPS).sort());
    expect(new Set(RFM_GROUP_KEYS).size).toBe(8);
  });

  it('an EventTable (with or without ids) gives the same columns as the event array', () => {
    expect(computeRfmColumns(buildEventTable(events), { asOf: AS_OF })).toEqual(cols);
    const noIds = buildEventTableFromColumns({ userId: events.map((e) => e.userId), type: events.map((e) => e.type), at: events.map((e) => e.at), amount: events.map((e) => e.amount) });
    expect(computeRfmColumns(noIds, { asOf: AS_OF })).toEqual(cols);
  });
});

describe('computeRfmColumns: options and edge cases', () => {
  it('thousands of rows (the table pass gathers purchases in batches): same values as the event array', () => {
    // 5,000 rows over 300 users, 70 % purchases, some after asOf; a 30-day lookback.
    const rng = createRandom(12_345);
    const next = (m: number): number => rng.nextInt(m);
    const many: ActivityEvent[] = Array.from({ length: 5_000 }, (_, i) => ({
      id: `m${i}`,
      userId: `u${next(300)}`,
      type: next(10) < 7 ? 'purchase' : 'message',
      at: AS_OF - 60 * DAY + next(62) * DAY + next(86_400) * 1_000,
      ...(next(4) === 0 ? {} : { amount: next(10_000) }),
    }));
    for (const config of [{}, { lookback: { amount: 30, unit: 'day' as const } }]) {
      const fromArray = computeRfmColumns(many, { asOf: AS_OF }, config);
      const fromTable = computeRfmColumns(buildEventTable(many), { asOf: AS_OF }, config);
      expect(fromTable.userIds.length).toBeGreaterThan(250);
      // Customer order differs (first purchase in the array vs table user order): compare by user.
      const byUser = (c: RfmColumns) => new Map(c.userIds.map((u, i) => [u, [c.recency[i], c.frequency[i], c.monetary[i], c.r[i], c.f[i], c.m[i]]]));
      expect(byUser(fromTable)).toEqual(byUser(fromArray));
      expect(fromTable.cutPoints).toEqual(fromArray.cutPoints);
    }
  });

  it('reads event arrays straight (no table): purchases validated, other events need only a string type, customers in order of first purchase', () => {
    const events: ActivityEvent[] = [
      { id: 'm1', userId: 'u9', type: 'message', at: AS_OF - DAY },
      { id: 'p1', userId: 'u2', type: 'purchase', at: AS_OF - DAY, amount: 300 },
      { id: 'p2', userId: 'u9', type: 'purchase', at: AS_OF - 2 * DAY, amount: Number.NaN },
      { id: 'p3', userId: 'u2', type: 'purchase', at: AS_OF - 3 * DAY },
    ];
    const cols = computeRfmColumns(events, { asOf: AS_OF });
    expect(cols.userIds).toEqual(['u2', 'u9']);
    expect(Array.from(cols.recency)).toEqual([1, 2]);
    expect(Array.from(cols.frequency)).toEqual([2, 1]);
    expect(Array.from(cols.monetary)).toEqual([300, 0]);
    const bad = (e: unknown): unknown[] => [...events, e];
    expect(() => computeRfmColumns(bad(null) as ActivityEvent[], { asOf: AS_OF })).toThrow('[4]: not an ActivityEvent');
    expect(() => computeRfmColumns(bad({ id: 'x', userId: 'u1', at: 0 }) as ActivityEvent[], { asOf: AS_OF })).toThrow('[4]: not an ActivityEvent');
    expect(() => computeRfmColumns(bad({ id: 'x', type: 'purchase', at: 0 }) as ActivityEvent[], { asOf: AS_OF })).toThrow('[4]: not an ActivityEvent');
    expect(() => computeRfmColumns(bad({ id: 'x', userId: 'u1', type: 'purchase', at: 1.5 }) as ActivityEvent[], { asOf: AS_OF })).toThrow('[4].at: must be integer epoch milliseconds');
    // A malformed event of another type is not read.
    expect(computeRfmColumns(bad({ id: 'x', type: 'message', at: 'soon' }) as ActivityEvent[], { asOf: AS_OF }).userIds).toEqual(['u2', 'u9']);
  });

  it('counts only purchases in (asOf − lookback, asOf], of the configured types; absent amounts add 0', () => {
    const events: ActivityEvent[] = [
      { id: 'old', userId: 'u1', type: 'purchase', at: AS_OF - 30 * DAY, amount: 999 }, // exactly at the lookback start: out
      { id: 'in', userId: 'u1', type: 'purchase', at: AS_OF - 29 * DAY, amount: 100 },
      { id: 'order', userId: 'u1', type: 'order', at: AS_OF - 2 * DAY }, // no amount: adds 0
      { id: 'future', userId: 'u1', type: 'purchase', at: AS_OF + 1, amount: 5000 }, // after asOf: out
      { id: 'msg', userId: 'u2', type: 'message', at: AS_OF - DAY }, // not a purchase: u2 is no customer
      { id: 'u3', userId: 'u3', type: 'order', at: AS_OF, amount: 70 },
    ];
    const cols = computeRfmColumns(events, { asOf: AS_OF }, { lookback: { amount: 30, unit: 'day' }, purchaseTypes: ['purchase', 'order'] });
    expect(cols.userIds).toEqual(['u1', 'u3']);
    expect(Array.from(cols.recency)).toEqual([2, 0]);
    expect(Array.from(cols.frequency)).toEqual([2, 1]);
    expect(Array.from(cols.monetary)).toEqual([100, 70]);
  });

  it('recency counts local days in the given zone', () => {
    // The purchase is 23:30 on Nov 23 in New York, 12:30 on Nov 24 in Shanghai; asOf is Nov 25 in both zones.
    const at = Date.parse('2026-11-23T23:30:00-05:00');
    const asOf = Date.parse('2026-11-25T07:00:00-05:00');
    const events: ActivityEvent[] = [{ id: 'p', userId: 'u', type: 'purchase', at, amount: 1 }];
    expect(Array.from(computeRfmColumns(events, { asOf, timeZone: 'America/New_York' }).recency)).toEqual([2]);
    expect(Array.from(computeRfmColumns(events, { asOf, timeZone: 'Asia/Shanghai' }).recency)).toEqual([1]);
  });

  it('no customers: empty columns and NaN means', () => {
    const cols = computeRfmColumns([{ id: 'm', userId: 'u', type: 'message', at: AS_OF }], { asOf: AS_OF });
    expect(cols.userIds).toEqual([]);
    expect(cols.r.length).toBe(0);
    expect(cols.segment.length).toBe(0);
    expect(cols.means).toEqual({ recency: Number.NaN, frequency: Number.NaN, monetary: Number.NaN });
  });

  it('thresholds scoring uses the configured cut points', () => {
    const scoring = { method: 'thresholds' as const, recency: [7, 30, 90, 180] as const, frequency: [1, 2, 4, 8] as const, monetary: [100, 500, 900, 1000] as const };
    const cols = computeRfmColumns(purchasesOf(CUSTOMERS), { asOf: AS_OF }, { scoring });
    expect(cols.method).toBe('thresholds');
    expect(cols.cutPoints).toEqual({ recency: [7, 30, 90, 180], frequency: [1, 2, 4, 8], monetary: [100, 500, 900, 1000] });
    // c1: recency 5 → bin 1 → r 5; frequency 10 → 5; monetary 1000 → bin 4 (upper-inclusive).
    expect([cols.r[0], cols.f[0], cols.m[0]]).toEqual([5, 5, 4]);
    // c4: recency 90 → bin 3 → r 3; frequency 1 → 1; monetary 700 → 3.
    expect([cols.r[3], cols.f[3], cols.m[3]]).toEqual([3, 1, 3]);
  });

  it('custom segment rules: index into them, past the end for others', () => {
    const segments = [{ key: 'top', label: { en: 'Top', zh: '顶级' }, recency: [5, 5] as [number, number], frequency: [5, 5] as [number, number], monetary: [1, 5] as [number, number] }];
    const cols = computeRfmColumns(purchasesOf(CUSTOMERS), { asOf: AS_OF }, { segments });
    expect(cols.segments).toEqual(segments);
    expect(Array.from(cols.segment)).toEqual([0, 1, 1, 1, 1, 1]);
  });

  it('reads a table whose rows are out of time order as the sorted one (window and last purchase by time)', () => {
    const table = buildEventTable(purchasesOf(CUSTOMERS));
    const reversed = {
      ...table,
      user: Uint32Array.from(table.user).reverse(),
      type: Uint32Array.from(table.type).reverse(),
      at: Float64Array.from(table.at).reverse(),
      amount: Float64Array.from(table.amount).reverse(),
    };
    for (const config of [{}, { lookback: { amount: 60, unit: 'day' as const } }]) {
      const sorted = computeRfmColumns(table, { asOf: AS_OF }, config);
      const shuffled = computeRfmColumns(reversed, { asOf: AS_OF }, config);
      expect(shuffled).toEqual(sorted);
    }
    // The 60-day lookback drops customers whose purchases are all older, in either order.
    expect(computeRfmColumns(reversed, { asOf: AS_OF }, { lookback: { amount: 60, unit: 'day' } }).userIds.length).toBeLessThan(table.userIds.length);
  });

  it('rejects an invalid config', () => {
    expect(() => computeRfmColumns([], { asOf: AS_OF }, { scoring: { method: 'median' } })).toThrow(SiyuError);
    expect(() => computeRfmColumns([], { asOf: AS_OF }, { lookback: { amount: 0, unit: 'day' } })).toThrow(/config\.lookback/);
  });
});

describe('computeRfmColumns: local days across a DST change', () => {
  it('recency counts New York calendar days on the day clocks spring forward', () => {
    const asOf = Date.parse('2026-03-10T12:00:00-04:00');
    const events: ActivityEvent[] = [
      { id: 'a', userId: 'u1', type: 'purchase', at: Date.parse('2026-03-08T01:30:00-05:00'), amount: 100 }, // Mar 8, before the change (UTC day Mar 8)
      { id: 'b', userId: 'u2', type: 'purchase', at: Date.parse('2026-03-07T23:30:00-05:00'), amount: 100 }, // Mar 7 local, UTC day Mar 8
      { id: 'c', userId: 'u3', type: 'purchase', at: Date.parse('2026-03-08T23:30:00-04:00'), amount: 100 }, // Mar 8 local, UTC day Mar 9
    ];
    const options = { asOf, timeZone: 'America/New_York' };
    expect(Array.from(computeRfmColumns(events, options).recency)).toEqual([2, 3, 2]);
    expect(Array.from(computeRfmColumns(buildEventTable(events), options).recency)).toEqual([2, 3, 2]);
  });
});
