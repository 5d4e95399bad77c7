/**
 * The canonical results every implementation of a workload is reduced to before the results are
 * compared (plain JSON, so a deep-equality check decides).
 */

/** A funnel's per-step users, mean and median ms from the previous step (`null` for step 0 or nobody). */
export interface FunnelCanonical {
  readonly counts: readonly number[];
  readonly meanMs: readonly (number | null)[];
  readonly medianMs: readonly (number | null)[];
}

/** Retention: per cohort day (days since 1970-01-01, local), counts for offsets 0..K. */
export interface RetentionCanonical {
  readonly firstDay: number;
  readonly rows: readonly (readonly number[])[];
}

/** RFM: quintile cut points, the 125-cell histogram of (r, f, m) and a checksum tying scores to users. */
export interface RfmCanonical {
  readonly customers: number;
  readonly cutPoints: { readonly recency: readonly number[]; readonly frequency: readonly number[]; readonly monetary: readonly number[] };
  /** `histogram[(r − 1)·25 + (f − 1)·5 + (m − 1)]` customers. */
  readonly histogram: readonly number[];
  /** Σ over customers of (dense user id + 1) × (100r + 10f + m); exact (< 2⁵³). */
  readonly checksum: number;
}

/** Mean and median of `count` values in `values` (sorted in place); `null` when empty. */
export function meanAndMedian(values: Float64Array, count: number): { mean: number | null; median: number | null } {
  if (count === 0) return { mean: null, median: null };
  const v = values.subarray(0, count).sort();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += v[i] as number;
  const mid = count >> 1;
  return { mean: sum / count, median: count % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2 };
}

/** RFM canonical form from per-customer dense ids and scores. */
export function rfmCanonical(
  ids: ArrayLike<number>,
  r: ArrayLike<number>,
  f: ArrayLike<number>,
  m: ArrayLike<number>,
  cutPoints: RfmCanonical['cutPoints'],
): RfmCanonical {
  const histogram = new Array<number>(125).fill(0);
  let checksum = 0;
  for (let i = 0; i < ids.length; i++) {
    const ri = r[i] as number;
    const fi = f[i] as number;
    const mi = m[i] as number;
    const cell = (ri - 1) * 25 + (fi - 1) * 5 + (mi - 1);
    histogram[cell] = (histogram[cell] as number) + 1;
    checksum += ((ids[i] as number) + 1) * (100 * ri + 10 * fi + mi);
  }
  return { customers: ids.length, cutPoints, histogram, checksum };
}
