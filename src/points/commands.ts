/**
 * The commands a points ledger accepts, their outcomes, and one function per command. Every
 * command carries an idempotency key (an earn's key is its event id); replaying a key returns
 * the first outcome and changes nothing.
 *
 * @module
 */
import type { ActivityEvent, Instant, Rejection } from '../core/index.js';
import type { PointsMemberContext } from './earning.js';
import { applyPointsCommand } from './ledger.js';
import type { PointsProgram } from './schema.js';
import type { PointsEntry, PointsOutcomeDetail, PointsState } from './state.js';

/** Earn points for an activity event; the key is the event id. */
export interface PointsEarnCommand {
  /** Discriminator. */
  readonly kind: 'earn';
  /** The event (its `id` is the idempotency key, its `at` the command instant). */
  readonly event: ActivityEvent;
  /** What multipliers need to know about the member. */
  readonly member?: PointsMemberContext | undefined;
}

/** Redeem a catalog item for points. */
export interface PointsRedeemCommand {
  /** Discriminator. */
  readonly kind: 'redeem';
  /** Idempotency key. */
  readonly key: string;
  /** When. */
  readonly at: Instant;
  /** The catalog item. */
  readonly itemId: string;
  /** How many; 1 by default. */
  readonly quantity?: number | undefined;
}

/** Pay part of an order's goods with points (points + cash). */
export interface PointsCashCommand {
  /** Discriminator. */
  readonly kind: 'pointsCash';
  /** Idempotency key. */
  readonly key: string;
  /** When. */
  readonly at: Instant;
  /** The order, named in the entry. */
  readonly orderId: string;
  /** Goods price, minor units. */
  readonly goods: number;
  /** Shipping, minor units (never discounted). */
  readonly shipping: number;
  /** Use at most this many points. */
  readonly maxPoints?: number | undefined;
}

/** Refund (part of) an earning event's amount: revoke its points proportionally. */
export interface PointsRefundCommand {
  /** Discriminator. */
  readonly kind: 'refund';
  /** Idempotency key (one per refund). */
  readonly key: string;
  /** When. */
  readonly at: Instant;
  /** The earning event's id. */
  readonly sourceId: string;
  /** Amount refunded now, minor units (> 0). */
  readonly amount: number;
}

/** Activate the pending points of an earning event now (manual locks, or early release). */
export interface PointsActivateCommand {
  /** Discriminator. */
  readonly kind: 'activate';
  /** Idempotency key. */
  readonly key: string;
  /** When. */
  readonly at: Instant;
  /** The earning event's id. */
  readonly sourceId: string;
}

/** A manual adjustment: credit (a new active lot) or debit (in burn order). */
export interface PointsAdjustCommand {
  /** Discriminator. */
  readonly kind: 'adjust';
  /** Idempotency key. */
  readonly key: string;
  /** When. */
  readonly at: Instant;
  /** Signed points, not 0. */
  readonly points: number;
  /** Why, for the operator. */
  readonly reason?: string | undefined;
}

/** Any points command. */
export type PointsCommand = PointsEarnCommand | PointsRedeemCommand | PointsCashCommand | PointsRefundCommand | PointsActivateCommand | PointsAdjustCommand;

/** Why a command was refused. */
export type PointsRejectionReason =
  | 'out_of_order'
  | 'key_reused'
  | 'wrong_member'
  | 'transaction_cap_exceeded'
  | 'insufficient_points'
  | 'unknown_item'
  | 'points_cash_not_offered'
  | 'below_minimum_order'
  | 'unknown_source'
  | 'not_refundable'
  | 'refund_exceeds_order'
  | 'nothing_pending';

/** An accepted command: the new state, the entries it appended, and its details. */
export interface PointsCommandSuccess {
  /** Discriminator. */
  readonly ok: true;
  /** The new state (the input state is never changed). */
  readonly state: PointsState;
  /** Entries appended (time-driven ones first, then the command's own). */
  readonly entries: readonly PointsEntry[];
  /** What the command did. */
  readonly outcome: PointsOutcomeDetail;
  /** True when the key had been processed: the first outcome, and the state unchanged. */
  readonly replayed: boolean;
}

/** The outcome of a points command. */
export type PointsCommandResult = PointsCommandSuccess | Rejection<PointsRejectionReason>;

/**
 * Earns points for an activity event (key: the event id). Caps: period and balance caps reduce
 * (see `outcome.desired` / `outcome.awarded`); a per-transaction cap rejects.
 *
 * @example
 * ```ts
 * import { createPointsState, earnPoints, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }] });
 * const event = { id: 'o1', userId: 'u1', type: 'purchase', at: Date.UTC(2025, 0, 1), amount: 12_999 };
 * const first = earnPoints(createPointsState('u1'), program, { event });
 * first.ok && first.outcome; // → { kind: 'earn', desired: 129, awarded: 129, limitedBy: [], rules: [{ ruleId: 'spend', desired: 129, awarded: 129, multipliers: [] }] }
 * const again = first.ok ? earnPoints(first.state, program, { event }) : first;
 * first.ok && again.ok && again.replayed && again.state === first.state; // → true
 * ```
 */
