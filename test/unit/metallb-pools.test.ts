// IPAddressPool, Community, BFDProfile and whole-input rules (MetalLB
// internal/config addressPoolFromCR, ParseCIDR, poolsFor, communitiesFromCrs,
// bfdProfileFromCR; the CRDs), each with a rejecting and an accepting case.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bfd, bgpAdv, community, node, NS, peer, pool, run, table } from './metallb-fixtures.ts';
import { parseAddresses } from '../../src/metallb/pools.ts';
import { formatPrefix } from '../../src/api/ip.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

const A = 'IPAddressPool/a';
const B = 'IPAddressPool/b';

describe('IPAddressPool: addresses', () => {
  table(test, [
    { name: 'no addresses is rejected', objs: [pool('a', [])], want: [['error', A, 'spec.addresses', 'at least one address']] },
    { name: 'one address is accepted', objs: [pool('a', ['10.0.0.0/24'])], want: [] },
    { name: 'addresses missing is rejected', objs: [{ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'a', namespace: NS }, spec: {} }], want: [['error', A, 'spec.addresses', 'required field']] },
    { name: 'a prefix length of 33 is rejected', objs: [pool('a', ['10.0.0.0/33'])], want: [['error', A, 'spec.addresses[0]', 'invalid CIDR "10.0.0.0/33"']] },
    { name: 'a prefix length of 32 is accepted', objs: [pool('a', ['10.0.0.0/32'])], want: [] },
    { name: 'an IPv6 prefix length of 129 is rejected', objs: [pool('a', ['fd00::/129'])], want: [['error', A, 'spec.addresses[0]', 'invalid CIDR']] },
    { name: 'an IPv6 /128 is accepted', objs: [pool('a', ['fd00::1/128'])], want: [] },
    { name: 'a bare address is rejected', objs: [pool('a', ['10.0.0.1'])], want: [['error', A, 'spec.addresses[0]', 'invalid CIDR']] },
    { name: 'a range ending before it starts is rejected', objs: [pool('a', ['10.0.0.9-10.0.0.1'])], want: [['error', A, 'spec.addresses[0]', 'start IP is after the end IP']] },
    { name: 'a one-address range is accepted', objs: [pool('a', ['10.0.0.9-10.0.0.9'])], want: [] },
    { name: 'a range across families is rejected', objs: [pool('a', ['10.0.0.1-fd00::1'])], want: [['error', A, 'spec.addresses[0]', 'different IP families']] },
    { name: 'a range with a bad start is rejected', objs: [pool('a', ['10.0.0-10.0.0.9'])], want: [['error', A, 'spec.addresses[0]', 'invalid start IP']] },
    { name: 'a range with a bad end is rejected', objs: [pool('a', ['10.0.0.1-10.0.0'])], want: [['error', A, 'spec.addresses[0]', 'invalid end IP']] },
    { name: 'a range of three addresses is rejected whole', objs: [pool('a', ['10.0.0.1-10.0.0.5-10.0.0.9'])], want: [['error', A, 'spec.addresses[0]', 'invalid IP range "10.0.0.1-10.0.0.5-10.0.0.9"']] },
    { name: 'a range with spaces around the dash is accepted', objs: [pool('a', ['10.0.0.1 - 10.0.0.9'])], want: [] },
    { name: 'each bad entry is reported', objs: [pool('a', ['x', '10.0.0.0/24', 'y'])], want: [['error', A, 'spec.addresses[0]', 'invalid CIDR'], ['error', A, 'spec.addresses[2]', 'invalid CIDR']] },
  ]);
  test('ranges are summarised to the minimal CIDRs', () => {
    const show = (t: string) => {
      const got = parseAddresses(t);
      assert.ok(got.ok, t);
      return got.value.map(formatPrefix);
    };
    assert.deepEqual(show('10.0.0.1-10.0.0.6'), ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    assert.deepEqual(show('10.0.0.0-10.0.0.255'), ['10.0.0.0/24']);
    assert.deepEqual(show('fd00::1-fd00::4'), ['fd00::1/128', 'fd00::2/127', 'fd00::4/128']);
    assert.deepEqual(show('0.0.0.0-255.255.255.255'), ['0.0.0.0/0']);
    assert.deepEqual(show('10.0.0.5/24'), ['10.0.0.0/24']);
  });
});

