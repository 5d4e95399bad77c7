/**
 * Property tests explore new random cases on every local run, but CI runs are reproducible:
 * with CI set (or FC_SEED given) fast-check uses a fixed seed, so a red CI can be replayed
 * exactly with `FC_SEED=<seed> npm run test:unit`.
 */
import fc from 'fast-check';

const fromEnv = process.env['FC_SEED'];
if (fromEnv !== undefined || process.env['CI'] !== undefined) {
  fc.configureGlobal({ seed: fromEnv === undefined ? 20_261_125 : Number(fromEnv) });
}
