/**
 * A seeded pseudo-random number generator, for clustering and data generation. siyu never
 * calls `Math.random`: randomness comes in as a seed.
 *
 * Algorithm: **sfc32** (Chris Doty-Humphrey's Small Fast Chaotic generator, 32-bit, as in
 * PractRand), its four state words filled by **splitmix32** from the seed, then 12 discarded
 * outputs. String seeds are first hashed with 32-bit FNV-1a. The same seed gives the same
 * sequence on every runtime. Not for cryptography.
 *
 * @module
 */
import { SiyuError } from './error.js';

/** A seed: an integer (taken modulo 2³²) or a string. */
export type Seed = number | string;

/** The full state of a {@link Random}: four unsigned 32-bit words. Plain JSON. */
export type RandomState = readonly [number, number, number, number];

/** A seeded generator. Each call advances its state. */
export interface Random {
  /** Next unsigned 32-bit integer, uniform on [0, 2³²). */
  nextUint32(): number;
  /** Next float, uniform on [0, 1), with 53 bits of precision. */
  nextFloat(): number;
  /** Next integer, uniform on [0, maxExclusive) without modulo bias; `maxExclusive` ≤ 2⁵³. */
  nextInt(maxExclusive: number): number;
  /** The current state, to persist and resume with {@link restoreRandom}. */
  getState(): RandomState;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(state: RandomState): Random {
  let [a, b, c, d] = state;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  return {
    nextUint32,
    nextFloat: () => {
      const hi = nextUint32() >>> 5; // 27 bits
      const lo = nextUint32() >>> 6; // 26 bits
      return (hi * 67_108_864 + lo) / 9_007_199_254_740_992;
    },
    nextInt: (maxExclusive: number) => {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 2 ** 53) {
        throw SiyuError.at(['maxExclusive'], `must be an integer in [1, 2^53], received ${maxExclusive}`);
      }
      // Rejection sampling: drop the top partial range so every value is equally likely.
      if (maxExclusive <= 2 ** 32) {
        const limit = 2 ** 32 - (2 ** 32 % maxExclusive);
        for (;;) {
          const x = nextUint32();
          if (x < limit) return x % maxExclusive;
        }
      }
      const limit = 2 ** 53 - (2 ** 53 % maxExclusive);
      for (;;) {
        const x = (nextUint32() >>> 11) * 4_294_967_296 + nextUint32(); // 21 + 32 = 53 bits
        if (x < limit) return x % maxExclusive;
      }
    },
    getState: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

/**
 * Creates a seeded generator (sfc32 seeded by splitmix32; strings hashed by FNV-1a).
 *
 * @example
 * ```ts
 * import { createRandom } from 'siyu/core';
 * const a = createRandom(42);
 * const b = createRandom(42);
 * a.nextUint32() === b.nextUint32(); // → true
 * const x = createRandom('cohort-2026').nextFloat();
 * x >= 0 && x < 1; // → true
 * createRandom(1.5); // throws: siyu: seed: must be an integer or a string
 * ```
 */
export function createRandom(seed: Seed): Random {
  let base: number;
  if (typeof seed === 'string') base = fnv1a(seed);
  else if (Number.isSafeInteger(seed)) base = seed >>> 0;
  else throw SiyuError.at(['seed'], `must be an integer or a string, received ${String(seed)}`, 'invalid_seed');
  const mix = splitmix32(base);
  const rng = sfc32([mix(), mix(), mix(), mix()]);
  for (let i = 0; i < 12; i++) rng.nextUint32();
  return rng;
}

/**
 * Resumes a generator from a state saved by {@link Random.getState}.
 *
 * @example
 * ```ts
 * import { createRandom, restoreRandom } from 'siyu/core';
 * const rng = createRandom(7);
 * const saved = rng.getState();
 * const first = rng.nextUint32();
 * restoreRandom(saved).nextUint32() === first; // → true
 * ```
 */
export function restoreRandom(state: RandomState): Random {
  if (!Array.isArray(state) || state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) {
    throw SiyuError.at(['state'], 'must be four unsigned 32-bit integers', 'invalid_seed');
  }
  return sfc32(state);
}
