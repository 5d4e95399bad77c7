/**
 * The worker of examples/shardedRetention.ts: folds one shard's events into a retention partial
 * state (plain JSON) and posts it back. All events of a user are in the same shard.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseActivityEvents } from 'siyu/core';
import { createRetentionAggregate, type RetentionDefinitionInput } from 'siyu/funnel';

const { definition, events } = workerData as { definition: RetentionDefinitionInput; events: unknown };
const aggregate = createRetentionAggregate(definition);
parentPort?.postMessage(aggregate.add(aggregate.init(), parseActivityEvents(events)));
