// What the function's preview shows (src/compile/generate.ts previewsOf):
// the configurations the nodes will run, hand-written ones included. One
// without a namespace is taken as in frrk8sNamespace, as the checks take it
// (kubectl apply -n or kustomize's namespace put it there), and so is a
// Secret without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { generate } from '../../src/compile/generate.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const PEER: KubeObject = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' } };
const POOL: KubeObject = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'a', namespace: 'metallb-system' }, spec: { addresses: ['192.0.2.0/28'] } };
const handWritten = (namespace?: string): KubeObject => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'extra', ...(namespace !== undefined ? { namespace } : {}) },
  spec: { bgp: { routers: [{ asn: 64512, neighbors: [{ address: '10.9.9.9', asn: 65009, passwordSecret: { name: 'pw' } }] }] } },
});
const secret = (namespace?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/basic-auth', metadata: { name: 'pw', ...(namespace !== undefined ? { namespace } : {}) }, stringData: { password: 'not-in-any-preview' } });

function previews(objs: KubeObject[]): { previews: Array<{ sources: string[]; frrConf: string }>; lines: string[] } {
  const cfg = { ...defaultConfig(), preview: true };
  cfg.manifests.enabled = false;
  const d = new Diagnostics();
  const g = generate(objs, cfg, d);
  assert.ok(g, d.list.map((x) => formatDiagnostic(x)).join('\n'));
  return { previews: g.objects.filter((o) => o.kind === 'FRRPreview') as never, lines: d.list.map((x) => formatDiagnostic(x)) };
}

test('a hand-written configuration in frrk8sNamespace is in the preview, its Secret found', () => {
  const r = previews([PEER, POOL, handWritten('frr-k8s-system'), secret('frr-k8s-system')]);
  assert.deepEqual(r.previews.map((p) => p.sources), [['frr-k8s-system/extra', 'frr-k8s-system/metallb-p']]);
  assert.match(r.previews[0].frrConf, /neighbor 10\.9\.9\.9 password <redacted>/);
  assert.ok(!JSON.stringify(r.previews).includes('not-in-any-preview'));
});

test('one without a namespace, and its Secret without one, are taken as in frrk8sNamespace, as the checks take them', () => {
  for (const secretNamespace of [undefined, 'frr-k8s-system']) {
    const r = previews([PEER, POOL, handWritten(), secret(secretNamespace)]);
    assert.deepEqual(r.previews.map((p) => p.sources), [['frr-k8s-system/extra', 'frr-k8s-system/metallb-p']], String(secretNamespace));
    assert.match(r.previews[0].frrConf, /neighbor 10\.9\.9\.9 password <redacted>/);
    assert.ok(!r.lines.some((l) => l.includes('no preview')), r.lines.join('\n'));
    // The Secret is the one read: without its password key, the build fails naming it.
    const broken = secret(secretNamespace);
    broken.stringData = { user: 'x' };
    const d = new Diagnostics();
    assert.equal(generate([PEER, POOL, handWritten(), broken], { ...defaultConfig(), preview: true }, d), undefined);
    assert.deepEqual(d.list.filter((x) => x.severity === 'error').map((x) => formatDiagnostic(x)), [
      'error: FRRConfiguration extra spec.bgp.routers[0].neighbors[0].passwordSecret: Secret frr-k8s-system/pw has no "password" key',
    ]);
  }
});

test('one in another namespace is not (frr-k8s does not read it), nor a Secret there', () => {
  const r = previews([PEER, POOL, handWritten('elsewhere')]);
  assert.deepEqual(r.previews.map((p) => p.sources), [['frr-k8s-system/metallb-p']]);
  // A Secret of that name elsewhere is not the one read (this one, without its key, would leave the node without a preview).
  const elsewhere = secret('elsewhere');
  elsewhere.stringData = { user: 'x' };
  const s = previews([PEER, POOL, handWritten('frr-k8s-system'), elsewhere]);
  assert.equal(s.previews.length, 1, s.lines.join('\n'));
});
