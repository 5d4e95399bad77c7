/**
 * `npm run bench`: the comparison harness. Loads every `bench/compare/workloads/*.ts`, checks
 * that all implementations of each workload give identical canonical results, then times them
 * with runs interleaved (round-robin, rotating the order each round) in this one process and
 * prints one table: median, min, items/s, peak RSS (each implementation once more in a child
 * process of its own), and ratios to DuckDB threads=1 and to the workload's baseline, with the
 * issue's targets marked.
 *
 * Options: `--size 1e7|1e6|tiny` (default 1e7), `--rounds N` (default 5), `--filter text` (a
 * substring of workload names), `--no-memory` (skip the child processes), `--memory-only` (only
 * the peak-memory child processes, one line per implementation), `--json file`.
 * Without the bench package installed (`npm run bench:setup`), DuckDB, rrule and ml-kmeans are
 * skipped and the table says so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkImplementations, inputGroups, loadFactory, workloadFiles, type CheckState } from './harness.js';
import type { Workload, WorkloadContext } from './workload.js';


/** Parsed command line. */
interface Options {
  size: WorkloadContext['size'];
  rounds: number;
  filter: string;
  memory: boolean;
  memoryOnly: boolean;
  json: string | undefined;
  child: { module: string; workload: string; implementation: string } | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = get('--size') ?? '1e7';
  if (size !== 'tiny' && size !== '1e6' && size !== '1e7') throw new Error(`--size must be tiny, 1e6 or 1e7, received ${size}`);
  const child = get('--child-module');
  return {
    size,
    rounds: Number(get('--rounds') ?? (size === 'tiny' ? 1 : 5)),
    filter: get('--filter') ?? '',
    memory: !argv.includes('--no-memory') && size !== 'tiny',
    memoryOnly: argv.includes('--memory-only'),
    json: get('--json'),
    child: child === undefined ? undefined : { module: child, workload: get('--child-workload') ?? '', implementation: get('--child-implementation') ?? '' },
  };
}

/** A full garbage collection when node runs with --expose-gc (npm run bench does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** One row of the results table. */
interface Row {
  workload: string;
  implementation: string;
  medianMs: number;
  minMs: number;
  perSecond: number;
  unit: string;
  peakRssMb: number | null;
  dataAndWorkMb: number | null;
  vsDuckDb: number | null;
  vsBaseline: number | null;
  targets: string[];
}

