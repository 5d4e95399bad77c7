/**
 * One customer's 90 days: the friend-add through a channel code, the 新客 SOP welcome with the ¥3
 * coupon, re-invitations every 3 days until they join the group, daily activity that fades, the
 * lifecycle (new → active → silent → churned → recalled) and the recall SOPs it starts, which
 * bring some customers back. Customers are independent, so each one is simulated on its own.
 */
import { localDateOf, type ActivityEvent, type Random } from 'siyu/core';
import { lifecycleEventOf, startLifecycle, transitionLifecycle, type LifecycleEffect } from 'siyu/lifecycle';
import { expandSop, type SopEnrolmentInput, type SopFact, type SopTask, type SopTemplate } from 'siyu/sop';
import { DEMO_TIME_ZONE, randomTimeOnDay, type DemoCalendar, type DemoCustomer } from './generator.js';
import { demoCustomerLifecycle, inviteSop, onboardingSop, recallSops } from './programs.js';

const MINUTE = 60_000;

/** A recall enrolment started by the lifecycle. */
export interface RecallEnrolment {
  readonly template: SopTemplate;
  readonly enrolment: SopEnrolmentInput;
  /** When the customer came back (active or recalled again) while it ran: the operator tags them and the SOP exits. */
  endedAt: number | null;
  /** Whether one of its messages is what brought the customer back. */
  broughtBack: boolean;
}

/** What one customer did, and what the brand sent them. */
export interface CustomerJourney {
  readonly customer: DemoCustomer;
  /** The customer's own events, in time order (the group join is added later, with its group). */
  readonly events: ActivityEvent[];
  readonly joinedAt: number | null;
  /** Tasks of the customer's SOPs (onboarding, re-invitations, recall), after exits. */
  readonly tasks: SopTask[];
  readonly invitesSent: number;
  readonly welcomeCouponUsed: boolean;
  readonly recalls: RecallEnrolment[];
  /** Lifecycle state at each week boundary (`null` before the friend-add). */
  readonly weeklyStates: (string | null)[];
  readonly finalState: string;
}

/** A friend brought by this customer: who, and when they add the brand. */
export interface ReferralRequest {
  readonly inviter: DemoCustomer;
  readonly at: number;
}

function expandTasks(template: SopTemplate, enrolment: SopEnrolmentInput, from: number, to: number): SopTask[] {
  const result = expandSop(template, enrolment, { from, to });
  if (!result.ok) throw new Error(`demo: ${template.id} for ${enrolment.targetId}: ${result.message}`);
  return [...result.tasks];
}

