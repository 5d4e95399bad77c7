import { describe, expect, it } from 'vitest';
import { touchAheadPays } from '../../src/funnel/touchAhead.js';

describe('touching ahead (internal)', () => {
  // Types 0 and 1 are wanted (bits set), type 2 is not.
  const typeBits = Uint32Array.from([1, 2, 0]);
  const big = 64 * 1024 * 1024; // state bytes well past the caches

  it('pays when at least 3/4 of the rows have a wanted type', () => {
    expect(touchAheadPays(big, Uint32Array.from([0, 1, 0, 2]), typeBits, 4)).toBe(true); // 3 of 4
    expect(touchAheadPays(big, Uint32Array.from([0, 2, 1, 2]), typeBits, 4)).toBe(false); // 2 of 4
    expect(touchAheadPays(big, Uint32Array.from([2, 2, 2, 2, 0, 1, 0, 1]), typeBits, 8)).toBe(false); // 4 of 8
  });

  it('counts only the first `rows` rows', () => {
    expect(touchAheadPays(big, Uint32Array.from([0, 0, 0, 2, 2, 2]), typeBits, 3)).toBe(true);
  });

  it('does not pay for state that fits in cache (under 4 MiB)', () => {
    expect(touchAheadPays(4 * 1024 * 1024 - 1, Uint32Array.from([0, 1, 0, 1]), typeBits, 4)).toBe(false);
    expect(touchAheadPays(4 * 1024 * 1024, Uint32Array.from([0, 1, 0, 1]), typeBits, 4)).toBe(true);
  });
});