function formatRate(x: number, unit: string): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)} M ${unit}/s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k ${unit}/s`;
  return `${x.toFixed(1)} ${unit}/s`;
}

/** Peak RSS of running one implementation once in a fresh process (MB), or null on failure. */
function measureMemory(options: Options, module: string, w: Workload, implementation: string): { peak: number; dataAndWork: number } | null {
  try {
    const out = execFileSync(
      process.execPath,
      [
        '--max-old-space-size=16384',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--size',
        options.size,
        '--child-module',
        module,
        '--child-workload',
        w.name,
        '--child-implementation',
        implementation,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    const last = out.trim().split('\n').pop() ?? '{}';
    return JSON.parse(last) as { peak: number; dataAndWork: number };
  } catch (error) {
    process.stderr.write(`memory: ${w.name} / ${implementation} failed: ${String(error)}\n`);
    return null;
  }
}

/**
 * The peak resident set of this process in bytes: VmHWM from /proc/self/status on Linux (the
 * high-water mark of this process image; `resourceUsage().maxRSS` would also count the memory of
 * the parent the child was forked from), else `resourceUsage().maxRSS`.
 */
function peakRssBytes(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}

async function runChild(options: Options): Promise<void> {
  const child = options.child as NonNullable<Options['child']>;
  const startRss = process.memoryUsage().rss;
  const factory = await loadFactory(child.module);
  const workloads = await factory({ size: options.size, withComparisons: true, onlyImplementation: child.implementation });
  const w = workloads.find((x) => x.name === child.workload);
  const impl = w?.implementations.find((i) => i.name === child.implementation);
  if (w === undefined || impl === undefined) throw new Error(`no ${child.workload} / ${child.implementation}`);
  await impl.run();
  const peak = peakRssBytes();
  for (const x of workloads) await x.close?.();
  process.stdout.write(`${JSON.stringify({ peak: peak / 2 ** 20, dataAndWork: (peak - startRss) / 2 ** 20 })}\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.child !== undefined) return runChild(options);
  const rows: Row[] = [];
  const notes: string[] = [];
  const all: { module: string; workload: Workload }[] = [];
  for (const file of workloadFiles()) {
    const t0 = performance.now();
    const workloads = await (await loadFactory(file))({ size: options.size, withComparisons: true });
    for (const w of workloads) if (w.name.includes(options.filter)) all.push({ module: file, workload: w });
    process.stderr.write(`${file}: prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  for (const { module, workload: w } of all) {
    if (options.memoryOnly) {
      for (const impl of w.implementations) {
        const mem = measureMemory(options, module, w, impl.name);
        console.log(`| ${w.name} | ${impl.name} | ${mem === null ? '–' : `${mem.peak.toFixed(0)} (${mem.dataAndWork.toFixed(0)})`} |`);
      }
      continue;
    }
    process.stderr.write(`${w.name}: checking ${w.implementations.length} implementations agree…\n`);
    const times = new Map<string, number[]>(w.implementations.map((i) => [i.name, []]));
    const state: CheckState = {};
    // One input form at a time: check, then time with runs interleaved, then free its inputs.
    for (const group of inputGroups(w)) {
      await checkImplementations(w, group.implementations, state, (name, ms) => process.stderr.write(`  ${name}: first run and check ${(ms / 1000).toFixed(1)} s\n`));
      for (let round = 0; round < options.rounds; round++) {
        for (let j = 0; j < group.implementations.length; j++) {
          const impl = group.implementations[(j + round) % group.implementations.length] as Workload['implementations'][number];
          const t0 = performance.now();
          await impl.run();
          (times.get(impl.name) as number[]).push(performance.now() - t0);
        }
        process.stderr.write(`${w.name} (${group.inputs}): round ${round + 1}/${options.rounds}\n`);
      }
      w.release?.(group.inputs);
      collectGarbage();
    }
    const med = (name: string | undefined): number | null => (name === undefined || !times.has(name) ? null : median(times.get(name) as number[]));
    const duck = med(w.duckdb);
    const base = med(w.baseline);
    for (const impl of w.implementations) {
      const ts = times.get(impl.name) as number[];
      const m = median(ts);
      const mem = options.memory ? measureMemory(options, module, w, impl.name) : null;
      const targets: string[] = [];
      for (const t of w.ratioTargets ?? []) {
        if (t.subject !== impl.name) continue;
        const versus = med(t.versus);
        if (versus === null) continue;
        const ratio = m / versus;
        targets.push(`≤ ${t.max}× ${t.versus}: ${ratio.toFixed(2)}× ${ratio <= t.max ? '✓' : '✗'}`);
      }
      for (const t of w.rateTargets ?? []) {
        if (t.subject !== impl.name) continue;
        const rate = w.items / (m / 1000);
        targets.push(`≥ ${formatRate(t.minPerSecond, w.unit)}: ${rate >= t.minPerSecond ? '✓' : '✗'}`);
      }
      rows.push({
        workload: w.name,
        implementation: impl.name,
        medianMs: m,
        minMs: Math.min(...ts),
        perSecond: w.items / (m / 1000),
        unit: w.unit,
        peakRssMb: mem?.peak ?? null,
        dataAndWorkMb: mem?.dataAndWork ?? null,
        vsDuckDb: duck === null ? null : m / duck,
        vsBaseline: base === null ? null : m / base,
        targets,
      });
    }
    if (w.duckdb === undefined && w.name.startsWith('funnel')) notes.push('DuckDB did not run (the tiny size has no CSV, or the bench package is not installed: `npm run bench:setup`).');
  }
  for (const { workload } of all) await workload.close?.();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nsiyu comparison benchmarks — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, size ${options.size}, ${options.rounds} interleaved rounds\n`);
  console.log('| workload | implementation | median ms | min ms | throughput | peak RSS MB (data + work) | × DuckDB t=1 | × baseline | target |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    const rss = r.peakRssMb === null ? '–' : `${r.peakRssMb.toFixed(0)} (${(r.dataAndWorkMb ?? 0).toFixed(0)})`;
    const ratio = (x: number | null): string => (x === null ? '–' : `${x.toFixed(2)}×`);
    console.log(
      `| ${r.workload} | ${r.implementation} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | ${formatRate(r.perSecond, r.unit)} | ${rss} | ${ratio(r.vsDuckDb)} | ${ratio(r.vsBaseline)} | ${r.targets.join('; ')} |`,
    );
  }
  for (const n of new Set(notes)) console.log(`\n${n}`);
  if (options.json !== undefined) writeFileSync(options.json, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu, size: options.size, rows }, null, 2));
}

await main();
