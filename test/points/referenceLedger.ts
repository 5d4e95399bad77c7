/**
 * The ledger as it was before the batch engine (siyu 0.1.0's `ledger.ts`, verbatim but for the
 * imports and the dropped TSDoc): the oracle the property tests compare `applyPointsCommand`,
 * `applyPointsCommands` and `tickPoints` against. It copies the state's arrays on every command.
 */
import { SiyuError, allocateProportionally, multiplyRatio, reject, type Instant, type Rejection } from 'siyu/core';
import {
  burnOrderIndexes,
  computeLotActivation,
  computeLotExpiry,
  evaluatePointsEarn,
  quotePointsCash,
  referralParties,
  spendablePoints,
  startOfCapPeriod,
  type PointsActivateCommand,
  type PointsAdjustCommand,
  type PointsCashCommand,
  type PointsCommand,
  type PointsCommandResult,
  type PointsCommandSuccess,
  type PointsEarnCommand,
  type PointsRedeemCommand,
  type PointsRefundCommand,
  type PointsRejectionReason,
  type PointsLockPolicy,
  type PointsProgram,
  type PointsCapLimit,
  type PointsCheckInStreak,
  type PointsEntry,
  type PointsEntryKind,
  type PointsLot,
  type PointsLotMovement,
  type PointsOutcomeDetail,
  type PointsProcessedCommand,
  type PointsRuleAward,
  type PointsSourceRecord,
  type PointsState,
  type PointsTickResult,
} from 'siyu/points';

