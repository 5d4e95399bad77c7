/**
 * Values the points ledger keeps for good (entries, lots, outcomes), made to measure: arrays of
 * exactly their length and integers stored as small integers. Internal.
 *
 * @module
 */

/**
 * A copy of `items` whose storage holds exactly its items. Arrays grown by `push` keep spare
 * room (a one-item array grown so is three times the size of `[item]`), and a ledger keeps its
 * arrays for good, so the ones it keeps are made to measure.
 */
export const exactCopy = <T>(items: readonly T[]): T[] => (items.length === 1 ? [items[0] as T] : items.slice());

/**
 * `x` itself, as a small integer where it is one (and −0 as 0). Numbers computed by division or
 * flipped in sign can come out as boxed doubles; one such number stored in a field makes the
 * engine box that field in every object of the shape, 16 more bytes per field for good. The
 * ledger keeps its entries and lots, so the integers it stores are passed through this first.
 */
export const smallInt = (x: number): number => {
  const i = x | 0;
  return i === x ? i : x;
};
