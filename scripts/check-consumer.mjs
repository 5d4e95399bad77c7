// Packs siyu with `npm pack`, installs the tarball into a throwaway consumer next to this
// project (dependencies resolve from the project's node_modules, so no network), and imports
// it from an ESM and a CJS file as a user would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp', 'consumer');
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 'node_modules', 'siyu'), { recursive: true });

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' }));
const tarball = join(tmp, packed[0].filename);
execFileSync('tar', ['-xzf', tarball, '-C', join(tmp, 'node_modules', 'siyu'), '--strip-components=1']);

const modules = ['core', 'segments', 'points', 'tiers', 'lifecycle', 'sop', 'funnel'];
writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
writeFileSync(
  join(tmp, 'esm.mjs'),
  `import * as all from 'siyu';
import { toInstant, SiyuError, localDateOf } from 'siyu/core';
${modules.map((m) => `import * as m_${m} from 'siyu/${m}';`).join('\n')}
if (toInstant('2026-01-01T00:00:00Z') !== 1767225600000) throw new Error('esm: toInstant');
if (localDateOf(Date.UTC(2026, 0, 1, 17), 'Asia/Shanghai') !== '2026-01-02') throw new Error('esm: localDateOf');
if (all.SiyuError !== SiyuError) throw new Error('esm: one SiyuError class across entry points');
try { toInstant('nope'); throw new Error('esm: no throw'); } catch (e) { if (!(e instanceof all.SiyuError)) throw e; }
for (const m of [${modules.map((m) => `m_${m}`).join(', ')}]) if (typeof m !== 'object') throw new Error('esm: module');
console.log('esm consumer ok');
`,
);
writeFileSync(
  join(tmp, 'cjs.cjs'),
  `const all = require('siyu');
const core = require('siyu/core');
${modules.map((m) => `require('siyu/${m}');`).join('\n')}
if (core.toInstant('2026-01-01T00:00:00Z') !== 1767225600000) throw new Error('cjs: toInstant');
if (all.SiyuError !== core.SiyuError) throw new Error('cjs: one SiyuError class across entry points');
try { core.toInstant('nope'); throw new Error('cjs: no throw'); } catch (e) { if (!(e instanceof all.SiyuError)) throw e; }
require('siyu/package.json');
console.log('cjs consumer ok');
`,
);
execFileSync(process.execPath, ['esm.mjs'], { cwd: tmp, stdio: 'inherit' });
execFileSync(process.execPath, ['cjs.cjs'], { cwd: tmp, stdio: 'inherit' });
rmSync(tmp, { recursive: true, force: true });
