import { describe, expect, it } from 'vitest';
import { runShardedRetention, shardEventsByUser } from '../../examples/shardedRetention.js';

describe('sharded retention in worker threads', () => {
  it('merging the workers’ partial states gives exactly the one-pass result', async () => {
    const run = await runShardedRetention({ seed: 5, users: 300, shards: 3 });
    expect(run.equal).toBe(true);
    expect(run.sharded).toEqual(run.onePass);
    expect(run.usersPerShard.reduce((s, n) => s + n, 0)).toBe(300);
    expect(run.usersPerShard.every((n) => n > 0)).toBe(true);
    expect(run.onePass.cohorts.reduce((s, c) => s + c.size, 0)).toBeGreaterThan(0);
  }, 20_000);

  it('keeps every user in one shard', () => {
    const events = ['a', 'b', 'a', 'c', 'b', 'a'].map((userId, i) => ({ id: `e${i}`, userId, type: 'message', at: i }));
    const shards = shardEventsByUser(events, 2);
    expect(shards.flat()).toHaveLength(6);
    const owner = new Map<string, number>();
    shards.forEach((shard, s) => {
      for (const e of shard) {
        expect(owner.get(e.userId) ?? s).toBe(s);
        owner.set(e.userId, s);
      }
    });
    expect(owner.size).toBe(3);
  });
});
