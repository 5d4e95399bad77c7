import { buildEventTable } from '../src/core/index.js';
import {
  computeFunnel,
  computeGroupHealth,
  computeLifecycleCounts,
  computeOrderMetrics,
  computeRetention,
  computeStickiness,
  createFunnelAggregate,
} from '../src/funnel/index.js';
import type { Benchmark } from './harness.js';
import { generateEvents } from './generate.js';

// 1,000,000 events by 100,000 users over 90 days from 2026-01-01 (seeded).
const rows = generateEvents({ seed: 8, users: 100_000, events: 1_000_000 });
const table = buildEventTable(rows);
const size = `${rows.length.toLocaleString('en')} events`;
const arraySlice = rows.slice(0, 250_000);
// Four shards of users (every event of a user in one shard), built outside the timing.
const shards = [0, 1, 2, 3].map((s) => buildEventTable(rows.filter((e) => Number(e.userId.slice(1)) % 4 === s)));

const funnel = {
  steps: [{ type: 'add_friend' }, { type: 'join_group' }, { type: 'purchase' }],
  window: { amount: 7, unit: 'day' as const },
};
const periods = { period: 'day' as const, range: { from: '2026-01-01', to: '2026-03-31' } };

/** Benchmarks of siyu/funnel. */
export const benchmarks: Benchmark[] = [
  { name: 'funnel: computeFunnel ordered 3 steps (EventTable)', size, run: () => computeFunnel(funnel, table) },
  { name: 'funnel: computeFunnel strict 3 steps (EventTable)', size, run: () => computeFunnel({ ...funnel, order: 'strict' }, table) },
  { name: 'funnel: computeFunnel unordered 3 steps (EventTable)', size, run: () => computeFunnel({ ...funnel, order: 'unordered', window: { amount: 1, unit: 'day' } }, table) },
  // The array path converts to an EventTable first (core buildEventTable dominates): a smaller slice keeps the run short.
  { name: 'funnel: computeFunnel ordered 3 steps (ActivityEvent[])', size: `${arraySlice.length.toLocaleString('en')} events`, run: () => computeFunnel(funnel, arraySlice) },
  {
    name: 'funnel: funnel as 4 user shards, add + merge + finish',
    size,
    run: () => {
      const agg = createFunnelAggregate(funnel);
      return agg.finish(shards.map((s) => agg.add(agg.init(), s)).reduce(agg.merge));
    },
  },
  {
    name: 'funnel: computeRetention daily × 30 (EventTable)',
    size,
    run: () => computeRetention({ startEvent: { type: 'join_group' }, returnEvent: { type: 'message' }, ...periods, periods: 30 }, table),
  },
  { name: 'funnel: computeLifecycleCounts weekly (EventTable)', size, run: () => computeLifecycleCounts({ activeEvent: { type: 'message' }, ...periods, period: 'week' }, table) },
  { name: 'funnel: computeStickiness daily (EventTable)', size, run: () => computeStickiness({ activeEvent: { type: 'message' }, ...periods }, table) },
  {
    name: 'funnel: computeGroupHealth daily (EventTable)',
    size,
    run: () => computeGroupHealth({ joinEvent: { type: 'join_group' }, leaveEvent: { type: 'add_friend' }, activeEvent: { type: 'message' }, ...periods }, table),
  },
  { name: 'funnel: computeOrderMetrics (EventTable)', size, run: () => computeOrderMetrics({ orderEvent: { type: 'purchase' } }, table) },
];
