/**
 * The ledger's transition function: commands and time in, a new state and appended entries out.
 * Pure: the caller's state is never changed.
 *
 * Order of work for every command at `at`: replay check (a processed key returns its first
 * outcome) → `at` before the last processed instant is rejected → time-driven steps up to `at`
 * (activation, then expiry, in time order) → the command.
 *
 * All work happens on a private draft: the state's lots are copied once when the draft is opened,
 * lots made by the draft are changed in place, entries made by the draft are appended to the
 * state's in one copy, and new processed keys and source records are collected in small lists and
 * merged into the sorted arrays once, when it is closed. Whatever the ledger keeps is made to
 * measure (arrays of their final length, integers as small integers): see `exactCopy` and
 * `smallInt`.
 * {@link applyPointsCommand} opens a draft per command; {@link applyPointsCommands} runs a whole
 * batch on one draft. The draft remembers the earliest instant at which any time-driven step
 * can fall due, so a command with nothing due does not scan the lots.
 *
 * @module
 */
import { exactCopy, smallInt } from './keptValues.js';
import { SiyuError, allocateProportionally, multiplyRatio, reject, type Instant, type Rejection } from '../core/index.js';
import { compareLotsForBurn } from './burnOrder.js';
import type {
  PointsActivateCommand,
  PointsAdjustCommand,
  PointsCashCommand,
  PointsCommand,
  PointsCommandResult,
  PointsCommandSuccess,
  PointsEarnCommand,
  PointsRedeemCommand,
  PointsRefundCommand,
  PointsRejectionReason,
} from './commands.js';
import { evaluatePointsEarn, referralParties, type PointsMemberContext } from './earning.js';
import { computeLotActivation, computeLotExpiry, startOfCapPeriod } from './lotTimes.js';
import { quotePointsCash } from './pointsCash.js';
import type { PointsLockPolicy, PointsProgram } from './schema.js';
import type {
  PointsCapLimit,
  PointsCheckInStreak,
  PointsEntry,
  PointsEntryKind,
  PointsLot,
  PointsLotMovement,
  PointsLotSource,
  PointsOutcomeDetail,
  PointsProcessedCommand,
  PointsRuleAward,
  PointsSourceRecord,
  PointsState,
} from './state.js';

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

/** Sorts items with distinct keys in code-unit order of their keys, in place: insertion sort for the few of a typical batch. */
function sortByKey<T>(items: T[], keyOf: (item: T) => string): void {
  if (items.length > 32) {
    items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    return;
  }
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    const key = keyOf(item);
    let j = i - 1;
    while (j >= 0 && keyOf(items[j] as T) > key) {
      items[j + 1] = items[j] as T;
      j--;
    }
    items[j + 1] = item;
  }
}

/**
 * The sorted list with `updates` (distinct keys; sorted here, in place) applied: items whose key
 * is already there are replaced, the others inserted in key order. Returns `list` itself when
 * there is nothing to apply.
 */
function mergeSorted<T>(list: readonly T[], updates: T[], keyOf: (item: T) => string): readonly T[] {
  if (updates.length === 0) return list;
  if (updates.length > 1) sortByKey(updates, keyOf);
  // Where each update goes (a binary search each), and whether it replaces an item.
  const positions: number[] = [];
  let replaced = 0;
  for (let u = 0; u < updates.length; u++) {
    const key = keyOf(updates[u] as T);
    const i = sortedIndex(list, key, keyOf);
    const found = list[i];
    if (found !== undefined && keyOf(found) === key) {
      positions.push(-i - 1);
      replaced++;
    } else positions.push(i);
  }
  // Filled by index, so its storage holds exactly its items.
  const out = new Array<T>(list.length + updates.length - replaced);
  let i = 0;
  let o = 0;
  for (let u = 0; u < updates.length; u++) {
    const p = positions[u] as number;
    const at = p < 0 ? -p - 1 : p;
    while (i < at) out[o++] = list[i++] as T;
    if (p < 0) i++;
    out[o++] = updates[u] as T;
  }
  while (i < list.length) out[o++] = list[i++] as T;
  return out;
}

/**
 * Records a draft made (new processed commands, new or updated source records), in the order
 * they were first made, with distinct keys. Lookups scan the few records of a typical batch; past
 * {@link INDEX_FROM} records a map from key to position is kept alongside.
 */
interface DraftRecords<T> {
  readonly items: T[];
  index: Map<string, number> | null;
}

/** How many records a draft holds before it indexes them by key. */
const INDEX_FROM = 16;

function newRecords<T>(): DraftRecords<T> {
  return { items: [], index: null };
}

/** Position of the record with `key` in `records.items`, or −1. */
function recordIndex<T>(records: DraftRecords<T>, key: string, keyOf: (item: T) => string): number {
  if (records.index !== null) return records.index.get(key) ?? -1;
  const items = records.items;
  for (let k = 0; k < items.length; k++) if (keyOf(items[k] as T) === key) return k;
  return -1;
}

/** Adds a record, or replaces the one with the same key. */
function putRecord<T>(records: DraftRecords<T>, item: T, keyOf: (item: T) => string): void {
  const key = keyOf(item);
  const k = recordIndex(records, key, keyOf);
  if (k >= 0) {
    records.items[k] = item;
    return;
  }
  records.items.push(item);
  if (records.index !== null) records.index.set(key, records.items.length - 1);
  else if (records.items.length > INDEX_FROM) {
    const index = new Map<string, number>();
    for (let j = 0; j < records.items.length; j++) index.set(keyOf(records.items[j] as T), j);
    records.index = index;
  }
}

