/**
 * Type-checks every code block that is a test (src `@example`s, README and guide ```ts blocks):
 * writes each, transformed as the tests run it, under .tmp/doc-examples/ and runs `tsc` over them
 * with the test tsconfig. Part of `npm run typecheck`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectExamples, root, transform } from '../test/docs/docExamples.js';

const outDir = join(root, '.tmp', 'doc-examples');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const examples = collectExamples();
examples.forEach((ex, i) => {
  const name = `${String(i).padStart(4, '0')}_${ex.file.replace(/[^A-Za-z0-9]+/g, '_')}_${ex.symbol}.ts`;
  writeFileSync(join(outDir, name), `// ${ex.file} › ${ex.symbol}\n${transform(ex.code)}`);
});
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({ extends: '../../tsconfig.test.json', compilerOptions: { noEmit: true, noUnusedLocals: false }, include: ['./*.ts'] }, null, 2),
);
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(outDir, 'tsconfig.json')], { stdio: 'inherit' });
  console.log(`type-checked ${examples.length} examples`);
} catch {
  process.exitCode = 1;
}
