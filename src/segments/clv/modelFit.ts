/**
 * What the CLV models' fits return.
 *
 * @module
 */
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
