import { describe, expect, it } from 'vitest';
import { buildEventTable, buildEventTableFromColumns, eventTableRowId, eventTableRows, SiyuError, type EventColumns } from 'siyu/core';

/** The SiyuError thrown by building `columns` (fails the test when nothing is thrown). */
function errorOf(columns: unknown): SiyuError {
  try {
    buildEventTableFromColumns(columns as EventColumns);
  } catch (error) {
    expect(error).toBeInstanceOf(SiyuError);
    return error as SiyuError;
  }
  throw new Error('expected buildEventTableFromColumns to throw');
}

/** Asserts a columns error at `path` whose message contains `text`. */
function expectColumnsError(columns: unknown, path: readonly (string | number)[], text: string): void {
  const error = errorOf(columns);
  expect(error.code).toBe('invalid_columns');
  expect(error.path).toEqual(path);
  expect(error.message).toContain(text);
}

/** Valid string columns of two rows; tests override one column at a time. */
const base = { userId: ['u1', 'u2'], type: ['message', 'purchase'], at: [1000, 2000] };

describe('buildEventTableFromColumns: encoded columns', () => {
  it('adopts encoded columns in time order without copying (same typed-array instances)', () => {
    const user = Uint32Array.of(1, 0, 1);
    const userIds = ['u1', 'u2'];
    const type = Uint32Array.of(0, 0, 1);
    const types = ['add_friend', 'purchase'];
    const at = Float64Array.of(1000, 2000, 2000);
    const amount = Float64Array.of(Number.NaN, Number.NaN, 990);
    const table = buildEventTableFromColumns({ user, userIds, type, types, at, amount });
    expect(table.length).toBe(3);
    expect(table.user).toBe(user);
    expect(table.type).toBe(type);
    expect(table.at).toBe(at);
    expect(table.amount).toBe(amount);
    expect(table.userIds).toBe(userIds);
    expect(table.types).toBe(types);
    expect(table.eventIds).toBeUndefined();
    expect('eventIds' in table).toBe(false);
    expect(eventTableRowId(table, 0)).toBe('#0');
    expect(eventTableRowId(table, 2)).toBe('#2');
    expect(eventTableRows(table)).toEqual([
      { id: '#0', userId: 'u2', type: 'add_friend', at: 1000 },
      { id: '#1', userId: 'u1', type: 'add_friend', at: 2000 },
      { id: '#2', userId: 'u2', type: 'purchase', at: 2000, amount: 990 },
    ]);
  });

  it('adopts event ids given in time order (same array)', () => {
    const eventIds = ['e1', 'e2'];
    const table = buildEventTableFromColumns({ ...base, eventIds });
    expect(table.eventIds).toBe(eventIds);
    expect(eventTableRowId(table, 1)).toBe('e2');
  });

  it('keeps dictionary entries without rows (users without events)', () => {
    const table = buildEventTableFromColumns({ user: Uint32Array.of(2, 2), userIds: ['a', 'b', 'c'], type: Uint32Array.of(1, 1), types: ['x', 'y'], at: [5, 6] });
    expect(table.userIds).toEqual(['a', 'b', 'c']);
    expect(table.types).toEqual(['x', 'y']);
    expect(eventTableRows(table).map((e) => [e.userId, e.type])).toEqual([
      ['c', 'y'],
      ['c', 'y'],
    ]);
    // No amount column: every row has none.
    expect(Array.from(table.amount)).toEqual([Number.NaN, Number.NaN]);
  });

  it('sorts unsorted encoded rows (stable) into new arrays and leaves the input untouched', () => {
    const user = Uint32Array.of(0, 1, 2, 0);
    const type = Uint32Array.of(0, 1, 0, 1);
    const at = Float64Array.of(30, 10, 30, 10);
    const amount = Float64Array.of(1, 2, 3, 4);
    const table = buildEventTableFromColumns({ user, userIds: ['a', 'b', 'c'], type, types: ['t0', 't1'], at, amount });
    // Rows by time, ties in input order: 1, 3, 0, 2.
    expect(Array.from(table.at)).toEqual([10, 10, 30, 30]);
    expect(Array.from(table.user)).toEqual([1, 0, 0, 2]);
    expect(Array.from(table.type)).toEqual([1, 1, 0, 0]);
    expect(Array.from(table.amount)).toEqual([2, 4, 1, 3]);
    expect(table.user).not.toBe(user);
    expect(table.at).not.toBe(at);
    expect(Array.from(user)).toEqual([0, 1, 2, 0]);
    expect(Array.from(type)).toEqual([0, 1, 0, 1]);
    expect(Array.from(at)).toEqual([30, 10, 30, 10]);
    expect(Array.from(amount)).toEqual([1, 2, 3, 4]);
  });
});

