/**
 * What the CLV models' fits return, and the likelihood fit they share.
 *
 * @module
 */
import { minimizeNelderMead } from './nelderMead.js';
import type { ClvFitSettings } from './schema.js';

/** The outcome of a maximum-likelihood fit of a CLV model. */
export interface ClvModelFit<Params> {
  /** The fitted parameters. */
  readonly params: Params;
  /** Log-likelihood of the data at `params` (without the L2 penalty). */
  readonly logLikelihood: number;
  /** Customers the fit used. */
  readonly customers: number;
  /** Whether Nelder–Mead met its tolerance before `maxIterations`. */
  readonly converged: boolean;
  /** Nelder–Mead iterations used. */
  readonly iterations: number;
  /** Likelihood evaluations used. */
  readonly evaluations: number;
}

/** Log-parameters are clamped to ±25 (e^25 ≈ 7·10¹⁰) so the simplex cannot run off to infinity. */
const LOG_BOUND = 25;

/**
 * The maximum-likelihood fit both CLV models share: Nelder–Mead on the logarithms of the named
 * positive parameters, minimising −LL/N + λ·Σ parameter², from `settings.initial` (or all 1).
 * Internal to siyu/segments.
 */
export const fitClvModelByLikelihood = <Params extends Record<keyof Params, number>>(
  names: readonly (keyof Params & string)[],
  settings: ClvFitSettings<Params>,
  logLikelihood: (params: Params) => number,
  customers: number,
): ClvModelFit<Params> => {
  const toParams = (point: readonly number[]): Params =>
    Object.fromEntries(names.map((name, i) => [name, Math.exp(point[i] as number)])) as unknown as Params;
  const objective = (point: readonly number[]): number => {
    const params = toParams(point);
    let penalty = 0;
    for (const name of names) penalty += (params[name] as number) ** 2;
    return -logLikelihood(params) / customers + settings.l2Penalty * penalty;
  };
  const start = names.map((name) => Math.log(settings.initial === undefined ? 1 : (settings.initial[name] as number)));
  const result = minimizeNelderMead(objective, start, {
    maxIterations: settings.maxIterations,
    functionTolerance: settings.tolerance,
    pointTolerance: Math.sqrt(settings.tolerance),
    initialStep: 0.5,
    bound: LOG_BOUND,
  });
  const params = toParams(result.point);
  return {
    params,
    logLikelihood: logLikelihood(params),
    customers,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
};
