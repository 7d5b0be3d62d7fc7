// The whole function on arbitrary input objects: it reports, it never throws,
// and what it prints is results, one line each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fcParams } from '../lib/property.ts';
import { runFunction } from '../../fn/function.ts';

const value = fc.jsonValue({ maxDepth: 3 });
const spec = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 });

const object = fc.oneof(
  fc.record({ apiVersion: fc.constant('frrk8s.metallb.io/v1beta1'), kind: fc.constant('FRRConfiguration'), ns: fc.constantFrom('frr-k8s-system', 'other'), spec: spec(['bgp', 'raw', 'nodeSelector']) }),
  fc.record({
    apiVersion: fc.constant('frrk8s.metallb.io/v1beta1'),
    kind: fc.constant('FRRConfiguration'),
    ns: fc.constant('frr-k8s-system'),
    spec: fc.record({ bgp: fc.record({ routers: fc.array(spec(['asn', 'vrf', 'id', 'prefixes', 'neighbors', 'imports']), { maxLength: 2 }) }) }),
  }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constantFrom('Node', 'Service', 'Secret', 'Namespace'), ns: fc.constantFrom('default', 'frr-k8s-system'), spec: spec(['type', 'loadBalancerIP', 'externalTrafficPolicy', 'loadBalancerClass']) }),
  fc.record({ apiVersion: fc.constant('metallb.io/v1beta2'), kind: fc.constant('BGPPeer'), ns: fc.constant('metallb-system'), spec: spec(['myASN', 'peerASN', 'peerAddress', 'passwordSecret', 'nodeSelectors']) }),
  fc.record({ apiVersion: fc.constant('metallb.io/v1beta1'), kind: fc.constantFrom('IPAddressPool', 'BGPAdvertisement'), ns: fc.constant('metallb-system'), spec: spec(['addresses', 'ipAddressPools', 'aggregationLength']) }),
);

test('arbitrary input objects: results, never a crash', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(object, fc.constantFrom('a', 'b')), { maxLength: 6 }), fc.option(value), (items, fc2) => {
      const list = {
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        items: items.map(([o, name]) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name, namespace: o.ns }, spec: o.spec })),
        ...(fc2 === null ? {} : { functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: fc2 } }),
      };
      const r = runFunction(JSON.stringify(list));
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}`);
      for (const line of r.stderr.split('\n').filter(Boolean)) assert.match(line, /^(error|warning|info): /);
      if (r.code === 1) assert.match(r.stderr, /^error: |\nerror: /);
    }),
    fcParams({ numRuns: 300 }),
  );
});
