/**
 * The batch engine against the ledger as it was (test/points/referenceLedger.ts): on random
 * programs and command streams (duplicates, refunds, redemptions, points + cash, activations,
 * adjustments, foreign events, commands out of order, expiry ticks), `applyPointsCommand` one
 * by one and `applyPointsCommands` in batches give exactly the reference's results and states.
 */
import fc from 'fast-check';
import {
  applyPointsCommand,
  applyPointsCommands,
  createPointsState,
  parsePointsProgram,
  tickPoints,
  type PointsCommand,
  type PointsCommandResult,
  type PointsProgram,
  type PointsRefundPolicy,
  type PointsState,
} from 'siyu/points';
import { startOfLocal } from 'siyu/core';
import { describe, expect, it } from 'vitest';
import { referenceApplyPointsCommand, referenceTickPoints } from './referenceLedger.js';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

type Op =
  | { t: 'purchase'; n: number; amount: number }
  | { t: 'share'; n: number }
  | { t: 'check'; n: number }
  | { t: 'scan'; n: number; code: number }
  | { t: 'refer'; n: number; role: 'inviter' | 'invitee' }
  | { t: 'foreign'; n: number }
  | { t: 'redeem'; item: 'a' | 'b' | 'zz'; q: number }
  | { t: 'cash'; goods: number; shipping: number }
  | { t: 'refund'; n: number; amount: number }
  | { t: 'refundAll'; n: number }
  | { t: 'activate'; n: number }
  | { t: 'adjust'; points: number }
  | { t: 'reuse'; n: number }
  | { t: 'tick' }
  | { t: 'replay'; index: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('purchase' as const), n: fc.nat(8), amount: fc.integer({ min: 1, max: 5_000 }) }) },
  fc.record({ t: fc.constant('share' as const), n: fc.nat(12) }),
  { weight: 2, arbitrary: fc.record({ t: fc.constant('check' as const), n: fc.nat(40) }) },
  fc.record({ t: fc.constant('scan' as const), n: fc.nat(12), code: fc.nat(4) }),
  fc.record({ t: fc.constant('refer' as const), n: fc.nat(4), role: fc.constantFrom('inviter' as const, 'invitee' as const) }),
  fc.record({ t: fc.constant('foreign' as const), n: fc.nat(4) }),
  { weight: 3, arbitrary: fc.record({ t: fc.constant('redeem' as const), item: fc.constantFrom('a' as const, 'b' as const, 'zz' as const), q: fc.integer({ min: 1, max: 3 }) }) },
  fc.record({ t: fc.constant('cash' as const), goods: fc.nat(20_000), shipping: fc.nat(1_000) }),
  { weight: 3, arbitrary: fc.record({ t: fc.constant('refund' as const), n: fc.nat(8), amount: fc.integer({ min: 1, max: 3_000 }) }) },
  // A whole order refunded, typically after its points were spent: debt under `allowNegative`.
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refundAll' as const), n: fc.nat(8) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('activate' as const), n: fc.nat(8) }) },
  fc.record({ t: fc.constant('adjust' as const), points: fc.integer({ min: -300, max: 300 }).filter((x) => x !== 0) }),
  fc.record({ t: fc.constant('reuse' as const), n: fc.nat(8) }),
  fc.record({ t: fc.constant('tick' as const) }),
  { weight: 3, arbitrary: fc.record({ t: fc.constant('replay' as const), index: fc.nat(200) }) },
);

/** Steps: a random delay, exactly 5 days (a lock's end), 0, or up to the next local midnight (an expiry's end). */
const stepArb = fc.record({
  dt: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -3_600_000, max: 4 * DAY }) }, fc.constant(5 * DAY), fc.constant(0)),
  midnight: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
  op: opArb,
});

const programArb = fc.record({
  zone: fc.constantFrom('Asia/Shanghai', 'America/New_York'),
  refundPolicy: fc.constantFrom<PointsRefundPolicy>('pendingOnly', 'withinBalance', 'allowNegative'),
  expiry: fc.constantFrom(
    { kind: 'never' as const },
    { kind: 'rolling' as const, duration: { amount: 10, unit: 'day' as const } },
    { kind: 'rolling' as const, duration: { amount: 36, unit: 'hour' as const, endOf: 'day' as const } },
    { kind: 'endOfPeriod' as const, unit: 'month' as const, periods: 0 },
    { kind: 'annualClearing' as const },
  ),
  lock: fc.constantFrom(
    { kind: 'none' as const },
    { kind: 'duration' as const, duration: { amount: 5, unit: 'day' as const } },
    { kind: 'manual' as const },
  ),
  dayCap: fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: undefined }),
  txCap: fc.option(fc.integer({ min: 50, max: 600 }), { nil: undefined }),
  balanceCap: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
});

