/**
 * Building an {@link EventTable} from columns: what a warehouse export, a Parquet or Arrow
 * reader or a database driver hands over. Encoded columns (typed-array codes plus a dictionary)
 * are adopted without copying and without any per-event allocation; string columns are
 * dictionary-encoded in one pass.
 *
 * @module
 */
import { SiyuError } from './error.js';
import { MAX_INSTANT } from './instant.js';
import { gatherRows, timeOrder, type EventTable } from './eventTable.js';

/**
 * Events as columns, one entry per row. Users come either as string ids (`userId`) or as codes
 * (`user`) into a dictionary (`userIds`); types likewise as strings or as codes (`type` a
 * `Uint32Array`) into `types`. Every column has `at.length` rows.
 */
export interface EventColumns {
  /** Per row: the user id. Give this, or `user` with `userIds`. */
  readonly userId?: readonly string[];
  /** Per row: index into `userIds`. */
  readonly user?: Uint32Array;
  /** The user dictionary `user` indexes: distinct ids. Entries without rows are users without events. */
  readonly userIds?: readonly string[];
  /** Per row: the event type, or (a `Uint32Array`) its index into `types`. */
  readonly type: readonly string[] | Uint32Array;
  /** The type dictionary a `Uint32Array` `type` column indexes: distinct types. */
  readonly types?: readonly string[];
  /** Per row: the instant, epoch milliseconds (integers). */
  readonly at: Float64Array | readonly number[];
  /** Per row: the amount in minor units; `NaN` (or `undefined`/`null` in an array) when none. Default: none. */
  readonly amount?: Float64Array | readonly (number | null | undefined)[];
  /** Per row: the event id. Default: none (rows are distinct events, read as `#<row>`). */
  readonly eventIds?: readonly string[];
}

function checkLength(name: string, length: number, n: number): void {
  if (length !== n) throw SiyuError.at([name], `has ${length} rows but at has ${n}`, 'invalid_columns');
}

function checkDictionary(name: string, dictionary: unknown): readonly string[] {
  if (!Array.isArray(dictionary)) throw SiyuError.at([name], 'must be an array of distinct strings (the dictionary)', 'invalid_columns');
  const seen = new Set<string>();
  for (let i = 0; i < dictionary.length; i++) {
    const id: unknown = dictionary[i];
    if (typeof id !== 'string') throw SiyuError.at([name, i], 'must be a string', 'invalid_columns');
    if (seen.has(id)) throw SiyuError.at([name, i], `repeats '${id}': dictionary entries must be distinct`, 'invalid_columns');
    seen.add(id);
  }
  return dictionary as readonly string[];
}

/** Codes checked against their dictionary, adopted as is. */
function adoptCodes(name: string, codes: Uint32Array, size: number): Uint32Array {
  for (let i = 0; i < codes.length; i++) {
    if ((codes[i] as number) >= size) throw SiyuError.at([name, i], `code ${codes[i] as number} is outside the dictionary (${size} entries)`, 'invalid_columns');
  }
  return codes;
}

/** String column → codes + first-seen dictionary, one Map lookup per row. */
function encodeStrings(name: string, values: readonly string[]): { codes: Uint32Array; dictionary: string[] } {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') throw SiyuError.at([name, i], 'must be a string', 'invalid_columns');
    let c = index.get(v);
    if (c === undefined) {
      c = dictionary.length;
      index.set(v, c);
      dictionary.push(v);
    }
    codes[i] = c;
  }
  return { codes, dictionary };
}

function timesOf(at: EventColumns['at']): { at: Float64Array; sorted: boolean } {
  if (!(at instanceof Float64Array) && !Array.isArray(at)) throw SiyuError.at(['at'], 'must be a Float64Array or an array of epoch milliseconds', 'invalid_columns');
  // An array is checked before it is copied: Float64Array.from would turn null, '' or '7' into numbers.
  if (!(at instanceof Float64Array)) {
    for (let i = 0; i < at.length; i++) if (typeof at[i] !== 'number') throw SiyuError.at(['at', i], `must be integer epoch milliseconds, received ${String(at[i])}`, 'invalid_columns');
  }
  const out = at instanceof Float64Array ? at : Float64Array.from(at);
  let sorted = true;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < out.length; i++) {
    const t = out[i] as number;
    if (!Number.isSafeInteger(t)) throw SiyuError.at(['at', i], `must be integer epoch milliseconds, received ${String(at[i])}`, 'invalid_columns');
    if (t > MAX_INSTANT || t < -MAX_INSTANT) throw SiyuError.at(['at', i], `must be integer epoch milliseconds within the range of dates, received ${t}`, 'invalid_columns');
    if (t < previous) sorted = false;
    previous = t;
  }
  return { at: out, sorted };
}

function amountsOf(amount: EventColumns['amount'], n: number): Float64Array {
  if (amount === undefined) return new Float64Array(n).fill(Number.NaN);
  if (!(amount instanceof Float64Array) && !Array.isArray(amount)) throw SiyuError.at(['amount'], 'must be a Float64Array or an array of numbers', 'invalid_columns');
  checkLength('amount', amount.length, n);
  if (amount instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const a = amount[i] as number;
      if (a === Number.POSITIVE_INFINITY || a === Number.NEGATIVE_INFINITY) throw SiyuError.at(['amount', i], `must be a finite number or absent, received ${a}`, 'invalid_columns');
    }
    return amount;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const raw = amount[i];
    const a = raw === undefined || raw === null ? Number.NaN : raw;
    if (typeof a !== 'number' || a === Number.POSITIVE_INFINITY || a === Number.NEGATIVE_INFINITY) {
      throw SiyuError.at(['amount', i], `must be a finite number or absent, received ${String(raw)}`, 'invalid_columns');
    }
    out[i] = a;
  }
  return out;
}

