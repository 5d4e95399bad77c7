/** What a benchmark file exports: `export const benchmarks: Benchmark[]`. */
export interface Benchmark {
  /** `module: what` */
  readonly name: string;
  /** The input size, in words (`1,000,000 events`). */
  readonly size: string;
  /** Runs the workload once; its inputs are built (seeded) before, outside the timing. */
  readonly run: () => unknown;
}
