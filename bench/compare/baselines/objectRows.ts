/**
 * Hand-written baselines on an array of event objects (`ActivityEvent`, string user ids and
 * types), the way most application code holds events: a `Map` from user id to that user's
 * events, plain arrays and objects. Same semantics and canonical results as typedArrays.ts.
 */
import type { ActivityEvent } from '../../../src/core/index.js';
import { meanAndMedian, rfmCanonical, type FunnelCanonical, type RetentionCanonical, type RfmCanonical } from '../canonical.js';
import { quintileCuts } from './typedArrays.js';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

function byUser(events: readonly ActivityEvent[]): Map<string, ActivityEvent[]> {
  const map = new Map<string, ActivityEvent[]>();
  for (const e of events) {
    const list = map.get(e.userId);
    if (list === undefined) map.set(e.userId, [e]);
    else list.push(e);
  }
  return map;
}

/** Ordered funnel over `steps` (event types), window from the step-1 event (events in time order). */
export function funnelObjects(events: readonly ActivityEvent[], steps: readonly string[], windowMs: number): FunnelCanonical {
  const n = steps.length;
  const counts = new Array<number>(n).fill(0);
  const gaps: number[][] = steps.map(() => []);
  for (const list of byUser(events).values()) {
    const slots: ({ start: number; times: number[] } | null)[] = new Array(n).fill(null);
    let best: number[] = [];
    for (const e of list) {
      const k = steps.indexOf(e.type);
      if (k < 0) continue;
      if (k === 0) {
        slots[0] = { start: e.at, times: [e.at] };
        if (best.length === 0) best = [e.at];
        continue;
      }
      const prev = slots[k - 1];
      if (prev === null || prev === undefined || e.at - prev.start > windowMs) continue;
      const cur = slots[k];
      if (cur !== null && cur !== undefined && prev.start <= cur.start) continue;
      const path = { start: prev.start, times: [...prev.times, e.at] };
      slots[k] = path;
      if (k >= best.length) best = path.times;
    }
    for (let k = 0; k < best.length; k++) {
      counts[k] = (counts[k] as number) + 1;
      if (k > 0) (gaps[k] as number[]).push((best[k] as number) - (best[k - 1] as number));
    }
  }
  const meanMs: (number | null)[] = [];
  const medianMs: (number | null)[] = [];
  gaps.forEach((g, k) => {
    const s = k === 0 ? { mean: null, median: null } : meanAndMedian(Float64Array.from(g), g.length);
    meanMs.push(s.mean);
    medianMs.push(s.median);
  });
  return { counts, meanMs, medianMs };
}

/** Daily cohort retention in Asia/Shanghai (see typedArrays.ts), per user from the Map. */
export function retentionObjects(events: readonly ActivityEvent[], startType: string, returnType: string, firstDay: number, lastDay: number, K: number): RetentionCanonical {
  const rows: number[][] = Array.from({ length: lastDay - firstDay + 1 }, () => new Array<number>(K + 1).fill(0));
  for (const list of byUser(events).values()) {
    const first = list.find((e) => e.type === startType);
    if (first === undefined) continue;
    const cohort = Math.floor((first.at + SHANGHAI_MS) / DAY_MS);
    if (cohort < firstDay || cohort > lastDay) continue;
    const row = rows[cohort - firstDay] as number[];
    row[0] = (row[0] as number) + 1;
    const days = new Set<number>();
    for (const e of list) if (e.type === returnType) days.add(Math.floor((e.at + SHANGHAI_MS) / DAY_MS) - cohort);
    for (const k of days) if (k >= 1 && k <= K) row[k] = (row[k] as number) + 1;
  }
  return { firstDay, rows };
}

/** RFM of purchasers (see typedArrays.ts) from event objects; user ids `u<n>` give the dense id for the checksum. */
export function rfmObjects(events: readonly ActivityEvent[], purchaseType: string, asOf: number): RfmCanonical {
  const asOfDay = Math.floor((asOf + SHANGHAI_MS) / DAY_MS);
  const perUser = new Map<string, { last: number; frequency: number; monetary: number }>();
  for (const e of events) {
    if (e.type !== purchaseType) continue;
    const v = perUser.get(e.userId);
    if (v === undefined) perUser.set(e.userId, { last: e.at, frequency: 1, monetary: e.amount ?? 0 });
    else {
      v.last = Math.max(v.last, e.at);
      v.frequency++;
      v.monetary += e.amount ?? 0;
    }
  }
  const customers = [...perUser.entries()].map(([userId, v]) => ({
    id: Number(userId.slice(1)),
    recency: asOfDay - Math.floor((v.last + SHANGHAI_MS) / DAY_MS),
    frequency: v.frequency,
    monetary: v.monetary,
  }));
  const cutPoints = {
    recency: quintileCuts(Float64Array.from(customers, (c) => c.recency)),
    frequency: quintileCuts(Float64Array.from(customers, (c) => c.frequency)),
    monetary: quintileCuts(Float64Array.from(customers, (c) => c.monetary)),
  };
  const bin = (x: number, cuts: number[]): number => 1 + cuts.filter((c) => x > c).length;
  const scored = customers.map((c) => ({ id: c.id, r: 6 - bin(c.recency, cutPoints.recency), f: bin(c.frequency, cutPoints.frequency), m: bin(c.monetary, cutPoints.monetary) }));
  return rfmCanonical(
    scored.map((s) => s.id),
    scored.map((s) => s.r),
    scored.map((s) => s.f),
    scored.map((s) => s.m),
    cutPoints,
  );
}
