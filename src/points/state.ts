/**
 * A member's points ledger as plain JSON: lots, the append-only entry log, and the little
 * bookkeeping needed for idempotency, refunds, streaks, referrals and item codes.
 *
 * @module
 */
import { DEFAULT_TIME_ZONE, SiyuError, assertTimeZone, type Instant, type TimeZone } from '../core/index.js';

/** Where a lot's points came from. */
export interface PointsLotSource {
  /** The earning rule (`'adjust'` for manual credits, `'debt'` for a negative-balance lot). */
  readonly ruleId: string;
  /** The source id: the event id, or the command key of an adjustment or refund. */
  readonly sourceId: string;
  /** The event type, for rule lots (period caps may be scoped by it). */
  readonly eventType?: string | undefined;
}

/**
 * A lot: points earned together, consumed in burn order. `remaining` is what is left;
 * `activeAt` is when it became (or becomes) spendable (`null` while it waits for an explicit
 * activation); `expiresAt` is its last valid millisecond (`null`: never, or not yet known).
 * A debt lot (refund under `allowNegative`) has a negative `amount` and `remaining`, never
 * expires, and is paid back by later points as they activate.
 */
export interface PointsLot {
  /** Ledger-unique id (`L1`, `L2`, …). */
  readonly id: string;
  /** Points credited. */
  readonly amount: number;
  /** Points left. */
  readonly remaining: number;
  /** When it was earned. */
  readonly earnedAt: Instant;
  /** When it became or becomes spendable; `null` until a manual activation. */
  readonly activeAt: Instant | null;
  /** Last valid millisecond; `null` for never (or not yet activated). */
  readonly expiresAt: Instant | null;
  /** Where it came from. */
  readonly source: PointsLotSource;
}

/** What an entry did to the ledger. */
export type PointsEntryKind = 'earn' | 'activate' | 'redeem' | 'expire' | 'revoke' | 'adjust' | 'settle';

/** How an entry changed one lot: the signed change of its `remaining` (credit +, debit −). */
export interface PointsLotMovement {
  /** The lot. */
  readonly lotId: string;
  /** Signed change of the lot's `remaining`; for an `activate` entry, the points that became available. */
  readonly points: number;
}

/**
 * One line of the append-only log. `available` and `pending` are the entry's effect on those
 * balances, so folding the log up to an instant gives the balances at that instant.
 */
export interface PointsEntry {
  /** Position in the log, from 0. */
  readonly seq: number;
  /** What happened. */
  readonly kind: PointsEntryKind;
  /** When it took effect (activations at `activeAt`, expiries at `expiresAt + 1`). */
  readonly at: Instant;
  /** The command key that made it; `null` for time-driven entries (activation, expiry). */
  readonly key: string | null;
  /** Points concerned (always ≥ 0). */
  readonly points: number;
  /** The earning rule, catalog item or `pointsCash` / `adjust` / `refund`. */
  readonly ruleId: string;
  /** The source: event id, order id, or the command key. */
  readonly sourceId: string;
  /** Lots credited or consumed. */
  readonly lots: readonly PointsLotMovement[];
  /** Change of the available balance. */
  readonly available: number;
  /** Change of the pending balance. */
  readonly pending: number;
}

/** The first outcome of a command, kept for idempotent replays. */
export interface PointsProcessedCommand {
  /** The idempotency key. */
  readonly key: string;
  /** The command kind (a key reused for another kind is rejected). */
  readonly kind: string;
  /** The command instant. */
  readonly at: Instant;
  /** Entries it made: `entries.slice(from, to)`. */
  readonly from: number;
  /** End (exclusive) of its entries. */
  readonly to: number;
  /** Its outcome details. */
  readonly outcome: PointsOutcomeDetail;
}

/** Refund bookkeeping of an earning event. */
export interface PointsSourceRecord {
  /** The earning event's id. */
  readonly sourceId: string;
  /** The event's amount (minor units), or `null` when it carried none (not refundable). */
  readonly amount: number | null;
  /** Points awarded by the event (all rules). */
  readonly awarded: number;
  /** Amount refunded so far. */
  readonly refunded: number;
  /** Points due for revocation so far (cumulative, proportional). */
  readonly revokeDue: number;
  /** Points actually revoked so far. */
  readonly revoked: number;
}

