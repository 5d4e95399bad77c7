/**
 * A small, seeded sample of community activity: the same seed always gives the same users and
 * events, so the demo's output is reproducible.
 */
import { createRandom, type ActivityEvent } from 'siyu/core';

/** Options of {@link generateSample}. */
export interface SampleOptions {
  readonly seed: number | string;
  readonly users: number;
  /** First instant of the sample, epoch ms. */
  readonly start: number;
  readonly days: number;
}

const CHANNELS = ['douyin', 'xiaohongshu', 'store', 'referral'] as const;

/** Generates friend-adds, group joins, messages, check-ins and purchases for `users` users. */
export function generateSample(options: SampleOptions): ActivityEvent[] {
  const rng = createRandom(options.seed);
  const events: ActivityEvent[] = [];
  const dayMs = 86_400_000;
  let n = 0;
  const id = (): string => `e${String(++n).padStart(6, '0')}`;
  for (let u = 1; u <= options.users; u++) {
    const userId = `u${String(u).padStart(4, '0')}`;
    const channel = CHANNELS[rng.nextInt(CHANNELS.length)] ?? 'store';
    let t = options.start + rng.nextInt(options.days * dayMs);
    events.push({ id: id(), userId, type: 'add_friend', at: t, props: { channel } });
    if (rng.nextFloat() < 0.7) {
      t += rng.nextInt(3 * dayMs);
      events.push({ id: id(), userId, type: 'join_group', at: t, props: { channel } });
    }
    const activity = rng.nextInt(12);
    for (let k = 0; k < activity; k++) {
      t += rng.nextInt(4 * dayMs);
      const roll = rng.nextFloat();
      if (roll < 0.2) events.push({ id: id(), userId, type: 'purchase', at: t, amount: 1_900 + rng.nextInt(30_000), props: { channel } });
      else if (roll < 0.5) events.push({ id: id(), userId, type: 'check_in', at: t });
      else events.push({ id: id(), userId, type: 'message', at: t });
    }
  }
  return events.filter((e) => e.at < options.start + options.days * dayMs);
}
