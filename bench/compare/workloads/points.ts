/**
 * The points ledger: a seeded stream of mixed ledger commands (purchases, check-ins,
 * redemptions, refunds, manual adjustments and re-delivered duplicates) for many members,
 * applied by siyu in a batch per member (`applyPointsCommands`) and one command at a time
 * (`applyPointsCommand`). Expiry and activation happen as time passes (7-day lock, 30-day
 * rolling expiry over a 90-day stream).
 *
 * The stream is partitioned by member before the timing, as a queue partitioned by member id
 * delivers it; each member's commands are in time order. Both implementations start every member
 * from an empty ledger and keep every final state. The canonical result is a digest of the final
 * states (lots, entries, processed keys) and of every command's outcome, plus totals.
 */
import { createRandom } from '../../../src/core/index.js';
import {
  applyPointsCommand,
  applyPointsCommands,
  createPointsState,
  parsePointsProgram,
  type PointsCommand,
  type PointsOutcomeDetail,
  type PointsState,
} from '../../../src/points/index.js';
import type { Implementation, Workload, WorkloadFactory } from '../workload.js';

const program = parsePointsProgram({
  timeZone: 'Asia/Shanghai',
  refundPolicy: 'withinBalance',
  rules: [
    { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
    { kind: 'checkIn', id: 'daily', cycle: [1, 2, 3, 4, 5, 6, 10] },
  ],
  multipliers: [{ id: 'gold', kind: 'tier', tiers: ['gold'], percent: 150 }],
  caps: { periods: [{ period: 'day', limit: 2_000 }] },
  lock: { kind: 'duration', duration: { amount: 7, unit: 'day' } },
  expiry: { kind: 'rolling', duration: { amount: 30, unit: 'day' } },
  redemption: { catalog: [{ id: 'coupon', points: 50 }, { id: 'mug', points: 400 }] },
});

/** One member's commands, in time order. */
export interface PointsMemberStream {
  readonly memberId: string;
  readonly commands: readonly PointsCommand[];
}

/**
 * `count` commands over `members` members, 90 days from 2026-01-01 (UTC), grouped by member.
 * Each command draws its member uniformly and its instant from its position in the global
 * stream; then by kind: 50 % purchases (amount 1–500 yuan, half of them by gold members),
 * 20 % check-ins, 12 % redemptions (coupon or mug), 8 % partial refunds of an earlier purchase,
 * 5 % manual adjustments (±), 5 % re-deliveries of an earlier command of the same member.
 */
export function generatePointsStreams(seed: number, count: number, members: number): PointsMemberStream[] {
  const rng = createRandom(seed);
  const start = Date.UTC(2026, 0, 1);
  const span = 90 * 86_400_000;
  // Counting sort of the command positions by member, so each member's commands are built together.
  const memberOf = new Int32Array(count);
  const counts = new Int32Array(members + 1);
  for (let i = 0; i < count; i++) {
    const m = rng.nextInt(members);
    memberOf[i] = m;
    counts[m + 1] = (counts[m + 1] as number) + 1;
  }
  for (let m = 0; m < members; m++) counts[m + 1] = (counts[m + 1] as number) + (counts[m] as number);
  const order = new Int32Array(count);
  const fill = counts.slice(0, members);
  for (let i = 0; i < count; i++) {
    const m = memberOf[i] as number;
    order[fill[m] as number] = i;
    fill[m] = (fill[m] as number) + 1;
  }
  const out: PointsMemberStream[] = new Array<PointsMemberStream>(members);
  for (let m = 0; m < members; m++) {
    const memberId = `u${m}`;
    const commands: PointsCommand[] = [];
    const purchases: { id: string; amount: number }[] = [];
    for (let k = counts[m] as number; k < (counts[m + 1] as number); k++) {
      const i = order[k] as number;
      const at = start + Math.floor((i * span) / count);
      const roll = rng.nextInt(100);
      if (roll >= 95 && commands.length > 0) {
        commands.push(commands[rng.nextInt(commands.length)] as PointsCommand);
      } else if (roll < 50 || (roll >= 82 && roll < 90 && purchases.length === 0)) {
        const id = `o${i}`;
        const amount = 100 + rng.nextInt(50_000);
        purchases.push({ id, amount });
        commands.push({ kind: 'earn', event: { id, userId: memberId, type: 'purchase', at, amount }, member: { tier: roll % 2 === 0 ? 'gold' : 'silver' } });
      } else if (roll < 70) {
        commands.push({ kind: 'earn', event: { id: `c${i}`, userId: memberId, type: 'check_in', at } });
      } else if (roll < 82) {
        commands.push({ kind: 'redeem', key: `r${i}`, at, itemId: roll < 78 ? 'coupon' : 'mug' });
      } else if (roll < 90) {
        const p = purchases[rng.nextInt(purchases.length)] as { id: string; amount: number };
        commands.push({ kind: 'refund', key: `f${i}`, at, sourceId: p.id, amount: 1 + rng.nextInt(Math.max(1, p.amount >> 1)) });
      } else {
        commands.push({ kind: 'adjust', key: `a${i}`, at, points: rng.nextInt(2) === 0 ? 5 + rng.nextInt(100) : -(5 + rng.nextInt(100)) });
      }
    }
    out[m] = { memberId, commands };
  }
  return out;
}

/** What both implementations return: every member's final state and every command's outcome. */
interface PointsRun {
  readonly states: readonly PointsState[];
  /** Per command: its outcome, `replayed` marks, or the rejection reason. */
  readonly outcomes: readonly (PointsOutcomeDetail | string)[];
  readonly replayed: number;
}

function mix(h: number, x: number): number {
  return Math.imul(h ^ (x | 0) ^ Math.floor(x / 4_294_967_296), 0x01000193);
}

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** A digest of the final states and outcomes, and totals. */
function canonicalRun(run: PointsRun): unknown {
  let states = 0x811c9dc5;
  let available = 0;
  let lots = 0;
  let entries = 0;
  for (const s of run.states) {
    states = mixString(states, s.memberId);
    states = mix(mix(states, s.lastAt ?? -1), s.nextLot);
    for (const l of s.lots) {
      states = mixString(mix(mix(mix(mix(states, l.remaining), l.amount), l.activeAt ?? -1), l.expiresAt ?? -1), l.id);
      available += l.remaining;
    }
    for (const e of s.entries) {
      states = mix(mix(mix(mixString(states, e.kind), e.at), e.points), e.available * 3 + e.pending);
      for (const m of e.lots) states = mix(mixString(states, m.lotId), m.points);
    }
    for (const p of s.processed) states = mix(mix(mixString(states, p.key), p.from), p.to);
    for (const r of s.sources) states = mix(mix(mix(mixString(states, r.sourceId), r.revoked), r.refunded), r.awarded);
    lots += s.lots.length;
    entries += s.entries.length;
  }
  let outcomes = 0x811c9dc5;
  let accepted = 0;
  const rejected: Record<string, number> = {};
  for (const o of run.outcomes) {
    if (typeof o === 'string') {
      rejected[o] = (rejected[o] ?? 0) + 1;
      outcomes = mixString(outcomes, o);
      continue;
    }
    accepted++;
    outcomes = mixString(outcomes, o.kind);
    if (o.kind === 'earn') outcomes = mix(mix(outcomes, o.desired), o.awarded);
    else if (o.kind === 'refund') outcomes = mix(mix(outcomes, o.due), o.revoked);
    else if (o.kind === 'redeem' || o.kind === 'adjust') outcomes = mix(outcomes, o.points);
  }
  return { members: run.states.length, accepted, replayed: run.replayed, rejected, lots, entries, available, stateDigest: states >>> 0, outcomeDigest: outcomes >>> 0 };
}

function runBatch(streams: readonly PointsMemberStream[]): PointsRun {
  const states: PointsState[] = new Array<PointsState>(streams.length);
  const outcomes: (PointsOutcomeDetail | string)[] = [];
  let replayed = 0;
  for (let m = 0; m < streams.length; m++) {
    const { memberId, commands } = streams[m] as PointsMemberStream;
    const batch = applyPointsCommands(createPointsState(memberId, program.timeZone), program, commands);
    states[m] = batch.state;
    for (const r of batch.results) {
      if (!r.ok) outcomes.push(r.reason);
      else {
        outcomes.push(r.outcome);
        if (r.replayed) replayed++;
      }
    }
  }
  return { states, outcomes, replayed };
}

function runOneByOne(streams: readonly PointsMemberStream[]): PointsRun {
  const states: PointsState[] = new Array<PointsState>(streams.length);
  const outcomes: (PointsOutcomeDetail | string)[] = [];
  let replayed = 0;
  for (let m = 0; m < streams.length; m++) {
    const { memberId, commands } = streams[m] as PointsMemberStream;
    let state = createPointsState(memberId, program.timeZone);
    for (const command of commands) {
      const r = applyPointsCommand(state, program, command);
      if (!r.ok) outcomes.push(r.reason);
      else {
        state = r.state;
        outcomes.push(r.outcome);
        if (r.replayed) replayed++;
      }
    }
    states[m] = state;
  }
  return { states, outcomes, replayed };
}

/** The batch implementation's name (the rate target's subject). */
const BATCH = 'siyu applyPointsCommands (batch per member)';
const ONE_BY_ONE = 'siyu applyPointsCommand (one by one)';

export const createWorkloads: WorkloadFactory = async (context) => {
  // 10 commands per member at every size. The scale is 10⁶ commands over 10⁵ members, but
  // one command at a time that takes far more than the harness's ~5 s per run (the retained
  // ledgers alone are ~1.2 GB of JS objects), so real runs use 10⁵ over 10⁴.
  const [count, members] = context.size === 'tiny' ? [600, 60] : [100_000, 10_000];
  const streams = generatePointsStreams(2026, count, members);
  const implementations: Implementation[] = [
    { name: ONE_BY_ONE, run: () => runOneByOne(streams), canonical: (result) => canonicalRun(result as PointsRun) },
    { name: BATCH, run: () => runBatch(streams), canonical: (result) => canonicalRun(result as PointsRun) },
  ];
  const workload: Workload = {
    name: `points: mixed ledger commands, ${count.toLocaleString('en')} over ${members.toLocaleString('en')} members`,
    items: count,
    unit: 'commands',
    implementations,
    baseline: ONE_BY_ONE,
    rateTargets: [{ subject: BATCH, minPerSecond: 1e6 }],
  };
  return Promise.resolve([workload]);
};
