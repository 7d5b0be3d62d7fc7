// An app directory, as `metallb-frr build DIR` reads it:
//  - with a kustomization (kustomization.yaml, kustomization.yml or
//    Kustomization) that .krmignore does not exclude, what `kustomize build
//    DIR` prints (kustomize from PATH), as Argo CD builds a Kustomize app;
//  - otherwise every .yaml/.yml file under it, in kpt's path order, minus hidden
//    entries and what .krmignore excludes. .krmignore follows gitignore's
//    rules, as kpt's does (the `ignore` package implements them: negation,
//    `**`, anchoring, dir/). A YAML file that holds no Kubernetes object
//    (values.yaml, a tool's settings) is skipped with an info; every file
//    that cannot be read is reported, all at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { parseAllDocuments } from 'yaml';
import type { Severity } from '../api/diagnostic.ts';
import { tooLargeProblem } from './limits.ts';
import { InputError } from './resourcelist.ts';
import { parseStream, type StreamObject } from './stream.ts';

/** Something to say about a file of the directory (no object to name). */
export interface FileProblem {
  severity: Severity;
  file: string;
  message: string;
}

export interface DirContents {
  objects: StreamObject[];
  problems: FileProblem[];
}

/** The file names kustomize looks for, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The directory's kustomization file, unless .krmignore excludes it (a kpt package that is also a kustomize base). */
export function kustomizationOf(dir: string): string | undefined {
  const ignored = krmIgnore(dir);
  return KUSTOMIZATION_FILES.find((f) => existsSync(join(dir, f)) && !ignored(f));
}

/**
 * Reads the app directory: through kustomize when it has a kustomization,
 * file by file otherwise. `env` is kustomize's environment (its PATH finds
 * kustomize).
 */
export function readApp(dir: string, env: NodeJS.ProcessEnv = process.env, maxBytes = Infinity): DirContents {
  const k = kustomizationOf(dir);
  return k ? readKustomization(dir, k, env, maxBytes) : readDir(dir, maxBytes);
}

/** `kustomize build DIR`, parsed as a manifest stream. */
function readKustomization(dir: string, file: string, env: NodeJS.ProcessEnv, maxBytes: number): DirContents {
  const fail = (message: string): DirContents => ({ objects: [], problems: [{ severity: 'error', file, message }] });
  const r = spawnSync('kustomize', ['build', dir], { encoding: 'utf8', maxBuffer: 256 << 20, env });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(`the directory is a kustomization, built with "kustomize build" first, but there is no kustomize on PATH: install the standalone kustomize (the function's container image has one), or list ${file} in .krmignore to read the files one by one`);
    return fail(`"kustomize build" could not run: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const said = r.stderr.trim().split('\n').filter((l) => l.trim() !== '').join('; ');
    return fail(`"kustomize build" failed (exit ${r.status ?? r.signal}): ${said}`);
  }
  if (Buffer.byteLength(r.stdout) > maxBytes) return fail(tooLargeProblem('what "kustomize build" printed', maxBytes));
  try {
    return { objects: parseStream(r.stdout, 'kustomize build'), problems: [] };
  } catch (e) {
    if (e instanceof InputError) return fail(`"kustomize build" printed what is not a manifest stream: ${e.message}`);
    throw e;
  }
}

/**
 * Reads every .yaml/.yml file under dir (sorted, hidden entries and
 * .krmignore'd paths skipped); files larger than `maxBytes` together are an
 * InputError (limits.ts), checked before they are read.
 */
export function readDir(dir: string, maxBytes = Infinity): DirContents {
  const ignored = krmIgnore(dir);
  const objects: StreamObject[] = [];
  const problems: FileProblem[] = [];
  let total = 0;
  const walk = (d: string, rel: string) => {
    // Names by their bytes, as kpt's filepath.Walk sorts them (UTF-16 order differs above U+FFFF).
    // Stryker disable next-line MethodExpression,ArrowFunction: equivalent on Node: libuv lists a directory sorted by bytes already; the sort says so instead of resting on it
    for (const e of readdirSync(d).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
      if (e.startsWith('.')) continue;
      const p = join(d, e);
      const r = rel + e;
      const st = statSync(p);
      if (st.isDirectory()) {
        // As in git, a directory that is excluded is not entered: nothing
        // under it can be included again.
        // Stryker disable next-line ConditionalExpression: equivalent: the ignore package excludes every path under an excluded directory too; this spares walking it
        if (!ignored(`${r}/`)) walk(p, `${r}/`);
      } else if (/\.ya?ml$/.test(e) && !ignored(r)) {
        total += st.size;
        if (total > maxBytes) throw new InputError(tooLargeProblem(`the files under ${dir}`, maxBytes));
        readFile(p, r, objects, problems);
      }
    }
  };
  walk(dir, '');
  return { objects, problems };
}

function readFile(path: string, rel: string, objects: StreamObject[], problems: FileProblem[]): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    problems.push({ severity: 'error', file: rel, message: `cannot be read: ${(e as Error).message}` });
    return;
  }
  try {
    for (const o of parseStream(text, rel)) objects.push(o);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    if (holdsNoObject(text)) {
      problems.push({ severity: 'info', file: rel, message: 'skipped: holds no Kubernetes object (no apiVersion and kind); list it in .krmignore to say so' });
    } else {
      // The message names the file already.
      problems.push({ severity: 'error', file: '', message: e.message });
    }
  }
}

/** Valid YAML none of whose documents is a map with apiVersion and kind (values.yaml, a tool's settings). */
function holdsNoObject(text: string): boolean {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return false;
  return docs.every((d) => {
    let v: unknown;
    try {
      v = d.toJS();
    } catch {
      return false;
    }
    return v === null || typeof v !== 'object' || Array.isArray(v) || !('apiVersion' in v && 'kind' in v);
  });
}

/** The .krmignore of dir as a predicate on slash-separated relative paths (directories end with "/"). */
export function krmIgnore(dir: string): (rel: string) => boolean {
  let text: string;
  try {
    text = readFileSync(join(dir, '.krmignore'), 'utf8');
  } catch {
    return () => false;
  }
  return krmIgnoreMatcher(text);
}

/** A .krmignore text as a predicate on slash-separated relative paths (directories end with "/"). */
export function krmIgnoreMatcher(text: string): (rel: string) => boolean {
  const ig = ignore().add(text);
  return (rel) => ig.ignores(rel);
}
