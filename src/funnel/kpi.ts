/**
 * The operating KPIs of the playbook as pure functions over counts: join rate, activity rate,
 * group churn, conversion, repurchase, average order value, ARPU and the referral K-factor.
 * Rates are exact IEEE divisions, not rounded (round for display only); money results are
 * integer fen rounded by a stated mode (half up unless told). A zero denominator gives 0.
 *
 * @module
 */
import { SiyuError, divideRounded, type RoundingMode } from '../core/index.js';

function count(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw SiyuError.at([name], `must be a non-negative integer, received ${value}`, 'invalid_input');
  return value;
}

/** `part ÷ whole` for counts with `part ≤ whole`; 0 when `whole` is 0. */
function shareOf(part: number, partName: string, whole: number, wholeName: string): number {
  count(part, partName);
  count(whole, wholeName);
  if (part > whole) throw SiyuError.at([partName], `must not exceed ${wholeName} (${part} > ${whole})`, 'invalid_input');
  return whole === 0 ? 0 : part / whole;
}

/**
 * Group join rate (入群率) = users who joined a group ÷ users who added the brand as a friend, over
 * the same users (the joined count must be among the added). The seeds' benchmark: a good welcome
 * message reaches ≥ 70%; a manual private-chat follow-up adds about 10 points. Unrounded.
 *
 * @example
 * ```ts
 * import { computeGroupJoinRate } from 'siyu/funnel';
 * computeGroupJoinRate({ added: 200, joined: 146 }); // → 0.73
 * computeGroupJoinRate({ added: 0, joined: 0 }); // → 0
 * computeGroupJoinRate({ added: 10, joined: 11 }); // throws: siyu: joined: must not exceed added
 * ```
 */
export function computeGroupJoinRate(counts: { readonly added: number; readonly joined: number }): number {
  return shareOf(counts.joined, 'joined', counts.added, 'added');
}

/**
 * Activity rate (活跃率) = members active in a period ÷ members in that period (per day unless
 * you count otherwise). Unrounded.
 *
 * @example
 * ```ts
 * import { computeActivityRate } from 'siyu/funnel';
 * computeActivityRate({ members: 480, active: 96 }); // → 0.2
 * ```
 */
export function computeActivityRate(counts: { readonly members: number; readonly active: number }): number {
  return shareOf(counts.active, 'active', counts.members, 'members');
}

/**
 * Group churn rate (退群率) = members who left during a period ÷ members during it (at its start
 * plus those who joined in it). Unrounded.
 *
 * @example
 * ```ts
 * import { computeGroupChurnRate } from 'siyu/funnel';
 * computeGroupChurnRate({ members: 500, left: 15 }); // → 0.03
 * ```
 */
export function computeGroupChurnRate(counts: { readonly members: number; readonly left: number }): number {
  return shareOf(counts.left, 'left', counts.members, 'members');
}

/**
 * Conversion rate (转化率) = users who converted ÷ users who entered (e.g. bought ÷ joined). For a
 * windowed, ordered conversion use `computeFunnel`; this is the ratio. Unrounded.
 *
 * @example
 * ```ts
 * import { computeConversionRate } from 'siyu/funnel';
 * computeConversionRate({ entered: 400, converted: 36 }); // → 0.09
 * ```
 */
export function computeConversionRate(counts: { readonly entered: number; readonly converted: number }): number {
  return shareOf(counts.converted, 'converted', counts.entered, 'entered');
}

/**
 * Repurchase rate (复购率) = buyers with at least two orders in the window ÷ buyers with at least
 * one. Unrounded. (`computeOrderMetrics` counts both from events.)
 *
 * @example
 * ```ts
 * import { computeRepurchaseRate } from 'siyu/funnel';
 * computeRepurchaseRate({ buyers: 120, repeatBuyers: 30 }); // → 0.25
 * ```
 */
export function computeRepurchaseRate(counts: { readonly buyers: number; readonly repeatBuyers: number }): number {
  return shareOf(counts.repeatBuyers, 'repeatBuyers', counts.buyers, 'buyers');
}

/**
 * Average order value (客单价) = GMV ÷ orders, in integer fen, rounded by `mode` (default
 * `halfUp`); `null` when there are no orders.
 *
 * @example
 * ```ts
 * import { computeAverageOrderValue } from 'siyu/funnel';
 * computeAverageOrderValue({ gmv: 100_000, orders: 3 }); // → 33333
 * computeAverageOrderValue({ gmv: 100_000, orders: 3 }, 'ceil'); // → 33334
 * computeAverageOrderValue({ gmv: 0, orders: 0 }); // → null
 * ```
 */
export function computeAverageOrderValue(totals: { readonly gmv: number; readonly orders: number }, mode: RoundingMode = 'halfUp'): number | null {
  count(totals.orders, 'orders');
  if (!Number.isSafeInteger(totals.gmv)) throw SiyuError.at(['gmv'], `must be an integer amount in fen, received ${totals.gmv}`, 'invalid_input');
  return totals.orders === 0 ? null : divideRounded(totals.gmv, totals.orders, mode);
}

/**
 * ARPU (每用户平均收入) = GMV ÷ users (all users of the base you choose: members, group members,
 * active users), in integer fen rounded by `mode` (default `halfUp`); `null` for no users.
 *
 * @example
 * ```ts
 * import { computeArpu } from 'siyu/funnel';
 * computeArpu({ gmv: 1_000_000, users: 480 }); // → 2083
 * ```
 */
export function computeArpu(totals: { readonly gmv: number; readonly users: number }, mode: RoundingMode = 'halfUp'): number | null {
  count(totals.users, 'users');
  if (!Number.isSafeInteger(totals.gmv)) throw SiyuError.at(['gmv'], `must be an integer amount in fen, received ${totals.gmv}`, 'invalid_input');
  return totals.users === 0 ? null : divideRounded(totals.gmv, totals.users, mode);
}

/** The parts of a referral K-factor. */
export interface ReferralKFactor {
  /** Invites sent ÷ users (0 without users). */
  readonly invitesPerUser: number;
  /** Invitees who converted (joined) ÷ invites sent (0 without invites). */
  readonly inviteConversion: number;
  /** `invitesPerUser × inviteConversion` (= converted ÷ users); above 1 a referral loop grows by itself. */
  readonly kFactor: number;
}

/**
 * Referral K-factor (裂变系数) = invites per user × invite conversion rate, over one cohort of users
 * who could invite. Unrounded.
 *
 * @example
 * ```ts
 * import { computeReferralKFactor } from 'siyu/funnel';
 * computeReferralKFactor({ users: 100, invitesSent: 300, invitesConverted: 60 });
 * // → { invitesPerUser: 3, inviteConversion: 0.2, kFactor: 0.6 }
 * ```
 */
export function computeReferralKFactor(counts: { readonly users: number; readonly invitesSent: number; readonly invitesConverted: number }): ReferralKFactor {
  const users = count(counts.users, 'users');
  const sent = count(counts.invitesSent, 'invitesSent');
  const inviteConversion = shareOf(counts.invitesConverted, 'invitesConverted', sent, 'invitesSent');
  const invitesPerUser = users === 0 ? 0 : sent / users;
  return { invitesPerUser, inviteConversion, kFactor: users === 0 ? 0 : counts.invitesConverted / users };
}
