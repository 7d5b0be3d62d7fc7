// The shape of the per-node GeneratedFRRConfiguration, field by field, against what
// MetalLB's speaker publishes (internal/bgp/frrk8s/frrk8s.go updateConfig).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GeneratedFRRConfiguration, Neighbor } from '../../src/api/frrk8s.ts';
import { bfd, bgpAdv, community, expectResults, FRR_NS, l2Adv, node, peer, pool, run, service } from './metallb-fixtures.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

const eBGP = (name: string, address: string, extra: Record<string, unknown> = {}) => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: address, ...extra });

function compile(objs: KubeObject[]): GeneratedFRRConfiguration[] {
  const r = run(objs);
  expectResults(r.diags, []);
  return r.configs;
}
const byName = (cs: GeneratedFRRConfiguration[], n: string) => cs.find((c) => c.metadata.name === n)!;
const neighbors = (c: GeneratedFRRConfiguration): Neighbor[] => c.spec.bgp!.routers!.flatMap((r) => r.neighbors ?? []);

describe('per-node configurations', () => {
  test('one metallb-<node> per node with a session, selected by hostname', () => {
    const cs = compile([node('a', { rack: 'r1' }), node('b', { rack: 'r2' }), eBGP('tor', '10.0.0.1', { nodeSelectors: [{ matchLabels: { rack: 'r1' } }] })]);
    assert.deepEqual(cs.map((c) => [c.metadata.name, c.metadata.namespace, c.spec.nodeSelector]), [['metallb-a', FRR_NS, { matchLabels: { 'kubernetes.io/hostname': 'a' } }]]);
  });
  test('each is labelled with its node (the agent watches only its own)', () => {
    // Nodes with the same sessions share one spec, not one label.
    const cs = compile([node('a'), node('b'), eBGP('tor', '10.0.0.1')]);
    assert.deepEqual(cs.map((c) => [c.metadata.name, c.metadata.labels]), [
      ['metallb-a', { 'metallb-frr.dev/node': 'a' }],
      ['metallb-b', { 'metallb-frr.dev/node': 'b' }],
    ]);
    // Without Nodes, per peer: for any node, no label.
    assert.deepEqual(compile([eBGP('tor', '10.0.0.1')]).map((c) => c.metadata.labels), [undefined]);
  });
  test('a node without sessions gets one when a BFD profile exists, with the profiles only', () => {
    const cs = compile([node('a', { rack: 'r1' }), node('b'), bfd('fast'), eBGP('tor', '10.0.0.1', { nodeSelectors: [{ matchLabels: { rack: 'r1' } }] })]);
    assert.deepEqual(cs.map((c) => c.metadata.name), ['metallb-a', 'metallb-b']);
    assert.deepEqual(byName(cs, 'metallb-b').spec.bgp, { bfdProfiles: [{ name: 'fast', echoMode: false, passiveMode: false }] });
  });
  test('no sessions and no BFD profile: nothing', () => {
    assert.deepEqual(compile([node('a'), pool('p', ['10.0.0.0/24'])]), []);
  });
  test('routers group sessions by VRF, myASN and routerID; the default VRF first', () => {
    const cs = compile([
      node('a'),
      eBGP('b-red', '10.0.0.2', { vrf: 'red', myASN: 64600, routerID: '1.1.1.1' }),
      eBGP('a-blue', '10.0.0.3', { vrf: 'blue', routerID: '1.1.1.1' }),
      eBGP('c-default', '10.0.0.1', { routerID: '1.1.1.1' }),
      eBGP('d-default', '10.0.0.4', { routerID: '1.1.1.1', peerASN: 65001 }),
    ]);
    const rs = cs[0].spec.bgp!.routers!;
    assert.deepEqual(rs.map((r) => [r.vrf ?? '', r.asn, r.id, r.neighbors!.map((n) => n.address)]), [
      ['', 64512, '1.1.1.1', ['10.0.0.1', '10.0.0.4']],
      ['blue', 64512, '1.1.1.1', ['10.0.0.3']],
      ['red', 64600, '1.1.1.1', ['10.0.0.2']],
    ]);
  });
  test('neighbours sort numerically, IPv4 before IPv6, then interfaces', () => {
    const cs = compile([
      node('a'),
      eBGP('p1', '10.0.0.10'),
      eBGP('p2', '10.0.0.9'),
      eBGP('p3', 'fd00::1'),
      peer('p4', { myASN: 64512, dynamicASN: 'external', interface: 'eth0' }),
    ]);
    assert.deepEqual(neighbors(cs[0]).map((n) => n.address ?? n.interface), ['10.0.0.9', '10.0.0.10', 'fd00::1', 'eth0']);
  });
});