const processedKey = (p: PointsProcessedCommand): string => p.key;
const sourceKey = (r: PointsSourceRecord): string => r.sourceId;

/**
 * The first outcome recorded for an idempotency key (an earn's key is its event id), if any.
 *
 * @example
 * ```ts
 * import { adjustPoints, createPointsState, findProcessedCommand, parsePointsProgram } from 'siyu/points';
 * const r = adjustPoints(createPointsState('u1'), parsePointsProgram({ rules: [] }), { key: 'gift-1', at: 0, points: 5 });
 * r.ok && findProcessedCommand(r.state, 'gift-1')?.outcome; // → { kind: 'adjust', points: 5 }
 * r.ok && findProcessedCommand(r.state, 'gift-2'); // → undefined
 * ```
 */
export function findProcessedCommand(state: PointsState, key: string): PointsProcessedCommand | undefined {
  return findSorted(state.processed, key, processedKey);
}

/**
 * The refund bookkeeping of an earning event: its amount, points awarded, refunded so far and
 * points revoked so far.
 *
 * @example
 * ```ts
 * import { createPointsState, earnPoints, findPointsSource, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 70 } }] });
 * const r = earnPoints(createPointsState('u1'), program, { event: { id: 'o1', userId: 'u1', type: 'purchase', at: 0, amount: 4_000 } });
 * r.ok && findPointsSource(r.state, 'o1'); // → { sourceId: 'o1', amount: 4_000, awarded: 70, refunded: 0, revokeDue: 0, revoked: 0 }
 * ```
 */
export function findPointsSource(state: PointsState, sourceId: string): PointsSourceRecord | undefined {
  return findSorted(state.sources, sourceId, sourceKey);
}

type LotDraft = { -readonly [K in keyof PointsLot]: PointsLot[K] };

/**
 * A private working copy of a state. `lots` is a fresh array and `added` holds the entries made;
 * lots at index `owned` and beyond were made by this draft and are changed in place, older ones
 * are replaced (the caller's lot objects are never touched). While `recording` (the time-driven steps of a
 * command) every lot write is recorded in `undo`, so a command that is then rejected can be
 * rolled back: one by one, a rejected command leaves the state unchanged.
 */
interface Draft {
  readonly base: PointsState;
  readonly memberId: string;
  lastAt: Instant | null;
  nextLot: number;
  readonly lots: PointsLot[];
  /** Entries made by the draft (the state's own are `base.entries`). */
  readonly added: PointsEntry[];
  /** The state's entry count: the `seq` of the first added entry. */
  readonly entryBase: number;
  /** First entry of the command being applied, in `added`. */
  start: number;
  readonly owned: number;
  /**
   * Indexes of the lots that may still hold points (`remaining` ≠ 0), ascending. A lot at 0 never
   * changes again, so scans skip it; the list is compacted when a command starts.
   */
  readonly live: number[];
  /** True while lot writes are recorded in `undo`. */
  recording: boolean;
  /**
   * Lot writes of the time-driven steps of the command being applied, as pairs: the lot's index
   * and its old `remaining` (a lot made by the draft, changed in place) or its old object.
   */
  readonly undo: (number | PointsLot)[];
  /** No time-driven step can fall due before this instant. */
  nextDue: number;
  /** Points activated and expired by the last {@link runTime}. */
  activated: number;
  expired: number;
  readonly processed: DraftRecords<PointsProcessedCommand>;
  readonly sources: DraftRecords<PointsSourceRecord>;
  checkIns: Readonly<Record<string, PointsCheckInStreak>>;
  invitees: Readonly<Record<string, string>>;
  scannedCodes: Readonly<Record<string, string>>;
  referredBy: string | null;
  ownCheckIns: boolean;
  ownInvitees: boolean;
  ownScannedCodes: boolean;
}

type Fail = Rejection<PointsRejectionReason>;

/** The earliest instant at which a lot has a time-driven step (activation or expiry) due. */
function lotDueAt(lot: PointsLot, after: number): number {
  if (lot.remaining <= 0) return Number.POSITIVE_INFINITY;
  let due = lot.expiresAt === null ? Number.POSITIVE_INFINITY : lot.expiresAt + 1;
  if (lot.activeAt !== null && lot.activeAt > lot.earnedAt && lot.activeAt > after && lot.activeAt < due) due = lot.activeAt;
  return due;
}

function computeNextDue(lots: readonly PointsLot[], live: readonly number[], after: number): number {
  let due = Number.POSITIVE_INFINITY;
  for (let k = 0; k < live.length; k++) {
    const at = lotDueAt(lots[live[k] as number] as PointsLot, after);
    if (at < due) due = at;
  }
  return due;
}

/** Drops the lots that reached 0 from `d.live`, in place. */
function compactLive(d: Draft): void {
  const live = d.live;
  let n = 0;
  for (let k = 0; k < live.length; k++) {
    const i = live[k] as number;
    if ((d.lots[i] as PointsLot).remaining !== 0) live[n++] = i;
  }
  if (n !== live.length) live.length = n;
}

/** Is the lot spendable at `at`: activated, not expired, with points left? (as `spendablePoints` counts) */
function isSpendable(lot: PointsLot, at: Instant): boolean {
  return lot.remaining > 0 && lot.activeAt !== null && lot.activeAt <= at && (lot.expiresAt === null || at <= lot.expiresAt);
}

/** `spendablePoints(d.lots, at)`, over the live lots. */
function draftSpendable(d: Draft, at: Instant): number {
  let total = 0;
  for (let k = 0; k < d.live.length; k++) {
    const lot = d.lots[d.live[k] as number] as PointsLot;
    if (isSpendable(lot, at)) total += lot.remaining;
  }
  return total;
}