describe('buildEventTableFromColumns: string columns', () => {
  it('dictionary-encodes users and types in first-seen order; array times become a Float64Array', () => {
    const table = buildEventTableFromColumns({
      userId: ['u9', 'u8', 'u9', 'u7'],
      type: ['message', 'purchase', 'purchase', 'message'],
      at: [10, 20, 30, 40],
      amount: [null, 990, undefined, Number.NaN],
    });
    expect(table.userIds).toEqual(['u9', 'u8', 'u7']);
    expect(Array.from(table.user)).toEqual([0, 1, 0, 2]);
    expect(table.types).toEqual(['message', 'purchase']);
    expect(Array.from(table.type)).toEqual([0, 1, 1, 0]);
    expect(table.at).toBeInstanceOf(Float64Array);
    expect(Array.from(table.at)).toEqual([10, 20, 30, 40]);
    expect(Array.from(table.amount)).toEqual([Number.NaN, 990, Number.NaN, Number.NaN]);
  });

  it('sorts unsorted rows with event ids consistently (every column follows the same permutation, ties stable)', () => {
    const table = buildEventTableFromColumns({
      userId: ['u1', 'u2', 'u3', 'u1', 'u2'],
      type: ['a', 'b', 'a', 'c', 'b'],
      at: [50, 20, 50, 10, 20],
      amount: [1, 2, 3, 4, null],
      eventIds: ['e0', 'e1', 'e2', 'e3', 'e4'],
    });
    expect(table.eventIds).toEqual(['e3', 'e1', 'e4', 'e0', 'e2']);
    expect(eventTableRows(table)).toEqual([
      { id: 'e3', userId: 'u1', type: 'c', at: 10, amount: 4 },
      { id: 'e1', userId: 'u2', type: 'b', at: 20, amount: 2 },
      { id: 'e4', userId: 'u2', type: 'b', at: 20 },
      { id: 'e0', userId: 'u1', type: 'a', at: 50, amount: 1 },
      { id: 'e2', userId: 'u3', type: 'a', at: 50, amount: 3 },
    ]);
    // Dictionaries stay in first-seen input order.
    expect(table.userIds).toEqual(['u1', 'u2', 'u3']);
    expect(table.types).toEqual(['a', 'b', 'c']);
  });

  it('gives the same table as buildEventTable on the same events', () => {
    const events = [
      { id: 'e2', userId: 'u2', type: 'purchase', at: 2000, amount: 990 },
      { id: 'e1', userId: 'u1', type: 'add_friend', at: 1000 },
      { id: 'e3', userId: 'u1', type: 'purchase', at: 2000 },
    ];
    const fromColumns = buildEventTableFromColumns({
      userId: events.map((e) => e.userId),
      type: events.map((e) => e.type),
      at: events.map((e) => e.at),
      amount: events.map((e) => e.amount),
      eventIds: events.map((e) => e.id),
    });
    expect(fromColumns).toEqual(buildEventTable(events));
    expect(fromColumns.eventIds).toEqual(['e1', 'e2', 'e3']);
  });

  it('builds an empty table from empty columns', () => {
    const table = buildEventTableFromColumns({ userId: [], type: [], at: [] });
    expect(table.length).toBe(0);
    expect(table.userIds).toEqual([]);
    expect(table.types).toEqual([]);
    expect(table.user.length).toBe(0);
    expect(table.amount.length).toBe(0);
  });

  it('accepts negative and present-day times', () => {
    const table = buildEventTableFromColumns({ ...base, at: [-86_400_000, 1_800_000_000_000] });
    expect(Array.from(table.at)).toEqual([-86_400_000, 1_800_000_000_000]);
  });
});