describe('neighbour fields', () => {
  const one = (spec: Record<string, unknown>, extra: KubeObject[] = []): Neighbor => {
    const r = run([node('a'), peer('p', { myASN: 64512, ...spec }), ...extra]);
    return neighbors(r.configs[0])[0];
  };
  test('a minimal eBGP neighbour: address, asn, port (always)', () => {
    assert.deepEqual(one({ peerASN: 65000, peerAddress: '10.0.0.1' }), { address: '10.0.0.1', asn: 65000, port: 179 });
  });
  test('iBGP with dynamicASN, unnumbered', () => {
    assert.deepEqual(one({ dynamicASN: 'internal', interface: 'eth1' }), { interface: 'eth1', dynamicASN: 'internal', port: 179 });
  });
  test('the address is normalised', () => {
    assert.equal(one({ peerASN: 1, peerAddress: 'FD00:0:0::0001' }).address, 'fd00::1');
  });
  test('every optional field MetalLB sets, and sourceaddress/localASN', () => {
    assert.deepEqual(
      one(
        {
          peerASN: 65000,
          peerAddress: '10.0.0.1',
          peerPort: 1179,
          holdTime: '9s',
          connectTime: '10s',
          ebgpMultiHop: true,
          bfdProfile: 'fast',
          enableGracefulRestart: true,
          dualStackAddressFamily: true,
          password: 'in-git',
          sourceAddress: '10.0.0.100',
          localASN: 64999,
        },
        [bfd('fast')],
      ),
      {
        address: '10.0.0.1',
        asn: 65000,
        localASN: 64999,
        sourceaddress: '10.0.0.100',
        port: 1179,
        password: 'in-git',
        holdTime: '9s',
        keepaliveTime: '3s',
        connectTime: '10s',
        ebgpMultiHop: true,
        bfdProfile: 'fast',
        enableGracefulRestart: true,
        dualStackAddressFamily: true,
      },
    );
  });
  test('a passwordSecret is a reference into the FRR-K8s namespace', () => {
    assert.deepEqual(one({ peerASN: 1, peerAddress: '10.0.0.1', passwordSecret: { name: 'auth' } }).passwordSecret, { name: 'auth', namespace: FRR_NS });
  });
});

