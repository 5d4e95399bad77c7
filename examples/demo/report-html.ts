/**
 * The demo's HTML report: the same numbers as the terminal, with inline SVG charts (funnel bars,
 * retention heatmap, lifecycle stacked bars, tier distribution). One self-contained file: no
 * network, no scripts.
 */
import { formatMinorUnits } from 'siyu/core';
import type { DemoCountsRow, DemoResult } from './simulation.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];
const STATE_COLOURS: Readonly<Record<string, string>> = {
  prospect: '#bab0ac',
  new: '#76b7b2',
  active: '#59a14f',
  silent: '#edc948',
  churned: '#e15759',
  recalled: '#b07aa1',
};
const TIER_COLOURS: Readonly<Record<string, string>> = { Fan: '#a0cbe8', Silver: '#8c8c8c', Gold: '#d4a017' };

function text(x: number, y: number, body: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}" ${attrs}>${escapeHtml(body)}</text>`;
}

/** Horizontal bars per funnel step, one group per channel. */
function funnelChart(r: DemoResult): string {
  const groups = [{ channel: 'all channels', counts: r.funnel.total }, ...r.funnel.byChannel];
  const max = Math.max(1, ...r.funnel.total);
  const barH = 12;
  const groupH = r.funnel.steps.length * (barH + 2) + 16;
  const left = 110;
  const width = 640;
  const parts: string[] = [];
  groups.forEach((g, gi) => {
    const y0 = gi * groupH + 14;
    parts.push(text(0, y0 + 10, g.channel, 'font-weight="bold"'));
    g.counts.forEach((c, si) => {
      const y = y0 + si * (barH + 2);
      const w = ((width - left - 90) * c) / max;
      const first = g.counts[0] ?? 0;
      parts.push(`<rect x="${left}" y="${y}" width="${num(w)}" height="${barH}" fill="${PALETTE[si] ?? '#999'}"><title>${escapeHtml(`${g.channel}: ${r.funnel.steps[si] ?? ''} ${c}`)}</title></rect>`);
      parts.push(text(left + w + 4, y + barH - 2, `${c}${si === 0 || first === 0 ? '' : ` (${pct(c / first)})`}`, 'font-size="10"'));
    });
  });
  const legend = r.funnel.steps.map((s, i) => `<tspan fill="${PALETTE[i] ?? '#999'}">■</tspan> ${escapeHtml(s)} `).join('');
  const height = groups.length * groupH + 30;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="funnel per channel">${parts.join('')}<text x="0" y="${height - 6}" font-size="11">${legend}</text></svg>`;
}

/** Cohort × day heatmap of retention rates. */
function retentionHeatmap(r: DemoResult): string {
  const cell = 22;
  const cellH = 7;
  const left = 80;
  const top = 18;
  const cols = r.retention.periods + 1;
  const parts: string[] = [];
  for (let k = 0; k < cols; k++) parts.push(text(left + k * cell + 2, 12, `D${k}`, 'font-size="8"'));
  r.retention.cohorts.forEach((c, i) => {
    const y = top + i * cellH;
    if (i % 7 === 0) parts.push(text(0, y + cellH, c.date, 'font-size="8"'));
    c.counts.forEach((v, k) => {
      const rate = v === null || c.size === 0 ? null : v / c.size;
      const fill = rate === null ? '#eeeeee' : `hsl(210, 70%, ${num(95 - 60 * Math.min(1, rate))}%)`;
      const label = rate === null ? 'not observable yet' : `${v ?? 0}/${c.size} = ${pct(rate)}`;
      parts.push(`<rect x="${left + k * cell}" y="${y}" width="${cell - 1}" height="${cellH - 1}" fill="${fill}"><title>${escapeHtml(`${c.date} D${k}: ${label}`)}</title></rect>`);
    });
  });
  const legendY = top + r.retention.cohorts.length * cellH + 8;
  for (let i = 0; i <= 10; i++) parts.push(`<rect x="${left + i * 14}" y="${legendY}" width="13" height="8" fill="hsl(210, 70%, ${num(95 - 6 * i)}%)"/>`);
  parts.push(text(left + 11 * 14 + 4, legendY + 8, '0% → 100% of the cohort; grey: not observable yet', 'font-size="9"'));
  const width = Math.max(left + cols * cell + 10, left + 11 * 14 + 270);
  const height = legendY + 14;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="daily retention heatmap">${parts.join('')}</svg>`;
}