/** Index of `key` in a list sorted by `keyOf` (code-unit order), or where it would go. */
function sortedIndex<T>(list: readonly T[], key: string, keyOf: (item: T) => string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(list[mid] as T) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findSorted<T>(list: readonly T[], key: string, keyOf: (item: T) => string): T | undefined {
  const item = list[sortedIndex(list, key, keyOf)];
  return item !== undefined && keyOf(item) === key ? item : undefined;
}

/** A copy of a sorted list with `item` inserted, or replacing the item with its key. */
function upsertSorted<T>(list: readonly T[], item: T, keyOf: (item: T) => string): T[] {
  const key = keyOf(item);
  const i = sortedIndex(list, key, keyOf);
  const next = list.slice();
  const found = list[i];
  next.splice(i, found !== undefined && keyOf(found) === key ? 1 : 0, item);
  return next;
}

function findProcessedCommand(state: PointsState, key: string): PointsProcessedCommand | undefined {
  return findSorted(state.processed, key, (p) => p.key);
}

function findPointsSource(state: PointsState, sourceId: string): PointsSourceRecord | undefined {
  return findSorted(state.sources, sourceId, (r) => r.sourceId);
}

/** A working copy: fresh arrays, lots replaced (never mutated) when they change. */
interface Draft {
  lastAt: Instant | null;
  nextLot: number;
  readonly lots: PointsLot[];
  readonly entries: PointsEntry[];
  readonly start: number;
}

type Fail = Rejection<PointsRejectionReason>;

function openDraft(state: PointsState): Draft {
  return { lastAt: state.lastAt, nextLot: state.nextLot, lots: state.lots.slice(), entries: state.entries.slice(), start: state.entries.length };
}

function addEntry(d: Draft, e: Omit<PointsEntry, 'seq'>): void {
  // `+ 0` turns −0 into 0, so a state survives JSON unchanged.
  d.entries.push({ seq: d.entries.length, ...e, available: e.available + 0, pending: e.pending + 0 });
}

function setRemaining(d: Draft, i: number, remaining: number): void {
  d.lots[i] = { ...(d.lots[i] as PointsLot), remaining };
}

function newLot(d: Draft, lot: Omit<PointsLot, 'id'>): PointsLot {
  const full = { id: `L${d.nextLot}`, ...lot };
  d.nextLot += 1;
  d.lots.push(full);
  return full;
}

function isPending(lot: PointsLot, at: Instant): boolean {
  return lot.activeAt === null || lot.activeAt > at;
}

/** Takes `points` from spendable lots in burn order (the caller checked there are enough). */
function takeInBurnOrder(d: Draft, at: Instant, points: number, skip?: (lot: PointsLot) => boolean): PointsLotMovement[] {
  const moves: PointsLotMovement[] = [];
  let left = points;
  for (const i of burnOrderIndexes(d.lots, at)) {
    if (left <= 0) break;
    const lot = d.lots[i] as PointsLot;
    if (skip?.(lot) === true) continue;
    const take = Math.min(left, lot.remaining);
    setRemaining(d, i, lot.remaining - take);
    moves.push({ lotId: lot.id, points: -take });
    left -= take;
  }
  return moves;
}

/** Pays debt lots back from spendable points (entry `settle`); balances do not change. */
function settleDebt(d: Draft, at: Instant, key: string | null): void {
  for (let i = 0; i < d.lots.length; i++) {
    const debt = d.lots[i] as PointsLot;
    if (debt.remaining >= 0) continue;
    const pay = Math.min(-debt.remaining, spendablePoints(d.lots, at));
    if (pay <= 0) return;
    const moves = takeInBurnOrder(d, at, pay);
    setRemaining(d, i, debt.remaining + pay);
    addEntry(d, { kind: 'settle', at, key, points: pay, ruleId: 'debt', sourceId: debt.source.sourceId, lots: [...moves, { lotId: debt.id, points: pay }], available: 0, pending: 0 });
  }
}

/** Time-driven steps in (lastAt, asOf]: activations at `activeAt`, expiries at `expiresAt + 1`. */
function runTime(d: Draft, asOf: Instant): { activated: number; expired: number } {
  const after = d.lastAt ?? Number.NEGATIVE_INFINITY;
  const due: { at: Instant; order: 0 | 1; i: number }[] = [];
  for (let i = 0; i < d.lots.length; i++) {
    const lot = d.lots[i] as PointsLot;
    if (lot.remaining <= 0) continue;
    if (lot.activeAt !== null && lot.activeAt > lot.earnedAt && lot.activeAt > after && lot.activeAt <= asOf) due.push({ at: lot.activeAt, order: 0, i });
    if (lot.expiresAt !== null && lot.expiresAt < asOf) due.push({ at: lot.expiresAt + 1, order: 1, i });
  }
  let activated = 0;
  let expired = 0;
  if (due.length > 1) due.sort((a, b) => a.at - b.at || a.order - b.order || a.i - b.i);
  for (const step of due) {
    const lot = d.lots[step.i] as PointsLot;
    if (lot.remaining <= 0) continue;
    if (step.order === 0) {
      addEntry(d, { kind: 'activate', at: step.at, key: null, points: lot.remaining, ruleId: lot.source.ruleId, sourceId: lot.source.sourceId, lots: [{ lotId: lot.id, points: lot.remaining }], available: lot.remaining, pending: -lot.remaining });
      activated += lot.remaining;
      settleDebt(d, step.at, null);
    } else {
      setRemaining(d, step.i, 0);
      addEntry(d, { kind: 'expire', at: step.at, key: null, points: lot.remaining, ruleId: lot.source.ruleId, sourceId: lot.source.sourceId, lots: [{ lotId: lot.id, points: -lot.remaining }], available: -lot.remaining, pending: 0 });
      expired += lot.remaining;
    }
  }
  if (d.lastAt === null || asOf > d.lastAt) d.lastAt = asOf;
  return { activated, expired };
}

function closeDraft(state: PointsState, d: Draft, extra: Partial<PointsState> = {}): PointsState {
  return { ...state, ...extra, lastAt: d.lastAt, nextLot: d.nextLot, lots: d.lots, entries: d.entries };
}


export function referenceTickPoints(state: PointsState, asOf: Instant): PointsTickResult;
export function referenceTickPoints(state: PointsState, program: PointsProgram, asOf: Instant): PointsTickResult;
export function referenceTickPoints(state: PointsState, programOrAsOf: PointsProgram | Instant, maybeAsOf?: Instant): PointsTickResult {
  let asOf = programOrAsOf as Instant;
  if (typeof programOrAsOf === 'object' && programOrAsOf !== null) {
    if (programOrAsOf.timeZone !== state.timeZone) {
      throw SiyuError.at(['program', 'timeZone'], `the ledger is in zone ${state.timeZone}, the program in ${programOrAsOf.timeZone}`, 'invalid_command');
    }
    asOf = maybeAsOf as Instant;
  }
  assertInstant(asOf, ['asOf']);
  if (state.lastAt !== null && asOf <= state.lastAt) return { state, entries: [], activated: 0, expired: 0 };
  const d = openDraft(state);
  const { activated, expired } = runTime(d, asOf);
  return { state: closeDraft(state, d), entries: d.entries.slice(d.start), activated, expired };
}

function assertInstant(value: unknown, path: (string | number)[]): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw SiyuError.at(path, `must be an instant (integer epoch ms), received ${String(value)}`, 'invalid_command');
}

