/**
 * The seeded world of the demo: a snack brand's channel codes (渠道活码) and the customers who add
 * its WeCom account through them. Everything random comes from one `createRandom(seed)`, so a
 * seed always gives the same 90 days.
 */
import { atLocalTime, dayNumberOfLocalDate, localDateOfDayNumber, type LocalDate, type Random } from 'siyu/core';

/** The brand's zone: every day, week and month of the demo is a Shanghai one. */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

/** A channel code and how the people it brings tend to behave. */
export interface DemoChannel {
  /** The channel code's id, carried as `props.channel` on the friend-add. */
  readonly code: string;
  /** Share of the organic friend-adds. */
  readonly weight: number;
  /** Multiplies the chance to join the group and to buy. */
  readonly quality: number;
}

/** The channel codes; `referral` customers arrive only through members' invitations. */
export const DEMO_CHANNELS: readonly DemoChannel[] = [
  { code: 'douyin-live', weight: 0.35, quality: 0.85 },
  { code: 'xiaohongshu', weight: 0.25, quality: 1 },
  { code: 'store-qr', weight: 0.25, quality: 1.25 },
  { code: 'package-card', weight: 0.15, quality: 1.15 },
];

/** The channel of customers invited by a member (裂变). */
export const REFERRAL_CHANNEL = 'referral';

/** One customer's traits: fixed at the friend-add, they drive the behaviour simulation. */
export interface DemoCustomer {
  readonly userId: string;
  readonly nickname: string;
  readonly channel: string;
  /** Day index (0-based) of the friend-add. */
  readonly addedDay: number;
  /** The friend-add instant. */
  readonly addedAt: number;
  /** Chance to join the group right after the welcome message. */
  readonly joinAtWelcome: number;
  /** Chance to join after each invitation. */
  readonly joinPerInvite: number;
  /** Chance to be active on a day, at the start. */
  readonly engagement: number;
  /** Days for the engagement to fall to 1/e. */
  readonly staying: number;
  /** Chance that an active day includes an order. */
  readonly buying: number;
  /** Chance that an active day includes a check-in (group members only). */
  readonly checkingIn: number;
  /** Chance that an active day brings a friend. */
  readonly referring: number;
  /** The inviter, for referral customers. */
  readonly invitedBy?: string;
}

/** The calendar of the run: local days from `startDate`. */
export interface DemoCalendar {
  readonly startDate: LocalDate;
  readonly days: number;
  /** `dayStarts[d]` is local midnight of day d; `dayStarts[days]` is the end of the run. */
  readonly dayStarts: readonly number[];
}

/** Builds the calendar of `days` local days from `startDate` in the brand's zone. */
export function createDemoCalendar(startDate: LocalDate, days: number): DemoCalendar {
  const first = dayNumberOfLocalDate(startDate);
  const dayStarts: number[] = [];
  for (let d = 0; d <= days; d++) dayStarts.push(atLocalTime(localDateOfDayNumber(first + d), '00:00', DEMO_TIME_ZONE));
  return { startDate, days, dayStarts };
}

const SURNAMES = ['小王', '阿李', '张姐', '刘哥', '陈陈', '杨杨', '赵小', '黄黄', '周周', '吴同学'];

const between = (rng: Random, lo: number, hi: number): number => lo + (hi - lo) * rng.nextFloat();

/** A random instant on day `d`: mostly 09:00–22:00, a few late at night (they test quiet hours). */
export function randomTimeOnDay(rng: Random, calendar: DemoCalendar, d: number, fromMinute = 9 * 60): number {
  const start = calendar.dayStarts[d] ?? 0;
  const late = rng.nextFloat() < 0.08;
  const minute = late ? 22 * 60 + rng.nextInt(110) : fromMinute + rng.nextInt(Math.max(1, 22 * 60 - fromMinute));
  return start + minute * 60_000 + rng.nextInt(60) * 1000;
}

/** Draws a customer's traits. */
export function drawCustomer(rng: Random, calendar: DemoCalendar, userId: string, channel: DemoChannel, addedDay: number, addedAt?: number, invitedBy?: string): DemoCustomer {
  const q = channel.quality;
  return {
    userId,
    nickname: `${SURNAMES[rng.nextInt(SURNAMES.length)] ?? '小王'}${userId.slice(-2)}`,
    channel: channel.code,
    addedDay,
    addedAt: addedAt ?? randomTimeOnDay(rng, calendar, addedDay),
    joinAtWelcome: Math.min(0.9, between(rng, 0.2, 0.45) * q),
    joinPerInvite: Math.min(0.9, between(rng, 0.04, 0.14) * q),
    engagement: between(rng, 0.1, 0.6),
    staying: between(rng, 4, 40),
    buying: Math.min(0.6, between(rng, 0.03, 0.25) * q),
    checkingIn: between(rng, 0.2, 0.8),
    referring: between(rng, 0, 0.012),
    ...(invitedBy === undefined ? {} : { invitedBy }),
  };
}

/** The organic customers: `users` friend-adds spread over the run, a little front-loaded (launch campaign). */
export function generateCustomers(rng: Random, calendar: DemoCalendar, users: number): DemoCustomer[] {
  const customers: DemoCustomer[] = [];
  const lastAddDay = Math.max(1, calendar.days - 5);
  for (let i = 1; i <= users; i++) {
    let pick = rng.nextFloat();
    let channel = DEMO_CHANNELS[0] as DemoChannel;
    for (const c of DEMO_CHANNELS) {
      if (pick < c.weight) {
        channel = c;
        break;
      }
      pick -= c.weight;
    }
    const day = Math.min(lastAddDay - 1, Math.floor(lastAddDay * rng.nextFloat() ** 1.3));
    customers.push(drawCustomer(rng, calendar, `u${String(i).padStart(5, '0')}`, channel, day));
  }
  return customers;
}

/** The channel record of the referral channel (good quality: a friend vouched for the brand). */
export const REFERRAL_CHANNEL_INFO: DemoChannel = { code: REFERRAL_CHANNEL, weight: 0, quality: 1.3 };
