/**
 * Finds the code blocks that are tests — every `@example` in src/ and every ```ts block of the
 * README and docs/ — and turns each into a module whose default export runs it with `expect`.
 * Shared by test/docs/examples.test.ts (runs them) and scripts/typecheck-examples.ts (type-checks
 * them). Conventions inside a block:
 * - `expression; // → expected` asserts `expect(expression).toEqual(expected)`;
 * - a line holding only `// → expected` asserts on the statement just before it;
 * - `expression; // throws: text` asserts that evaluating it throws an error containing `text`;
 * - a guide block whose first line is `// illustration` is neither run nor type-checked.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** One code block to run: where it came from and its code. */
export interface Example {
  file: string;
  symbol: string;
  code: string;
}

export function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listSources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const DECLARATION = /^\s*(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|static|abstract)?\s*([A-Za-z_$][\w$]*)/;

export function extractExamples(file: string): Example[] {
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

export function transform(code: string): string {
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
export function extractGuideBlocks(file: string): Example[] {
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


/** Every example of src/, the README and docs/, in a stable order. */
export function collectExamples(): Example[] {
  const guides = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => join(root, 'docs', f))];
  return [...listSources(join(root, 'src')).flatMap(extractExamples), ...guides.flatMap(extractGuideBlocks)];
}
