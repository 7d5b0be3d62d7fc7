// The data path reads one way (README "Architecture"): each room of src/
// imports only the rooms below it, nothing in src/ imports fn/, and fn/ (the
// executable's adapters) may import anything in src/. fn/ holds no rules:
// each of its files is a command's flags, input and output (see the last
// tests for what can be checked of that). Imports are read with
// TypeScript's parser from every .ts file under src/ and fn/; type-only
// imports count too (a type is a dependency on its meaning).
//
// Also: TypeBox and the schema builders (src/api/schemas.ts) are build-time
// only. Everything else imports them for types alone (`import type`), so
// that neither runs when the function or the agent starts (cold start).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { ROOT } from '../lib/fixtures.ts';

/** Room → the rooms it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  api: [],
  krm: ['api'],
  metallb: ['api', 'krm'],
  frr: ['api'],
  compile: ['api', 'krm', 'metallb', 'frr'],
  review: ['api', 'krm', 'metallb', 'compile', 'frr'],
  agent: ['api', 'krm', 'frr'],
  // Declarations for the bundler's text modules (*.sh).
  types: [],
};

/**
 * Imports against the direction that remain for a later task, each with why.
 * Only fn-related items may be listed (the move of fn/'s library code into a
 * processor in src/); the list must shrink, never grow.
 */
const ALLOWED_FOR_NOW: Record<string, string> = {};

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'generated') files(p, out);
    } else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): Import[] {
  return importsOfText(file, readFileSync(file, 'utf8'));
}

/** Every import, re-export and dynamic import() in `text` (of `file`), resolved to a path from the repository root. */
function importsOfText(file: string, text: string): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const to = spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)) : spec;
    out.push({ from: relative(ROOT, file), to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The room of a repository path: src/<room>/..., fn, or undefined (a package, a test). */
function roomOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts[1];
  if (parts[0] === 'fn') return 'fn';
  return undefined;
}

/** "from -> to" for every import against the direction. */
function violations(all: Import[]): string[] {
  const out: string[] = [];
  for (const i of all) {
    const from = roomOf(i.from);
    const to = roomOf(i.to);
    if (!from || !to || from === to || from === 'fn') continue;
    const ok = to !== 'fn' && (ALLOWED[from] ?? []).includes(to);
    if (!ok) out.push(`${i.from} -> ${i.to}`);
  }
  return [...new Set(out)].sort();
}

const all = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'fn'))].flatMap(importsOf);

test('every room of src/ imports only the rooms below it; nothing in src/ imports fn/', () => {
  for (const room of new Set(all.map((i) => roomOf(i.from)))) {
    assert.ok(room === 'fn' || room! in ALLOWED, `src/${room} is a room this test does not know: add it to ALLOWED with the rooms it may import`);
  }
  const found = violations(all);
  assert.deepEqual(found.filter((v) => !(v in ALLOWED_FOR_NOW)), [], 'imports against the direction (README "Architecture")');
  assert.deepEqual(Object.keys(ALLOWED_FOR_NOW).filter((v) => !found.includes(v)), [], 'allowed-for-now imports that are gone: remove them from the list');
});

test('TypeBox and src/api/schemas.ts are imported for types only (they run only in the build)', () => {
  const runtime = all.filter((i) => !i.typeOnly && (i.to === '@sinclair/typebox' || i.to === 'src/api/schemas.ts') && i.from !== 'src/api/schemas.ts');
  assert.deepEqual(runtime.map((i) => `${i.from} -> ${i.to}`), []);
});

test('the check itself: it sees imports, re-exports, dynamic and type imports, and flags a back-edge', () => {
  const source = [
    "import { a } from '../compile/x.ts';",
    "import type { B } from '../api/y.ts';",
    "import { type C } from '../frr/z.ts';",
    "export { d } from '../../fn/w.ts';",
    "const e = await import('../review/v.ts');",
    "type F = import('../krm/u.ts').F;",
  ].join('\n');
  const parsed = importsOfText(join(ROOT, 'src', 'agent', 'probe.ts'), source);
  assert.deepEqual(
    parsed.map((i) => `${i.to}${i.typeOnly ? ' (type)' : ''}`),
    ['src/compile/x.ts', 'src/api/y.ts (type)', 'src/frr/z.ts (type)', 'fn/w.ts', 'src/review/v.ts', 'src/krm/u.ts (type)'],
  );
  assert.deepEqual(violations(parsed), ['src/agent/probe.ts -> fn/w.ts', 'src/agent/probe.ts -> src/compile/x.ts', 'src/agent/probe.ts -> src/review/v.ts']);
});

// fn/ is stdio adapters only: argument parsing, reading stdin, files and the
// environment into values, calling src/, writing output, exit codes. What a
// parser cannot tell (is this line a rule?) is held by two things it can:
// fn/ exports commands only (so nothing, test or module, can reuse a rule
// kept there), and each file stays small (a rule that grows there shows).
const FN_EXPORTS = /^(run[A-Z]\w*|renderCommand|[A-Z]+_USAGE)$/;
/** Lines per file: a command's flags and I/O fit in this; main.ts also has the usage text, stdin and stdout. */
const FN_FILE_LINES = 120;
const FN_MAIN_LINES = 200;

function exportsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) out.push(...st.exportClause.elements.map((e) => e.name.text));
    else if (ts.isExportAssignment(st)) out.push('default');
    else if (exported && ts.isVariableStatement(st)) out.push(...st.declarationList.declarations.map((d) => d.name.getText(sf)));
    else if (exported && (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st))) out.push(st.name?.text ?? 'default');
  }
  return out;
}

test('fn/ exports commands only (run*, renderCommand, *_USAGE): its library code lives in src/', () => {
  const others = files(join(ROOT, 'fn')).flatMap((f) => exportsOf(f).filter((name) => !FN_EXPORTS.test(name)).map((name) => `${relative(ROOT, f)}: ${name}`));
  assert.deepEqual(others, []);
});

test(`fn/*.ts stay adapters: at most ${FN_FILE_LINES} lines each (main.ts ${FN_MAIN_LINES})`, () => {
  const big = files(join(ROOT, 'fn'))
    .map((f) => ({ f: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.lines > (x.f === 'fn/main.ts' ? FN_MAIN_LINES : FN_FILE_LINES))
    .map((x) => `${x.f}: ${x.lines} lines`);
  assert.deepEqual(big, []);
});