/** `burnOrderIndexes(d.lots, at)`, over the live lots (ascending, so the tie-break by index is the same). */
function draftBurnOrder(d: Draft, at: Instant): number[] {
  const idx: number[] = [];
  for (let k = 0; k < d.live.length; k++) {
    const i = d.live[k] as number;
    if (isSpendable(d.lots[i] as PointsLot, at)) idx.push(i);
  }
  if (idx.length > 1) {
    const lots = d.lots;
    idx.sort((x, y) => compareLotsForBurn(lots[x] as PointsLot, lots[y] as PointsLot) || x - y);
  }
  return idx;
}

function openDraft(state: PointsState): Draft {
  const live: number[] = [];
  for (let i = 0; i < state.lots.length; i++) if ((state.lots[i] as PointsLot).remaining !== 0) live.push(i);
  return {
    base: state,
    memberId: state.memberId,
    lastAt: state.lastAt,
    nextLot: state.nextLot,
    lots: state.lots.slice(),
    added: [],
    entryBase: state.entries.length,
    start: 0,
    owned: state.lots.length,
    live,
    recording: false,
    undo: [],
    nextDue: computeNextDue(state.lots, live, state.lastAt ?? Number.NEGATIVE_INFINITY),
    activated: 0,
    expired: 0,
    processed: newRecords(),
    sources: newRecords(),
    checkIns: state.checkIns,
    invitees: state.invitees,
    scannedCodes: state.scannedCodes,
    referredBy: state.referredBy,
    ownCheckIns: false,
    ownInvitees: false,
    ownScannedCodes: false,
  };
}

const STATE_KEYS: readonly string[] = ['memberId', 'timeZone', 'lastAt', 'nextLot', 'lots', 'entries', 'processed', 'sources', 'checkIns', 'invitees', 'referredBy', 'scannedCodes'];

/** Does the state have exactly the fields of `createPointsState`, in its order? */
function hasStateShape(state: PointsState): boolean {
  let i = 0;
  for (const key in state) {
    if (key !== STATE_KEYS[i]) return false;
    i++;
  }
  return i === STATE_KEYS.length;
}

function closeDraft(d: Draft): PointsState {
  const processed = mergeSorted(d.base.processed, d.processed.items, processedKey);
  const sources = mergeSorted(d.base.sources, d.sources.items, sourceKey);
  const lots = d.lots.length > d.owned ? exactCopy(d.lots) : d.lots;
  const entries = d.added.length === 0 ? d.base.entries : d.base.entries.concat(d.added);
  if (hasStateShape(d.base)) {
    // One literal of the known shape; the spread below gives the same object, more slowly.
    return {
      memberId: d.base.memberId,
      timeZone: d.base.timeZone,
      lastAt: d.lastAt,
      nextLot: d.nextLot,
      lots,
      entries,
      processed,
      sources,
      checkIns: d.checkIns,
      invitees: d.invitees,
      referredBy: d.referredBy,
      scannedCodes: d.scannedCodes,
    };
  }
  // A state with other fields (or another field order) keeps them, as a spread does.
  return {
    ...d.base,
    lastAt: d.lastAt,
    nextLot: d.nextLot,
    lots,
    entries,
    processed,
    sources,
    checkIns: d.checkIns,
    invitees: d.invitees,
    referredBy: d.referredBy,
    scannedCodes: d.scannedCodes,
  };
}

function findDraftProcessed(d: Draft, key: string): PointsProcessedCommand | undefined {
  const k = recordIndex(d.processed, key, processedKey);
  return k >= 0 ? d.processed.items[k] : findSorted(d.base.processed, key, processedKey);
}

function findDraftSource(d: Draft, sourceId: string): PointsSourceRecord | undefined {
  const k = recordIndex(d.sources, sourceId, sourceKey);
  return k >= 0 ? d.sources.items[k] : findSorted(d.base.sources, sourceId, sourceKey);
}

function putSource(d: Draft, record: PointsSourceRecord): void {
  putRecord(d.sources, record, sourceKey);
}

/** Sets an own key (also `__proto__`) on a draft-owned record. */
function putKey<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

/** Appends an entry (one object literal, always the same shape). */
function addEntry(
  d: Draft,
  kind: PointsEntryKind,
  at: Instant,
  key: string | null,
  points: number,
  ruleId: string,
  sourceId: string,
  lots: readonly PointsLotMovement[],
  available: number,
  pending: number,
): void {
  // `smallInt` also turns −0 into 0, so a state survives JSON unchanged.
  d.added.push({ seq: d.entryBase + d.added.length, kind, at, key, points: smallInt(points), ruleId, sourceId, lots, available: smallInt(available), pending: smallInt(pending) });
}

function setRemaining(d: Draft, i: number, remaining: number): void {
  const lot = d.lots[i] as PointsLot;
  if (i >= d.owned) {
    if (d.recording) d.undo.push(i, lot.remaining);
    (lot as LotDraft).remaining = smallInt(remaining);
  } else {
    if (d.recording) d.undo.push(i, lot);
    d.lots[i] = { ...lot, remaining: smallInt(remaining) };
  }
}

function noteDue(d: Draft, lot: PointsLot): void {
  const due = lotDueAt(lot, Number.NEGATIVE_INFINITY);
  if (due < d.nextDue) d.nextDue = due;
}

/** Lot ids `L1`, `L2`, … made once and shared (strings are immutable, so sharing is invisible). */
const LOT_IDS: string[] = [];

