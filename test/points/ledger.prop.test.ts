/** Property tests of the ledger over random command sequences: nothing lost, nothing counted twice. */
import fc from 'fast-check';
import {
  applyPointsCommand,
  balanceAt,
  createPointsState,
  parsePointsProgram,
  planPointsDebit,
  tickPoints,
  type PointsCommand,
  type PointsProgram,
  type PointsRefundPolicy,
  type PointsState,
} from 'siyu/points';
import { describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

type Op =
  | { t: 'purchase'; n: number; amount: number }
  | { t: 'share'; n: number }
  | { t: 'check'; n: number }
  | { t: 'scan'; n: number; code: number }
  | { t: 'redeem'; item: 'a' | 'b'; q: number }
  | { t: 'cash'; goods: number; shipping: number }
  | { t: 'refund'; n: number; amount: number }
  | { t: 'activate'; n: number }
  | { t: 'adjust'; points: number }
  | { t: 'tick' }
  | { t: 'replay'; index: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('purchase' as const), n: fc.nat(6), amount: fc.integer({ min: 1, max: 5_000 }) }) },
  fc.record({ t: fc.constant('share' as const), n: fc.nat(12) }),
  fc.record({ t: fc.constant('check' as const), n: fc.nat(40) }),
  fc.record({ t: fc.constant('scan' as const), n: fc.nat(12), code: fc.nat(4) }),
  { weight: 3, arbitrary: fc.record({ t: fc.constant('redeem' as const), item: fc.constantFrom('a' as const, 'b' as const), q: fc.integer({ min: 1, max: 3 }) }) },
  fc.record({ t: fc.constant('cash' as const), goods: fc.nat(20_000), shipping: fc.nat(1_000) }),
  { weight: 3, arbitrary: fc.record({ t: fc.constant('refund' as const), n: fc.nat(6), amount: fc.integer({ min: 1, max: 3_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('activate' as const), n: fc.nat(6) }) },
  fc.record({ t: fc.constant('adjust' as const), points: fc.integer({ min: -300, max: 300 }).filter((x) => x !== 0) }),
  fc.record({ t: fc.constant('tick' as const) }),
  fc.record({ t: fc.constant('replay' as const), index: fc.nat(200) }),
);

const stepArb = fc.record({ dt: fc.integer({ min: -3_600_000, max: 3 * DAY }), op: opArb });

const programArb = fc.record({
  zone: fc.constantFrom('Asia/Shanghai', 'America/New_York'),
  refundPolicy: fc.constantFrom<PointsRefundPolicy>('pendingOnly', 'withinBalance', 'allowNegative'),
  expiry: fc.constantFrom(
    { kind: 'never' as const },
    { kind: 'rolling' as const, duration: { amount: 10, unit: 'day' as const } },
    { kind: 'endOfPeriod' as const, unit: 'month' as const, periods: 0 },
    { kind: 'annualClearing' as const },
  ),
  lock: fc.constantFrom(
    { kind: 'none' as const },
    { kind: 'duration' as const, duration: { amount: 5, unit: 'day' as const } },
    { kind: 'manual' as const },
  ),
  dayCap: fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: undefined }),
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
    ],
    multipliers: [{ id: 'camp', kind: 'campaign', from: START + 5 * DAY, to: START + 15 * DAY, percent: 150 }],
    caps: { periods: c.dayCap === undefined ? [] : [{ period: 'day', limit: c.dayCap }], ...(c.balanceCap === undefined ? {} : { balance: c.balanceCap }) },
    redemption: { catalog: [{ id: 'a', points: 30 }, { id: 'b', points: 200 }], pointsCash: { points: 10, minorUnits: 1, maxSharePercent: 30, minOrder: 500 } },
  });
}

