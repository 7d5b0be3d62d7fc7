// functionConfig preview: each node's (or node selector group's) merged
// frr.conf as a local-config object under generated/preview/, passwords
// redacted; never in `build` output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import { renderNode, secretsFrom } from '../../src/frr/index.ts';

const INLINE = 'inline-pw-7f3a';
const IN_SECRET = 'secret-pw-9c1e';
const RAW = 'raw-pw-4b2d';

const objects = (withNodes: boolean) => `
- apiVersion: metallb.io/v1beta1
  kind: IPAddressPool
  metadata: {name: pool, namespace: metallb-system}
  spec: {addresses: [192.0.2.0/28]}
- apiVersion: metallb.io/v1beta2
  kind: BGPPeer
  metadata: {name: inline, namespace: metallb-system}
  spec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1, password: ${INLINE}}
- apiVersion: metallb.io/v1beta2
  kind: BGPPeer
  metadata: {name: from-secret, namespace: metallb-system}
  spec: {myASN: 64512, peerASN: 65001, peerAddress: 10.0.0.2, passwordSecret: {name: bgp-auth}, nodeSelectors: [{matchLabels: {rack: r1}}]}
- apiVersion: v1
  kind: Secret
  metadata: {name: bgp-auth, namespace: frr-k8s-system}
  type: kubernetes.io/basic-auth
  data: {password: ${Buffer.from(IN_SECRET).toString('base64')}}
- apiVersion: metallb.io/v1beta1
  kind: BGPAdvertisement
  metadata: {name: all, namespace: metallb-system}
- apiVersion: frrk8s.metallb.io/v1beta1
  kind: FRRConfiguration
  metadata: {name: raw, namespace: frr-k8s-system}
  spec:
    raw:
      rawConfig: |
        line vty
         password ${RAW}
${withNodes ? `- {apiVersion: v1, kind: Node, metadata: {name: n1, labels: {rack: r1}}}\n- {apiVersion: v1, kind: Node, metadata: {name: n2, labels: {rack: r2}}}\n` : ''}`;

const list = (items: string, fc: string) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${items}functionConfig:\n${fc}`;
const TYPED = '  apiVersion: fn.metallb-frr.dev/v1alpha1\n  kind: MetalLBFRR\n  metadata: {name: c}\n  spec: {preview: true, manifests: {enabled: false}}\n';

function previewsOf(stdout: string) {
  const rl = parseAllDocuments(stdout)[0].toJS();
  return (rl.items as Array<Record<string, any>>).filter((o) => o.kind === 'FRRPreview');
}

test('with Nodes: one preview per node, the frr.conf the agent renders, at generated/preview/<node>.yaml, local config', () => {
  const r = runFunction(list(objects(true), TYPED));
  assert.equal(r.code, 0, r.stderr);
  const ps = previewsOf(r.stdout);
  assert.deepEqual(ps.map((p) => [p.metadata.name, p.node, p.metadata.annotations['config.kubernetes.io/path'], p.metadata.annotations['config.kubernetes.io/local-config']]), [
    ['n1', 'n1', 'generated/preview/n1.yaml', 'true'],
    ['n2', 'n2', 'generated/preview/n2.yaml', 'true'],
  ]);
  assert.deepEqual(ps[0].sources, ['frr-k8s-system/metallb-n1', 'frr-k8s-system/raw']);
  // The same text as the render command gives for the generated configurations, redacted.
  const rl = parseAllDocuments(r.stdout)[0].toJS();
  const items = rl.items as any[];
  const configs = items.filter((o) => o.kind === 'FRRConfiguration');
  const expected = renderNode(configs, { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', rack: 'r1' } }, secretsFrom(items), { redactPasswords: true });
  assert.equal(ps[0].frrConf, expected.text);
  assert.match(ps[0].frrConf, /neighbor 10\.0\.0\.2 password <redacted>/);
  assert.doesNotMatch(ps[1].frrConf, /10\.0\.0\.2/, 'n2 is not in rack r1');
});

test('no password or Secret value in any preview, in any form', () => {
  for (const withNodes of [true, false]) {
    const r = runFunction(list(objects(withNodes), TYPED));
    assert.equal(r.code, 0, r.stderr);
    const ps = previewsOf(r.stdout);
    assert.ok(ps.length > 0);
    const text = JSON.stringify(ps);
    for (const s of [INLINE, IN_SECRET, RAW, Buffer.from(IN_SECRET).toString('base64')]) assert.ok(!text.includes(s), `a preview holds ${s}`);
    assert.match(text, /password <redacted>/);
    assert.ok(!r.stderr.includes(IN_SECRET));
  }
});

test('without Nodes: one preview per node selector group; ConfigMap key preview', () => {
  const cm = '  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {preview: "true", manifests: "false"}\n';
  const r = runFunction(list(objects(false), cm));
  assert.equal(r.code, 0, r.stderr);
  const ps = previewsOf(r.stdout);
  assert.deepEqual(ps.map((p) => [p.metadata.name, JSON.stringify(p.nodeSelector), p.metadata.annotations['config.kubernetes.io/path']]), [
    ['all-nodes', '{}', 'generated/preview/all-nodes.yaml'],
    ['rack-r1', '{"matchLabels":{"rack":"r1"}}', 'generated/preview/rack-r1.yaml'],
  ]);
  const bad = runFunction(list(objects(false), cm.replace('preview: "true"', 'preview: "yes"')));
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ConfigMap c data\.preview: must be "true" or "false", not "yes"/);
});

test('default off; rerunning on the output changes nothing; build never prints a preview', () => {
  assert.equal(previewsOf(runFunction(list(objects(true), TYPED.replace('preview: true, ', ''))).stdout).length, 0);
  const once = runFunction(list(objects(true), TYPED));
  const again = runFunction(once.stdout);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, once.stdout);
  const items = objects(true).replace(/^- /gm, '---\n').replace(/^  /gm, '');
  const b = runBuild(['-'], () => `${items}\n---\napiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {preview: true}\n`, {});
  assert.equal(b.code, 0, b.stderr);
  assert.ok(!b.stdout.includes('FRRPreview'));
  assert.match(b.stdout, /kind: FRRConfiguration/);
});
