// IPAddressPool into the model, in process: defaults, name order, overlaps
// named by the first address accepted, families kept apart, default routes
// only when allowed, and the pool holding an address (a binary search over
// CIDRs that never overlap, checked at every boundary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../src/api/diagnostic.ts';
import { formatPrefix, parseIP } from '../../src/api/ip.ts';
import type { IPAddressPool } from '../../src/api/metallb.ts';
import { parsePools, poolOfAddress } from '../../src/metallb/pools.ts';

const cr = (name: string, addresses: string[], spec: Record<string, unknown> = {}, labels?: Record<string, string>): IPAddressPool =>
  ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name, namespace: 'lb', ...(labels ? { labels } : {}) }, spec: { addresses, ...spec } }) as IPAddressPool;

function parse(crs: IPAddressPool[], allowDefaultRoute?: boolean) {
  const diags = new Diagnostics();
  const pools = parsePools(crs, diags, allowDefaultRoute === undefined ? undefined : { allowDefaultRoute });
  return { pools, problems: diags.list.map((d) => `${d.ref?.name} ${d.field}: ${d.message}`) };
}

test('pools in name order with MetalLB\'s defaults: autoAssign on, avoidBuggyIPs off, no labels, serviceAllocation lists empty', () => {
  const { pools, problems } = parse([
    cr('web', ['10.0.1.0/24'], { autoAssign: false, avoidBuggyIPs: true, serviceAllocation: { priority: 1 } }, { tier: 'gold' }),
    cr('api', ['10.0.0.0/24', '10.0.2.1-10.0.2.2']),
  ]);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    pools.map((p) => ({ ...p, ref: p.ref.name, cidrs: p.cidrs.map((c) => [formatPrefix(c.prefix), c.source, c.index]) })),
    [
      { name: 'api', ref: 'api', labels: {}, cidrs: [['10.0.0.0/24', '10.0.0.0/24', 0], ['10.0.2.1/32', '10.0.2.1-10.0.2.2', 1], ['10.0.2.2/32', '10.0.2.1-10.0.2.2', 1]], autoAssign: true, avoidBuggyIPs: false, bgpAdvertisements: [] },
      { name: 'web', ref: 'web', labels: { tier: 'gold' }, cidrs: [['10.0.1.0/24', '10.0.1.0/24', 0]], autoAssign: false, avoidBuggyIPs: true, serviceAllocation: { namespaces: [], namespaceSelectors: [], serviceSelectors: [] }, bgpAdvertisements: [] },
    ],
  );
});

test('an address that overlaps several accepted ones names the first accepted, not the lowest address', () => {
  const { pools, problems } = parse([cr('a', ['10.0.0.4/30']), cr('b', ['10.0.0.0/30']), cr('c', ['10.0.0.0/29', '10.0.1.0/24'])]);
  assert.deepEqual(problems, ['c spec.addresses[0]: 10.0.0.0/29 (from "10.0.0.0/29") overlaps with 10.0.0.4/30 of IPAddressPool "a"']);
  // The pool keeps its valid addresses (references to it resolve).
  assert.deepEqual(pools.find((p) => p.name === 'c')?.cidrs.map((c) => c.source), ['10.0.1.0/24']);
});

test('overlaps at the edges: the last address of one entry and the first of the next, and entries added out of order', () => {
  // 10.0.0.255 is the last address of the first entry; the range ends on it.
  assert.deepEqual(parse([cr('a', ['10.0.0.0/24', '10.0.1.0/24', '10.0.0.200-10.0.0.255'])]).problems, [
    'a spec.addresses[2]: 10.0.0.200/29 (from "10.0.0.200-10.0.0.255") overlaps with 10.0.0.0/24 in the same pool',
    'a spec.addresses[2]: 10.0.0.208/28 (from "10.0.0.200-10.0.0.255") overlaps with 10.0.0.0/24 in the same pool',
    'a spec.addresses[2]: 10.0.0.224/27 (from "10.0.0.200-10.0.0.255") overlaps with 10.0.0.0/24 in the same pool',
  ]);
  // Added high, low, then middle: each new one is found among those around it.
  assert.deepEqual(parse([cr('a', ['10.0.9.0/24', '10.0.1.0/24', '10.0.5.0/24']), cr('b', ['10.0.5.255/32', '10.0.9.0/32', '10.0.1.0/32', '10.0.4.255/32', '10.0.6.0/32'])]).problems, [
    'b spec.addresses[0]: 10.0.5.255/32 (from "10.0.5.255/32") overlaps with 10.0.5.0/24 of IPAddressPool "a"',
    'b spec.addresses[1]: 10.0.9.0/32 (from "10.0.9.0/32") overlaps with 10.0.9.0/24 of IPAddressPool "a"',
    'b spec.addresses[2]: 10.0.1.0/32 (from "10.0.1.0/32") overlaps with 10.0.1.0/24 of IPAddressPool "a"',
  ]);
});

