// The KRM function's processing (src/compile/resource-list.ts) in process: a
// functionConfig that is wrong stops everything before the items are judged,
// and with any error the input items come back unchanged, earlier generated
// ones included (nothing is half-written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { runFunction } from '../../fn/function.ts';

const items = (...objs: string[]) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${objs.map((o) => `- ${o}\n`).join('')}`;
const PEER = (asn: number) => `{apiVersion: metallb.io/v1beta2, kind: BGPPeer, metadata: {name: p, namespace: metallb-system}, spec: {myASN: ${asn}, peerASN: 65000, peerAddress: 10.0.0.1}}`;
const POOL = '{apiVersion: metallb.io/v1beta1, kind: IPAddressPool, metadata: {name: a, namespace: metallb-system}, spec: {addresses: [192.0.2.0/28]}}';
const EARLIER = '{apiVersion: frrk8s.metallb.io/v1beta1, kind: FRRConfiguration, metadata: {name: metallb-old, namespace: frr-k8s-system, annotations: {metallb-frr.dev/generated: "true"}}, spec: {}}';
const fnConfig = (spec: string) => `functionConfig:\n  apiVersion: fn.metallb-frr.dev/v1alpha1\n  kind: MetalLBFRR\n  metadata: {name: c}\n  spec: {manifests: {enabled: false}${spec}}\n`;
const outNames = (stdout: string) => (parseAllDocuments(stdout)[0].toJS().items as Array<{ kind: string; metadata: { name: string } }>).map((o) => `${o.kind}/${o.metadata.name}`);

test('a wrong functionConfig is the only error: the items are not judged under it', () => {
  const r = runFunction(items(PEER(0), POOL) + fnConfig(', advertise: everything'));
  assert.equal(r.code, 1);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^error: MetalLBFRR c spec\.advertise: /);
});

test('with an error the items come back as they were, an earlier output included; without, the earlier output is replaced', () => {
  const bad = runFunction(items(PEER(0), POOL, EARLIER) + fnConfig(''));
  assert.equal(bad.code, 1);
  assert.deepEqual(outNames(bad.stdout), ['BGPPeer/p', 'IPAddressPool/a', 'FRRConfiguration/metallb-old']);
  const good = runFunction(items(PEER(64512), POOL, EARLIER) + fnConfig(''));
  assert.equal(good.code, 0, good.stderr);
  assert.deepEqual(outNames(good.stdout), ['BGPPeer/p', 'IPAddressPool/a', 'FRRConfiguration/metallb-p']);
});
