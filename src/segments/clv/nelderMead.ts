/**
 * A deterministic, bounded Nelder–Mead minimiser, used to fit the CLV models on log-parameters.
 *
 * @module
 */
import { SiyuError } from '../../core/index.js';
import { parseNelderMeadOptions, type NelderMeadOptions } from './schema.js';

/** The outcome of {@link minimizeNelderMead}. */
export interface NelderMeadResult {
  /** The best point found. */
  readonly point: number[];
  /** The objective at `point`. */
  readonly value: number;
  /** Iterations used, over all restarts. */
  readonly iterations: number;
  /** Objective evaluations used. */
  readonly evaluations: number;
  /** Whether the tolerances were met before `maxIterations`. */
  readonly converged: boolean;
}

/** Fresh simplexes after the first convergence; more means the objective keeps sliding away. */
const MAX_RESTARTS = 5;

interface Vertex {
  point: number[];
  value: number;
}

/**
 * Minimises `objective` from `start` by Nelder–Mead with the standard coefficients (reflection 1,
 * expansion 2, contraction ½, shrink ½; Lagarias et al. 1998). Deterministic: the initial simplex
 * is `start` plus `initialStep` along each axis, ties keep vertex order. Non-finite objective
 * values count as +∞. After the tolerances are met the search restarts from the best point
 * with a fresh simplex (guarding against a collapsed simplex); it ends when a restart improves
 * the value by no more than `functionTolerance`, and reports no convergence after five restarts
 * that all still improved. Converged means: the simplex's values span at most
 * `functionTolerance` and its vertices lie within `pointTolerance` (max-norm) of the best one.
 * Every coordinate is clamped into [−`bound`, `bound`]. No derivatives, no randomness: the same
 * inputs give the same result.
 *
 * @param objective - the function to minimise (non-finite values count as +∞)
 * @param start - the starting point (at least one coordinate)
 * @param options - iteration bound, tolerances, initial step, bound (see {@link NelderMeadOptions})
 *
 * @example
 * ```ts
 * import { minimizeNelderMead } from 'siyu/segments';
 * // Rosenbrock's valley, minimum at (1, 1).
 * const rosenbrock = ([x = 0, y = 0]: readonly number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
 * const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { functionTolerance: 1e-14, pointTolerance: 1e-8 });
 * result.converged; // → true
 * result.point.map((v) => v.toFixed(4)); // → ['1.0000', '1.0000']
 * minimizeNelderMead(rosenbrock, []); // throws: siyu: start: needs at least one coordinate
 * ```
 */
export function minimizeNelderMead(objective: (point: readonly number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const settings = parseNelderMeadOptions(options);
  if (!Array.isArray(start) || start.length === 0) throw SiyuError.at(['start'], 'needs at least one coordinate');
  start.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw SiyuError.at(['start', i], `must be a finite number, received ${String(v)}`);
  });
  const dim = start.length;
  let evaluations = 0;
  const clamp = (p: number[]): number[] => p.map((v) => Math.min(settings.bound, Math.max(-settings.bound, v)));
  const evaluate = (p: number[]): Vertex => {
    evaluations++;
    const point = clamp(p);
    const value = objective(point);
    return { point, value: Number.isFinite(value) ? value : Number.POSITIVE_INFINITY };
  };
  const combine = (a: readonly number[], b: readonly number[], t: number): number[] => a.map((v, i) => v + t * ((b[i] as number) - v));

  let iterations = 0;
  let best = evaluate([...start]);
  for (let restart = 0; ; restart++) {
    const simplex: Vertex[] = [best];
    for (let i = 0; i < dim; i++) {
      const p = [...best.point];
      p[i] = (p[i] as number) + settings.initialStep;
      simplex.push(evaluate(p));
    }
    let converged = false;
    while (iterations < settings.maxIterations) {
      simplex.sort((u, v) => u.value - v.value);
      const lo = simplex[0] as Vertex;
      const hi = simplex[dim] as Vertex;
      let spread = 0;
      for (const v of simplex) for (let i = 0; i < dim; i++) spread = Math.max(spread, Math.abs((v.point[i] as number) - (lo.point[i] as number)));
      if (hi.value - lo.value <= settings.functionTolerance && spread <= settings.pointTolerance) {
        converged = true;
        break;
      }
      iterations++;
      const centroid = new Array<number>(dim).fill(0);
      for (let k = 0; k < dim; k++) for (let i = 0; i < dim; i++) centroid[i] = (centroid[i] as number) + ((simplex[k] as Vertex).point[i] as number) / dim;
      const second = simplex[dim - 1] as Vertex;
      const reflected = evaluate(combine(centroid, hi.point, -1));
      if (reflected.value < lo.value) {
        const expanded = evaluate(combine(centroid, hi.point, -2));
        simplex[dim] = expanded.value < reflected.value ? expanded : reflected;
      } else if (reflected.value < second.value) {
        simplex[dim] = reflected;
      } else {
        const outside = reflected.value < hi.value;
        const contracted = evaluate(combine(centroid, hi.point, outside ? -0.5 : 0.5));
        if (contracted.value < (outside ? reflected.value : hi.value)) {
          simplex[dim] = contracted;
        } else {
          for (let k = 1; k <= dim; k++) simplex[k] = evaluate(combine(lo.point, (simplex[k] as Vertex).point, 0.5));
        }
      }
    }
    simplex.sort((u, v) => u.value - v.value);
    const found = simplex[0] as Vertex;
    const improvement = best.value - found.value;
    best = found.value <= best.value ? found : best;
    if (converged && improvement <= settings.functionTolerance) return { point: best.point, value: best.value, iterations, evaluations, converged: true };
    if (!converged || restart === MAX_RESTARTS) return { point: best.point, value: best.value, iterations, evaluations, converged: false };
  }
}
