/**
 * The 90-day run: customers (customerJourney.ts), then the groups and their SOPs, then points
 * and tiers over every order, check-in and referral in time order, then the measurements. The
 * modules never import each other: this file is where they meet, through plain data (events,
 * effects, tier names, enrolments).
 */
import { performance } from 'node:perf_hooks';
import { createRandom, localDateOf, localParts, startOfLocal, type ActivityEvent, type LocalDate } from 'siyu/core';
import {
  computeFunnel,
  computeGroupJoinRate,
  computeLifecycleCounts,
  computeOrderMetrics,
  computeRepurchaseRate,
  computeRetention,
  type LifecycleCountsRow,
} from 'siyu/funnel';
import { CUSTOMER_LIFECYCLE_STATES } from 'siyu/lifecycle';
import {
  balanceAt,
  createPointsState,
  earnPoints,
  forecastExpiry,
  redeemPoints,
  redeemPointsWithCash,
  spendablePoints,
  tickPoints,
  type PointsCommandResult,
  type PointsState,
} from 'siyu/points';
import { DEFAULT_SEGMENT_PROGRAM, assignSegments, summarizeSegments } from 'siyu/segments';
import { expandSop, planSop, type SopEnrolmentInput, type SopTask } from 'siyu/sop';
import { advanceTier, applyTierInput, createTierMember, evaluateTier, useTierBenefit, type TierEvent, type TierMemberState } from 'siyu/tiers';
import { simulateCustomerJourney, type CustomerJourney } from './customerJourney.js';
import {
  DEMO_TIME_ZONE,
  REFERRAL_CHANNEL_INFO,
  createDemoCalendar,
  drawCustomer,
  generateCustomers,
  type DemoCalendar,
  type DemoCustomer,
} from './generator.js';
import { DEMO_TIERS, dailySop, demoPointsProgram, demoTierProgram, openingSop, weeklySop } from './programs.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Seed of the generator (number or string); the same seed gives the same run. */
  readonly seed: number | string;
  /** Organic friend-adds; referrals come on top. */
  readonly users: number;
  /** Length of the run in local days. */
  readonly days: number;
  /** First local day; 2026-09-01 by default. */
  readonly startDate?: LocalDate;
  /** Members per WeChat group before a new group opens; 150 by default. */
  readonly groupSize?: number;
}

/** A row of counts per label (a week, a month end). */
export interface DemoCountsRow {
  readonly label: string;
  readonly counts: Readonly<Record<string, number>>;
}

