import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildEventTable, createRandom, type ActivityEvent, type Random } from '../src/core/index.js';
import { buildClvSummary, fitBgNbd, fitGammaGamma, scoreClvCustomers, type ClvCustomerSummary } from '../src/segments/index.js';
import type { Benchmark } from './harness.js';

const DAY = 86_400_000;

/** Gamma(shape, 1) by Marsaglia–Tsang (boosted below shape 1), from a seeded generator. */
function gamma(rng: Random, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.nextFloat(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const n = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    const v = (1 + c * n) ** 3;
    if (v > 0 && Math.log(1 - rng.nextFloat()) < 0.5 * n * n + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Purchase events of `users` customers drawn from BG/NBD (r = 0.5, α = 20 days, a = 0.8, b = 2.5)
 * with Gamma-Gamma spends (p = 4, q = 3, v = 8,000 fen), first purchases spread over Q1 2026, watched
 * until the end of September 2026.
 */
function simulatePurchases(seed: number, users: number): ActivityEvent[] {
  const rng = createRandom(seed);
  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2026, 9, 1);
  const out: ActivityEvent[] = [];
  for (let u = 0; u < users; u++) {
    const lambda = gamma(rng, 0.5) / 20;
    const ga = gamma(rng, 0.8);
    const dropout = ga / (ga + gamma(rng, 2.5));
    const nu = gamma(rng, 3) / 8_000;
    let at = start + rng.nextFloat() * 90 * DAY;
    for (let k = 0; at < end; k++) {
      out.push({ id: `o${out.length}`, userId: `u${u}`, type: 'purchase', at: Math.floor(at), amount: Math.max(1, Math.round(gamma(rng, 4) / nu)) });
      if (k > 0 && rng.nextFloat() < dropout) break;
      at += (-Math.log(1 - rng.nextFloat()) / lambda) * DAY;
    }
  }
  return out;
}

const events = simulatePurchases(10, 10_000);
const table = buildEventTable(events);
const summaryOptions = { calibrationEnd: '2026-09-30', timeZone: 'UTC' };
const summary = buildClvSummary(table, summaryOptions);
const bgNbd = fitBgNbd(summary).params;
const gammaGamma = fitGammaGamma(summary).params;
const customers = `${summary.length.toLocaleString('en')} customers`;

// The CDNOW sample (2,357 customers, weeks) when ../shared/data/cdnow sits next to the repository.
const cdnowFile = fileURLToPath(new URL('../../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv', import.meta.url));
const cdnow: ClvCustomerSummary[] = existsSync(cdnowFile)
  ? readFileSync(cdnowFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [id = '', x, tX, T, z] = line.split(',');
        return { userId: id, x: Number(x), tX: Number(tX), T: Number(T), meanSpend: Number(z) };
      })
  : [];

/** Benchmarks of the CLV models in siyu/segments. */
export const benchmarks: Benchmark[] = [
  { name: 'clv: buildClvSummary (EventTable, days)', size: `${events.length.toLocaleString('en')} purchases`, run: () => buildClvSummary(table, summaryOptions) },
  { name: 'clv: fitBgNbd (days)', size: customers, run: () => fitBgNbd(summary) },
  { name: 'clv: fitGammaGamma (days)', size: customers, run: () => fitGammaGamma(summary) },
  { name: 'clv: scoreClvCustomers 90 days, no discount', size: customers, run: () => scoreClvCustomers(summary, { bgNbd, gammaGamma, horizon: 90 }) },
  {
    name: 'clv: scoreClvCustomers 360 days, monthly discount',
    size: customers,
    run: () => scoreClvCustomers(summary, { bgNbd, gammaGamma, horizon: 360, discountRate: 0.01, discountStep: 30 }),
  },
  ...(cdnow.length === 0
    ? []
    : [
        { name: 'clv: fitBgNbd CDNOW (weeks)', size: '2,357 customers', run: () => fitBgNbd(cdnow) },
        { name: 'clv: fitGammaGamma CDNOW', size: '946 repeat customers', run: () => fitGammaGamma(cdnow) },
      ]),
];