describe('buildEventTableFromColumns: errors name the column and row', () => {
  it('rejects columns that are not an object', () => {
    expectColumnsError(null, [], 'expected an object of columns');
    expectColumnsError('columns', [], 'expected an object of columns');
    expectColumnsError(42, [], 'expected an object of columns');
  });

  it('rejects wrong column lengths', () => {
    expectColumnsError({ ...base, userId: ['u1'] }, ['userId'], 'has 1 rows but at has 2');
    expectColumnsError({ ...base, type: ['message', 'message', 'message'] }, ['type'], 'has 3 rows but at has 2');
    expectColumnsError({ ...base, amount: [1] }, ['amount'], 'has 1 rows but at has 2');
    expectColumnsError({ ...base, amount: new Float64Array(3) }, ['amount'], 'has 3 rows but at has 2');
    expectColumnsError({ ...base, eventIds: ['e1'] }, ['eventIds'], 'has 1 rows but at has 2');
    expectColumnsError({ user: Uint32Array.of(0), userIds: ['u1'], type: base.type, at: base.at }, ['user'], 'has 1 rows but at has 2');
    expectColumnsError({ userId: base.userId, type: Uint32Array.of(0, 0, 0), types: ['t'], at: base.at }, ['type'], 'has 3 rows but at has 2');
  });

  it('rejects codes outside the dictionary', () => {
    expectColumnsError({ user: Uint32Array.of(0, 2), userIds: ['u1', 'u2'], type: base.type, at: base.at }, ['user', 1], 'code 2 is outside the dictionary (2 entries)');
    expectColumnsError({ userId: base.userId, type: Uint32Array.of(1, 0), types: ['t'], at: base.at }, ['type', 0], 'code 1 is outside the dictionary (1 entries)');
    // An empty dictionary admits no code.
    expectColumnsError({ user: Uint32Array.of(0, 0), userIds: [], type: base.type, at: base.at }, ['user', 0], 'outside the dictionary (0 entries)');
  });

  it('rejects repeated, non-string or missing dictionary entries', () => {
    expectColumnsError({ user: Uint32Array.of(0, 1), userIds: ['a', 'b', 'a'], type: base.type, at: base.at }, ['userIds', 2], "repeats 'a'");
    expectColumnsError({ userId: base.userId, type: Uint32Array.of(0, 0), types: ['t', 't'], at: base.at }, ['types', 1], "repeats 't'");
    expectColumnsError({ user: Uint32Array.of(0, 0), userIds: ['a', 7], type: base.type, at: base.at }, ['userIds', 1], 'must be a string');
    expectColumnsError({ user: Uint32Array.of(0, 0), type: base.type, at: base.at }, ['userIds'], 'must be an array of distinct strings');
    expectColumnsError({ user: Uint32Array.of(0, 0), userIds: 'ab', type: base.type, at: base.at }, ['userIds'], 'must be an array of distinct strings');
    expectColumnsError({ userId: base.userId, type: Uint32Array.of(0, 0), at: base.at }, ['types'], 'must be an array of distinct strings');
  });

  it('rejects non-integer, NaN, infinite and unsafe times', () => {
    expectColumnsError({ ...base, at: [1000, 1000.5] }, ['at', 1], 'must be integer epoch milliseconds, received 1000.5');
    expectColumnsError({ ...base, at: [Number.NaN, 1000] }, ['at', 0], 'received NaN');
    expectColumnsError({ ...base, at: Float64Array.of(1000, Number.NaN) }, ['at', 1], 'received NaN');
    expectColumnsError({ ...base, at: [Number.POSITIVE_INFINITY, 1000] }, ['at', 0], 'received Infinity');
    expectColumnsError({ ...base, at: [1000, 2 ** 53] }, ['at', 1], 'must be integer epoch milliseconds');
    expectColumnsError({ ...base, at: [-(2 ** 53), 1000] }, ['at', 0], 'must be integer epoch milliseconds');
    expectColumnsError({ ...base, at: [1000, undefined] }, ['at', 1], 'must be integer epoch milliseconds');
    expectColumnsError({ ...base, at: [1000, 8.7e15] }, ['at', 1], 'within the range of dates');
  });

  // Every value is checked, the doc says: a `null` or a numeric string in an `at` array (as a
  // database driver may hand over for a missing timestamp) must not be coerced to an instant.
  it('rejects non-number entries in an at array instead of coercing them (null → 0, "1000" → 1000)', () => {
    expectColumnsError({ ...base, at: [1000, null] }, ['at', 1], 'must be integer epoch milliseconds');
    expectColumnsError({ ...base, at: ['1000', 2000] }, ['at', 0], 'must be integer epoch milliseconds');
    expectColumnsError({ ...base, at: [1000, true] }, ['at', 1], 'must be integer epoch milliseconds');
  });

  it('rejects infinite and non-number amounts', () => {
    expectColumnsError({ ...base, amount: [1, Number.POSITIVE_INFINITY] }, ['amount', 1], 'must be a finite number or absent, received Infinity');
    expectColumnsError({ ...base, amount: Float64Array.of(Number.NEGATIVE_INFINITY, 1) }, ['amount', 0], 'received -Infinity');
    expectColumnsError({ ...base, amount: ['990', 1] }, ['amount', 0], 'must be a finite number or absent');
  });

  it('rejects userId together with user or userIds, and no users at all', () => {
    expectColumnsError({ ...base, user: Uint32Array.of(0, 0), userIds: ['u1'] }, ['userId'], 'not both');
    expectColumnsError({ ...base, userIds: ['u1', 'u2'] }, ['userId'], 'not both');
    expectColumnsError({ ...base, user: Uint32Array.of(0, 0) }, ['userId'], 'not both');
    expectColumnsError({ type: base.type, at: base.at }, ['user'], 'needs userId (strings) or user (a Uint32Array) with userIds');
  });

  it('rejects a types dictionary without a Uint32Array type column', () => {
    expectColumnsError({ ...base, types: ['message', 'purchase'] }, ['types'], 'only with a Uint32Array type column');
  });

  it('rejects columns of the wrong kind', () => {
    expectColumnsError({ ...base, at: '1000' }, ['at'], 'must be a Float64Array or an array');
    expectColumnsError({ ...base, at: Int32Array.of(1, 2) }, ['at'], 'must be a Float64Array or an array');
    expectColumnsError({ ...base, at: undefined }, ['at'], 'must be a Float64Array or an array');
    expectColumnsError({ ...base, userId: 'u1' }, ['userId'], 'must be an array of strings');
    expectColumnsError({ type: base.type, at: base.at, user: [0, 0], userIds: ['u1'] }, ['user'], 'needs userId');
    expectColumnsError({ type: base.type, at: base.at, user: Int32Array.of(0, 0), userIds: ['u1'] }, ['user'], 'needs userId');
    expectColumnsError({ ...base, type: 'message' }, ['type'], 'must be an array of strings or a Uint32Array of codes');
    expectColumnsError({ ...base, type: Int32Array.of(0, 0) }, ['type'], 'must be an array of strings or a Uint32Array of codes');
    expectColumnsError({ ...base, amount: 'none' }, ['amount'], 'must be a Float64Array or an array of numbers');
    expectColumnsError({ ...base, eventIds: 'e1' }, ['eventIds'], 'must be an array of strings');
  });

  it('rejects non-string entries in string columns', () => {
    expectColumnsError({ ...base, userId: ['u1', 2] }, ['userId', 1], 'must be a string');
    expectColumnsError({ ...base, type: [null, 'message'] }, ['type', 0], 'must be a string');
    expectColumnsError({ ...base, eventIds: ['e1', 2] }, ['eventIds', 1], 'must be a string');
  });
});

