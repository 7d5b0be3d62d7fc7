// The KRM function end to end, in-process: ResourceList in, ResourceList out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runFunction } from '../../fn/function.ts';
import { expectGolden } from '../lib/golden.ts';
import { resourceListFromDir, ROOT } from '../lib/fixtures.ts';

const SEED = join(ROOT, 'examples', 'seed');
const seedList = () => resourceListFromDir(SEED, 'fn-config.yaml');

interface Out {
  items: Array<{ kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec?: unknown }>;
  results?: Array<{ severity: string; message: string; resourceRef?: Record<string, string>; field?: { path: string }; file?: { path: string } }>;
}

test('seed: the generated FRRConfiguration is exactly the walkthrough one, the inputs pass through', () => {
  const input = seedList();
  const r = runFunction(input);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  expectGolden(join(ROOT, 'test/golden/fn/seed.out.yaml'), r.stdout);
  const out = parse(r.stdout) as Out;
  const all = out.items.filter((i) => i.metadata.annotations?.['metallb-frr.dev/generated'] === 'true');
  // The manifests come first, in install order (test/unit/manifests-*.test.ts has them in detail).
  assert.deepEqual(all.map((g) => g.kind), ['Namespace', 'CustomResourceDefinition', 'CustomResourceDefinition', 'CustomResourceDefinition', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ConfigMap', 'ConfigMap', 'DaemonSet', 'FRRConfiguration']);
  const gen = all.filter((i) => i.kind === 'FRRConfiguration');
  assert.deepEqual(gen.map((g) => `${g.kind} ${g.metadata.namespace}/${g.metadata.name}`), ['FRRConfiguration frr-k8s-system/metallb-tor-switch']);
  assert.deepEqual(gen[0].spec, {
    nodeSelector: {},
    bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65000, port: 179, toAdvertise: { allowed: { prefixes: ['10.200.0.0/24'] } } }], prefixes: ['10.200.0.0/24'] }] },
  });
  assert.equal(gen[0].metadata.annotations?.['config.kubernetes.io/path'], 'generated/frrconfiguration_metallb-tor-switch.yaml');
  assert.equal(gen[0].metadata.annotations?.['internal.config.kubernetes.io/path'], 'generated/frrconfiguration_metallb-tor-switch.yaml');
  assert.equal(gen[0].metadata.labels?.['app.kubernetes.io/managed-by'], 'metallb-frr');
  // Every input item is in the output, in input order, byte for byte.
  const inputItems = (parse(input) as Out).items;
  assert.deepEqual(out.items.slice(0, inputItems.length), inputItems);
  assert.match(r.stdout, /# Hand-written FRR-K8s configuration, merged by frr-k8s with the generated one\./);
});

test('running on its own output changes nothing, and output is deterministic', () => {
  const first = runFunction(seedList());
  const second = runFunction(first.stdout);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(runFunction(seedList()).stdout, first.stdout);
});

test('JSON input gives the same items', () => {
  const yamlOut = parse(runFunction(seedList()).stdout) as Out;
  const jsonOut = runFunction(JSON.stringify(parse(seedList())));
  assert.equal(jsonOut.code, 0, jsonOut.stderr);
  assert.deepEqual((parse(jsonOut.stdout) as Out).items, yamlOut.items);
});

test('an error: exit 1, one stderr line per problem, results with object, field and file, no generated item', () => {
  const bad = seedList().replace('peerASN: 65000', 'peerASN: 99999999999').replace('aggregationLength: 32', 'aggregationLength: 33');
  const r = runFunction(bad);
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines, [
    'error: BGPPeer metallb-system/tor-switch (bgp-peer.yaml) spec.peerASN: must be <= 4294967295',
    'error: BGPAdvertisement metallb-system/frr-k8s-advert (bgp-advertisement.yaml) spec.aggregationLength: invalid aggregation length 33 for IPv4: at most 32',
  ]);
  const out = parse(r.stdout) as Out;
  assert.ok(!out.items.some((i) => i.metadata.annotations?.['metallb-frr.dev/generated']));
  const res = out.results?.find((x) => x.field?.path === 'spec.peerASN');
  assert.deepEqual(res, {
    message: 'must be <= 4294967295',
    severity: 'error',
    resourceRef: { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', name: 'tor-switch', namespace: 'metallb-system' },
    field: { path: 'spec.peerASN' },
    file: { path: 'bgp-peer.yaml', index: 0 },
  });
});

