// Per-node configurations (src/compile/frrconfig.ts perNode): nodes with the
// same sessions and announcements share one spec.bgp, built once; nodes that
// differ never get another node's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpAdv, expectResults, node, peer, pool, run } from './metallb-fixtures.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

const eBGP = (name: string, address: string, extra: Record<string, unknown> = {}) => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: address, ...extra });
const compile = (objs: KubeObject[]) => {
  const r = run(objs);
  expectResults(r.diags, []);
  return r.configs;
};

test('nodes with the same sessions and announcements share one spec.bgp (built once)', () => {
  const cs = compile([node('n1'), node('n2'), pool('p', ['192.0.2.0/24']), eBGP('tor', '10.0.0.1'), bgpAdv('all')]);
  assert.deepEqual(cs.map((c) => c.metadata.name), ['metallb-n1', 'metallb-n2']);
  assert.deepEqual(cs[0].spec.bgp!.routers![0].prefixes, ['192.0.2.0/24']);
  assert.equal(cs[0].spec.bgp, cs[1].spec.bgp);
});

const id = (i: number) => String(i).padStart(2, '0');
const routerOf = (cs: ReturnType<typeof compile>, n: string) => cs.find((c) => c.metadata.name === `metallb-${n}`)!.spec.bgp!.routers![0];

test('nodes whose session lists read alike run together ("1,2,3" and "1,23") still get their own', () => {
  // n0 meets all 24 peers first, so the peers are numbered 0..23 in order.
  const peers = Array.from({ length: 24 }, (_, i) => eBGP(`p${id(i)}`, `10.0.0.${i + 1}`, { nodeSelectors: [{ matchLabels: { [`p${id(i)}`]: 'y' } }] }));
  const labels = (is: number[]) => Object.fromEntries(is.map((i) => [`p${id(i)}`, 'y']));
  const cs = compile([node('n0', labels(Array.from({ length: 24 }, (_, i) => i))), node('n1', labels([1, 2, 3])), node('n2', labels([1, 23])), ...peers]);
  assert.deepEqual(routerOf(cs, 'n1').neighbors!.map((n) => n.address), ['10.0.0.2', '10.0.0.3', '10.0.0.4']);
  assert.deepEqual(routerOf(cs, 'n2').neighbors!.map((n) => n.address), ['10.0.0.2', '10.0.0.24']);
});

test('nodes whose announcement lists read alike run together ("1,2,3" and "1,23") still get their own', () => {
  // One peer (0), then n0 meets every announcement: a (1), b (2, 3), c (4..22), d (23).
  const cidrs = (base: number, n: number) => Array.from({ length: n }, (_, i) => `10.${base}.${i}.0/24`);
  const objs = [
    node('n0', { a: 'y', b: 'y', c: 'y', d: 'y' }), node('n1', { a: 'y', b: 'y' }), node('n2', { a: 'y', d: 'y' }),
    eBGP('tor', '192.0.2.1'),
    pool('pa', cidrs(1, 1)), pool('pb', cidrs(2, 2)), pool('pc', cidrs(3, 19)), pool('pd', cidrs(4, 1)),
    ...['a', 'b', 'c', 'd'].map((x) => bgpAdv(x, { ipAddressPools: [`p${x}`], nodeSelectors: [{ matchLabels: { [x]: 'y' } }] })),
  ];
  const cs = compile(objs);
  assert.deepEqual(routerOf(cs, 'n1').prefixes, ['10.1.0.0/24', '10.2.0.0/24', '10.2.1.0/24']);
  assert.deepEqual(routerOf(cs, 'n2').prefixes, ['10.1.0.0/24', '10.4.0.0/24']);
});
