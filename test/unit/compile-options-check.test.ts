// The option rules beyond the schema (src/compile/options-check.ts) that only
// the typed configuration can break: an architecture kubernetes.io/arch does
// not name, and one port for both health and metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { readFunctionConfig } from '../../src/compile/function-config.ts';

const read = (manifests: Record<string, unknown>) => {
  const d = new Diagnostics();
  readFunctionConfig({ apiVersion: 'fn.metallb-frr.dev/v1alpha1', kind: 'MetalLBFRR', metadata: { name: 'c' }, spec: { manifests } }, d);
  return d.list.map((x) => formatDiagnostic(x));
};

test('an architecture that is not a kubernetes.io/arch name: one error naming its index', () => {
  assert.deepEqual(read({ architectures: ['amd64', 'x86_64', 'ARM64'] }), [
    'error: MetalLBFRR c spec.manifests.architectures[1]: "x86_64" is not an architecture as kubernetes.io/arch names it (amd64, arm64, ...)',
    'error: MetalLBFRR c spec.manifests.architectures[2]: "ARM64" is not an architecture as kubernetes.io/arch names it (amd64, arm64, ...)',
  ]);
  assert.deepEqual(read({ architectures: ['amd64', 'arm64', 's390x'] }), []);
});

test('the metrics port equal to the health port: one error naming ports.metrics', () => {
  assert.deepEqual(read({ ports: { health: 9120, metrics: 9120 } }), ['error: MetalLBFRR c spec.manifests.ports.metrics: 9120 is also the health port; the agent needs two ports']);
  assert.deepEqual(read({ ports: { health: 9120, metrics: 9121 } }), []);
});

test('limits at their edges: a namespace name of 63 characters, a PriorityClass name of 253, a quantity of 0', () => {
  const ns = (name: string) => {
    const d = new Diagnostics();
    readFunctionConfig({ apiVersion: 'fn.metallb-frr.dev/v1alpha1', kind: 'MetalLBFRR', metadata: { name: 'c' }, spec: { frrk8sNamespace: name } }, d);
    return d.list.map((x) => formatDiagnostic(x));
  };
  assert.deepEqual(ns('a'.repeat(63)), []);
  assert.deepEqual(ns('a'.repeat(64)), [`error: MetalLBFRR c spec.frrk8sNamespace: "${'a'.repeat(64)}" is not a valid namespace name`]);
  const pc = 'a'.repeat(126) + '.' + 'b'.repeat(126);
  assert.equal(pc.length, 253);
  assert.deepEqual(read({ priorityClassName: pc }), []);
  assert.deepEqual(read({ priorityClassName: pc + 'c' }), [`error: MetalLBFRR c spec.manifests.priorityClassName: "${pc}c" is not a valid PriorityClass name`]);
  assert.deepEqual(read({ resources: { frr: { requests: { cpu: 0, memory: '0' } } } }), []);
  assert.deepEqual(read({ resources: { frr: { requests: { cpu: -1 } } } }), ['error: MetalLBFRR c spec.manifests.resources.frr.requests.cpu: -1 is not a resource quantity (e.g. 100m, 128Mi, 1)']);
});