type ProgramConfig = typeof programArb extends fc.Arbitrary<infer T> ? T : never;

function buildProgram(c: ProgramConfig): PointsProgram {
  return parsePointsProgram({
    timeZone: c.zone,
    refundPolicy: c.refundPolicy,
    expiry: c.expiry,
    lock: c.lock,
    rules: [
      { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 10 } },
      { id: 'bonus', eventType: 'purchase', when: { field: 'amount', op: 'gte', value: 2_000 }, award: { kind: 'fixed', amount: 33 }, lock: { kind: 'none' } },
      { id: 'share', eventType: 'share', award: { kind: 'fixed', amount: 7 }, lock: { kind: 'none' } },
      { kind: 'checkIn', id: 'daily', cycle: [1, 2, 3, 4, 5, 6, 10] },
      { kind: 'itemCode', id: 'code', award: { kind: 'fixed', amount: 25 } },
      { kind: 'referral', id: 'ref', inviter: 40, invitee: 15 },
    ],
    multipliers: [
      { id: 'camp', kind: 'campaign', from: START + 5 * DAY, to: START + 15 * DAY, percent: 150 },
      { id: 'gold', kind: 'tier', tiers: ['gold'], percent: 120 },
    ],
    caps: {
      periods: c.dayCap === undefined ? [] : [{ period: 'day', limit: c.dayCap }],
      ...(c.txCap === undefined ? {} : { transaction: c.txCap }),
      ...(c.balanceCap === undefined ? {} : { balance: c.balanceCap }),
    },
    redemption: { catalog: [{ id: 'a', points: 30 }, { id: 'b', points: 200 }], pointsCash: { points: 10, minorUnits: 1, maxSharePercent: 30, minOrder: 500 } },
  });
}

/** The commands of a stream, with `'tick'` markers, in order. */
function toCommands(steps: readonly { dt: number; midnight: boolean; op: Op }[], timeZone: string): { at: number; command: PointsCommand | 'tick' }[] {
  const out: { at: number; command: PointsCommand | 'tick' }[] = [];
  const history: PointsCommand[] = [];
  const bought = new Map<number, number>();
  let at = START;
  for (const { dt, midnight, op } of steps) {
    at = midnight ? startOfLocal(at + DAY, 'day', { timeZone }) : at + dt;
    let command: PointsCommand | 'tick' | undefined;
    switch (op.t) {
      case 'purchase':
        if (!bought.has(op.n)) bought.set(op.n, op.amount);
        command = { kind: 'earn', event: { id: `o${op.n}`, userId: 'u1', type: 'purchase', at, amount: op.amount }, member: { tier: op.n % 2 === 0 ? 'gold' : 'silver' } };
        break;
      case 'share':
        command = { kind: 'earn', event: { id: `s${op.n}`, userId: 'u1', type: 'share', at } };
        break;
      case 'check':
        command = { kind: 'earn', event: { id: `c${op.n}`, userId: 'u1', type: 'check_in', at } };
        break;
      case 'scan':
        command = { kind: 'earn', event: { id: `q${op.n}`, userId: 'u1', type: 'scan', at, props: { code: op.code === 0 ? '__proto__' : `K${op.code}` } } };
        break;
      case 'refer': {
        const props = op.role === 'inviter' ? { inviterId: 'u1', inviteeId: `v${op.n}` } : { inviterId: `v${op.n}`, inviteeId: 'u1' };
        command = { kind: 'earn', event: { id: `x${op.n}-${op.role}`, userId: op.role === 'inviter' ? `v${op.n}` : 'u1', type: 'referral', at, props } };
        break;
      }
      case 'foreign':
        command = { kind: 'earn', event: { id: `w${op.n}`, userId: 'u9', type: 'purchase', at, amount: 1_000 } };
        break;
      case 'redeem':
        command = { kind: 'redeem', key: `r${at}-${op.item}`, at, itemId: op.item, quantity: op.q };
        break;
      case 'cash':
        command = { kind: 'pointsCash', key: `p${at}`, at, orderId: `po${at}`, goods: op.goods, shipping: op.shipping };
        break;
      case 'refund':
        command = { kind: 'refund', key: `f${at}-${op.n}`, at, sourceId: `o${op.n}`, amount: op.amount };
        break;
      case 'refundAll':
        command = { kind: 'refund', key: `F${at}-${op.n}`, at, sourceId: `o${op.n}`, amount: bought.get(op.n) ?? 1 };
        break;
      case 'activate':
        command = { kind: 'activate', key: `a${at}-${op.n}`, at, sourceId: `o${op.n}` };
        break;
      case 'adjust':
        command = { kind: 'adjust', key: `j${at}`, at, points: op.points };
        break;
      case 'reuse':
        command = { kind: 'adjust', key: `o${op.n}`, at, points: 5 };
        break;
      case 'tick':
        command = 'tick';
        break;
      case 'replay':
        command = history.length === 0 ? undefined : history[op.index % history.length];
        break;
    }
    if (command === undefined) continue;
    if (command !== 'tick') history.push(command);
    out.push({ at, command });
  }
  return out;
}

