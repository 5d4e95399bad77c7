/**
 * Rows grouped by user (compressed sparse rows), each user's rows in table (time) order.
 * Internal.
 *
 * @module
 */
import type { EventTable } from '../core/index.js';

/** `rows[start[u] .. start[u + 1])` are user u's rows, in time order. */
export interface UserRows {
  readonly start: Uint32Array;
  readonly rows: Uint32Array;
}

/** Groups the rows of `table` by user; with `keep`, only rows whose mask is non-zero. */
export const groupRowsByUser = (table: EventTable, keep?: Uint32Array): UserRows => {
  const users = table.userIds.length;
  const start = new Uint32Array(users + 1);
  const n = table.length;
  for (let r = 0; r < n; r++) {
    if (keep !== undefined && keep[r] === 0) continue;
    const u = table.user[r] as number;
    start[u + 1] = (start[u + 1] as number) + 1;
  }
  for (let u = 0; u < users; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const fill = start.slice(0, users);
  const rows = new Uint32Array(start[users] as number);
  for (let r = 0; r < n; r++) {
    if (keep !== undefined && keep[r] === 0) continue;
    const u = table.user[r] as number;
    const at = fill[u] as number;
    rows[at] = r;
    fill[u] = at + 1;
  }
  return { start, rows };
};
