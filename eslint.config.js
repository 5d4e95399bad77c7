// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const modules = ['core', 'segments', 'points', 'tiers', 'lifecycle', 'sop', 'funnel'];
const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'querystring', 'readline', 'stream', 'timers', 'tls',
  'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/** Purity: src/ does no I/O and reads no clock, randomness, environment or console. */
const purity = {
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'siyu is pure: take `now`/`asOf` as an argument instead of Date.now().' },
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'siyu is pure: take `now`/`asOf` as an argument instead of new Date().' },
    { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'siyu is pure: take a seed and use createRandom() instead of Math.random.' },
    { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'siyu is pure: no clocks in src/.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'siyu runs in any runtime: no process in src/.' },
    { name: 'console', message: 'siyu is a library: return data instead of logging.' },
    { name: 'require', message: 'ESM only in src/.' },
    { name: 'Buffer', message: 'No Node built-ins in src/.' },
    { name: 'setTimeout', message: 'Time moves by explicit ticks, never by timers.' },
    { name: 'setInterval', message: 'Time moves by explicit ticks, never by timers.' },
  ],
  'no-console': 'error',
};

/** A module may import its own files, `../core/index.js`, and other modules' public faces only. */
function boundaries(module) {
  const patterns = [
    { group: ['node:*', ...nodeBuiltins], message: 'No Node built-ins in src/: siyu runs in edge runtimes and bundlers.' },
    { group: ['siyu', 'siyu/*'], message: 'Import siblings by relative path inside src/.' },
  ];
  if (module === 'core') {
    patterns.push({ group: ['../*'], message: 'core imports nothing of siyu.' });
  } else {
    patterns.push({
      regex: `^\\.\\./(\\.\\./)*(${modules.join('|')})/(?!index\\.js$)`,
      message: "Import other modules only through their public face ('../core/index.js').",
    });
  }
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'docs/api/**', 'node_modules/**', 'test/.examples/**', '.tmp/**', 'bench/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: purity,
  },
  ...modules.map((module) => ({ files: [`src/${module}/**/*.ts`], rules: boundaries(module) })),
);
