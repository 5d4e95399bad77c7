/**
 * The comparison harness's shared pieces: finding the workload modules and checking that every
 * implementation of a workload gives the same canonical result. Used by run.ts and by the smoke
 * test (test/bench/compare.test.ts).
 */
import { readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Workload, WorkloadFactory } from './workload.js';

const workloadDir = fileURLToPath(new URL('./workloads/', import.meta.url));

/** One workload module's factory, by file name. */
export async function loadFactory(file: string): Promise<WorkloadFactory> {
  const mod = (await import(pathToFileURL(`${workloadDir}${file}`).href)) as { createWorkloads: WorkloadFactory };
  return mod.createWorkloads;
}

/** The workload module files, sorted. */
export function workloadFiles(): string[] {
  return readdirSync(workloadDir).filter((f) => f.endsWith('.ts')).sort();
}

/** A short description of where two canonical results differ. */
function describeDifference(a: unknown, b: unknown, path = '$'): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(x, y)) return describeDifference(x, y, `${path}.${key}`);
  }
  return `${path}: differ`;
}

/** Runs every implementation once and checks the canonical results agree; throws otherwise. */
export async function checkWorkload(w: Workload): Promise<void> {
  let reference: { name: string; value: unknown } | undefined;
  for (const impl of w.implementations) {
    const value = await impl.canonical(await impl.run());
    if (reference === undefined) reference = { name: impl.name, value };
    else if (!isDeepStrictEqual(reference.value, value)) {
      throw new Error(`${w.name}: '${impl.name}' disagrees with '${reference.name}': ${describeDifference(reference.value, value)}`);
    }
  }
}