function lotId(n: number): string {
  if (n >= 4_096) return `L${n}`;
  while (LOT_IDS.length <= n) LOT_IDS.push(`L${LOT_IDS.length}`);
  return LOT_IDS[n] as string;
}

function newLot(d: Draft, amount: number, earnedAt: Instant, activeAt: Instant | null, expiresAt: Instant | null, source: PointsLotSource): PointsLot {
  const points = smallInt(amount);
  const lot: PointsLot = { id: lotId(d.nextLot), amount: points, remaining: points, earnedAt, activeAt, expiresAt, source };
  d.nextLot += 1;
  d.live.push(d.lots.length);
  d.lots.push(lot);
  noteDue(d, lot);
  return lot;
}

function isPending(lot: PointsLot, at: Instant): boolean {
  return lot.activeAt === null || lot.activeAt > at;
}

/**
 * Takes up to `points` from spendable lots in burn order (only the source's own earned lots with
 * `onlySource`), appending the movements to `moves`; returns the points taken.
 */
function takeInBurnOrder(d: Draft, at: Instant, points: number, moves: PointsLotMovement[], onlySource?: string): number {
  let left = points;
  for (const i of draftBurnOrder(d, at)) {
    if (left <= 0) break;
    const lot = d.lots[i] as PointsLot;
    if (onlySource !== undefined && (lot.source.sourceId !== onlySource || lot.source.eventType === undefined)) continue;
    const take = Math.min(left, lot.remaining);
    setRemaining(d, i, lot.remaining - take);
    moves.push({ lotId: lot.id, points: -take });
    left -= take;
  }
  return points - left;
}

/** Pays debt lots back from spendable points (entry `settle`); balances do not change. */
function settleDebt(d: Draft, at: Instant, key: string | null): void {
  for (let k = 0; k < d.live.length; k++) {
    const i = d.live[k] as number;
    const debt = d.lots[i] as PointsLot;
    if (debt.remaining >= 0) continue;
    const pay = Math.min(-debt.remaining, draftSpendable(d, at));
    if (pay <= 0) return;
    const moves: PointsLotMovement[] = [];
    takeInBurnOrder(d, at, pay, moves);
    setRemaining(d, i, debt.remaining + pay);
    moves.push({ lotId: debt.id, points: pay });
    addEntry(d, 'settle', at, key, pay, 'debt', debt.source.sourceId, exactCopy(moves), 0, 0);
  }
}

/**
 * The time-driven steps due in one {@link runTime}, as parallel lists (reused: one run at a time):
 * the step's instant, and `order × 2³¹ + lot index` (activation `order` 0, expiry 1).
 */
const stepAt: number[] = [];
const stepCode: number[] = [];
const ORDER = 2_147_483_648;

/** Sorts the steps by instant, activations first, then lot order. */
function sortDueSteps(n: number): void {
  if (n > 32) {
    const perm: number[] = [];
    for (let k = 0; k < n; k++) perm.push(k);
    perm.sort((a, b) => (stepAt[a] as number) - (stepAt[b] as number) || (stepCode[a] as number) - (stepCode[b] as number));
    const at = perm.map((k) => stepAt[k] as number);
    const code = perm.map((k) => stepCode[k] as number);
    for (let k = 0; k < n; k++) {
      stepAt[k] = at[k] as number;
      stepCode[k] = code[k] as number;
    }
    return;
  }
  // Insertion sort: usually a handful.
  for (let k = 1; k < n; k++) {
    const at = stepAt[k] as number;
    const code = stepCode[k] as number;
    let j = k - 1;
    while (j >= 0 && (at < (stepAt[j] as number) || (at === stepAt[j] && code < (stepCode[j] as number)))) {
      stepAt[j + 1] = stepAt[j] as number;
      stepCode[j + 1] = stepCode[j] as number;
      j--;
    }
    stepAt[j + 1] = at;
    stepCode[j + 1] = code;
  }
}

/**
 * Time-driven steps in (lastAt, asOf]: activations at `activeAt`, expiries at `expiresAt + 1`.
 * Points activated and expired are left in `d.activated` and `d.expired`.
 */
function runTime(d: Draft, asOf: Instant): void {
  let activated = 0;
  let expired = 0;
  if (asOf >= d.nextDue) {
    const after = d.lastAt ?? Number.NEGATIVE_INFINITY;
    let n = 0;
    for (let k = 0; k < d.live.length; k++) {
      const i = d.live[k] as number;
      const lot = d.lots[i] as PointsLot;
      if (lot.remaining <= 0) continue;
      if (lot.activeAt !== null && lot.activeAt > lot.earnedAt && lot.activeAt > after && lot.activeAt <= asOf) {
        stepAt[n] = lot.activeAt;
        stepCode[n++] = i;
      }
      if (lot.expiresAt !== null && lot.expiresAt < asOf) {
        stepAt[n] = lot.expiresAt + 1;
        stepCode[n++] = ORDER + i;
      }
    }
    if (n > 1) sortDueSteps(n);
    for (let k = 0; k < n; k++) {
      const code = stepCode[k] as number;
      const i = code >= ORDER ? code - ORDER : code;
      const lot = d.lots[i] as PointsLot;
      if (lot.remaining <= 0) continue;
      if (code < ORDER) {
        // The lot's own instant (the same number as the step's), so the entry shares it.
        const at = lot.activeAt as number;
        addEntry(d, 'activate', at, null, lot.remaining, lot.source.ruleId, lot.source.sourceId, [{ lotId: lot.id, points: lot.remaining }], lot.remaining, -lot.remaining);
        activated += lot.remaining;
        settleDebt(d, at, null);
      } else {
        const at = stepAt[k] as number;
        const remaining = lot.remaining;
        setRemaining(d, i, 0);
        addEntry(d, 'expire', at, null, remaining, lot.source.ruleId, lot.source.sourceId, [{ lotId: lot.id, points: -remaining }], -remaining, 0);
        expired += remaining;
      }
    }
    d.nextDue = computeNextDue(d.lots, d.live, Math.max(asOf, after));
  }
  if (d.lastAt === null || asOf > d.lastAt) d.lastAt = asOf;
  d.activated = activated;
  d.expired = expired;
}

