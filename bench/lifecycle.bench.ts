import { buildEventTable } from '../src/core/index.js';
import { createCustomerLifecycle, replayLifecycle, replayLifecycleTable, type LifecycleEventInput } from '../src/lifecycle/index.js';
import type { Benchmark } from './harness.js';
import { generateEvents } from './generate.js';

const customers = createCustomerLifecycle();
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

// A columnar table: 20,000 customers, 200,000 events over 90 days (friend-adds, messages,
// purchases and group joins drawn uniformly; join_group is not a qualifying activity). The issue's
// 10⁶ customers / 10⁷ events is the same workload fifty times over: see docs/lifecycle.md.
const rows = generateEvents({ seed: 6, users: 20_000, events: 200_000, types: ['add_friend', 'message', 'purchase', 'join_group', 'message'] });
const table = buildEventTable(rows);
const until = START + 120 * DAY;

// One customer's long history: a friend-add, then 5,000 messages at irregular gaps (0–19 days).
const long: LifecycleEventInput<'friend_added' | 'activity'>[] = [{ type: 'friend_added', id: 'f', at: START }];
for (let i = 1, at = START; i <= 5_000; i++) {
  at += ((i * 7919) % 20) * DAY + 3_600_000;
  long.push({ type: 'activity', id: `m${i}`, at });
}
const longUntil = (long[long.length - 1]?.at as number) + 60 * DAY;

/** Benchmarks of siyu/lifecycle. */
export const benchmarks: Benchmark[] = [
  {
    name: 'lifecycle: replayLifecycleTable (customer preset)',
    size: `${table.userIds.length.toLocaleString('en')} customers, ${table.length.toLocaleString('en')} events`,
    run: () => replayLifecycleTable(customers, table, { until }),
  },
  {
    name: 'lifecycle: replayLifecycle (one customer, effects on)',
    size: `${long.length.toLocaleString('en')} events`,
    run: () => replayLifecycle(customers, long, { until: longUntil }),
  },
];
