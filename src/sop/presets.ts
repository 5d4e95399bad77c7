/**
 * Presets from the playbook (see docs/sop.md for them as tables): the group opening ceremony,
 * new-customer onboarding with the welcome coupon, invite-to-group every N days until joined,
 * and the daily and weekly group SOPs. Each returns a parsed template; copy and edit its JSON to
 * make your own.
 *
 * @module
 */
import { parseSopTemplate } from './template.js';
import type { SopTemplate } from './schema.js';

/**
 * 开群仪式, the group opening ceremony: on day 0 at 20:00 the welcome, at 20:05 what the group
 * offers, at 20:10 the group rules; then a closing activity reminder at 21:00 on days 0, 1 and 2.
 * Variables: `groupName`, `offer` and `rules` (the last two have defaults).
 *
 * @example
 * ```ts
 * import { createOpeningCeremonySop } from 'siyu/sop';
 * createOpeningCeremonySop().items.map((i) => i.id); // → ['welcome', 'offer', 'rules', 'closingActivity']
 * ```
 */
export function createOpeningCeremonySop(): SopTemplate {
  return parseSopTemplate({
    id: 'opening-ceremony',
    name: 'Group opening ceremony (开群仪式)',
    variables: {
      groupName: { description: 'the group’s name' },
      offer: { default: '每日福利、专属优惠和新品抢先看', description: 'what the group offers' },
      rules: { default: '1. 禁止广告和无关链接；2. 友善交流；3. 违规者移出群聊。', description: 'the group rules (群规)' },
    },
    items: [
      {
        id: 'welcome',
        title: 'Welcome',
        time: { kind: 'relativeDay', day: 0, at: '20:00' },
        channel: 'groupMessage',
        content: { text: '欢迎大家加入{{groupName}}！' },
        priority: 30,
        ifPast: 'runNow',
      },
      {
        id: 'offer',
        title: 'What the group offers',
        time: { kind: 'relativeDay', day: 0, at: '20:05' },
        channel: 'groupMessage',
        content: { text: '在这里你可以获得：{{offer}}' },
        priority: 20,
        ifPast: 'runNow',
      },
      {
        id: 'rules',
        title: 'Group rules',
        time: { kind: 'relativeDay', day: 0, at: '20:10' },
        channel: 'groupMessage',
        content: { text: '群规：{{rules}}' },
        priority: 20,
        ifPast: 'runNow',
      },
      {
        id: 'closingActivity',
        title: 'Opening activity (3 days)',
        time: { kind: 'everyNDays', n: 1, at: '21:00', until: { day: 2 } },
        channel: 'groupMessage',
        content: { text: '开群福利活动进行中，前三天参与即可抽奖！' },
        priority: 10,
      },
    ],
  });
}

/**
 * 新客 SOP, new-customer onboarding: at the friend-add the welcome with the no-threshold coupon
 * (default ¥3), on day 1 at 10:00 the invitation to the group, on day 3 at 20:00 a staff task to
 * follow up by private chat. At most one private message per customer per day; stops when the
 * customer leaves. Variables: `nickname`, `coupon` (default `'¥3'`).
 *
 * @param options - `couponRef`: the coupon template reference attached to the welcome
 *
 * @example
 * ```ts
 * import { createOnboardingSop } from 'siyu/sop';
 * createOnboardingSop({ couponRef: 'cpn-3' }).items[0]?.content.attachments; // → [{ kind: 'coupon', ref: 'cpn-3' }]
 * ```
 */
export function createOnboardingSop(options: { readonly couponRef?: string } = {}): SopTemplate {
  return parseSopTemplate({
    id: 'new-customer-onboarding',
    name: 'New-customer onboarding (新客 SOP)',
    variables: { nickname: { description: 'the customer’s nickname' }, coupon: { default: '¥3', description: 'the welcome coupon' } },
    items: [
      {
        id: 'welcome',
        title: 'Welcome message with coupon',
        time: { kind: 'relativeDuration', minutes: 0 },
        channel: 'privateMessage',
        content: { text: '{{nickname}}你好，欢迎关注！送你一张{{coupon}}无门槛券。', attachments: [{ kind: 'coupon', ref: options.couponRef ?? 'welcome-coupon' }] },
        priority: 30,
        windowMinutes: 10,
      },
      {
        id: 'inviteToGroup',
        title: 'Invite to the group',
        time: { kind: 'relativeDay', day: 1, at: '10:00' },
        channel: 'privateMessage',
        content: { text: '{{nickname}}，福利群每天有专属优惠，点击加入吧～' },
        priority: 20,
        ifPast: 'runNow',
      },
      {
        id: 'followUp',
        title: 'Manual private-chat follow-up',
        time: { kind: 'relativeDay', day: 3, at: '20:00' },
        channel: 'staffTask',
        content: { text: '私聊跟进{{nickname}}：了解需求，邀请入群。' },
        windowMinutes: 120,
      },
    ],
    caps: [{ channel: 'privateMessage', max: 1, per: 'day' }],
    exitWhen: { any: [{ fact: 'left' }] },
  });
}