function assertPoints(value: unknown, path: (string | number)[], min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw SiyuError.at(path, `must be a safe integer ≥ ${min}, received ${String(value)}`, 'invalid_command');
}

function commandKey(command: PointsCommand): string {
  const key = command.kind === 'earn' ? command.event?.id : command.key;
  if (typeof key !== 'string' || key === '') throw SiyuError.at(command.kind === 'earn' ? ['event', 'id'] : ['key'], 'must be a non-empty string', 'invalid_command');
  return key;
}

function commandAt(command: PointsCommand): Instant {
  const at = command.kind === 'earn' ? command.event.at : command.at;
  assertInstant(at, command.kind === 'earn' ? ['event', 'at'] : ['at']);
  return at;
}

export function referenceApplyPointsCommand(state: PointsState, program: PointsProgram, command: PointsCommand): PointsCommandResult {
  if (program.timeZone !== state.timeZone) throw SiyuError.at(['timeZone'], `the state's zone "${state.timeZone}" differs from the program's "${program.timeZone}"`, 'invalid_command');
  const key = commandKey(command);
  const at = commandAt(command);
  const first = findProcessedCommand(state, key);
  if (first !== undefined) {
    if (first.kind === command.kind) return { ok: true, state, entries: state.entries.slice(first.from, first.to), outcome: first.outcome, replayed: true };
    return reject('key_reused', `key "${key}" was used by a ${first.kind} command`);
  }
  if (state.lastAt !== null && at < state.lastAt) return reject('out_of_order', `at ${at} is before the last processed instant ${state.lastAt}`);
  const d = openDraft(state);
  runTime(d, at);
  let result: { outcome: PointsOutcomeDetail; extra?: Partial<PointsState> } | Fail;
  switch (command.kind) {
    case 'earn':
      result = earn(state, program, d, command, at);
      break;
    case 'redeem':
      result = redeem(program, d, command, key, at);
      break;
    case 'pointsCash':
      result = pointsCash(program, d, command, key, at);
      break;
    case 'refund':
      result = refund(state, program, d, command, key, at);
      break;
    case 'activate':
      result = activate(program, d, command, key, at);
      break;
    case 'adjust':
      result = adjust(program, d, command, key, at);
      break;
    default:
      throw SiyuError.at(['kind'], `unknown command kind "${String((command as { kind?: unknown }).kind)}"`, 'invalid_command');
  }
  if (!('outcome' in result)) return result;
  const processed = upsertSorted(state.processed, { key, kind: command.kind, at, from: d.start, to: d.entries.length, outcome: result.outcome }, (p) => p.key);
  const next = closeDraft(state, d, { ...result.extra, processed });
  const success: PointsCommandSuccess = { ok: true, state: next, entries: d.entries.slice(d.start), outcome: result.outcome, replayed: false };
  return success;
}

function lotTimes(program: PointsProgram, lock: PointsLockPolicy, at: Instant): { activeAt: Instant | null; expiresAt: Instant | null } {
  const activeAt = computeLotActivation(lock, at, program.timeZone);
  return { activeAt, expiresAt: activeAt === null ? null : computeLotExpiry(program.expiry, activeAt, program.timeZone) };
}

