import { describe, expect, it } from 'vitest';
import { qualifyTier } from 'siyu/tiers';
import { DEMO_TIERS, demoTierProgram } from '../../examples/demo/programs.js';
import { formatHtmlReport } from '../../examples/demo/report-html.js';
import { formatTextReport } from '../../examples/demo/report-text.js';
import { runDemo, type DemoResult } from '../../examples/demo/simulation.js';

const withoutTimings = ({ timingsMs: _timings, ...rest }: DemoResult): Omit<DemoResult, 'timingsMs'> => rest;

describe('the 90-day demo on a small seed', () => {
  const result = runDemo({ seed: 11, users: 160, days: 90 });

  it('funnel counts never increase from step to step, overall and per channel, and the channels add up', () => {
    const rows = [result.funnel.total, ...result.funnel.byChannel.map((b) => b.counts)];
    for (const counts of rows) {
      expect(counts).toHaveLength(4);
      for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1] as number);
    }
    for (let k = 0; k < 4; k++) expect(result.funnel.byChannel.reduce((s, b) => s + (b.counts[k] ?? 0), 0)).toBe(result.funnel.total[k]);
    expect(result.funnel.total[0]).toBe(result.customers.total);
    expect(result.funnel.byChannel.map((b) => b.channel)).toContain('referral');
  });

  it('retention column 0 is the cohort size, and the cohort sizes are the friend-adds of each day', () => {
    expect(result.retention.cohorts).toHaveLength(90);
    let total = 0;
    for (const c of result.retention.cohorts) {
      expect(c.counts[0]).toBe(c.size);
      expect(c.size).toBe(result.retention.addsPerDay[c.date] ?? 0);
      for (const v of c.counts) if (v !== null) expect(v).toBeLessThanOrEqual(c.size);
      total += c.size;
    }
    expect(total).toBe(result.customers.total);
  });

  it('points liability equals the sum of member balances, read three ways', () => {
    const sum = Object.values(result.points.memberBalances).reduce((s, v) => s + v, 0);
    expect(result.points.outstanding).toBe(sum);
    expect(result.points.liabilityFromFlows).toBe(sum);
    expect(result.points.liabilityFromLots).toBe(sum);
    expect(Object.keys(result.points.memberBalances)).toHaveLength(result.customers.total);
    // The scenario exercises every flow: points are earned, redeemed (catalog and points + cash) and some expire.
    expect(result.points.redeemed).toBeGreaterThan(0);
    expect(result.points.expired).toBeGreaterThan(0);
    expect(result.points.pointsCashOrders).toBeGreaterThan(0);
    expect(result.points.expiringNext30Days).toBeLessThanOrEqual(result.points.outstanding);
    expect(Object.values(result.points.earnedByRule).reduce((s, v) => s + v, 0)).toBe(result.points.earned);
    for (const rule of ['spend', 'daily-check-in', 'bring-a-friend']) expect(result.points.earnedByRule[rule]).toBeGreaterThan(0);
  });

  it('no SOP task is due in quiet hours (22:00–08:00 Shanghai)', () => {
    expect(result.sop.tasks.length).toBeGreaterThan(1_000);
    for (const task of result.sop.tasks) {
      expect(task.dueLocal.endsWith('+08:00')).toBe(true);
      const hour = Number(task.dueLocal.slice(11, 13));
      expect(hour >= 8 && hour < 22, `${task.id} due ${task.dueLocal}`).toBe(true);
    }
    expect(result.sop.inQuietHours).toBe(0);
    expect(new Set(result.sop.tasks.map((t) => t.id)).size).toBe(result.sop.tasks.length);
    for (const id of ['new-customer-onboarding', 'invite-to-group', 'opening-ceremony', 'daily-group', 'weekly-group', 'recall-silent']) expect(result.sop.byTemplate[id]).toBeGreaterThan(0);
  });

  it("every member's tier is the one its monthly spend qualifies for (this month, or last month's kept at the review)", () => {
    const rank = (spend: number): number => DEMO_TIERS.indexOf(qualifyTier(demoTierProgram, spend) as (typeof DEMO_TIERS)[number]);
    expect(result.tiers.members).toHaveLength(result.customers.total);
    for (const m of result.tiers.members) {
      const expected = DEMO_TIERS[Math.max(rank(m.previousMonthSpend), rank(m.currentMonthSpend))];
      expect(m.tier, m.memberId).toBe(expected);
    }
    expect(result.tiers.upgrades).toBeGreaterThan(0);
    expect(result.tiers.benefitUses).toBeGreaterThan(0); // members moving up use their tier benefit
    expect(result.tiers.downgrades).toBeGreaterThan(0);
  });

  it('lifecycles move customers to silent and churned, which starts recall SOPs that bring some back', () => {
    const final = result.lifecycle.final;
    expect(Object.values(final).reduce((s, v) => s + v, 0)).toBe(result.customers.total);
    expect(final['silent'] ?? 0).toBeGreaterThan(0);
    expect(final['churned'] ?? 0).toBeGreaterThan(0);
    expect(result.lifecycle.recallEnrolments).toBeGreaterThan(0);
    expect(result.lifecycle.recalledByMessage).toBeGreaterThan(0);
    expect(result.lifecycle.recalledByMessage).toBeLessThanOrEqual(result.lifecycle.recallsEndedByReturn);
    expect(result.lifecycle.recallsEndedByReturn).toBeLessThanOrEqual(result.lifecycle.recallEnrolments);
    const lastWeek = result.lifecycle.weekly.at(-1);
    expect(lastWeek?.counts).toEqual(final);
  });

  it('reaches the seed benchmark join rate and lays out segments and the pyramid for everyone', () => {
    expect(result.acquisition.joinRate).toBeGreaterThanOrEqual(0.7);
    expect(result.funnel.total[1]).toBe(result.acquisition.joined);
    const pyramid = result.segments.pyramid;
    expect((pyramid['superUser'] ?? 0) + (pyramid['user'] ?? 0) + (pyramid['customer'] ?? 0)).toBe(result.customers.total);
    expect(Object.values(result.segments.rfmSegments).reduce((s, v) => s + v, 0)).toBe(result.orders.buyers);
  });

  it('is reproducible from its seed, and both reports render', () => {
    expect(withoutTimings(runDemo({ seed: 11, users: 160, days: 90 }))).toEqual(withoutTimings(result));
    expect(withoutTimings(runDemo({ seed: 12, users: 160, days: 90 }))).not.toEqual(withoutTimings(result));
    const text = formatTextReport(result);
    expect(text).toContain('Funnel per channel code');
    expect(text).toContain('outstanding liability');
    const html = formatHtmlReport(result);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
