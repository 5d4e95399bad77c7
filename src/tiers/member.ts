/**
 * A member's tier state: plain JSON the caller persists. It holds the member's contributions
 * (the ledger the metric is summed from), the earned tier and why, the manual floor, a paid tier,
 * a pending downgrade in its grace period, benefit uses, and every processed input id with its
 * first outcome (idempotency).
 *
 * @module
 */
import { SiyuError, toInstant, type Instant, type InstantInput, type Rejection } from '../core/index.js';
import { compileTierProgram, tierIndexOf, type TierRetainedBy } from './ladder.js';
import { reviewPeriodAt } from './period.js';
import type { TierBenefit, TierProgram } from './schema.js';

/**
 * Why a member holds a tier:
 * - `joined`: the starting tier (the first tier, or the tier given at creation);
 * - `thresholdMet`: upgraded when the window's `metric` reached `threshold`;
 * - `retained`: kept at re-evaluation (`by` says how);
 * - `downgraded`: moved down by the policy (`oneDown` / `reassess`) or by a `correction`
 *   (a refund or negative adjustment taking back an upgrade of the current period);
 * - `manualFloor`: held up by a tier set by hand;
 * - `paid`: held up by a paid tier until `until`.
 */
export type TierReason =
  | { readonly kind: 'joined' }
  | { readonly kind: 'thresholdMet'; readonly metric: number; readonly threshold: number }
  | { readonly kind: 'retained'; readonly metric: number; readonly by: TierRetainedBy }
  | { readonly kind: 'downgraded'; readonly metric: number; readonly by: 'oneDown' | 'reassess' | 'correction' }
  | { readonly kind: 'manualFloor' }
  | { readonly kind: 'paid'; readonly until: Instant };

/** One contribution to the member's metrics. Refunds amend the order's entry (they count in the order's period). */
export interface TierLedgerEntry {
  /** The input id that made it (an order's event id). */
  readonly id: string;
  /** When it happened; it counts in the windows containing this instant. */
  readonly at: Instant;
  /** Growth value (成长值). */
  readonly growth: number;
  /** Points earned. */
  readonly points: number;
  /** Spend in minor units, net of refunds. */
  readonly spend: number;
  /** Orders: 1 for an order, 0 once fully refunded. */
  readonly orders: number;
  /** For an order: its id (`props.orderId`, else the event id), amount, refunded total and growth awarded. */
  readonly order?: { readonly orderId: string; readonly amount: number; readonly refunded: number; readonly growthAwarded: number } | undefined;
}

/** A downgrade decided at a re-evaluation, waiting out its grace period. */
export interface TierPendingDowngrade {
  /** The tier held during the grace period. */
  readonly from: string;
  /** The tier decided (raised to what the new period's metric qualifies for when it takes effect). */
  readonly to: string;
  /** The re-evaluation instant (the period end). */
  readonly decidedAt: Instant;
  /** When it takes effect unless the member re-qualifies first. */
  readonly effectiveAt: Instant;
  /** The period metric that failed the retain threshold. */
  readonly metric: number;
  /** The policy that decided it. */
  readonly policy: 'oneDown' | 'reassess';
}

/** A paid tier (付费会员) held. */
export interface TierPaidHolding {
  /** The tier bought. */
  readonly tier: string;
  /** When the holding began (renewals keep it). */
  readonly from: Instant;
  /** First instant it no longer holds. */
  readonly until: Instant;
}

/** A recorded benefit use. */
export interface TierBenefitUse {
  /** The input id. */
  readonly id: string;
  /** The benefit id. */
  readonly benefit: string;
  /** The benefit kind. */
  readonly kind: TierBenefit['kind'];
  /** The tier that granted it. */
  readonly tier: string;
  /** When (the decision instant). */
  readonly at: Instant;
}

