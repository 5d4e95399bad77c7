/**
 * Every `@example` in src/, and every ```ts block of the README and the guides, is a test (see
 * docExamples.ts for the conventions). Imports of `siyu` / `siyu/<module>` resolve to src (see
 * vitest.config.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectExamples, listSources, root, transform } from './docExamples.js';

// One folder per process, so concurrent runs never delete each other's files.
const outDir = join(root, 'test', '.examples', String(process.pid));
const srcDir = join(root, 'src');
const examples = collectExamples();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

describe('@example blocks in src, and ```ts blocks in the README and guides, are tests', () => {
  it('finds examples', () => {
    expect(examples.length).toBeGreaterThan(40);
  });
  examples.forEach((ex, i) => {
    it(`${ex.file} › ${ex.symbol}`, async () => {
      const path = join(outDir, `${String(i).padStart(4, '0')}_${ex.symbol}.ts`);
      writeFileSync(path, transform(ex.code));
      const mod = (await import(path)) as { default: () => Promise<void> };
      await mod.default();
    });
  });
});

describe('every exported function and class has a TSDoc @example', () => {
  const missing: string[] = [];
  for (const file of listSources(srcDir)) {
    const text = readFileSync(file, 'utf8');
    // Overloads: a function is documented when any of its declarations carries an @example.
    const seen = new Map<string, boolean>();
    for (const m of text.matchAll(/(\/\*\*[\s\S]*?\*\/\s*)?\nexport (?:async )?(?:function|class) ([A-Za-z_$][\w$]*)/g)) {
      const name = m[2] ?? '';
      seen.set(name, (seen.get(name) ?? false) || (m[1] ?? '').includes('@example'));
    }
    for (const [name, documented] of seen) if (!documented) missing.push(`${relative(root, file)} › ${name}`);
  }
  it('has none missing', () => {
    expect(missing).toEqual([]);
  });
});
