// Per-peer configurations, without Node objects (src/compile/frrconfig.ts
// perPeer): metallb-<peer>, and a -partN per extra node condition, numbered in
// the order of the condition's canonical selector; the list sorted by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpAdv, expectResults, peer, pool, run } from './metallb-fixtures.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

const eBGP = (name: string, address: string, extra: Record<string, unknown> = {}) => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: address, ...extra });
const compile = (objs: KubeObject[]) => {
  const r = run(objs);
  expectResults(r.diags, []);
  return r.configs;
};
const zone = (z: string) => [{ matchLabels: { zone: z } }];

test('an advertisement limited to another peer adds no -part configuration to this one', () => {
  const cs = compile([pool('p', ['192.0.2.0/24']), eBGP('a', '10.0.0.1'), eBGP('b', '10.0.0.2'), bgpAdv('only-a', { peers: ['a'], nodeSelectors: zone('east') })]);
  assert.deepEqual(cs.map((c) => [c.metadata.name, c.spec.nodeSelector, c.spec.bgp!.routers![0].prefixes]), [
    ['metallb-a', {}, undefined],
    ['metallb-a-part1', { matchLabels: { zone: 'east' } }, ['192.0.2.0/24']],
    ['metallb-b', {}, undefined],
  ]);
});

test('-partN follow the order of their node selectors, not of the advertisements', () => {
  const cs = compile([pool('p', ['192.0.2.0/24']), pool('q', ['198.51.100.0/24']), eBGP('a', '10.0.0.1'),
    bgpAdv('x', { ipAddressPools: ['p'], nodeSelectors: zone('west') }), bgpAdv('y', { ipAddressPools: ['q'], nodeSelectors: zone('east') })]);
  assert.deepEqual(cs.map((c) => [c.metadata.name, c.spec.nodeSelector, c.spec.bgp!.routers![0].prefixes]), [
    ['metallb-a', {}, undefined],
    ['metallb-a-part1', { matchLabels: { zone: 'east' } }, ['198.51.100.0/24']],
    ['metallb-a-part2', { matchLabels: { zone: 'west' } }, ['192.0.2.0/24']],
  ]);
});

test('configurations are listed by name, not by peer', () => {
  const cs = compile([pool('p', ['192.0.2.0/24']), eBGP('a', '10.0.0.1'), eBGP('a-b', '10.0.0.2'), bgpAdv('x', { nodeSelectors: zone('east') })]);
  assert.deepEqual(cs.map((c) => c.metadata.name), ['metallb-a', 'metallb-a-b', 'metallb-a-b-part1', 'metallb-a-part1']);
});

test('peers with one node selector under one advertisement\'s condition share the joined selector (joined once)', () => {
  const cs = compile([pool('p', ['192.0.2.0/24']), eBGP('a', '10.0.0.1', { nodeSelectors: zone('east') }), eBGP('b', '10.0.0.2', { nodeSelectors: zone('east') }),
    bgpAdv('x', { nodeSelectors: [{ matchLabels: { rack: 'r1' } }] })]);
  const part = (n: string) => cs.find((c) => c.metadata.name === n)!.spec.nodeSelector;
  assert.deepEqual(part('metallb-a-part1'), { matchLabels: { rack: 'r1', zone: 'east' } });
  assert.equal(part('metallb-a-part1'), part('metallb-b-part1'));
});
