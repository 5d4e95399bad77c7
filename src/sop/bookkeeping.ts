/**
 * Execution bookkeeping, pure: marking tasks done (on time or late against the send window), a
 * daily digest of open tasks per assignee, and "closing soon" notices before a window ends.
 * Progress is plain JSON keyed by task id, so marking the same task twice changes nothing.
 *
 * @module
 */
import { DEFAULT_TIME_ZONE, localDateOf, toInstant, type Instant, type InstantInput, type LocalDate, type TimeZone } from '../core/index.js';
import type { SopTask } from './task.js';

/** How a task was completed. */
export interface SopCompletion {
  /** The task's id. */
  readonly taskId: string;
  /** When it was marked done, epoch ms. */
  readonly at: Instant;
  /** `onTime` when done before the window ended (early counts as on time), else `late`. */
  readonly status: 'onTime' | 'late';
  /** Whole minutes after the window's end (rounded up), 0 when on time. */
  readonly lateByMinutes: number;
}

/** Completed tasks by id: plain JSON, safe to persist. */
export interface SopProgress {
  /** Completions by task id. */
  readonly done: Readonly<Record<string, SopCompletion>>;
}

/** The outcome of {@link markSopTaskDone}. */
export interface SopMarkResult {
  /** The progress after marking (the same object when the task was already done). */
  readonly progress: SopProgress;
  /** The completion: the first one recorded for this task. */
  readonly completion: SopCompletion;
  /** True when the task had already been marked done (nothing changed). */
  readonly duplicate: boolean;
}

/**
 * An empty {@link SopProgress}.
 *
 * @example
 * ```ts
 * import { createSopProgress } from 'siyu/sop';
 * createSopProgress(); // → { done: {} }
 * ```
 */
export function createSopProgress(): SopProgress {
  return { done: {} };
}

/**
 * Marks a task done at an instant: on time if before the end of its send window, otherwise late
 * by the minutes past it (rounded up). Idempotent by task id: marking it again returns the first
 * completion and the same progress.
 *
 * @example
 * ```ts
 * import { createSopProgress, markSopTaskDone } from 'siyu/sop';
 * const task = { id: 'sop:t:welcome:0:g1', due: 0, windowEnd: 3_600_000 };
 * const first = markSopTaskDone(createSopProgress(), task, 3_700_000);
 * first.completion; // → { taskId: 'sop:t:welcome:0:g1', at: 3700000, status: 'late', lateByMinutes: 2 }
 * markSopTaskDone(first.progress, task, 0).duplicate; // → true
 * ```
 */
export function markSopTaskDone(progress: SopProgress, task: Pick<SopTask, 'id' | 'due' | 'windowEnd'>, at: InstantInput): SopMarkResult {
  const known = Object.hasOwn(progress.done, task.id) ? progress.done[task.id] : undefined;
  if (known !== undefined) return { progress, completion: known, duplicate: true };
  const instant = toInstant(at, ['at']);
  const late = instant >= task.windowEnd;
  const completion: SopCompletion = {
    taskId: task.id,
    at: instant,
    status: late ? 'late' : 'onTime',
    lateByMinutes: late ? Math.max(1, Math.ceil((instant - task.windowEnd) / 60_000)) : 0,
  };
  const done = { ...progress.done };
  Object.defineProperty(done, task.id, { value: completion, enumerable: true, writable: true, configurable: true });
  return { progress: { done }, completion, duplicate: false };
}

/** Options of {@link digestSopTasks}. */
export interface SopDigestOptions {
  /** The moment of the digest; its local date is "today". */
  readonly asOf: InstantInput;
  /** The zone of "today"; default `'Asia/Shanghai'`. */
  readonly timeZone?: TimeZone;
}

/** One assignee's open tasks for a day. */
export interface SopDigest {
  /** The staff member. */
  readonly assignee: string;
  /** The local date of the digest. */
  readonly date: LocalDate;
  /** Open tasks due that day, by due time. */
  readonly tasks: readonly SopTask[];
}

function isDone(progress: SopProgress, id: string): boolean {
  return Object.hasOwn(progress.done, id);
}

/**
 * The daily digest: per assignee (sorted), the tasks due on the local date of `asOf` that are
 * not done yet, by due time.
 *
 * @example
 * ```ts
 * import { createSopProgress, digestSopTasks, type SopTask } from 'siyu/sop';
 * const task = (id: string, due: number, assignee: string) => ({ id, due, assignee, windowEnd: due + 3_600_000 }) as SopTask;
 * const tasks = [task('a', Date.UTC(2026, 2, 2, 1), 'lin'), task('b', Date.UTC(2026, 2, 3, 1), 'lin')];
 * digestSopTasks(tasks, createSopProgress(), { asOf: Date.UTC(2026, 2, 2, 0) }).map((d) => [d.assignee, d.date, d.tasks.map((t) => t.id)]);
 * // → [['lin', '2026-03-02', ['a']]]
 * ```
 */
export function digestSopTasks(tasks: Iterable<SopTask>, progress: SopProgress, options: SopDigestOptions): SopDigest[] {
  const zone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const date = localDateOf(toInstant(options.asOf, ['asOf']), zone);
  const byAssignee = new Map<string, SopTask[]>();
  for (const task of tasks) {
    if (isDone(progress, task.id) || localDateOf(task.due, zone) !== date) continue;
    const list = byAssignee.get(task.assignee);
    if (list === undefined) byAssignee.set(task.assignee, [task]);
    else list.push(task);
  }
  return [...byAssignee.keys()]
    .sort()
    .map((assignee) => ({ assignee, date, tasks: (byAssignee.get(assignee) as SopTask[]).sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : 1)) }));
}

/** Options of {@link findClosingSopTasks}. */
export interface SopClosingOptions {
  /** Now. */
  readonly asOf: InstantInput;
  /** Notify when the window ends within this many minutes. */
  readonly withinMinutes: number;
}

/** A "closing soon" notice. */
export interface SopClosingNotice {
  /** The task's id. */
  readonly taskId: string;
  /** Who should act. */
  readonly assignee: string;
  /** When its window ends, epoch ms. */
  readonly windowEnd: Instant;
  /** Whole minutes left (rounded down). */
  readonly minutesLeft: number;
}

/**
 * "Closing soon" notices: open tasks already due whose send window ends within `withinMinutes`
 * after `asOf`, soonest first.
 *
 * @example
 * ```ts
 * import { createSopProgress, findClosingSopTasks, type SopTask } from 'siyu/sop';
 * const task = { id: 't1', due: 0, windowEnd: 3_600_000, assignee: 'lin' } as SopTask;
 * findClosingSopTasks([task], createSopProgress(), { asOf: 3_000_000, withinMinutes: 15 });
 * // → [{ taskId: 't1', assignee: 'lin', windowEnd: 3600000, minutesLeft: 10 }]
 * ```
 */
export function findClosingSopTasks(tasks: Iterable<SopTask>, progress: SopProgress, options: SopClosingOptions): SopClosingNotice[] {
  const asOf = toInstant(options.asOf, ['asOf']);
  const horizon = asOf + options.withinMinutes * 60_000;
  const out: SopClosingNotice[] = [];
  for (const task of tasks) {
    if (isDone(progress, task.id) || task.due > asOf || task.windowEnd <= asOf || task.windowEnd > horizon) continue;
    out.push({ taskId: task.id, assignee: task.assignee, windowEnd: task.windowEnd, minutesLeft: Math.floor((task.windowEnd - asOf) / 60_000) });
  }
  return out.sort((a, b) => a.windowEnd - b.windowEnd || (a.taskId < b.taskId ? -1 : 1));
}
