import { describe, expect, it } from 'vitest';
import { buildEventTable, isSiyuError, type ActivityEvent } from 'siyu/core';
import { computeFunnel, createFunnelAggregate, parseFunnelDefinition } from 'siyu/funnel';

const H = 3_600_000;
const M = 60_000;
let seq = 0;
const ev = (userId: string, type: string, at: number, extra: Partial<ActivityEvent> = {}): ActivityEvent => ({ id: `e${++seq}`, userId, type, at, ...extra });
const counts = (r: { steps: readonly { count: number }[] }): number[] => r.steps.map((s) => s.count);

describe('reference: anchor latest vs first', () => {
  const events = [ev('u', 'A', 13 * H), ev('u', 'A', 13.5 * H), ev('u', 'B', 13.75 * H), ev('u', 'C', 14.25 * H)];
  const steps = [{ type: 'A' }, { type: 'B' }, { type: 'C' }];
  it('latest (default) reaches C, timing from the 13:30 A', () => {
    const r = computeFunnel({ steps, window: { amount: 1, unit: 'hour' } }, events);
    expect(counts(r)).toEqual([1, 1, 1]);
    expect(r.steps[1]?.meanTimeFromPreviousMs).toBe(15 * M);
    expect(r.steps[2]?.meanTimeFromPreviousMs).toBe(30 * M);
  });
  it('first stops at B, timing from the 13:00 A', () => {
    const r = computeFunnel({ steps, window: { amount: 1, unit: 'hour' }, anchor: 'first' }, events);
    expect(counts(r)).toEqual([1, 1, 0]);
    expect(r.steps[1]?.meanTimeFromPreviousMs).toBe(45 * M);
    expect(r.steps[2]?.meanTimeFromPreviousMs).toBeNull();
  });
  it('the window is inclusive: C exactly 1 h after A converts', () => {
    const e2 = [ev('v', 'A', 0), ev('v', 'B', 10 * M), ev('v', 'C', H)];
    expect(counts(computeFunnel({ steps, window: { amount: 1, unit: 'hour' } }, e2))).toEqual([1, 1, 1]);
    const e3 = [ev('w', 'A', 0), ev('w', 'B', 10 * M), ev('w', 'C', H + 1)];
    expect(counts(computeFunnel({ steps, window: { amount: 1, unit: 'hour' } }, e3))).toEqual([1, 1, 0]);
  });
  it('anchor first re-enters after the window expired', () => {
    const e4 = [ev('x', 'A', 0), ev('x', 'A', 2 * H), ev('x', 'B', 2.5 * H)];
    expect(counts(computeFunnel({ steps, window: { amount: 1, unit: 'hour' }, anchor: 'first' }, e4))).toEqual([1, 1, 0]);
  });
});

describe('reference: strict funnel S→P→I', () => {
  const seqs: Record<string, string[]> = {
    p1: ['S'],
    p2: ['P', 'S'],
    p3: ['S', 'P', 'X', 'I'],
    p4: ['I', 'X', 'P', 'S'],
    p5: ['P', 'S', 'X', 'P', 'I'],
    p6: ['X', 'S', 'X', 'P'],
    p7: ['X', 'S', 'P', 'I', 'X'],
    p8: ['I', 'P'],
  };
  const events = Object.entries(seqs).flatMap(([u, types]) => types.map((t, i) => ev(u, t, i * M)));
  const steps = [{ type: 'S' }, { type: 'P' }, { type: 'I' }];
  it('counts [7, 2, 1]', () => {
    expect(counts(computeFunnel({ steps, order: 'strict' }, events))).toEqual([7, 2, 1]);
  });
  it('ordered counts more: other events may sit between steps', () => {
    // p3: S P X I reaches I; p5: S X P I reaches I; p6: S X P reaches P; p7 reaches I.
    expect(counts(computeFunnel({ steps }, events))).toEqual([7, 4, 3]);
  });
  it('unordered counts distinct steps in any order within the window', () => {
    // p2 (P S) 2, p3 3, p4 (I X P S) 3, p5 3, p6 2, p7 3, p8 (I P) 2, p1 1.
    expect(counts(computeFunnel({ steps, order: 'unordered' }, events))).toEqual([8, 7, 4]);
  });
});

