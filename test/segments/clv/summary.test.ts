import { describe, expect, it } from 'vitest';
import { atLocalTime, buildEventTable, type ActivityEvent } from 'siyu/core';
import { buildClvSummary, fitBgNbd } from 'siyu/segments';

let seq = 0;
function buy(userId: string, date: string, time: string, amount?: number, timeZone = 'Asia/Shanghai', type = 'purchase'): ActivityEvent {
  seq++;
  return { id: `e${seq}`, userId, type, at: atLocalTime(date, time, timeZone), ...(amount === undefined ? {} : { amount }) };
}

describe('buildClvSummary', () => {
  it('counts repeat purchase days, t_x and T in days, and the mean repeat spend', () => {
    const events = [
      buy('u1', '2026-03-01', '10:00', 10_000),
      buy('u1', '2026-03-05', '09:00', 3_000),
      buy('u1', '2026-03-05', '22:30', 2_000), // same local day: one purchase period of 5,000
      buy('u1', '2026-03-11', '12:00', 7_000),
      buy('u2', '2026-03-20', '12:00', 900),
    ];
    expect(buildClvSummary(events, { calibrationEnd: '2026-03-31' })).toEqual([
      { userId: 'u1', x: 2, tX: 10, T: 30, meanSpend: 6_000 },
      { userId: 'u2', x: 0, tX: 0, T: 11, meanSpend: 0 },
    ]);
  });

  it('places purchases on local days of the zone, not UTC days', () => {
    // 23:30 and 00:30 Shanghai time: two local days in Shanghai, one UTC day (both 15:30/16:30 UTC).
    const events = [buy('u1', '2026-03-01', '23:30', 100), buy('u1', '2026-03-02', '00:30', 100)];
    expect(buildClvSummary(events, { calibrationEnd: '2026-03-10' })[0]).toMatchObject({ x: 1, tX: 1, T: 9 });
    expect(buildClvSummary(events, { calibrationEnd: '2026-03-10', timeZone: 'UTC' })[0]).toMatchObject({ x: 0, tX: 0 });
  });

  it('uses weeks of 7 local days', () => {
    const events = [buy('u1', '2026-01-01', '10:00', 1), buy('u1', '2026-01-15', '10:00', 1)];
    expect(buildClvSummary(events, { calibrationEnd: '2026-01-29', timeUnit: 'week' })).toEqual([{ userId: 'u1', x: 1, tX: 2, T: 4, meanSpend: 1 }]);
  });

  it('ignores other event types, later purchases and customers who first buy after the end', () => {
    const events = [
      buy('u1', '2026-03-01', '10:00', 500),
      buy('u1', '2026-03-02', '10:00', 99_999, 'Asia/Shanghai', 'refund'),
      buy('u1', '2026-04-02', '10:00', 800), // after calibrationEnd
      buy('u3', '2026-04-03', '10:00', 800), // first purchase after calibrationEnd
    ];
    expect(buildClvSummary(events, { calibrationEnd: '2026-03-31' })).toEqual([{ userId: 'u1', x: 0, tX: 0, T: 30, meanSpend: 0 }]);
  });

  it('counts holdout purchase days up to holdoutEnd', () => {
    const events = [
      buy('u1', '2026-03-01', '10:00', 500),
      buy('u1', '2026-04-02', '10:00', 800),
      buy('u1', '2026-04-02', '18:00', 800),
      buy('u1', '2026-04-09', '10:00', 800),
      buy('u1', '2026-06-01', '10:00', 800), // after holdoutEnd
      buy('u2', '2026-03-30', '10:00', 500),
    ];
    expect(buildClvSummary(events, { calibrationEnd: '2026-03-31', holdoutEnd: '2026-04-30' })).toEqual([
      { userId: 'u1', x: 0, tX: 0, T: 30, meanSpend: 0, holdoutPurchases: 2 },
      { userId: 'u2', x: 0, tX: 0, T: 1, meanSpend: 0, holdoutPurchases: 0 },
    ]);
  });

  it('treats a missing amount as 0 spend, honours purchaseType, and reads an EventTable', () => {
    const events = [buy('u1', '2026-03-01', '10:00', 500, 'UTC', 'order'), buy('u1', '2026-03-03', '10:00', undefined, 'UTC', 'order'), buy('u1', '2026-03-04', '10:00', 300, 'UTC', 'order')];
    const options = { calibrationEnd: '2026-03-04', timeZone: 'UTC', purchaseType: 'order' };
    const expected = [{ userId: 'u1', x: 2, tX: 3, T: 3, meanSpend: 150 }];
    expect(buildClvSummary(events, options)).toEqual(expected);
    expect(buildClvSummary(buildEventTable(events), options)).toEqual(expected);
    expect(buildClvSummary(events, { calibrationEnd: '2026-03-04' })).toEqual([]);
  });

  it('feeds fitBgNbd directly', () => {
    const events = [buy('a', '2026-01-01', '10:00', 1), buy('a', '2026-01-09', '10:00', 1), buy('b', '2026-01-02', '10:00', 1), buy('c', '2026-01-05', '10:00', 1), buy('c', '2026-01-06', '10:00', 1)];
    const fit = fitBgNbd(buildClvSummary(events, { calibrationEnd: '2026-01-31' }));
    expect(fit.customers).toBe(3);
  });

  it('rejects bad options and bad events with SiyuError naming the field', () => {
    const events = [buy('u1', '2026-03-01', '10:00', 500)];
    expect(() => buildClvSummary(events, { calibrationEnd: '2026-02-30' })).toThrow('siyu: calibrationEnd:');
    expect(() => buildClvSummary(events, { calibrationEnd: '2026-03-31', timeUnit: 'month' as 'day' })).toThrow('siyu: timeUnit:');
    expect(() => buildClvSummary(events, { calibrationEnd: '2026-03-31', timeZone: 'Mars/Olympus' })).toThrow('siyu: timeZone: unknown IANA time zone');
    expect(() => buildClvSummary(events, { calibrationEnd: '2026-03-31', holdoutEnd: '2026-03-31' })).toThrow('siyu: holdoutEnd: must come after calibrationEnd');
    expect(() => buildClvSummary([{ id: 'x', userId: 'u', type: 'purchase', at: Number.NaN }], { calibrationEnd: '2026-03-31' })).toThrow('siyu: [0].at');
    const table = buildEventTable([buy('u1', '2026-03-01', '10:00', 1), buy('u1', '2026-03-02', '10:00', 1)]);
    const shuffled = { ...table, at: Float64Array.from([table.at[1] as number, table.at[0] as number]) };
    expect(() => buildClvSummary(shuffled, { calibrationEnd: '2026-03-31' })).toThrow('siyu: events[1].at: EventTable rows must be in time order');
  });
});
