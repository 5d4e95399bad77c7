/**
 * Daily retention computed in worker threads: users are split into shards, each worker folds its
 * shard into a partial state (`createRetentionAggregate(def).add`), the main thread merges the
 * partial states and finishes them — and checks the result equals the one-pass
 * `computeRetention` over all events.
 *
 *   npx tsx examples/shardedRetention.ts [--users 2000] [--shards 4]
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { toInstant, type ActivityEvent } from 'siyu/core';
import { computeRetention, createRetentionAggregate, type RetentionDefinitionInput, type RetentionPartial, type RetentionResult } from 'siyu/funnel';
import { generateSample } from './sample.js';

/** Friend-add cohorts per local day in Shanghai; a return is a message, check-in or order on day k (here: a message). */
export const shardedRetentionDefinition: RetentionDefinitionInput = {
  startEvent: { type: 'add_friend' },
  returnEvent: { type: 'message' },
  period: 'day',
  range: { from: '2026-09-01', to: '2026-09-30' },
  periods: 14,
  timeZone: 'Asia/Shanghai',
};

/** Splits events into `shards` groups by user, so that every user's events stay together. */
export function shardEventsByUser(events: readonly ActivityEvent[], shards: number): ActivityEvent[][] {
  const out: ActivityEvent[][] = Array.from({ length: shards }, () => []);
  for (const event of events) {
    let h = 0;
    for (let i = 0; i < event.userId.length; i++) h = (Math.imul(h, 31) + event.userId.charCodeAt(i)) >>> 0;
    out[h % shards]?.push(event);
  }
  return out;
}

// The worker is TypeScript: a small bootstrap loads it through tsx's API, whichever runner
// (tsx, vitest) started this process. Compiled to JavaScript, point the Worker at the .js file instead.
// (tsx's ESM API, resolved from this file so the bootstrap does not depend on the working directory.)
const tsxApi = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
const workerFile = new URL('./shardedRetentionWorker.ts', import.meta.url).href;
const WORKER_BOOTSTRAP = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(workerFile)}, ${JSON.stringify(workerFile)}));`;

function runWorker(definition: RetentionDefinitionInput, events: readonly ActivityEvent[]): Promise<RetentionPartial> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { definition, events } });
    worker.once('message', (partial: RetentionPartial) => {
      resolve(partial);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`retention worker exited with code ${code}`));
    });
  });
}

/** What {@link runShardedRetention} found. */
export interface ShardedRetentionRun {
  readonly events: number;
  readonly shards: number;
  readonly usersPerShard: readonly number[];
  readonly sharded: RetentionResult;
  readonly onePass: RetentionResult;
  /** Whether the merged result is deeply equal to the one-pass result. */
  readonly equal: boolean;
}

/** Generates a seeded sample, computes retention in `shards` worker threads and in one pass, and compares. */
export async function runShardedRetention(options: { readonly seed?: number; readonly users: number; readonly shards: number }): Promise<ShardedRetentionRun> {
  const events = generateSample({ seed: options.seed ?? 2026, users: options.users, start: toInstant('2026-09-01T00:00:00+08:00'), days: 45 });
  const shards = shardEventsByUser(events, options.shards);
  const aggregate = createRetentionAggregate(shardedRetentionDefinition);
  const partials = await Promise.all(shards.map((shard) => runWorker(shardedRetentionDefinition, shard)));
  const sharded = aggregate.finish(partials.reduce(aggregate.merge, aggregate.init()));
  const onePass = computeRetention(shardedRetentionDefinition, events);
  return {
    events: events.length,
    shards: options.shards,
    usersPerShard: shards.map((s) => new Set(s.map((e) => e.userId)).size),
    sharded,
    onePass,
    equal: isDeepStrictEqual(sharded, onePass),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '2000' }, shards: { type: 'string', default: '4' } } });
  const run = await runShardedRetention({ users: Number(values.users), shards: Number(values.shards) });
  console.log(`${run.events} events, ${run.shards} worker threads with ${run.usersPerShard.join(' / ')} users`);
  console.log(`mean retention D0–D14: ${run.sharded.meanRates.map((r) => `${(100 * r).toFixed(0)}%`).join(' ')}`);
  console.log(`merged partial states ${run.equal ? 'equal' : 'DIFFER FROM'} the one-pass computeRetention result`);
  if (!run.equal) process.exitCode = 1;
}