/** The key numbers of a run. */
export interface DemoResult {
  readonly options: Required<DemoOptions>;
  readonly endAt: number;
  readonly customers: { readonly total: number; readonly organic: number; readonly referred: number };
  readonly events: number;
  readonly acquisition: {
    readonly joined: number;
    readonly joinRate: number;
    readonly invitesSent: number;
    readonly welcomeCouponsUsed: number;
    readonly groups: readonly { readonly groupId: string; readonly openedAt: number; readonly members: number }[];
  };
  readonly funnel: {
    readonly steps: readonly string[];
    readonly total: readonly number[];
    readonly byChannel: readonly { readonly channel: string; readonly counts: readonly number[] }[];
  };
  readonly retention: {
    readonly periods: number;
    readonly cohorts: readonly { readonly date: LocalDate; readonly size: number; readonly counts: readonly (number | null)[] }[];
    readonly meanRates: readonly number[];
    /** Friend-adds per local day, counted from the customers (not by the funnel module). */
    readonly addsPerDay: Readonly<Record<LocalDate, number>>;
  };
  readonly lifecycle: {
    readonly states: readonly string[];
    readonly weekly: readonly DemoCountsRow[];
    readonly final: Readonly<Record<string, number>>;
    readonly recallEnrolments: number;
    /** Recall SOPs that ended because the customer came back (by themselves or after a message). */
    readonly recallsEndedByReturn: number;
    /** Recall SOPs whose message brought the customer back. */
    readonly recalledByMessage: number;
    readonly activityByWeek: readonly LifecycleCountsRow[];
  };
  readonly segments: {
    readonly rfmSegments: Readonly<Record<string, number>>;
    readonly rfmGroups: Readonly<Record<string, number>>;
    readonly pyramid: Readonly<Record<string, number>>;
    readonly labels: Readonly<Record<string, number>>;
  };
  readonly tiers: {
    readonly names: readonly string[];
    readonly distribution: readonly DemoCountsRow[];
    readonly upgrades: number;
    readonly downgrades: number;
    /** Free-shipping coupons (a tier benefit) used, and claims refused because the month's quota was spent. */
    readonly benefitUses: number;
    readonly benefitRefusals: number;
    /** Per member: the tier at the end, and spend (fen) of this and the previous local month, summed from the orders. */
    readonly members: readonly { readonly memberId: string; readonly tier: string; readonly previousMonthSpend: number; readonly currentMonthSpend: number }[];
  };
  readonly points: {
    readonly earned: number;
    readonly redeemed: number;
    readonly expired: number;
    readonly revoked: number;
    readonly adjusted: number;
    /** Σ (available + pending) over members. */
    readonly outstanding: number;
    /** earned − redeemed − expired − revoked − adjusted, from the same balances. */
    readonly liabilityFromFlows: number;
    /** Σ remaining of live lots, read directly from every ledger. */
    readonly liabilityFromLots: number;
    readonly memberBalances: Readonly<Record<string, number>>;
    readonly expiringNext30Days: number;
    /** Points awarded per earning rule (orders, check-ins, referrals). */
    readonly earnedByRule: Readonly<Record<string, number>>;
    readonly catalogRedemptions: number;
    readonly pointsCashOrders: number;
    readonly pointsCashDiscount: number;
  };
  readonly orders: { readonly orders: number; readonly buyers: number; readonly repeatBuyers: number; readonly gmv: number; readonly averageOrderValue: number | null; readonly repurchaseRate: number };
  readonly sop: {
    readonly tasks: readonly Pick<SopTask, 'id' | 'templateId' | 'due' | 'dueLocal'>[];
    readonly byTemplate: Readonly<Record<string, number>>;
    /** Tasks due in the default quiet hours 22:00–08:00 local time (the templates' setting). */
    readonly inQuietHours: number;
  };
  readonly timingsMs: Readonly<Record<string, number>>;
}

const FUNNEL_STEPS = ['added', 'joined', 'first order', 'repurchase'] as const;
const RETENTION_PERIODS = 14;

function weekBoundariesOf(calendar: DemoCalendar): number[] {
  const boundaries: number[] = [];
  for (let d = 7; d < calendar.days; d += 7) boundaries.push(d);
  boundaries.push(calendar.days);
  return boundaries;
}

/** Phase 1: every customer's journey; referred friends join the queue as they are invited. */
function simulateCustomers(options: Required<DemoOptions>, calendar: DemoCalendar, weekBoundaries: readonly number[]) {
  const rng = createRandom(options.seed);
  const queue: DemoCustomer[] = generateCustomers(rng, calendar, options.users);
  const organic = queue.length;
  const maxCustomers = Math.ceil(options.users * 1.5);
  const journeys: CustomerJourney[] = [];
  for (let i = 0; i < queue.length; i++) {
    const customer = queue[i] as DemoCustomer;
    journeys.push(
      simulateCustomerJourney(rng, calendar, weekBoundaries, customer, ({ inviter, at }) => {
        if (queue.length >= maxCustomers) return null;
        const day = calendar.dayStarts.findIndex((start, d) => d < calendar.days && at >= start && at < (calendar.dayStarts[d + 1] ?? Infinity));
        if (day < 0) return null;
        const invitee = drawCustomer(rng, calendar, `r${String(queue.length + 1).padStart(5, '0')}`, REFERRAL_CHANNEL_INFO, day, at, inviter.userId);
        queue.push(invitee);
        return invitee.userId;
      }),
    );
  }
  return { journeys, organic };
}

