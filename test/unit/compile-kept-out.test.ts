// What reaches the cluster (src/compile/kept-out.ts, src/compile/build.ts),
// in process: local configuration never does, MetalLB's resources marked
// local-config are compiled all the same, and metallbResources: controller
// keeps the BGP kinds out (build drops them with an info; the KRM function,
// which cannot drop an input, wants them marked). test/unit/metallb-resources.test.ts
// runs the same through the binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { resourceListFromDir, ROOT } from '../lib/fixtures.ts';

const EXAMPLE = join(ROOT, 'examples', 'metallb-controller');
const noStdin = () => '';
const docs = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o?.kind);
const names = (objs: KubeObject[]) => objs.map((o) => `${o.kind}/${o.metadata?.name}`);

const LOCAL = { 'config.kubernetes.io/local-config': 'true' };
const PEER = `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1}\n`;
const POOL = `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: a, namespace: metallb-system}\nspec: {addresses: [192.0.2.0/28]}\n`;
const CONFIG = (spec: string) => `apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {manifests: {enabled: false}${spec}}\n`;
const marked = (text: string) => text.replace(/metadata: \{name: (\w+)(, namespace: [\w-]+)?\}/, (_m, name, ns) => `metadata: {name: ${name}${ns ?? ''}, annotations: ${JSON.stringify(LOCAL)}}`);
const build = (...texts: string[]) => runBuild(['-'], () => texts.join('---\n'), {});

test('a MetalLB resource marked local-config is compiled and not output; another local-config object is neither', () => {
  // A Node marked local-config is not read: the configuration stays the one for all nodes.
  const node = `apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n`;
  const r = build(marked(PEER), POOL, marked(node), CONFIG(''));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(names(docs(r.stdout)), ['IPAddressPool/a', 'FRRConfiguration/metallb-p']);
  // Not marked, the Node is read: one configuration per node.
  const withNode = build(PEER, POOL, node, CONFIG(''));
  assert.equal(withNode.code, 0, withNode.stderr);
  assert.deepEqual(names(docs(withNode.stdout)), ['BGPPeer/p', 'IPAddressPool/a', 'Node/n1', 'FRRConfiguration/metallb-n1']);
});

test('build with metallbResources: controller: each unmarked BGP kind left out with an info naming it; a marked one silently', () => {
  const r = build(PEER, POOL, marked(PEER.replace('name: p', 'name: q').replace('10.0.0.1', '10.0.0.2')), CONFIG(', metallbResources: controller'));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(names(docs(r.stdout)), ['IPAddressPool/a', 'FRRConfiguration/metallb-p', 'FRRConfiguration/metallb-q']);
  assert.deepEqual(r.stderr.split('\n').filter(Boolean), [
    'info: BGPPeer metallb-system/p (stdin (document 1)): left out of the output (metallbResources: controller): only the function reads it, and no MetalLB speaker or frr-k8s in the cluster can act on it',
  ]);
  // Every BGP kind: BFDProfile and Community too (IPAddressPool is the controller's).
  const bfd = `apiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata: {name: fast, namespace: metallb-system}\n`;
  const community = `apiVersion: metallb.io/v1beta1\nkind: Community\nmetadata: {name: c, namespace: metallb-system}\nspec: {communities: [{name: no-export, value: '65535:65281'}]}\n`;
  const kinds = build(marked(PEER), POOL, bfd, community, CONFIG(', metallbResources: controller'));
  assert.equal(kinds.code, 0, kinds.stderr);
  assert.deepEqual(names(docs(kinds.stdout)), ['IPAddressPool/a', 'FRRConfiguration/metallb-p']);
  assert.deepEqual(kinds.stderr.split('\n').filter(Boolean).map((l) => l.split(' (stdin')[0]), ['info: BFDProfile metallb-system/fast', 'info: Community metallb-system/c']);
  // Another group's kind of the same name (Calico's BGPPeer) is not MetalLB's: it reaches the cluster.
  const calico = `apiVersion: crd.projectcalico.org/v1\nkind: BGPPeer\nmetadata: {name: rack1-tor}\nspec: {peerIP: 192.0.2.1, asNumber: 64567}\n`;
  const withCalico = build(marked(PEER), POOL, calico, CONFIG(', metallbResources: controller'));
  assert.equal(withCalico.code, 0, withCalico.stderr);
  assert.equal(withCalico.stderr, '');
  assert.deepEqual(names(docs(withCalico.stdout)), ['IPAddressPool/a', 'BGPPeer/rack1-tor', 'FRRConfiguration/metallb-p']);
  // metallbResources: all: every BGP kind reaches the cluster, nothing said.
  const all = build(PEER, POOL, CONFIG(''));
  assert.equal(all.stderr, '');
  assert.deepEqual(names(docs(all.stdout)), ['BGPPeer/p', 'IPAddressPool/a', 'FRRConfiguration/metallb-p']);
});

test('KRM function with metallbResources: controller: an unmarked BGP kind is an error naming it and the annotation; marked ones pass', () => {
  const ok = runFunction(resourceListFromDir(EXAMPLE, 'fn-config.yaml'));
  assert.equal(ok.code, 0, ok.stderr);
  const plain = resourceListFromDir(EXAMPLE, 'fn-config.yaml').replace(/^( *)config\.kubernetes\.io\/local-config: "true"\n/gm, '');
  assert.notEqual(plain, resourceListFromDir(EXAMPLE, 'fn-config.yaml'));
  const r = runFunction(plain);
  assert.equal(r.code, 1);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.deepEqual(lines.map((l) => l.replace(/: metallbResources: controller keeps .*/, '')), [
    'error: BGPAdvertisement metallb-system/services (bgp-advertisement.yaml) metadata.annotations',
    'error: BGPPeer metallb-system/tor (bgp-peer.yaml) metadata.annotations',
  ]);
  // An earlier output's object (marked generated) is replaced, not kept: nothing to mark.
  const earlier = runFunction(plain.replace(/^(\s*)config\.kubernetes\.io\/path: ['"]?bgp-peer\.yaml['"]?$/m, (l, sp) => `${l}\n${sp}metallb-frr.dev/generated: "true"`));
  assert.deepEqual(earlier.stderr.split('\n').filter(Boolean).map((l) => l.split(' metadata.annotations')[0]), ['error: BGPAdvertisement metallb-system/services (bgp-advertisement.yaml)']);
  assert.match(lines[1], /metallbResources: controller keeps BGPPeers out of the cluster, and a KRM function cannot leave an input out \(kpt would delete its file\): annotate it config\.kubernetes\.io\/local-config: "true" \(kpt live apply and kustomize then leave it out; the function reads it all the same\), or use metallb-frr build, which leaves it out itself$/);
});

test('--strict with several warnings: the error counts them', () => {
  const stray = (name: string) => `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: ${name}, namespace: elsewhere}\nspec: {}\n`;
  const r = runBuild(['-', '--strict'], () => [PEER, POOL, stray('x'), stray('y')].join('---\n'), {});
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 3, r.stderr);
  assert.equal(lines[2], 'error: strict: the 2 warnings above fail the build (set strict to false to build anyway)');
});
