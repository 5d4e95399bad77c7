/**
 * `npm run demo`: a snack brand's private domain (私域) for 90 days, from a seeded generator —
 * channel codes, the welcome with a ¥3 coupon, re-invitations until customers join a group, the
 * opening ceremony and daily / weekly SOPs, points, tiers, lifecycles and recall SOPs — then the
 * funnel, retention, lifecycle counts, RFM, the value pyramid, tiers and the points liability.
 *
 *   npx tsx examples/demo.ts [--seed 2026] [--users 600] [--days 90]
 *
 * Prints compact tables and writes demo-output/report.html (inline SVG, no network). The
 * simulation lives in examples/demo/; it imports siyu only through its public subpaths.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatHtmlReport } from './demo/report-html.js';
import { formatTextReport } from './demo/report-text.js';
import { runDemo } from './demo/simulation.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '2026' },
    users: { type: 'string', default: '600' },
    days: { type: 'string', default: '90' },
  },
});
const positive = (name: string, text: string, max: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer 1–${max}, got "${text}"`);
  return n;
};
const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
const result = runDemo({ seed, users: positive('users', values.users, 200_000), days: positive('days', values.days, 365) });

console.log(formatTextReport(result));
const dir = fileURLToPath(new URL('../demo-output/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}report.html`;
writeFileSync(file, formatHtmlReport(result));
console.log(`\nwrote ${file}`);
