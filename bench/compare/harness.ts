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

/** The implementations of a workload by input form, in order of first appearance. */
export function inputGroups(w: Workload): { inputs: string; implementations: Workload['implementations'] }[] {
  const groups = new Map<string, Workload['implementations'][number][]>();
  for (const impl of w.implementations) {
    const key = impl.inputs ?? 'columns';
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [impl]);
    else list.push(impl);
  }
  return [...groups.entries()].map(([inputs, implementations]) => ({ inputs, implementations }));
}

/** A reference canonical result to check implementations against, group after group. */
export interface CheckState {
  reference?: { readonly name: string; readonly value: unknown };
}

/** Runs implementations once each and checks their canonical results agree with the reference; throws otherwise. */
export async function checkImplementations(
  w: Workload,
  implementations: Workload['implementations'],
  state: CheckState,
  onChecked?: (implementation: string, ms: number) => void,
): Promise<void> {
  for (const impl of implementations) {
    const t0 = performance.now();
    const value = await impl.canonical(await impl.run());
    onChecked?.(impl.name, performance.now() - t0);
    if (state.reference === undefined) state.reference = { name: impl.name, value };
    else if (!isDeepStrictEqual(state.reference.value, value)) {
      throw new Error(`${w.name}: '${impl.name}' disagrees with '${state.reference.name}': ${describeDifference(state.reference.value, value)}`);
    }
  }
}

/** Checks every implementation of a workload, input group by input group (releasing each). */
export async function checkWorkload(w: Workload, onChecked?: (implementation: string, ms: number) => void): Promise<void> {
  const state: CheckState = {};
  for (const group of inputGroups(w)) {
    await checkImplementations(w, group.implementations, state, onChecked);
    w.release?.(group.inputs);
  }
}