/** Freezes a state deeply, so any write to the caller's state would throw. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The result of a command without its state, as a batch reports it. */
function withoutState(r: PointsCommandResult): unknown {
  if (!r.ok) return r;
  return { ok: true, entries: r.entries, outcome: r.outcome, replayed: r.replayed };
}

const settings = { numRuns: 150 };

/** One tick on the engine and on the reference ledger; both must agree. Returns the next states. */
function tickBoth(state: PointsState, ref: PointsState, at: number): { state: PointsState; ref: PointsState } {
  const a = tickPoints(deepFreeze(state), at);
  const b = referenceTickPoints(ref, at);
  expect(a).toStrictEqual(b);
  return { state: a.state, ref: b.state };
}

/**
 * Applies `stream` with `applyPointsCommands` in batches (ending at every tick and after
 * `batchSize` commands) and asserts each batch's results, applied count and state equal the
 * reference ledger's one by one, a batch that applies nothing returns its input state, and every
 * tick equals the reference tick.
 */
function expectBatchesMatchReference(program: PointsProgram, stream: ReturnType<typeof toCommands>, batchSize: number): void {
  let state = createPointsState('u1', program.timeZone);
  let ref = state;
  let batch: PointsCommand[] = [];
  const flush = (): void => {
    const input = deepFreeze(state);
    const result = applyPointsCommands(input, program, batch);
    expect(result.results).toHaveLength(batch.length);
    let applied = 0;
    batch.forEach((command, i) => {
      const expected = referenceApplyPointsCommand(ref, program, command);
      expect(result.results[i]).toStrictEqual(withoutState(expected));
      if (expected.ok) {
        if (!expected.replayed) applied++;
        ref = expected.state;
      }
    });
    expect(result.applied).toBe(applied);
    expect(result.state).toStrictEqual(ref);
    if (applied === 0) expect(result.state).toBe(input);
    state = result.state;
    batch = [];
  };
  for (const { at, command } of stream) {
    if (command === 'tick') {
      flush();
      ({ state, ref } = tickBoth(state, ref, at));
      continue;
    }
    batch.push(command);
    if (batch.length >= batchSize) flush();
  }
  flush();
  expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
}

describe('the batch engine equals the reference ledger', () => {
  it('applyPointsCommand one by one: same results, same states', () => {
    fc.assert(
      fc.property(programArb, fc.array(stepArb, { minLength: 10, maxLength: 60 }), (config, steps) => {
        const program = buildProgram(config);
        let state = createPointsState('u1', program.timeZone);
        let ref = state;
        for (const { at, command } of toCommands(steps, program.timeZone)) {
          if (command === 'tick') {
            ({ state, ref } = tickBoth(state, ref, at));
            continue;
          }
          const a = applyPointsCommand(deepFreeze(state), program, command);
          const b = referenceApplyPointsCommand(ref, program, command);
          expect(a).toStrictEqual(b);
          if (a.ok && b.ok) {
            if (a.replayed) expect(a.state).toBe(state);
            state = a.state;
            ref = b.state;
          }
        }
        expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
      }),
      settings,
    );
  });

  it('applyPointsCommands in batches between ticks: same per-command results, same final state', () => {
    fc.assert(
      fc.property(programArb, fc.array(stepArb, { minLength: 10, maxLength: 60 }), fc.nat(5), (config, steps, cut) => {
        const program = buildProgram(config);
        // Batches end at ticks, and at every (cut + 3)-th command.
        expectBatchesMatchReference(program, toCommands(steps, program.timeZone), cut + 3);
      }),
      settings,
    );
  });

  it('long batches (past the sizes at which a draft indexes its keys and sorts differently), with points beyond 32-bit integers', () => {
    fc.assert(
      fc.property(programArb, fc.array(stepArb, { minLength: 40, maxLength: 140 }), fc.boolean(), (config, steps, huge) => {
        const program = buildProgram(config);
        const stream = toCommands(steps, program.timeZone).map(({ at, command }) =>
          // Adjustments in the billions, so balances, entries and refunds leave the small-integer range.
          huge && command !== 'tick' && command.kind === 'adjust' ? { at, command: { ...command, points: command.points * 50_000_000 } } : { at, command },
        );
        // One batch per stretch between ticks.
        expectBatchesMatchReference(program, stream, Number.POSITIVE_INFINITY);
      }),
      { numRuns: 60 },
    );
  });
});
