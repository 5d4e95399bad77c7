/**
 * The comparison harness's vocabulary: a workload is one job (a funnel, a k-means fit, a year
 * of SOP tasks) done by several implementations on the same data in the same process. Every
 * implementation's result is reduced to a canonical, JSON-comparable form and all forms must be
 * identical before anything is timed.
 */

/** One way of doing a workload. */
export interface Implementation {
  /** Shown in the table: `siyu (EventTable)`, `DuckDB threads=1`, `hand-written typed arrays`, `rrule`… */
  readonly name: string;
  /** Runs the workload once on data prepared outside the timing; may be async (DuckDB). */
  readonly run: () => unknown;
  /**
   * The result of `run` in the workload's canonical form (plain JSON: numbers, strings, arrays).
   * Called outside the timing (it may query DuckDB again, or hash a large result).
   */
  readonly canonical: (result: unknown) => unknown | Promise<unknown>;
  /**
   * The input form it needs (`'columns'` when absent, or e.g. `'objects'`, `'strings'`).
   * Implementations are checked and timed in groups of one input form, the groups one after
   * the other, and `Workload.release(form)` frees a form's inputs when its group is done: ten
   * million event objects on the heap would otherwise make every other implementation pay for
   * marking them in each major garbage collection.
   */
  readonly inputs?: string;
}

/** A ratio target checked in the table: `time(subject) ≤ max × time(versus)`. */
export interface RatioTarget {
  readonly subject: string;
  readonly versus: string;
  readonly max: number;
}

/** An absolute throughput target: `items / median seconds ≥ min` for `subject`. */
export interface RateTarget {
  readonly subject: string;
  readonly minPerSecond: number;
}

/** A job done several ways. */
export interface Workload {
  /** `funnel: 4-step ordered, 7-day window`. */
  readonly name: string;
  /** Items one run processes (events, commands, tasks, points × iterations), for the per-second column. */
  readonly items: number;
  /** What the items are (`events`, `commands`, `tasks`). */
  readonly unit: string;
  readonly implementations: readonly Implementation[];
  /** The implementation every row's "× baseline" ratio is taken against (the hand-written typed-array code, or the library compared with). */
  readonly baseline: string;
  /** The implementation for the "× DuckDB t=1" column, when the workload has one. */
  readonly duckdb?: string;
  readonly ratioTargets?: readonly RatioTarget[];
  readonly rateTargets?: readonly RateTarget[];
  /** Frees the inputs built for one input form (see `Implementation.inputs`). */
  readonly release?: (inputs: string) => void;
  /** Frees whatever the workload holds (DuckDB connections). */
  readonly close?: () => void | Promise<void>;
}

/** What a workload module exports: a factory given the run's size and seed. */
export interface WorkloadContext {
  /** `tiny` for the smoke test, `1e6` or `1e7` for real runs. */
  readonly size: 'tiny' | '1e6' | '1e7';
  /** Whether optional comparison packages (DuckDB, rrule, ml-kmeans) may be loaded. */
  readonly withComparisons: boolean;
  /**
   * Set when only one implementation will run (the runner's peak-memory child process): a
   * factory may skip preparing what the others need (open no DuckDB for a siyu run).
   */
  readonly onlyImplementation?: string;
}

/** `export const createWorkloads: WorkloadFactory` in every `bench/compare/workloads/*.ts`. */
export type WorkloadFactory = (context: WorkloadContext) => Promise<readonly Workload[]>;

/**
 * Imports an optional comparison package of the bench package (bench/package.json) by name, or
 * `null` when it is not installed (`npm run bench:setup` installs it). The specifier is a
 * variable so the library's type-check does not need the package.
 */
export async function importOptional<T>(specifier: string): Promise<T | null> {
  try {
    return (await import(specifier)) as T;
  } catch {
    return null;
  }
}