/** Why an input was refused. */
export type TierRejectionReason =
  | 'wrong_member'
  | 'unknown_order'
  | 'unknown_tier'
  | 'not_purchasable'
  | 'not_granted'
  | 'not_usable'
  | 'quota_exhausted'
  | 'no_birthday'
  | 'not_birthday_month'
  | 'not_eligible'
  | 'already_claimed';

/** An accepted input: the tier after it and what it did. */
export interface TierAccepted {
  /** Accepted. */
  readonly ok: true;
  /** The input id. */
  readonly id: string;
  /** The decision instant: the input's `at`, or the member's clock if the input arrived late. */
  readonly at: Instant;
  /** The tier held after the input. */
  readonly tier: string;
  /** The tier earned by the metric after the input. */
  readonly earnedTier: string;
  /** The metric over the current window after the input. */
  readonly metric: number;
  /** Growth value awarded (negative: clawed back by a refund). */
  readonly growth?: number | undefined;
  /** Refund: the minor units applied (capped at what remained of the order). */
  readonly refunded?: number | undefined;
  /** Quota benefit: uses left in the period after this one. */
  readonly quotaRemaining?: number | undefined;
  /** Paid tier: its price reference in minor units. */
  readonly price?: number | undefined;
  /** Paid tier: when it now ends. */
  readonly paidUntil?: Instant | undefined;
}

/** The outcome of an input: accepted, or a typed rejection. */
export type TierOutcome = TierAccepted | Rejection<TierRejectionReason>;

/** A processed input id and its first outcome. */
export interface TierInputRecord {
  /** The input id. */
  readonly id: string;
  /** Its first outcome, returned again on replay. */
  readonly outcome: TierOutcome;
}

/** A member's tier state (plain JSON). Build it with {@link createTierMember}; change it only through siyu functions. */
export interface TierMemberState {
  /** The member. */
  readonly memberId: string;
  /** When they joined (N-day cycles count from this local date). */
  readonly joinedAt: Instant;
  /** Birthday `'MM-DD'`, or `null`. */
  readonly birthday: string | null;
  /** The latest instant the state has been advanced to. */
  readonly clock: Instant;
  /** The tier held: the highest of the earned tier, the manual floor and an active paid tier. */
  readonly tier: string;
  /** Since when the held tier has been held. */
  readonly since: Instant;
  /** Whether the held tier was entered upward (or at joining): welcome gifts need it. */
  readonly enteredUpward: boolean;
  /** The tier earned by the metric and re-evaluations. */
  readonly earnedTier: string;
  /** Why the earned tier is what it is. */
  readonly earnedReason: TierReason;
  /** The earned tier at the start of the current review period: corrections never take the member below it. */
  readonly baseTier: string;
  /** Start of the current review period (`null` for lifetime windows). */
  readonly periodStart: Instant | null;
  /** End (exclusive) of the current review period: the next re-evaluation (`null` for lifetime windows). */
  readonly periodEnd: Instant | null;
  /** A downgrade in its grace period. */
  readonly pending: TierPendingDowngrade | null;
  /** A tier set by hand: a floor. */
  readonly manualTier: string | null;
  /** An active paid tier. */
  readonly paid: TierPaidHolding | null;
  /** Contributions, in input order. */
  readonly ledger: readonly TierLedgerEntry[];
  /** Benefit uses, in order. */
  readonly benefitUses: readonly TierBenefitUse[];
  /** Processed inputs and their first outcomes. */
  readonly processed: readonly TierInputRecord[];
}

/**
 * What happened to a member's tier. `from`/`to` are the tier held (the highest of earned,
 * manual floor and paid); `earnedTier` the tier earned after the change. When a floor or a paid
 * tier holds the member up, an earned downgrade shows `from === to`.
 * - `upgraded`: the window's metric reached a higher entry threshold (may skip tiers);
 * - `retained`: kept at re-evaluation, or re-qualified during a grace period;
 * - `downgraded`: moved down by the policy (at the period end, or when the grace ends) or by a correction;
 * - `downgradeScheduled`: a downgrade decided at the period end, effective after the grace period;
 * - `manualTierSet`: a manual floor set or cleared;
 * - `paidTierStarted` / `paidExpired`: a paid tier bought (or renewed) / lapsed.
 */
