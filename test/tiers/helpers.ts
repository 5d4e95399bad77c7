import { atLocalTime, type ActivityEvent, type TimeZone } from 'siyu/core';
import type { TierInput } from 'siyu/tiers';

/** The zones every worked example runs in. */
export const ZONES: readonly TimeZone[] = ['Asia/Shanghai', 'America/New_York'];

/** An instant from a local date and time in a zone. */
export function local(date: string, time: string, zone: TimeZone): number {
  return atLocalTime(date, time, zone);
}

/** An order (purchase) input. */
export function order(id: string, at: number, amount: number, userId = 'u1', props?: ActivityEvent['props']): TierInput {
  return { kind: 'activity', event: { id, userId, type: 'purchase', at, amount, ...(props === undefined ? {} : { props }) } };
}

/** A refund input naming its order. */
export function refund(id: string, at: number, amount: number, orderId: string, userId = 'u1'): TierInput {
  return { kind: 'activity', event: { id, userId, type: 'refund', at, amount, props: { orderId } } };
}

/** A points-earned input. */
export function points(id: string, at: number, amount: number): TierInput {
  return { kind: 'pointsEarned', id, at, points: amount };
}
