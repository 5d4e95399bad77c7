import { describe, expect, it } from 'vitest';
import { mostRowsWanted } from '../../src/funnel/touchAhead.js';

describe('touching ahead (internal)', () => {
  // Types 0 and 1 are wanted (bits set), type 2 is not.
  const typeBits = Uint32Array.from([1, 2, 0]);

  it('turns on when at least 3/4 of the rows have a wanted type', () => {
    expect(mostRowsWanted(Uint32Array.from([0, 1, 0, 2]), typeBits, 4)).toBe(true); // 3 of 4
    expect(mostRowsWanted(Uint32Array.from([0, 2, 1, 2]), typeBits, 4)).toBe(false); // 2 of 4
    expect(mostRowsWanted(Uint32Array.from([2, 2, 2, 2, 0, 1, 0, 1]), typeBits, 8)).toBe(false); // 4 of 8
    expect(mostRowsWanted(new Uint32Array(0), typeBits, 0)).toBe(true); // nothing to waste
  });

  it('counts only the first `rows` rows', () => {
    expect(mostRowsWanted(Uint32Array.from([0, 0, 0, 2, 2, 2]), typeBits, 3)).toBe(true);
  });
});
