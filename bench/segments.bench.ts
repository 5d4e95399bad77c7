import { buildEventTable, createRandom, type EventTable } from '../src/core/index.js';
import {
  BUILT_IN_SEGMENT_METRICS,
  DEFAULT_SEGMENT_PROGRAM,
  assignSegments,
  clusterKMeans,
  compileSegmentProgram,
  computeRfm,
  computeSegmentMetricColumns,
} from '../src/segments/index.js';
import type { Benchmark } from './harness.js';
import { generateEvents } from './generate.js';

/**
 * A columnar table built directly (no event objects), seeded: `events` rows over `days` days
 * ending at `asOf`, users and types uniform, purchases with an amount. The scale runs of the
 * issue (10⁶ users, 10⁷ events) use `SEGMENTS_BENCH_SCALE=full npx tsx bench/run.ts segments`.
 */
export function generateSegmentTable(seed: number, users: number, events: number, asOf: number, days = 90): EventTable {
  const rng = createRandom(seed);
  const types = ['add_friend', 'join_group', 'message', 'purchase'];
  const user = new Uint32Array(events);
  const type = new Uint32Array(events);
  const at = new Float64Array(events);
  const amount = new Float64Array(events);
  const span = days * 86_400_000;
  const start = asOf - span;
  for (let i = 0; i < events; i++) {
    user[i] = rng.nextInt(users);
    const t = rng.nextInt(types.length);
    type[i] = t;
    at[i] = start + Math.floor((i * span) / events);
    amount[i] = t === 3 ? 100 + rng.nextInt(50_000) : Number.NaN;
  }
  return {
    length: events,
    userIds: Array.from({ length: users }, (_, i) => `u${i}`),
    types,
    user,
    type,
    at,
    amount,
    eventIds: new Array<string>(events).fill('e'),
  };
}

const full = typeof process !== 'undefined' && process.env.SEGMENTS_BENCH_SCALE === 'full';
const USERS = full ? 1_000_000 : 100_000;
const EVENTS = full ? 10_000_000 : 1_000_000;
const asOf = Date.UTC(2026, 3, 1);
const table = generateSegmentTable(11, USERS, EVENTS, asOf);
const program = compileSegmentProgram(DEFAULT_SEGMENT_PROGRAM);
const size = `${USERS.toLocaleString('en')} users, ${EVENTS.toLocaleString('en')} events`;
// The whole program builds one object per user: half the users keep a run under 2 s.
const ASSIGN_USERS = full ? USERS : 50_000;
const ASSIGN_EVENTS = full ? EVENTS : 500_000;
const assignTable = full ? table : generateSegmentTable(14, ASSIGN_USERS, ASSIGN_EVENTS, asOf);

const rows = generateEvents({ seed: 12, users: 10_000, events: 100_000, start: asOf - 90 * 86_400_000 });
const small = buildEventTable(rows);
const rng = createRandom(13);
const points = Array.from({ length: 100_000 }, () => [rng.nextFloat() * 90, rng.nextInt(20), rng.nextInt(500_000)]);

/** Benchmarks of siyu/segments. */
export const benchmarks: Benchmark[] = [
  { name: 'segments: computeSegmentMetricColumns (14 built-in metrics)', size, run: () => computeSegmentMetricColumns(BUILT_IN_SEGMENT_METRICS, table, { asOf }) },
  { name: 'segments: computeRfm (quintiles, 11 segments, 8 groups)', size, run: () => computeRfm(table, { asOf }) },
  {
    name: 'segments: assignSegments (default program: metrics, tags, RFM, pyramid, plan)',
    size: `${ASSIGN_USERS.toLocaleString('en')} users, ${ASSIGN_EVENTS.toLocaleString('en')} events`,
    run: () => assignSegments(program, { asOf, table: assignTable }),
  },
  { name: 'segments: assignSegments from ActivityEvents', size: '10,000 users, 100,000 events', run: () => assignSegments(program, { asOf, events: rows }) },
  { name: 'segments: assignSegments from a prebuilt table', size: '10,000 users, 100,000 events', run: () => assignSegments(program, { asOf, table: small }) },
  { name: 'segments: clusterKMeans (k = 5, 3 features)', size: '100,000 points', run: () => clusterKMeans(points, { k: 5, seed: 1, maxIterations: 50 }) },
];
