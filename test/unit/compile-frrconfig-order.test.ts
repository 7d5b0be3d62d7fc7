// The documented order of what compile writes (src/compile/frrconfig.ts, and
// fn/README.md): routers by VRF (the default first), neighbours by address
// then interface name, withLocalPref by localPref; and disableMP as MetalLB
// sets it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpAdv, expectResults, node, peer, pool, run, service, type Want } from './metallb-fixtures.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import type { GeneratedFRRConfiguration } from '../../src/api/frrk8s.ts';

const eBGP = (name: string, address: string, extra: Record<string, unknown> = {}) => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: address, ...extra });
const unnumbered = (name: string, iface: string) => peer(name, { myASN: 64512, dynamicASN: 'external', interface: iface });
const compile = (objs: KubeObject[], advertise: 'pools' | 'services' = 'pools', want: Want[] = []): GeneratedFRRConfiguration[] => {
  const r = run(objs, { advertise });
  expectResults(r.diags, want);
  return r.configs;
};

test('the default VRF\'s router comes first, also before a VRF whose name sorts before letters', () => {
  for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]]) {
    const peers = [eBGP('d', '10.0.0.1'), eBGP('b', '10.0.0.2', { vrf: 'Blue' }), eBGP('z', '10.0.0.3', { vrf: '0red' })];
    const cs = compile([node('n1'), ...order.map((i) => peers[i])]);
    assert.deepEqual(cs[0].spec.bgp!.routers!.map((r) => r.vrf ?? ''), ['', '0red', 'Blue'], `input order ${order}`);
  }
});

test('neighbours: addresses first, then interfaces by interface name (not by peer name), whatever the input order', () => {
  // Peer names sort interfaces and addresses together: "a-eth1", "b-eth0", "m-addr", "n-addr", "z-eth2".
  const peers = [eBGP('n-addr', '10.0.0.1'), unnumbered('a-eth1', 'eth1'), unnumbered('b-eth0', 'eth0'), eBGP('m-addr', '10.0.0.2'), unnumbered('z-eth2', 'eth2')];
  for (const order of [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [1, 2, 0, 4, 3], [2, 1, 3, 0, 4], [1, 4, 0, 2, 3]]) {
    const cs = compile([node('n1'), ...order.map((i) => peers[i])]);
    assert.deepEqual(cs[0].spec.bgp!.routers![0].neighbors!.map((n) => n.address ?? n.interface), ['10.0.0.1', '10.0.0.2', 'eth0', 'eth1', 'eth2'], `input order ${order}`);
  }
});

test('disableMP: true is written as MetalLB\'s speaker publishes it (deprecated, with a warning), and absent when not set', () => {
  const cs = compile([node('n1'), eBGP('a', '10.0.0.1', { disableMP: true }), eBGP('b', '10.0.0.2')], 'pools', [['warning', 'BGPPeer/a', 'spec.disableMP', 'disableMP is deprecated and has no effect']]);
  assert.deepEqual(cs[0].spec.bgp!.routers![0].neighbors!.map((n) => [n.address, n.disableMP]), [['10.0.0.1', true], ['10.0.0.2', undefined]]);
  assert.equal('disableMP' in cs[0].spec.bgp!.routers![0].neighbors![1], false);
});

test('withLocalPref lists localPrefs in increasing order, whatever the order the advertisements come in', () => {
  // Advertisements in name order a (300), b (100), c (200); one service each.
  const sel = (app: string) => [{ matchLabels: { app } }];
  const cs = compile([
    node('n1'), pool('p', ['192.0.2.0/24']), eBGP('tor', '10.0.0.1'),
    bgpAdv('a', { localPref: 300, serviceSelectors: sel('a') }), bgpAdv('b', { localPref: 100, serviceSelectors: sel('b') }), bgpAdv('c', { localPref: 200, serviceSelectors: sel('c') }),
    service('sa', { ips: ['192.0.2.1'], labels: { app: 'a' } }), service('sb', { ips: ['192.0.2.2'], labels: { app: 'b' } }), service('sc', { ips: ['192.0.2.3'], labels: { app: 'c' } }),
  ], 'services', ['sa', 'sb', 'sc'].map((n): Want => ['info', `Service/${n}`, 'spec.externalTrafficPolicy', 'assuming it has ready endpoints']));
  assert.deepEqual(cs[0].spec.bgp!.routers![0].neighbors![0].toAdvertise!.withLocalPref, [
    { prefixes: ['192.0.2.2/32'], localPref: 100 },
    { prefixes: ['192.0.2.3/32'], localPref: 200 },
    { prefixes: ['192.0.2.1/32'], localPref: 300 },
  ]);
});