describe('reference: three users, mean S→P 5400 s', () => {
  const events = [ev('a', 'S', 0), ev('b', 'S', 0), ev('b', 'P', H), ev('c', 'S', 0), ev('c', 'P', 2 * H), ev('c', 'I', 4 * H)];
  it('counts [3, 2, 1] and times', () => {
    const r = computeFunnel({ steps: [{ type: 'S' }, { type: 'P' }, { type: 'I' }] }, events, { includeUserIds: true });
    expect(counts(r)).toEqual([3, 2, 1]);
    expect(r.steps[1]?.meanTimeFromPreviousMs).toBe(5_400_000);
    expect(r.steps[1]?.medianTimeFromPreviousMs).toBe(5_400_000);
    expect(r.steps[2]?.medianTimeFromPreviousMs).toBe(2 * H);
    expect(r.steps.map((s) => s.conversionFromPrevious)).toEqual([1, 2 / 3, 1 / 2]);
    expect(r.steps.map((s) => s.conversionFromFirst)).toEqual([1, 2 / 3, 1 / 3]);
    expect(r.steps.map((s) => s.droppedUserIds)).toEqual([[], ['a'], ['b']]);
    expect(r.steps[0]?.meanTimeFromPreviousMs).toBeNull();
  });
});

describe('one event, one step; ties', () => {
  it('an event satisfies one step of a path only (A→A needs two A events)', () => {
    const steps = [{ type: 'A' }, { type: 'A' }];
    expect(counts(computeFunnel({ steps }, [ev('u', 'A', 0)]))).toEqual([1, 0]);
    expect(counts(computeFunnel({ steps }, [ev('u', 'A', 0), ev('u', 'A', 5)]))).toEqual([1, 1]);
  });
  it('same-instant events count in step order whatever the input order', () => {
    const steps = [{ type: 'A' }, { type: 'B' }, { type: 'C' }];
    const base = [ev('u', 'C', 100), ev('u', 'B', 100), ev('u', 'A', 100)];
    expect(counts(computeFunnel({ steps }, base))).toEqual([1, 1, 1]);
    expect(counts(computeFunnel({ steps }, [...base].reverse()))).toEqual([1, 1, 1]);
    expect(computeFunnel({ steps }, base).steps[2]?.meanTimeFromPreviousMs).toBe(0);
  });
  it('duplicate event ids at one instant are one event', () => {
    const steps = [{ type: 'A' }, { type: 'A' }];
    const e = { id: 'dup', userId: 'u', type: 'A', at: 7 };
    expect(counts(computeFunnel({ steps }, [e, { ...e }]))).toEqual([1, 0]);
  });
  it('strict ignores the anchor: a repeated step 1 breaks the chain and restarts it', () => {
    const steps = [{ type: 'S' }, { type: 'P' }];
    const events = [ev('u', 'S', 0), ev('u', 'S', 3000), ev('u', 'P', 6000)];
    const window = { amount: 5, unit: 'second' as const };
    expect(counts(computeFunnel({ steps, window, anchor: 'first' }, events))).toEqual([1, 0]);
    expect(counts(computeFunnel({ steps, window, anchor: 'first', order: 'strict' }, events))).toEqual([1, 1]);
    expect(counts(computeFunnel({ steps, window, anchor: 'latest', order: 'strict' }, events))).toEqual([1, 1]);
  });
  it('strict ties: an unrelated event at the same instant sorts after the steps', () => {
    const steps = [{ type: 'S' }, { type: 'P' }];
    expect(counts(computeFunnel({ steps, order: 'strict' }, [ev('u', 'X', 0), ev('u', 'P', 0), ev('u', 'S', 0)]))).toEqual([1, 1]);
  });
});