/**
 * Re-invite a customer who added staff but did not join the group: every `everyDays` days
 * (default 3) at `at` (default 20:00) until day `untilDay` (default 30), stopping as soon as they
 * join or leave. A first invitation missed on day 0 moves to the next day.
 *
 * @example
 * ```ts
 * import { createInviteToGroupSop } from 'siyu/sop';
 * createInviteToGroupSop({ everyDays: 2 }).items[0]?.time; // → { kind: 'everyNDays', n: 2, at: '20:00', until: { day: 30 } }
 * ```
 */
export function createInviteToGroupSop(options: { readonly everyDays?: number; readonly at?: string; readonly untilDay?: number } = {}): SopTemplate {
  return parseSopTemplate({
    id: 'invite-to-group',
    name: 'Invite to the group until joined',
    variables: { nickname: { description: 'the customer’s nickname' } },
    items: [
      {
        id: 'invite',
        title: 'Invitation to the group',
        time: { kind: 'everyNDays', n: options.everyDays ?? 3, at: options.at ?? '20:00', until: { day: options.untilDay ?? 30 } },
        channel: 'privateMessage',
        content: { text: '{{nickname}}，群里今晚有福利活动，点击入群参与～' },
        ifPast: 'nextDay',
      },
    ],
    exitWhen: { any: [{ fact: 'joinedGroup' }, { fact: 'left' }] },
  });
}

/**
 * 日 SOP, the daily group SOP: morning greeting 08:30, product push 11:30 (the main post,
 * highest priority), topic 15:00, tomorrow's activity teaser 19:30, evening recap 21:00; at most
 * 5 group messages per group per day.
 *
 * @example
 * ```ts
 * import { createDailyGroupSop } from 'siyu/sop';
 * createDailyGroupSop().items.map((i) => i.id); // → ['morning', 'productPush', 'topic', 'teaser', 'recap']
 * ```
 */
export function createDailyGroupSop(): SopTemplate {
  const daily = (id: string, title: string, at: string, text: string, priority: number) => ({
    id,
    title,
    time: { kind: 'everyNDays', n: 1, at },
    channel: 'groupMessage',
    content: { text },
    priority,
  });
  return parseSopTemplate({
    id: 'daily-group',
    name: 'Daily group SOP (日 SOP)',
    variables: {},
    items: [
      daily('morning', 'Morning greeting', '08:30', '早上好！今天也要元气满满～', 10),
      daily('productPush', 'Product push (推品)', '11:30', '今日推荐：限时好价，点击查看详情。', 50),
      daily('topic', 'Topic of the day', '15:00', '今日话题：你最近最想入手的是什么？', 20),
      daily('teaser', 'Tomorrow’s activity teaser', '19:30', '明天上午10点有秒杀活动，记得准时来！', 30),
      daily('recap', 'Evening recap', '21:00', '今日福利汇总，没抢到的明天继续～', 10),
    ],
    caps: [{ channel: 'groupMessage', max: 5, per: 'day' }],
  });
}

/**
 * 周 SOP, the weekly group SOP (mostly activities with prizes): Monday 10:00 flash sale,
 * Wednesday 20:00 member day, Friday 20:00 lottery.
 *
 * @example
 * ```ts
 * import { createWeeklyGroupSop } from 'siyu/sop';
 * createWeeklyGroupSop().items.map((i) => i.time.kind === 'weekly' ? i.time.isoWeekday : 0); // → [1, 3, 5]
 * ```
 */
export function createWeeklyGroupSop(): SopTemplate {
  const weekly = (id: string, title: string, isoWeekday: number, at: string, text: string) => ({
    id,
    title,
    time: { kind: 'weekly', isoWeekday, at },
    channel: 'groupMessage',
    content: { text },
    priority: 40,
  });
  return parseSopTemplate({
    id: 'weekly-group',
    name: 'Weekly group SOP (周 SOP)',
    items: [
      weekly('flashSale', 'Flash sale (秒杀)', 1, '10:00', '周一秒杀开始啦，限量抢购！'),
      weekly('memberDay', 'Member day (会员日)', 3, '20:00', '今天是会员日，会员专享折扣和双倍积分！'),
      weekly('lottery', 'Lottery (抽奖)', 5, '20:00', '周五抽奖时间，回复“抽奖”参与！'),
    ],
  });
}
