// The cluster objects besides MetalLB's own, in process: a Node name at the
// 63-character edge (it becomes a kubernetes.io/hostname label value and
// FRR's hostname), what is kept of a Secret (its type, whether it has a
// password key, and only for a basic-auth Secret with that key whether the
// node could use the password), a Service of another load balancer class
// named as written (or as not a string).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { parseSecrets } from '../../src/metallb/cluster.ts';
import { FRR_NS, node, run, secret, service } from './metallb-fixtures.ts';

const lines = (objs: KubeObject[], advertise: 'pools' | 'services' = 'pools') => run(objs, { advertise }).diags.list.map((d) => formatDiagnostic(d));

test('a Node name of 63 characters is taken; one of 64 is refused, naming the rule', () => {
  const ok = 'n'.repeat(63);
  const long = 'n'.repeat(64);
  assert.deepEqual(lines([node(ok)]), []);
  assert.deepEqual(lines([node(ok), node(long)]), [
    `error: Node ${long} metadata.name: a Node name must be a DNS name of at most 63 characters (lowercase letters, digits, '-' and '.'): it is the kubernetes.io/hostname label value its FRRConfiguration selects, and FRR's hostname`,
  ]);
});

test('a Secret\'s password is checked only in a basic-auth Secret with a password key; other Secrets keep their type and whether the key is there', () => {
  const basic = 'kubernetes.io/basic-auth';
  const infos = parseSecrets([
    secret('good', FRR_NS, basic, { password: 'p' }),
    secret('empty', FRR_NS, basic, { password: '' }),
    secret('opaque', FRR_NS, undefined, { password: '' }),
    secret('keyless', FRR_NS, basic, { username: 'u' }),
  ]);
  const ref = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', name, namespace: FRR_NS });
  assert.deepEqual([...infos], [
    [`${FRR_NS}/good`, { ref: ref('good'), type: basic, hasPassword: true }],
    [`${FRR_NS}/empty`, { ref: ref('empty'), type: basic, hasPassword: true, passwordProblem: `Secret ${FRR_NS}/empty: the password is empty` }],
    [`${FRR_NS}/opaque`, { ref: ref('opaque'), type: 'Opaque', hasPassword: true }],
    [`${FRR_NS}/keyless`, { ref: ref('keyless'), type: basic, hasPassword: false }],
  ]);
});

test('a Service of another load balancer class is named by its class, or as one that is not a string', () => {
  assert.deepEqual(lines([service('web', { lbClass: 'example.com/lb' })], 'services'), [
    'info: Service default/web spec.loadBalancerClass: not announced: the service asks for load balancer class "example.com/lb"',
  ]);
  const numbered = { ...service('web'), spec: { type: 'LoadBalancer', loadBalancerClass: 5 } };
  assert.deepEqual(lines([numbered], 'services'), ['info: Service default/web spec.loadBalancerClass: not announced: the service asks for a load balancer class (not a string)']);
});