test('garbage, non-ResourceLists and empty input: one clear line each, no stack trace', () => {
  for (const [input, msg] of [
    ['', 'error: no input: expected a config.kubernetes.io/v1 ResourceList on stdin'],
    ['{{{', 'error: input is not valid JSON'],
    ['\x00\x01binary', 'error: input is a string'],
    ['%YAML 9.9\n---\n[', 'error: input is not valid YAML'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n', 'error: input is v1 Pod, not a config.kubernetes.io/v1 ResourceList'],
  ] as const) {
    const r = runFunction(input);
    assert.equal(r.code, 1, input);
    assert.ok(r.stderr.startsWith(msg), `${JSON.stringify(input)} → ${r.stderr}`);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('unknown fields in a MetalLB resource are errors naming the field', () => {
  const r = runFunction(seedList().replace('peerAddress: 10.0.0.1\n', 'peerAddress: 10.0.0.1\n    peerAdress: 10.0.0.2\n'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /BGPPeer metallb-system\/tor-switch \(bgp-peer\.yaml\) spec\.peerAdress: unknown field "peerAdress"/);
});

test('functionConfig: typed, ConfigMap shorthand, unknown keys and bad values', () => {
  const base = resourceListFromDir(SEED);
  const withFc = (fc: string) => `${base}functionConfig:\n${fc}`;
  const cm = (data: string) => withFc(`  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data:\n${data}`);
  assert.equal(runFunction(cm('    advertise: services\n    frrk8sNamespace: frr\n')).code, 0);
  const moved = parse(runFunction(cm('    frrk8sNamespace: frr\n')).stdout) as Out;
  assert.ok(moved.items.some((i) => i.metadata.name === 'metallb-tor-switch' && i.metadata.namespace === 'frr'));
  let r = runFunction(cm('    advertize: services\n'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ConfigMap fn data\.advertize: unknown key "advertize" \(known: metallbNamespace, frrk8sNamespace, advertise, otherNamespaces, allowEmpty, allowDefaultRoute, metallbResources, preview, maxObjectSize, manifests, frrImage, agentImage\)/);
  r = runFunction(cm('    allowEmpty: "yes"\n    otherNamespaces: skip\n'));
  assert.match(r.stderr, /ConfigMap fn data\.allowEmpty: must be "true" or "false", not "yes"/);
  assert.match(r.stderr, /ConfigMap fn data\.otherNamespaces: must be one of "error", "ignore"/);
  r = runFunction(cm('    advertise: everything\n'));
  assert.match(r.stderr, /ConfigMap fn data\.advertise: must be one of "pools", "services"/);
  // A value the schema refuses does not hide the problems of the other keys.
  r = runFunction(cm('    advertise: everything\n    frrk8sNamespace: Bad_NS\n    frrImage: "not an image"\n'));
  assert.deepEqual(r.stderr.trim().split('\n'), [
    'error: ConfigMap fn data.advertise: must be one of "pools", "services"',
    'error: ConfigMap fn data.frrImage: "not an image" is not an image reference (registry/name:tag or @sha256:digest)',
    'error: ConfigMap fn data.frrk8sNamespace: "Bad_NS" is not a valid namespace name',
  ]);
  // data that is not a map was taken as no data at all (a number) or as keys "0", "1", ... (a string).
  for (const data of ['5', 'abc', '[advertise]']) {
    r = runFunction(withFc(`  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data: ${data}\n`));
    assert.equal(r.code, 1, data);
    assert.equal(r.stderr, 'error: ConfigMap fn data: must be a map of keys to strings\n', data);
  }
  r = runFunction(withFc('  apiVersion: fn.metallb-frr.dev/v1alpha1\n  kind: MetalLBFRR\n  metadata: {name: fn}\n  spec: {metallbNamespace: Bad_NS}\n'));
  assert.match(r.stderr, /MetalLBFRR fn spec\.metallbNamespace: "Bad_NS" is not a valid namespace name/);
  r = runFunction(withFc('  apiVersion: fn.metallb-frr.dev/v1alpha1\n  kind: MetalLBFRR\n  metadata: {name: fn}\n  spec: {mode: x}\n'));
  assert.match(r.stderr, /MetalLBFRR fn spec\.mode: unknown field "mode"/);
  r = runFunction(withFc('  apiVersion: example.com/v1\n  kind: Other\n  metadata: {name: fn}\n'));
  assert.match(r.stderr, /unsupported functionConfig example\.com\/v1 Other/);
});

test('a hand-written FRRConfiguration that conflicts with the generated one is an error naming both', () => {
  const r = runFunction(seedList().replace('        asn: 65000\n', '        asn: 65099\n'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /custom-config/);
  assert.match(r.stderr, /metallb-tor-switch/);
});

test('a hand-written FRRConfiguration whose node selector cannot be evaluated is an error', () => {
  const r = runFunction(seedList().replace('  spec:\n    bgp:\n', '  spec:\n    nodeSelector: {matchExpressions: [{key: rack, operator: Near}]}\n    bgp:\n'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: FRRConfiguration frr-k8s-system\/custom-config \(custom-frr-config\.yaml\) spec\.nodeSelector\.matchExpressions\[0\]\.operator: unknown operator "Near"/m);
});

test('a Secret value never reaches stdout or stderr', () => {
  const input = seedList()
    .replace('peerAddress: 10.0.0.1\n', 'peerAddress: 10.0.0.1\n    passwordSecret: {name: bgp-auth}\n')
    .replace(
      'functionConfig:',
      '- apiVersion: v1\n  kind: Secret\n  metadata: {name: bgp-auth, namespace: frr-k8s-system}\n  type: Opaque\n  stringData: {password: TOP-SECRET-VALUE}\nfunctionConfig:',
    );
  const r = runFunction(input);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /has type "Opaque"; a BGP password Secret must be of type kubernetes.io\/basic-auth/);
  // The input Secret passes through as an item, as kpt requires; nothing else may carry the value.
  assert.equal(r.stdout.split('TOP-SECRET-VALUE').length - 1, 1);
  assert.doesNotMatch(r.stderr, /TOP-SECRET-VALUE/);
});