/** The result of {@link tickPoints}. */
export interface PointsTickResult {
  /** The state after the time-driven steps (the input state itself when nothing was due). */
  readonly state: PointsState;
  /** Entries made: activations and expiries (and debt settlements), in time order. */
  readonly entries: readonly PointsEntry[];
  /** Points activated. */
  readonly activated: number;
  /** Points expired. */
  readonly expired: number;
}

/**
 * Moves a ledger's clock to `asOf`: activates pending lots whose time has come, then expires
 * lots past their last valid millisecond, in time order (an activation and an expiry at the
 * same instant: activation first). An `asOf` at or before the last processed instant changes
 * nothing, so ticking twice is safe. Commands run this themselves before they act.
 *
 * @example
 * ```ts
 * import { createPointsState, earnPoints, parsePointsProgram, tickPoints } from 'siyu/points';
 * const program = parsePointsProgram({ timeZone: 'UTC', expiry: { kind: 'rolling', duration: { amount: 1, unit: 'day' } }, rules: [{ id: 'c', eventType: 'check_in', award: { kind: 'fixed', amount: 5 } }] });
 * const earned = earnPoints(createPointsState('u1', 'UTC'), program, { event: { id: 'c1', userId: 'u1', type: 'check_in', at: 0 } });
 * const state = earned.ok ? earned.state : createPointsState('u1', 'UTC');
 * tickPoints(state, 86_400_000 * 2).expired; // → 5
 * tickPoints(state, 1_000).entries; // → []
 * ```
 */
export function tickPoints(state: PointsState, asOf: Instant): PointsTickResult;
/**
 * The same, in the form `tickPoints(state, program, asOf)`: additionally checks that the ledger
 * was created in the program's zone (a `SiyuError` otherwise). Lot activation and expiry
 * instants were fixed from the program when each lot was made.
 *
 * @example
 * ```ts
 * import { createPointsState, parsePointsProgram, tickPoints } from 'siyu/points';
 * const program = parsePointsProgram({ timeZone: 'Asia/Shanghai', rules: [] });
 * tickPoints(createPointsState('u1'), program, 1_000).entries; // → []
 * tickPoints(createPointsState('u1', 'UTC'), program, 1_000); // throws: zone
 * ```
 */
