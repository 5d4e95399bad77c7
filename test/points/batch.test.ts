/** applyPointsCommands: a batch on one draft, equal to one command at a time. */
import { SiyuError } from 'siyu/core';
import { applyPointsCommand, applyPointsCommands, createPointsState, parsePointsProgram, type PointsCommand, type PointsState } from 'siyu/points';
import { describe, expect, it } from 'vitest';
import { ZONES, ev, local } from './helpers.js';

describe.each(ZONES)('applyPointsCommands in %s', (zone) => {
  const program = parsePointsProgram({
    timeZone: zone,
    lock: { kind: 'duration', duration: { amount: 7, unit: 'day' } },
    expiry: { kind: 'rolling', duration: { amount: 30, unit: 'day' } },
    rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }],
    redemption: { catalog: [{ id: 'mug', points: 60 }] },
  });
  const empty = (): PointsState => createPointsState('u1', zone);
  const oneByOne = (state: PointsState, commands: readonly PointsCommand[]): PointsState => {
    let s = state;
    for (const c of commands) {
      const r = applyPointsCommand(s, program, c);
      if (r.ok) s = r.state;
    }
    return s;
  };

  it('an empty batch returns the state itself', () => {
    const state = empty();
    expect(applyPointsCommands(state, program, [])).toEqual({ state, results: [], applied: 0 });
    expect(applyPointsCommands(state, program, []).state).toBe(state);
  });

  it('a batch of rejections and replays returns the state itself, time steps undone', () => {
    const earned = applyPointsCommands(empty(), program, [{ kind: 'earn', event: ev('o1', 'purchase', local(zone, '2025-01-01', '10:00'), { amount: 10_000 }) }]);
    expect(earned.applied).toBe(1);
    // 8 days later the lot has activated; the redemption is still refused (100 < 60 × 2) and leaves no activation entry behind.
    const later = local(zone, '2025-01-09');
    const batch = applyPointsCommands(earned.state, program, [
      { kind: 'redeem', key: 'r1', at: later, itemId: 'mug', quantity: 2 },
      { kind: 'earn', event: ev('o1', 'purchase', local(zone, '2025-01-01', '10:00'), { amount: 10_000 }) },
      { kind: 'adjust', key: 'o1', at: later, points: 5 },
      { kind: 'earn', event: ev('o9', 'purchase', later, { amount: 500 }, 'u2') },
    ]);
    expect(batch.results.map((r) => (r.ok ? `replayed:${r.replayed}` : r.reason))).toEqual(['insufficient_points', 'replayed:true', 'key_reused', 'wrong_member']);
    expect(batch.applied).toBe(0);
    expect(batch.state).toBe(earned.state);
    const replay = batch.results[1];
    expect(replay?.ok && replay.entries.map((e) => e.kind)).toEqual(['earn']);
  });

  it('replays, reused keys and out-of-order commands inside one batch', () => {
    const t0 = local(zone, '2025-03-01', '09:00');
    const commands: PointsCommand[] = [
      { kind: 'earn', event: ev('o1', 'purchase', t0, { amount: 20_000 }) },
      { kind: 'adjust', key: 'gift', at: t0 + 1, points: 40 },
      { kind: 'adjust', key: 'gift', at: t0 + 2, points: 40 },
      { kind: 'redeem', key: 'gift', at: t0 + 3, itemId: 'mug' },
      { kind: 'redeem', key: 'r1', at: t0 + 8 * 86_400_000, itemId: 'mug' },
      { kind: 'adjust', key: 'late', at: t0 + 5, points: 1 },
      { kind: 'redeem', key: 'r1', at: t0 + 8 * 86_400_000, itemId: 'mug' },
    ];
    const batch = applyPointsCommands(empty(), program, commands);
    expect(batch.results.map((r) => (r.ok ? (r.replayed ? 'replayed' : r.outcome.kind) : r.reason))).toEqual(['earn', 'adjust', 'replayed', 'key_reused', 'redeem', 'out_of_order', 'replayed']);
    expect(batch.applied).toBe(3);
    expect(batch.state).toEqual(oneByOne(empty(), commands));
    const redeemed = batch.results[4];
    // The time step (activation of o1's 200 points) comes first, then the redemption.
    expect(redeemed?.ok && redeemed.entries.map((e) => [e.kind, e.points])).toEqual([
      ['activate', 200],
      ['redeem', 60],
    ]);
    const again = batch.results[6];
    expect(again?.ok && again.entries).toEqual(redeemed?.ok && redeemed.entries);
  });

  it('a state with fields of its own, or in another order (e.g. from a database), keeps them and their order', () => {
    const stored = JSON.parse(JSON.stringify({ version: 3, ...empty() })) as PointsState;
    const commands: PointsCommand[] = [
      { kind: 'earn', event: ev('o1', 'purchase', local(zone, '2025-02-01'), { amount: 9_000 }) },
      { kind: 'refund', key: 'rf1', at: local(zone, '2025-02-02'), sourceId: 'o1', amount: 4_500 },
    ];
    const batch = applyPointsCommands(stored, program, commands);
    expect(Object.keys(batch.state)).toEqual(Object.keys(stored));
    expect((batch.state as PointsState & { version: number }).version).toBe(3);
    expect(batch.state).toStrictEqual(oneByOne(stored, commands));
    expect(Object.keys(oneByOne(stored, commands))).toEqual(Object.keys(stored));
  });

  it('long batches: many keys, many lots activating and expiring at once, same as one by one', () => {
    const t0 = local(zone, '2025-05-01', '08:00');
    const commands: PointsCommand[] = [];
    for (let i = 0; i < 45; i++) {
      // Keys in no particular order; purchases and adjustments interleaved.
      const at = t0 + i * 3_600_000;
      commands.push(i % 3 === 0 ? { kind: 'adjust', key: `k${(i * 37) % 101}`, at, points: 10 + i } : { kind: 'earn', event: ev(`o${(i * 53) % 97}`, 'purchase', at, { amount: 1_000 + i }) });
    }
    // 9 days later every purchase lot has activated; 40 days later everything has expired.
    commands.push({ kind: 'redeem', key: 'r-late', at: t0 + 9 * 86_400_000, itemId: 'mug', quantity: 2 });
    commands.push({ kind: 'redeem', key: 'r-expired', at: t0 + 40 * 86_400_000, itemId: 'mug' });
    const batch = applyPointsCommands(empty(), program, commands);
    expect(batch.state).toStrictEqual(oneByOne(empty(), commands));
    expect(batch.results.at(-1)).toMatchObject({ ok: false, reason: 'insufficient_points' });
    const late = batch.results.at(-2);
    expect(late?.ok && late.entries.filter((e) => e.kind === 'activate')).toHaveLength(30);
    expect(batch.state.processed.map((p) => p.key)).toEqual(batch.state.processed.map((p) => p.key).sort());
    // The rejected last redemption left its 45 expiries out of the state.
    expect(batch.state.entries.some((e) => e.kind === 'expire')).toBe(false);
  });

  it('a ledger past 4,096 lots names its lots on as before', () => {
    const t0 = local(zone, '2025-05-01', '08:00');
    const commands: PointsCommand[] = [];
    for (let i = 0; i < 4_100; i++) commands.push({ kind: 'adjust', key: `g${i}`, at: t0 + i, points: 1 });
    const batch = applyPointsCommands(empty(), program, commands);
    expect(batch.applied).toBe(4_100);
    expect(batch.state.lots.slice(4_094).map((l) => l.id)).toEqual(['L4095', 'L4096', 'L4097', 'L4098', 'L4099', 'L4100']);
    expect(batch.state.nextLot).toBe(4_101);
    expect(batch.state.entries.at(-1)?.lots).toEqual([{ lotId: 'L4100', points: 1 }]);
  });

  it('points beyond 32-bit integers are kept exactly, in a batch and one by one', () => {
    const t0 = local(zone, '2025-05-01', '08:00');
    const big = 5_000_000_000;
    const commands: PointsCommand[] = [
      { kind: 'adjust', key: 'a1', at: t0, points: big },
      { kind: 'earn', event: ev('o1', 'purchase', t0 + 1, { amount: 2 * big * 100 }) },
      { kind: 'redeem', key: 'r1', at: t0 + 2, itemId: 'mug', quantity: 3 },
      { kind: 'adjust', key: 'a2', at: t0 + 3, points: -(big - 180) },
      { kind: 'refund', key: 'f1', at: t0 + 4, sourceId: 'o1', amount: big * 100 },
    ];
    const batch = applyPointsCommands(empty(), program, commands);
    expect(batch.state).toStrictEqual(oneByOne(empty(), commands));
    expect(batch.state.lots.map((l) => [l.amount, l.remaining])).toEqual([
      [big, 0],
      // The purchase's lot is still locked: the refund takes its points back from there.
      [2 * big, big],
    ]);
    expect(batch.results.at(-1)).toMatchObject({ ok: true, outcome: { kind: 'refund', due: big, revoked: big } });
    expect(batch.state.entries.at(-1)).toMatchObject({ kind: 'revoke', points: big, available: 0, pending: -big });
    expect(JSON.parse(JSON.stringify(batch.state))).toStrictEqual(batch.state);
  });

  it('a malformed command throws and leaves the input untouched', () => {
    const state = Object.freeze(empty());
    const bad = [{ kind: 'adjust', key: 'a1', at: 0, points: 5 }, { kind: 'adjust', key: '', at: 1, points: 5 }] as PointsCommand[];
    expect(() => applyPointsCommands(state, program, bad)).toThrow(SiyuError);
    expect(() => applyPointsCommands(state, program, [{ kind: 'adjust', key: 'a1', at: 0, points: 0 }])).toThrow('points');
    expect(() => applyPointsCommands(state, program, [{ kind: 'nope', key: 'a1', at: 0 } as unknown as PointsCommand])).toThrow('unknown command kind');
    expect(state).toEqual(empty());
    expect(() => applyPointsCommands(createPointsState('u1', 'UTC'), program, [])).toThrow('zone');
  });
});
