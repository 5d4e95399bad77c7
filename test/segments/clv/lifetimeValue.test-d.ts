import { expectTypeOf, test } from 'vitest';
import {
  fitBgNbd,
  parseBgNbdFitOptions,
  parseClvScoringOptions,
  scoreClvCustomers,
  type BgNbdParams,
  type ClvCustomerScore,
  type ClvModelFit,
  type GammaGammaParams,
} from 'siyu/segments';

test('CLV types', () => {
  expectTypeOf(fitBgNbd).returns.toEqualTypeOf<ClvModelFit<BgNbdParams>>();
  expectTypeOf(scoreClvCustomers).returns.toEqualTypeOf<ClvCustomerScore[]>();
  expectTypeOf<ClvCustomerScore['clv']>().toEqualTypeOf<number | undefined>();
  expectTypeOf<ClvCustomerScore['pAlive']>().toEqualTypeOf<number>();
  expectTypeOf(parseBgNbdFitOptions).returns.toHaveProperty('maxIterations').toEqualTypeOf<number>();
  expectTypeOf(parseClvScoringOptions).returns.toHaveProperty('gammaGamma').toEqualTypeOf<GammaGammaParams | undefined>();
  // @ts-expect-error: params need all four of r, alpha, a, b
  fitBgNbd([{ x: 0, tX: 0, T: 1 }], { initial: { r: 1, alpha: 1, a: 1 } });
});