describe('IPAddressPool: overlaps and names', () => {
  table(test, [
    { name: 'overlapping entries in one pool are rejected', objs: [pool('a', ['10.0.0.0/24', '10.0.0.128/25'])], want: [['error', A, 'spec.addresses[1]', 'overlaps with 10.0.0.0/24 in the same pool']] },
    { name: 'the same CIDR twice is rejected', objs: [pool('a', ['10.0.0.0/24', '10.0.0.0/24'])], want: [['error', A, 'spec.addresses[1]', 'overlaps']] },
    { name: 'adjacent entries are accepted', objs: [pool('a', ['10.0.0.0/25', '10.0.0.128/25'])], want: [] },
    { name: 'a range overlapping a CIDR is rejected', objs: [pool('a', ['10.0.0.0/30', '10.0.0.3-10.0.0.9'])], want: [['error', A, 'spec.addresses[1]', '10.0.0.3/32 (from "10.0.0.3-10.0.0.9") overlaps']] },
    { name: 'overlaps across pools are rejected', objs: [pool('a', ['10.0.0.0/24']), pool('b', ['10.0.0.0/16'])], want: [['error', B, 'spec.addresses[0]', 'overlaps with 10.0.0.0/24 of IPAddressPool "a"']] },
    { name: 'disjoint pools are accepted', objs: [pool('a', ['10.0.0.0/24']), pool('b', ['10.0.1.0/24'])], want: [] },
    { name: 'the same pool name twice is rejected', objs: [pool('a', ['10.0.0.0/24']), pool('a', ['10.0.1.0/24'])], want: [['error', A, 'metadata.name', 'appears twice']] },
    { name: 'the same pool with and without its namespace is one pool twice', objs: [pool('a', ['10.0.0.0/24']), { ...pool('a', ['10.0.1.0/24']), metadata: { name: 'a' } }], want: [['error', A, 'metadata.name', 'appears twice']] },
    { name: 'an unknown version is rejected', objs: [{ ...pool('a', ['10.0.0.0/24']), apiVersion: 'metallb.io/v1' }], want: [['error', A, 'apiVersion', 'unsupported version']] },
  ]);
});

describe('IPAddressPool: serviceAllocation', () => {
  const sa = (serviceAllocation: Record<string, unknown>) => pool('a', ['10.0.0.0/24'], { serviceAllocation });
  table(test, [
    { name: 'a namespace listed twice is rejected', objs: [sa({ namespaces: ['x', 'x'] })], want: [['error', A, 'spec.serviceAllocation.namespaces', 'duplicate namespace "x"']] },
    { name: 'distinct namespaces are accepted', objs: [sa({ namespaces: ['x', 'y'], priority: 10 })], want: [] },
    { name: 'a duplicate namespace selector is rejected', objs: [sa({ namespaceSelectors: [{ matchLabels: { t: 'a' } }, { matchLabels: { t: 'a' } }] })], want: [['error', A, 'spec.serviceAllocation.namespaceSelectors[1]', 'duplicate selector']] },
    { name: 'a malformed service selector is rejected', objs: [sa({ serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }] })], want: [['error', A, 'spec.serviceAllocation.serviceSelectors[0].matchExpressions[0].values', 'takes no values']] },
    { name: 'valid selectors are accepted', objs: [sa({ namespaceSelectors: [{ matchLabels: { t: 'a' } }], serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }] })], want: [] },
  ]);
});

/** The Community with its first alias' value left out. */
function withoutValue(c: KubeObject): KubeObject {
  delete (c.spec as { communities: Array<{ value?: string }> }).communities[0].value;
  return c;
}

