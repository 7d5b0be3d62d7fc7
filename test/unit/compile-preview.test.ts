// Previews (src/compile/preview.ts) in process: a node (or node selector
// group) whose configurations do not merge, or whose frr.conf does not
// render, gets no preview and one warning naming the node or group, the
// object and the field; the others still get theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { previews } from '../../src/compile/preview.ts';
import { noSecrets, secretsFrom } from '../../src/frr/index.ts';

const NS = 'frr-k8s-system';

function config(name: string, neighbor: Record<string, unknown>, nodeSelector?: unknown, namespace = NS): KubeObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { bgp: { routers: [{ asn: 64512, neighbors: [{ address: '10.0.0.1', asn: 65000, ...neighbor }] }] }, ...(nodeSelector !== undefined ? { nodeSelector } : {}) },
  };
}

const CONFLICT = `FRRConfiguration ${NS}/b spec.bgp.routers[0].neighbors[0].asn: neighbor 10.0.0.1: conflicting asn: 65001 here, 65000 in FRRConfiguration ${NS}/a spec.bgp.routers[0].neighbors[0].asn; merged neighbors must agree`;

test('configurations that do not merge: no preview for that node, a warning naming the node, the object and the field; other nodes get theirs', () => {
  const configs = [config('a', {}), config('b', { asn: 65001 }, { matchLabels: { rack: 'r1' } })];
  const r = previews(configs, [{ name: 'n1', labels: { rack: 'r1' } }, { name: 'n2', labels: { rack: 'r2' } }], noSecrets);
  assert.deepEqual(r.diagnostics, [{ severity: 'warning', message: `no preview for node n1: ${CONFLICT}` }]);
  assert.deepEqual(r.objects.map((o) => o.metadata?.name), ['n2']);
  assert.deepEqual(r.objects[0].sources, [`${NS}/a`]);
});

test('the warning gives the first error, not a warning before it', () => {
  const a = config('a', {});
  (a.spec as Record<string, unknown>).raw = { rawConfig: 'router bgp 64512\n coalesce-time 1000\n' };
  const r = previews([a, config('b', { asn: 65001 })], [{ name: 'n1', labels: {} }], noSecrets);
  assert.deepEqual(r.diagnostics, [{ severity: 'warning', message: `no preview for node n1: ${CONFLICT}` }]);
});

test('without nodes: the warning names the node selector group', () => {
  const r = previews([config('a', {}), config('b', { asn: 65001 })], undefined, noSecrets);
  assert.deepEqual(r.diagnostics, [{ severity: 'warning', message: `no preview for node selector group all-nodes: ${CONFLICT}` }]);
  assert.deepEqual(r.objects, []);
});

test('a node selector that cannot be evaluated: the warning names the object and the field', () => {
  const r = previews([config('a', {}, 'rack=r1')], [{ name: 'n1', labels: {} }], noSecrets);
  assert.deepEqual(r.diagnostics, [{ severity: 'warning', message: `no preview for node n1: FRRConfiguration ${NS}/a spec.nodeSelector: must be of type object; the selector cannot be evaluated for node n1` }]);
  assert.deepEqual(r.objects, []);
});

test('an frr.conf that does not render (an unknown log level): no preview, a warning with the reason', () => {
  const r = previews([config('a', {})], [{ name: 'n1', labels: {} }], noSecrets, { logLevel: 'loud' });
  assert.equal(r.diagnostics.length, 1);
  assert.match(r.diagnostics[0].message, /^no preview for node n1: unknown log level "loud" \(want one of /);
  assert.equal(r.diagnostics[0].severity, 'warning');
  assert.deepEqual(r.objects, []);
  // Warnings of the render are not a reason to leave a node out.
  const ok = previews([config('a', { passwordSecret: { name: 'gone', namespace: NS } })], [{ name: 'n1', labels: {} }], noSecrets);
  assert.deepEqual(ok.objects.map((o) => o.metadata?.name), ['n1']);
});

test('a Secret without the password key: no preview for the nodes it reaches, the warning naming the object and field that use it', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/basic-auth', metadata: { name: 'pw', namespace: NS }, data: {} };
  const configs = [config('a', { passwordSecret: { name: 'pw', namespace: NS } }, { matchLabels: { rack: 'r1' } }), config('c', { address: '10.0.0.9' })];
  const r = previews(configs, [{ name: 'n1', labels: { rack: 'r1' } }, { name: 'n2', labels: {} }], secretsFrom([secret]));
  assert.equal(r.diagnostics.length, 1);
  // The object and field that ask for the Secret, as every warning names them.
  assert.equal(r.diagnostics[0].message, `no preview for node n1: FRRConfiguration ${NS}/a spec.bgp.routers[0].neighbors[0].passwordSecret: neighbor 10.0.0.1: Secret frr-k8s-system/pw has no "password" key`);
  assert.deepEqual(r.objects.map((o) => o.metadata?.name), ['n2']);
});

test('sources: a configuration without a namespace is listed by its name', () => {
  const r = previews([config('a', {}, undefined, '')], undefined, noSecrets);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.objects[0].sources, ['a']);
});

test("two nodes whose configurations merge to the same content: each node's frr.conf names its own configurations", () => {
  const configs = [config('c-n1', {}, { matchLabels: { 'kubernetes.io/hostname': 'n1' } }), config('c-n2', {}, { matchLabels: { 'kubernetes.io/hostname': 'n2' } })];
  const nodes = ['n1', 'n2'].map((name) => ({ name, labels: { 'kubernetes.io/hostname': name } }));
  const r = previews(configs, nodes, noSecrets);
  assert.deepEqual(r.diagnostics, []);
  for (const name of ['n1', 'n2']) {
    const p = r.objects.find((o) => o.metadata?.name === name)!;
    assert.deepEqual(p.sources, [`${NS}/c-${name}`]);
    assert.match(String(p.frrConf), new RegExp(`^! From FRRConfigurations: ${NS}/c-${name}$`, 'm'));
  }
});
