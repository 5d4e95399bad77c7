/**
 * The tier ladder: which tier a metric qualifies for, and the decision a re-evaluation (保级 /
 * 降级) makes for one member from their period metric. The program is compiled once per object
 * (cached by identity), so pass the same parsed program to every call.
 *
 * @module
 */
import { DEFAULT_TIME_ZONE, SiyuError, compileAwardRule, type CompiledAwardRule, type TimeZone } from '../core/index.js';
import type { TierDefinition, TierDowngradePolicy, TierProgram } from './schema.js';

/** The program, indexed for fast evaluation. @internal */
export interface CompiledTierProgram {
  readonly program: TierProgram;
  readonly timeZone: TimeZone;
  readonly tiers: readonly TierDefinition[];
  readonly thresholds: Float64Array;
  readonly retainAccumulated: Float64Array;
  /** Infinity when the tier has no single-order retention. */
  readonly retainSingleOrder: Float64Array;
  readonly neverDowngrade: Uint8Array;
  readonly index: ReadonlyMap<string, number>;
  readonly policy: TierDowngradePolicy;
  readonly growthRules: readonly CompiledAwardRule[];
  readonly purchaseType: string;
  readonly refundType: string;
  /** Calendar boundaries already computed, keyed by kind and local day (bounded; see period.ts). */
  readonly memo: Map<string, number>;
}

const cache = new WeakMap<TierProgram, CompiledTierProgram>();

/** Compiles (or fetches the cached compilation of) a parsed program. @internal */
export const compileTierProgram = (program: TierProgram): CompiledTierProgram => {
  const hit = cache.get(program);
  if (hit !== undefined) return hit;
  const tiers = program.tiers;
  const n = tiers.length;
  const thresholds = new Float64Array(n);
  const retainAccumulated = new Float64Array(n);
  const retainSingleOrder = new Float64Array(n);
  const neverDowngrade = new Uint8Array(n);
  const index = new Map<string, number>();
  tiers.forEach((tier, i) => {
    thresholds[i] = tier.threshold;
    const retain = tier.retain;
    retainAccumulated[i] = retain === undefined ? tier.threshold : (retain.accumulated ?? Infinity);
    retainSingleOrder[i] = retain?.singleOrder ?? Infinity;
    neverDowngrade[i] = tier.neverDowngrade === true ? 1 : 0;
    index.set(tier.name, i);
  });
  const compiled: CompiledTierProgram = {
    program,
    timeZone: program.timeZone ?? DEFAULT_TIME_ZONE,
    tiers,
    thresholds,
    retainAccumulated,
    retainSingleOrder,
    neverDowngrade,
    index,
    policy: program.downgrade?.policy ?? 'reassess',
    growthRules: (program.growthRules ?? []).map((rule, i) => compileAwardRule(rule, ['growthRules', i])),
    purchaseType: program.orders?.purchase ?? 'purchase',
    refundType: program.orders?.refund ?? 'refund',
    memo: new Map(),
  };
  cache.set(program, compiled);
  return compiled;
};

