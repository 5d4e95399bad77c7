/**
 * Ordered funnels without exclusions or a breakdown run in one pass over the table (per-user
 * state in typed arrays); an exclusion that can never match, or a breakdown, forces the per-user
 * grouped path. Both must give the same steps on any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventTable, buildEventTableFromColumns, type ActivityEvent } from 'siyu/core';
import { computeFunnel, createFunnelAggregate, type FunnelDefinitionInput, type FunnelOptions, type FunnelResult } from 'siyu/funnel';

const TYPES = ['A', 'B', 'C', 'X'] as const;
const SECOND = 1000;
const T0 = 1_790_000_000_000;

interface Row {
  readonly user: number;
  readonly type: (typeof TYPES)[number];
  readonly idKey: number;
}

const rowArb: fc.Arbitrary<Row> = fc.record({ user: fc.integer({ min: 0, max: 3 }), type: fc.constantFrom(...TYPES), idKey: fc.integer({ min: 0, max: 3 }) });

const toEvents = (rows: readonly (Row & { readonly sec: number })[], repeatIds: boolean): ActivityEvent[] =>
  rows.map((r, i) => ({ id: repeatIds ? `e${r.idKey}` : `e${String(i).padStart(2, '0')}`, userId: `u${r.user}`, type: r.type, at: T0 + r.sec * SECOND }));

/** Events of up to 4 users with ties at one instant (same user and across users), over a span of 12 to 60 seconds. */
const tiedEventsArb = fc
  .record({ span: fc.constantFrom(12, 30, 60), repeatIds: fc.boolean() })
  .chain(({ span, repeatIds }) =>
    fc.array(fc.record({ row: rowArb, sec: fc.integer({ min: 0, max: span }) }), { maxLength: 40, size: 'max' }).map((xs) => toEvents(xs.map((x) => ({ ...x.row, sec: x.sec })), repeatIds)),
  );

/** Events at pairwise distinct instants (so the one-pass path never falls back), in random order. */
const distinctEventsArb = fc
  .record({ repeatIds: fc.boolean(), secs: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40, size: 'max' }) })
  .chain(({ repeatIds, secs }) => fc.array(rowArb, { minLength: secs.length, maxLength: secs.length }).map((rows) => toEvents(rows.map((r, i) => ({ ...r, sec: secs[i] as number })), repeatIds)));