function toCommand(op: Op, at: number, history: PointsCommand[]): PointsCommand | 'tick' | undefined {
  switch (op.t) {
    case 'purchase':
      return { kind: 'earn', event: { id: `o${op.n}`, userId: 'u1', type: 'purchase', at, amount: op.amount } };
    case 'share':
      return { kind: 'earn', event: { id: `s${op.n}`, userId: 'u1', type: 'share', at } };
    case 'check':
      return { kind: 'earn', event: { id: `c${op.n}`, userId: 'u1', type: 'check_in', at } };
    case 'scan':
      return { kind: 'earn', event: { id: `q${op.n}`, userId: 'u1', type: 'scan', at, props: { code: `K${op.code}` } } };
    case 'redeem':
      return { kind: 'redeem', key: `r${at}-${op.item}`, at, itemId: op.item, quantity: op.q };
    case 'cash':
      return { kind: 'pointsCash', key: `p${at}`, at, orderId: `po${at}`, goods: op.goods, shipping: op.shipping };
    case 'refund':
      return { kind: 'refund', key: `f${at}-${op.n}`, at, sourceId: `o${op.n}`, amount: op.amount };
    case 'activate':
      return { kind: 'activate', key: `a${at}-${op.n}`, at, sourceId: `o${op.n}` };
    case 'adjust':
      return { kind: 'adjust', key: `j${at}`, at, points: op.points };
    case 'tick':
      return 'tick';
    case 'replay':
      return history.length === 0 ? undefined : history[op.index % history.length];
  }
}

/** Every invariant of a ledger state (plain checks collected, one assertion: fast). */
function checkInvariants(state: PointsState, policy: PointsRefundPolicy): void {
  const asOf = state.lastAt ?? START;
  const problems: string[] = [];
  const check = (cond: boolean, what: string): void => {
    if (!cond) problems.push(what);
  };
  // Entries in order; movements in the log add up to each lot's remaining.
  const moved = new Map<string, number>();
  let prevAt = Number.NEGATIVE_INFINITY;
  state.entries.forEach((e, i) => {
    check(e.seq === i, `entry ${i} seq ${e.seq}`);
    check(e.at >= prevAt, `entry ${i} out of time order`);
    check(e.points >= 0, `entry ${i} negative points`);
    prevAt = e.at;
    if (e.kind === 'activate') return;
    for (const m of e.lots) moved.set(m.lotId, (moved.get(m.lotId) ?? 0) + m.points);
  });
  let available = 0;
  let pending = 0;
  for (const lot of state.lots) {
    if (lot.source.ruleId === 'debt') check(lot.amount < 0 && lot.remaining >= lot.amount && lot.remaining <= 0, `debt lot ${lot.id} out of bounds`);
    else check(lot.amount > 0 && lot.remaining >= 0 && lot.remaining <= lot.amount, `lot ${lot.id} out of bounds`);
    check((moved.get(lot.id) ?? 0) === lot.remaining, `lot ${lot.id}: log moves ${moved.get(lot.id) ?? 0}, remaining ${lot.remaining}`);
    if (lot.expiresAt !== null && lot.expiresAt < asOf) check(lot.remaining === 0, `lot ${lot.id} expired with points left`);
    if (lot.activeAt === null || lot.activeAt > asOf) pending += lot.remaining;
    else available += lot.remaining;
  }
  // The log folds to the same balances as the lots.
  let fa = 0;
  let fp = 0;
  for (const e of state.entries) {
    fa += e.available;
    fp += e.pending;
  }
  check(fa === available && fp === pending, `log folds to ${fa}/${fp}, lots give ${available}/${pending}`);
  const b = balanceAt(state, asOf);
  check(b.available === available && b.pending === pending, 'balanceAt differs from the lots');
  check(b.earned === b.available + b.pending + b.redeemed + b.expired + b.revoked + b.adjusted, `earned ${b.earned} ≠ Σ buckets`);
  if (policy !== 'allowNegative') check(b.available >= 0, 'negative balance');
  // Debt is never left standing next to spendable points.
  const debt = state.lots.some((l) => l.remaining < 0);
  const spendable = state.lots.some((l) => l.remaining > 0 && l.activeAt !== null && l.activeAt <= asOf);
  check(!(debt && spendable), 'debt next to spendable points');
  for (const s of state.sources) {
    const id = s.sourceId;
    check(s.revoked <= s.revokeDue && s.revokeDue <= s.awarded, `source ${id} revoked more than awarded`);
    if (s.amount !== null) check(s.refunded <= s.amount, `source ${id} refunded more than its amount`);
  }
  expect(problems).toEqual([]);
}