/** Index of the highest tier whose entry threshold `metric` reaches (0 when none). @internal */
export const qualifiedIndex = (compiled: CompiledTierProgram, metric: number): number => {
  const t = compiled.thresholds;
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((t[mid] as number) <= metric) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/** Index of a tier name, or a `SiyuError` naming `path`. @internal */
export const tierIndexOf = (compiled: CompiledTierProgram, name: string, path: readonly (string | number)[] = ['tier']): number => {
  const i = compiled.index.get(name);
  if (i === undefined) throw SiyuError.at(path, `unknown tier "${name}"; the program has ${compiled.tiers.map((t) => t.name).join(', ')}`, 'unknown_tier');
  return i;
};

/** Name of the tier at an index. @internal */
export const tierNameAt = (compiled: CompiledTierProgram, i: number): string => (compiled.tiers[i] as TierDefinition).name;

/**
 * The tier a metric qualifies for by entry thresholds (the highest tier whose threshold it
 * reaches), ignoring history, floors and paid tiers.
 *
 * @example
 * ```ts
 * import { parseTierProgram, qualifyTier } from 'siyu/tiers';
 * const program = parseTierProgram({
 *   metric: 'pointsEarned',
 *   window: { kind: 'calendar', unit: 'year' },
 *   tiers: [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 1000 }],
 * });
 * qualifyTier(program, 300); // → 'Bronze'
 * qualifyTier(program, 1200); // → 'Gold'
 * ```
 */
export function qualifyTier(program: TierProgram, metric: number): string {
  const compiled = compileTierProgram(program);
  return tierNameAt(compiled, qualifiedIndex(compiled, metric));
}

/** What one member brings to a re-evaluation. */
export interface TierReviewInput {
  /** The tier held (earned) before the re-evaluation. */
  readonly tier: string;
  /** The metric accumulated over the period that ends. */
  readonly metric: number;
  /** The largest single order in the period, in minor units (for single-order retention); 0 if absent. */
  readonly largestOrder?: number | undefined;
}

/** Why a re-evaluation kept a tier. */
export type TierRetainedBy = 'accumulated' | 'singleOrder' | 'neverDowngrade' | 'noDowngradePolicy' | 'baseTier' | 'requalified';

/** The decision of a re-evaluation for one member. */
export type TierReviewDecision =
  | { readonly outcome: 'retained'; readonly tier: string; readonly by: TierRetainedBy }
  | { readonly outcome: 'downgraded'; readonly tier: string; readonly from: string; readonly policy: 'oneDown' | 'reassess' };

/** Index form of {@link decideTierReview}: the next index and, when kept, why. @internal */
export const reviewIndex = (compiled: CompiledTierProgram, i: number, metric: number, largestOrder: number): { next: number; by: TierRetainedBy | undefined } => {
  if (i === 0) return { next: 0, by: 'baseTier' };
  if (compiled.neverDowngrade[i] === 1) return { next: i, by: 'neverDowngrade' };
  if (compiled.policy === 'none') return { next: i, by: 'noDowngradePolicy' };
  if (metric >= (compiled.retainAccumulated[i] as number)) return { next: i, by: 'accumulated' };
  if (largestOrder >= (compiled.retainSingleOrder[i] as number)) return { next: i, by: 'singleOrder' };
  if (compiled.policy === 'oneDown') return { next: i - 1, by: undefined };
  return { next: Math.min(qualifiedIndex(compiled, metric), i - 1), by: undefined };
};

/**
 * The re-evaluation (保级) decision for one member from the metric of the period that ends:
 * kept when the tier is never-downgrade, the policy is `none`, the retain threshold is met
 * (accumulated, or one order of at least `singleOrder`); otherwise one tier down (`oneDown`) or
 * the tier the metric qualifies for (`reassess`). Grace periods are applied by the member state
 * machine ({@link advanceTier}), not here.
 *
 * @example
 * ```ts
 * import { decideTierReview, parseTierProgram } from 'siyu/tiers';
 * const ladder = [{ name: 'Bronze', threshold: 0 }, { name: 'Silver', threshold: 500 }, { name: 'Gold', threshold: 1000 }];
 * const oneDown = parseTierProgram({ metric: 'pointsEarned', window: { kind: 'calendar', unit: 'year' }, downgrade: { policy: 'oneDown' }, tiers: ladder });
 * const reassess = parseTierProgram({ metric: 'pointsEarned', window: { kind: 'calendar', unit: 'year' }, downgrade: { policy: 'reassess' }, tiers: ladder });
 * decideTierReview(oneDown, { tier: 'Gold', metric: 300 }).tier; // → 'Silver'
 * decideTierReview(reassess, { tier: 'Gold', metric: 300 }).tier; // → 'Bronze'
 * decideTierReview(reassess, { tier: 'Gold', metric: 1200 }); // → { outcome: 'retained', tier: 'Gold', by: 'accumulated' }
 * ```
 */
export function decideTierReview(program: TierProgram, member: TierReviewInput): TierReviewDecision {
  const compiled = compileTierProgram(program);
  const i = tierIndexOf(compiled, member.tier);
  const { next, by } = reviewIndex(compiled, i, member.metric, member.largestOrder ?? 0);
  if (by !== undefined) return { outcome: 'retained', tier: member.tier, by };
  return { outcome: 'downgraded', tier: tierNameAt(compiled, next), from: member.tier, policy: compiled.policy === 'oneDown' ? 'oneDown' : 'reassess' };
}
