/**
 * Touching ahead: one-pass loops over a table in time order update a per-user block at a random
 * place for every row, and each update waits for its cache miss. Loading the blocks of the next
 * {@link TOUCH_AHEAD_ROWS} rows first — independent loads, so many misses are in flight at once —
 * lets the updates find them in cache (≈ 1.4× for the funnel, ≈ 2× for retention at 10⁶ users).
 * It pays only when the per-user state is larger than the caches and nearly every row is one
 * the loop wants: state that fits in cache has no misses to overlap (retention over 10⁵ users
 * was 14 % slower with touching), a touched row nobody wants is a wasted miss, and reading each
 * row's mask in the touching loop was measured to cost the gain. Internal.
 *
 * @module
 */

/** Rows touched ahead at a time (more evicts the TLB entries the updates need; 16 ≈ 32 > 64). */
export const TOUCH_AHEAD_ROWS = 16;

/** Per-user state below this many bytes stays in cache: no touching ahead. */
const TOUCH_AHEAD_MIN_STATE_BYTES = 4 * 1024 * 1024;

/**
 * True when touching ahead pays: the per-user state takes at least 4 MiB and at least 3/4 of the
 * rows have a type whose bits are set in `typeBits` (one count per type, one pass over the type
 * column).
 */
export const touchAheadPays = (stateBytes: number, type: Uint32Array, typeBits: Uint32Array, rows: number): boolean => {
  if (stateBytes < TOUCH_AHEAD_MIN_STATE_BYTES) return false;
  const perType = new Float64Array(typeBits.length);
  for (let r = 0; r < rows; r++) {
    const t = type[r] as number;
    perType[t] = (perType[t] as number) + 1;
  }
  let wanted = 0;
  for (let t = 0; t < typeBits.length; t++) if (typeBits[t] !== 0) wanted += perType[t] as number;
  return 4 * wanted >= 3 * rows;
};

let _sink = 0;

/** Keeps the touching loads' result alive (a store no compiler may drop). */
export const keepTouched = (touched: number): void => {
  _sink ^= touched;
};