function heldPoints(d: Draft): number {
  let held = 0;
  for (const lot of d.lots) held += lot.remaining;
  return held;
}

function earn(state: PointsState, program: PointsProgram, d: Draft, command: PointsEarnCommand, at: Instant): { outcome: PointsOutcomeDetail; extra: Partial<PointsState> } | Fail {
  const event = command.event;
  if (event.amount !== undefined && !Number.isSafeInteger(event.amount)) throw SiyuError.at(['event', 'amount'], `must be a safe integer (minor units), received ${event.amount}`, 'invalid_command');
  if (event.userId !== state.memberId && !referralParties(program, event).includes(state.memberId)) {
    return reject('wrong_member', `event ${event.id} belongs to ${event.userId}, not ${state.memberId}`);
  }
  const evaluations = evaluatePointsEarn(program, state, event, command.member ?? {});
  const desired = evaluations.reduce((sum, e) => sum + e.desired, 0);
  const txCap = program.caps.transaction;
  if (txCap !== undefined && desired > txCap) return reject('transaction_cap_exceeded', `computed ${desired} points, above the per-transaction cap ${txCap}`);
  let awarded = desired;
  const limitedBy: PointsCapLimit[] = [];
  for (const cap of program.caps.periods) {
    if (awarded === 0) break;
    if (cap.eventTypes !== undefined && !cap.eventTypes.includes(event.type)) continue;
    const from = startOfCapPeriod(at, cap.period, program.timeZone);
    let used = 0;
    for (let i = d.lots.length - 1; i >= 0; i--) {
      const lot = d.lots[i] as PointsLot;
      if (lot.earnedAt < from) break;
      if (lot.source.eventType === undefined || (cap.eventTypes !== undefined && !cap.eventTypes.includes(lot.source.eventType))) continue;
      used += lot.amount;
    }
    const room = Math.max(0, cap.limit - used);
    if (awarded > room) {
      limitedBy.push({ cap: cap.period, reducedBy: awarded - room });
      awarded = room;
    }
  }
  const balanceCap = program.caps.balance;
  if (balanceCap !== undefined && awarded > 0) {
    const room = Math.max(0, balanceCap - heldPoints(d));
    if (awarded > room) {
      limitedBy.push({ cap: 'balance', reducedBy: awarded - room });
      awarded = room;
    }
  }
  // Reduced awards are spread over the rules in proportion (largest remainder); unreduced ones are as computed.
  const parts = awarded === desired ? evaluations.map((e) => e.desired) : allocateProportionally(awarded, evaluations.map((e) => e.desired));
  const rules: PointsRuleAward[] = [];
  let anyActive = false;
  let checkIns: Record<string, PointsCheckInStreak> | undefined;
  let invitees: Record<string, string> | undefined;
  let referredBy: string | null | undefined;
  let scannedCodes: Record<string, string> | undefined;
  evaluations.forEach((e, i) => {
    const points = parts[i] ?? 0;
    rules.push({ ruleId: e.ruleId, desired: e.desired, awarded: points, multipliers: e.multipliers, ...(e.skipped === undefined ? {} : { skipped: e.skipped }) });
    if (e.skipped !== undefined) return;
    if (e.cycleDay !== undefined && e.day !== undefined) checkIns = { ...(checkIns ?? state.checkIns), [e.ruleId]: { day: e.day, cycleDay: e.cycleDay } };
    if (e.code !== undefined) scannedCodes = { ...(scannedCodes ?? state.scannedCodes), [e.code]: event.id };
    if (e.role === 'inviter' && e.inviteeId !== undefined) invitees = { ...(invitees ?? state.invitees), [e.inviteeId]: event.id };
    if (e.role === 'invitee') referredBy = event.id;
    if (points <= 0) return;
    const rule = program.rules.find((r) => r.id === e.ruleId);
    const times = lotTimes(program, rule?.lock ?? program.lock, at);
    const lot = newLot(d, { amount: points, remaining: points, earnedAt: at, ...times, source: { ruleId: e.ruleId, sourceId: event.id, eventType: event.type } });
    const active = !isPending(lot, at);
    anyActive ||= active;
    addEntry(d, { kind: 'earn', at, key: event.id, points, ruleId: e.ruleId, sourceId: event.id, lots: [{ lotId: lot.id, points }], available: active ? points : 0, pending: active ? 0 : points });
  });
  if (anyActive) settleDebt(d, at, event.id);
  const extra: { -readonly [K in keyof PointsState]?: PointsState[K] } = {};
  if (checkIns !== undefined) extra.checkIns = checkIns;
  if (scannedCodes !== undefined) extra.scannedCodes = scannedCodes;
  if (invitees !== undefined) extra.invitees = invitees;
  if (referredBy !== undefined) extra.referredBy = referredBy;
  if (awarded > 0) extra.sources = upsertSorted(state.sources, { sourceId: event.id, amount: event.amount ?? null, awarded, refunded: 0, revokeDue: 0, revoked: 0 }, (r) => r.sourceId);
  return { outcome: { kind: 'earn', desired, awarded, limitedBy, rules }, extra };
}

