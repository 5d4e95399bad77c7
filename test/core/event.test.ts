import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiyuError, buildEventTable, eventTableRows, parseActivityEvent, parseActivityEvents, type ActivityEvent } from 'siyu/core';

describe('ActivityEvent', () => {
  it('normalises at and keeps amount and props', () => {
    expect(parseActivityEvent({ id: 'o1', userId: 'u1', type: 'purchase', at: '2026-11-25T10:00:00+08:00', amount: 12_800, props: { channel: 'douyin', sku: ['a'] } })).toEqual({
      id: 'o1',
      userId: 'u1',
      type: 'purchase',
      at: Date.UTC(2026, 10, 25, 2),
      amount: 12_800,
      props: { channel: 'douyin', sku: ['a'] },
    });
  });

  it.each<[unknown, string]>([
    [{ id: 'e', userId: 'u', type: 't' }, 'siyu: at: required'],
    [{ id: '', userId: 'u', type: 't', at: 0 }, 'siyu: id:'],
    [{ id: 'e', userId: 7, type: 't', at: 0 }, 'siyu: userId:'],
    [{ id: 'e', userId: 'u', type: 't', at: Number.NaN }, 'siyu: at:'],
    [{ id: 'e', userId: 'u', type: 't', at: '2026-01-01T00:00:00' }, 'no offset'],
    [{ id: 'e', userId: 'u', type: 't', at: 0, amount: 1.5 }, 'siyu: amount:'],
    [{ id: 'e', userId: 'u', type: 't', at: 0, amount: 2 ** 60 }, 'siyu: amount:'],
    [{ id: 'e', userId: 'u', type: 't', at: 0, props: { x: Number.NaN } }, 'siyu: props.x:'],
    [{ id: 'e', userId: 'u', type: 't', at: 0, user: 'u' }, 'siyu: user: unknown key'],
    [JSON.parse('{"id":"e","userId":"u","type":"t","at":0,"props":{"__proto__":{"admin":true}}}'), 'siyu: props.__proto__: forbidden key'],
    ['event', 'siyu: (root):'],
  ])('rejects %j', (input, message) => {
    expect(() => parseActivityEvent(input)).toThrow(message);
    try {
      parseActivityEvent(input);
    } catch (e) {
      expect(e).toBeInstanceOf(SiyuError);
      expect((e as SiyuError).code).toBe('invalid_event');
    }
  });

  it('names the row in a list', () => {
    expect(() => parseActivityEvents([{ id: 'a', userId: 'u', type: 't', at: 0 }, { id: 'b', userId: 'u', type: 't', at: 'x' }])).toThrow('siyu: [1].at:');
    expect(() => parseActivityEvents({})).toThrow(SiyuError);
  });
});

describe('EventTable', () => {
  it('dictionary-encodes users and types, sorts by time, keeps input order on ties', () => {
    const events: ActivityEvent[] = [
      { id: 'c', userId: 'u2', type: 'message', at: 30 },
      { id: 'a', userId: 'u1', type: 'add_friend', at: 10, props: { channel: 'store' } },
      { id: 'b1', userId: 'u2', type: 'purchase', at: 20, amount: 990 },
      { id: 'b2', userId: 'u1', type: 'purchase', at: 20, amount: 0 },
    ];
    const t = buildEventTable(events, { keepProps: true });
    expect(t.length).toBe(4);
    expect(t.eventIds).toEqual(['a', 'b1', 'b2', 'c']);
    expect(t.userIds).toEqual(['u2', 'u1']);
    expect(t.types).toEqual(['message', 'add_friend', 'purchase']);
    expect(Array.from(t.user)).toEqual([1, 0, 1, 0]);
    expect(Array.from(t.type)).toEqual([1, 2, 2, 0]);
    expect(Array.from(t.at)).toEqual([10, 20, 20, 30]);
    expect(Array.from(t.amount)).toEqual([Number.NaN, 990, 0, Number.NaN]);
    expect(t.props?.[0]).toEqual({ channel: 'store' });
    expect(eventTableRows(t)).toEqual([...events].sort((x, y) => x.at - y.at));
    expect(buildEventTable(events).props).toBeUndefined();
  });

  it('rejects rows that are not events, naming the row', () => {
    expect(() => buildEventTable([{ id: 'a', userId: 'u', type: 't', at: Number.NaN }])).toThrow('siyu: [0].at:');
    expect(() => buildEventTable([{ id: 'a', userId: 'u', type: 't', at: '2026-01-01T00:00:00Z' } as unknown as ActivityEvent])).toThrow(
      'must be epoch milliseconds',
    );
    expect(() => buildEventTable([null as unknown as ActivityEvent])).toThrow('siyu: [0]: not an ActivityEvent');
  });

  it('property: the table round-trips to the events, stably sorted by time', () => {
    const event = fc.record({
      userId: fc.constantFrom('u1', 'u2', 'u3'),
      type: fc.constantFrom('a', 'b'),
      at: fc.integer({ min: 0, max: 20 }),
      amount: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (rows, typeCount) => {
        // Types beyond the first few (found by a scan) are found by the Map; built strings are distinct instances.
        const typeOf = (i: number, type: string): string => (typeCount <= 2 ? type : `t${String((i * 7) % typeCount)}`);
        const events: ActivityEvent[] = rows.map((r, i) => ({
          id: `e${i}`,
          userId: r.userId,
          type: typeOf(i, r.type),
          at: r.at,
          ...(r.amount === undefined ? {} : { amount: r.amount }),
        }));
        const expected = events.map((e, i) => ({ e, i })).sort((x, y) => x.e.at - y.e.at || x.i - y.i).map((x) => x.e);
        const table = buildEventTable(events);
        expect(eventTableRows(table)).toEqual(expected);
        expect(table.types).toEqual([...new Set(events.map((e) => e.type))]);
      }),
      { numRuns: 200 },
    );
  });
});
