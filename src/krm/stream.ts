// Plain multi-document YAML streams (kubectl/kustomize/Argo CD style) and
// directories of manifests, for `metallb-frr build` and the kustomize exec
// plugin. Documents keep their comments; `List` objects are unwrapped.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isMap, isScalar, isSeq, visit, YAMLMap, type Document } from 'yaml';
import type { KubeObject } from '../api/k8s.ts';
import { emitYAML } from './emit.ts';
import { DEPTH_PROBLEM } from './limits.ts';
import { afterDocumentStart, afterKey, rememberText } from './verbatim.ts';
import { parseDocuments, yamlProblem } from './yaml.ts';
import { ALIAS_PROBLEM, InputError, nodeText, unsupportedScalar } from './resourcelist.ts';

export interface StreamObject {
  /** The object's node (comments kept); absent when the document uses aliases, which are written resolved. */
  node?: YAMLMap;
  obj: KubeObject;
  /** Where it came from, for messages: file path or "stdin", and document index. */
  source: string;
}

export function parseStream(text: string, source: string): StreamObject[] {
  const out: StreamObject[] = [];
  const docs = parseDocuments(text, { uniqueKeys: true });
  docs.forEach((d, i) => {
    const where = `${source}${docs.length > 1 ? ` (document ${i + 1})` : ''}`;
    if (d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) throw new InputError(`${where}: not accepted: ${DEPTH_PROBLEM}`);
    if (d.errors.length > 0) throw new InputError(`${where}: not valid YAML: ${yamlProblem(d.errors[0], text)}`);
    const root = d.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return;
    if (!isMap(root)) throw new InputError(`${where}: expected a Kubernetes object, found a ${isSeq(root) ? 'list' : 'scalar'}`);
    const odd = unsupportedScalar(d as Document, text);
    if (odd) throw new InputError(`${where}: not plain data: ${odd}`);
    let obj: KubeObject;
    try {
      obj = d.toJS() as KubeObject; // resolves aliases within the document
    } catch {
      throw new InputError(`${where}: ${ALIAS_PROBLEM}`);
    }
    let aliased = false;
    visit(d, {
      Alias() {
        aliased = true;
        return visit.BREAK;
      },
    });
    if (!aliased) rememberText(root, text, afterDocumentStart(text, i === 0 ? 0 : docs[i - 1].range[2], root.range?.[0] ?? d.range[0]));
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      const items = root.get('items', true);
      if (isSeq(items)) {
        if (!aliased) {
          let regionStart = afterKey(text, root.items.find((p) => isScalar(p.key) && p.key.value === 'items')?.key);
          for (const n of items.items) {
            if (regionStart !== undefined) rememberText(n, text, regionStart);
            regionStart = (n as YAMLMap).range?.[2];
          }
        }
        items.items.forEach((n, j) => {
          const item = (obj.items as unknown[])[j];
          if (!isMap(n) || item === null || typeof item !== 'object') throw new InputError(`${where}: items[${j}] is not an object`);
          out.push(check({ node: aliased ? undefined : n, obj: item as KubeObject, source: `${where} items[${j}]` }));
        });
        return;
      }
    }
    out.push(check({ node: aliased ? undefined : root, obj, source: where }));
  });
  return out;
}

function check(s: StreamObject): StreamObject {
  const missing = ['apiVersion', 'kind'].filter((k) => typeof s.obj[k] !== 'string' || s.obj[k] === '');
  if (typeof s.obj.metadata?.name !== 'string' || s.obj.metadata.name === '') missing.push('metadata.name');
  if (missing.length > 0) throw new InputError(`${s.source}: not a Kubernetes object (no ${missing.join(', ')})`);
  return s;
}

/** Reads every .yaml/.yml file under dir (sorted, hidden entries and .krmignore'd paths skipped). */
export function readDir(dir: string): StreamObject[] {
  const ignore = readKrmIgnore(dir);
  const out: StreamObject[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      if (e.startsWith('.')) continue;
      const p = join(d, e);
      const rel = relative(dir, p).split(sep).join('/');
      if (ignore(rel)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e)) for (const o of parseStream(readFileSync(p, 'utf8'), rel)) out.push(o);
    }
  };
  walk(dir);
  return out;
}

/** .krmignore (gitignore syntax, the common subset: names, globs, dir/ patterns, leading /). */
function readKrmIgnore(dir: string): (rel: string) => boolean {
  let text = '';
  try {
    text = readFileSync(join(dir, '.krmignore'), 'utf8');
  } catch {
    return () => false;
  }
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((pat) => {
      const anchored = pat.startsWith('/');
      const body = pat.replace(/^\//, '').replace(/\/$/, '');
      const re = body
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*');
      return new RegExp(anchored || body.includes('/') ? `^${re}(/|$)` : `(^|/)${re}(/|$)`);
    });
  return (rel) => rules.some((r) => r.test(rel));
}

/** A `---`-separated stream: input nodes as they were, generated data by the plain-data writer. */
export function formatStream(nodes: Array<YAMLMap | object>): string {
  return nodes.map((n) => (n instanceof YAMLMap ? nodeText(n) : emitYAML(n))).join('---\n');
}
