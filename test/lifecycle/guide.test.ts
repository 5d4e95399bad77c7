/** The worked examples of docs/lifecycle.md, kept in step with the guide's comments. */
import { describe, expect, it } from 'vitest';
import { createCustomerLifecycle, defineLifecycle, replayLifecycle, startLifecycle, transitionLifecycle } from 'siyu/lifecycle';

const sh = (local: string): number => Date.parse(`${local}+08:00`);

describe('docs/lifecycle.md', () => {
  const customers = createCustomerLifecycle({ sopTemplates: { silent: 'wake-up-7d', churned: 'win-back' } });

  it('the opening example: a friend who never writes, ticked on 04-11, is silent at 03-09 10:00 and churned at 04-01 10:00', () => {
    const { snapshot } = startLifecycle(customers, '2026-03-02T10:00:00+08:00', { subject: 'u1' });
    const added = transitionLifecycle(customers, snapshot, { type: 'friend_added', id: 'evt-1', at: '2026-03-02T10:00:00+08:00' });
    if (!added.ok) throw new Error(added.message);
    expect(added.snapshot.state).toBe('new');
    const later = transitionLifecycle(customers, added.snapshot, { type: 'tick', at: '2026-04-11T00:00:00+08:00' });
    if (!later.ok) throw new Error(later.message);
    expect(later.effects.filter((e) => e.type !== 'exitedState').map((e) => [e.type, 'state' in e ? e.state : null, e.at])).toEqual([
      ['enteredState', 'silent', sh('2026-03-09T10:00:00')],
      ['startSop', 'silent', sh('2026-03-09T10:00:00')],
      ['enteredState', 'churned', sh('2026-04-01T10:00:00')],
      ['startSop', 'churned', sh('2026-04-01T10:00:00')],
    ]);
  });

  it('the opening replay: new 03-02 → active 03-09 → silent 03-12 10:00 → churned 04-04 10:00 → recalled 04-10 → active 04-15 (to: null)', () => {
    const { timeline } = replayLifecycle(customers, [
      { type: 'friend_added', id: 'e1', at: '2026-03-02T10:00:00+08:00' },
      { type: 'activity', id: 'e2', at: '2026-03-03T10:00:00+08:00' },
      { type: 'activity', id: 'e3', at: '2026-03-05T10:00:00+08:00' },
      { type: 'activity', id: 'e4', at: '2026-04-10T10:00:00+08:00' },
      { type: 'activity', id: 'e5', at: '2026-04-15T10:00:00+08:00' },
    ]);
    expect(timeline.map((s) => [s.state, s.from])).toEqual([
      ['prospect', sh('2026-03-02T10:00:00')],
      ['new', sh('2026-03-02T10:00:00')],
      ['active', sh('2026-03-09T10:00:00')],
      ['silent', sh('2026-03-12T10:00:00')],
      ['churned', sh('2026-04-04T10:00:00')],
      ['recalled', sh('2026-04-10T10:00:00')],
      ['active', sh('2026-04-15T10:00:00')],
    ]);
    expect(timeline[timeline.length - 1]?.to).toBeNull();
  });

  it('build your own machine: trialing 03-01 09:00 → expired 03-15 00:00, reminder effect on 03-13 09:00', () => {
    const trial = defineLifecycle(
      {
        id: 'trial',
        initial: 'trialing',
        events: ['pay', 'trial_ended', 'remind'],
        context: { plan: null },
        states: {
          trialing: {
            on: {
              pay: { target: 'paying', assign: { plan: { fromEvent: 'props.plan' } } },
              remind: { effects: [{ type: 'startSop', templateId: 'trial-reminder' }] },
              trial_ended: [{ target: 'paying', guard: 'hasCard' }, { target: 'expired' }],
            },
            deadlines: [
              { event: 'remind', after: { amount: 12, unit: 'day' } },
              { event: 'trial_ended', after: { amount: 14, unit: 'day' }, startOf: 'day' },
            ],
          },
          paying: { entry: [{ type: 'sendReceipt' }] },
          expired: { final: true },
        },
      },
      { guards: { hasCard: ({ context }) => context['plan'] !== null } },
    );
    const { timeline, effects } = replayLifecycle(trial, [], { start: '2026-03-01T09:00:00+08:00', until: '2026-04-01T00:00:00+08:00' });
    expect(timeline.map((s) => [s.state, s.from])).toEqual([
      ['trialing', sh('2026-03-01T09:00:00')],
      ['expired', sh('2026-03-15T00:00:00')],
    ]);
    expect(effects.filter((e) => e.type === 'startSop').map((e) => e.at)).toEqual([sh('2026-03-13T09:00:00')]);
  });

  it('draws the three presets as Mermaid state diagrams', async () => {
    const { readFile } = await import('node:fs/promises');
    const guide = await readFile(new URL('../../docs/lifecycle.md', import.meta.url), 'utf8');
    const diagrams = guide.match(/```mermaid\nstateDiagram-v2/g) ?? [];
    expect(diagrams.length).toBeGreaterThanOrEqual(3);
  });
});