/** Ordered funnel definitions: 1–6 steps (repeats allowed), window 0–40 s, step deadlines, anchor, date range. */
const definitionArb: fc.Arbitrary<FunnelDefinitionInput> = fc.integer({ min: 0, max: 40 }).chain((windowSeconds) =>
  fc.record(
    {
      steps: fc.array(
        fc.record({ type: fc.constantFrom(...TYPES), within: fc.option(fc.integer({ min: 0, max: windowSeconds }), { nil: undefined }) }),
        { minLength: 1, maxLength: 6 },
      ),
      anchor: fc.constantFrom('latest' as const, 'first' as const),
      range: fc.option(
        fc.record({ a: fc.integer({ min: -2, max: 62 }), b: fc.integer({ min: -2, max: 62 }), mode: fc.constantFrom('entry' as const, 'all' as const) }).filter((r) => r.a !== r.b),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['steps', 'anchor'] },
  ).map(({ steps, anchor, range }): FunnelDefinitionInput => ({
    order: 'ordered',
    steps: steps.map((s, k) => (k > 0 && s.within !== undefined ? { type: s.type, within: { amount: s.within, unit: 'second' as const } } : { type: s.type })),
    window: { amount: windowSeconds, unit: 'second' },
    anchor,
    ...(range === undefined
      ? {}
      : { dateRange: { from: T0 + Math.min(range.a, range.b) * SECOND, to: T0 + Math.max(range.a, range.b) * SECOND, mode: range.mode } }),
  })),
);

const optionsArb: fc.Arbitrary<FunnelOptions> = fc.boolean().map((includeUserIds) => (includeUserIds ? { includeUserIds: true } : {}));

/** The same funnel forced onto the grouped path by an exclusion no event matches (needs two steps). */
const withNeverExclusion = (def: FunnelDefinitionInput): FunnelDefinitionInput => ({ ...def, exclusions: [{ type: 'never-happens', fromStep: 0, toStep: 1 }] });

/** The same funnel forced onto the grouped path by a breakdown (its `steps` sum every value). */
const withBreakdown = (def: FunnelDefinitionInput): FunnelDefinitionInput => ({ ...def, breakdown: { field: 'type' } });

/** Asserts the one-pass result equals the grouped results (steps: counts, rates, times, dropped users). */
function expectSameAsGrouped(def: FunnelDefinitionInput, input: Parameters<typeof computeFunnel>[1], options: FunnelOptions): FunnelResult {
  const onePass = computeFunnel(def, input, options);
  expect(onePass.excludedUsers).toBe(0);
  expect(onePass.breakdown).toBeUndefined();
  if ((def.steps as readonly unknown[]).length >= 2) {
    const grouped = computeFunnel(withNeverExclusion(def), input, options);
    expect(grouped.excludedUsers).toBe(0);
    expect(onePass.steps).toEqual(grouped.steps);
  }
  expect(onePass.steps).toEqual(computeFunnel(withBreakdown(def), input, options).steps);
  if (options.includeUserIds === true) for (const s of onePass.steps) expect(s.droppedUserIds).toBeDefined();
  return onePass;
}

/** The events as a table built from string columns without event ids. */
const tableWithoutIds = (events: readonly ActivityEvent[]) =>
  buildEventTableFromColumns({ userId: events.map((e) => e.userId), type: events.map((e) => e.type), at: events.map((e) => e.at) });

describe('ordered funnels: the one-pass run equals the grouped run', () => {
  it('on events with ties at one instant and repeated ids (arrays and tables)', () => {
    fc.assert(
      fc.property(tiedEventsArb, definitionArb, optionsArb, (events, def, options) => {
        const result = expectSameAsGrouped(def, events, options);
        expect(expectSameAsGrouped(def, buildEventTable(events), options)).toEqual(result);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('on events at distinct instants (the one-pass path proper)', () => {
    fc.assert(
      fc.property(distinctEventsArb, definitionArb, optionsArb, (events, def, options) => {
        expectSameAsGrouped(def, events, options);
        expectSameAsGrouped(def, [...events].reverse(), options);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('on a table built from columns without event ids', () => {
    fc.assert(
      fc.property(fc.oneof(tiedEventsArb, distinctEventsArb), definitionArb, optionsArb, (events, def, options) => {
        expectSameAsGrouped(def, tableWithoutIds(events), options);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('without ties a table without ids gives the same funnel as the events', () => {
    fc.assert(
      fc.property(distinctEventsArb, definitionArb, optionsArb, (events, def, options) => {
        expect(computeFunnel(def, tableWithoutIds(events), options)).toEqual(computeFunnel(def, events, options));
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});

describe('ordered funnels: the one pass adds to a partial state', () => {
  it('adding two shards of users one after the other equals one run over all', () => {
    fc.assert(
      fc.property(distinctEventsArb, definitionArb, optionsArb, (events, def, options) => {
        const agg = createFunnelAggregate(def, options);
        const even = events.filter((e) => Number(e.userId.slice(1)) % 2 === 0);
        const odd = events.filter((e) => Number(e.userId.slice(1)) % 2 === 1);
        const sequential = agg.finish(agg.add(agg.add(agg.init(), buildEventTable(even)), buildEventTable(odd)));
        expect(sequential).toEqual(computeFunnel(def, events, options));
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});

describe('ordered funnels: one-pass worked example', () => {
  it('counts, times and dropped users of two users, one converting fully', () => {
    const events: ActivityEvent[] = [
      { id: 'a1', userId: 'u1', type: 'A', at: T0 },
      { id: 'b1', userId: 'u1', type: 'B', at: T0 + 2 * SECOND },
      { id: 'c1', userId: 'u1', type: 'C', at: T0 + 5 * SECOND },
      { id: 'a2', userId: 'u2', type: 'A', at: T0 + SECOND },
      { id: 'b2', userId: 'u2', type: 'B', at: T0 + 5 * SECOND },
      { id: 'c2', userId: 'u2', type: 'C', at: T0 + 20 * SECOND },
    ];
    const def: FunnelDefinitionInput = { steps: [{ type: 'A' }, { type: 'B' }, { type: 'C' }], window: { amount: 10, unit: 'second' } };
    const result = expectSameAsGrouped(def, events, { includeUserIds: true });
    expect(result.steps.map((s) => s.count)).toEqual([2, 2, 1]);
    expect(result.steps.map((s) => s.meanTimeFromPreviousMs)).toEqual([null, 3 * SECOND, 3 * SECOND]);
    expect(result.steps.map((s) => s.medianTimeFromPreviousMs)).toEqual([null, 3 * SECOND, 3 * SECOND]);
    expect(result.steps.map((s) => s.droppedUserIds)).toEqual([[], [], ['u2']]);
  });

  it('keeps step times exactly up to the one-pass longest window (2³² − 1 ms) and beyond it takes the grouped run', () => {
    const DAY = 86_400_000;
    const LONGEST = 71_582 * 60 * SECOND; // the longest whole-minute window under 2³² ms
    const events: ActivityEvent[] = [
      { id: 'a1', userId: 'u1', type: 'A', at: T0 },
      { id: 'b1', userId: 'u1', type: 'B', at: T0 + 20 * DAY + 1 },
      { id: 'c1', userId: 'u1', type: 'C', at: T0 + 49 * DAY },
      { id: 'd1', userId: 'u1', type: 'D', at: T0 + LONGEST },
      { id: 'a2', userId: 'u2', type: 'A', at: T0 + 1 },
      { id: 'd2', userId: 'u2', type: 'D', at: T0 + 55 * DAY },
      { id: 'a3', userId: 'u3', type: 'A', at: T0 + 2 },
      { id: 'b3', userId: 'u3', type: 'B', at: T0 + 3 },
      { id: 'c3', userId: 'u3', type: 'C', at: T0 + 4 },
      { id: 'd3', userId: 'u3', type: 'D', at: T0 + 55 * DAY + 2 },
    ];
    const steps = [{ type: 'A' }, { type: 'B' }, { type: 'C' }, { type: 'D' }];
    const longest = expectSameAsGrouped({ steps, window: { amount: 71_582, unit: 'minute' } }, events, {});
    expect(longest.steps.map((s) => s.count)).toEqual([3, 2, 2, 1]);
    expect(longest.steps.map((s) => s.meanTimeFromPreviousMs)).toEqual([null, (20 * DAY + 2) / 2, 29 * DAY / 2, LONGEST - 49 * DAY]);
    // 60 days: more than 2³² ms, so the grouped run (u3's last step is 55 days after its first).
    const days60 = expectSameAsGrouped({ steps, window: { amount: 60, unit: 'day' } }, events, {});
    expect(days60.steps.map((s) => s.count)).toEqual([3, 2, 2, 2]);
    expect(days60.steps.map((s) => s.meanTimeFromPreviousMs)).toEqual([null, (20 * DAY + 2) / 2, 29 * DAY / 2, (LONGEST - 49 * DAY + 55 * DAY - 2) / 2]);
  });
});