describe('conditions, exclusions, breakdown, date range', () => {
  it('step conditions filter events', () => {
    const steps = [{ type: 'add_friend', where: { field: 'props.channel', op: 'eq' as const, value: 'douyin' } }, { type: 'purchase' }];
    const events = [ev('u1', 'add_friend', 0, { props: { channel: 'douyin' } }), ev('u1', 'purchase', 10), ev('u2', 'add_friend', 0, { props: { channel: 'xhs' } }), ev('u2', 'purchase', 10)];
    expect(counts(computeFunnel({ steps }, events))).toEqual([1, 1]);
  });
  it('an exclusion between steps drops the user from every step', () => {
    const steps = [{ type: 'A' }, { type: 'B' }];
    const exclusions = [{ type: 'leave_group', fromStep: 0, toStep: 1 }];
    const events = [ev('u1', 'A', 0), ev('u1', 'leave_group', 5), ev('u1', 'B', 10), ev('u2', 'A', 0), ev('u2', 'B', 10), ev('u2', 'leave_group', 20)];
    const r = computeFunnel({ steps, exclusions }, events);
    expect(counts(r)).toEqual([1, 1]);
    expect(r.excludedUsers).toBe(1);
    // Not converted: the exclusion counts up to the end of the window.
    const r2 = computeFunnel({ steps, exclusions, window: { amount: 1, unit: 'hour' } }, [ev('u3', 'A', 0), ev('u3', 'leave_group', H)]);
    expect(r2.excludedUsers).toBe(1);
    const r3 = computeFunnel({ steps, exclusions, window: { amount: 1, unit: 'hour' } }, [ev('u3', 'A', 0), ev('u3', 'leave_group', H + 1)]);
    expect(counts(r3)).toEqual([1, 0]);
  });
  it('breakdown by first touch', () => {
    const steps = [{ type: 'add_friend' }, { type: 'purchase' }];
    const events = [
      ev('u1', 'add_friend', 0, { props: { channel: 'douyin' } }),
      ev('u1', 'add_friend', 5, { props: { channel: 'xhs' } }),
      ev('u1', 'purchase', 10),
      ev('u2', 'add_friend', 0, { props: { channel: 'xhs' } }),
      ev('u3', 'add_friend', 0, { props: { channel: 'xhs' } }),
      ev('u4', 'add_friend', 0),
      ev('u5', 'add_friend', 0, { props: { channel: 7 } }),
    ];
    const r = computeFunnel({ steps, breakdown: { field: 'props.channel' } }, events);
    expect(counts(r)).toEqual([5, 1]);
    expect(r.breakdown?.map((b) => [b.value, b.steps.map((s) => s.count)])).toEqual([
      ['xhs', [2, 0]],
      [null, [1, 0]],
      ['7', [1, 0]],
      ['douyin', [1, 1]],
    ]);
  });
  it('date range entry: step 1 in range, later steps may fall after', () => {
    const steps = [{ type: 'A' }, { type: 'B' }];
    const events = [ev('u1', 'A', 50), ev('u1', 'B', 150), ev('u2', 'A', 150), ev('u3', 'A', 10), ev('u3', 'B', 60)];
    expect(counts(computeFunnel({ steps, dateRange: { from: 0, to: 100 } }, events))).toEqual([2, 2]);
    expect(counts(computeFunnel({ steps, dateRange: { from: 0, to: 100, mode: 'all' } }, events))).toEqual([2, 1]);
    expect(counts(computeFunnel({ steps, order: 'unordered', dateRange: { from: 0, to: 100 } }, events))).toEqual([2, 2]);
    expect(counts(computeFunnel({ steps, order: 'strict', dateRange: { from: 0, to: 100, mode: 'all' } }, events))).toEqual([2, 1]);
  });
  it('the issue\'s question: added from the Douyin code, joined within 3 days, bought within 7, bought again', () => {
    const D = 24 * H;
    const douyin = { props: { channel: 'douyin' } };
    const steps = [
      { type: 'add_friend', where: { field: 'props.channel', op: 'eq' as const, value: 'douyin' } },
      { type: 'join_group', within: { amount: 3, unit: 'day' as const } },
      { type: 'purchase' },
      { type: 'purchase' },
    ];
    const events = [
      // d1: joins on day 2, buys on days 4 and 6: every step.
      ev('d1', 'add_friend', 0, douyin), ev('d1', 'join_group', 2 * D), ev('d1', 'purchase', 4 * D), ev('d1', 'purchase', 6 * D),
      // d2: joins exactly 3 days later (inclusive), buys once on day 7 (inclusive).
      ev('d2', 'add_friend', 0, douyin), ev('d2', 'join_group', 3 * D), ev('d2', 'purchase', 7 * D),
      // d3: joins on day 4, too late for the 3-day deadline though inside the 7-day window.
      ev('d3', 'add_friend', 0, douyin), ev('d3', 'join_group', 4 * D), ev('d3', 'purchase', 5 * D),
      // x1: a Xiaohongshu friend never enters.
      ev('x1', 'add_friend', 0, { props: { channel: 'xhs' } }), ev('x1', 'join_group', D),
    ];
    const def = { steps, window: { amount: 7, unit: 'day' as const } };
    expect(counts(computeFunnel(def, events))).toEqual([3, 2, 2, 1]);
    expect(computeFunnel(def, buildEventTable(events, { keepProps: true }))).toEqual(computeFunnel(def, events));
    // Without the deadline, d3's day-4 join counts.
    expect(counts(computeFunnel({ ...def, steps: steps.map(({ type, where }) => (where === undefined ? { type } : { type, where })) }, events))).toEqual([3, 3, 3, 1]);
    // An exclusion on a step never reached looks up to that step's deadline, not the window's end.
    const ex = { ...def, exclusions: [{ type: 'leave_group', fromStep: 0, toStep: 1 }] };
    expect(computeFunnel(ex, [ev('z', 'add_friend', 0, douyin), ev('z', 'leave_group', 3 * D)]).excludedUsers).toBe(1);
    expect(computeFunnel(ex, [ev('z', 'add_friend', 0, douyin), ev('z', 'leave_group', 3 * D + 1)]).excludedUsers).toBe(0);
  });
  it('EventTable input gives the same result, and needs keepProps for props', () => {
    const steps = [{ type: 'A', where: { field: 'props.ok', op: 'eq' as const, value: true } }, { type: 'B' }];
    const events = [ev('u1', 'A', 0, { props: { ok: true } }), ev('u1', 'B', 1)];
    expect(computeFunnel({ steps }, buildEventTable(events, { keepProps: true }))).toEqual(computeFunnel({ steps }, events));
    expect(() => computeFunnel({ steps }, buildEventTable(events))).toThrow(/keepProps/);
    expect(() => computeFunnel({ steps }, 42 as never)).toThrow(/ActivityEvent or an EventTable/);
  });
  it('aggregate states are plain JSON', () => {
    const agg = createFunnelAggregate({ steps: [{ type: 'A' }, { type: 'B' }], breakdown: { field: 'type' } }, { includeUserIds: true });
    const s = agg.add(agg.init(), [ev('u1', 'A', 0), ev('u1', 'B', 1)]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(agg.finish(JSON.parse(JSON.stringify(s)))).toEqual(agg.finish(s));
  });
});

describe('bad definitions', () => {
  const fail = (input: unknown): string => {
    try {
      parseFunnelDefinition(input);
    } catch (e) {
      expect(isSiyuError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a SiyuError');
  };
  it('names the path', () => {
    expect(fail({ steps: [] })).toMatch(/^siyu: steps: /);
    expect(fail({ steps: [{ type: 'a', within: { amount: 1, unit: 'day' } }, { type: 'b' }] })).toMatch(/^siyu: steps\[0\]\.within: step 1 starts the window/);
    expect(fail({ steps: [{ type: 'a' }, { type: 'b', within: { amount: 15, unit: 'day' } }] })).toMatch(/^siyu: steps\[1\]\.within: must not exceed the funnel window/);
    expect(fail({ steps: [{ type: 'a' }, { type: 'b', within: { amount: 1, unit: 'day' } }], order: 'unordered' })).toMatch(/^siyu: steps\[1\]\.within: step deadlines need an ordered or strict funnel/);
    expect(fail({ steps: [{ type: 'a' }, { type: 'b', within: { amount: -1, unit: 'day' } }] })).toMatch(/^siyu: steps\[1\]\.within\.amount: /);
    expect(fail({ steps: [{ type: 'a' }], window: { amount: -1, unit: 'hour' } })).toMatch(/^siyu: window\.amount: /);
    expect(fail({ steps: [{ type: 'a' }], window: { amount: Number.NaN, unit: 'hour' } })).toMatch(/^siyu: window\.amount: /);
    expect(fail({ steps: [{ type: 'a' }], window: { amount: 1, unit: 'month' } })).toMatch(/^siyu: window\.unit: /);
    expect(fail({ steps: [{ type: 'a' }], order: 'loose' })).toMatch(/^siyu: order: /);
    expect(fail({ steps: [{ type: 'a' }], colour: 'red' })).toMatch(/^siyu: colour: unknown key/);
    expect(fail({ steps: 'a' })).toMatch(/^siyu: steps: /);
    expect(fail(JSON.parse('{"steps":[{"type":"a"}],"__proto__":{"x":1}}'))).toMatch(/__proto__/);
    expect(fail({ steps: [{ type: 'a' }, { type: 'b' }], exclusions: [{ type: 'x', fromStep: 1, toStep: 1 }] })).toMatch(/^siyu: exclusions\[0\]\.toStep: must exceed/);
    expect(fail({ steps: [{ type: 'a' }, { type: 'b' }], exclusions: [{ type: 'x', fromStep: 0, toStep: 2 }] })).toMatch(/^siyu: exclusions\[0\]\.toStep: must name a step/);
    expect(fail({ steps: [{ type: 'a' }, { type: 'b' }], order: 'unordered', exclusions: [{ type: 'x', fromStep: 0, toStep: 1 }] })).toMatch(/^siyu: exclusions\[0\]: /);
    expect(fail({ steps: [{ type: 'a' }], dateRange: { from: 10, to: 10 } })).toMatch(/^siyu: dateRange\.to: /);
    expect(fail({ steps: [{ type: 'a' }], breakdown: { field: '__proto__.x' } })).toMatch(/^siyu: breakdown\.field: /);
    expect(fail({ steps: [{ type: 'a', where: { field: 'x', op: 'near', value: 1 } }] })).toMatch(/^siyu: steps\[0\]\.where/);
    expect(fail({ steps: Array.from({ length: 32 }, () => ({ type: 'a' })) })).toMatch(/^siyu: steps: /);
  });
});
