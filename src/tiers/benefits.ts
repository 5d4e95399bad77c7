/**
 * Benefits (权益) as data: what the held tier entitles a member to at an instant (discount,
 * points multiplier, group access, quota balances, birthday and welcome gifts), and the rules a
 * benefit use is checked against. Quotas reset at local period boundaries in the program zone.
 *
 * @module
 */
import { localParts, reject, toInstant, type Instant, type InstantInput, type Rejection } from '../core/index.js';
import { compileTierProgram, type CompiledTierProgram } from './ladder.js';
import type { TierMemberState, TierRejectionReason } from './member.js';
import { calendarPeriodAt } from './period.js';
import type { TierBenefit, TierProgram, TierQuotaPeriod } from './schema.js';
import { advanceDraft, draftOf, indexOf, type TierDraft } from './transitions.js';

/** A quota benefit's balance in the current period. */
export interface TierQuotaStatus {
  /** The benefit id. */
  readonly benefit: string;
  /** `coupon` or `freeShipping`. */
  readonly kind: 'coupon' | 'freeShipping';
  /** The coupon id, for coupons. */
  readonly couponId?: string | undefined;
  /** Uses allowed per period. */
  readonly count: number;
  /** Uses recorded in the current period (under this benefit id, whichever tier granted them). */
  readonly used: number;
  /** Uses left: `max(0, count − used)`. */
  readonly remaining: number;
  /** The current period's first instant. */
  readonly periodStart: Instant;
  /** The current period's end (exclusive): when the quota resets. */
  readonly periodEnd: Instant;
}

/** A gift benefit's availability. */
export interface TierGiftStatus {
  /** The benefit id. */
  readonly benefit: string;
  /** What the gift is. */
  readonly gift: string;
  /** Whether it can be claimed now. */
  readonly available: boolean;
  /** Why not, when not available. */
  readonly reason?: TierRejectionReason | undefined;
}

/** What a member is entitled to at an instant. */
export interface TierEntitlements {
  /** The tier held. */
  readonly tier: string;
  /** Discount in basis points off the price (the largest, if several; 0 when none). */
  readonly discountBasisPoints: number;
  /** Points multiplier for a points program (the largest, if several; 1 when none). */
  readonly pointsMultiplier: number;
  /** Exclusive groups the member may join. */
  readonly groups: readonly string[];
  /** Quota benefits and their balances. */
  readonly quotas: readonly TierQuotaStatus[];
  /** Birthday gifts. */
  readonly birthdayGifts: readonly TierGiftStatus[];
  /** Welcome gifts. */
  readonly welcomeGifts: readonly TierGiftStatus[];
}

/** The benefits of the tier held. */
const heldBenefits = (c: CompiledTierProgram, d: TierDraft): readonly TierBenefit[] => c.tiers[indexOf(c, d.tier)]?.benefits ?? [];

/** The local period `[start, end)` containing `at`. */
const periodOf = (c: CompiledTierProgram, per: TierQuotaPeriod, at: Instant): [Instant, Instant] => {
  const { start, end } = calendarPeriodAt(c, per, at);
  return [start, end];
};

const quotaStatus = (c: CompiledTierProgram, d: TierDraft, benefit: Extract<TierBenefit, { kind: 'coupon' | 'freeShipping' }>, at: Instant): TierQuotaStatus => {
  const [periodStart, periodEnd] = periodOf(c, benefit.per, at);
  let used = 0;
  for (const use of d.benefitUses) if (use.benefit === benefit.id && use.at >= periodStart && use.at < periodEnd) used++;
  return {
    benefit: benefit.id,
    kind: benefit.kind,
    ...(benefit.kind === 'coupon' ? { couponId: benefit.couponId } : {}),
    count: benefit.count,
    used,
    remaining: Math.max(0, benefit.count - used),
    periodStart,
    periodEnd,
  };
};

/**
 * Whether a gift can be claimed at `at`: `undefined` when it can, else the rejection.
 * Birthday gifts: once per local year (across tiers and benefit ids), in the birthday month.
 * Welcome gifts: only for a tier entered upward (or at joining); once per tier per member, per
 * local year, or per upgrade, as `repeat` says.
 */
