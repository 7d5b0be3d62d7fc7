// Hand-written FRRConfigurations checked against the generated ones
// (src/compile/hand-written.ts) in process: one in a namespace frr-k8s does
// not read is not checked (a warning only), one whose selector cannot be
// evaluated is reported for that alone, and a generated configuration's name
// cannot be taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { checkHandWritten } from '../../src/compile/hand-written.ts';
import { FRR_NS, node, peer, pool, run } from './metallb-fixtures.ts';

/** A hand-written configuration whose router ASN conflicts with the generated one for peer p (myASN 64512). */
function handWritten(name: string, namespace: string | undefined, nodeSelector?: unknown): KubeObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { bgp: { routers: [{ asn: 64999, neighbors: [{ address: '10.9.9.9', asn: 65009 }] }] }, ...(nodeSelector !== undefined ? { nodeSelector } : {}) },
  };
}

function check(hw: KubeObject, more: KubeObject[] = []): string[] {
  const r = run([peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' }), pool('a', ['192.0.2.0/28']), hw, ...more]);
  assert.ok(r.model, r.diags.list.map((d) => formatDiagnostic(d)).join('\n'));
  assert.ok(r.configs.length > 0);
  const before = r.diags.list.length;
  checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
  return r.diags.list.slice(before).map((d) => formatDiagnostic(d));
}

const CONFLICT = /^error: FRRConfiguration frr-k8s-system\/metallb-p spec\.bgp\.routers\[0\]\.asn: router ASN 64512 for the default VRF conflicts with ASN 64999 in FRRConfiguration frr-k8s-system\/custom spec\.bgp\.routers\[0\]\.asn/;

test('a hand-written configuration that conflicts with a generated one: an error (the baseline of the cases below)', () => {
  const lines = check(handWritten('custom', FRR_NS));
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], CONFLICT);
});

test('in a namespace frr-k8s does not read: one warning, and not checked against the generated ones', () => {
  const lines = check(handWritten('custom', 'elsewhere'));
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /^warning: FRRConfiguration elsewhere\/custom metadata\.namespace: frr-k8s reads FRRConfigurations only from namespace "frr-k8s-system"; this one is not checked/);
});

test('without a namespace: taken as in frrk8sNamespace (an info) and checked', () => {
  const lines = check(handWritten('custom', undefined));
  assert.match(lines[0], /^info: FRRConfiguration custom metadata\.namespace: no namespace: taken as in "frr-k8s-system"/);
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1], /conflicts with ASN 64999 in FRRConfiguration custom spec\.bgp\.routers\[0\]\.asn/);
});

test('a node selector that cannot be evaluated: that error alone (the configuration reaches no node to be merged on)', () => {
  for (const nodes of [[], [node('n1', { rack: 'r1' })]]) {
    const lines = check(handWritten('custom', FRR_NS, { matchExpressions: [{ key: 'rack', operator: 'Near', values: ['r1'] }] }), nodes);
    assert.deepEqual(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^error: FRRConfiguration frr-k8s-system\/custom spec\.nodeSelector\.matchExpressions\[0\]\.operator: unknown operator "Near"/);
  }
  // The same configuration with a selector that holds: merged with the generated one on n1.
  assert.match(check(handWritten('custom', FRR_NS, { matchLabels: { rack: 'r1' } }), [node('n1', { rack: 'r1' })])[0], /conflicts with ASN 64999 in FRRConfiguration frr-k8s-system\/custom/);
});

test('the name of a generated configuration: an error naming metadata.name', () => {
  const hw = handWritten('metallb-p', FRR_NS);
  // Without the conflicting router: the name is the one problem.
  (hw.spec as Record<string, unknown>).bgp = { routers: [{ asn: 64512, neighbors: [{ address: '10.9.9.9', asn: 65009 }] }] };
  const lines = check(hw);
  assert.ok(lines.includes('error: FRRConfiguration frr-k8s-system/metallb-p metadata.name: the name is taken by a generated FRRConfiguration; rename the hand-written one'), lines.join('\n'));
  assert.equal(check(handWritten('metallb-q', 'elsewhere')).filter((l) => l.includes('taken')).length, 0, 'not in the FRR-K8s namespace: not judged');
});

