// What `kpt fn render` writes for the function's generated items, computed
// in-process: the function run on the package (as kpt sends it), each item
// with a path under generated/ written to that file as kpt writes it — kpt's
// own annotations (path, index) taken off, several items of one file as a
// multi-document stream. test/e2e/kpt.test.ts holds this to be byte for byte
// what kpt writes; test/golden/seed.test.ts holds the committed
// examples/seed/generated to be this (UPDATE_GOLDEN=1 rewrites it).
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { runFunction } from '../../fn/function.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { formatStream } from '../../src/krm/stream.ts';
import { resourceListFromDir } from './fixtures.ts';

/** kpt's annotations, which it removes when it writes an item into its file. */
const KPT_ANNOTATIONS = /^(internal\.)?config\.kubernetes\.io\/(path|index|id|annotations-migration-resource-id)$/;

/** File (relative to the package) → its text, for every generated file. */
export function renderedGenerated(pkg: string, functionConfigFile: string): Record<string, string> {
  const r = runFunction(resourceListFromDir(pkg, functionConfigFile));
  assert.equal(r.code, 0, r.stderr);
  const byPath = new Map<string, Array<{ index: number; obj: KubeObject }>>();
  for (const obj of (parse(r.stdout) as { items: KubeObject[] }).items) {
    const annotations = obj.metadata?.annotations ?? {};
    const path = annotations['config.kubernetes.io/path'];
    if (!path?.startsWith('generated/')) continue;
    const index = Number(annotations['config.kubernetes.io/index'] ?? 0);
    for (const k of Object.keys(annotations)) if (KPT_ANNOTATIONS.test(k)) delete annotations[k];
    if (obj.metadata && Object.keys(annotations).length === 0) delete obj.metadata.annotations;
    byPath.set(path, [...(byPath.get(path) ?? []), { index, obj }]);
  }
  const out: Record<string, string> = {};
  for (const [path, items] of [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[path.slice('generated/'.length)] = formatStream(items.sort((a, b) => a.index - b.index).map((i) => i.obj));
  }
  return out;
}
