import { buildEventTable } from '../src/core/index.js';
import type { Benchmark } from './harness.js';
import { generateEvents } from './generate.js';

const rows = generateEvents({ seed: 1, users: 10_000, events: 100_000 });

/** Benchmarks of siyu/core. */
export const benchmarks: Benchmark[] = [{ name: 'core: buildEventTable', size: `${rows.length.toLocaleString('en')} events`, run: () => buildEventTable(rows) }];