function run(program: PointsProgram, steps: readonly { dt: number; op: Op }[], policy: PointsRefundPolicy, check: boolean): PointsState {
  let state = createPointsState('u1', program.timeZone);
  let at = START;
  const history: PointsCommand[] = [];
  for (const { dt, op } of steps) {
    at += dt;
    const command = toCommand(op, at, history);
    if (command === undefined) continue;
    if (command === 'tick') {
      const t = tickPoints(state, at);
      if (check) {
        expect(tickPoints(t.state, at).state).toBe(t.state);
        checkInvariants(t.state, policy);
      }
      state = t.state;
      continue;
    }
    const cmdAt = command.kind === 'earn' ? command.event.at : command.at;
    const before = state;
    const result = applyPointsCommand(state, program, command);
    if (!result.ok) {
      if (check && result.reason === 'out_of_order') expect(before.lastAt).toBeGreaterThan(cmdAt);
      continue;
    }
    if (check) {
      if (result.replayed) expect(result.state).toBe(before);
      const again = applyPointsCommand(result.state, program, command);
      expect(again.ok && again.replayed && again.state === result.state).toBe(true);
      if (again.ok) expect(again.outcome).toEqual(result.outcome);
      // Burn order: a debit consumes exactly the lots planned in burn order.
      if (!result.replayed && (command.kind === 'redeem' || command.kind === 'pointsCash' || (command.kind === 'adjust' && command.points < 0))) {
        const debit = result.entries.find((e) => e.kind === 'redeem' || e.kind === 'adjust');
        if (debit !== undefined) expect(debit.lots).toEqual(planPointsDebit(tickPoints(before, cmdAt).state.lots, cmdAt, debit.points));
      }
      checkInvariants(result.state, policy);
    }
    if (!result.replayed) history.push(command);
    state = result.state;
  }
  return state;
}

describe('points ledger properties', () => {
  it('keeps every invariant over random command sequences, and replays are no-ops', () => {
    fc.assert(
      fc.property(programArb, fc.array(stepArb, { minLength: 5, maxLength: 50, size: 'max' }), (config, steps) => {
        run(buildProgram(config), steps, config.refundPolicy, true);
      }),
      { numRuns: 120 },
    );
  }, 60_000);

  it('a state survives JSON and continues identically', () => {
    fc.assert(
      fc.property(programArb, fc.array(stepArb, { maxLength: 40, size: 'max' }), (config, head) => {
        const program = buildProgram(config);
        const state = run(program, head, config.refundPolicy, false);
        const revived = JSON.parse(JSON.stringify(state)) as PointsState;
        expect(revived).toEqual(state);
        const end = Math.max(state.lastAt ?? START, START) + 400 * DAY;
        expect(tickPoints(revived, end).state).toEqual(tickPoints(state, end).state);
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the host zone', () => {
    const saved = process.env.TZ;
    try {
      fc.assert(
        fc.property(programArb, fc.array(stepArb, { maxLength: 30 }), (config, steps) => {
          const program = buildProgram(config);
          process.env.TZ = 'UTC';
          const a = JSON.stringify(run(program, steps, config.refundPolicy, false));
          process.env.TZ = 'Pacific/Chatham';
          const b = JSON.stringify(run(program, steps, config.refundPolicy, false));
          expect(b).toBe(a);
        }),
        { numRuns: 30 },
      );
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
