// A hand-written FRRConfiguration whose router or neighbour is not an object
// (a stray `-` in the file gives null): the build refuses it with one line
// naming the configuration and the field, and never throws. The checks of
// src/compile/hand-written.ts rely on that: they see only configurations the
// schema found well formed (src/metallb/parse.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { generate } from '../../src/compile/generate.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const PEER: KubeObject = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' } };
const POOL: KubeObject = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'a', namespace: 'metallb-system' }, spec: { addresses: ['192.0.2.0/28'] } };
const SECRET: KubeObject = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/basic-auth', metadata: { name: 'pw', namespace: 'frr-k8s-system' }, stringData: { password: 'x' } };
const handWritten = (routers: unknown[]): KubeObject => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'extra', namespace: 'frr-k8s-system' }, spec: { bgp: { routers } } });

function build(objs: KubeObject[]): string[] {
  const d = new Diagnostics();
  const g = generate([PEER, POOL, SECRET, ...objs], { ...defaultConfig(), preview: true }, d);
  assert.equal(g, undefined);
  return d.list.map((x) => formatDiagnostic(x));
}

test('a null router or neighbour: one error naming it, nothing generated, no exception', () => {
  assert.deepEqual(build([handWritten([null])]), ['error: FRRConfiguration frr-k8s-system/extra spec.bgp.routers[0]: must be of type object']);
  const neighbour = { address: '10.9.9.9', asn: 65009, passwordSecret: { name: 'pw' } };
  assert.deepEqual(build([handWritten([{ asn: 64512, neighbors: [neighbour, null] }])]), ['error: FRRConfiguration frr-k8s-system/extra spec.bgp.routers[0].neighbors[1]: must be of type object']);
});
