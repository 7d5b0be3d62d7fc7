// A hand-written FRRConfiguration that takes a generated one's name, next to
// another hand-written one (src/compile/hand-written.ts checkHandWritten): the
// generated configuration of that name is left out of the merges because SOME
// hand-written configuration takes its name, not only when every one does. So
// the name gets its one error, and merge never adds "appears twice in the
// input" (the hand-written one appears once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { checkHandWritten } from '../../src/compile/hand-written.ts';
import { FRR_NS, node, peer, pool, run } from './metallb-fixtures.ts';

const handWritten = (name: string, address: string): KubeObject => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name, namespace: FRR_NS },
  spec: { bgp: { routers: [{ asn: 64512, neighbors: [{ address, asn: 65009 }] }] } },
});

function lines(objs: KubeObject[]): string[] {
  const r = run([peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' }), pool('a', ['192.0.2.0/28']), ...objs]);
  assert.ok(r.model, r.diags.list.map((d) => formatDiagnostic(d)).join('\n'));
  const before = r.diags.list.length;
  checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
  return r.diags.list.slice(before).map((d) => formatDiagnostic(d));
}

const nameTaken = (name: string) => `error: FRRConfiguration frr-k8s-system/${name} metadata.name: the name is taken by a generated FRRConfiguration; rename the hand-written one`;

test('two hand-written configurations, one taking a generated name: that one error, without Nodes and with them', () => {
  assert.deepEqual(lines([handWritten('metallb-p', '10.9.9.8'), handWritten('extra', '10.9.9.9')]), [nameTaken('metallb-p')]);
  assert.deepEqual(lines([handWritten('extra', '10.9.9.9'), handWritten('metallb-n1', '10.9.9.8'), node('n1')]), [nameTaken('metallb-n1')]);
  // The other hand-written one alone: nothing to say.
  assert.deepEqual(lines([handWritten('extra', '10.9.9.9')]), []);
});
