/**
 * The comparison data set: a seeded, deterministic event log of a brand's private-domain users,
 * written once per size to `bench/data/<size>/` (git-ignored) as raw little-endian columns plus
 * a CSV for DuckDB, and loaded back as typed arrays.
 *
 * Distributions (all draws from siyu's seeded sfc32 `createRandom(seed)`, users in id order):
 * - users: dense integer ids `0 … users − 1` (string form `u<id>`); 10⁶ users for the 10⁷ size,
 *   10⁵ for 10⁶, 2,000 for the tiny smoke size;
 * - arrival: uniform second in the 90 days from 2026-01-01T00:00Z; the user's `add_friend`;
 * - `join_group`: with probability 0.7, at arrival + Exponential(mean 1 day);
 * - active lifetime L ~ Exponential(mean 21 days) from arrival;
 * - `message`: Geometric count with mean 8.7, each at a uniform second of [arrival, arrival + L];
 * - `purchase`: with probability 0.4, 1 + Geometric(mean 0.8) of them, uniform in the same span;
 *   amount in fen = round(exp(ln 8000 + 0.9·N(0,1))), clamped to [100, 2,000,000];
 * - events after the 90 days are dropped; a user's events have distinct seconds (a collision
 *   moves to the next free second), so every implementation sees the same per-user order;
 * - rows in time order (counting sort by second; equal seconds keep user id order).
 * The sizes come out near, not exactly at, 10⁶ and 10⁷ events (the counts are drawn).
 */
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRandom, type ActivityEvent } from '../../src/core/index.js';

/** The four event types, in code order (`type[i]` indexes this). */
export const EVENT_TYPES = ['add_friend', 'join_group', 'message', 'purchase'] as const;
/** First instant of the data: 2026-01-01T00:00Z. */
export const DATA_START = Date.UTC(2026, 0, 1);
/** Span of the data in days. */
export const DATA_DAYS = 90;
const SECONDS = DATA_DAYS * 86_400;

/** The data set as raw columns (what a warehouse export or a Parquet reader hands over). */
export interface Dataset {
  readonly size: string;
  readonly users: number;
  readonly length: number;
  /** Per row: dense user id. */
  readonly user: Uint32Array;
  /** Per row: index into {@link EVENT_TYPES}. */
  readonly type: Uint32Array;
  /** Per row: epoch ms (whole seconds). */
  readonly at: Float64Array;
  /** Per row: amount in fen, `NaN` when the event has none. */
  readonly amount: Float64Array;
  /** Path of the CSV copy (`user,type,at,amount`) for DuckDB. */
  readonly csvPath: string;
}

/** Users per size. */
export const USERS_BY_SIZE = { tiny: 2_000, '1e6': 100_000, '1e7': 1_000_000 } as const;

/** Bytes of the raw columns (user u32, type u32, at f64, amount f64): 24 per event. */
export const rawColumnBytes = (d: Dataset): number => d.user.byteLength + d.type.byteLength + d.at.byteLength + d.amount.byteLength;

/** Exponential draw with the given mean. */
function exponential(u: number, mean: number): number {
  return -Math.log(1 - u) * mean;
}

/** Geometric count (0, 1, 2, …) with the given mean. */
function geometric(u: number, mean: number): number {
  const p = 1 / (mean + 1);
  return Math.floor(Math.log(1 - u) / Math.log(1 - p));
}

/** Generates the data set in memory (deterministic for a seed and user count). */
export function generateDataset(users: number, seed = 20261125): Omit<Dataset, 'size' | 'csvPath'> {
  const rng = createRandom(seed);
  let cap = users * 14 + 1024;
  let user = new Uint32Array(cap);
  let type = new Uint32Array(cap);
  let sec = new Uint32Array(cap);
  let amount = new Float64Array(cap);
  let n = 0;
  const used = new Set<number>();
  const push = (u: number, t: number, s: number, a: number): void => {
    if (s >= SECONDS) return;
    while (used.has(s)) s++;
    if (s >= SECONDS) return;
    used.add(s);
    if (n === cap) {
      cap *= 2;
      const grow = <T extends Uint32Array | Float64Array>(x: T, make: (c: number) => T): T => {
        const y = make(cap);
        y.set(x);
        return y;
      };
      user = grow(user, (c) => new Uint32Array(c));
      type = grow(type, (c) => new Uint32Array(c));
      sec = grow(sec, (c) => new Uint32Array(c));
      amount = grow(amount, (c) => new Float64Array(c));
    }
    user[n] = u;
    type[n] = t;
    sec[n] = s;
    amount[n] = a;
    n++;
  };
  for (let u = 0; u < users; u++) {
    used.clear();
    const arrival = rng.nextInt(SECONDS);
    push(u, 0, arrival, Number.NaN);
    if (rng.nextFloat() < 0.7) push(u, 1, arrival + Math.floor(exponential(rng.nextFloat(), 86_400)), Number.NaN);
    const life = Math.floor(exponential(rng.nextFloat(), 21 * 86_400));
    const messages = geometric(rng.nextFloat(), 8.7);
    for (let k = 0; k < messages; k++) push(u, 2, arrival + Math.floor(rng.nextFloat() * (life + 1)), Number.NaN);
    if (rng.nextFloat() < 0.4) {
      const purchases = 1 + geometric(rng.nextFloat(), 0.8);
      for (let k = 0; k < purchases; k++) {
        const s = arrival + Math.floor(rng.nextFloat() * (life + 1));
        // Box–Muller normal from two uniforms.
        const z = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
        const fen = Math.min(2_000_000, Math.max(100, Math.round(Math.exp(Math.log(8000) + 0.9 * z))));
        push(u, 3, s, fen);
      }
    }
  }
  // Counting sort by second; equal seconds keep generation (user id) order.
  const counts = new Uint32Array(SECONDS + 1);
  for (let i = 0; i < n; i++) {
    const k = (sec[i] as number) + 1;
    counts[k] = (counts[k] as number) + 1;
  }
  for (let s = 0; s < SECONDS; s++) counts[s + 1] = (counts[s + 1] as number) + (counts[s] as number);
  const outUser = new Uint32Array(n);
  const outType = new Uint32Array(n);
  const outAt = new Float64Array(n);
  const outAmount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = sec[i] as number;
    const r = counts[s] as number;
    counts[s] = r + 1;
    outUser[r] = user[i] as number;
    outType[r] = type[i] as number;
    outAt[r] = DATA_START + s * 1000;
    outAmount[r] = amount[i] as number;
  }
  return { users, length: n, user: outUser, type: outType, at: outAt, amount: outAmount };
}

