/**
 * Hand-written baselines on raw typed-array columns: what a careful engineer writes by hand for
 * each workload, with dense integer user ids, integer type codes and the zone offset of
 * Asia/Shanghai hard-coded (+8 h, no DST). Same semantics as siyu's definitions (see
 * docs/performance.md), results in the canonical forms.
 */
import type { Dataset } from '../dataset.js';
import { meanAndMedian, rfmCanonical, type FunnelCanonical, type RetentionCanonical, type RfmCanonical } from '../canonical.js';

/** The raw columns of the data set (see dataset.ts). */
export type RawColumns = Pick<Dataset, 'users' | 'length' | 'user' | 'type' | 'at' | 'amount'>;

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** Rows grouped by user (counting sort), each user's rows in time order. */
function groupByUser(d: RawColumns): { start: Uint32Array; rows: Uint32Array } {
  const start = new Uint32Array(d.users + 1);
  for (let r = 0; r < d.length; r++) {
    const k = (d.user[r] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let u = 0; u < d.users; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const fill = start.slice(0, d.users);
  const rows = new Uint32Array(d.length);
  for (let r = 0; r < d.length; r++) {
    const u = d.user[r] as number;
    const at = fill[u] as number;
    rows[at] = r;
    fill[u] = at + 1;
  }
  return { start, rows };
}

/**
 * Ordered funnel over steps = type codes 0, 1, 2, 3, window `windowMs` from the step-1 event:
 * per level the latest-starting path; the reported path is the first to reach the user's
 * furthest level. Rows grouped by user first.
 */
export function funnelTyped(d: RawColumns, windowMs: number): FunnelCanonical {
  const { start, rows } = groupByUser(d);
  const n = 4;
  const slotStart = new Float64Array(n);
  const slotTimes = new Float64Array(n * n);
  const best = new Float64Array(n);
  const counts = [0, 0, 0, 0];
  const gaps = [new Float64Array(0), new Float64Array(d.users), new Float64Array(d.users), new Float64Array(d.users)];
  const at = d.at;
  const type = d.type;
  for (let u = 0; u < d.users; u++) {
    const from = start[u] as number;
    const to = start[u + 1] as number;
    if (from === to) continue;
    slotStart.fill(Number.NaN);
    let reached = -1;
    for (let i = from; i < to; i++) {
      const r = rows[i] as number;
      const k = type[r] as number;
      const t = at[r] as number;
      if (k === 0) {
        slotStart[0] = t;
        slotTimes[0] = t;
        if (reached < 0) {
          reached = 0;
          best[0] = t;
        }
        continue;
      }
      const st = slotStart[k - 1] as number;
      if (st !== st || t - st > windowMs) continue;
      const cur = slotStart[k] as number;
      if (cur === cur && st <= cur) continue;
      const src = (k - 1) * n;
      const dst = k * n;
      for (let j = 0; j < k; j++) slotTimes[dst + j] = slotTimes[src + j] as number;
      slotTimes[dst + k] = t;
      slotStart[k] = st;
      if (k > reached) {
        reached = k;
        for (let j = 0; j <= k; j++) best[j] = slotTimes[dst + j] as number;
      }
    }
    for (let k = 0; k <= reached; k++) {
      const c = counts[k] as number;
      if (k > 0) (gaps[k] as Float64Array)[c] = (best[k] as number) - (best[k - 1] as number);
      counts[k] = c + 1;
    }
  }
  return funnelResult(counts, gaps);
}

function funnelResult(counts: number[], gaps: Float64Array[]): FunnelCanonical {
  const meanMs: (number | null)[] = [null];
  const medianMs: (number | null)[] = [null];
  for (let k = 1; k < counts.length; k++) {
    const s = meanAndMedian(gaps[k] as Float64Array, counts[k] as number);
    meanMs.push(s.mean);
    medianMs.push(s.median);
  }
  return { counts, meanMs, medianMs };
}

/**
 * The same funnel in one pass over the log in time order, per-user state in typed arrays (no
 * grouping): the fastest shape when the data are already time-ordered.
 */
export function funnelTypedOnePass(d: RawColumns, windowMs: number): FunnelCanonical {
  const n = 4;
  const users = d.users;
  const slotStart = new Float64Array(users * n).fill(Number.NaN);
  // Slot k's path times t0..tk, packed: slot k starts at k(k+1)/2.
  const slotTimes = new Float64Array(users * 10);
  const reachedOf = new Int8Array(users).fill(-1);
  const best = new Float64Array(users * n);
  const at = d.at;
  const type = d.type;
  const user = d.user;
  for (let r = 0; r < d.length; r++) {
    const u = user[r] as number;
    const k = type[r] as number;
    const t = at[r] as number;
    const s = u * n;
    const p = u * 10;
    if (k === 0) {
      slotStart[s] = t;
      slotTimes[p] = t;
      if (reachedOf[u] === -1) {
        reachedOf[u] = 0;
        best[s] = t;
      }
      continue;
    }
    const st = slotStart[s + k - 1] as number;
    if (st !== st || t - st > windowMs) continue;
    const cur = slotStart[s + k] as number;
    if (cur === cur && st <= cur) continue;
    const src = p + ((k - 1) * k) / 2;
    const dst = p + (k * (k + 1)) / 2;
    for (let j = 0; j < k; j++) slotTimes[dst + j] = slotTimes[src + j] as number;
    slotTimes[dst + k] = t;
    slotStart[s + k] = st;
    if (k > (reachedOf[u] as number)) {
      reachedOf[u] = k;
      for (let j = 0; j <= k; j++) best[s + j] = slotTimes[dst + j] as number;
    }
  }
  const counts = [0, 0, 0, 0];
  const gaps = [new Float64Array(0), new Float64Array(users), new Float64Array(users), new Float64Array(users)];
  for (let u = 0; u < users; u++) {
    const reached = reachedOf[u] as number;
    for (let k = 0; k <= reached; k++) {
      const c = counts[k] as number;
      if (k > 0) (gaps[k] as Float64Array)[c] = (best[u * n + k] as number) - (best[u * n + k - 1] as number);
      counts[k] = c + 1;
    }
  }
  return funnelResult(counts, gaps);
}

/**
 * Daily cohort retention in Asia/Shanghai: cohort = local day of the user's first `startType`
 * event, column k (1..K) = users with a `returnType` event on cohort day + k; one pass in time
 * order (per-user first day and last counted return day in typed arrays).
 */
export function retentionTyped(d: RawColumns, startType: number, returnType: number, firstDay: number, lastDay: number, K: number): RetentionCanonical {
  const cols = K + 1;
  const width = lastDay - firstDay + 1;
  const matrix = new Float64Array(width * cols);
  const cohortOf = new Int32Array(d.users).fill(-1);
  const lastReturn = new Int32Array(d.users).fill(-1);
  const at = d.at;
  const type = d.type;
  const user = d.user;
  for (let r = 0; r < d.length; r++) {
    const ty = type[r] as number;
    if (ty !== startType && ty !== returnType) continue;
    const u = user[r] as number;
    const day = Math.floor(((at[r] as number) + SHANGHAI_MS) / DAY_MS);
    if (ty === startType) {
      if (cohortOf[u] === -1) {
        cohortOf[u] = day;
        if (day >= firstDay && day <= lastDay) {
          const cell = (day - firstDay) * cols;
          matrix[cell] = (matrix[cell] as number) + 1;
        }
      }
    } else if (lastReturn[u] !== day) {
      lastReturn[u] = day;
      const c = cohortOf[u] as number;
      const k = day - c;
      if (c !== -1 && k >= 1 && k <= K && c >= firstDay && c <= lastDay) {
        const cell = (c - firstDay) * cols + k;
        matrix[cell] = (matrix[cell] as number) + 1;
      }
    }
  }
  const rows: number[][] = [];
  for (let i = 0; i < width; i++) rows.push(Array.from(matrix.subarray(i * cols, (i + 1) * cols)));
  return { firstDay, rows };
}

/** Type-7 quantile of an ascending array. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= sorted.length) return a;
  const b = sorted[lo + 1] as number;
  const q = a + (h - lo) * (b - a);
  return q < a ? a : q > b ? b : q;
}

/** Quintile cut points (type 7) of a column. */
export function quintileCuts(values: Float64Array): number[] {
  const sorted = values.slice().sort();
  return [0.2, 0.4, 0.6, 0.8].map((p) => quantile7(sorted, p));
}

/** 1 + the number of cut points below the value (upper-inclusive bins). */
function bin(value: number, cuts: readonly number[]): number {
  let b = 1;
  for (let i = 0; i < cuts.length; i++) if (value > (cuts[i] as number)) b++;
  return b;
}

/**
 * RFM of purchasers: recency = local (Shanghai) day of `asOf` − day of the last purchase,
 * frequency = purchases, monetary = Σ amount; scored by quintile cut points (R reversed).
 */
export function rfmTyped(d: RawColumns, purchaseType: number, asOf: number): RfmCanonical {
  const asOfDay = Math.floor((asOf + SHANGHAI_MS) / DAY_MS);
  const last = new Float64Array(d.users).fill(-1);
  const freq = new Float64Array(d.users);
  const mon = new Float64Array(d.users);
  for (let r = 0; r < d.length; r++) {
    if (d.type[r] !== purchaseType) continue;
    const u = d.user[r] as number;
    last[u] = d.at[r] as number;
    freq[u] = (freq[u] as number) + 1;
    mon[u] = (mon[u] as number) + (d.amount[r] as number);
  }
  let n = 0;
  for (let u = 0; u < d.users; u++) if ((freq[u] as number) > 0) n++;
  const ids = new Uint32Array(n);
  const rec = new Float64Array(n);
  const f = new Float64Array(n);
  const m = new Float64Array(n);
  for (let u = 0, i = 0; u < d.users; u++) {
    if (freq[u] === 0) continue;
    ids[i] = u;
    rec[i] = asOfDay - Math.floor(((last[u] as number) + SHANGHAI_MS) / DAY_MS);
    f[i] = freq[u] as number;
    m[i] = mon[u] as number;
    i++;
  }
  const cutPoints = { recency: quintileCuts(rec), frequency: quintileCuts(f), monetary: quintileCuts(m) };
  const rs = new Uint8Array(n);
  const fs = new Uint8Array(n);
  const ms = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    rs[i] = 6 - bin(rec[i] as number, cutPoints.recency);
    fs[i] = bin(f[i] as number, cutPoints.frequency);
    ms[i] = bin(m[i] as number, cutPoints.monetary);
  }
  return rfmCanonical(ids, rs, fs, ms, cutPoints);
}

/** Dictionary-encodes a column of string user ids with a Map (first-seen order). */
export function encodeUserIdsWithMap(userIds: readonly string[]): { codes: Uint32Array; dictionary: string[] } {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Uint32Array(userIds.length);
  for (let i = 0; i < userIds.length; i++) {
    const id = userIds[i] as string;
    let c = index.get(id);
    if (c === undefined) {
      c = dictionary.length;
      index.set(id, c);
      dictionary.push(id);
    }
    codes[i] = c;
  }
  return { codes, dictionary };
}