/** Phase 2: joiners fill groups of `groupSize` in join order; each group runs the opening ceremony, the daily and the weekly SOP. */
function runGroups(options: Required<DemoOptions>, journeys: readonly CustomerJourney[], start: number, end: number) {
  const joiners = journeys.filter((j) => j.joinedAt !== null).sort((a, b) => (a.joinedAt as number) - (b.joinedAt as number));
  const groups: { groupId: string; openedAt: number; members: number }[] = [];
  const joinEvents: ActivityEvent[] = [];
  joiners.forEach((j, i) => {
    const g = Math.floor(i / options.groupSize);
    const groupId = `g${String(g + 1).padStart(2, '0')}`;
    if (groups[g] === undefined) groups[g] = { groupId, openedAt: j.joinedAt as number, members: 0 };
    (groups[g] as { members: number }).members++;
    joinEvents.push({ id: `${j.customer.userId}-join`, userId: j.customer.userId, type: 'join_group', at: j.joinedAt as number, props: { channel: j.customer.channel, groupId } });
  });
  const enrolments: SopEnrolmentInput[] = groups.map((g, i) => ({
    targetId: g.groupId,
    targetKind: 'group',
    anchor: g.openedAt,
    timeZone: DEMO_TIME_ZONE,
    owner: `staff-${(i % 3) + 1}`,
    variables: { groupName: `零食福利${i + 1}群` },
  }));
  const tasks: SopTask[] = [];
  for (const enrolment of enrolments) {
    const opening = expandSop(openingSop, enrolment, { from: start, to: end });
    if (opening.ok) tasks.push(...opening.tasks);
  }
  for (const template of [dailySop, weeklySop]) for (const task of planSop(template, enrolments, { from: start, to: end })) tasks.push(task);
  return { groups, joinEvents, tasks };
}