describe('buildEventTable (one-pass build)', () => {
  /** The SiyuError thrown by buildEventTable on `events`. */
  function tableErrorOf(events: unknown[]): SiyuError {
    try {
      buildEventTable(events as Parameters<typeof buildEventTable>[0]);
    } catch (error) {
      expect(error).toBeInstanceOf(SiyuError);
      return error as SiyuError;
    }
    throw new Error('expected buildEventTable to throw');
  }

  it('encodes alternating and repeated users correctly (the same-user shortcut)', () => {
    const table = buildEventTable([
      { id: 'e1', userId: 'a', type: 't', at: 1 },
      { id: 'e2', userId: 'a', type: 't', at: 2 },
      { id: 'e3', userId: 'b', type: 't', at: 3 },
      { id: 'e4', userId: 'a', type: 't', at: 4 },
      { id: 'e5', userId: 'b', type: 't', at: 5 },
      { id: 'e6', userId: 'b', type: 't', at: 6 },
      { id: 'e7', userId: 'c', type: 't', at: 7 },
    ]);
    expect(table.userIds).toEqual(['a', 'b', 'c']);
    expect(Array.from(table.user)).toEqual([0, 0, 1, 0, 1, 1, 2]);
  });

  it('keeps props with their rows when it sorts', () => {
    const table = buildEventTable(
      [
        { id: 'late', userId: 'u1', type: 'message', at: 30, props: { n: 3 } },
        { id: 'early', userId: 'u2', type: 'message', at: 10 },
        { id: 'tie', userId: 'u1', type: 'purchase', at: 30, amount: 5, props: { n: 4 } },
        { id: 'mid', userId: 'u2', type: 'message', at: 20, props: { n: 2 } },
      ],
      { keepProps: true },
    );
    expect(table.eventIds).toEqual(['early', 'mid', 'late', 'tie']);
    expect(table.props).toEqual([undefined, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(Array.from(table.amount)).toEqual([Number.NaN, Number.NaN, Number.NaN, 5]);
    expect(eventTableRows(table)[3]).toEqual({ id: 'tie', userId: 'u1', type: 'purchase', at: 30, amount: 5, props: { n: 4 } });
    expect('props' in buildEventTable([{ id: 'e', userId: 'u', type: 't', at: 1, props: { n: 1 } }])).toBe(false);
  });

  it('names the row of a bad event or time', () => {
    const ok = { id: 'e0', userId: 'u', type: 't', at: 0 };
    let error = tableErrorOf([ok, null]);
    expect(error.path).toEqual([1]);
    expect(error.code).toBe('invalid_event');
    expect(tableErrorOf([ok, { id: 'e1', userId: 7, type: 't', at: 0 }]).path).toEqual([1]);
    expect(tableErrorOf([{ userId: 'u', type: 't', at: 0 }]).path).toEqual([0]);
    error = tableErrorOf([ok, { ...ok, at: 1.5 }]);
    expect(error.path).toEqual([1, 'at']);
    expect(error.message).toContain('not an integer');
    expect(tableErrorOf([{ ...ok, at: Number.NaN }]).message).toContain('not a finite number');
    expect(tableErrorOf([{ ...ok, at: 9e15 }]).message).toContain('outside the range of dates');
    expect(tableErrorOf([ok, ok, { ...ok, at: '2026-11-25T00:00:00Z' }]).path).toEqual([2, 'at']);
    expect(tableErrorOf([{ ...ok, at: null }]).path).toEqual([0, 'at']);
  });
});