/** Vertical stacked bars of counts per row (a week, a month end). */
function stackedBars(rows: readonly DemoCountsRow[], keys: readonly string[], colours: Readonly<Record<string, string>>, label: string): string {
  const barW = 34;
  const gap = 10;
  const chartH = 220;
  const left = 40;
  const top = 10;
  const max = Math.max(1, ...rows.map((row) => keys.reduce((s, k) => s + (row.counts[k] ?? 0), 0)));
  const parts: string[] = [];
  parts.push(`<line x1="${left - 4}" y1="${top + chartH}" x2="${left + rows.length * (barW + gap)}" y2="${top + chartH}" stroke="#999"/>`);
  parts.push(text(0, top + 8, String(max), 'font-size="9"'));
  rows.forEach((row, i) => {
    const x = left + i * (barW + gap);
    let y = top + chartH;
    for (const k of keys) {
      const v = row.counts[k] ?? 0;
      if (v === 0) continue;
      const h = (chartH * v) / max;
      y -= h;
      parts.push(`<rect x="${x}" y="${num(y)}" width="${barW}" height="${num(h)}" fill="${colours[k] ?? '#999'}"><title>${escapeHtml(`${row.label} ${k}: ${v}`)}</title></rect>`);
    }
    parts.push(text(x, top + chartH + 12, row.label.slice(5), 'font-size="9"'));
  });
  const legend = keys.map((k) => `<tspan fill="${colours[k] ?? '#999'}">■</tspan> ${escapeHtml(k)} `).join('');
  const width = Math.max(260, left + rows.length * (barW + gap) + 10);
  const height = top + chartH + 40;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}<text x="0" y="${height - 6}" font-size="11">${legend}</text></svg>`;
}

function htmlTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(String(v))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const entries = (rec: Readonly<Record<string, number>>): [string, number][] => Object.entries(rec).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/** The whole report as one HTML document. */
export function formatHtmlReport(r: DemoResult): string {
  const p = r.points;
  const yuan = (fen: number): string => formatMinorUnits(fen);
  const sections = [
    `<h1>siyu demo: a snack brand's private domain, ${r.options.days} days</h1>`,
    `<p>From ${escapeHtml(r.options.startDate)} (Asia/Shanghai), seed ${escapeHtml(String(r.options.seed))}: ${r.customers.total} customers (${r.customers.organic} from channel codes, ${r.customers.referred} referred), ${r.events} events.
     Group join rate <b>${pct(r.acquisition.joinRate)}</b> (benchmark ≥ 70%), ${r.acquisition.invitesSent} re-invitations, ${r.acquisition.welcomeCouponsUsed} welcome coupons used, ${r.acquisition.groups.length} groups.</p>`,
    `<h2>Funnel per channel code</h2>${funnelChart(r)}`,
    htmlTable(['channel', ...r.funnel.steps], [['all channels', ...r.funnel.total], ...r.funnel.byChannel.map((b) => [b.channel, ...b.counts])]),
    `<h2>Daily retention</h2><p>Cohort: the day of the friend-add; a return is a message on day k. Mean: ${r.retention.meanRates.map((x) => pct(x)).join(' · ')}</p>${retentionHeatmap(r)}`,
    `<h2>Customer lifecycle by week</h2>${stackedBars(r.lifecycle.weekly, r.lifecycle.states, STATE_COLOURS, 'lifecycle states per week')}
     <p>${r.lifecycle.recallEnrolments} recall SOPs started by silent or churned customers; ${r.lifecycle.recallsEndedByReturn} ended with the customer back, ${r.lifecycle.recalledByMessage} of them thanks to a recall message.</p>`,
    htmlTable(['week of', 'new', 'returning', 'resurrecting', 'dormant'], r.lifecycle.activityByWeek.map((w) => [w.period, w.new, w.returning, w.resurrecting, w.dormant])),
    `<h2>Membership tiers</h2>${stackedBars(r.tiers.distribution, r.tiers.names, TIER_COLOURS, 'tier distribution')}<p>${r.tiers.upgrades} upgrades, ${r.tiers.downgrades} downgrades.</p>`,
    `<h2>User layering</h2>`,
    htmlTable(['value pyramid', 'users'], ['superUser', 'user', 'customer'].map((k) => [k, r.segments.pyramid[k] ?? 0])),
    htmlTable(['RFM segment', 'customers'], entries(r.segments.rfmSegments)),
    htmlTable(['RFM group', 'customers'], entries(r.segments.rfmGroups)),
    `<h2>Points and the liability</h2>`,
    htmlTable(
      ['', 'points'],
      [
        ['earned', p.earned],
        ...Object.entries(p.earnedByRule).map(([rule, n]) => [`  by ${rule}`, n] as [string, number]),
        ['redeemed', p.redeemed],
        ['expired', p.expired],
        ['outstanding liability', p.outstanding],
        ['expiring in the next 30 days', p.expiringNext30Days],
        [`points + cash orders (discount ${yuan(p.pointsCashDiscount)})`, p.pointsCashOrders],
        ['catalog redemptions', p.catalogRedemptions],
      ],
    ),
    `<h2>Orders and SOP</h2><p>${r.orders.orders} orders by ${r.orders.buyers} buyers, GMV ${yuan(r.orders.gmv)}, repurchase rate ${pct(r.orders.repurchaseRate)}.</p>`,
    htmlTable(['SOP template', 'tasks'], entries(r.sop.byTemplate)),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>siyu demo report</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:960px}table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}svg{display:block;margin:.5em 0;font-family:system-ui,sans-serif}</style>
</head><body>
${sections.join('\n')}
</body></html>
`;
}
