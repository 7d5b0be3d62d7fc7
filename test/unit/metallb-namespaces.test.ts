// Where MetalLB resources live and which metallb.io kinds the function reads
// (issue 8): a resource without a namespace is taken as in metallbNamespace;
// one in another namespace is an error (or left out with otherNamespaces:
// ignore) and is schema-checked either way; kinds the function does not read
// pass through with an info.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { bgpAdv, NS, peer, pool, run, table } from './metallb-fixtures.ts';

const A = 'IPAddressPool/a';
const inNamespace = (o: KubeObject, namespace?: string): KubeObject => ({ ...o, metadata: { name: o.metadata!.name, ...(namespace === undefined ? {} : { namespace }) } });
const tor = peer('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' });

describe('MetalLB resources: namespaces', () => {
  table(test, [
    { name: 'no namespace: taken as in metallbNamespace, with an info', objs: [inNamespace(pool('a', ['10.0.0.0/24']))], want: [['info', A, 'metadata.namespace', 'taken as in "metallb-system" (metallbNamespace)']] },
    { name: 'an empty namespace reads as none', objs: [inNamespace(pool('a', ['10.0.0.0/24']), '')], want: [['info', A, 'metadata.namespace', 'taken as in "metallb-system"']] },
    {
      name: 'another namespace is an error naming it and how to set metallbNamespace',
      objs: [inNamespace(pool('a', ['10.0.0.0/24']), 'metallb')],
      want: [['error', A, 'metadata.namespace', 'would ignore this one in "metallb": if MetalLB runs in "metallb", set metallbNamespace: metallb']],
    },
    { name: 'another namespace with otherNamespaces: ignore is an info', objs: [inNamespace(pool('a', ['10.0.0.0/24']), 'default')], opts: { otherNamespaces: 'ignore' }, want: [['info', A, 'metadata.namespace', 'ignored (otherNamespaces: ignore)']] },
    { name: 'the namespace matching metallbNamespace is read without a word', objs: [inNamespace(pool('a', ['10.0.0.0/24']), 'mlb')], opts: { metallbNamespace: 'mlb' }, want: [] },
  ]);

  test('a namespace-less resource is used: its pool is announced', () => {
    const r = run([tor, inNamespace(pool('a', ['10.0.0.0/24'])), inNamespace(bgpAdv('ad', { ipAddressPools: ['a'] }))]);
    assert.equal(r.diags.hasErrors, false);
    assert.deepEqual(r.configs[0]?.spec.bgp?.routers?.[0].prefixes, ['10.0.0.0/24']);
  });

  test('a typo is reported wherever the object lives (no namespace, another namespace, ignored)', () => {
    const typo = (namespace?: string) => inNamespace(bgpAdv('ad', { nodeSelector: [{ matchLabels: { a: 'b' } }] }), namespace);
    for (const [ns, opts] of [[undefined, {}], ['default', {}], ['default', { otherNamespaces: 'ignore' as const }]] as const) {
      const r = run([typo(ns)], opts);
      assert.ok(
        r.diags.list.some((d) => d.severity === 'error' && d.field === 'spec.nodeSelector'),
        `namespace ${ns ?? '(none)'} ${JSON.stringify(opts)}: ${JSON.stringify(r.diags.list)}`,
      );
    }
  });
});

describe('metallb.io kinds the function does not read pass through', () => {
  const other = (kind: string, apiVersion = 'metallb.io/v1beta1'): KubeObject => ({ apiVersion, kind, metadata: { name: 'x', namespace: NS }, spec: { anything: [1, 2] }, status: { whatever: true } });
  table(test, [
    { name: "the MetalLB Operator's MetalLB", objs: [other('MetalLB')], want: [['info', 'MetalLB/x', 'kind', 'passed through untouched']] },
    { name: 'ServiceL2Status', objs: [other('ServiceL2Status')], want: [['info', 'ServiceL2Status/x', 'kind', 'passed through untouched']] },
    { name: 'ServiceBGPStatus', objs: [other('ServiceBGPStatus')], want: [['info', 'ServiceBGPStatus/x', 'kind', 'passed through untouched']] },
    { name: 'ConfigurationState', objs: [other('ConfigurationState')], want: [['info', 'ConfigurationState/x', 'kind', 'passed through untouched']] },
    { name: 'a kind of a later MetalLB, in another namespace', objs: [{ ...other('BGPSession', 'metallb.io/v1'), metadata: { name: 'x', namespace: 'elsewhere' } }], want: [['info', 'BGPSession/x', 'kind', 'passed through untouched']] },
  ]);
});
