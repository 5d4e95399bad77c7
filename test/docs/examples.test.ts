/**
 * Every `@example` in src/ is a test. Conventions inside an example's ```ts block:
 * - `expression; // → expected` asserts `expect(expression).toEqual(expected)`;
 * - a line holding only `// → expected` asserts on the statement just before it;
 * - `expression; // throws: text` asserts that evaluating it throws an error containing `text`.
 * Imports of `siyu` / `siyu/<module>` resolve to src (see vitest.config.ts).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const srcDir = join(root, 'src');
// One folder per process, so concurrent runs never delete each other's files.
const outDir = join(root, 'test', '.examples', String(process.pid));

interface Example {
  file: string;
  symbol: string;
  code: string;
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listSources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const DECLARATION = /^\s*(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|static|abstract)?\s*([A-Za-z_$][\w$]*)/;

function extractExamples(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  const comment = /\/\*\*([\s\S]*?)\*\/\s*\n([^\n]*)/g;
  for (const m of text.matchAll(comment)) {
    const body = (m[1] ?? '').split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
    const at = body.indexOf('@example');
    if (at < 0) continue;
    const fence = /```ts\n([\s\S]*?)```/.exec(body.slice(at));
    if (fence === null) continue;
    const symbol = DECLARATION.exec(m[2] ?? '')?.[1] ?? 'anonymous';
    out.push({ file: relative(root, file), symbol, code: fence[1] ?? '' });
  }
  return out;
}

function transform(code: string): string {
  const imports: string[] = [];
  const body: string[] = [];
  let pending: string | undefined; // last statement without an assertion, for a `// →` on the next line
  let inImport = false;
  for (const raw of code.split('\n')) {
    const line = raw.trimEnd();
    if (inImport || /^import\s/.test(line)) {
      imports.push(line);
      inImport = !/\sfrom\s+['"][^'"]+['"];?$/.test(line) && !/^import\s+['"]/.test(line);
      continue;
    }
    const only = /^\s*\/\/\s*→\s*(.+)$/.exec(line);
    if (only && pending !== undefined) {
      body.pop();
      body.push(`expect(${pending}).toEqual(${only[1]});`);
      pending = undefined;
      continue;
    }
    const arrow = /^(.*?);?\s*\/\/\s*→\s*(.+)$/.exec(line);
    if (arrow) {
      body.push(`expect(${arrow[1]}).toEqual(${arrow[2]});`);
      pending = undefined;
      continue;
    }
    const throws = /^(.*?);?\s*\/\/\s*throws:\s*(.+)$/.exec(line);
    if (throws) {
      body.push(`expect(() => { ${throws[1]}; }).toThrow(${JSON.stringify(throws[2]?.trim())});`);
      pending = undefined;
      continue;
    }
    body.push(line);
    const statement = /^([^/].*?);\s*$/.exec(line);
    pending = statement && !/^\s*(const|let|var|for|if|return)\b/.test(line) ? statement[1] : undefined;
  }
  return [`import { expect } from 'vitest';`, ...imports, `export default async function run(): Promise<void> {`, ...body, `}`, ''].join('\n');
}

/** Every ```ts block of the README and the guides, unless its first line is `// illustration`. */
function extractGuideBlocks(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  let n = 0;
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    n++;
    const code = m[1] ?? '';
    if (/^\s*\/\/ illustration/.test(code)) continue;
    out.push({ file: relative(root, file), symbol: `block${n}`, code });
  }
  return out;
}

const guides = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))];
const examples = [...listSources(srcDir).flatMap(extractExamples), ...guides.flatMap(extractGuideBlocks)];
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
