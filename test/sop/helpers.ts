/** Shared builders for the sop tests. */
import type { SopEnrolmentInput, SopTemplateInput } from 'siyu/sop';

type ItemInput = SopTemplateInput['items'][number];

/** A one-item template. */
export function oneItem(time: ItemInput['time'], extra: Partial<ItemInput> = {}, template: Partial<SopTemplateInput> = {}): SopTemplateInput {
  return { id: 't', items: [{ id: 'i', time, channel: 'groupMessage', content: { text: 'hi' }, ...extra }], ...template };
}

/** An enrolment with an owner. */
export function enrol(anchor: string, extra: Partial<SopEnrolmentInput> = {}): SopEnrolmentInput {
  return { targetId: 'g1', anchor, owner: 'staff-1', ...extra };
}

/** ISO string of an instant, UTC. */
export function iso(t: number): string {
  return new Date(t).toISOString();
}
