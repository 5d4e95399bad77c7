/** Seeded simulation of BG/NBD and Gamma-Gamma customers, for recovery tests and benchmarks. */
import { createRandom, type Random } from 'siyu/core';
import type { BgNbdParams, GammaGammaParams } from 'siyu/segments';

function normal(rng: Random): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia–Tsang (boosted below shape 1). */
export function sampleGamma(rng: Random, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng.nextFloat(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.nextFloat();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One simulated customer: BG/NBD history in continuous time, and a mean repeat spend. */
export interface SimulatedCustomer {
  readonly userId: string;
  readonly x: number;
  readonly tX: number;
  readonly T: number;
  readonly meanSpend: number;
}

/** `n` customers with ages uniform on [minT, maxT], drawn from BG/NBD (and Gamma-Gamma for spend). */
export function simulateCustomers(
  seed: number,
  n: number,
  bg: BgNbdParams,
  gg: GammaGammaParams,
  minT = 20,
  maxT = 40,
): SimulatedCustomer[] {
  const rng = createRandom(seed);
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const T = minT + (maxT - minT) * rng.nextFloat();
    const lambda = sampleGamma(rng, bg.r) / bg.alpha;
    const ga = sampleGamma(rng, bg.a);
    const p = ga / (ga + sampleGamma(rng, bg.b));
    const nu = sampleGamma(rng, gg.q) / gg.v;
    let t = 0;
    let x = 0;
    let tX = 0;
    let spend = 0;
    for (;;) {
      t += -Math.log(1 - rng.nextFloat()) / lambda;
      if (t > T) break;
      x++;
      tX = t;
      spend += sampleGamma(rng, gg.p) / nu;
      if (rng.nextFloat() < p) break;
    }
    out.push({ userId: `c${i}`, x, tX, T, meanSpend: x === 0 ? 0 : spend / x });
  }
  return out;
}
