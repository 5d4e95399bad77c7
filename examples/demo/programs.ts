/**
 * The brand's configuration, all of it plain JSON parsed once at the boundary: the points
 * program (积分), the tier ladder (会员等级), the customer lifecycle (生命周期) and the SOP
 * templates (新客 SOP, re-invitations, 开群仪式, 日 / 周 SOP, recall).
 */
import { createCustomerLifecycle } from 'siyu/lifecycle';
import { parsePointsProgram } from 'siyu/points';
import {
  createDailyGroupSop,
  createInviteToGroupSop,
  createOnboardingSop,
  createOpeningCeremonySop,
  createWeeklyGroupSop,
  parseSopTemplate,
  type SopTemplate,
} from 'siyu/sop';
import { parseTierProgram } from 'siyu/tiers';
import { DEMO_TIME_ZONE } from './generator.js';

/** 1 point per ¥1, a 7-day check-in cycle, referral rewards; points expire 45 days after earning. */
export const demoPointsProgram = parsePointsProgram({
  timeZone: DEMO_TIME_ZONE,
  rules: [
    { id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } },
    { kind: 'checkIn', id: 'daily-check-in', cycle: [1, 2, 3, 4, 5, 6, 10] },
    { kind: 'referral', id: 'bring-a-friend', inviter: 100, invitee: 50 },
  ],
  multipliers: [
    { id: 'silver', kind: 'tier', tiers: ['Silver'], percent: 120, ruleIds: ['spend'] },
    { id: 'gold', kind: 'tier', tiers: ['Gold'], percent: 150, ruleIds: ['spend'] },
  ],
  caps: { periods: [{ period: 'day', limit: 2_000 }] },
  expiry: { kind: 'rolling', duration: { amount: 45, unit: 'day' } },
  redemption: {
    catalog: [
      { id: 'snack-box', points: 300, name: '零食盲盒' },
      { id: 'tote-bag', points: 800, name: '帆布袋' },
    ],
    // 积分+现金: 1 point = 1 fen off, at most 30% of goods ≥ ¥50.
    pointsCash: { points: 1, minorUnits: 1, maxSharePercent: 30, minOrder: 5_000 },
  },
});

/** Monthly spend (fen) decides the tier; at each month end the tier is reassessed on that month. */
export const demoTierProgram = parseTierProgram({
  timeZone: DEMO_TIME_ZONE,
  metric: 'spend',
  window: { kind: 'calendar', unit: 'month' },
  downgrade: { policy: 'reassess' },
  tiers: [
    { name: 'Fan', threshold: 0 },
    {
      name: 'Silver',
      threshold: 15_000,
      benefits: [
        { id: 'discount', kind: 'discount', basisPoints: 500 },
        { id: 'freeShipping', kind: 'coupon', couponId: 'free-shipping', count: 1, per: 'month' },
      ],
    },
    {
      name: 'Gold',
      threshold: 40_000,
      benefits: [
        { id: 'discount', kind: 'discount', basisPoints: 1_000 },
        { id: 'freeShipping', kind: 'coupon', couponId: 'free-shipping', count: 2, per: 'month' },
        { id: 'vip', kind: 'groupAccess', groupId: 'gold-members' },
      ],
    },
  ],
});

/** The tier names, lowest first. */
export const DEMO_TIERS = ['Fan', 'Silver', 'Gold'] as const;

/** Silent after 7 idle days, churned after 30; both start a recall SOP. */
export const demoCustomerLifecycle = createCustomerLifecycle({
  timeZone: DEMO_TIME_ZONE,
  sopTemplates: { silent: 'recall-silent', churned: 'win-back' },
});

/** 新客 SOP: the welcome message with the ¥3 no-threshold coupon, a day-1 invitation, a day-3 follow-up. */
export const onboardingSop = createOnboardingSop({ couponRef: 'coupon-3-yuan' });

/** Re-invite every 3 days at 20:00 until the customer joins the group (day 30 at most). */
export const inviteSop = createInviteToGroupSop({ everyDays: 3 });

/** 开群仪式, 日 SOP and 周 SOP from the presets. */
export const openingSop = createOpeningCeremonySop();
export const dailySop = createDailyGroupSop();
export const weeklySop = createWeeklyGroupSop();

const recall = (id: string, name: string, coupon: string, secondDay: number): SopTemplate =>
  parseSopTemplate({
    id,
    name,
    variables: { nickname: {}, coupon: { default: coupon } },
    items: [
      {
        id: 'missYou',
        time: { kind: 'relativeDay', day: 0, at: '19:00' },
        channel: 'privateMessage',
        content: { text: '{{nickname}}，好久不见！送你一张{{coupon}}回归券～', attachments: [{ kind: 'coupon', ref: `${id}-coupon` }] },
        ifPast: 'nextDay',
      },
      {
        id: 'lastCall',
        time: { kind: 'relativeDay', day: secondDay, at: '12:00' },
        channel: 'privateMessage',
        content: { text: '{{nickname}}，你的{{coupon}}券明天过期哦' },
      },
    ],
    // The operator tags a customer who came back; the enrolment ends there.
    exitWhen: { any: [{ fact: 'tagAdded', value: 'returned' }, { fact: 'left' }] },
  });

/** Recall SOPs by the template id the lifecycle's `startSop` effect names. */
export const recallSops: Readonly<Record<string, SopTemplate>> = {
  'recall-silent': recall('recall-silent', 'Wake up a silent customer', '¥5', 3),
  'win-back': recall('win-back', 'Win back a churned customer', '¥10', 7),
};
