// The pod template's metallb-frr.dev/config-hash (src/compile/manifests.ts
// configHash): 16 hex digits for any ConfigMap data, each 32-bit half keeping
// its leading zeros, so two different data never print alike by running the
// halves together (e.g. "5dfeb4b" + "19274009" against "5dfeb4b1" + "9274009").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileManifests, configHash } from '../../src/compile/manifests.ts';
import { defaultConfig } from '../../src/compile/options.ts';

test('each half is 8 hex digits, zero-padded', () => {
  // Data whose first half hashes below 0x10000000, and data whose second does.
  assert.equal(configHash([{ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v27' } }]), '05dfeb4b19274009');
  assert.equal(configHash([{ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v0' } }]), '3fc259d60f4e0368');
});

test('the DaemonSet carries the hash of its two ConfigMaps\' data', () => {
  const objs = compileManifests('frr-k8s-system', defaultConfig().manifests);
  const maps = objs.filter((o) => o.kind === 'ConfigMap');
  assert.equal(maps.length, 2);
  const ds = objs.find((o) => o.kind === 'DaemonSet') as { spec: { template: { metadata: { annotations: Record<string, string> } } } } | undefined;
  assert.ok(ds);
  assert.match(ds.spec.template.metadata.annotations['metallb-frr.dev/config-hash'], /^[0-9a-f]{16}$/);
  assert.equal(ds.spec.template.metadata.annotations['metallb-frr.dev/config-hash'], configHash(maps));
});
