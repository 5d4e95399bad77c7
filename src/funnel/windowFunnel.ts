/**
 * Funnels: ordered, strict and unordered, with a conversion window, a step-1 anchor,
 * exclusions, a first-touch breakdown and a date range; unique users per step, conversion
 * rates and times between steps. Runs on the columnar `EventTable` (arrays are converted once).
 *
 * @module
 */
import { computeQuantiles, readField, type EventTable } from '../core/index.js';
import type { AnalyticsInput, MergeableAggregate } from './aggregate.js';
import { tableRecord, toEventTable } from './eventInput.js';
import { compileMatchers, matchersReadProps, matchRows, matchTypes } from './eventMatch.js';
import { funnelWindowMs, parseFunnelDefinition, type FunnelDefinition, type FunnelDefinitionInput } from './schema.js';
import { groupRowsByUser } from './userRows.js';
import { keepTouched, touchAheadPays, TOUCH_AHEAD_ROWS } from './touchAhead.js';

/** One step of a {@link FunnelResult}. */
export interface FunnelStepResult {
  /** The step's index, 0-based. */
  readonly index: number;
  /** The step's name (its event type unless named). */
  readonly name: string;
  /** Unique users who reached this step (and so every earlier one). */
  readonly count: number;
  /** `count ÷ previous step's count`; 1 for step 0 when anyone entered; 0 when the previous count is 0. Unrounded. */
  readonly conversionFromPrevious: number;
  /** `count ÷ step 0's count`; 0 when nobody entered. Unrounded. */
  readonly conversionFromFirst: number;
  /** Mean ms from the previous step to this one over the users who reached it; `null` for step 0 or nobody. */
  readonly meanTimeFromPreviousMs: number | null;
  /** Median of the same (mean of the two middle values for an even count); `null` likewise. */
  readonly medianTimeFromPreviousMs: number | null;
  /** With `includeUserIds`: users who reached the previous step but not this one, sorted. */
  readonly droppedUserIds?: readonly string[];
}

/** One breakdown value's funnel. */
export interface FunnelBreakdownResult {
  /** The breakdown field's value on the user's first step-1 event (scalars as strings); `null` when absent. */
  readonly value: string | null;
  /** The funnel of the users with that value. */
  readonly steps: readonly FunnelStepResult[];
}

/** The result of {@link computeFunnel}. */
export interface FunnelResult {
  /** Per step, over all users. */
  readonly steps: readonly FunnelStepResult[];
  /** Per breakdown value (when the definition has a breakdown), by step-0 count descending, then value. */
  readonly breakdown?: readonly FunnelBreakdownResult[];
  /** Users dropped from the whole funnel by an exclusion. */
  readonly excludedUsers: number;
}

/** Options of {@link computeFunnel} and {@link createFunnelAggregate}. */
export interface FunnelOptions {
  /** Report `droppedUserIds` per step (and keep user ids in partial states). Default false. */
  readonly includeUserIds?: boolean;
}

/** One breakdown group of a {@link FunnelPartial}. */
export interface FunnelPartialGroup {
  /** Breakdown value (`null` without a breakdown or when absent). */
  readonly value: string | null;
  /** Per step: users who reached it. */
  readonly counts: readonly number[];
  /** Per step: every user's ms from the previous step (empty for step 0), unsorted. */
  readonly timesFromPrevious: readonly (readonly number[])[];
  /** With `includeUserIds`: per step, users whose furthest step it is. */
  readonly stoppedUserIds?: readonly (readonly string[])[];
}

/** The mergeable partial state of a funnel (plain JSON). */
export interface FunnelPartial {
  /** Groups by breakdown value, sorted by value (`null` first). */
  readonly groups: readonly FunnelPartialGroup[];
  /** Users excluded so far. */
  readonly excludedUsers: number;
}


interface MutableGroup {
  value: string | null;
  counts: number[];
  times: number[][];
  stopped: string[][] | undefined;
}

function emptyGroup(value: string | null, steps: number, withIds: boolean): MutableGroup {
  return {
    value,
    counts: new Array<number>(steps).fill(0),
    times: Array.from({ length: steps }, () => []),
    stopped: withIds ? Array.from({ length: steps }, () => []) : undefined,
  };
}