function debit(d: Draft, at: Instant, points: number, kind: PointsEntryKind, key: string, ruleId: string, sourceId: string): void {
  if (points <= 0) return;
  const lots = takeInBurnOrder(d, at, points);
  addEntry(d, { kind, at, key, points, ruleId, sourceId, lots, available: -points, pending: 0 });
}

function insufficient(needed: number, has: number): Fail {
  return reject('insufficient_points', `needs ${needed} points, has ${has} spendable`);
}

function redeem(program: PointsProgram, d: Draft, command: PointsRedeemCommand, key: string, at: Instant): { outcome: PointsOutcomeDetail } | Fail {
  const quantity = command.quantity ?? 1;
  assertPoints(quantity, ['quantity'], 1);
  const item = program.redemption.catalog.find((c) => c.id === command.itemId);
  if (item === undefined) return reject('unknown_item', `no catalog item "${command.itemId}"`);
  const cost = item.points * quantity;
  const has = spendablePoints(d.lots, at);
  if (cost > has) return insufficient(cost, has);
  debit(d, at, cost, 'redeem', key, item.id, key);
  return { outcome: { kind: 'redeem', itemId: item.id, quantity, points: cost } };
}

function pointsCash(program: PointsProgram, d: Draft, command: PointsCashCommand, key: string, at: Instant): { outcome: PointsOutcomeDetail } | Fail {
  assertPoints(command.goods, ['goods'], 0);
  assertPoints(command.shipping, ['shipping'], 0);
  if (command.maxPoints !== undefined) assertPoints(command.maxPoints, ['maxPoints'], 0);
  const settings = program.redemption.pointsCash;
  if (settings === undefined) return reject('points_cash_not_offered', 'the program offers no points + cash');
  const quote = quotePointsCash(settings, { goods: command.goods, shipping: command.shipping }, spendablePoints(d.lots, at), command.maxPoints);
  if (!quote.ok) return quote;
  debit(d, at, quote.points, 'redeem', key, 'pointsCash', command.orderId);
  return { outcome: { kind: 'pointsCash', orderId: command.orderId, points: quote.points, discount: quote.discount, cash: quote.cash } };
}

