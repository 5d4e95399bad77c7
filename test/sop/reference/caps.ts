// Frozen copy of src/sop/caps.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Frequency caps per target and local period, resolved finest period first (day, then week,
 * then month); within a period by priority (higher first), then due time, then item position.
 * Private to siyu/sop.
 *
 * @module
 */
import type { CapStage } from './compile.js';
import { dayParts, isoWeekdayOfDay } from './localDay.js';
import type { SopChannel } from './schema.js';

/** What a cap needs to know about a candidate task. */
export interface CapCandidate {
  readonly due: number;
  readonly day: number;
  readonly priority: number;
  readonly itemIndex: number;
  readonly occurrence: number;
  readonly channel: SopChannel;
}

function periodKey(per: 'day' | 'week' | 'month', day: number): number {
  if (per === 'day') return day;
  if (per === 'week') return day - (isoWeekdayOfDay(day) - 1);
  const p = dayParts(day);
  return p.year * 12 + p.month;
}

function byCapOrder(a: CapCandidate, b: CapCandidate): number {
  return b.priority - a.priority || a.due - b.due || a.itemIndex - b.itemIndex || a.occurrence - b.occurrence;
}

/**
 * Applies the cap stages; returns the survivors (input order kept) and calls `cut` for each
 * task removed, with the index of the cap it would exceed.
 */
export const applyCaps = <C extends CapCandidate>(stages: readonly CapStage[], candidates: readonly C[], cut: (c: C, capIndex: number, message: string) => void): C[] => {
  let current = candidates;
  for (const stage of stages) {
    const groups = new Map<number, C[]>();
    for (const c of current) {
      const key = periodKey(stage.per, c.day);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [c]);
      else group.push(c);
    }
    const removed = new Set<C>();
    for (const group of groups.values()) {
      group.sort(byCapOrder);
      const counts = stage.caps.map(() => 0);
      for (const c of group) {
        let violated = -1;
        for (let i = 0; i < stage.caps.length; i++) {
          const { cap } = stage.caps[i] as CapStage['caps'][number];
          if ((cap.channel === undefined || cap.channel === c.channel) && (counts[i] as number) >= cap.max) {
            violated = i;
            break;
          }
        }
        if (violated >= 0) {
          const { cap, index } = stage.caps[violated] as CapStage['caps'][number];
          removed.add(c);
          cut(c, index, `at most ${cap.max} ${cap.channel ?? 'task'}${cap.max === 1 ? '' : 's'} per ${cap.per} (caps[${index}])`);
          continue;
        }
        for (let i = 0; i < stage.caps.length; i++) {
          const { cap } = stage.caps[i] as CapStage['caps'][number];
          if (cap.channel === undefined || cap.channel === c.channel) counts[i] = (counts[i] as number) + 1;
        }
      }
    }
    current = current.filter((c) => !removed.has(c));
  }
  return current as C[];
};
