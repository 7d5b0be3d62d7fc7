// What is taken for MetalLB's pre-0.13 configuration (src/metallb/legacy.ts
// isLegacyConfigMap, isLegacyData), in process: by build, a v1 ConfigMap whose
// data.config has a top-level peers/address-pools/bgp-communities/bfd-profiles
// key (refused: MetalLB no longer reads it); by convert-configmap, a document
// without apiVersion or kind holding one of those keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { convertLegacyText } from '../../src/compile/legacy-convert.ts';
import { NS, run } from './metallb-fixtures.ts';

const lines = (objs: KubeObject[]) => run(objs).diags.list.map((d) => formatDiagnostic(d));
const holding = (apiVersion: string, kind: string, config: string): KubeObject => ({ apiVersion, kind, metadata: { name: 'config', namespace: NS }, data: { config } });
const REFUSED = `error: ConfigMap ${NS}/config data.config: MetalLB's pre-0.13 ConfigMap configuration (data.config with peers/address-pools), which MetalLB 0.13 and later no longer read and this build does not either: convert it into MetalLB resources with "metallb-frr convert-configmap FILE" (as MetalLB's configmaptocrs does), commit those, and remove the ConfigMap`;

test('build: a v1 ConfigMap whose data.config starts a line with one of the four keys is refused, whole line', () => {
  for (const key of ['peers', 'address-pools', 'bgp-communities', 'bfd-profiles']) {
    assert.deepEqual(lines([holding('v1', 'ConfigMap', `# MetalLB\n${key} :\n`)]), [REFUSED], key);
  }
});

test('build: a key that only ends in one of them, or another kind or API group holding such a data.config, is not MetalLB\'s ConfigMap', () => {
  assert.deepEqual(lines([holding('v1', 'ConfigMap', 'my-peers: 3\nextra-address-pools: []\n')]), []);
  assert.deepEqual(lines([holding('v1', 'Secret', 'peers:\n- peer-address: 10.0.0.1\n')]), []);
  assert.deepEqual(lines([holding('example.com/v1', 'ConfigMap', 'peers:\n- peer-address: 10.0.0.1\n')]), []);
});

const NOT_IT = `error: in.yaml: expected MetalLB's pre-0.13 ConfigMap (data.config with peers/address-pools) or its data.config alone`;
const convert = (text: string) => {
  const r = convertLegacyText(text, 'in.yaml');
  return { lines: r.lines, kinds: r.objects?.map((o) => `${o.kind} ${o.metadata?.name}`) };
};

test('convert-configmap: a document with an apiVersion or a kind (in any case) is a Kubernetes object, not data.config, even with a peers key', () => {
  for (const doc of ['apiVersion: v1\npeers: []\n', 'APIVersion: v1\npeers: []\n', 'kind: Peers\npeers: []\n', 'Kind: Peers\npeers: []\n', 'listen: 80\n']) {
    assert.deepEqual(convert(doc), { lines: [NOT_IT], kinds: undefined }, doc);
  }
});

test('convert-configmap: data.config alone may hold any one of the four keys, and other keys beside them (warned about)', () => {
  assert.deepEqual(convert('bfd-profiles:\n- name: fast\n'), { lines: [], kinds: ['BFDProfile fast'] });
  assert.deepEqual(convert('bgp-communities: {a: "65000:1"}\nlisten: 80\n'), {
    lines: ['warning: in.yaml listen: unknown key "listen": ignored, as MetalLB\'s converter ignores it (known: peers, bgp-communities, address-pools, bfd-profiles)'],
    kinds: ['Community communities'],
  });
});