/** Phase 3: points and tiers over every order, check-in and referral, in time order. */
function runLoyalty(options: Required<DemoOptions>, journeys: readonly CustomerJourney[], events: readonly ActivityEvent[], end: number, monthEnds: readonly { label: string; at: number }[]) {
  const rng = createRandom(`${String(options.seed)}:loyalty`);
  const points = new Map<string, PointsState>();
  const tiers = new Map<string, TierMemberState>();
  const tierNow = new Map<string, string>();
  for (const j of journeys) {
    points.set(j.customer.userId, createPointsState(j.customer.userId, DEMO_TIME_ZONE));
    tiers.set(j.customer.userId, createTierMember(demoTierProgram, { memberId: j.customer.userId, joinedAt: j.customer.addedAt }));
    tierNow.set(j.customer.userId, 'Fan');
  }
  let upgrades = 0;
  let downgrades = 0;
  let benefitUses = 0;
  let benefitRefusals = 0;
  const countMoves = (moves: readonly TierEvent[]): void => {
    for (const m of moves) {
      if (m.type === 'upgraded') upgrades++;
      else if (m.type === 'downgraded') downgrades++;
    }
  };
  let catalogRedemptions = 0;
  let pointsCashOrders = 0;
  let pointsCashDiscount = 0;
  const earnedByRule: Record<string, number> = {};
  const apply = (userId: string, result: PointsCommandResult): boolean => {
    if (!result.ok) return false;
    points.set(userId, result.state);
    if (result.outcome.kind === 'earn') for (const rule of result.outcome.rules) earnedByRule[rule.ruleId] = (earnedByRule[rule.ruleId] ?? 0) + rule.awarded;
    return true;
  };

  const loyaltyEvents = events.filter((e) => e.type === 'purchase' || e.type === 'check_in' || e.type === 'referral');
  for (const event of loyaltyEvents) {
    const userId = event.userId;
    if (event.type === 'purchase') {
      const step = applyTierInput(tiers.get(userId) as TierMemberState, demoTierProgram, { kind: 'activity', event });
      tiers.set(userId, step.state);
      countMoves(step.events);
      if (step.outcome.ok) tierNow.set(userId, step.outcome.tier);
      // Silver and Gold members claim their monthly free-shipping coupon (会员权益) on an order;
      // the quota (1 or 2 a month) refuses the rest with a typed outcome.
      if (tierNow.get(userId) !== 'Fan') {
        const used = useTierBenefit(step.state, demoTierProgram, { id: `ship-${event.id}`, at: event.at, benefit: 'freeShipping' });
        tiers.set(userId, used.state);
        if (used.outcome.ok) benefitUses++;
        else benefitRefusals++;
      }
      // 积分+现金 on some orders: points pay up to 30% of the goods, points are earned on the cash.
      let cash = event.amount ?? 0;
      const state = points.get(userId) as PointsState;
      if (rng.nextFloat() < 0.3 && spendablePoints(state.lots, event.at) >= 200) {
        const paid = redeemPointsWithCash(state, demoPointsProgram, { key: `pc-${event.id}`, at: event.at, orderId: event.id, goods: cash, shipping: 0 });
        if (apply(userId, paid) && paid.ok && paid.outcome.kind === 'pointsCash') {
          pointsCashOrders++;
          pointsCashDiscount += paid.outcome.discount;
          cash = paid.outcome.cash;
        }
      }
      apply(userId, earnPoints(points.get(userId) as PointsState, demoPointsProgram, { event: { ...event, amount: cash }, member: { tier: tierNow.get(userId) } }));
    } else if (event.type === 'check_in') {
      apply(userId, earnPoints(points.get(userId) as PointsState, demoPointsProgram, { event }));
    } else {
      // A referral is delivered to both ledgers: the inviter's and the invitee's.
      const inviteeId = String(event.props?.['inviteeId'] ?? '');
      apply(userId, earnPoints(points.get(userId) as PointsState, demoPointsProgram, { event }));
      if (points.has(inviteeId)) apply(inviteeId, earnPoints(points.get(inviteeId) as PointsState, demoPointsProgram, { event }));
    }
    // Some members spend points on the catalog when they can.
    const state = points.get(userId) as PointsState;
    const spendable = spendablePoints(state.lots, event.at);
    if (spendable >= 300 && rng.nextFloat() < 0.25) {
      const itemId = spendable >= 800 && rng.nextFloat() < 0.3 ? 'tote-bag' : 'snack-box';
      if (apply(userId, redeemPoints(state, demoPointsProgram, { key: `redeem-${event.id}`, at: event.at, itemId }))) catalogRedemptions++;
    }
  }

  // The end of the run: time moves on for every ledger and every tier.
  const totals = { earned: 0, redeemed: 0, expired: 0, revoked: 0, adjusted: 0, outstanding: 0, liabilityFromLots: 0, expiringNext30Days: 0 };
  const memberBalances: Record<string, number> = {};
  for (const [userId, state0] of points) {
    const state = tickPoints(state0, end).state;
    const balance = balanceAt(state, end);
    memberBalances[userId] = balance.available + balance.pending;
    totals.earned += balance.earned;
    totals.redeemed += balance.redeemed;
    totals.expired += balance.expired;
    totals.revoked += balance.revoked;
    totals.adjusted += balance.adjusted;
    totals.outstanding += balance.available + balance.pending;
    for (const lot of state.lots) if (lot.expiresAt === null || lot.expiresAt >= end) totals.liabilityFromLots += lot.remaining;
    for (const f of forecastExpiry(state, end, { amount: 30, unit: 'day' })) totals.expiringNext30Days += f.points;
  }
  const distribution = monthEnds.map(({ label, at }) => {
    const counts: Record<string, number> = Object.fromEntries(DEMO_TIERS.map((t) => [t, 0]));
    for (const state of tiers.values()) {
      if (state.joinedAt > at) continue;
      const tier = evaluateTier(state, demoTierProgram, at).tier;
      counts[tier] = (counts[tier] ?? 0) + 1;
    }
    return { label, counts };
  });
  for (const [userId, state] of tiers) {
    const advanced = advanceTier(state, demoTierProgram, end - 1);
    countMoves(advanced.events);
    tiers.set(userId, advanced.state);
  }
  return {
    tiers,
    distribution,
    upgrades,
    downgrades,
    benefitUses,
    benefitRefusals,
    points: {
      ...totals,
      liabilityFromFlows: totals.earned - totals.redeemed - totals.expired - totals.revoked - totals.adjusted,
      memberBalances,
      earnedByRule,
      catalogRedemptions,
      pointsCashOrders,
      pointsCashDiscount,
    },
  };
}

