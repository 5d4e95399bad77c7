/** The seeded data generator shared by every benchmark. */
import { createRandom, type ActivityEvent } from '../src/core/index.js';

/** Options of {@link generateEvents}. */
export interface GenerateOptions {
  readonly seed: number;
  readonly users: number;
  readonly events: number;
  /** Event types to draw from, uniformly. */
  readonly types?: readonly string[];
  /** First instant; default 2026-01-01T00:00Z. */
  readonly start?: number;
  /** Span in days; default 90. */
  readonly days?: number;
}

/** `events` events in time order over `days` days from `start`, users and types drawn uniformly. */
export function generateEvents(options: GenerateOptions): ActivityEvent[] {
  const rng = createRandom(options.seed);
  const types = options.types ?? ['add_friend', 'join_group', 'message', 'purchase'];
  const start = options.start ?? Date.UTC(2026, 0, 1);
  const span = (options.days ?? 90) * 86_400_000;
  const step = span / options.events;
  const out: ActivityEvent[] = new Array(options.events);
  for (let i = 0; i < options.events; i++) {
    const type = types[rng.nextInt(types.length)] ?? 'message';
    const at = start + Math.floor(i * step);
    out[i] = { id: `e${i}`, userId: `u${rng.nextInt(options.users)}`, type, at, ...(type === 'purchase' ? { amount: 100 + rng.nextInt(50_000) } : {}) };
  }
  return out;
}