function refund(state: PointsState, program: PointsProgram, d: Draft, command: PointsRefundCommand, key: string, at: Instant): { outcome: PointsOutcomeDetail; extra: Partial<PointsState> } | Fail {
  assertPoints(command.amount, ['amount'], 1);
  const sourceId = command.sourceId;
  const record = findPointsSource(state, sourceId);
  if (record === undefined) return reject('unknown_source', `no points were earned by "${sourceId}"`);
  if (record.amount === null || record.amount <= 0) return reject('not_refundable', `"${sourceId}" carried no amount to refund against`);
  const refunded = record.refunded + command.amount;
  if (refunded > record.amount) return reject('refund_exceeds_order', `refunds would total ${refunded}, above the order amount ${record.amount}`);
  const revokeDue = multiplyRatio(record.awarded, refunded, record.amount, 'floor');
  const due = revokeDue - record.revokeDue;
  const policy = program.refundPolicy;
  const moves: PointsLotMovement[] = [];
  let left = due;
  let fromPending = 0;
  // 1. The source's own pending points; 2. its own spendable points; 3. other spendable points.
  for (let i = 0; i < d.lots.length && left > 0; i++) {
    const lot = d.lots[i] as PointsLot;
    if (lot.source.sourceId !== sourceId || lot.source.eventType === undefined || lot.remaining <= 0 || !isPending(lot, at)) continue;
    const take = Math.min(left, lot.remaining);
    setRemaining(d, i, lot.remaining - take);
    moves.push({ lotId: lot.id, points: -take });
    fromPending += take;
    left -= take;
  }
  if (policy !== 'pendingOnly' && left > 0) {
    const own = takeInBurnOrder(d, at, left, (lot) => lot.source.sourceId !== sourceId || lot.source.eventType === undefined);
    for (const m of own) left += m.points;
    moves.push(...own);
    if (left > 0) {
      const other = takeInBurnOrder(d, at, left);
      for (const m of other) left += m.points;
      moves.push(...other);
    }
  }
  if (policy === 'allowNegative' && left > 0) {
    const lot = newLot(d, { amount: -left, remaining: -left, earnedAt: at, activeAt: at, expiresAt: null, source: { ruleId: 'debt', sourceId: key } });
    moves.push({ lotId: lot.id, points: -left });
    left = 0;
  }
  const revoked = due - left;
  if (revoked > 0) addEntry(d, { kind: 'revoke', at, key, points: revoked, ruleId: 'refund', sourceId, lots: moves, available: -(revoked - fromPending), pending: -fromPending });
  const sources = upsertSorted(state.sources, { ...record, refunded, revokeDue, revoked: record.revoked + revoked }, (r) => r.sourceId);
  return { outcome: { kind: 'refund', sourceId, due, revoked, shortfall: due - revoked }, extra: { sources } };
}

function activate(program: PointsProgram, d: Draft, command: PointsActivateCommand, key: string, at: Instant): { outcome: PointsOutcomeDetail } | Fail {
  let points = 0;
  for (let i = 0; i < d.lots.length; i++) {
    const lot = d.lots[i] as PointsLot;
    if (lot.source.sourceId !== command.sourceId || lot.source.eventType === undefined || lot.remaining <= 0 || !isPending(lot, at)) continue;
    d.lots[i] = { ...lot, activeAt: at, expiresAt: computeLotExpiry(program.expiry, at, program.timeZone) };
    addEntry(d, { kind: 'activate', at, key, points: lot.remaining, ruleId: lot.source.ruleId, sourceId: lot.source.sourceId, lots: [{ lotId: lot.id, points: lot.remaining }], available: lot.remaining, pending: -lot.remaining });
    points += lot.remaining;
  }
  if (points === 0) return reject('nothing_pending', `no pending points from "${command.sourceId}"`);
  settleDebt(d, at, key);
  return { outcome: { kind: 'activate', sourceId: command.sourceId, points } };
}

function adjust(program: PointsProgram, d: Draft, command: PointsAdjustCommand, key: string, at: Instant): { outcome: PointsOutcomeDetail } | Fail {
  const points = command.points;
  if (typeof points !== 'number' || !Number.isSafeInteger(points) || points === 0) throw SiyuError.at(['points'], `must be a non-zero safe integer, received ${String(points)}`, 'invalid_command');
  if (points > 0) {
    const lot = newLot(d, { amount: points, remaining: points, earnedAt: at, activeAt: at, expiresAt: computeLotExpiry(program.expiry, at, program.timeZone), source: { ruleId: 'adjust', sourceId: key } });
    addEntry(d, { kind: 'adjust', at, key, points, ruleId: 'adjust', sourceId: key, lots: [{ lotId: lot.id, points }], available: points, pending: 0 });
    settleDebt(d, at, key);
  } else {
    const has = spendablePoints(d.lots, at);
    if (-points > has) return insufficient(-points, has);
    debit(d, at, -points, 'adjust', key, 'adjust', key);
  }
  return { outcome: { kind: 'adjust', points } };
}
