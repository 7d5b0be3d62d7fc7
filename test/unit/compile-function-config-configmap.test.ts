// A ConfigMap functionConfig (src/compile/function-config.ts): a true/false key
// whose value is neither is one error naming the key, and the setting keeps
// its default — it is not set to nothing, which would read as no manifests,
// or as an unset allowEmpty, further on; a value options-check refuses is
// named by the key that set it, an image by frrImage or agentImage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { readFunctionConfig } from '../../src/compile/function-config.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const read = (data: Record<string, string>) => {
  const d = new Diagnostics();
  const cfg = readFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data }, d);
  return { cfg, lines: d.list.map((x) => formatDiagnostic(x)) };
};

test('ConfigMap manifests that is not "true" or "false": one error naming the key; the manifests keep their defaults, enabled included', () => {
  const r = read({ manifests: 'yes', frrImage: 'registry.example/frr:9' });
  assert.deepEqual(r.lines, ['error: ConfigMap c data.manifests: must be "true" or "false", not "yes"']);
  assert.deepEqual(r.cfg.manifests, { ...defaultConfig().manifests, images: { ...defaultConfig().manifests.images, frr: 'registry.example/frr:9' } });
  assert.equal(r.cfg.manifests.enabled, true);
  assert.equal(read({ manifests: 'false' }).cfg.manifests.enabled, false);
});

test('a ConfigMap boolean key that is not "true" or "false": one error naming the key; the option keeps its default', () => {
  for (const k of ['allowEmpty', 'allowDefaultRoute', 'preview']) {
    const r = read({ [k]: 'True ' });
    assert.deepEqual(r.lines, [`error: ConfigMap c data.${k}: must be "true" or "false", not "True "`], k);
    assert.deepEqual(r.cfg, defaultConfig(), k);
    assert.equal(read({ [k]: 'true' }).cfg[k as 'preview'], true, k);
  }
});

test('ConfigMap values options-check refuses are each named by their own key, images by frrImage and agentImage', () => {
  const r = read({ metallbNamespace: 'MetalLB', agentImage: 'Agent', maxObjectSize: 'big', frrImage: 'registry.example/frr:9' });
  assert.deepEqual(r.lines, [
    'error: ConfigMap c data.agentImage: "Agent" is not an image reference (registry/name:tag or @sha256:digest)',
    'error: ConfigMap c data.metallbNamespace: "MetalLB" is not a valid namespace name',
    'error: ConfigMap c data.maxObjectSize: "big" is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi, e.g. 3Mi; "0" for no limit)',
  ]);
});