export function tickPoints(state: PointsState, program: PointsProgram, asOf: Instant): PointsTickResult;
export function tickPoints(state: PointsState, programOrAsOf: PointsProgram | Instant, maybeAsOf?: Instant): PointsTickResult {
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
  runTime(d, asOf);
  return { state: closeDraft(d), entries: d.added.slice(), activated: d.activated, expired: d.expired };
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

function assertZone(state: PointsState, program: PointsProgram): void {
  if (program.timeZone !== state.timeZone) throw SiyuError.at(['timeZone'], `the state's zone "${state.timeZone}" differs from the program's "${program.timeZone}"`, 'invalid_command');
}

function outOfOrder(at: Instant, lastAt: Instant): Fail {
  return reject('out_of_order', `at ${at} is before the last processed instant ${lastAt}`);
}

/**
 * Runs the time-driven steps and the command on the draft (the replay and order checks are
 * done). On a rejection the draft is rolled back to where it was before the command.
 */
function execute(program: PointsProgram, d: Draft, command: PointsCommand, key: string, at: Instant): PointsOutcomeDetail | Fail {
  const lastAt = d.lastAt;
  const nextDue = d.nextDue;
  d.start = d.added.length;
  compactLive(d);
  const live = d.live.length;
  const undo = d.undo;
  if (undo.length !== 0) undo.length = 0;
  d.recording = true;
  runTime(d, at);
  d.recording = false;
  let result: PointsOutcomeDetail | Fail;
  switch (command.kind) {
    case 'earn':
      result = earn(program, d, command, at);
      break;
    case 'redeem':
      result = redeem(program, d, command, key, at);
      break;
    case 'pointsCash':
      result = pointsCash(program, d, command, key, at);
      break;
    case 'refund':
      result = refund(program, d, command, key, at);
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
  if ('ok' in result) {
    // Rejected: undo the time-driven steps (the commands reject before they change anything).
    for (let k = undo.length - 2; k >= 0; k -= 2) {
      const i = undo[k] as number;
      const old = undo[k + 1] as number | PointsLot;
      if (typeof old === 'number') (d.lots[i] as LotDraft).remaining = smallInt(old);
      else d.lots[i] = old;
    }
    d.added.length = d.start;
    d.live.length = live;
    d.lastAt = lastAt;
    d.nextDue = nextDue;
    return result;
  }
  putRecord(d.processed, { key, kind: command.kind, at, from: d.entryBase + d.start, to: d.entryBase + d.added.length, outcome: result }, processedKey);
  return result;
}

/**
 * Applies one command to a member's ledger: earn, redeem, points + cash, refund, activate or
 * adjust. A key already processed returns its first outcome with `replayed: true` and the same
 * state object; a key reused by another kind of command is rejected (`key_reused`); a command
 * before the last processed instant is rejected (`out_of_order`). Malformed commands (no key,
 * a non-integer instant or amount) throw `SiyuError`; business refusals are typed rejections.
 * Each call copies the state's arrays once; to apply many commands to one ledger, prefer
 * {@link applyPointsCommands}.
 *
 * @example
 * ```ts
 * import { applyPointsCommand, createPointsState, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ id: 'join', eventType: 'join_group', award: { kind: 'fixed', amount: 20 } }] });
 * const r = applyPointsCommand(createPointsState('u1'), program, { kind: 'earn', event: { id: 'j1', userId: 'u1', type: 'join_group', at: 100 } });
 * r.ok && r.state.lots.map((l) => [l.amount, l.remaining]); // → [[20, 20]]
 * const late = r.ok ? applyPointsCommand(r.state, program, { kind: 'adjust', key: 'a1', at: 50, points: 5 }) : r;
 * late.ok ? '' : late.reason; // → 'out_of_order'
 * ```
 */
export function applyPointsCommand(state: PointsState, program: PointsProgram, command: PointsCommand): PointsCommandResult {
  assertZone(state, program);
  const key = commandKey(command);
  const at = commandAt(command);
  const first = findProcessedCommand(state, key);
  if (first !== undefined) {
    if (first.kind === command.kind) return { ok: true, state, entries: state.entries.slice(first.from, first.to), outcome: first.outcome, replayed: true };
    return reject('key_reused', `key "${key}" was used by a ${first.kind} command`);
  }
  if (state.lastAt !== null && at < state.lastAt) return outOfOrder(at, state.lastAt);
  const d = openDraft(state);
  const result = execute(program, d, command, key, at);
  if ('ok' in result) return result;
  const success: PointsCommandSuccess = { ok: true, state: closeDraft(d), entries: d.added.slice(d.start), outcome: result, replayed: false };
  return success;
}

/** What one command of a batch did: {@link PointsCommandSuccess} without the intermediate state. */
export interface PointsBatchSuccess {
  /** Discriminator. */
  readonly ok: true;
  /** Entries appended by the command (time-driven ones first, then its own); for a replay, the first outcome's entries. */
  readonly entries: readonly PointsEntry[];
  /** What the command did. */
  readonly outcome: PointsOutcomeDetail;
  /** True when the key had already been processed (before or earlier in the batch). */
  readonly replayed: boolean;
}

/** The entries of a processed command, from the state or from the draft. */
function replayedEntries(state: PointsState, d: Draft | null, first: PointsProcessedCommand): PointsEntry[] {
  if (d === null || first.from < d.entryBase) return state.entries.slice(first.from, first.to);
  return d.added.slice(first.from - d.entryBase, first.to - d.entryBase);
}

/** The outcome of one command of a batch. */
export type PointsBatchCommandResult = PointsBatchSuccess | Rejection<PointsRejectionReason>;

/** The result of {@link applyPointsCommands}. */
export interface PointsBatchResult {
  /** The state after every command (the input state itself when none changed anything). */
  readonly state: PointsState;
  /** One result per command, in order. */
  readonly results: readonly PointsBatchCommandResult[];
  /** How many commands were accepted for the first time (not replays, not rejections). */
  readonly applied: number;
}

/**
 * Applies a sequence of commands to one member's ledger, exactly as calling
 * {@link applyPointsCommand} on each in turn (each on the state the previous one returned,
 * rejections leaving it unchanged) would: same final state, same outcomes, same entries, same
 * replays and rejections. The work is done on one private draft, so the state's arrays are
 * copied once per batch instead of once per command. A malformed command throws `SiyuError`
 * (as one by one) and the whole batch is abandoned; the input state is never changed.
 *
 * @example
 * ```ts
 * import { applyPointsCommands, createPointsState, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 70 } }], redemption: { catalog: [{ id: 'mug', points: 100 }] } });
 * const event = { id: 'o1', userId: 'u1', type: 'purchase', at: 0 };
 * const batch = applyPointsCommands(createPointsState('u1'), program, [
 *   { kind: 'earn', event },
 *   { kind: 'earn', event },
 *   { kind: 'redeem', key: 'r1', at: 5, itemId: 'mug' },
 *   { kind: 'earn', event: { ...event, id: 'o2', at: 10 } },
 * ]);
 * batch.results.map((r) => (r.ok ? (r.replayed ? 'replayed' : 'ok') : r.reason)); // → ['ok', 'replayed', 'insufficient_points', 'ok']
 * [batch.applied, batch.state.lots.map((l) => l.remaining)]; // → [2, [70, 70]]
 * ```
 */
export function applyPointsCommands(state: PointsState, program: PointsProgram, commands: readonly PointsCommand[]): PointsBatchResult {
  assertZone(state, program);
  const results: PointsBatchCommandResult[] = new Array<PointsBatchCommandResult>(commands.length);
  let d: Draft | null = null;
  let applied = 0;
  for (let c = 0; c < commands.length; c++) {
    const command = commands[c] as PointsCommand;
    const key = commandKey(command);
    const at = commandAt(command);
    const first = d === null ? findProcessedCommand(state, key) : findDraftProcessed(d, key);
    if (first !== undefined) {
      results[c] =
        first.kind === command.kind
          ? { ok: true, entries: replayedEntries(state, d, first), outcome: first.outcome, replayed: true }
          : reject('key_reused', `key "${key}" was used by a ${first.kind} command`);
      continue;
    }
    const lastAt = d === null ? state.lastAt : d.lastAt;
    if (lastAt !== null && at < lastAt) {
      results[c] = outOfOrder(at, lastAt);
      continue;
    }
    d ??= openDraft(state);
    const result = execute(program, d, command, key, at);
    if ('ok' in result) results[c] = result;
    else {
      results[c] = { ok: true, entries: d.added.slice(d.start), outcome: result, replayed: false };
      applied++;
    }
  }
  return { state: d === null || applied === 0 ? state : closeDraft(d), results, applied };
}

const NO_MEMBER: PointsMemberContext = Object.freeze({});

const lockCache = new WeakMap<PointsProgram, ReadonlyMap<string, PointsLockPolicy>>();

/** The lock policy of a rule (its own, else the program's), from a per-program cache. */
function lockOf(program: PointsProgram, ruleId: string): PointsLockPolicy {
  let locks = lockCache.get(program);
  if (locks === undefined) {
    const map = new Map<string, PointsLockPolicy>();
    for (const rule of program.rules) if (!map.has(rule.id)) map.set(rule.id, rule.lock ?? program.lock);
    lockCache.set(program, map);
    locks = map;
  }
  return locks.get(ruleId) ?? program.lock;
}


function heldPoints(d: Draft): number {
  let held = 0;
  for (let k = 0; k < d.live.length; k++) held += (d.lots[d.live[k] as number] as PointsLot).remaining;
  return held;
}

function earn(program: PointsProgram, d: Draft, command: PointsEarnCommand, at: Instant): PointsOutcomeDetail | Fail {
  const event = command.event;
  if (event.amount !== undefined && !Number.isSafeInteger(event.amount)) throw SiyuError.at(['event', 'amount'], `must be a safe integer (minor units), received ${event.amount}`, 'invalid_command');
  if (event.userId !== d.memberId && !referralParties(program, event).includes(d.memberId)) {
    return reject('wrong_member', `event ${event.id} belongs to ${event.userId}, not ${d.memberId}`);
  }
  const evaluations = evaluatePointsEarn(program, d, event, command.member ?? NO_MEMBER);
  let desired = 0;
  for (const e of evaluations) desired += e.desired;
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
  const parts = awarded === desired ? null : allocateProportionally(awarded, evaluations.map((e) => e.desired));
  const rules = new Array<PointsRuleAward>(evaluations.length);
  let anyActive = false;
  for (let i = 0; i < evaluations.length; i++) {
    const e = evaluations[i] as (typeof evaluations)[number];
    const points = parts === null ? e.desired : smallInt(parts[i] ?? 0);
    rules[i] = e.skipped === undefined ? { ruleId: e.ruleId, desired: e.desired, awarded: points, multipliers: e.multipliers } : { ruleId: e.ruleId, desired: e.desired, awarded: points, multipliers: e.multipliers, skipped: e.skipped };
    if (e.skipped !== undefined) continue;
    if (e.cycleDay !== undefined && e.day !== undefined) {
      if (!d.ownCheckIns) {
        d.checkIns = { ...d.checkIns };
        d.ownCheckIns = true;
      }
      putKey(d.checkIns as Record<string, PointsCheckInStreak>, e.ruleId, { day: e.day, cycleDay: e.cycleDay });
    }
    if (e.code !== undefined) {
      if (!d.ownScannedCodes) {
        d.scannedCodes = { ...d.scannedCodes };
        d.ownScannedCodes = true;
      }
      putKey(d.scannedCodes as Record<string, string>, e.code, event.id);
    }
    if (e.role === 'inviter' && e.inviteeId !== undefined) {
      if (!d.ownInvitees) {
        d.invitees = { ...d.invitees };
        d.ownInvitees = true;
      }
      putKey(d.invitees as Record<string, string>, e.inviteeId, event.id);
    }
    if (e.role === 'invitee') d.referredBy = event.id;
    if (points <= 0) continue;
    const activeAt = computeLotActivation(lockOf(program, e.ruleId), at, program.timeZone);
    const expiresAt = activeAt === null ? null : computeLotExpiry(program.expiry, activeAt, program.timeZone);
    const lot = newLot(d, points, at, activeAt, expiresAt, { ruleId: e.ruleId, sourceId: event.id, eventType: event.type });
    const active = !isPending(lot, at);
    anyActive ||= active;
    addEntry(d, 'earn', at, event.id, points, e.ruleId, event.id, [{ lotId: lot.id, points }], active ? points : 0, active ? 0 : points);
  }
  if (anyActive) settleDebt(d, at, event.id);
  if (awarded > 0) putSource(d, { sourceId: event.id, amount: event.amount ?? null, awarded, refunded: 0, revokeDue: 0, revoked: 0 });
  return { kind: 'earn', desired, awarded, limitedBy: limitedBy.length === 0 ? limitedBy : exactCopy(limitedBy), rules };
}

function debit(d: Draft, at: Instant, points: number, kind: PointsEntryKind, key: string, ruleId: string, sourceId: string): void {
  if (points <= 0) return;
  const moves: PointsLotMovement[] = [];
  takeInBurnOrder(d, at, points, moves);
  addEntry(d, kind, at, key, points, ruleId, sourceId, exactCopy(moves), -points, 0);
}

function insufficient(needed: number, has: number): Fail {
  return reject('insufficient_points', `needs ${needed} points, has ${has} spendable`);
}

function redeem(program: PointsProgram, d: Draft, command: PointsRedeemCommand, key: string, at: Instant): PointsOutcomeDetail | Fail {
  const quantity = command.quantity ?? 1;
  assertPoints(quantity, ['quantity'], 1);
  const item = program.redemption.catalog.find((c) => c.id === command.itemId);
  if (item === undefined) return reject('unknown_item', `no catalog item "${command.itemId}"`);
  const cost = item.points * quantity;
  const has = draftSpendable(d, at);
  if (cost > has) return insufficient(cost, has);
  debit(d, at, cost, 'redeem', key, item.id, key);
  return { kind: 'redeem', itemId: item.id, quantity, points: cost };
}

function pointsCash(program: PointsProgram, d: Draft, command: PointsCashCommand, key: string, at: Instant): PointsOutcomeDetail | Fail {
  assertPoints(command.goods, ['goods'], 0);
  assertPoints(command.shipping, ['shipping'], 0);
  if (command.maxPoints !== undefined) assertPoints(command.maxPoints, ['maxPoints'], 0);
  const settings = program.redemption.pointsCash;
  if (settings === undefined) return reject('points_cash_not_offered', 'the program offers no points + cash');
  const quote = quotePointsCash(settings, { goods: command.goods, shipping: command.shipping }, draftSpendable(d, at), command.maxPoints);
  if (!quote.ok) return quote;
  debit(d, at, quote.points, 'redeem', key, 'pointsCash', command.orderId);
  return { kind: 'pointsCash', orderId: command.orderId, points: quote.points, discount: quote.discount, cash: quote.cash };
}

function refund(program: PointsProgram, d: Draft, command: PointsRefundCommand, key: string, at: Instant): PointsOutcomeDetail | Fail {
  assertPoints(command.amount, ['amount'], 1);
  const sourceId = command.sourceId;
  const record = findDraftSource(d, sourceId);
  if (record === undefined) return reject('unknown_source', `no points were earned by "${sourceId}"`);
  if (record.amount === null || record.amount <= 0) return reject('not_refundable', `"${sourceId}" carried no amount to refund against`);
  const refunded = record.refunded + command.amount;
  if (refunded > record.amount) return reject('refund_exceeds_order', `refunds would total ${refunded}, above the order amount ${record.amount}`);
  const revokeDue = smallInt(multiplyRatio(record.awarded, refunded, record.amount, 'floor'));
  const due = revokeDue - record.revokeDue;
  const policy = program.refundPolicy;
  const moves: PointsLotMovement[] = [];
  let left = due;
  let fromPending = 0;
  // 1. The source's own pending points; 2. its own spendable points; 3. other spendable points.
  for (let k = 0; k < d.live.length && left > 0; k++) {
    const i = d.live[k] as number;
    const lot = d.lots[i] as PointsLot;
    if (lot.source.sourceId !== sourceId || lot.source.eventType === undefined || lot.remaining <= 0 || !isPending(lot, at)) continue;
    const take = Math.min(left, lot.remaining);
    setRemaining(d, i, lot.remaining - take);
    moves.push({ lotId: lot.id, points: -take });
    fromPending += take;
    left -= take;
  }
  if (policy !== 'pendingOnly' && left > 0) {
    left -= takeInBurnOrder(d, at, left, moves, sourceId);
    if (left > 0) left -= takeInBurnOrder(d, at, left, moves);
  }
  if (policy === 'allowNegative' && left > 0) {
    const lot = newLot(d, -left, at, at, null, { ruleId: 'debt', sourceId: key });
    moves.push({ lotId: lot.id, points: -left });
    left = 0;
  }
  const revoked = due - left;
  if (revoked > 0) addEntry(d, 'revoke', at, key, revoked, 'refund', sourceId, exactCopy(moves), -(revoked - fromPending), -fromPending);
  putSource(d, { ...record, refunded, revokeDue, revoked: record.revoked + revoked });
  return { kind: 'refund', sourceId, due, revoked, shortfall: due - revoked };
}

function activate(program: PointsProgram, d: Draft, command: PointsActivateCommand, key: string, at: Instant): PointsOutcomeDetail | Fail {
  let points = 0;
  for (let k = 0; k < d.live.length; k++) {
    const i = d.live[k] as number;
    const lot = d.lots[i] as PointsLot;
    if (lot.source.sourceId !== command.sourceId || lot.source.eventType === undefined || lot.remaining <= 0 || !isPending(lot, at)) continue;
    const active = { ...lot, activeAt: at, expiresAt: computeLotExpiry(program.expiry, at, program.timeZone) };
    d.lots[i] = active;
    noteDue(d, active);
    addEntry(d, 'activate', at, key, lot.remaining, lot.source.ruleId, lot.source.sourceId, [{ lotId: lot.id, points: lot.remaining }], lot.remaining, -lot.remaining);
    points += lot.remaining;
  }
  if (points === 0) return reject('nothing_pending', `no pending points from "${command.sourceId}"`);
  settleDebt(d, at, key);
  return { kind: 'activate', sourceId: command.sourceId, points };
}

function adjust(program: PointsProgram, d: Draft, command: PointsAdjustCommand, key: string, at: Instant): PointsOutcomeDetail | Fail {
  const points = command.points;
  if (typeof points !== 'number' || !Number.isSafeInteger(points) || points === 0) throw SiyuError.at(['points'], `must be a non-zero safe integer, received ${String(points)}`, 'invalid_command');
  if (points > 0) {
    const lot = newLot(d, points, at, at, computeLotExpiry(program.expiry, at, program.timeZone), { ruleId: 'adjust', sourceId: key });
    addEntry(d, 'adjust', at, key, points, 'adjust', key, [{ lotId: lot.id, points }], points, 0);
    settleDebt(d, at, key);
  } else {
    const has = draftSpendable(d, at);
    if (-points > has) return insufficient(-points, has);
    debit(d, at, -points, 'adjust', key, 'adjust', key);
  }
  return { kind: 'adjust', points };
}