export type TierEventType = 'upgraded' | 'retained' | 'downgraded' | 'downgradeScheduled' | 'manualTierSet' | 'paidTierStarted' | 'paidExpired';

/** One entry of a member's tier timeline. */
export interface TierEvent {
  /** What happened. */
  readonly type: TierEventType;
  /** When it took effect. */
  readonly at: Instant;
  /** The tier held before. */
  readonly from: string;
  /** The tier held after. */
  readonly to: string;
  /** The earned tier after. */
  readonly earnedTier: string;
  /** Why: the threshold met, the retention, the policy, the floor or the paid holding. */
  readonly reason: TierReason;
  /** The input that caused it; absent for time-driven changes (re-evaluation, grace end, paid lapse). */
  readonly inputId?: string | undefined;
  /** For `downgradeScheduled`: the pending downgrade. */
  readonly pending?: TierPendingDowngrade | undefined;
}

/** Who a new member is. */
export interface TierMemberInit {
  /** The member id (activity events must carry it as `userId`). */
  readonly memberId: string;
  /** When they joined. */
  readonly joinedAt: InstantInput;
  /** Birthday `'MM-DD'`, for birthday gifts. */
  readonly birthday?: string | undefined;
  /** A starting earned tier (migrating members from another system); the first tier by default. */
  readonly tier?: string | undefined;
}

const BIRTHDAY = /^(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A new member's tier state at their join instant: the first tier (or `tier`), reason `joined`,
 * the review period containing the join. Throws a `SiyuError` for an unknown tier, a bad
 * birthday or join instant.
 *
 * @example
 * ```ts
 * import { createTierMember, parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'spend',
 *   window: { kind: 'calendar', unit: 'year' },
 *   tiers: [{ name: 'Member', threshold: 0 }, { name: 'Silver', threshold: 200_000 }, { name: 'Gold', threshold: 500_000 }],
 * });
 * const member = createTierMember(program, { memberId: 'u1', joinedAt: '2026-03-01T10:00:00+08:00' });
 * member.tier; // → 'Member'
 * new Date(member.periodEnd ?? 0).toISOString(); // → '2026-12-31T16:00:00.000Z'
 * createTierMember(program, { memberId: 'u1', joinedAt: 0, tier: 'Platinum' }); // throws: unknown tier "Platinum"
 * ```
 */
export function createTierMember(program: TierProgram, init: TierMemberInit): TierMemberState {
  const compiled = compileTierProgram(program);
  if (typeof init.memberId !== 'string' || init.memberId === '') throw SiyuError.at(['memberId'], 'must be a non-empty string');
  const joinedAt = toInstant(init.joinedAt, ['joinedAt']);
  let birthday: string | null = null;
  if (init.birthday !== undefined) {
    const m = BIRTHDAY.exec(init.birthday);
    const month = Number(m?.[1]);
    const day = Number(m?.[2]);
    if (m === null || month < 1 || month > 12 || day < 1 || day > (MONTH_DAYS[month - 1] as number)) {
      throw SiyuError.at(['birthday'], `"${init.birthday}" is not a birthday MM-DD`, 'invalid_birthday');
    }
    birthday = init.birthday;
  }
  const tier = init.tier ?? (compiled.tiers[0]?.name as string);
  tierIndexOf(compiled, tier, ['tier']);
  const period = reviewPeriodAt(compiled, joinedAt, joinedAt);
  return {
    memberId: init.memberId,
    joinedAt,
    birthday,
    clock: joinedAt,
    tier,
    since: joinedAt,
    enteredUpward: true,
    earnedTier: tier,
    earnedReason: { kind: 'joined' },
    baseTier: tier,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    pending: null,
    manualTier: null,
    paid: null,
    ledger: [],
    benefitUses: [],
    processed: [],
  };
}