export function earnPoints(state: PointsState, program: PointsProgram, input: Omit<PointsEarnCommand, 'kind'>): PointsCommandResult {
  return applyPointsCommand(state, program, { kind: 'earn', ...input });
}

/**
 * Redeems a catalog item; not enough spendable points is a typed rejection.
 *
 * @example
 * ```ts
 * import { adjustPoints, createPointsState, parsePointsProgram, redeemPoints } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [], redemption: { catalog: [{ id: 'mug', points: 500 }] } });
 * const funded = adjustPoints(createPointsState('u1'), program, { key: 'gift', at: 0, points: 600 });
 * const state = funded.ok ? funded.state : createPointsState('u1');
 * const once = redeemPoints(state, program, { key: 'r1', at: 1, itemId: 'mug' });
 * once.ok && once.outcome; // → { kind: 'redeem', itemId: 'mug', quantity: 1, points: 500 }
 * redeemPoints(state, program, { key: 'r2', at: 1, itemId: 'mug', quantity: 2 }).ok; // → false
 * ```
 */
export function redeemPoints(state: PointsState, program: PointsProgram, input: Omit<PointsRedeemCommand, 'kind'>): PointsCommandResult {
  return applyPointsCommand(state, program, { kind: 'redeem', ...input });
}

/**
 * Pays part of an order's goods with points (points + cash), spending the quoted points.
 *
 * @example
 * ```ts
 * import { adjustPoints, createPointsState, parsePointsProgram, redeemPointsWithCash } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [], redemption: { pointsCash: { points: 1, minorUnits: 1, maxSharePercent: 50 } } });
 * const funded = adjustPoints(createPointsState('u1'), program, { key: 'gift', at: 0, points: 10_000 });
 * const paid = funded.ok ? redeemPointsWithCash(funded.state, program, { key: 'pay-o9', at: 1, orderId: 'o9', goods: 8_000, shipping: 1_000 }) : funded;
 * paid.ok && paid.outcome; // → { kind: 'pointsCash', orderId: 'o9', points: 4_000, discount: 4_000, cash: 5_000 }
 * ```
 */
export function redeemPointsWithCash(state: PointsState, program: PointsProgram, input: Omit<PointsCashCommand, 'kind'>): PointsCommandResult {
  return applyPointsCommand(state, program, { kind: 'pointsCash', ...input });
}

/**
 * Revokes an earning event's points in proportion to a refund, by the program's refund policy;
 * never more than the event awarded in total; refunding beyond the event's amount is rejected.
 *
 * @example
 * ```ts
 * import { createPointsState, earnPoints, parsePointsProgram, refundPoints } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 70 } }] });
 * const earned = earnPoints(createPointsState('u1'), program, { event: { id: 'o1', userId: 'u1', type: 'purchase', at: 0, amount: 4_000 } });
 * const half = earned.ok ? refundPoints(earned.state, program, { key: 'rf1', at: 1, sourceId: 'o1', amount: 2_000 }) : earned;
 * half.ok && half.outcome; // → { kind: 'refund', sourceId: 'o1', due: 35, revoked: 35, shortfall: 0 }
 * ```
 */
export function refundPoints(state: PointsState, program: PointsProgram, input: Omit<PointsRefundCommand, 'kind'>): PointsCommandResult {
  return applyPointsCommand(state, program, { kind: 'refund', ...input });
}

/**
 * Activates an earning event's pending points now; their expiry clock starts now.
 *
 * @example
 * ```ts
 * import { activatePoints, createPointsState, earnPoints, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ lock: { kind: 'manual' }, rules: [{ id: 'buy', eventType: 'purchase', award: { kind: 'fixed', amount: 10 } }] });
 * const earned = earnPoints(createPointsState('u1'), program, { event: { id: 'o1', userId: 'u1', type: 'purchase', at: 0 } });
 * const active = earned.ok ? activatePoints(earned.state, program, { key: 'ship-o1', at: 5, sourceId: 'o1' }) : earned;
 * active.ok && active.outcome; // → { kind: 'activate', sourceId: 'o1', points: 10 }
 * ```
 */
export function activatePoints(state: PointsState, program: PointsProgram, input: Omit<PointsActivateCommand, 'kind'>): PointsCommandResult {
  return applyPointsCommand(state, program, { kind: 'activate', ...input });
}

/**
 * A manual adjustment: a positive one credits a new active lot (with the program's expiry), a
 * negative one debits in burn order (rejected when not enough points are spendable).
 *
 * @example
 * ```ts
 * import { adjustPoints, createPointsState, parsePointsProgram } from 'siyu/points';
 * const program = parsePointsProgram({ rules: [] });
 * const r = adjustPoints(createPointsState('u1'), program, { key: 'goodwill-1', at: 0, points: 50, reason: 'late delivery' });
 * r.ok && r.outcome; // → { kind: 'adjust', points: 50 }
 * adjustPoints(createPointsState('u1'), program, { key: 'fix-1', at: 0, points: -1 }).ok; // → false
 * ```
 */
export function adjustPoints(state: PointsState, program: PointsProgram, input: Omit<PointsAdjustCommand, 'kind'>): PointsCommandResult {
  return applyPointsCommand(state, program, { kind: 'adjust', ...input });
}