/** Streak of one check-in rule. */
export interface PointsCheckInStreak {
  /** Local day number (core `localDayNumber`) of the last check-in. */
  readonly day: number;
  /** Its day in the cycle, 1-based. */
  readonly cycleDay: number;
}

/** Why an earning rule that matched the event's type awarded nothing. */
export type PointsSkipReason = 'condition_not_met' | 'already_checked_in' | 'code_already_scanned' | 'missing_code' | 'already_referred' | 'not_a_party' | 'no_amount';

/** One rule's part of an earn. */
export interface PointsRuleAward {
  /** The rule. */
  readonly ruleId: string;
  /** Points before caps (base × multipliers, rounded once). */
  readonly desired: number;
  /** Points after caps. */
  readonly awarded: number;
  /** Multipliers applied, by id. */
  readonly multipliers: readonly string[];
  /** Why it awarded nothing, when it did not. */
  readonly skipped?: PointsSkipReason | undefined;
}

/** A cap that reduced an award. */
export interface PointsCapLimit {
  /** Which cap: `'day'`, `'week'`, `'month'` or `'balance'`. */
  readonly cap: 'day' | 'week' | 'month' | 'balance';
  /** Points it took off. */
  readonly reducedBy: number;
}

/** The outcome details of a command (besides its entries). */
export type PointsOutcomeDetail =
  | { readonly kind: 'earn'; readonly desired: number; readonly awarded: number; readonly limitedBy: readonly PointsCapLimit[]; readonly rules: readonly PointsRuleAward[] }
  | { readonly kind: 'redeem'; readonly itemId: string; readonly quantity: number; readonly points: number }
  | { readonly kind: 'pointsCash'; readonly orderId: string; readonly points: number; readonly discount: number; readonly cash: number }
  | { readonly kind: 'refund'; readonly sourceId: string; readonly due: number; readonly revoked: number; readonly shortfall: number }
  | { readonly kind: 'activate'; readonly sourceId: string; readonly points: number }
  | { readonly kind: 'adjust'; readonly points: number };

/** A member's points: everything the ledger needs, as plain JSON. */
export interface PointsState {
  /** The member. */
  readonly memberId: string;
  /** The program zone (used for streak days and forecasts). */
  readonly timeZone: TimeZone;
  /** The last instant processed; commands before it are rejected. */
  readonly lastAt: Instant | null;
  /** Next lot number. */
  readonly nextLot: number;
  /** All lots, in earn order (consumed ones are kept). */
  readonly lots: readonly PointsLot[];
  /** The append-only log. */
  readonly entries: readonly PointsEntry[];
  /**
   * Processed commands with their first outcome, sorted by key (code-unit order) so a lookup is
   * a binary search and an insert copies an array rather than a large object.
   */
  readonly processed: readonly PointsProcessedCommand[];
  /** Refund bookkeeping of earning events that awarded points, sorted by `sourceId`. */
  readonly sources: readonly PointsSourceRecord[];
  /** Check-in streaks by rule id. */
  readonly checkIns: Readonly<Record<string, PointsCheckInStreak>>;
  /** Invitees this member was rewarded for → the referral event id. */
  readonly invitees: Readonly<Record<string, string>>;
  /** The referral event id that rewarded this member as an invitee, if any. */
  readonly referredBy: string | null;
  /** Item codes this member has scanned → the scan event id. */
  readonly scannedCodes: Readonly<Record<string, string>>;
}

/**
 * A new, empty ledger for a member. The zone should be the program's.
 *
 * @example
 * ```ts
 * import { createPointsState } from 'siyu/points';
 * const state = createPointsState('u1');
 * [state.memberId, state.timeZone, state.lots.length]; // → ['u1', 'Asia/Shanghai', 0]
 * createPointsState(''); // throws: siyu: memberId: must be a non-empty string
 * ```
 */
export function createPointsState(memberId: string, timeZone: TimeZone = DEFAULT_TIME_ZONE): PointsState {
  if (typeof memberId !== 'string' || memberId === '') throw SiyuError.at(['memberId'], 'must be a non-empty string');
  assertTimeZone(timeZone, ['timeZone']);
  return {
    memberId,
    timeZone,
    lastAt: null,
    nextLot: 1,
    lots: [],
    entries: [],
    processed: [],
    sources: [],
    checkIns: {},
    invitees: {},
    referredBy: null,
    scannedCodes: {},
  };
}