const countBy = <T>(items: Iterable<T>, key: (item: T) => string | null): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

/** Runs the whole scenario and returns its key numbers. Pure apart from reading the clock for timings. */
export function runDemo(input: DemoOptions): DemoResult {
  const options: Required<DemoOptions> = { startDate: '2026-09-01', groupSize: 150, ...input };
  const timingsMs: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - clock);
    clock = now;
  };
  const calendar = createDemoCalendar(options.startDate, options.days);
  const start = calendar.dayStarts[0] ?? 0;
  const end = calendar.dayStarts[options.days] ?? 0;
  const weekBoundaries = weekBoundariesOf(calendar);

  const { journeys, organic } = simulateCustomers(options, calendar, weekBoundaries);
  lap('customers, lifecycles and customer SOPs');

  const { groups, joinEvents, tasks: groupTasks } = runGroups(options, journeys, start, end);
  const events = [...journeys.flatMap((j) => j.events), ...joinEvents].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  lap('groups and group SOPs');

  const monthEnds: { label: string; at: number }[] = [];
  for (let t = start; t < end; ) {
    const next = startOfLocal(t + 32 * 86_400_000, 'month', { timeZone: DEMO_TIME_ZONE });
    const at = Math.min(next, end) - 1;
    monthEnds.push({ label: localDateOf(at, DEMO_TIME_ZONE), at });
    t = next;
  }
  const loyalty = runLoyalty(options, journeys, events, end, monthEnds);
  lap('points and tiers');

  // Measurements.
  const funnel = computeFunnel(
    {
      steps: [
        { type: 'add_friend', name: FUNNEL_STEPS[0] },
        { type: 'join_group', name: FUNNEL_STEPS[1] },
        { type: 'purchase', name: FUNNEL_STEPS[2] },
        { type: 'purchase', name: FUNNEL_STEPS[3] },
      ],
      window: { amount: options.days, unit: 'day' },
      breakdown: { field: 'props.channel' },
    },
    events,
  );
  const lastDate = localDateOf(end - 1, DEMO_TIME_ZONE);
  const retention = computeRetention(
    { startEvent: { type: 'add_friend' }, returnEvent: { type: 'message' }, period: 'day', range: { from: options.startDate, to: lastDate }, periods: RETENTION_PERIODS, timeZone: DEMO_TIME_ZONE },
    events,
    { asOf: end - 1 },
  );
  const activityByWeek = computeLifecycleCounts({ activeEvent: { type: 'message' }, period: 'week', range: { from: options.startDate, to: lastDate }, timeZone: DEMO_TIME_ZONE }, events, {
    joinedAt: Object.fromEntries(journeys.map((j) => [j.customer.userId, j.customer.addedAt])),
  });
  const orders = computeOrderMetrics({ orderEvent: { type: 'purchase' } }, events);
  const segments = summarizeSegments(
    assignSegments(DEFAULT_SEGMENT_PROGRAM, { events, asOf: end - 1, users: journeys.map((j) => ({ userId: j.customer.userId, attributes: { channel: j.customer.channel } })) }),
  );
  lap('measurements');

  const tasks = [...journeys.flatMap((j) => j.tasks), ...groupTasks];
  const currentMonth = localDateOf(end - 1, DEMO_TIME_ZONE).slice(0, 7);
  const previousMonth = localDateOf(startOfLocal(end - 1, 'month', { timeZone: DEMO_TIME_ZONE }) - 1, DEMO_TIME_ZONE).slice(0, 7);
  const spend = new Map<string, number>();
  for (const e of events) if (e.type === 'purchase') spend.set(`${e.userId}|${localDateOf(e.at, DEMO_TIME_ZONE).slice(0, 7)}`, (spend.get(`${e.userId}|${localDateOf(e.at, DEMO_TIME_ZONE).slice(0, 7)}`) ?? 0) + (e.amount ?? 0));
  const joined = journeys.filter((j) => j.joinedAt !== null).length;

  return {
    options,
    endAt: end,
    customers: { total: journeys.length, organic, referred: journeys.length - organic },
    events: events.length,
    acquisition: {
      joined,
      joinRate: computeGroupJoinRate({ added: journeys.length, joined }),
      invitesSent: journeys.reduce((s, j) => s + j.invitesSent, 0),
      welcomeCouponsUsed: journeys.filter((j) => j.welcomeCouponUsed).length,
      groups,
    },
    funnel: {
      steps: FUNNEL_STEPS,
      total: funnel.steps.map((s) => s.count),
      byChannel: (funnel.breakdown ?? []).map((b) => ({ channel: b.value ?? '(none)', counts: b.steps.map((s) => s.count) })),
    },
    retention: {
      periods: RETENTION_PERIODS,
      cohorts: retention.cohorts.map((c) => ({ date: c.cohort, size: c.size, counts: c.counts })),
      meanRates: retention.meanRates,
      addsPerDay: countBy(journeys, (j) => localDateOf(j.customer.addedAt, DEMO_TIME_ZONE)),
    },
    lifecycle: {
      states: CUSTOMER_LIFECYCLE_STATES,
      weekly: weekBoundaries.map((d, w) => ({ label: localDateOf((calendar.dayStarts[d] ?? 0) - 1, DEMO_TIME_ZONE), counts: countBy(journeys, (j) => j.weeklyStates[w] ?? null) })),
      final: countBy(journeys, (j) => j.finalState),
      recallEnrolments: journeys.reduce((s, j) => s + j.recalls.length, 0),
      recallsEndedByReturn: journeys.reduce((s, j) => s + j.recalls.filter((r) => r.endedAt !== null).length, 0),
      recalledByMessage: journeys.reduce((s, j) => s + j.recalls.filter((r) => r.broughtBack).length, 0),
      activityByWeek: activityByWeek.rows,
    },
    segments: { rfmSegments: segments.rfmSegments, rfmGroups: segments.rfmGroups, pyramid: segments.pyramid, labels: segments.labels },
    tiers: {
      names: DEMO_TIERS,
      distribution: loyalty.distribution,
      upgrades: loyalty.upgrades,
      downgrades: loyalty.downgrades,
      benefitUses: loyalty.benefitUses,
      benefitRefusals: loyalty.benefitRefusals,
      members: [...loyalty.tiers].map(([memberId, state]) => ({
        memberId,
        tier: evaluateTier(state, demoTierProgram, end - 1).tier,
        previousMonthSpend: spend.get(`${memberId}|${previousMonth}`) ?? 0,
        currentMonthSpend: spend.get(`${memberId}|${currentMonth}`) ?? 0,
      })),
    },
    points: loyalty.points,
    orders: {
      orders: orders.orders,
      buyers: orders.buyers,
      repeatBuyers: orders.repeatBuyers,
      gmv: orders.gmv,
      averageOrderValue: orders.averageOrderValue,
      repurchaseRate: computeRepurchaseRate({ buyers: orders.buyers, repeatBuyers: orders.repeatBuyers }),
    },
    sop: {
      tasks: tasks.map((t) => ({ id: t.id, templateId: t.templateId, due: t.due, dueLocal: t.dueLocal })),
      byTemplate: countBy(tasks, (t) => t.templateId),
      inQuietHours: tasks.filter((t) => {
        const { hour } = localParts(t.due, DEMO_TIME_ZONE);
        return hour >= 22 || hour < 8;
      }).length,
    },
    timingsMs,
  };
}
