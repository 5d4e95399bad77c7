import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventTable, buildEventTableFromColumns, eventTableRows, type ActivityEvent, type EventColumns } from 'siyu/core';

/**
 * Events in random order over a few instants (ties are common), up to 6 users and 4 types,
 * amounts on some rows; ids unique (`e<index>`) unless `repeatIds`.
 */
const eventsArb = (repeatIds = false): fc.Arbitrary<ActivityEvent[]> =>
  fc
    .array(
      fc.record({
        user: fc.integer({ min: 0, max: 5 }),
        type: fc.constantFrom('add_friend', 'join_group', 'message', 'purchase'),
        at: fc.integer({ min: -3, max: 12 }),
        amount: fc.option(fc.integer({ min: -1000, max: 100_000 }), { nil: undefined }),
        id: fc.integer({ min: 0, max: 4 }),
      }),
      { maxLength: 40, size: 'max' },
    )
    .map((rows) =>
      rows.map(
        (r, i): ActivityEvent => ({
          id: repeatIds ? `e${r.id}` : `e${i}`,
          userId: `u${r.user}`,
          type: r.type,
          at: 1_790_000_000_000 + r.at * 1000,
          ...(r.amount === undefined ? {} : { amount: r.amount }),
        }),
      ),
    );

/** The events as string columns (amounts as an array with `undefined`, or a Float64Array with NaN). */
function stringColumns(events: readonly ActivityEvent[], typedAmounts: boolean, withIds: boolean): EventColumns {
  const amounts = events.map((e) => e.amount);
  return {
    userId: events.map((e) => e.userId),
    type: events.map((e) => e.type),
    at: typedAmounts ? Float64Array.from(events, (e) => e.at) : events.map((e) => e.at),
    amount: typedAmounts ? Float64Array.from(amounts, (a) => (a === undefined ? Number.NaN : a)) : amounts,
    ...(withIds ? { eventIds: events.map((e) => e.id) } : {}),
  };
}

/** Input positions stably sorted by time: the row order every builder must produce. */
function stableTimeOrder(events: readonly ActivityEvent[]): number[] {
  return events
    .map((e, i) => [e.at, i] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
}

describe('buildEventTableFromColumns agrees with buildEventTable', () => {
  it('string columns with event ids give a deep-equal table (dictionaries, every column, ids)', () => {
    fc.assert(
      fc.property(eventsArb(true), fc.boolean(), (events, typed) => {
        const expected = buildEventTable(events);
        const table = buildEventTableFromColumns(stringColumns(events, typed, true));
        expect(table).toEqual(expected);
        expect(table.userIds).toEqual(expected.userIds);
        expect(table.types).toEqual(expected.types);
        expect(Array.from(table.user)).toEqual(Array.from(expected.user));
        expect(Array.from(table.type)).toEqual(Array.from(expected.type));
        expect(Array.from(table.at)).toEqual(Array.from(expected.at));
        expect(Array.from(table.amount)).toEqual(Array.from(expected.amount));
        expect(table.eventIds).toEqual(expected.eventIds);
      }),
      { numRuns: 200 },
    );
  });

  it("the encoded form built from a table's own columns gives the same table again, adopting its arrays", () => {
    fc.assert(
      fc.property(eventsArb(), (events) => {
        const table = buildEventTable(events);
        const again = buildEventTableFromColumns({
          user: table.user,
          userIds: table.userIds,
          type: table.type,
          types: table.types,
          at: table.at,
          amount: table.amount,
          ...(table.eventIds === undefined ? {} : { eventIds: table.eventIds }),
        });
        expect(again).toEqual(table);
        // Rows are already in time order: nothing is copied.
        expect(again.user).toBe(table.user);
        expect(again.type).toBe(table.type);
        expect(again.at).toBe(table.at);
        expect(again.amount).toBe(table.amount);
        expect(again.eventIds).toBe(table.eventIds);
      }),
      { numRuns: 150 },
    );
  });

  it('unsorted encoded columns (any dictionary order) give the same rows as buildEventTable', () => {
    fc.assert(
      fc.property(
        eventsArb(),
        fc.shuffledSubarray(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6'], { minLength: 7, maxLength: 7 }),
        fc.shuffledSubarray(['add_friend', 'join_group', 'message', 'purchase', 'leave_group'], { minLength: 5, maxLength: 5 }),
        (events, userIds, types) => {
          const table = buildEventTableFromColumns({
            user: Uint32Array.from(events, (e) => userIds.indexOf(e.userId)),
            userIds,
            type: Uint32Array.from(events, (e) => types.indexOf(e.type)),
            types,
            at: Float64Array.from(events, (e) => e.at),
            amount: Float64Array.from(events, (e) => e.amount ?? Number.NaN),
            eventIds: events.map((e) => e.id),
          });
          expect(table.userIds).toBe(userIds);
          expect(table.types).toBe(types);
          expect(eventTableRows(table)).toEqual(eventTableRows(buildEventTable(events)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('without event ids, rows are the same events read as #<row>', () => {
    fc.assert(
      fc.property(eventsArb(true), fc.boolean(), (events, typed) => {
        const table = buildEventTableFromColumns(stringColumns(events, typed, false));
        expect(table.eventIds).toBeUndefined();
        const order = stableTimeOrder(events);
        const expected = order.map((i, r) => ({ ...(events[i] as ActivityEvent), id: `#${r}` }));
        expect(eventTableRows(table)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe('table builders sort stably', () => {
  it('buildEventTable on shuffled input keeps ties in input order', () => {
    fc.assert(
      fc.property(eventsArb(), (events) => {
        const order = stableTimeOrder(events);
        const table = buildEventTable(events);
        expect(table.eventIds).toEqual(order.map((i) => (events[i] as ActivityEvent).id));
        expect(eventTableRows(table)).toEqual(order.map((i) => events[i]));
        // The columns builder sorts the same way.
        expect(buildEventTableFromColumns(stringColumns(events, false, true)).eventIds).toEqual(table.eventIds);
      }),
      { numRuns: 200 },
    );
  });
});
