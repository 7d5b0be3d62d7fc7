// A directory of manifests, as `metallb-frr build DIR` reads it: every
// .yaml/.yml file under it, in path order, minus hidden entries and what
// .krmignore excludes. .krmignore follows gitignore's rules, as kpt's does
// (the `ignore` package implements them: negation, `**`, anchoring, dir/).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { parseStream, type StreamObject } from './stream.ts';

/** Reads every .yaml/.yml file under dir (sorted, hidden entries and .krmignore'd paths skipped). */
export function readDir(dir: string): StreamObject[] {
  const ignored = krmIgnore(dir);
  const out: StreamObject[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d).sort()) {
      if (e.startsWith('.')) continue;
      const p = join(d, e);
      const r = rel + e;
      if (statSync(p).isDirectory()) {
        // As in git, a directory that is excluded is not entered: nothing
        // under it can be included again.
        if (!ignored(`${r}/`)) walk(p, `${r}/`);
      } else if (/\.ya?ml$/.test(e) && !ignored(r)) {
        out.push(...parseStream(readFileSync(p, 'utf8'), r));
      }
    }
  };
  walk(dir, '');
  return out;
}

/** The .krmignore of dir as a predicate on slash-separated relative paths (directories end with "/"). */
export function krmIgnore(dir: string): (rel: string) => boolean {
  let text: string;
  try {
    text = readFileSync(join(dir, '.krmignore'), 'utf8');
  } catch {
    return () => false;
  }
  const ig = ignore().add(text);
  return (rel) => ig.ignores(rel);
}
