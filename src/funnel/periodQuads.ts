/**
 * The partial state shared by lifecycle counts and group health: four counters per period,
 * oldest period first, merged by adding. Internal.
 *
 * @module
 */
import { SiyuError } from '../core/index.js';

/** Four counters of one period. */
export type PeriodQuad = [number, number, number, number];

/** A partial state of per-period quadruples. */
export interface PeriodQuadsPartial {
  readonly counts: readonly (readonly [number, number, number, number])[];
}

/** Empty, copy-for-update and merge over `width` periods; a state of another width is refused. */
export const createPeriodQuads = (width: number) => {
  const thaw = (s: PeriodQuadsPartial): PeriodQuad[] => {
    if (s.counts.length !== width) throw SiyuError.at(['counts'], `expected ${width} periods: a state of another definition`, 'invalid_state');
    return s.counts.map((q): PeriodQuad => [...q]);
  };
  return {
    empty: (): PeriodQuad[] => Array.from({ length: width }, (): PeriodQuad => [0, 0, 0, 0]),
    thaw,
    merge: (a: PeriodQuadsPartial, b: PeriodQuadsPartial): { counts: PeriodQuad[] } => {
      const counts = thaw(a);
      const other = thaw(b);
      counts.forEach((q, i) => {
        const o = other[i] as PeriodQuad;
        for (let k = 0; k < 4; k++) q[k] = (q[k] as number) + (o[k] as number);
      });
      return { counts };
    },
  };
};
