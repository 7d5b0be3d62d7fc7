// Reading the function's configuration (src/compile/function-config.ts) in
// process: what is not a MetalLBFRR or a v1 ConfigMap, a version the function
// does not know, ConfigMap values that are not strings, and more than one
// configuration in a package — one error each, naming the object and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { packageConfig, readFunctionConfig } from '../../src/compile/function-config.ts';
import { defaultConfig } from '../../src/compile/options.ts';
import type { StreamObject } from '../../src/krm/stream.ts';

function read(fc: KubeObject): { cfg: ReturnType<typeof readFunctionConfig>; lines: string[] } {
  const d = new Diagnostics();
  const cfg = readFunctionConfig(fc, d);
  return { cfg, lines: d.list.map((x) => formatDiagnostic(x)) };
}

const USE = 'use fn.metallb-frr.dev/v1alpha1 MetalLBFRR or a v1 ConfigMap';

test('only a v1 ConfigMap is read as a ConfigMap: another v1 kind, or a ConfigMap of another version, is refused', () => {
  for (const [apiVersion, kind] of [['v1', 'Secret'], ['apps/v1', 'ConfigMap']]) {
    const r = read({ apiVersion, kind, metadata: { name: 'c' }, data: { advertise: 'services' } });
    assert.deepEqual(r.lines, [`error: ${kind} c kind: unsupported functionConfig ${apiVersion} ${kind}: ${USE}`]);
    assert.deepEqual(r.cfg, defaultConfig(), 'nothing of it is read');
  }
});

test('a functionConfig without apiVersion or kind: refused, the missing parts left blank', () => {
  assert.deepEqual(read({ metadata: { name: 'c' } }).lines, [`error: <no kind> c kind: unsupported functionConfig  : ${USE}`]);
  assert.deepEqual(read({ kind: 'Thing', metadata: { name: 'c' } }).lines, [`error: Thing c kind: unsupported functionConfig  Thing: ${USE}`]);
});

test('a MetalLBFRR of a version the function does not know: one error naming apiVersion and the supported one', () => {
  const r = read({ apiVersion: 'fn.metallb-frr.dev/v2', kind: 'MetalLBFRR', metadata: { name: 'c' }, spec: { advertise: 'services' } });
  assert.deepEqual(r.lines, ['error: MetalLBFRR c apiVersion: unsupported version "fn.metallb-frr.dev/v2" (supported: fn.metallb-frr.dev/v1alpha1)']);
  assert.deepEqual(r.cfg, defaultConfig());
});

test('a ConfigMap value that is not a string (unquoted YAML true, a number, a map): refused naming the key; the other keys still read', () => {
  const r = read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { preview: true, maxObjectSize: 3, frrImage: { a: 1 }, advertise: 'services' } });
  assert.deepEqual(r.lines, [
    'error: ConfigMap c data.preview: must be a string',
    'error: ConfigMap c data.maxObjectSize: must be a string',
    'error: ConfigMap c data.frrImage: must be a string',
  ]);
  assert.equal(r.cfg.advertise, 'services');
  assert.equal(r.cfg.preview, false);
});

test('a ConfigMap without metadata is read all the same (kpt fn eval --configmap style)', () => {
  const r = read({ apiVersion: 'v1', kind: 'ConfigMap', data: { advertise: 'services', frrImage: 'registry.example/frr:10' } } as KubeObject);
  assert.deepEqual(r.lines, []);
  assert.equal(r.cfg.advertise, 'services');
  assert.equal(r.cfg.manifests.images.frr, 'registry.example/frr:10');
});

test('ConfigMap: a bad image is named by the key that set it', () => {
  const r = read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { frrImage: 'Not An Image', agentImage: 'UPPER:x' } });
  assert.deepEqual(r.lines, [
    'error: ConfigMap c data.frrImage: "Not An Image" is not an image reference (registry/name:tag or @sha256:digest)',
    'error: ConfigMap c data.agentImage: "UPPER:x" is not an image reference (registry/name:tag or @sha256:digest)',
  ]);
});

test('a package with two MetalLBFRR objects and no --config: one error; --config settles it', () => {
  const item = (name: string): StreamObject => ({ obj: { apiVersion: 'fn.metallb-frr.dev/v1alpha1', kind: 'MetalLBFRR', metadata: { name } }, source: `${name}.yaml` } as StreamObject);
  const items = [item('a'), { obj: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }, source: 'n.yaml' } as StreamObject, item('b')];
  const d = new Diagnostics();
  const r = packageConfig(items, undefined, d);
  assert.deepEqual(d.list.map((x) => formatDiagnostic(x)), ['error: found 2 MetalLBFRR objects; keep one, or pass --config']);
  assert.deepEqual(r.inline, [items[0], items[2]]);
  const given = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g' } };
  const d2 = new Diagnostics();
  assert.equal(packageConfig(items, given, d2).config, given);
  assert.deepEqual(d2.list, []);
  const d3 = new Diagnostics();
  assert.equal(packageConfig(items.slice(0, 2), undefined, d3).config, items[0].obj);
  assert.deepEqual(d3.list, []);
});

test('a MetalLBFRR without spec: the defaults', () => {
  const r = read({ apiVersion: 'fn.metallb-frr.dev/v1alpha1', kind: 'MetalLBFRR', metadata: { name: 'c' } });
  assert.deepEqual(r.lines, []);
  assert.deepEqual(r.cfg, defaultConfig());
});
