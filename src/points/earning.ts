/**
 * Earning: what an activity event earns under a program's rules and multipliers, before caps.
 *
 * @module
 */
import { exactCopy, smallInt } from './keptValues.js';
import { compileCondition, localDayNumber, localParts, multiplyRatio, readField, type ActivityEvent, type Predicate, type RoundingMode } from '../core/index.js';
import { advanceCheckInStreak } from './checkIn.js';
import type { PointsEarningRule, PointsMultiplier, PointsProgram } from './schema.js';
import type { PointsSkipReason, PointsState } from './state.js';

/** What the earn command knows about the member, for multipliers. */
export interface PointsMemberContext {
  /** The member's current tier id (for `tier` multipliers). */
  readonly tier?: string | undefined;
  /** The member's birth month, 1–12 (for `birthdayMonth` multipliers). */
  readonly birthMonth?: number | undefined;
}

/** One matching rule's computed points, before caps. */
export interface PointsRuleEvaluation {
  /** The rule. */
  readonly ruleId: string;
  /** Points before caps: base × multipliers, rounded once (0 when skipped). */
  readonly desired: number;
  /** Multipliers applied, by id. */
  readonly multipliers: readonly string[];
  /** Why it awards nothing, when it does not. */
  readonly skipped?: PointsSkipReason | undefined;
  /** Check-in rules: the cycle day of this check-in. */
  readonly cycleDay?: number | undefined;
  /** Check-in rules: the local day number of this check-in. */
  readonly day?: number | undefined;
  /** Item-code rules: the code scanned. */
  readonly code?: string | undefined;
  /** Referral rules: this member's role. */
  readonly role?: 'inviter' | 'invitee' | undefined;
  /** Referral rules: the invitee's member id. */
  readonly inviteeId?: string | undefined;
}

interface CompiledRule {
  readonly rule: PointsEarningRule;
  readonly when: Predicate;
}

interface CompiledMultiplier {
  readonly multiplier: PointsMultiplier;
  readonly when: Predicate;
  readonly ruleIds: ReadonlySet<string> | null;
}

interface CompiledProgram {
  readonly byType: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly multipliers: readonly CompiledMultiplier[];
}

const always: Predicate = () => true;
const NO_PERCENTS: number[] = [];
const compiled = new WeakMap<PointsProgram, CompiledProgram>();

/** Compiles a program's conditions once per program object (a pure cache). */
function compile(program: PointsProgram): CompiledProgram {
  const hit = compiled.get(program);
  if (hit !== undefined) return hit;
  const byType = new Map<string, CompiledRule[]>();
  program.rules.forEach((rule, i) => {
    const list = byType.get(rule.eventType) ?? [];
    list.push({ rule, when: rule.when === undefined ? always : compileCondition(rule.when, { root: ['rules', i, 'when'] }) });
    byType.set(rule.eventType, list);
  });
  const multipliers = program.multipliers.map((m, i) => ({
    multiplier: m,
    when: m.when === undefined ? always : compileCondition(m.when, { root: ['multipliers', i, 'when'] }),
    ruleIds: m.ruleIds === undefined ? null : new Set(m.ruleIds),
  }));
  const out = { byType, multipliers };
  compiled.set(program, out);
  return out;
}

/** Does the program have a rule for this event type? */
function rulesFor(program: PointsProgram, type: string): readonly CompiledRule[] {
  return compile(program).byType.get(type) ?? [];
}

function multiplierApplies(c: CompiledMultiplier, ruleId: string, event: ActivityEvent, member: PointsMemberContext, program: PointsProgram): boolean {
  if (c.ruleIds !== null && !c.ruleIds.has(ruleId)) return false;
  if (!c.when(event)) return false;
  const m = c.multiplier;
  switch (m.kind) {
    case 'tier':
      return member.tier !== undefined && m.tiers.includes(member.tier);
    case 'birthdayMonth':
      return member.birthMonth !== undefined && localParts(event.at, program.timeZone).month === member.birthMonth;
    case 'campaign':
      return m.from <= event.at && event.at < m.to;
  }
}

/**
 * `base × amount / per × Π(percent) / 100^k`, rounded once; a small integer where it is one (a
 * quotient can come out as a boxed double, and the ledger keeps these numbers in its entries).
 */
function scaled(base: number, amount: number, per: number, percents: readonly number[], rounding: RoundingMode): number {
  let num = amount;
  let den = per;
  for (let k = 0; k < percents.length; k++) {
    num *= percents[k] as number;
    den *= 100;
  }
  return smallInt(multiplyRatio(base, num, den, rounding));
}

