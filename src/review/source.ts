// Where one side of a review comes from: a directory (every .yaml/.yml file
// under it, as `build` reads one), a file, `-` (stdin), or `git:REV:PATH`, a
// path as it is in a git revision, read from the object store with `git`
// (no checkout, so `git:origin/main:clusters/prod` works in a CI clone).
// PATH is from the repository's top (git's REV:PATH), or from the current
// directory when it starts with ./ or ../; REV:PATH may name a tree (read as
// a directory: hidden entries and .krmignore'd paths skipped) or a file. A
// directory's Kptfile is read too (it names the function's configuration).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../krm/resourcelist.ts';
import { krmIgnoreMatcher, readApp } from '../krm/dir.ts';
import { parseStream, type StreamObject } from '../krm/stream.ts';

export const GIT_PREFIX = 'git:';

/** Reads the objects of a source; throws InputError with one line on any problem. */
export function readSource(spec: string, readStdin: () => string, cwd = process.cwd()): StreamObject[] {
  if (spec === '-') return parseStream(readStdin(), 'stdin');
  if (spec.startsWith(GIT_PREFIX)) return readGit(spec, cwd);
  const path = resolve(cwd, spec);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new InputError(`${spec}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  try {
    if (!isDir) return parseStream(readFileSync(path, 'utf8'), spec);
    const kptfile = join(path, 'Kptfile');
    // As build reads an app directory (kustomize first where it is a kustomization).
    const app = readApp(path);
    const problem = app.problems.find((p) => p.severity === 'error');
    if (problem) throw new InputError(`${spec}: ${problem.file ? `${problem.file}: ` : ''}${problem.message}`);
    return [...app.objects, ...(existsSync(kptfile) ? parseStream(readFileSync(kptfile, 'utf8'), 'Kptfile') : [])];
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${spec}: ${(e as Error).message}`);
  }
}

function readGit(spec: string, cwd: string): StreamObject[] {
  const rest = spec.slice(GIT_PREFIX.length);
  // The revision may itself hold a colon only in forms we do not support
  // (e.g. :/message); the path is what follows the last colon.
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) throw new InputError(`${spec}: expected git:REV:PATH (e.g. git:origin/main:clusters/prod)`);
  const rev = rest.slice(0, colon);
  const path = rest.slice(colon + 1).replace(/\/+$/, '');
  const object = `${rev}:${path}`;
  const id = git(['rev-parse', '--verify', '--quiet', `${object}`], cwd, spec).toString('utf8').trim();
  if (!id) throw new InputError(`${spec}: no such path in revision ${rev}`);
  const type = git(['cat-file', '-t', id], cwd, spec).toString('utf8').trim();
  if (type === 'blob') {
    const text = catBlobs([id], cwd, spec)[0];
    return parseStream(text, spec);
  }
  if (type !== 'tree') throw new InputError(`${spec}: is a ${type}, not a directory or file`);
  const listing = git(['ls-tree', '-r', '-z', id], cwd, spec).toString('utf8');
  const entries: Array<{ id: string; path: string }> = [];
  for (const line of listing.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [, kind, blob] = line.slice(0, tab).split(' ');
    if (kind === 'blob') entries.push({ id: blob, path: line.slice(tab + 1) });
  }
  const ignoreFile = entries.find((e) => e.path === '.krmignore');
  const ignored = ignoreFile ? krmIgnoreMatcher(catBlobs([ignoreFile.id], cwd, spec)[0]) : () => false;
  const wanted = entries
    .filter((e) => (/\.ya?ml$/.test(e.path) || e.path === 'Kptfile') && !e.path.split('/').some((c) => c.startsWith('.')) && !ignored(e.path))
    .sort((a, b) => Number(a.path === 'Kptfile') - Number(b.path === 'Kptfile') || comparePaths(a.path, b.path));
  const texts = catBlobs(
    wanted.map((e) => e.id),
    cwd,
    spec,
  );
  const prefix = path === '' ? '' : `${path}/`;
  return wanted.flatMap((e, i) => parseStream(texts[i], `${GIT_PREFIX}${rev}:${prefix}${e.path}`));
}

/** The order readDir walks a directory in: component by component, by name. */
function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

function git(args: string[], cwd: string, spec: string, input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) throw new InputError(`${spec}: cannot run git: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : r.error.message}`);
  if (r.status !== 0) {
    // rev-parse --quiet says nothing for an unknown object: the caller reports it.
    if (args[0] === 'rev-parse' && r.stderr.length === 0) return Buffer.alloc(0);
    const first = r.stderr.toString('utf8').split('\n').find((l) => l.trim() !== '') ?? `git ${args[0]} failed`;
    throw new InputError(`${spec}: ${first.replace(/^fatal: /, '')}`);
  }
  return r.stdout;
}

/** The contents of blobs, through one `git cat-file --batch`. */
function catBlobs(ids: string[], cwd: string, spec: string): string[] {
  if (ids.length === 0) return [];
  const out = git(['cat-file', '--batch'], cwd, spec, ids.join('\n') + '\n');
  const texts: string[] = [];
  let at = 0;
  for (const id of ids) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    if (header[0] !== id || header[1] !== 'blob') throw new InputError(`${spec}: git could not read object ${id}`);
    const size = Number(header[2]);
    texts.push(out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return texts;
}
