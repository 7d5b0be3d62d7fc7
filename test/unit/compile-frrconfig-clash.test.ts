// The localPref clash of advertise: pools (src/compile/frrconfig.ts
// clashMessage, neighborFor): one error per pair of advertisements, naming
// the pools they share, the peers, and what MetalLB would have separated
// them by, for the families the clashing prefixes are in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpAdv, node, peer, pool, run } from './metallb-fixtures.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

const eBGP = (name: string, address: string, extra: Record<string, unknown> = {}) => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: address, ...extra });
const tor = eBGP('tor', '10.0.0.1');
const errors = (objs: KubeObject[]) => run(objs).diags.list.filter((d) => d.severity === 'error').map((d) => `${d.ref?.kind}/${d.ref?.name} ${d.field}: ${d.message}`);
const RECIPE = 'and frr-k8s sends a prefix with one localPref only. To announce per service as MetalLB does (an aggregate plus host routes, a localPref per set of services), use advertise: services with the services\' IPs pinned in Git (metallb.io/loadBalancerIPs or spec.loadBalancerIP); otherwise give both one localPref';

test('a clash lists only the pools both advertisements select, plural and comma-separated when there are two', () => {
  const objs = [node('n1'), pool('p', ['192.0.2.0/24']), pool('q', ['198.51.100.0/24']), pool('r', ['203.0.113.0/24']), tor,
    bgpAdv('x', { ipAddressPools: ['p', 'q', 'r'], localPref: 100 }), bgpAdv('y', { ipAddressPools: ['p', 'q'], localPref: 200, aggregationLength: 24 })];
  assert.deepEqual(errors(objs), [
    `BGPAdvertisement/y spec.localPref: BGPAdvertisements "x" and "y" both announce IPAddressPools "p", "q" (192.0.2.0/24, 198.51.100.0/24) to BGPPeer "tor" with localPref 100 and 200: with advertise: pools each announces the pool whole, so their aggregationLength 32 and 24, which MetalLB applies per service, do not separate them, ${RECIPE}`,
  ]);
});

test('peers are listed by name, whatever the order the nodes meet them in', () => {
  // n1 meets "z" first; n2 then meets "a".
  const objs = [node('n1', { only: 'z' }), node('n2', { only: 'a' }), pool('p', ['192.0.2.0/24']),
    eBGP('z', '10.0.0.2', { nodeSelectors: [{ matchLabels: { only: 'z' } }] }), eBGP('a', '10.0.0.1', { nodeSelectors: [{ matchLabels: { only: 'a' } }] }),
    bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24 })];
  assert.deepEqual(errors(objs).map((e) => e.split(' with localPref')[0]), ['BGPAdvertisement/y spec.localPref: BGPAdvertisements "x" and "y" both announce IPAddressPool "p" (192.0.2.0/24) to BGPPeers "a", "z"']);
});

test('on a dual-stack pool both aggregation lengths are named, joined by "and"', () => {
  const objs = [node('n1'), pool('p', ['192.0.2.0/24', '2001:db8::/64']), eBGP('tor', '10.0.0.1', { dualStackAddressFamily: true }),
    bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24, aggregationLengthV6: 64 })];
  assert.deepEqual(errors(objs), [
    `BGPAdvertisement/y spec.localPref: BGPAdvertisements "x" and "y" both announce IPAddressPool "p" (192.0.2.0/24, 2001:db8::/64) to BGPPeer "tor" with localPref 100 and 200: with advertise: pools each announces the pool whole, so their aggregationLength 32 and 24 and aggregationLengthV6 128 and 64, which MetalLB applies per service, do not separate them, ${RECIPE}`,
  ]);
});

test('an IPv4-only clash names aggregationLength only, even when aggregationLengthV6 differs too', () => {
  const objs = [node('n1'), pool('p', ['192.0.2.0/24']), tor, bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24, aggregationLengthV6: 64 })];
  assert.match(errors(objs)[0], /so their aggregationLength 32 and 24, which MetalLB/);
});

test('an IPv6-only clash names aggregationLengthV6 only, even when aggregationLength differs too', () => {
  const objs = [node('n1'), pool('p', ['2001:db8::/64']), eBGP('tor6', 'fd00::1'), bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24, aggregationLengthV6: 64 })];
  assert.match(errors(objs)[0], /so their aggregationLengthV6 128 and 64, which MetalLB/);
});

test('an IPv6 clash split by serviceSelectors alone does not name the equal aggregationLengthV6', () => {
  const objs = [node('n1'), pool('p', ['2001:db8::/64']), eBGP('tor6', 'fd00::1'), bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, serviceSelectors: [{ matchLabels: { tier: 'prod' } }] })];
  assert.match(errors(objs)[0], /so their serviceSelectors, which MetalLB/);
});

test('serviceSelectors on the second advertisement of the pair (by name) are named too', () => {
  const objs = [node('n1'), pool('p', ['192.0.2.0/24']), tor, bgpAdv('a', { localPref: 100 }), bgpAdv('b', { localPref: 200, serviceSelectors: [{ matchLabels: { tier: 'prod' } }] })];
  assert.match(errors(objs)[0], /^BGPAdvertisement\/b spec.localPref: BGPAdvertisements "a" and "b" .* so their serviceSelectors, which MetalLB/);
});

test('two clashing pairs on two pools: one error each', () => {
  const objs = [node('n1'), pool('p', ['192.0.2.0/24']), pool('q', ['198.51.100.0/24']), tor,
    bgpAdv('p1', { ipAddressPools: ['p'], localPref: 100 }), bgpAdv('p2', { ipAddressPools: ['p'], localPref: 200, aggregationLength: 24 }),
    bgpAdv('q1', { ipAddressPools: ['q'], localPref: 100 }), bgpAdv('q2', { ipAddressPools: ['q'], localPref: 200, aggregationLength: 24 })];
  assert.deepEqual(errors(objs).map((e) => e.split(' to BGPPeer')[0]), [
    'BGPAdvertisement/p2 spec.localPref: BGPAdvertisements "p1" and "p2" both announce IPAddressPool "p" (192.0.2.0/24)',
    'BGPAdvertisement/q2 spec.localPref: BGPAdvertisements "q1" and "q2" both announce IPAddressPool "q" (198.51.100.0/24)',
  ]);
});

test('each advertisement is compared with the first localPref a prefix got, so three advertisements make two pairs', () => {
  const objs = [node('n1'), pool('p', ['192.0.2.0/24']), tor,
    bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24 }), bgpAdv('z', { localPref: 200, aggregationLength: 28 })];
  assert.deepEqual(errors(objs).map((e) => e.split(' both announce')[0]), [
    'BGPAdvertisement/y spec.localPref: BGPAdvertisements "x" and "y"',
    'BGPAdvertisement/z spec.localPref: BGPAdvertisements "x" and "z"',
  ]);
});