function thawGroup(g: FunnelPartialGroup, withIds: boolean): MutableGroup {
  return {
    value: g.value,
    counts: [...g.counts],
    times: g.timesFromPrevious.map((t) => [...t]),
    stopped: withIds ? (g.stoppedUserIds ?? g.counts.map(() => [])).map((s) => [...s]) : undefined,
  };
}

function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function freeze(groups: Map<string | null, MutableGroup>, excludedUsers: number): FunnelPartial {
  const list = [...groups.values()].sort((a, b) => compareValues(a.value, b.value));
  return {
    groups: list.map((g) => ({
      value: g.value,
      counts: g.counts,
      timesFromPrevious: g.times,
      ...(g.stopped === undefined ? {} : { stoppedUserIds: g.stopped }),
    })),
    excludedUsers,
  };
}

/** A breakdown value as a string key: strings as is, numbers and booleans stringified, else null. */
function breakdownKey(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Index of the lowest set bit (32 for 0): the first step an event can satisfy. */
function lowestBit(mask: number): number {
  return mask === 0 ? 32 : 31 - Math.clz32(mask & -mask);
}

/** Per-user scratch buffers, reused across users. */
interface Scratch {
  list: Int32Array;
  /** One user's level block (see {@link LevelConfig}). */
  levels: Float64Array;
  /** The block's `best` part (a view), or the unordered run's matched times. */
  best: Float64Array;
}

/**
 * Orders one user's rows by (time, first step the row can satisfy, event id — or row without
 * ids) and drops repeats of an event id at the same instant. Returns the row count written to `scratch.list`.
 */
function orderUserRows(table: EventTable, rows: Uint32Array, from: number, to: number, masks: Uint32Array, scratch: Scratch): number {
  const at = table.at;
  let len = 0;
  let i = from;
  while (i < to) {
    let j = i + 1;
    const t = at[rows[i] as number] as number;
    while (j < to && at[rows[j] as number] === t) j++;
    if (j - i === 1) {
      scratch.list[len++] = rows[i] as number;
    } else {
      const run = Array.from(rows.subarray(i, j));
      const ids = table.eventIds;
      run.sort((a, b) => {
        const d = lowestBit(masks[a] as number) - lowestBit(masks[b] as number);
        if (d !== 0 || ids === undefined) return d || a - b;
        const ia = ids[a] as string;
        const ib = ids[b] as string;
        return ia < ib ? -1 : ia > ib ? 1 : 0;
      });
      // Without event ids every row is a distinct event; with them, a repeated id counts once.
      const seen = new Set<string>();
      for (const r of run) {
        if (ids !== undefined) {
          const id = ids[r] as string;
          if (seen.has(id)) continue;
          seen.add(id);
        }
        scratch.list[len++] = r;
      }
    }
    i = j;
  }
  return len;
}

/**
 * The fixed parameters of the ordered and strict level machine, and the layout of a user's
 * level block: `[start (n) | times (T) | best (n)]`, where slot k keeps the step-1 time of the
 * path held at level k (`start[k]`, NaN when none) and that path's step times packed
 * triangularly (`times[k(k+1)/2 + j]`, j ≤ k, T = n(n+1)/2), and `best` the times of the first
 * path that reached the furthest level.
 */
interface LevelConfig {
  /** Steps. */
  readonly n: number;
  /** The funnel window, ms from the step-1 event. */
  readonly windowMs: number;
  /** Per step: its deadline from the step-1 event. */
  readonly stepMs: Float64Array;
  readonly anchorFirst: boolean;
  readonly strict: boolean;
  /** Offset of `times` in a block (= n). */
  readonly timesAt: number;
  /** Offset of `best` (= n + T). */
  readonly bestAt: number;
  /** Block length. */
  readonly stride: number;
}

/** The layout of a level block for n steps. */
function levelLayout(n: number): Pick<LevelConfig, 'timesAt' | 'bestAt' | 'stride'> {
  const T = (n * (n + 1)) / 2;
  return { timesAt: n, bestAt: n + T, stride: 2 * n + T };
}

/**
 * Applies one event (step bits `m`, time `t`) to a user's level block for an ordered funnel:
 * each step the event can satisfy, highest first, so it extends a path by at most one step; a
 * level keeps the path with the latest step-1 time (the one with the most time left). Returns
 * the user's furthest level (−1 = never entered) given the previous one.
 */
function applyEventToLevels(block: Float64Array, m: number, t: number, reached: number, c: LevelConfig): number {
  const times = c.timesAt;
  const best = c.bestAt;
  let bits = (m & ~1) >>> 0;
  while (bits !== 0) {
    const k = 31 - Math.clz32(bits);
    bits = (bits ^ (1 << k)) >>> 0;
    const st = block[k - 1] as number;
    if (st !== st || t - st > (c.stepMs[k] as number)) continue;
    const cur = block[k] as number;
    if (cur === cur && st <= cur) continue;
    const src = times + ((k - 1) * k) / 2;
    const dst = times + (k * (k + 1)) / 2;
    for (let j = 0; j < k; j++) block[dst + j] = block[src + j] as number;
    block[dst + k] = t;
    block[k] = st;
    if (k > reached) {
      reached = k;
      for (let j = 0; j <= k; j++) block[best + j] = block[dst + j] as number;
    }
  }
  if ((m & 1) === 1) {
    const s0 = block[0] as number;
    if (!c.anchorFirst || s0 !== s0 || t - s0 > c.windowMs) {
      block[0] = t;
      block[times] = t;
    }
    if (reached < 0) {
      reached = 0;
      block[best] = t;
    }
  }
  return reached;
}

/**
 * {@link applyEventToLevels} for a strict funnel: a level whose step this event does not
 * extend is broken, and the event restarts step 1 or breaks it too.
 */
function applyEventToStrictLevels(block: Float64Array, m: number, t: number, reached: number, c: LevelConfig): number {
  const times = c.timesAt;
  const best = c.bestAt;
  for (let k = c.n - 1; k >= 1; k--) {
    const st = block[k - 1] as number;
    if (((m >>> k) & 1) === 1 && st === st && t - st <= (c.stepMs[k] as number)) {
      const src = times + ((k - 1) * k) / 2;
      const dst = times + (k * (k + 1)) / 2;
      for (let j = 0; j < k; j++) block[dst + j] = block[src + j] as number;
      block[dst + k] = t;
      block[k] = st;
      if (k > reached) {
        reached = k;
        for (let j = 0; j <= k; j++) block[best + j] = block[dst + j] as number;
      }
    } else {
      block[k] = Number.NaN;
    }
  }
  if ((m & 1) === 1) {
    block[0] = t;
    block[times] = t;
    if (reached < 0) {
      reached = 0;
      block[best] = t;
    }
  } else {
    block[0] = Number.NaN;
  }
  return reached;
}

/**
 * Ordered and strict funnels over one user's ordered rows (in `s.list`). Returns the furthest
 * level (−1 = never entered); `s.best` holds the times of the first path that reached it.
 */
function runSequential(len: number, masks: Uint32Array, at: Float64Array, c: LevelConfig, s: Scratch): number {
  const block = s.levels;
  block.fill(Number.NaN, 0, c.n);
  let reached = -1;
  for (let i = 0; i < len; i++) {
    const r = s.list[i] as number;
    const m = masks[r] as number;
    if (m === 0) {
      if (c.strict) block.fill(Number.NaN, 0, c.n);
      continue;
    }
    reached = c.strict ? applyEventToStrictLevels(block, m, at[r] as number, reached, c) : applyEventToLevels(block, m, at[r] as number, reached, c);
  }
  return reached;
}

/** Row masks: per row (`masks`), or, when only types matter, per type (`typeBits[type[r]]`). */
interface RowMasks {
  readonly masks: Uint32Array | undefined;
  readonly typeBits: Uint32Array;
}

/** Longest deadline (ms) the one pass can hold: step times are kept as 32-bit offsets. */
const ONE_PASS_MAX_WINDOW_MS = 0xffff_ffff;

/**
 * The one pass's per-user block, in 32-bit words (`stride` of them, even, so each block starts
 * on a double): doubles `start[0 … n−2]` (the step-1 time of the path held at level k, NaN when
 * none) and `lastAt` (the user's last matched instant, for the tie check); then, as unsigned
 * ms after the path's step-1 event, each level k ≤ n−2 path's step times `d₁ … d_k` (packed
 * triangularly from `levelsAt`), the first path to reach the furthest level (`best`, n−1
 * words) and that level (`reached`, −1 = never entered). The last level keeps no path: reaching
 * it only ever matters once. For 4 steps a block is 16 words, one 64-byte cache line.
 */
interface OnePassLayout {
  readonly lastAt: number;
  readonly levelsAt: number;
  readonly bestAt: number;
  readonly reachedAt: number;
  readonly stride: number;
}

function onePassLayout(n: number): OnePassLayout {
  const levelsAt = 2 * n;
  const bestAt = levelsAt + ((n - 2) * (n - 1)) / 2;
  const reachedAt = bestAt + n - 1;
  return { lastAt: n - 1, levelsAt, bestAt, reachedAt, stride: (reachedAt + 2) & ~1 };
}

/**
 * Ordered (not strict) funnels in one pass over the table in time order, every user's block
 * ({@link OnePassLayout}) side by side in one buffer: no grouping by user, and an event touches
 * one cache line. The same level machine as {@link applyEventToLevels}, with step times as
 * offsets from the path's step-1 event. Returns the blocks as words, or `null` when some user has two
 * matched rows at the same instant: those need the per-user ordering by step and event id
 * (the caller then takes the grouped path).
 */
function runOnePass(table: EventTable, rowMask: RowMasks, c: LevelConfig, o: OnePassLayout): Uint32Array | null {
  const users = table.userIds.length;
  const { n, stepMs, windowMs, anchorFirst } = c;
  const { stride, lastAt, levelsAt, bestAt, reachedAt } = o;
  const buffer = new ArrayBuffer(users * stride * 4);
  const words = new Uint32Array(buffer);
  const reachedOf = new Int32Array(buffer);
  const doubles = new Float64Array(buffer);
  const half = stride >> 1;
  for (let u = 0; u < users; u++) {
    for (let f = u * half, end = f + n; f < end; f++) doubles[f] = Number.NaN;
    reachedOf[u * stride + reachedAt] = -1;
  }
  const { user, at, type } = table;
  const { masks, typeBits } = rowMask;
  const rows = table.length;
  // Touch the next rows' user blocks before updating them (see touchAhead.ts).
  const ahead = masks === undefined && touchAheadPays(buffer.byteLength, type, typeBits, rows);
  let touched = 0;
  for (let r = 0; r < rows; r++) {
    if (ahead && r % TOUCH_AHEAD_ROWS === 0) {
      for (let q = r, end = Math.min(rows, r + TOUCH_AHEAD_ROWS); q < end; q++) touched ^= reachedOf[(user[q] as number) * stride + reachedAt] as number;
    }
    const m = masks === undefined ? (typeBits[type[r] as number] as number) : (masks[r] as number);
    if (m === 0) continue;
    const u = user[r] as number;
    const f = u * half;
    const w = u * stride;
    const t = at[r] as number;
    if (doubles[f + lastAt] === t) return null;
    doubles[f + lastAt] = t;
    let reached = reachedOf[w + reachedAt] as number;
    let bits = (m & ~1) >>> 0;
    while (bits !== 0) {
      const k = 31 - Math.clz32(bits);
      bits = (bits ^ (1 << k)) >>> 0;
      const st = doubles[f + k - 1] as number;
      if (st !== st || t - st > (stepMs[k] as number)) continue;
      // The level k − 1 path's offsets, then this step's.
      const src = w + levelsAt + ((k - 2) * (k - 1)) / 2;
      if (k < n - 1) {
        const cur = doubles[f + k] as number;
        if (cur === cur && st <= cur) continue;
        const dst = w + levelsAt + ((k - 1) * k) / 2;
        for (let j = 0; j < k - 1; j++) words[dst + j] = words[src + j] as number;
        words[dst + k - 1] = t - st;
        doubles[f + k] = st;
        if (k > reached) {
          reached = k;
          for (let j = 0; j < k; j++) words[w + bestAt + j] = words[dst + j] as number;
        }
      } else if (k > reached) {
        reached = k;
        for (let j = 0; j < k - 1; j++) words[w + bestAt + j] = words[src + j] as number;
        words[w + bestAt + k - 1] = t - st;
      }
    }
    if ((m & 1) === 1) {
      if (n > 1) {
        const s0 = doubles[f] as number;
        if (!anchorFirst || s0 !== s0 || t - s0 > windowMs) doubles[f] = t;
      }
      if (reached < 0) reached = 0;
    }
    reachedOf[w + reachedAt] = reached;
  }
  keepTouched(touched);
  return words;
}

/**
 * Unordered funnels: for every possible first event (in range), the most distinct steps that
 * events within the window can satisfy, one event per step (a maximum bipartite matching, each
 * step trying the earliest events first). Returns the furthest level; `best` holds the matched
 * events' times, ascending.
 */
function runUnordered(len: number, masks: Uint32Array, at: Float64Array, n: number, windowMs: number, canAnchor: (row: number) => boolean, s: Scratch): number {
  const { list, best } = s;
  let reached = -1;
  const matchOf: number[] = [];
  const seen: number[] = [];
  let stamp = 0;
  let base = 0;
  let w = 0;
  const tryStep = (step: number): boolean => {
    for (let e = 0; e < w; e++) {
      if ((((masks[list[base + e] as number] as number) >>> step) & 1) === 1 && seen[e] !== stamp) {
        seen[e] = stamp;
        const other = matchOf[e] as number;
        if (other === -1 || tryStep(other)) {
          matchOf[e] = step;
          return true;
        }
      }
    }
    return false;
  };
  for (let i = 0; i < len && reached < n - 1; i++) {
    const anchor = list[i] as number;
    const am = masks[anchor] as number;
    if (am === 0 || !canAnchor(anchor)) continue;
    const t0 = at[anchor] as number;
    let end = i + 1;
    let union = am;
    while (end < len && (at[list[end] as number] as number) - t0 <= windowMs) union |= masks[list[end++] as number] as number;
    // No matching can beat `reached` when the window holds too few distinct steps.
    if (popCount(union) - 1 <= reached) continue;
    base = i + 1;
    w = end - base;
    for (let a = 0; a < n; a++) {
      if (((am >>> a) & 1) === 0) continue;
      matchOf.length = w;
      matchOf.fill(-1);
      seen.length = w;
      let size = 1;
      for (let step = 0; step < n; step++) {
        if (step === a) continue;
        stamp++;
        if (tryStep(step)) size++;
      }
      if (size - 1 > reached) {
        reached = size - 1;
        best[0] = t0;
        let k = 1;
        for (let e = 0; e < w; e++) if (matchOf[e] !== -1) best[k++] = at[list[base + e] as number] as number;
      }
      if (reached === n - 1) break;
    }
  }
  return reached;
}

/** Number of set bits. */
function popCount(mask: number): number {
  let x = mask - ((mask >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The compiled, reusable form of a funnel definition. */
interface CompiledFunnel {
  readonly def: FunnelDefinition;
  readonly windowMs: number;
  readonly withIds: boolean;
  readonly addTo: (groups: Map<string | null, MutableGroup>, input: AnalyticsInput) => number;
}

function compileFunnel(def: FunnelDefinition, options: FunnelOptions): CompiledFunnel {
  const n = def.steps.length;
  const windowMs = funnelWindowMs(def.window);
  // Each step's deadline from the step-1 event: the funnel window, or the step's tighter `within`.
  const stepMs = Float64Array.from(def.steps, (step) => (step.within === undefined ? windowMs : funnelWindowMs(step.within)));
  const withIds = options.includeUserIds === true;
  const stepMatchers = compileMatchers(def.steps);
  const exclusionMatchers = compileMatchers(def.exclusions);
  const needsProps =
    matchersReadProps(def.steps) ||
    matchersReadProps(def.exclusions) ||
    (def.breakdown !== undefined && (def.breakdown.field === 'props' || def.breakdown.field.startsWith('props.')));
  const strict = def.order === 'strict';
  const unordered = def.order === 'unordered';
  const anchorFirst = def.anchor === 'first';
  const range = def.dateRange;

  const levels: LevelConfig = { n, windowMs, stepMs, anchorFirst, strict, ...levelLayout(n) };
  // Ordered funnels without exclusions or a breakdown need nothing but each user's level slots.
  const canRunOnePass = !unordered && !strict && def.exclusions.length === 0 && def.breakdown === undefined && windowMs <= ONE_PASS_MAX_WINDOW_MS;
  const onePass = onePassLayout(n);

  /** Counts user u (furthest level `reached`, path times `best`) into its group. */
  const record = (groups: Map<string | null, MutableGroup>, key: string | null, reached: number, best: Float64Array, userId: string): void => {
    let group = groups.get(key);
    if (group === undefined) {
      group = emptyGroup(key, n, withIds);
      groups.set(key, group);
    }
    for (let k = 0; k <= reached; k++) {
      group.counts[k] = (group.counts[k] as number) + 1;
      if (k > 0) (group.times[k] as number[]).push((best[k] as number) - (best[k - 1] as number));
    }
    if (group.stopped !== undefined) (group.stopped[reached] as string[]).push(userId);
  };

  /** Counts every user of a one-pass run into the (single) group; no exclusions, so 0 excluded. */
  const recordOnePass = (groups: Map<string | null, MutableGroup>, table: EventTable, words: Uint32Array): number => {
    const { stride, bestAt, reachedAt } = onePass;
    const reachedOf = new Int32Array(words.buffer);
    let group = groups.get(null);
    if (group === undefined) {
      group = emptyGroup(null, n, withIds);
      groups.set(null, group);
    }
    const { counts, times, stopped } = group;
    for (let u = 0; u < table.userIds.length; u++) {
      const w = u * stride;
      const reached = reachedOf[w + reachedAt] as number;
      if (reached < 0) continue;
      counts[0] = (counts[0] as number) + 1;
      let previous = 0;
      for (let k = 1; k <= reached; k++) {
        counts[k] = (counts[k] as number) + 1;
        const offset = words[w + bestAt + k - 1] as number;
        (times[k] as number[]).push(offset - previous);
        previous = offset;
      }
      if (stopped !== undefined) (stopped[reached] as string[]).push(table.userIds[u] as string);
    }
    return 0;
  };

  const addTo = (groups: Map<string | null, MutableGroup>, input: AnalyticsInput): number => {
    const table = toEventTable(input, needsProps);
    const at = table.at;
    // Type-only steps over the whole table: the one pass reads each row's bits by its type.
    const typeBits = canRunOnePass && range === undefined ? matchTypes(table, stepMatchers) : undefined;
    if (typeBits !== undefined) {
      const run = runOnePass(table, { masks: undefined, typeBits }, levels, onePass);
      if (run !== null) return recordOnePass(groups, table, run);
    }
    const masks = matchRows(table, stepMatchers);
    const exclusionMasks = def.exclusions.length > 0 ? matchRows(table, exclusionMatchers) : undefined;
    const inRange = (r: number): boolean => range === undefined || ((at[r] as number) >= range.from && (at[r] as number) < range.to);
    if (range !== undefined) {
      for (let r = 0; r < table.length; r++) {
        if (inRange(r)) continue;
        if (range.mode === 'all') {
          masks[r] = 0;
          if (exclusionMasks !== undefined) exclusionMasks[r] = 0;
        } else if (!unordered) {
          // Entry mode: out-of-range events cannot be step 1 (unordered checks the anchor instead).
          masks[r] = (masks[r] as number) & ~1;
        }
      }
    }
    if (canRunOnePass && typeBits === undefined) {
      const run = runOnePass(table, { masks, typeBits: new Uint32Array(0) }, levels, onePass);
      if (run !== null) return recordOnePass(groups, table, run);
    }
    const keep = strict ? new Uint32Array(table.length).fill(1) : new Uint32Array(table.length);
    if (!strict) for (let r = 0; r < table.length; r++) keep[r] = (masks[r] as number) | (exclusionMasks?.[r] ?? 0);
    if (strict && range?.mode === 'all') for (let r = 0; r < table.length; r++) if (!inRange(r)) keep[r] = 0;
    const byUser = groupRowsByUser(table, keep);
    let maxRows = 0;
    for (let u = 0; u < table.userIds.length; u++) maxRows = Math.max(maxRows, (byUser.start[u + 1] as number) - (byUser.start[u] as number));
    const block = new Float64Array(levels.stride);
    const scratch: Scratch = { list: new Int32Array(maxRows), levels: block, best: block.subarray(levels.bestAt, levels.bestAt + n) };
    const canAnchor = range?.mode === 'entry' ? inRange : (): boolean => true;
    let excluded = 0;
    for (let u = 0; u < table.userIds.length; u++) {
      const from = byUser.start[u] as number;
      const to = byUser.start[u + 1] as number;
      if (from === to) continue;
      const len = orderUserRows(table, byUser.rows, from, to, masks, scratch);
      const reached = unordered ? runUnordered(len, masks, at, n, windowMs, canAnchor, scratch) : runSequential(len, masks, at, levels, scratch);
      if (reached < 0) continue;
      const best = scratch.best;
      if (exclusionMasks !== undefined && isExcluded(def, reached, best, stepMs, scratch.list, len, exclusionMasks, at)) {
        excluded++;
        continue;
      }
      let key: string | null = null;
      if (def.breakdown !== undefined) {
        const field = def.breakdown.field;
        for (let i = 0; i < len; i++) {
          const r = scratch.list[i] as number;
          const m = masks[r] as number;
          if (unordered ? m !== 0 && canAnchor(r) : (m & 1) === 1) {
            key = breakdownKey(readField(tableRecord(table, r), field));
            break;
          }
        }
      }
      record(groups, key, reached, best, table.userIds[u] as string);
    }
    return excluded;
  };
  return { def, windowMs, withIds, addTo };
}

/** Whether an exclusion event falls strictly after the path's `fromStep` and before its `toStep` (or `toStep`'s deadline). */
function isExcluded(
  def: FunnelDefinition,
  reached: number,
  best: Float64Array,
  stepMs: Float64Array,
  list: Int32Array,
  len: number,
  exclusionMasks: Uint32Array,
  at: Float64Array,
): boolean {
  for (let x = 0; x < def.exclusions.length; x++) {
    const ex = def.exclusions[x] as FunnelDefinition['exclusions'][number];
    if (reached < ex.fromStep) continue;
    const lo = best[ex.fromStep] as number;
    const reachedTo = reached >= ex.toStep;
    const hi = reachedTo ? (best[ex.toStep] as number) : (best[0] as number) + (stepMs[ex.toStep] as number);
    for (let i = 0; i < len; i++) {
      const r = list[i] as number;
      if ((((exclusionMasks[r] as number) >>> x) & 1) === 0) continue;
      const t = at[r] as number;
      if (t > lo && (t < hi || (!reachedTo && t === hi))) return true;
    }
  }
  return false;
}

/** Every group's times from the previous step for step k: the one group's own list, or all of them in one array. */
function stepTimes(groups: readonly FunnelPartialGroup[], k: number): ArrayLike<number> {
  if (groups.length === 1) return groups[0]?.timesFromPrevious[k] ?? [];
  let total = 0;
  for (const g of groups) total += g.timesFromPrevious[k]?.length ?? 0;
  const all = new Float64Array(total);
  let at = 0;
  for (const g of groups) {
    const times = g.timesFromPrevious[k] ?? [];
    for (let i = 0; i < times.length; i++) all[at++] = times[i] as number;
  }
  return all;
}

function finishSteps(def: FunnelDefinition, groups: readonly FunnelPartialGroup[], withIds: boolean): FunnelStepResult[] {
  const n = def.steps.length;
  const counts = new Array<number>(n).fill(0);
  const stopped: string[][] = Array.from({ length: n }, () => []);
  for (const g of groups) {
    for (let k = 0; k < n; k++) {
      counts[k] = (counts[k] as number) + (g.counts[k] ?? 0);
      if (withIds) for (const id of g.stoppedUserIds?.[k] ?? []) (stopped[k] as string[]).push(id);
    }
  }
  const first = counts[0] as number;
  return def.steps.map((step, k) => {
    const count = counts[k] as number;
    const previous = k === 0 ? first : (counts[k - 1] as number);
    const ts = stepTimes(groups, k);
    let sum = 0;
    for (let i = 0; i < ts.length; i++) sum += ts[i] as number;
    // Type-7 median: the middle value, or the mean of the two middle values (exact for integer ms).
    const median = ts.length === 0 ? null : (computeQuantiles(ts, [0.5])[0] as number);
    return {
      index: k,
      name: step.name ?? step.type,
      count,
      conversionFromPrevious: previous === 0 ? 0 : count / previous,
      conversionFromFirst: first === 0 ? 0 : count / first,
      meanTimeFromPreviousMs: ts.length === 0 ? null : sum / ts.length,
      medianTimeFromPreviousMs: median,
      ...(withIds ? { droppedUserIds: k === 0 ? [] : (stopped[k - 1] as string[]).sort() } : {}),
    };
  });
}

/** The mergeable form of {@link computeFunnel}. */
export type FunnelAggregate = MergeableAggregate<FunnelPartial, FunnelResult>;

/**
 * The funnel as a mergeable aggregate (`init / add / merge / finish`): shard users across
 * workers, `add` each shard, `merge` the states, `finish` once. Equals {@link computeFunnel}.
 *
 * @example
 * ```ts
 * import { createFunnelAggregate } from 'siyu/funnel';
 * const agg = createFunnelAggregate({ steps: [{ type: 'add_friend' }, { type: 'join_group' }] });
 * const a = agg.add(agg.init(), [{ id: 'e1', userId: 'u1', type: 'add_friend', at: 0 }, { id: 'e2', userId: 'u1', type: 'join_group', at: 60_000 }]);
 * const b = agg.add(agg.init(), [{ id: 'e3', userId: 'u2', type: 'add_friend', at: 0 }]);
 * agg.finish(agg.merge(a, b)).steps.map((s) => s.count); // → [2, 1]
 * ```
 */
export function createFunnelAggregate(definition: FunnelDefinitionInput, options: FunnelOptions = {}): FunnelAggregate {
  const compiled = compileFunnel(parseFunnelDefinition(definition), options);
  const { def, withIds } = compiled;
  const n = def.steps.length;
  const toMap = (state: FunnelPartial): Map<string | null, MutableGroup> => {
    const map = new Map<string | null, MutableGroup>();
    for (const g of state.groups) map.set(g.value, thawGroup(g, withIds));
    return map;
  };
  return {
    init: () => ({ groups: [], excludedUsers: 0 }),
    add: (state, input) => {
      const groups = toMap(state);
      const excluded = compiled.addTo(groups, input);
      return freeze(groups, state.excludedUsers + excluded);
    },
    merge: (a, b) => {
      const groups = toMap(a);
      for (const g of b.groups) {
        const mine = groups.get(g.value);
        if (mine === undefined) {
          groups.set(g.value, thawGroup(g, withIds));
          continue;
        }
        for (let k = 0; k < n; k++) {
          mine.counts[k] = (mine.counts[k] as number) + (g.counts[k] ?? 0);
          for (const t of g.timesFromPrevious[k] ?? []) (mine.times[k] as number[]).push(t);
          if (mine.stopped !== undefined) for (const id of g.stoppedUserIds?.[k] ?? []) (mine.stopped[k] as string[]).push(id);
        }
      }
      return freeze(groups, a.excludedUsers + b.excludedUsers);
    },
    finish: (state) => {
      const steps = finishSteps(def, state.groups, withIds);
      if (def.breakdown === undefined) return { steps, excludedUsers: state.excludedUsers };
      const breakdown = state.groups
        .map((g) => ({ value: g.value, steps: finishSteps(def, [g], withIds) }))
        .sort((a, b) => (b.steps[0]?.count ?? 0) - (a.steps[0]?.count ?? 0) || compareValues(a.value, b.value));
      return { steps, breakdown, excludedUsers: state.excludedUsers };
    },
  };
}

/**
 * Computes a funnel over events (an `ActivityEvent` array in any order, or an `EventTable`):
 * unique users per step, conversion from the previous and the first step, mean and median time
 * from the previous step, and (with `includeUserIds`) who dropped at each step.
 *
 * @example
 * ```ts
 * import { computeFunnel } from 'siyu/funnel';
 * const h = 3_600_000;
 * const events = [
 *   { id: 'a1', userId: 'u1', type: 'A', at: 13 * h },
 *   { id: 'a2', userId: 'u1', type: 'A', at: 13.5 * h },
 *   { id: 'b1', userId: 'u1', type: 'B', at: 13.75 * h },
 *   { id: 'c1', userId: 'u1', type: 'C', at: 14.25 * h },
 * ];
 * const steps = [{ type: 'A' }, { type: 'B' }, { type: 'C' }];
 * computeFunnel({ steps, window: { amount: 1, unit: 'hour' } }, events).steps.map((s) => s.count); // → [1, 1, 1]
 * computeFunnel({ steps, window: { amount: 1, unit: 'hour' }, anchor: 'first' }, events).steps.map((s) => s.count); // → [1, 1, 0]
 * ```
 */
export function computeFunnel(definition: FunnelDefinitionInput, input: AnalyticsInput, options: FunnelOptions = {}): FunnelResult {
  const agg = createFunnelAggregate(definition, options);
  return agg.finish(agg.add(agg.init(), input));
}
