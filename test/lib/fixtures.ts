// Shared helpers for tests: the repository root, the built binary, temp dirs,
// and the seed package as a ResourceList the way kpt sends it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'metallb-frr');
/** Node arguments that run the sources as the bundle runs (`node ...FROM_SOURCE fn/main.ts build`). */
export const FROM_SOURCE = ['--import', join(ROOT, 'scripts', 'register.mjs')];

/** The built executable; tests of the binary need `npm run build` first (npm test does it). */
export function requireBuild(): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does)`);
  return BIN;
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `metallb-frr-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A work area laid out like the repository for tools that resolve exec paths
 * from the working directory: <dir>/dist → the repository's dist, and the
 * given examples copied under <dir>/examples.
 */
export function workArea(...examples: string[]): { dir: string; cleanup: () => void } {
  const t = tempDir('work');
  symlinkSync(join(ROOT, 'dist'), join(t.dir, 'dist'));
  for (const e of examples) cpSync(join(ROOT, 'examples', e), join(t.dir, 'examples', e), { recursive: true });
  return t;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: opts.cwd ?? ROOT, input: opts.input, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** All files under dir (relative path → content), for before/after comparisons. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}


/**
 * A ResourceList built from a package directory the way kpt builds one: every
 * KRM file's objects with path/index annotations (comments kept), the
 * Kptfile's functionConfig file as functionConfig.
 */
export function resourceListFromDir(dir: string, functionConfigFile?: string): string {
  const items: string[] = [];
  let fc = '';
  for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml').sort()) {
    const docs = parseAllDocuments(readFileSync(join(dir, f), 'utf8'));
    docs.forEach((doc, index) => {
      if (f === functionConfigFile) {
        fc = indent(doc.toString(), '  ');
        return;
      }
      for (const k of ['config.kubernetes.io/path', 'internal.config.kubernetes.io/path']) doc.setIn(['metadata', 'annotations', k], f);
      for (const k of ['config.kubernetes.io/index', 'internal.config.kubernetes.io/index']) doc.setIn(['metadata', 'annotations', k], String(index));
      items.push('- ' + indent(doc.toString(), '  ').trimStart());
    });
  }
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}${fc ? `functionConfig:\n${fc}` : ''}`;
}

function indent(s: string, pad: string): string {
  return s
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}
