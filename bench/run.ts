/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `benchmarks`) on seeded data and
 * prints a table of medians. Pass a substring to run only matching benchmarks:
 * `npm run bench -- funnel`. Results are recorded in docs/performance.md.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './harness.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

const results: Record<string, string>[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(`${dir}${file}`).href)) as { benchmarks: Benchmark[] };
  for (const b of mod.benchmarks) {
    if (!b.name.includes(filter)) continue;
    b.run(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      b.run();
      times.push(performance.now() - t0);
    }
    results.push({ benchmark: b.name, size: b.size, 'median ms': median(times).toFixed(1), 'min ms': Math.min(...times).toFixed(1) });
  }
}
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.table(results);
