import { describe, expectTypeOf, it } from 'vitest';
import { expandSop, planSop, type SopExpansionRejection, type SopTask, type SopTemplate, createDailyGroupSop } from 'siyu/sop';

describe('sop types', () => {
  it('expandSop narrows on ok', () => {
    const out = expandSop(createDailyGroupSop(), { targetId: 'g', anchor: 0, owner: 's' }, { from: 0, to: 1 });
    if (out.ok) expectTypeOf(out.tasks).toEqualTypeOf<readonly SopTask[]>();
    else expectTypeOf(out).toEqualTypeOf<SopExpansionRejection>();
  });

  it('a parsed template is accepted where input is expected; plans iterate tasks', () => {
    expectTypeOf(createDailyGroupSop()).toEqualTypeOf<SopTemplate>();
    const plan = planSop(createDailyGroupSop(), [], { from: 0, to: 1 });
    expectTypeOf([...plan]).toEqualTypeOf<SopTask[]>();
    // @ts-expect-error — channel must be one of the four
    expandSop({ id: 't', items: [{ id: 'i', time: { kind: 'relativeDay', day: 0, at: '20:00' }, channel: 'sms', content: { text: '' } }] }, { targetId: 'g', anchor: 0 }, { from: 0, to: 1 });
  });
});
