/**
 * Stable ordering by due time without a comparison callback: pack `(due − earliest) × n +
 * position` into one float and sort a `Float64Array` natively, which is exact while that number
 * stays below 2⁵³ (a year of tasks at ms precision and millions of them fit); otherwise fall
 * back to the array's own stable sort. Private to siyu/sop.
 *
 * @module
 */

/** The elements of `list` ordered by `due`, keeping their relative order on ties (a new array). */
export const sortByDueStable = <T extends { readonly due: number }>(list: readonly T[]): T[] => {
  const n = list.length;
  if (n < 2) return list.slice();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sorted = true;
  let integral = true;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const due = (list[i] as T).due;
    if (due < min) min = due;
    if (due > max) max = due;
    if (due < previous) sorted = false;
    if (!Number.isInteger(due)) integral = false;
    previous = due;
  }
  if (sorted) return list.slice();
  // The packed key must be exact: integer dues (epoch ms always are) and a product below 2⁵³.
  if (!integral || (max - min + 1) * n > Number.MAX_SAFE_INTEGER) {
    return list.slice().sort((a, b) => a.due - b.due);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((list[i] as T).due - min) * n + i;
  keys.sort();
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = list[(keys[i] as number) % n] as T;
  return out;
};
