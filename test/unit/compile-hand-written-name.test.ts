// A hand-written FRRConfiguration that takes a generated one's name
// (src/compile/hand-written.ts): one error for the name, not a second one from
// merge ("appears twice in the input", where it appears once), and what is
// wrong with it against the other generated configurations still said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { checkHandWritten } from '../../src/compile/hand-written.ts';
import { FRR_NS, node, peer, pool, run } from './metallb-fixtures.ts';

const nameTaken = (name: string) => `error: FRRConfiguration frr-k8s-system/${name} metadata.name: the name is taken by a generated FRRConfiguration; rename the hand-written one`;

function lines(name: string, asn: number, more: KubeObject[] = []): string[] {
  const hw: KubeObject = { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: FRR_NS }, spec: { bgp: { routers: [{ asn }] } } };
  const r = run([
    peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' }),
    peer('q', { myASN: 64512, peerASN: 65001, peerAddress: '10.0.0.2' }),
    pool('a', ['192.0.2.0/28']),
    hw,
    ...more,
  ]);
  assert.ok(r.model, r.diags.list.map((d) => formatDiagnostic(d)).join('\n'));
  const before = r.diags.list.length;
  checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
  return r.diags.list.slice(before).map((d) => formatDiagnostic(d));
}

test('a generated name taken by a hand-written configuration: that one error (one per peer without Nodes, one per node with them)', () => {
  assert.deepEqual(lines('metallb-p', 64512), [nameTaken('metallb-p')]);
  assert.deepEqual(lines('metallb-n1', 64512, [node('n1')]), [nameTaken('metallb-n1')]);
});

test('a hand-written configuration that takes a generated name is still merged with the other generated ones', () => {
  const got = lines('metallb-p', 64999);
  assert.equal(got.length, 2, got.join('\n'));
  assert.equal(got[0], nameTaken('metallb-p'));
  assert.match(got[1], /^error: FRRConfiguration frr-k8s-system\/metallb-q spec\.bgp\.routers\[0\]\.asn: router ASN 64512 for the default VRF conflicts with ASN 64999 in FRRConfiguration frr-k8s-system\/metallb-p spec/);
});