/** Simulates one customer; `refer` is called for every friend they bring (it returns the new customer's friend-add, or null once the run is full). */
export function simulateCustomerJourney(
  rng: Random,
  calendar: DemoCalendar,
  weekBoundaries: readonly number[],
  customer: DemoCustomer,
  refer: (request: ReferralRequest) => string | null,
): CustomerJourney {
  const end = calendar.dayStarts[calendar.days] ?? 0;
  const { userId } = customer;
  const events: ActivityEvent[] = [];
  const emit = (type: string, at: number, extra: Partial<ActivityEvent> = {}): ActivityEvent => {
    const event: ActivityEvent = { id: `${userId}-${String(events.length).padStart(4, '0')}`, userId, type, at, ...extra };
    events.push(event);
    return event;
  };
  const enrolment = (targetId: string, anchor: number, facts: SopFact[] = []): SopEnrolmentInput => ({
    targetId,
    targetKind: 'customer',
    anchor,
    timeZone: DEMO_TIME_ZONE,
    owner: 'staff-lin',
    variables: { nickname: customer.nickname },
    facts,
  });

  // 1. The friend-add through the channel code, and the 新客 SOP (welcome + ¥3 coupon at once).
  const added = emit('add_friend', customer.addedAt, { props: { channel: customer.channel, ...(customer.invitedBy === undefined ? {} : { inviterId: customer.invitedBy }) } });
  const onboarding = expandTasks(onboardingSop, enrolment(userId, customer.addedAt), customer.addedAt, end);

  // 2. Joining the group: right after the welcome, or after one of the invitations.
  const invitesPlanned = expandTasks(inviteSop, enrolment(userId, customer.addedAt), customer.addedAt, end);
  let joinedAt: number | null = null;
  const welcome = onboarding.find((t) => t.itemId === 'welcome');
  if (welcome !== undefined && rng.nextFloat() < customer.joinAtWelcome) joinedAt = welcome.due + (5 + rng.nextInt(120)) * MINUTE;
  else {
    const touches = [...onboarding.filter((t) => t.itemId !== 'welcome'), ...invitesPlanned].sort((a, b) => a.due - b.due);
    for (const touch of touches) {
      // The manual private chat (followUp) converts a little better than a broadcast invitation.
      const chance = customer.joinPerInvite * (touch.itemId === 'followUp' ? 1.4 : 1);
      if (rng.nextFloat() < chance) {
        joinedAt = touch.due + (5 + rng.nextInt(180)) * MINUTE;
        break;
      }
    }
  }
  if (joinedAt !== null && joinedAt >= end) joinedAt = null;
  // The invitation SOP exits on the join: re-expand it with that fact to see what was really sent.
  const invites = joinedAt === null ? invitesPlanned : expandTasks(inviteSop, enrolment(userId, customer.addedAt, [{ kind: 'joinedGroup', at: joinedAt }]), customer.addedAt, end);

  // 3. The lifecycle, moved by the customer's activity and by daily ticks.
  const machine = demoCustomerLifecycle;
  let snapshot = startLifecycle(machine, customer.addedAt, { subject: userId }).snapshot;
  const recalls: RecallEnrolment[] = [];
  const pendingRecallTasks: { task: SopTask; recall: RecallEnrolment }[] = [];
  const onEffects = (effects: readonly LifecycleEffect[]): void => {
    for (const effect of effects) {
      if (effect.type === 'enteredState' && (effect.state === 'active' || effect.state === 'recalled')) {
        for (const r of recalls) if (r.endedAt === null) r.endedAt = effect.at;
        continue;
      }
      if (effect.type !== 'startSop' || typeof effect['templateId'] !== 'string') continue;
      const template = recallSops[effect['templateId']];
      if (template === undefined) continue;
      const recall: RecallEnrolment = { template, enrolment: enrolment(`${userId}@${localDateOf(effect.at, DEMO_TIME_ZONE)}`, effect.at), endedAt: null, broughtBack: false };
      recalls.push(recall);
      for (const task of expandTasks(template, recall.enrolment, effect.at, end)) pendingRecallTasks.push({ task, recall });
      pendingRecallTasks.sort((a, b) => a.task.due - b.task.due);
    }
  };
  const feed = (event: ActivityEvent): void => {
    const input = lifecycleEventOf(machine, event);
    if (input === undefined) return;
    const result = transitionLifecycle(machine, snapshot, input);
    if (result.ok) {
      snapshot = result.snapshot;
      onEffects(result.effects);
    }
  };
  const tick = (at: number): void => {
    if (at <= snapshot.cursor.at) return;
    const result = transitionLifecycle(machine, snapshot, { type: 'tick', at });
    if (result.ok) {
      snapshot = result.snapshot;
      onEffects(result.effects);
    }
  };
  feed(added);

  const weeklyStates: (string | null)[] = weekBoundaries.map(() => null);
  const recordWeeks = (d: number): void => {
    weekBoundaries.forEach((boundary, w) => {
      if (boundary === d) weeklyStates[w] = snapshot.state;
    });
  };

  // 4. Day by day: activity fades with time; recall messages bring some customers back.
  let origin = customer.addedDay;
  let engagement = customer.engagement;
  let welcomeCouponUsed = false;
  for (let d = customer.addedDay; d < calendar.days; d++) {
    const dayStart = calendar.dayStarts[d] ?? 0;
    const dayEnd = calendar.dayStarts[d + 1] ?? end;
    tick(dayStart);
    recordWeeks(d);
    const joined = joinedAt !== null && joinedAt < dayEnd;
    let comeBackAt: number | null = null;
    while (pendingRecallTasks.length > 0 && (pendingRecallTasks[0]?.task.due ?? end) < dayEnd) {
      const { task, recall } = pendingRecallTasks.shift() as { task: SopTask; recall: RecallEnrolment };
      if (recall.endedAt !== null || comeBackAt !== null) continue;
      const chance = recall.template.id === 'win-back' ? 0.08 : 0.15;
      if (rng.nextFloat() < chance) {
        // A message due before today (the lifecycle noticed the silence at the daily tick) is read this morning.
        const readAt = Math.max(task.due, dayStart + 9 * 60 * MINUTE);
        comeBackAt = Math.min(dayEnd - 1, readAt + (10 + rng.nextInt(170)) * MINUTE);
        recall.broughtBack = true;
      }
    }
    if (comeBackAt !== null) {
      origin = d;
      engagement = Math.max(0.2, engagement * 0.85);
    }
    const chance = engagement * Math.exp(-(d - origin) / customer.staying) * (joined ? 1 : 0.55);
    if (comeBackAt === null && rng.nextFloat() >= chance) continue;

    const after = (t: number): number => (t > customer.addedAt ? t : customer.addedAt + 1 + rng.nextInt(Math.max(1, dayEnd - customer.addedAt - 1)));
    const planned: { type: string; at: number; amount?: number }[] = [{ type: 'message', at: comeBackAt ?? after(randomTimeOnDay(rng, calendar, d)) }];
    if (joined && rng.nextFloat() < customer.checkingIn) planned.push({ type: 'check_in', at: after(randomTimeOnDay(rng, calendar, d, 8 * 60)) });
    if (rng.nextFloat() < customer.buying * (joined ? 1.4 : 1) * (comeBackAt === null ? 1 : 2.5)) {
      let amount = 2_900 + 100 * rng.nextInt(171); // ¥29–¥199
      if (!welcomeCouponUsed && d - customer.addedDay <= 14) {
        welcomeCouponUsed = true; // the ¥3 no-threshold coupon of the welcome message
        amount -= 300;
      }
      planned.push({ type: 'purchase', at: after(randomTimeOnDay(rng, calendar, d)), amount });
    }
    planned.sort((a, b) => a.at - b.at);
    for (const p of planned) feed(emit(p.type, Math.min(p.at, dayEnd - 1), p.amount === undefined ? {} : { amount: p.amount }));
    if (rng.nextFloat() < customer.referring) {
      const at = Math.min(dayEnd - 1, (planned[0]?.at ?? dayStart) + (30 + rng.nextInt(300)) * MINUTE);
      const inviteeId = refer({ inviter: customer, at });
      if (inviteeId !== null) emit('referral', at, { props: { inviterId: userId, inviteeId } });
    }
  }
  tick(end);
  recordWeeks(calendar.days);

  // The recall SOPs exit when the operator tags the customer as returned.
  const recallTasks = recalls.flatMap((r) =>
    r.endedAt === null
      ? expandTasks(r.template, r.enrolment, r.enrolment.anchor as number, end)
      : expandTasks(r.template, { ...r.enrolment, facts: [{ kind: 'tagAdded', value: 'returned', at: r.endedAt }] }, r.enrolment.anchor as number, end),
  );

  events.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return {
    customer,
    events,
    joinedAt,
    tasks: [...onboarding, ...invites, ...recallTasks],
    invitesSent: invites.length,
    welcomeCouponUsed,
    recalls,
    weeklyStates,
    finalState: snapshot.state,
  };
}