describe('toAdvertise and router prefixes', () => {
  const objs = [
    node('a'),
    pool('p', ['192.0.2.0/24', '2001:db8::/64']),
    pool('q', ['198.51.100.0/24']),
    community('aliases', [['region', 'large:64512:1:100']]),
    eBGP('v4', '10.0.0.1'),
    eBGP('v6', 'fd00::1'),
    bgpAdv('p-main', { ipAddressPools: ['p'], localPref: 200, communities: ['65000:2', 'region'] }),
    bgpAdv('p-agg', { ipAddressPools: ['p'], aggregationLength: 24, aggregationLengthV6: 64, localPref: 100, communities: ['65000:1', '1:1'] }),
    bgpAdv('q-v4only', { ipAddressPools: ['q'], peers: ['v4'] }),
    service('web', { ips: ['192.0.2.10', '2001:db8::a'] }),
    service('db', { ips: ['198.51.100.7'] }),
  ];
  const cs = () => {
    const r = run(objs, { advertise: 'services' });
    assert.equal(r.diags.hasErrors, false);
    return r.configs;
  };
  test('allowed holds the neighbour\'s family only, sorted numerically', () => {
    const [v4, v6] = neighbors(cs()[0]);
    assert.deepEqual(v4.toAdvertise!.allowed!.prefixes, ['192.0.2.0/24', '192.0.2.10/32', '198.51.100.7/32']);
    assert.deepEqual(v6.toAdvertise!.allowed!.prefixes, ['2001:db8::/64', '2001:db8::a/128']);
  });
  test('withLocalPref: one entry per localPref', () => {
    const [v4] = neighbors(cs()[0]);
    assert.deepEqual(v4.toAdvertise!.withLocalPref, [
      { prefixes: ['192.0.2.0/24'], localPref: 100 },
      { prefixes: ['192.0.2.10/32'], localPref: 200 },
    ]);
  });
  test('withCommunity: one entry per community, large ones as large:A:B:C, ordered by MetalLB\'s community LessThan (its speaker sorts the strings; frr-k8s reads both the same)', () => {
    const [v4] = neighbors(cs()[0]);
    // large:64512:1:100 < 1:1 (= 65537:0:0) < 65000:1 < 65000:2
    assert.deepEqual(v4.toAdvertise!.withCommunity, [
      { prefixes: ['192.0.2.10/32'], community: 'large:64512:1:100' },
      { prefixes: ['192.0.2.0/24'], community: '1:1' },
      { prefixes: ['192.0.2.0/24'], community: '65000:1' },
      { prefixes: ['192.0.2.10/32'], community: '65000:2' },
    ]);
  });
  test('the router announces the union of its neighbours\' prefixes', () => {
    assert.deepEqual(cs()[0].spec.bgp!.routers![0].prefixes, ['192.0.2.0/24', '192.0.2.10/32', '198.51.100.7/32', '2001:db8::/64', '2001:db8::a/128']);
  });
  test('a neighbour with nothing to announce has no toAdvertise', () => {
    const r = compile([node('a'), eBGP('v4', '10.0.0.1')]);
    assert.deepEqual(r[0].spec.bgp!.routers![0], { asn: 64512, neighbors: [{ address: '10.0.0.1', asn: 65000, port: 179 }] });
  });
  test('pools mode: one prefix under two localPrefs to one neighbour is refused', () => {
    // Valid for MetalLB (different aggregation lengths), but announcing whole
    // pools makes both advertisements announce 192.0.2.0/24.
    const r = run([node('a'), pool('p', ['192.0.2.0/24']), eBGP('v4', '10.0.0.1'), bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24 })]);
    expectResults(r.diags, [['error', 'BGPAdvertisement/y', 'spec.localPref', 'both announce IPAddressPool "p" (192.0.2.0/24) to BGPPeer "v4" with localPref 100 and 200: with advertise: pools each announces the pool whole, so their aggregationLength 32 and 24, which MetalLB applies per service, do not separate them']]);
  });
  test('pools mode: one error per pair of advertisements, whatever the prefixes, peers and nodes; the recipe in it', () => {
    // MetalLB's flagship pattern on a pool of four prefixes, two peers, two nodes.
    const r = run([node('a'), node('b'), pool('p', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '10.0.0.0/24']), eBGP('tor1', '10.0.0.1'), eBGP('tor2', '10.0.0.2'), bgpAdv('local', { aggregationLength: 32, localPref: 100 }), bgpAdv('external', { aggregationLength: 24 })]);
    expectResults(r.diags, [['error', 'BGPAdvertisement/local', 'spec.localPref', 'BGPAdvertisements "external" and "local" both announce IPAddressPool "p" (10.0.0.0/24, 192.0.2.0/24, 198.51.100.0/24 and 1 more) to BGPPeers "tor1", "tor2" with localPref 0 and 100']]);
    assert.match(r.diags.list[0].message, /use advertise: services with the services' IPs pinned in Git \(metallb\.io\/loadBalancerIPs or spec\.loadBalancerIP\)/);
  });
  test('pools mode: advertisements split only by serviceSelectors: the error says so, not "aggregation lengths"', () => {
    const sel = [{ matchLabels: { tier: 'prod' } }];
    const r = run([node('a'), pool('p', ['192.0.2.0/24']), eBGP('v4', '10.0.0.1'), bgpAdv('prod', { localPref: 200, serviceSelectors: sel }), bgpAdv('rest', { localPref: 100 })]);
    expectResults(r.diags, [
      ['info', 'BGPAdvertisement/prod', 'spec.serviceSelectors', 'no effect with advertise: pools'],
      ['error', 'BGPAdvertisement/rest', 'spec.localPref', 'each announces the pool whole, so their serviceSelectors, which MetalLB applies per service, do not separate them'],
    ]);
    assert.doesNotMatch(r.diags.list[1].message, /aggregation/);
  });
});

