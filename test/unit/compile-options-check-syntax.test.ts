// The syntax rules of src/compile/options-check.ts that the API server would
// apply to what the function emits: namespace names (DNS labels), image
// references (registry with a port, dotted names), toleration values and
// resource quantities (Kubernetes' quantity syntax). Each bad value gets one
// error naming the field the user wrote; each good one gets none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { readFunctionConfig } from '../../src/compile/function-config.ts';

const read = (spec: Record<string, unknown>): string[] => {
  const d = new Diagnostics();
  readFunctionConfig({ apiVersion: 'fn.metallb-frr.dev/v1alpha1', kind: 'MetalLBFRR', metadata: { name: 'c' }, spec }, d);
  return d.list.map((x) => formatDiagnostic(x));
};

test('a namespace name is a whole DNS label: one character is one; a capital, or a dash at either end, is not', () => {
  for (const ok of ['a', '7', 'metallb-system', 'a1-b2']) assert.deepEqual(read({ metallbNamespace: ok }), [], ok);
  for (const bad of ['Metallb', 'metallb-', '-metallb', 'metal_lb', 'frr.system']) {
    assert.deepEqual(read({ metallbNamespace: bad }), [`error: MetalLBFRR c spec.metallbNamespace: "${bad}" is not a valid namespace name`], bad);
  }
});

test('an image reference: a registry with a port, names of several dotted parts, a tag and a digest are taken', () => {
  const digest = `@sha256:${'a1'.repeat(32)}`;
  for (const ok of [
    'frr',
    'quay.io/frrouting/frr:9.1.0',
    'registry.example.com/metallb-frr/agent:v1',
    'registry.example:5000/frr:9',
    'localhost:32000/metallb.frr/agent' + digest,
  ]) {
    assert.deepEqual(read({ manifests: { images: { frr: ok, agent: ok } } }), [], ok);
  }
  for (const bad of ['registry.example:port/frr', 'registry.example:/frr']) {
    assert.deepEqual(read({ manifests: { images: { frr: bad } } }), [
      `error: MetalLBFRR c spec.manifests.images.frr: "${bad}" is not an image reference (registry/name:tag or @sha256:digest)`,
    ], bad);
  }
});

test('a toleration: with Exists a value is one error (must be empty), not a second on its syntax; with Equal no value is fine', () => {
  assert.deepEqual(read({ manifests: { tolerations: [{ key: 'k', operator: 'Exists', value: 'not a label value!' }] } }), [
    'error: MetalLBFRR c spec.manifests.tolerations[0].value: must be empty when operator is Exists',
  ]);
  // An Equal toleration without value tolerates the taint with an empty value.
  assert.deepEqual(read({ manifests: { tolerations: [{ key: 'k', operator: 'Equal', effect: 'NoSchedule' }, { key: 'k2', effect: 'NoSchedule' }] } }), []);
  assert.deepEqual(read({ manifests: { tolerations: [{ key: 'k', operator: 'Equal', value: 'not a label value!' }] } }), [
    `error: MetalLBFRR c spec.manifests.tolerations[0].value: invalid label value "not a label value!": at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric`,
  ]);
});

test('a resource quantity as Kubernetes writes one: decimals, a leading dot, exponents with or without sign; nothing before or after it', () => {
  const quantity = (q: unknown) => read({ manifests: { resources: { agent: { limits: { memory: q } } } } });
  for (const ok of ['1', '+1', '1.5', '1.25', '1.', '.5', '.25', '1e3', '1E3', '1e10', '1e-3', '1e+3', '100m', '128Mi', '1.5Gi', '2k']) {
    assert.deepEqual(quantity(ok), [], ok);
  }
  for (const bad of ['-1', 'x1', '1x', '1Mix', '.', '1e', '1e-', 'e3', '1.5.5', '']) {
    assert.deepEqual(quantity(bad), [`error: MetalLBFRR c spec.manifests.resources.agent.limits.memory: ${JSON.stringify(bad)} is not a resource quantity (e.g. 100m, 128Mi, 1)`], bad);
  }
});