test('a node selector that cannot be evaluated and a problem of the configuration itself: both reported at once', () => {
  const hw = handWritten('custom', FRR_NS, { matchExpressions: [{ key: 'rack', operator: 'In', values: [] }] });
  (hw.spec as Record<string, unknown>).raw = { rawConfig: 'route-map x permit 10\r\n' };
  const lines = check(hw);
  assert.deepEqual(lines.map((l) => l.split(': ')[0] + ': ' + l.split(': ')[1]), [
    'error: FRRConfiguration frr-k8s-system/custom spec.nodeSelector.matchExpressions[0].values',
    'error: FRRConfiguration frr-k8s-system/custom spec.raw.rawConfig',
  ], lines.join('\n'));
});

test('one problem is reported once, however many nodes or pairs meet it', () => {
  // Two hand-written configurations that conflict with each other, on two nodes.
  const other = handWritten('other', FRR_NS);
  (other.spec as Record<string, unknown>).bgp = { routers: [{ asn: 64512, neighbors: [{ address: '10.9.9.9', asn: 65010 }] }] };
  const mine = handWritten('mine', FRR_NS);
  (mine.spec as Record<string, unknown>).bgp = { routers: [{ asn: 64512, neighbors: [{ address: '10.9.9.9', asn: 65009 }] }] };
  for (const nodes of [[node('n1'), node('n2')], []]) {
    const r = run([peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' }), pool('a', ['192.0.2.0/28']), mine, other, ...nodes]);
    assert.ok(r.model);
    checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
    const lines = r.diags.list.map((d) => formatDiagnostic(d));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^error: FRRConfiguration frr-k8s-system\/other spec\.bgp\.routers\[0\]\.neighbors\[0\]\.asn: neighbor 10\.9\.9\.9: conflicting asn: 65010 here, 65009 in FRRConfiguration frr-k8s-system\/mine/);
  }
});

test('with Nodes: a hand-written configuration is merged on each node with that node\'s generated configuration only', () => {
  // The peer (myASN 64512) is on rack r2 only; the hand-written router (64999) on rack r1 only: they never meet.
  const r = run([
    peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', nodeSelectors: [{ matchLabels: { rack: 'r2' } }] }),
    pool('a', ['192.0.2.0/28']),
    handWritten('custom', FRR_NS, { matchLabels: { rack: 'r1' } }),
    node('n1', { rack: 'r1' }),
    node('n2', { rack: 'r2' }),
  ]);
  assert.ok(r.model);
  assert.ok(r.configs.some((c) => c.spec.bgp?.routers?.[0]?.asn === 64512));
  checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
  assert.deepEqual(r.diags.list.map((d) => formatDiagnostic(d)), []);
});

test('without Nodes: a hand-written configuration is merged only with generated ones whose node selectors can meet its own', () => {
  const peerOn = (rack: string) => peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', nodeSelectors: [{ matchLabels: { rack } }] });
  const hw = handWritten('custom', FRR_NS, { matchLabels: { rack: 'r1' } });
  const lines = (rack: string) => {
    const r = run([peerOn(rack), pool('a', ['192.0.2.0/28']), hw]);
    assert.ok(r.model);
    checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
    return r.diags.list.map((d) => formatDiagnostic(d));
  };
  assert.deepEqual(lines('r2'), [], 'rack r1 and rack r2 never meet');
  assert.match(lines('r1').join('\n'), /conflicts with ASN 64999 in FRRConfiguration frr-k8s-system\/custom/);
});

test('without Nodes: two hand-written configurations are merged only where their node selectors can meet', () => {
  const two = (rackB: string) => {
    const a = handWritten('a', FRR_NS, { matchLabels: { rack: 'r1' } });
    const b = handWritten('b', FRR_NS, { matchLabels: { rack: rackB } });
    (b.spec as { bgp: { routers: Array<{ asn: number }> } }).bgp.routers[0].asn = 64998;
    const r = run([peer('p', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', nodeSelectors: [{ matchLabels: { rack: 'r3' } }] }), pool('x', ['192.0.2.0/28']), a, b]);
    assert.ok(r.model);
    checkHandWritten(r.model, r.configs, { frrk8sNamespace: FRR_NS }, r.diags);
    return r.diags.list.map((d) => formatDiagnostic(d));
  };
  assert.deepEqual(two('r2'), []);
  assert.match(two('r1').join('\n'), /router ASN 64998 for the default VRF conflicts with ASN 64999 in FRRConfiguration frr-k8s-system\/a/);
});