describe('what pools mode announces', () => {
  test('a pool only an L2Advertisement selects is not announced over BGP', () => {
    const cs = compile([node('a'), pool('l2only', ['192.0.2.0/24']), pool('bgp', ['198.51.100.0/24']), eBGP('v4', '10.0.0.1'), l2Adv('l2', { ipAddressPools: ['l2only'] }), bgpAdv('b', { ipAddressPools: ['bgp'] })]);
    assert.deepEqual(cs[0].spec.bgp!.routers![0].prefixes, ['198.51.100.0/24']);
  });
  test('an excluded or network-unavailable node keeps its sessions but announces nothing', () => {
    const cs = compile([
      node('ok'),
      node('excluded', { 'node.kubernetes.io/exclude-from-external-load-balancers': 'true' }),
      node('down', {}, [{ type: 'NetworkUnavailable', status: 'True' }]),
      pool('p', ['192.0.2.0/24']),
      eBGP('v4', '10.0.0.1'),
      bgpAdv('b'),
    ]);
    assert.deepEqual(cs.map((c) => [c.metadata.name, c.spec.bgp!.routers![0].prefixes ?? []]), [
      ['metallb-down', []],
      ['metallb-excluded', []],
      ['metallb-ok', ['192.0.2.0/24']],
    ]);
  });
});

describe('BFD profiles', () => {
  test('every profile is listed, by name, with echoMode and passiveMode always set', () => {
    const cs = compile([node('a'), bfd('slow', { receiveInterval: 1000, minimumTtl: 10, echoInterval: 50 }), bfd('fast', { echoMode: true, passiveMode: true, detectMultiplier: 3, transmitInterval: 100 })]);
    assert.deepEqual(cs[0].spec.bgp!.bfdProfiles, [
      { name: 'fast', transmitInterval: 100, detectMultiplier: 3, echoMode: true, passiveMode: true },
      { name: 'slow', receiveInterval: 1000, echoInterval: 50, echoMode: false, passiveMode: false, minimumTtl: 10 },
    ]);
  });
});

describe('per-peer configurations (no Nodes)', () => {
  test('two peers whose names produce the same configuration name are refused', () => {
    const r = run([eBGP('a', '10.0.0.1', { nodeSelectors: [{ matchLabels: { x: '1' } }, { matchLabels: { x: '2' } }] }), eBGP('a-0', '10.0.0.2')]);
    expectResults(r.diags, [['error', 'BGPPeer/a-0', 'metadata.name', 'both produce an FRRConfiguration named "metallb-a-0"']]);
  });
});

describe('timers MetalLB derives with a fraction of a second', () => {
  test('holdTime 10s alone: keepaliveTime 3.333333333s, as the speaker publishes it', () => {
    const [c] = compile([node('a'), eBGP('tor', '10.0.0.1', { holdTime: '10s' })]);
    assert.deepEqual([neighbors(c)[0].holdTime, neighbors(c)[0].keepaliveTime], ['10s', '3.333333333s']);
  });
});