describe('Community aliases and community values', () => {
  const C = 'Community/c';
  const ad = (communities: string[]) => bgpAdv('ad', { communities });
  const base = [pool('a', ['10.0.0.0/24'])];
  const AD = 'BGPAdvertisement/ad';
  table(test, [
    { name: 'a standard community with 16-bit parts is accepted', objs: [...base, ad(['65535:65535', '0:0'])], want: [] },
    { name: 'a standard community part above 16 bits is rejected', objs: [...base, ad(['65536:1'])], want: [['error', AD, 'spec.communities[0]', 'from 0 to 65535']] },
    { name: 'a large community with 32-bit parts is accepted', objs: [...base, ad(['large:4294967295:0:4294967295'])], want: [] },
    { name: 'a large community part above 32 bits is rejected', objs: [...base, ad(['large:4294967296:0:0'])], want: [['error', AD, 'spec.communities[0]', 'from 0 to 4294967295']] },
    { name: 'a four-part community without the large marker is rejected', objs: [...base, ad(['big:1:2:3'])], want: [['error', AD, 'spec.communities[0]', 'large:A:B:C']] },
    { name: 'a name that is no alias is rejected', objs: [...base, ad(['no-export'])], want: [['error', AD, 'spec.communities[0]', 'nor the name of an alias']] },
    { name: 'a name that is an alias resolves', objs: [...base, community('c', [['no-export', '65535:65281']]), ad(['no-export'])], want: [] },
    { name: 'an alias with an invalid value is rejected', objs: [community('c', [['x', '1:65536']])], want: [['error', C, 'spec.communities[0].value', 'from 0 to 65535']] },
    { name: 'an alias without a value is rejected as an empty one', objs: [withoutValue(community('c', [['x', '']]))], want: [['error', C, 'spec.communities[0].value', 'invalid community ""']] },
    { name: 'an alias defined twice in one Community is rejected', objs: [community('c', [['x', '1:1'], ['x', '1:2']])], want: [['error', C, 'spec.communities[1].name', 'already defined in Community "c"']] },
    { name: 'an alias defined in two Communities is rejected', objs: [community('b', [['x', '1:1']]), community('c', [['x', '1:2']])], want: [['error', C, 'spec.communities[0].name', 'already defined in Community "b"']] },
    { name: 'distinct aliases are accepted', objs: [community('b', [['x', '1:1']]), community('c', [['y', '1:1']])], want: [] },
    { name: 'an alias without a name is rejected', objs: [community('c', [['', '1:1']])], want: [['error', C, 'spec.communities[0].name', 'needs a name']] },
    { name: 'a community listed twice is rejected', objs: [...base, ad(['1:1', '1:1'])], want: [['error', AD, 'spec.communities', 'duplicate entry "1:1"']] },
    { name: '63 communities are accepted', objs: [...base, ad(Array.from({ length: 63 }, (_, i) => `1:${i}`))], want: [] },
    { name: '64 communities are rejected', objs: [...base, ad(Array.from({ length: 64 }, (_, i) => `1:${i}`))], want: [['error', AD, 'spec.communities', 'at most 63 communities']] },
  ]);
});

test("an advertisement's communities are kept once each, in MetalLB's order (A:B as the large community A<<16|B:0:0)", () => {
  const r = run([pool('a', ['10.0.0.0/24']), community('c', [['second', '65000:2']]), bgpAdv('ad', { communities: ['65000:2', 'large:4259840001:0:1', 'second', '65000:1'] })]);
  assert.deepEqual(r.model?.bgpAdvertisements[0].communities.map((c) => c.value), ['65000:1', 'large:4259840001:0:1', '65000:2']);
});

describe('BFDProfile: ranges and names', () => {
  const F = 'BFDProfile/fast';
  const rows: Array<[string, number, number]> = [
    ['receiveInterval', 10, 60000],
    ['transmitInterval', 10, 60000],
    ['echoInterval', 10, 60000],
    ['detectMultiplier', 2, 255],
    ['minimumTtl', 1, 254],
  ];
  table(
    test,
    rows.flatMap(([field, min, max]) => [
      { name: `${field} ${min - 1} is rejected`, objs: [bfd('fast', { [field]: min - 1 })], want: [['error', F, `spec.${field}`, `must be >= ${min}`]] },
      { name: `${field} ${min} is accepted`, objs: [bfd('fast', { [field]: min })], want: [] },
      { name: `${field} ${max} is accepted`, objs: [bfd('fast', { [field]: max })], want: [] },
      { name: `${field} ${max + 1} is rejected`, objs: [bfd('fast', { [field]: max + 1 })], want: [['error', F, `spec.${field}`, `must be <= ${max}`]] },
    ]),
  );
  table(test, [
    { name: 'the same profile name twice is rejected', objs: [bfd('fast'), bfd('fast')], want: [['error', F, 'metadata.name', 'appears twice']] },
    { name: 'two profile names are accepted', objs: [bfd('fast'), bfd('slow')], want: [] },
    { name: 'echoMode must be a boolean', objs: [bfd('fast', { echoMode: 'yes' })], want: [['error', F, 'spec.echoMode', 'must be of type boolean']] },
  ]);
});