const dataRoot = fileURLToPath(new URL('../data/', import.meta.url));

function writeCsv(path: string, d: Omit<Dataset, 'size' | 'csvPath'>): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'user,type,at,amount\n');
    const chunk = 100_000;
    for (let from = 0; from < d.length; from += chunk) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(d.length, from + chunk); i++) {
        const a = d.amount[i] as number;
        lines.push(`${d.user[i] as number},${EVENT_TYPES[d.type[i] as number] as string},${d.at[i] as number},${Number.isNaN(a) ? '' : a}\n`);
      }
      writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The data set of a size, generated and written to `bench/data/<size>/` on first use and read
 * back afterwards. The tiny size is generated in memory only (no CSV, no DuckDB).
 */
export function loadDataset(size: keyof typeof USERS_BY_SIZE): Dataset {
  const users = USERS_BY_SIZE[size];
  if (size === 'tiny') return { size, csvPath: '', ...generateDataset(users) };
  const dir = `${dataRoot}${size}/`;
  const csvPath = `${dir}events.csv`;
  if (!existsSync(`${dir}meta.json`)) {
    mkdirSync(dir, { recursive: true });
    const d = generateDataset(users);
    writeFileSync(`${dir}user.u32`, d.user);
    writeFileSync(`${dir}type.u32`, d.type);
    writeFileSync(`${dir}at.f64`, d.at);
    writeFileSync(`${dir}amount.f64`, d.amount);
    writeCsv(csvPath, d);
    writeFileSync(`${dir}meta.json`, JSON.stringify({ users, length: d.length, types: EVENT_TYPES, start: DATA_START, days: DATA_DAYS }));
  }
  const meta = JSON.parse(readFileSync(`${dir}meta.json`, 'utf8')) as { users: number; length: number };
  const read = <T>(file: string, make: (b: ArrayBuffer) => T): T => {
    const buf = readFileSync(`${dir}${file}`);
    // A fresh aligned buffer: Node's pooled Buffer may share and misalign its ArrayBuffer.
    const copy = new ArrayBuffer(buf.byteLength);
    new Uint8Array(copy).set(buf);
    return make(copy);
  };
  return {
    size,
    users: meta.users,
    length: meta.length,
    user: read('user.u32', (b) => new Uint32Array(b)),
    type: read('type.u32', (b) => new Uint32Array(b)),
    at: read('at.f64', (b) => new Float64Array(b)),
    amount: read('amount.f64', (b) => new Float64Array(b)),
    csvPath,
  };
}

/** The user ids as strings, `u<id>`, one per user (the dictionary of the columnar input). */
export function userIdStrings(d: Dataset): string[] {
  return Array.from({ length: d.users }, (_, u) => `u${u}`);
}

/** The data set as `ActivityEvent` objects (ids `e<row>`), as an app would hold them. */
export function toActivityEvents(d: Dataset, userIds: readonly string[]): ActivityEvent[] {
  const out = new Array<ActivityEvent>(d.length);
  for (let i = 0; i < d.length; i++) {
    const a = d.amount[i] as number;
    const userId = userIds[d.user[i] as number] as string;
    const type = EVENT_TYPES[d.type[i] as number] as string;
    out[i] = Number.isNaN(a) ? { id: `e${i}`, userId, type, at: d.at[i] as number } : { id: `e${i}`, userId, type, at: d.at[i] as number, amount: a };
  }
  return out;
}
