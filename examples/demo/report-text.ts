/** The demo's terminal report: compact, aligned tables of the key numbers. */
import { formatMinorUnits } from 'siyu/core';
import type { DemoResult } from './simulation.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const ratio = (a: number, b: number): string => (b === 0 ? '–' : pct(a / b));
const yuan = (fen: number): string => formatMinorUnits(fen);

/** Renders rows as a table: the first column left-aligned, the others right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0))).join('  ').trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const section = (title: string, body: string): string => `\n■ ${title}\n${body}`;

/** The whole report as text. */
export function formatTextReport(r: DemoResult): string {
  const out: string[] = [];
  out.push(
    `siyu demo — a snack brand's private domain, ${r.options.days} days from ${r.options.startDate} (Asia/Shanghai), seed ${String(r.options.seed)}`,
    `${r.customers.total} customers (${r.customers.organic} from channel codes, ${r.customers.referred} referred by members), ${r.events} events`,
  );

  const a = r.acquisition;
  out.push(
    section(
      'Acquisition (拉新): welcome with ¥3 coupon, re-invite every 3 days until joined',
      [
        `group join rate ${pct(a.joinRate)} (${a.joined} of ${r.customers.total}; benchmark ≥ 70% ${a.joinRate >= 0.7 ? '✓' : '✗'})`,
        `${a.invitesSent} re-invitations sent · ${a.welcomeCouponsUsed} welcome coupons used on a first order · ${a.groups.length} groups of ≤ ${r.options.groupSize}`,
      ].join('\n'),
    ),
  );

  const funnelRows = [
    ['all channels', ...r.funnel.total] as (string | number)[],
    ...r.funnel.byChannel.map((b) => [b.channel, ...b.counts]),
  ].map((row) => {
    const n = row.slice(1) as number[];
    return [...row, ratio(n[1] ?? 0, n[0] ?? 0), ratio(n[2] ?? 0, n[1] ?? 0), ratio(n[3] ?? 0, n[2] ?? 0)];
  });
  out.push(section('Funnel per channel code (add → join → first order → repurchase)', formatTable(['channel', ...r.funnel.steps, 'join', 'buy', 'rebuy'], funnelRows)));

  const cols = [0, 1, 2, 3, 7, 14].filter((k) => k <= r.retention.periods);
  const cohortRows = r.retention.cohorts
    .filter((_, i) => i < 7)
    .map((c) => [c.date, c.size, ...cols.slice(1).map((k) => (c.counts[k] === null || c.size === 0 ? '' : pct((c.counts[k] ?? 0) / c.size)))]);
  cohortRows.push(['mean', '', ...cols.slice(1).map((k) => pct(r.retention.meanRates[k] ?? 0))]);
  out.push(
    section(
      `Daily retention (friend-add cohort → sent a message on day k; first 7 of ${r.retention.cohorts.length} cohorts, full matrix in the HTML report)`,
      formatTable(['cohort', 'size', ...cols.slice(1).map((k) => `D${k}`)], cohortRows),
    ),
  );

  const weeks = r.lifecycle.weekly.filter((_, i, all) => i % 2 === 1 || i === all.length - 1);
  // Customers pass through `prospect` at the friend-add instant: a column of zeros at week ends.
  const states = r.lifecycle.states.filter((s) => r.lifecycle.weekly.some((w) => (w.counts[s] ?? 0) > 0));
  out.push(
    section(
      'Customer lifecycle at week ends (生命周期)',
      [
        formatTable(['week ending', ...states], weeks.map((w) => [w.label, ...states.map((s) => w.counts[s] ?? 0)])),
        `silent / churned customers started ${r.lifecycle.recallEnrolments} recall SOPs; ${r.lifecycle.recallsEndedByReturn} ended with the customer back, ${r.lifecycle.recalledByMessage} of them thanks to a recall message`,
      ].join('\n'),
    ),
  );

  const activity = r.lifecycle.activityByWeek.filter((_, i, all) => i % 3 === 0 || i === all.length - 1);
  out.push(section('Weekly activity (new / returning / resurrecting / dormant, by messages)', formatTable(['week of', 'new', 'returning', 'resurrecting', 'dormant'], activity.map((w) => [w.period, w.new, w.returning, w.resurrecting, w.dormant]))));

  const sorted = (rec: Readonly<Record<string, number>>): [string, number][] => Object.entries(rec).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const pairs = (rec: Readonly<Record<string, number>>): string => sorted(rec).map(([k, v]) => `${k} ${v}`).join(' · ');
  out.push(
    section(
      'User layering (用户分层)',
      [
        `value pyramid: ${['superUser', 'user', 'customer'].map((k) => `${k} ${r.segments.pyramid[k] ?? 0}`).join(' · ')}`,
        `RFM segments: ${pairs(r.segments.rfmSegments)}`,
        `RFM 八大客户: ${pairs(r.segments.rfmGroups)}`,
        `operating labels: ${pairs(r.segments.labels)}`,
      ].join('\n'),
    ),
  );

  out.push(
    section(
      'Membership tiers (monthly spend; reassessed at each month end)',
      [
        formatTable(['held at', ...r.tiers.names], r.tiers.distribution.map((d) => [d.label, ...r.tiers.names.map((t) => d.counts[t] ?? 0)])),
        `${r.tiers.upgrades} upgrades, ${r.tiers.downgrades} downgrades · free-shipping coupons (tier benefit) used ${r.tiers.benefitUses}, refused over the monthly quota ${r.tiers.benefitRefusals}`,
      ].join('\n'),
    ),
  );

  const p = r.points;
  out.push(
    section(
      'Points (积分) and the liability',
      formatTable(
        ['', 'points'],
        [
          ['earned', p.earned],
          ...Object.entries(p.earnedByRule).map(([rule, n]) => [`  by ${rule}`, n] as [string, number]),
          [`redeemed (${p.catalogRedemptions} catalog, ${p.pointsCashOrders} points + cash orders saving ${yuan(p.pointsCashDiscount)})`, p.redeemed],
          ['expired (45 days after earning)', p.expired],
          ['outstanding liability at the end', p.outstanding],
          ['  of which expiring in the next 30 days', p.expiringNext30Days],
        ],
      ),
    ),
  );

  const o = r.orders;
  out.push(section('Orders', `${o.orders} orders by ${o.buyers} buyers · GMV ${yuan(o.gmv)} · average order ${o.averageOrderValue === null ? '–' : yuan(o.averageOrderValue)} · repurchase rate ${pct(o.repurchaseRate)}`));
  out.push(section(`SOP tasks generated (${r.sop.inQuietHours} due in quiet hours 22:00–08:00)`, Object.entries(r.sop.byTemplate).map(([k, v]) => `${k} ${v}`).join(' · ')));
  out.push(section('Timings (ms)', Object.entries(r.timingsMs).map(([k, v]) => `${k} ${v}`).join(' · ')));
  return out.join('\n');
}