test('IPv4 and IPv6 addresses of the same number never overlap', () => {
  // ::a00:0/120 is the number of 10.0.0.0/24 with 96 more bits.
  assert.deepEqual(parse([cr('a', ['10.0.0.0/24']), cr('b', ['::a00:0/120', '::a00:0/128'])]).problems, ['b spec.addresses[1]: ::a00:0/128 (from "::a00:0/128") overlaps with ::a00:0/120 in the same pool']);
});

test('a pool of every address is a default route: refused unless allowed, per family', () => {
  const every = [cr('all', ['0.0.0.0/0', '::/0'])];
  assert.deepEqual(parse(every).problems, [
    'all spec.addresses[0]: "0.0.0.0/0" is every IPv4 address: announced whole (advertise: pools) it is a default route to every peer; set allowDefaultRoute: true in the function\'s configuration if that is meant',
    'all spec.addresses[1]: "::/0" is every IPv6 address: announced whole (advertise: pools) it is a default route to every peer; set allowDefaultRoute: true in the function\'s configuration if that is meant',
  ]);
  assert.deepEqual(parse(every, false).problems.length, 2);
  const allowed = parse(every, true);
  assert.deepEqual(allowed.problems, []);
  assert.deepEqual(allowed.pools[0].cidrs.map((c) => formatPrefix(c.prefix)), ['0.0.0.0/0', '::/0']);
  // A /1 is not every address.
  assert.deepEqual(parse([cr('half', ['0.0.0.0/1'])]).problems, []);
});

test('poolOfAddress: the pool holding an address, at every boundary, none in the gaps or in the other family', () => {
  const { pools } = parse([
    cr('c', ['10.0.4.0/24']),
    cr('a', ['10.0.0.0/24', '10.0.2.0/31']),
    cr('b', ['10.0.1.0/24', '10.0.3.0-10.0.3.2']),
    cr('v6', ['fd00::/126']),
    cr('one', ['10.0.9.9/32']),
  ]);
  const poolOf = poolOfAddress(pools);
  const at = (ip: string) => {
    const a = parseIP(ip);
    assert.ok(a, ip);
    return poolOf(a.family, a.value)?.name;
  };
  const want: Record<string, string | undefined> = {
    '9.255.255.255': undefined,
    '10.0.0.0': 'a',
    '10.0.0.255': 'a',
    '10.0.1.0': 'b',
    '10.0.1.128': 'b',
    '10.0.1.255': 'b',
    '10.0.2.0': 'a',
    '10.0.2.1': 'a',
    '10.0.2.2': undefined,
    '10.0.3.0': 'b',
    '10.0.3.2': 'b',
    '10.0.3.3': undefined,
    '10.0.4.0': 'c',
    '10.0.4.255': 'c',
    '10.0.5.0': undefined,
    '10.0.9.8': undefined,
    '10.0.9.9': 'one',
    '10.0.9.10': undefined,
    'fd00::': 'v6',
    'fd00::3': 'v6',
    'fd00::4': undefined,
    '::a00:0': undefined,
  };
  assert.deepEqual(Object.fromEntries(Object.keys(want).map((ip) => [ip, at(ip)])), want);
  assert.equal(poolOfAddress([])(4, 1n), undefined);
});