const giftRefusal = (
  c: CompiledTierProgram,
  d: TierDraft,
  benefit: Extract<TierBenefit, { kind: 'birthdayGift' | 'welcomeGift' }>,
  at: Instant,
): Rejection<TierRejectionReason> | undefined => {
  const [yearStart, yearEnd] = periodOf(c, 'year', at);
  if (benefit.kind === 'birthdayGift') {
    if (d.birthday === null) return reject('no_birthday', 'the member has no birthday on record');
    const month = Number(d.birthday.slice(0, 2));
    if (localParts(at, c.timeZone).month !== month) return reject('not_birthday_month', `birthday gifts are claimable in month ${month} only`);
    if (d.benefitUses.some((u) => u.kind === 'birthdayGift' && u.at >= yearStart && u.at < yearEnd)) {
      return reject('already_claimed', 'a birthday gift was already claimed this year');
    }
    return undefined;
  }
  if (!d.enteredUpward) return reject('not_eligible', `${d.tier} was entered by a downgrade; welcome gifts follow upgrades`);
  const repeat = benefit.repeat ?? 'never';
  const claimed = d.benefitUses.some(
    (u) =>
      u.benefit === benefit.id &&
      u.tier === d.tier &&
      (repeat === 'never' || (repeat === 'yearly' ? u.at >= yearStart && u.at < yearEnd : u.at >= d.since)),
  );
  if (claimed) return reject('already_claimed', `the ${d.tier} welcome gift was already claimed${repeat === 'never' ? '' : repeat === 'yearly' ? ' this year' : ' since this upgrade'}`);
  return undefined;
};

/**
 * Checks a benefit use at `at` against the held tier: `undefined` when allowed (with the quota
 * left after it), else the rejection. @internal
 */
export const checkBenefitUse = (
  c: CompiledTierProgram,
  d: TierDraft,
  benefitId: string,
  at: Instant,
): { readonly ok: true; readonly benefit: TierBenefit; readonly quotaRemaining?: number } | Rejection<TierRejectionReason> => {
  const benefit = heldBenefits(c, d).find((b) => b.id === benefitId);
  if (benefit === undefined) return reject('not_granted', `${d.tier} does not grant "${benefitId}"`);
  switch (benefit.kind) {
    case 'coupon':
    case 'freeShipping': {
      const status = quotaStatus(c, d, benefit, at);
      if (status.remaining <= 0) return reject('quota_exhausted', `"${benefitId}" is used up: ${status.used} of ${status.count} this ${benefit.per}`);
      return { ok: true, benefit, quotaRemaining: status.remaining - 1 };
    }
    case 'birthdayGift':
    case 'welcomeGift': {
      const refusal = giftRefusal(c, d, benefit, at);
      return refusal ?? { ok: true, benefit };
    }
    default:
      return reject('not_usable', `"${benefitId}" is a ${benefit.kind}: it applies by itself and is not used up`);
  }
};

/**
 * What the member is entitled to at `asOf` (the state advanced to `asOf` first): the held tier's
 * discount and points multiplier, exclusive groups, each quota's balance in its current local
 * period, and whether each birthday and welcome gift can be claimed.
 *
 * @example
 * ```ts
 * import { computeTierEntitlements, createTierMember, parseTierProgram } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'spend',
 *   window: { kind: 'lifetime' },
 *   tiers: [
 *     { name: 'Member', threshold: 0 },
 *     { name: 'VIP', threshold: 100_000, benefits: [{ id: 'coupon', kind: 'coupon', couponId: 'c20', count: 2, per: 'month' }] },
 *   ],
 * });
 * const vip = createTierMember(program, { memberId: 'u1', joinedAt: '2026-03-01T10:00:00+08:00', tier: 'VIP' });
 * computeTierEntitlements(vip, program, '2026-03-05T10:00:00+08:00').quotas[0]?.remaining; // → 2
 * ```
 */
export function computeTierEntitlements(state: TierMemberState, program: TierProgram, asOf: InstantInput): TierEntitlements {
  const c = compileTierProgram(program);
  const at = toInstant(asOf, ['asOf']);
  const d = draftOf(state);
  advanceDraft({ c, d, events: [], inputId: undefined }, at);
  const t = d.clock;
  let discountBasisPoints = 0;
  let pointsMultiplier = 1;
  let anyMultiplier = false;
  const groups: string[] = [];
  const quotas: TierQuotaStatus[] = [];
  const birthdayGifts: TierGiftStatus[] = [];
  const welcomeGifts: TierGiftStatus[] = [];
  for (const benefit of heldBenefits(c, d)) {
    switch (benefit.kind) {
      case 'discount':
        discountBasisPoints = Math.max(discountBasisPoints, benefit.basisPoints);
        break;
      case 'pointsMultiplier':
        pointsMultiplier = anyMultiplier ? Math.max(pointsMultiplier, benefit.multiplier) : benefit.multiplier;
        anyMultiplier = true;
        break;
      case 'groupAccess':
        groups.push(benefit.groupId);
        break;
      case 'coupon':
      case 'freeShipping':
        quotas.push(quotaStatus(c, d, benefit, t));
        break;
      default: {
        const refusal = giftRefusal(c, d, benefit, t);
        const status: TierGiftStatus = { benefit: benefit.id, gift: benefit.gift, available: refusal === undefined, ...(refusal === undefined ? {} : { reason: refusal.reason }) };
        (benefit.kind === 'birthdayGift' ? birthdayGifts : welcomeGifts).push(status);
      }
    }
  }
  return { tier: d.tier, discountBasisPoints, pointsMultiplier, groups, quotas, birthdayGifts, welcomeGifts };
}
