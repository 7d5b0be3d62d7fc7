// The function's work independent of I/O (src/compile/generate.ts): hand-written
// FRRConfigurations checked against each other, and an input with no MetalLB
// configuration at all.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { defaultConfig, type FnConfig } from '../../src/compile/options.ts';
import { generate } from '../../src/compile/generate.ts';
import { FRR_NS, node } from './metallb-fixtures.ts';

function run(objs: KubeObject[], cfg: Partial<FnConfig> = {}): { out?: KubeObject[]; lines: string[]; diags: Diagnostics } {
  const diags = new Diagnostics();
  const c = { ...defaultConfig(), ...cfg };
  if (cfg.manifests === undefined) c.manifests.enabled = false;
  const out = generate(objs, c, diags)?.objects;
  return { out, lines: diags.list.map((d) => formatDiagnostic(d)), diags };
}

/** A hand-written FRRConfiguration: one default-VRF router with neighbours [address, asn]. */
function frr(name: string, asn: number, neighbors: Array<[string, number]>, nodeSelector?: Record<string, string>, namespace: string | null = FRR_NS): KubeObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, ...(namespace === null ? {} : { namespace }) },
    spec: { ...(nodeSelector ? { nodeSelector: { matchLabels: nodeSelector } } : {}), bgp: { routers: [{ asn, neighbors: neighbors.map(([address, a]) => ({ address, asn: a })) }] } },
  };
}

describe('hand-written FRRConfigurations against each other', () => {
  test('without Nodes: two that can meet and disagree on a neighbour are an error naming both (the operator samples)', () => {
    const r = run([frr('basic', 64512, [['172.30.0.3', 64512]]), frr('two-neighs', 64512, [['172.30.0.3', 4200000000]])]);
    assert.equal(r.out, undefined);
    assert.ok(r.lines.some((l) => /^error: FRRConfiguration frr-k8s-system\/two-neighs .*neighbor 172\.30\.0\.3: conflicting asn: 4200000000 here, 64512 in FRRConfiguration frr-k8s-system\/basic/.test(l)), r.lines.join('\n'));
  });

  test('without Nodes: two default-VRF routers with different ASNs are an error', () => {
    const r = run([frr('a', 64512, []), frr('b', 64513, [])]);
    assert.ok(r.lines.some((l) => /^error: FRRConfiguration frr-k8s-system\/b .*router ASN 64513 for the default VRF conflicts with ASN 64512 in FRRConfiguration frr-k8s-system\/a/.test(l)), r.lines.join('\n'));
  });

  test('without Nodes: node selectors that exclude each other never meet', () => {
    const r = run([frr('a', 64512, [['10.0.0.1', 1]], { rack: 'r1' }), frr('b', 64513, [['10.0.0.1', 2]], { rack: 'r2' })]);
    assert.deepEqual(r.lines, []);
    assert.ok(r.out);
  });

  test('with Nodes: judged per node', () => {
    const objs = [frr('a', 64512, [], { rack: 'r1' }), frr('b', 64513, [], { zone: 'z' })];
    assert.deepEqual(run([...objs, node('n1', { rack: 'r1' }), node('n2', { zone: 'z' })]).lines, []);
    const r = run([...objs, node('n1', { rack: 'r1', zone: 'z' })]);
    assert.ok(r.lines.some((l) => /^error: FRRConfiguration frr-k8s-system\/b .*conflicts with ASN 64512 in FRRConfiguration frr-k8s-system\/a/.test(l)), r.lines.join('\n'));
  });

  test('one without a namespace is taken as in frrk8sNamespace (info) and checked', () => {
    const r = run([frr('a', 64512, [], undefined, null), frr('b', 64513, [])]);
    assert.ok(r.lines.includes('info: FRRConfiguration a metadata.namespace: no namespace: taken as in "frr-k8s-system" (frrk8sNamespace), where kubectl apply -n or kustomize\'s namespace would put it'), r.lines.join('\n'));
    assert.ok(r.lines.some((l) => /^error: FRRConfiguration frr-k8s-system\/b .*conflicts with ASN 64512 in FRRConfiguration a /.test(l)), r.lines.join('\n'));
  });

  test('one without spec (the CRD does not require one) is checked like an empty one, with or without Nodes', () => {
    // It crashed the function ("internal error": reading nodeSelector of undefined).
    const bare: KubeObject = { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'bare', namespace: FRR_NS } };
    for (const extra of [[], [node('n1')]]) {
      const r = run([frr('a', 64512, [['10.0.0.1', 1]]), bare, ...extra]);
      assert.deepEqual(r.lines, []);
      assert.ok(r.out);
    }
  });

  test('one in another namespace: a warning saying how to set frrk8sNamespace', () => {
    const r = run([frr('a', 64512, [], undefined, 'metallb-system')]);
    assert.match(r.lines.join('\n'), /^warning: FRRConfiguration metallb-system\/a metadata\.namespace: .*set frrk8sNamespace: metallb-system\)$/m);
  });
});

describe('no MetalLB configuration at all', () => {
  const manifestsOn = () => ({ manifests: defaultConfig().manifests });
  test('no BGPPeer and no IPAddressPool while manifests are emitted: an error, nothing generated', () => {
    for (const objs of [[], [frr('a', 64512, [])], [node('n1')]]) {
      const r = run(objs, manifestsOn());
      assert.equal(r.out, undefined);
      assert.ok(r.lines.includes('error: no MetalLB configuration found: no BGPPeer and no IPAddressPool in namespace "metallb-system" (an empty directory or a wrong path?); set allowEmpty: true to emit the manifests without any'), r.lines.join('\n'));
    }
  });

  test('allowEmpty: true, or no manifests, or one BGPPeer or IPAddressPool: no error', () => {
    assert.ok(run([], { ...manifestsOn(), allowEmpty: true }).out?.some((o) => o.kind === 'DaemonSet'));
    assert.deepEqual(run([]).out, []);
    const pool: KubeObject = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { addresses: ['10.0.0.0/24'] } };
    assert.deepEqual(run([pool], manifestsOn()).lines, []);
  });
});
