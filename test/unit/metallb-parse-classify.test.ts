// How the metallb stage sorts its input (src/metallb/parse.ts classify), in
// process: which objects it reads (by group AND kind: a kind of the same name
// in another API group is someone else's), which it checks for duplicates,
// where MetalLB's bgpextras ConfigMap is recognised, and what happens to a
// MetalLB resource it does not read. Whole lines are asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { NS, namespace, node, peer, pool, run, service } from './metallb-fixtures.ts';

const lines = (objs: KubeObject[], opts: Parameters<typeof run>[1] = {}) => run(objs, opts).diags.list.map((d) => formatDiagnostic(d));
const obj = (apiVersion: string, kind: string, name: string, ns?: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion, kind, metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) }, ...extra });
const twice = (o: KubeObject) => [o, structuredClone(o)];

test('objects the function reads are each allowed once: a second one is an error naming it', () => {
  const cases: Array<[KubeObject, string]> = [
    [obj('frrk8s.metallb.io/v1beta1', 'FRRConfiguration', 'custom', 'frr-k8s-system', { spec: {} }), 'FRRConfiguration frr-k8s-system/custom'],
    [obj('v1', 'Secret', 'bgp', NS, { stringData: { password: 'x' } }), `Secret ${NS}/bgp`],
    [obj('v1', 'Namespace', 'web'), 'Namespace web'],
    [obj('v1', 'Node', 'n1'), 'Node n1'],
    [obj('v1', 'Service', 'web', 'default', { spec: { type: 'ClusterIP' } }), 'Service default/web'],
    [obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-x', 'default', { endpoints: [] }), 'EndpointSlice default/web-x'],
  ];
  for (const [o, named] of cases) {
    assert.deepEqual(lines(twice(o)), [`error: ${named} metadata.name: ${named} appears twice in the input`], named);
  }
});

test('objects the function does not read are passed on untouched: twice the same, or with a label no selector could match, is not its business', () => {
  const others = [
    obj('apps/v1', 'Deployment', 'web', 'default'),
    obj('v1', 'ConfigMap', 'settings', NS),
    // Kinds the function reads, in another API group (Knative's Service, say), and other kinds of the groups it reads.
    obj('serving.knative.dev/v1', 'Service', 'web', 'default', { spec: { type: 'LoadBalancer' } }),
    obj('example.com/v1', 'Node', 'n1'),
    obj('example.com/v1', 'FRRConfiguration', 'custom', 'frr-k8s-system', { spec: { bgp: 3 } }),
    obj('frrk8s.metallb.io/v1beta1', 'FRRNodeState', 'n1', undefined, { spec: {} }),
    obj('example.com/v1', 'EndpointSlice', 'web-x', 'default'),
    obj('discovery.k8s.io/v1', 'EndpointSliceMirror', 'web-x', 'default'),
  ];
  for (const o of others) {
    assert.deepEqual(lines([...twice(o), { ...o, metadata: { ...o.metadata, name: 'labelled', labels: { rack: 1 } } } as unknown as KubeObject]), [], `${o.apiVersion} ${o.kind}`);
  }
});

test('only FRRConfigurations of frr-k8s\'s group are read as hand-written configurations', () => {
  const read = (o: KubeObject) => {
    const r = run([o]);
    assert.deepEqual(r.diags.list.map((d) => formatDiagnostic(d)), []);
    return r.model?.frrConfigurations.map((c) => c.metadata?.name);
  };
  assert.deepEqual(read(obj('frrk8s.metallb.io/v1beta1', 'FRRConfiguration', 'custom', 'frr-k8s-system', { spec: {} })), ['custom']);
  assert.deepEqual(read(obj('frrk8s.metallb.io/v1beta1', 'FRRNodeState', 'n1', undefined, { spec: {} })), []);
  assert.deepEqual(read(obj('example.com/v1', 'FRRConfiguration', 'custom', 'frr-k8s-system', { spec: {} })), []);
});

test('a Service without a namespace is in "default": it and one of the same name in the MetalLB namespace are two services', () => {
  // (Only MetalLB's own kinds are taken as in the MetalLB namespace when they have none.)
  assert.deepEqual(lines([obj('v1', 'Service', 'web'), obj('v1', 'Service', 'web', NS)]), []);
  assert.deepEqual(lines([obj('v1', 'Service', 'web', 'default'), obj('v1', 'Service', 'web', NS)]), []);
  // A MetalLB resource without one is the same as one in it.
  const p = pool('a', ['192.0.2.0/28']);
  const bare = { ...p, metadata: { name: 'a' } };
  assert.deepEqual(lines([p, bare]), [`error: IPAddressPool a metadata.name: IPAddressPool a appears twice in the input`]);
});

test('only EndpointSlices tell where a service\'s endpoints are: other objects with the service-name label are not counted', () => {
  const endpoints = { labels: { 'kubernetes.io/service-name': 'web' } };
  const like = (apiVersion: string, kind: string): KubeObject => ({
    apiVersion,
    kind,
    metadata: { name: 'web-x', namespace: 'default', ...endpoints },
    endpoints: [{ addresses: ['10.244.0.1'], nodeName: 'n1' }],
  });
  const readyNodes = (extra: KubeObject) => {
    const r = run([node('n1'), pool('a', ['192.0.2.0/28']), service('web', { ips: ['192.0.2.1'], policy: 'Local' }), extra]);
    assert.ok(r.model, r.diags.list.map((d) => formatDiagnostic(d)).join('\n'));
    const s = r.model.services[0].readyNodes;
    return s && [...s];
  };
  assert.deepEqual(readyNodes(like('discovery.k8s.io/v1', 'EndpointSlice')), ['n1']);
  for (const [apiVersion, kind] of [['v1', 'ConfigMap'], ['example.com/v1', 'EndpointSlice'], ['discovery.k8s.io/v1', 'EndpointSliceMirror']]) {
    assert.equal(readyNodes(like(apiVersion, kind)), undefined, `${apiVersion} ${kind}`);
  }
});

test('only Namespace objects give a namespace its labels (for a pool\'s namespaceSelectors): an object of another kind named like it does not', () => {
  const p = pool('a', ['192.0.2.0/28'], { serviceAllocation: { namespaceSelectors: [{ matchLabels: { team: 'web' } }] } });
  const r = run([p, namespace('shop', { team: 'web' }), namespace('web', { team: 'web' }), obj('v1', 'ConfigMap', 'shop', 'shop', { metadata: { name: 'shop', namespace: 'shop', labels: { team: 'db' } } }), service('web', { namespace: 'shop', annotation: '192.0.2.1' })], { advertise: 'services' });
  assert.deepEqual(r.diags.list.map((d) => formatDiagnostic(d)), ['info: Service shop/web spec.externalTrafficPolicy: no EndpointSlice for this service in the input: assuming it has ready endpoints (externalTrafficPolicy Cluster)']);
  assert.equal(r.model?.services[0].pool, 'a');
});

test('a MetalLB resource in another namespace with otherNamespaces: ignore is left out, with an info saying why', () => {
  const r = run([pool('a', ['192.0.2.0/28']), { ...pool('b', ['192.0.2.16/28']), metadata: { name: 'b', namespace: 'lb' } }], { otherNamespaces: 'ignore' });
  assert.deepEqual(r.diags.list.map((d) => formatDiagnostic(d)), [`info: IPAddressPool lb/b metadata.namespace: ignored (otherNamespaces: ignore): MetalLB reads its configuration only from namespace "${NS}"`]);
  assert.deepEqual(r.model?.pools.map((p) => p.name), ['a']);
});

test('a MetalLB kind the function does not read: one info listing the kinds it reads', () => {
  assert.deepEqual(lines([obj('metallb.io/v1beta1', 'ServiceL2Status', 'l2-web', NS)]), [
    `info: ServiceL2Status ${NS}/l2-web kind: passed through untouched: the function does not read MetalLB kind "ServiceL2Status" (it reads IPAddressPool, BGPPeer, BGPAdvertisement, L2Advertisement, Community, BFDProfile)`,
  ]);
});

test('a label value that is null is text left unquoted: the hint says to quote it', () => {
  const n = { ...node('n1'), metadata: { name: 'n1', labels: { rack: null } } } as unknown as KubeObject;
  assert.deepEqual(lines([n]), ['error: Node n1 metadata.labels["rack"]: must be a string (quote it in YAML: "null")']);
});

test('a MetalLB resource of a version the function does not know: one error, its content not checked further', () => {
  const old = { ...pool('a', []), apiVersion: 'metallb.io/v1alpha1' };
  assert.deepEqual(lines([old]), [`error: IPAddressPool ${NS}/a apiVersion: unsupported version "metallb.io/v1alpha1" of IPAddressPool`]);
});

const EXTRAS = `error: ConfigMap ${NS}/bgpextras data.extras: raw FRR configuration in the bgpextras ConfigMap is not supported with frr-k8s: write it as a hand-written FRRConfiguration (spec.raw) instead`;

test('MetalLB\'s bgpextras ConfigMap: refused when it holds raw FRR configuration; only that ConfigMap, in the MetalLB namespace, is it', () => {
  const extras = (apiVersion: string, kind: string, ns: string, text = 'router bgp 64512\n'): KubeObject => obj(apiVersion, kind, 'bgpextras', ns, { data: { extras: text } });
  assert.deepEqual(lines([extras('v1', 'ConfigMap', NS)]), [EXTRAS]);
  assert.deepEqual(lines([extras('v1', 'ConfigMap', NS, '')]), [], 'empty: nothing to refuse');
  assert.deepEqual(lines([extras('v1', 'ConfigMap', 'other')]), [], 'another namespace: MetalLB does not read it');
  assert.deepEqual(lines([extras('example.com/v1', 'ConfigMap', NS)]), [], 'another group');
  assert.deepEqual(lines([extras('v1', 'Secret', NS)]), [], 'another kind');
});

test('a peer whose password Secret is named bgpextras finds it (a Secret of that name is no bgpextras ConfigMap), with MetalLB and frr-k8s in one namespace', () => {
  const p = peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', passwordSecret: { name: 'bgpextras', namespace: NS } });
  const s = obj('v1', 'Secret', 'bgpextras', NS, { type: 'kubernetes.io/basic-auth', stringData: { password: 'pw' } });
  const r = run([p, s, pool('a', ['192.0.2.0/28'])], { frrk8sNamespace: NS });
  assert.deepEqual(r.diags.list.map((d) => formatDiagnostic(d)), []);
});