describe('Whole input: all or nothing', () => {
  test('every problem is reported, and nothing is compiled', () => {
    const r = run([
      pool('a', ['10.0.0.0/33']),
      peer('p', { myASN: 0, peerASN: 1, peerAddress: 'x' }),
      bgpAdv('ad', { aggregationLength: 33, ipAddressPools: ['missing'] }),
      bfd('fast', { detectMultiplier: 1 }),
    ]);
    assert.equal(r.model, undefined);
    assert.deepEqual(r.configs, []);
    assert.deepEqual(
      r.diags.list.map((d) => `${d.ref?.kind}/${d.ref?.name} ${d.field}`).sort(),
      [
        'BFDProfile/fast spec.detectMultiplier',
        'BGPAdvertisement/ad spec.aggregationLength',
        'BGPAdvertisement/ad spec.ipAddressPools[0]',
        'BGPPeer/p spec.myASN',
        'BGPPeer/p spec.peerAddress',
        'IPAddressPool/a spec.addresses[0]',
      ],
    );
  });
  table(test, [
    { name: 'a bgpextras ConfigMap with raw FRR configuration is rejected', objs: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bgpextras', namespace: NS }, data: { extras: 'router bgp 1' } }], want: [['error', 'ConfigMap/bgpextras', 'data.extras', 'not supported with frr-k8s']] },
    { name: 'an empty bgpextras ConfigMap is accepted', objs: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bgpextras', namespace: NS }, data: {} }], want: [] },
  ]);
});

describe('Whole input: metadata and Nodes as the API server would have them', () => {
  const N = 'Node/n1';
  table(test, [
    { name: 'a label value that is no string is rejected', objs: [node('n1', { rack: 1 as unknown as string })], want: [['error', N, 'metadata.labels["rack"]', 'must be a string (quote it in YAML: "1")']] },
    { name: 'labels that are no map are rejected', objs: [pool('a', ['10.0.0.0/24'], {}, 'tier' as unknown as Record<string, string>)], want: [['error', A, 'metadata.labels', 'must be a map']] },
    { name: 'a pool with bad labels still resolves (only its own error)', objs: [pool('a', ['10.0.0.0/24'], {}, { tier: true as unknown as string }), bgpAdv('ad', { ipAddressPools: ['a'] })], want: [['error', A, 'metadata.labels["tier"]', 'must be a string']] },
    { name: 'string labels are accepted', objs: [node('n1', { rack: '1' })], want: [] },
    { name: 'Node conditions that are no list are rejected', objs: [{ ...node('n1'), status: { conditions: 'Ready' } }], want: [['error', N, 'status.conditions', 'must be a list']] },
    { name: 'a Node condition that is no object is rejected', objs: [{ ...node('n1'), status: { conditions: [null] } }], want: [['error', N, 'status.conditions[0]', 'must be an object']] },
    { name: 'a Node status that is no object is rejected', objs: [{ ...node('n1'), status: 'Ready' }], want: [['error', N, 'status', 'must be an object']] },
    { name: 'well-formed Node conditions are accepted', objs: [node('n1', {}, [{ type: 'Ready', status: 'True' }])], want: [] },
  ]);
});

test('the model lists pools by name, with MetalLB\'s defaults autoAssign true and avoidBuggyIPs false', () => {
  const r = run([pool('b', ['10.0.0.0/24']), pool('a', ['10.1.0.0/24'], { autoAssign: false, avoidBuggyIPs: true })]);
  assert.deepEqual(r.model?.pools.map((p) => [p.name, p.autoAssign, p.avoidBuggyIPs]), [
    ['a', false, true],
    ['b', true, false],
  ]);
});