/** A fixed number of points with the multipliers' percents applied (`scaled` with amount and per 1). */
function scaledPoints(points: number, percents: readonly number[], rounding: RoundingMode): number {
  return scaled(points, 1, 1, percents, rounding);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * The member ids named by referral rules for this event (inviter, invitee), so a ledger can
 * accept a referral event delivered to either party.
 *
 * @example
 * ```ts
 * import { parsePointsProgram, referralParties } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ kind: 'referral', id: 'ref', inviter: 100, invitee: 50 }] });
 * referralParties(program, { id: 'r1', userId: 'u2', type: 'referral', at: 0, props: { inviterId: 'u1', inviteeId: 'u2' } }); // → ['u1', 'u2']
 * ```
 */
export function referralParties(program: PointsProgram, event: ActivityEvent): string[] {
  const out: string[] = [];
  for (const { rule } of rulesFor(program, event.type)) {
    if (rule.kind !== 'referral') continue;
    const inviter = asString(readField(event, rule.inviterField));
    const invitee = asString(readField(event, rule.inviteeField));
    if (inviter !== undefined) out.push(inviter);
    if (invitee !== undefined) out.push(invitee);
  }
  return out;
}

/**
 * Evaluates every rule of the event's type against the event and this member's ledger
 * (streaks, scanned codes, referrals), with multipliers, before caps. Changes nothing.
 * Multipliers multiply and the product is rounded once (per-spend rules round by their own
 * `rounding`, others by the program's).
 *
 * @example
 * ```ts
 * import { createPointsState, evaluatePointsEarn, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({
 *   rules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }],
 *   multipliers: [{ id: 'gold', kind: 'tier', tiers: ['gold'], percent: 200 }, { id: 'bday', kind: 'birthdayMonth', percent: 150 }],
 * });
 * const event = { id: 'o1', userId: 'u1', type: 'purchase', at: Date.UTC(2025, 2, 10), amount: 12_999 };
 * evaluatePointsEarn(program, createPointsState('u1'), event, { tier: 'gold', birthMonth: 3 });
 * // → [{ ruleId: 'spend', desired: 389, multipliers: ['gold', 'bday'] }]
 * ```
 */
export function evaluatePointsEarn(
  program: PointsProgram,
  state: Pick<PointsState, 'memberId' | 'checkIns' | 'scannedCodes' | 'invitees' | 'referredBy'>,
  event: ActivityEvent,
  member: PointsMemberContext = {},
): PointsRuleEvaluation[] {
  const out: PointsRuleEvaluation[] = [];
  const { multipliers } = compile(program);
  for (const { rule, when } of rulesFor(program, event.type)) {
    if (!when(event)) {
      out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'condition_not_met' });
      continue;
    }
    let ids: string[] = [];
    let percents: number[] = NO_PERCENTS;
    for (const c of multipliers) {
      if (!multiplierApplies(c, rule.id, event, member, program)) continue;
      if (percents === NO_PERCENTS) percents = [];
      ids.push(c.multiplier.id);
      percents.push(c.multiplier.percent);
    }
    // The ids end up in the outcome, which the ledger keeps: to measure (a pushed array keeps spare room).
    if (ids.length > 0) ids = exactCopy(ids);
    switch (rule.kind) {
      case 'award':
      case 'itemCode': {
        let code: string | undefined;
        if (rule.kind === 'itemCode') {
          code = asString(readField(event, rule.codeField));
          if (code === undefined) {
            out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'missing_code' });
            continue;
          }
          if (Object.hasOwn(state.scannedCodes, code)) {
            out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'code_already_scanned', code });
            continue;
          }
        }
        const award = rule.award;
        let desired: number;
        if (award.kind === 'fixed') desired = scaledPoints(award.amount, percents, program.rounding);
        else if (event.amount === undefined || event.amount <= 0) {
          out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'no_amount' });
          continue;
        } else desired = scaled(event.amount, award.amount, award.per, percents, award.rounding ?? 'floor');
        out.push(code === undefined ? { ruleId: rule.id, desired, multipliers: ids } : { ruleId: rule.id, desired, multipliers: ids, code });
        break;
      }
      case 'checkIn': {
        const day = localDayNumber(event.at, program.timeZone);
        const previous = Object.hasOwn(state.checkIns, rule.id) ? state.checkIns[rule.id] : undefined;
        const cycleDay = advanceCheckInStreak(previous, day, rule.cycle.length);
        if (cycleDay === null) {
          out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'already_checked_in' });
          continue;
        }
        out.push({ ruleId: rule.id, desired: scaledPoints(rule.cycle[cycleDay - 1] ?? 0, percents, program.rounding), multipliers: ids, cycleDay, day });
        break;
      }
      case 'referral': {
        const inviter = asString(readField(event, rule.inviterField));
        const invitee = asString(readField(event, rule.inviteeField));
        const role = inviter === state.memberId && invitee !== state.memberId ? 'inviter' : invitee === state.memberId && inviter !== state.memberId ? 'invitee' : undefined;
        if (role === undefined || invitee === undefined) {
          out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'not_a_party' });
          continue;
        }
        const done = role === 'inviter' ? Object.hasOwn(state.invitees, invitee) : state.referredBy !== null;
        if (done) {
          out.push({ ruleId: rule.id, desired: 0, multipliers: [], skipped: 'already_referred', role, inviteeId: invitee });
          continue;
        }
        out.push({ ruleId: rule.id, desired: scaledPoints(role === 'inviter' ? rule.inviter : rule.invitee, percents, program.rounding), multipliers: ids, role, inviteeId: invitee });
        break;
      }
    }
  }
  return out;
}
