// Frozen copy of src/sop/task.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * The outputs of SOP expansion: concrete tasks, what was cut and why, and the typed rejection
 * of an enrolment that cannot be expanded.
 *
 * @module
 */
import type { Instant, Rejection } from 'siyu/core';
import type { SopAttachment, SopChannel } from './schema.js';

/** How constraints moved a task from its scheduled time. */
export type SopAdjustment = 'runNow' | 'nextDay' | 'holiday' | 'quietHours';

/** One concrete task: a message to send or a staff action, at a local minute, for one target. */
export interface SopTask {
  /** Deterministic id `sop:<template>:<item>:<occurrence>:<target>`; the same plan always yields the same ids. */
  readonly id: string;
  /** The template's id. */
  readonly templateId: string;
  /** The item's id. */
  readonly itemId: string;
  /** The item's position in the template (the tie-break after due time and target). */
  readonly itemIndex: number;
  /** The target (group or customer) id. */
  readonly targetId: string;
  /** Occurrence number of the item for this target (0 for one-shot items). */
  readonly occurrence: number;
  /** When to send, epoch ms (after every constraint). */
  readonly due: Instant;
  /** `due` as a local ISO 8601 date-time with offset in the enrolment's zone (`'2026-03-02T20:00:00+08:00'`). */
  readonly dueLocal: string;
  /** End of the send window (exclusive), epoch ms: `due + windowMinutes`, cut short at the next quiet-hours start. */
  readonly windowEnd: Instant;
  /** When the item was scheduled before constraints moved it (equal to `due` when nothing did). */
  readonly scheduled: Instant;
  /** What moved it, in the order applied; empty when nothing did. */
  readonly adjustments: readonly SopAdjustment[];
  /** The channel. */
  readonly channel: SopChannel;
  /** The item's title, when it has one. */
  readonly title?: string;
  /** The content with every `{{variable}}` substituted. */
  readonly text: string;
  /** Opaque attachment references, copied from the item. */
  readonly attachments: readonly SopAttachment[];
  /** The item's priority (higher wins under frequency caps). */
  readonly priority: number;
  /** The staff member to do it (resolved from the item's assignee rule). */
  readonly assignee: string;
}

/** Why a task was not produced. */
export type SopCutReason = 'past' | 'holiday' | 'quiet_hours' | 'frequency_cap';

/** A task that a constraint removed, with the reason. */
export interface SopCut {
  /** The id the task would have had. */
  readonly taskId: string;
  /** The item's id. */
  readonly itemId: string;
  /** The target's id. */
  readonly targetId: string;
  /** The occurrence number. */
  readonly occurrence: number;
  /** When it would have been due when it was cut, epoch ms. */
  readonly at: Instant;
  /** The constraint that cut it. */
  readonly reason: SopCutReason;
  /** Readable detail (which cap, which holiday). */
  readonly message: string;
  /** For `frequency_cap`: the index of the cap in `template.caps`. */
  readonly capIndex?: number;
}

/** Why an enrolment cannot be expanded. */
export type SopRejectionReason = 'missing_variable' | 'missing_assignee' | 'invalid_variable';

/** An enrolment that cannot be expanded: a variable or assignee it lacks. */
export interface SopExpansionRejection extends Rejection<SopRejectionReason> {
  /** The target's id. */
  readonly targetId: string;
  /** The first item that needs what is missing. */
  readonly itemId: string;
  /** The variable or role concerned. */
  readonly name: string;
}

/** The tasks of one target over a range. */
export interface SopExpansion {
  /** Always `true`: see {@link SopExpansionRejection} for the other case. */
  readonly ok: true;
  /** Tasks due in `[from, to)`, sorted by due time, then item position, then occurrence. */
  readonly tasks: readonly SopTask[];
  /** Tasks that would have been due in `[from, to)` but a constraint removed, in the same order. */
  readonly cuts: readonly SopCut[];
  /** When the exit rule stopped the enrolment (epoch ms), or `null`. */
  readonly exitedAt: Instant | null;
}

/** The result of `expandSop`. */
export type SopExpansionResult = SopExpansion | SopExpansionRejection;
