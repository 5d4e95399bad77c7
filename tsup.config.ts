import { defineConfig } from 'tsup';

/** One entry per `exports` subpath in package.json. */
export const modules = ['core', 'segments', 'points', 'tiers', 'lifecycle', 'sop', 'funnel'] as const;

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // Shared chunks in both formats, so `siyu/points` and `siyu/core` share one SiyuError class.
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.json',
});
