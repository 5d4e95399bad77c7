// Frozen copy of src/sop/plan.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Plans: one template over many targets, as a lazy stream of tasks sorted by due time, then
 * target, then item. The range is walked in chunks of `chunkDays`; each chunk expands every
 * target over that chunk only (expansion is range-independent, so the chunks join seamlessly),
 * sorts, and yields. Memory is one chunk of tasks, whatever the horizon.
 *
 * @module
 */
import { SiyuError, type Instant } from 'siyu/core';
import { compileCalendar, compileTemplate, type CompiledCalendar, type CompiledTemplate } from './compile.js';
import { parseSopEnrolment } from './enrolment.js';
import { expandPrepared, prepareEnrolment, readRange, type ExpandSopOptions, type PreparedEnrolment } from './expand.js';
import type { SopEnrolmentInput, SopTemplateInput } from './schema.js';
import type { SopCut, SopExpansionRejection, SopTask } from './task.js';

/** Options of {@link planSop}: the range, an optional holiday calendar, and the chunk length. */
export interface PlanSopOptions extends ExpandSopOptions {
  /** Length of one chunk of the range in days (24 h); default 7. Larger chunks sort more at once. */
  readonly chunkDays?: number;
}

/** A lazy plan: iterate it for tasks; `cuts()` for what the constraints removed. */
export interface SopPlan extends Iterable<SopTask> {
  /** Enrolments that cannot be expanded (missing variable or assignee), found when the plan was made. */
  readonly rejected: readonly SopExpansionRejection[];
  /** Number of targets that will be expanded. */
  readonly targets: number;
  /** What constraints removed over the range, lazily, sorted by instant, then target, then task id. */
  cuts(): Iterable<SopCut>;
}

// Targets are expanded in id order and each target's tasks come sorted by due time, item and
// occurrence, so a stable sort by due time alone yields due → target → item → occurrence.
function byPlanOrder(a: SopTask, b: SopTask): number {
  return a.due - b.due;
}

function byCutOrder(a: SopCut, b: SopCut): number {
  return a.at - b.at || (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0) || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0);
}

function* chunks(
  compiled: CompiledTemplate,
  prepared: readonly PreparedEnrolment[],
  range: readonly [Instant, Instant],
  chunkMs: number,
  calendar: CompiledCalendar | null,
  pick: 'tasks' | 'cuts',
): Generator<SopTask | SopCut, void, undefined> {
  for (let start = range[0]; start < range[1]; start += chunkMs) {
    const end = Math.min(start + chunkMs, range[1]);
    const batch: (SopTask | SopCut)[] = [];
    for (const p of prepared) {
      const out = expandPrepared(compiled, p, start, end, calendar);
      for (const x of pick === 'tasks' ? out.tasks : out.cuts) batch.push(x);
    }
    if (pick === 'tasks') (batch as SopTask[]).sort(byPlanOrder);
    else (batch as SopCut[]).sort(byCutOrder);
    yield* batch;
  }
}

/**
 * Plans a template over many targets: a lazy iterable of tasks over `[from, to)`, sorted by due
 * time, then target id, then item position. Every enrolment is parsed and checked up front
 * (invalid input or a repeated target id throws a `SiyuError` naming `enrolments[i]`; a missing variable or assignee
 * lands in `rejected`); tasks are produced chunk by chunk as you iterate. Iterating twice
 * yields the same tasks.
 *
 * @example
 * ```ts
 * import { planSop, type SopTemplateInput } from 'siyu/sop';
 * const template: SopTemplateInput = {
 *   id: 'daily',
 *   items: [{ id: 'morning', time: { kind: 'everyNDays', n: 1, at: '09:00' }, channel: 'groupMessage', content: { text: 'Good morning' } }],
 * };
 * const plan = planSop(template, [
 *   { targetId: 'g2', anchor: '2026-03-01T12:00:00+08:00', owner: 's1' },
 *   { targetId: 'g1', anchor: '2026-03-01T12:00:00+08:00', owner: 's1' },
 * ], { from: '2026-03-02T00:00:00+08:00', to: '2026-03-04T00:00:00+08:00' });
 * [...plan].map((t) => `${t.dueLocal.slice(0, 16)} ${t.targetId}`);
 * // → ['2026-03-02T09:00 g1', '2026-03-02T09:00 g2', '2026-03-03T09:00 g1', '2026-03-03T09:00 g2']
 * ```
 */
export function planSop(template: SopTemplateInput, enrolments: Iterable<SopEnrolmentInput>, options: PlanSopOptions): SopPlan {
  const compiled = compileTemplate(template);
  const range = readRange(options);
  const chunkDays = options.chunkDays ?? 7;
  if (!Number.isInteger(chunkDays) || chunkDays < 1 || chunkDays > 3660) throw SiyuError.at(['chunkDays'], `must be an integer 1–3660, received ${String(chunkDays)}`);
  const chunkMs = chunkDays * 86_400_000;
  const calendar = options.holidays === undefined ? null : compileCalendar(options.holidays);
  const prepared: PreparedEnrolment[] = [];
  const rejected: SopExpansionRejection[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const input of enrolments) {
    let parsed;
    try {
      parsed = parseSopEnrolment(input);
    } catch (error) {
      const e = error as SiyuError;
      throw new SiyuError(e.code, e.issues.map((issue) => ({ ...issue, path: ['enrolments', i, ...issue.path] })));
    }
    if (seen.has(parsed.targetId)) throw SiyuError.at(['enrolments', i, 'targetId'], `duplicate target "${parsed.targetId}"`, 'duplicate_target');
    seen.add(parsed.targetId);
    const p = prepareEnrolment(compiled, parsed);
    if ('reason' in p) rejected.push(p);
    else prepared.push(p);
    i++;
  }
  prepared.sort((a, b) => (a.enrolment.targetId < b.enrolment.targetId ? -1 : 1));
  return {
    rejected,
    targets: prepared.length,
    [Symbol.iterator]: () => chunks(compiled, prepared, range, chunkMs, calendar, 'tasks') as Iterator<SopTask>,
    cuts: () => ({ [Symbol.iterator]: () => chunks(compiled, prepared, range, chunkMs, calendar, 'cuts') as Iterator<SopCut> }),
  };
}