/**
 * Builds an {@link EventTable} from columns. Encoded columns (`user` + `userIds`, a
 * `Uint32Array` `type` + `types`, `Float64Array` `at` and `amount`) in time order are adopted
 * as they are: no copy and no per-event allocation, so **do not modify them afterwards**.
 * String columns are dictionary-encoded (first-seen order); rows out of time order are put in
 * order (stable). Every value is checked: a wrong length, a code outside its dictionary, a
 * repeated dictionary entry or a non-integer time throws a `SiyuError` naming the column and row.
 *
 * @example
 * ```ts
 * import { buildEventTableFromColumns } from 'siyu/core';
 * // Encoded: codes into dictionaries, as a columnar reader returns them.
 * const table = buildEventTableFromColumns({
 *   user: Uint32Array.of(1, 0, 1),
 *   userIds: ['u1', 'u2'],
 *   type: Uint32Array.of(0, 0, 1),
 *   types: ['add_friend', 'purchase'],
 *   at: Float64Array.of(1000, 2000, 3000),
 *   amount: Float64Array.of(Number.NaN, Number.NaN, 990),
 * });
 * table.userIds[table.user[2] ?? 0]; // → 'u2'
 * table.eventIds; // → undefined
 * // Strings: encoded on the way in; rows are put in time order.
 * const t2 = buildEventTableFromColumns({ userId: ['u9', 'u8'], type: ['message', 'message'], at: [20, 10] });
 * t2.userIds; // → ['u9', 'u8']
 * Array.from(t2.user); // → [1, 0]
 * buildEventTableFromColumns({ user: Uint32Array.of(2), userIds: ['u1'], type: ['message'], at: [1] }); // throws: user[0]: code 2 is outside the dictionary (1 entries)
 * ```
 */
export function buildEventTableFromColumns(columns: EventColumns): EventTable {
  if (typeof columns !== 'object' || columns === null) throw SiyuError.at([], 'expected an object of columns', 'invalid_columns');
  const times = timesOf(columns.at);
  const n = times.at.length;
  let user: Uint32Array;
  let userIds: readonly string[];
  if (columns.userId !== undefined) {
    if (columns.user !== undefined || columns.userIds !== undefined) throw SiyuError.at(['userId'], 'give userId, or user with userIds, not both', 'invalid_columns');
    if (!Array.isArray(columns.userId)) throw SiyuError.at(['userId'], 'must be an array of strings', 'invalid_columns');
    checkLength('userId', columns.userId.length, n);
    const encoded = encodeStrings('userId', columns.userId);
    user = encoded.codes;
    userIds = encoded.dictionary;
  } else {
    if (!(columns.user instanceof Uint32Array)) throw SiyuError.at(['user'], 'needs userId (strings) or user (a Uint32Array) with userIds', 'invalid_columns');
    checkLength('user', columns.user.length, n);
    userIds = checkDictionary('userIds', columns.userIds);
    user = adoptCodes('user', columns.user, userIds.length);
  }
  let type: Uint32Array;
  let types: readonly string[];
  if (columns.type instanceof Uint32Array) {
    checkLength('type', columns.type.length, n);
    types = checkDictionary('types', columns.types);
    type = adoptCodes('type', columns.type, types.length);
  } else {
    if (!Array.isArray(columns.type)) throw SiyuError.at(['type'], 'must be an array of strings or a Uint32Array of codes', 'invalid_columns');
    if (columns.types !== undefined) throw SiyuError.at(['types'], 'only with a Uint32Array type column', 'invalid_columns');
    checkLength('type', columns.type.length, n);
    const encoded = encodeStrings('type', columns.type);
    type = encoded.codes;
    types = encoded.dictionary;
  }
  let amount = amountsOf(columns.amount, n);
  let eventIds = columns.eventIds;
  if (eventIds !== undefined) {
    if (!Array.isArray(eventIds)) throw SiyuError.at(['eventIds'], 'must be an array of strings', 'invalid_columns');
    checkLength('eventIds', eventIds.length, n);
    for (let i = 0; i < n; i++) if (typeof eventIds[i] !== 'string') throw SiyuError.at(['eventIds', i], 'must be a string', 'invalid_columns');
  }
  let at = times.at;
  if (!times.sorted) {
    const order = timeOrder(at);
    user = gatherRows(user, order, (k) => new Uint32Array(k));
    type = gatherRows(type, order, (k) => new Uint32Array(k));
    at = gatherRows(at, order, (k) => new Float64Array(k));
    amount = gatherRows(amount, order, (k) => new Float64Array(k));
    if (eventIds !== undefined) {
      const ids = eventIds;
      eventIds = Array.from(order, (i) => ids[i] as string);
    }
  }
  const table: EventTable = { length: n, userIds, types, user, type, at, amount };
  return eventIds === undefined ? table : { ...table, eventIds };
}
