/**
 * Customer-lifetime-value models inside `siyu/segments`: the RFM summary they read, BG/NBD
 * (who is alive, how many purchases to expect), Gamma-Gamma (how much they spend) and CLV, with
 * per-customer scores for layering.
 *
 * @module
 */
export {
  BgNbdFitOptionsSchema,
  BgNbdParamsSchema,
  ClvCustomerSummariesSchema,
  ClvCustomerSummarySchema,
  ClvScoringOptionsSchema,
  ClvSummaryOptionsSchema,
  ClvTimeUnitSchema,
  ClvValueOptionsSchema,
  GammaGammaFitOptionsSchema,
  GammaGammaParamsSchema,
  NelderMeadOptionsSchema,
  parseBgNbdFitOptions,
  parseBgNbdParams,
  parseClvScoringOptions,
  parseClvSummaries,
  parseClvSummaryOptions,
  parseClvValueOptions,
  parseGammaGammaFitOptions,
  parseGammaGammaParams,
  parseNelderMeadOptions,
  type BgNbdCustomer,
  type BgNbdParams,
  type ClvCustomerSummary,
  type ClvFitOptions,
  type ClvFitSettings,
  type ClvScoringOptions,
  type ClvScoringSettings,
  type ClvSummaryOptions,
  type ClvSummarySettings,
  type ClvTimeUnit,
  type ClvValueOptions,
  type ClvValueSettings,
  type GammaGammaCustomer,
  type GammaGammaParams,
  type NelderMeadOptions,
  type NelderMeadSettings,
} from './schema.js';
export { buildClvSummary } from './summary.js';
export { computeLogGamma } from './logGamma.js';
export { computeHypergeometric2F1, type Hypergeometric2F1Result } from './hypergeometric.js';
export type { ClvModelFit } from './modelFit.js';
export { minimizeNelderMead, type NelderMeadResult } from './nelderMead.js';
export {
  computeBgNbdLogLikelihood,
  fitBgNbd,
  predictBgNbdAlive,
  predictBgNbdNewCustomerPurchases,
  predictBgNbdPurchaseCount,
  predictBgNbdPurchases,
} from './bgNbd.js';
export { computeGammaGammaLogLikelihood, fitGammaGamma, predictGammaGammaSpend } from './gammaGamma.js';
export { predictCustomerLifetimeValue, scoreClvCustomers, type ClvCustomerScore } from './lifetimeValue.js';
