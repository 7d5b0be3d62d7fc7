// BGPAdvertisement and L2Advertisement rules (MetalLB internal/config
// bgpAdvertisementFromCR, validateBGPAdvPerPool,
// BGPAdvertisementsHaveCompatibleLocalPref, validateConfig; the CRD's CEL
// rule), each with a rejecting and an accepting case at its boundary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bfd, bgpAdv, l2Adv, node, peer, pool, run, table } from './metallb-fixtures.ts';
import { poolSelection } from '../../src/metallb/advertisements.ts';

const AD = 'BGPAdvertisement/ad';
const AD2 = 'BGPAdvertisement/ad2';
const v4 = pool('v4', ['10.0.0.0/24']);
const v6 = pool('v6', ['fd00::/64']);
const dual = pool('dual', ['10.1.0.0/24', 'fd01::/64']);
const tor = (name = 'tor', extra: Record<string, unknown> = {}) => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: name === 'tor' ? '10.0.0.1' : '10.0.0.2', ...extra });

describe('BGPAdvertisement: references and duplicates', () => {
  table(test, [
    { name: 'an unknown pool is rejected', objs: [v4, bgpAdv('ad', { ipAddressPools: ['v5'] })], want: [['error', AD, 'spec.ipAddressPools[0]', 'IPAddressPool "v5" does not exist']] },
    { name: 'a known pool is accepted', objs: [v4, bgpAdv('ad', { ipAddressPools: ['v4'] })], want: [] },
    { name: 'an unknown peer is rejected', objs: [v4, tor(), bgpAdv('ad', { peers: ['tor', 'spine'] })], want: [['error', AD, 'spec.peers[1]', 'BGPPeer "spine" does not exist']] },
    { name: 'a known peer is accepted', objs: [v4, tor(), bgpAdv('ad', { peers: ['tor'] })], want: [] },
    { name: 'a peer with errors still resolves (only its own error)', objs: [v4, tor('tor', { myASN: 0 }), bgpAdv('ad', { peers: ['tor'] })], want: [['error', 'BGPPeer/tor', 'spec.myASN', 'myASN must be set']] },
    { name: 'a pool with errors still resolves (only its own error)', objs: [pool('v4', ['bad']), bgpAdv('ad', { ipAddressPools: ['v4'] })], want: [['error', 'IPAddressPool/v4', 'spec.addresses[0]', 'invalid CIDR']] },
    { name: 'a pool listed twice is rejected', objs: [v4, bgpAdv('ad', { ipAddressPools: ['v4', 'v4'] })], want: [['error', AD, 'spec.ipAddressPools', 'duplicate entry "v4"']] },
    { name: 'a peer listed twice is rejected', objs: [v4, tor(), bgpAdv('ad', { peers: ['tor', 'tor'] })], want: [['error', AD, 'spec.peers', 'duplicate entry "tor"']] },
    { name: 'a duplicate pool selector is rejected', objs: [v4, bgpAdv('ad', { ipAddressPoolSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] })], want: [['error', AD, 'spec.ipAddressPoolSelectors[1]', 'duplicate selector']] },
    { name: 'a duplicate node selector is rejected', objs: [v4, bgpAdv('ad', { nodeSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] })], want: [['error', AD, 'spec.nodeSelectors[1]', 'duplicate selector']] },
    { name: 'a duplicate service selector is rejected', objs: [v4, bgpAdv('ad', { serviceSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] })], want: [['error', AD, 'spec.serviceSelectors[1]', 'duplicate selector']] },
    { name: 'selectors equal up to value order are duplicates', objs: [v4, bgpAdv('ad', { nodeSelectors: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] }, { matchExpressions: [{ key: 'a', operator: 'In', values: ['y', 'x'] }] }] })], want: [['error', AD, 'spec.nodeSelectors[1]', 'duplicate selector']] },
    { name: 'distinct selectors are accepted', objs: [v4, bgpAdv('ad', { nodeSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'c' } }] })], want: [] },
    { name: 'two advertisements with the same spec get a warning (MetalLB compares names too)', objs: [v4, bgpAdv('ad', { ipAddressPools: ['v4'] }), bgpAdv('ad2', { ipAddressPools: ['v4'] })], want: [['warning', AD2, 'spec', 'same spec as BGPAdvertisement "ad"']] },
    { name: 'the same advertisement name twice is rejected', objs: [v4, bgpAdv('ad', { ipAddressPools: ['v4'] }), bgpAdv('ad', { ipAddressPools: ['v4'], localPref: 1 })], want: [['error', AD, 'metadata.name', 'appears twice']] },
    { name: 'localPref above 32 bits is rejected', objs: [v4, bgpAdv('ad', { localPref: 4294967296 })], want: [['error', AD, 'spec.localPref', 'must be <= 4294967295']] },
    { name: 'localPref 4294967295 is accepted', objs: [v4, bgpAdv('ad', { localPref: 4294967295 })], want: [] },
  ]);
});

describe('BGPAdvertisement: aggregation lengths', () => {
  table(test, [
    { name: 'aggregationLength 33 is rejected', objs: [v4, bgpAdv('ad', { aggregationLength: 33 })], want: [['error', AD, 'spec.aggregationLength', 'at most 32']] },
    { name: 'aggregationLength 32 is accepted', objs: [v4, bgpAdv('ad', { aggregationLength: 32 })], want: [] },
    { name: 'aggregationLength 0 is rejected (CRD minimum 1)', objs: [bgpAdv('ad', { aggregationLength: 0 })], want: [['error', AD, 'spec.aggregationLength', 'must be >= 1']] },
    { name: 'aggregationLengthV6 129 is rejected', objs: [v6, bgpAdv('ad', { aggregationLengthV6: 129 })], want: [['error', AD, 'spec.aggregationLengthV6', 'must be 0 to 128']] },
    { name: 'aggregationLengthV6 128 is accepted', objs: [v6, bgpAdv('ad', { aggregationLengthV6: 128 })], want: [] },
    { name: 'aggregationLengthV6 -1 is rejected', objs: [bgpAdv('ad', { aggregationLengthV6: -1 })], want: [['error', AD, 'spec.aggregationLengthV6', 'must be 0 to 128']] },
    { name: 'an aggregation shorter than a pool CIDR is rejected', objs: [v4, bgpAdv('ad', { aggregationLength: 23 })], want: [['error', AD, 'spec.aggregationLength', 'shorter than the /24 prefix of "10.0.0.0/24" in IPAddressPool "v4"']] },
    { name: 'an aggregation equal to a pool CIDR is accepted', objs: [v4, bgpAdv('ad', { aggregationLength: 24 })], want: [] },
    { name: 'an IPv6 aggregation shorter than a pool CIDR is rejected', objs: [v6, bgpAdv('ad', { aggregationLengthV6: 63 })], want: [['error', AD, 'spec.aggregationLengthV6', 'shorter than the /64 prefix']] },
    { name: 'an IPv4 aggregation leaves IPv6 pools alone', objs: [v6, bgpAdv('ad', { aggregationLength: 8 })], want: [] },
    { name: 'a range: aggregation at its widest piece is accepted', objs: [pool('r', ['3.3.3.2-3.3.3.254']), bgpAdv('ad', { aggregationLength: 26 })], want: [] },
    { name: 'a range: aggregation wider than every piece is rejected', objs: [pool('r', ['3.3.3.2-3.3.3.254']), bgpAdv('ad', { aggregationLength: 25 })], want: [['error', AD, 'spec.aggregationLength', 'shorter than the /26 prefix of "3.3.3.2-3.3.3.254"']] },
    { name: 'only pools the advertisement selects are judged', objs: [v4, pool('wide', ['10.8.0.0/16']), bgpAdv('ad', { ipAddressPools: ['v4'], aggregationLength: 20 })], want: [['error', AD, 'spec.aggregationLength', 'IPAddressPool "v4"']] },
    { name: 'serviceSelectors with aggregationLength 31 are rejected', objs: [v4, bgpAdv('ad', { serviceSelectors: [{ matchLabels: { a: 'b' } }], aggregationLength: 31 })], want: [['error', AD, 'spec.aggregationLength', 'mutually exclusive']] },
    { name: 'serviceSelectors with aggregationLengthV6 127 are rejected', objs: [v6, bgpAdv('ad', { serviceSelectors: [{ matchLabels: { a: 'b' } }], aggregationLengthV6: 127 })], want: [['error', AD, 'spec.aggregationLengthV6', 'mutually exclusive']] },
    { name: 'serviceSelectors with 32 and 128 are accepted', objs: [v4, bgpAdv('ad', { serviceSelectors: [{ matchLabels: { a: 'b' } }], aggregationLength: 32, aggregationLengthV6: 128 })], want: [], opts: { advertise: 'services' } },
  ]);
});

describe('BGPAdvertisement: compatible localPref on one pool', () => {
  const lp = (name: string, localPref: number, extra: Record<string, unknown> = {}) => bgpAdv(name, { ipAddressPools: ['v4'], localPref, ...extra });
  const lpd = (name: string, localPref: number, extra: Record<string, unknown> = {}) => bgpAdv(name, { ipAddressPools: ['dual'], localPref, ...extra });
  const lp6 = (name: string, localPref: number, extra: Record<string, unknown> = {}) => bgpAdv(name, { ipAddressPools: ['v6'], localPref, ...extra });
  const conflict: [ 'error', string, string, string] = ['error', AD2, 'spec.localPref', 'conflicts with localPref 100 of BGPAdvertisement "ad"'];
  const rack = (r: string) => ({ nodeSelectors: [{ matchLabels: { rack: r } }] });
  const nodes = [node('n1', { rack: 'r1' }), node('n2', { rack: 'r2' })];
  table(test, [
    { name: 'different localPref, same everything else, is rejected', objs: [v4, lp('ad', 100), lp('ad2', 200)], want: [conflict] },
    { name: 'an advertisement refused for its aggregation length is not compared with the next', objs: [dual, lpd('ad', 100, { aggregationLengthV6: 63 }), lpd('ad2', 200)], want: [['error', AD, 'spec.aggregationLengthV6', 'shorter than the /64 prefix']] },
    { name: 'an advertisement refused for its localPref is not compared with the next (one conflict each)', objs: [v4, lp('ad', 100), lp('ad2', 200), lp('ad3', 300)], want: [conflict, ['error', 'BGPAdvertisement/ad3', 'spec.localPref', 'localPref 300 conflicts with localPref 100 of BGPAdvertisement "ad"']] },
    { name: 'a dual-stack pool with only the IPv6 length different is rejected', objs: [dual, lpd('ad', 100), lpd('ad2', 200, { aggregationLengthV6: 120 })], want: [conflict] },
    { name: 'peers given on one side only are not disjoint (no peers means every peer)', objs: [v4, tor(), lp('ad', 100), lp('ad2', 200, { peers: ['tor'] })], want: [conflict] },
    { name: 'an advertisement with an impossible length is left out of the comparison (its one error, no conflict)', objs: [v4, lp('ad', 100), lp('ad2', 200, { aggregationLength: 33 })], want: [['error', AD2, 'spec.aggregationLength', 'at most 32']] },
    { name: 'the same for an impossible IPv6 length (above 128 or below 0)', objs: [v4, lp('ad', 100), lp('ad2', 200, { aggregationLengthV6: 129 })], want: [['error', AD2, 'spec.aggregationLengthV6', 'must be 0 to 128']] },
    { name: 'the same on a dual-stack pool, where one length alone would conflict: 33', objs: [dual, lpd('ad', 100), lpd('ad2', 200, { aggregationLength: 33 })], want: [['error', AD2, 'spec.aggregationLength', 'at most 32']] },
    { name: 'the same on a dual-stack pool: IPv6 length -1', objs: [dual, lpd('ad', 100), lpd('ad2', 200, { aggregationLengthV6: -1 })], want: [['error', AD2, 'spec.aggregationLengthV6', 'must be 0 to 128']] },
    { name: 'equal localPref is accepted', objs: [v4, lp('ad', 100), lp('ad2', 100, { communities: ['1:1'] })], want: [] },
    { name: 'different aggregation lengths are accepted', objs: [v4, lp('ad', 100), lp('ad2', 200, { aggregationLength: 28 })], want: [] },
    { name: 'a dual-stack pool needs both lengths to differ', objs: [dual, lpd('ad', 100), lpd('ad2', 200, { aggregationLength: 28 })], want: [conflict] },
    { name: 'a dual-stack pool with both lengths different is accepted', objs: [dual, lpd('ad', 100), lpd('ad2', 200, { aggregationLength: 28, aggregationLengthV6: 120 })], want: [] },
    { name: 'a v4-only pool ignores the IPv6 length', objs: [v4, lp('ad', 100), lp('ad2', 200, { aggregationLengthV6: 120 })], want: [conflict] },
    { name: 'on an IPv6-only pool, a different aggregationLengthV6 makes two different localPrefs compatible', objs: [v6, lp6('ad', 100), lp6('ad2', 200, { aggregationLengthV6: 120 })], want: [] },
    { name: 'a v6-only pool ignores the IPv4 length', objs: [v6, lp6('ad', 100), lp6('ad2', 200, { aggregationLength: 28 })], want: [conflict] },
    { name: 'disjoint peer lists are accepted', objs: [v4, tor(), tor('tor2'), lp('ad', 100, { peers: ['tor'] }), lp('ad2', 200, { peers: ['tor2'] })], want: [] },
    { name: 'overlapping peer lists are rejected', objs: [v4, tor(), tor('tor2'), lp('ad', 100, { peers: ['tor'] }), lp('ad2', 200, { peers: ['tor2', 'tor'] })], want: [conflict] },
    { name: 'one peer list empty (all peers) is rejected', objs: [v4, tor(), lp('ad', 100, { peers: ['tor'] }), lp('ad2', 200)], want: [conflict] },
    { name: 'disjoint nodes (Nodes given) are accepted', objs: [v4, ...nodes, lp('ad', 100, rack('r1')), lp('ad2', 200, rack('r2'))], want: [] },
    { name: 'a shared node (Nodes given) is rejected', objs: [v4, ...nodes, lp('ad', 100, rack('r1')), lp('ad2', 200)], want: [conflict] },
    { name: 'without Nodes, selectors that exclude each other are accepted', objs: [v4, lp('ad', 100, rack('r1')), lp('ad2', 200, rack('r2'))], want: [] },
    { name: 'without Nodes, selectors that may overlap are rejected', objs: [v4, lp('ad', 100, rack('r1')), lp('ad2', 200, { nodeSelectors: [{ matchLabels: { zone: 'a' } }] })], want: [conflict] },
    { name: 'advertisements with serviceSelectors are not compared', objs: [v4, lp('ad', 100), lp('ad2', 200, { serviceSelectors: [{ matchLabels: { a: 'b' } }] })], want: [], opts: { advertise: 'services' } },
    { name: 'different pools are not compared', objs: [v4, v6, lp('ad', 100), bgpAdv('ad2', { ipAddressPools: ['v6'], localPref: 200 })], want: [] },
  ]);
});

describe('BGPAdvertisement: BFD echo mode and IPv6', () => {
  const echo = bfd('echo', { echoMode: true });
  const P = 'BGPPeer/tor';
  table(test, [
    { name: 'an echo-mode peer receiving an IPv6 pool is rejected', objs: [v6, echo, tor('tor', { bfdProfile: 'echo' }), bgpAdv('ad')], want: [['error', P, 'spec.bfdProfile', 'echo mode on, which cannot be used towards a peer receiving IPv6 prefixes (IPAddressPool "v6" via BGPAdvertisement "ad")']] },
    { name: 'an echo-mode peer receiving only IPv4 is accepted', objs: [v4, echo, tor('tor', { bfdProfile: 'echo' }), bgpAdv('ad')], want: [] },
    { name: 'an echo-mode peer not among the advertisement\'s peers is accepted', objs: [v6, echo, tor('tor', { bfdProfile: 'echo' }), tor('tor2'), bgpAdv('ad', { peers: ['tor2'] })], want: [] },
    { name: 'an echo-mode peer receiving a dual-stack pool is rejected', objs: [dual, echo, tor('tor', { bfdProfile: 'echo' }), bgpAdv('ad')], want: [['error', P, 'spec.bfdProfile', '(IPAddressPool "dual" via BGPAdvertisement "ad")']] },
    { name: 'an echo-mode peer named among the advertisement\'s peers is rejected', objs: [v6, echo, tor('tor', { bfdProfile: 'echo' }), tor('tor2'), bgpAdv('ad', { peers: ['tor2', 'tor'] })], want: [['error', P, 'spec.bfdProfile', 'echo mode on']] },
    { name: 'a peer without echo mode receiving IPv6 is accepted', objs: [v6, bfd('plain', { echoMode: false }), tor('tor', { bfdProfile: 'plain' }), bgpAdv('ad')], want: [] },
  ]);
});

describe('L2Advertisement: validated, announces nothing over BGP', () => {
  const L = 'L2Advertisement/l2';
  table(test, [
    { name: 'an unknown pool is rejected', objs: [v4, l2Adv('l2', { ipAddressPools: ['v5'] })], want: [['error', L, 'spec.ipAddressPools[0]', 'does not exist']] },
    { name: 'a pool listed twice is rejected', objs: [v4, l2Adv('l2', { ipAddressPools: ['v4', 'v4'] })], want: [['error', L, 'spec.ipAddressPools', 'duplicate entry']] },
    { name: 'a duplicate pool selector is rejected', objs: [v4, l2Adv('l2', { ipAddressPoolSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] })], want: [['error', L, 'spec.ipAddressPoolSelectors[1]', 'duplicate selector']] },
    { name: 'a duplicate service selector is rejected', objs: [v4, l2Adv('l2', { serviceSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] })], want: [['error', L, 'spec.serviceSelectors[1]', 'duplicate selector']] },
    { name: 'a duplicate node selector is rejected', objs: [v4, l2Adv('l2', { nodeSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] })], want: [['error', L, 'spec.nodeSelectors[1]', 'duplicate selector']] },
    { name: 'a malformed preferred node selector is rejected', objs: [v4, l2Adv('l2', { preferredNodeSelectors: [{ weight: 10, preference: { matchExpressions: [{ key: 'a', operator: 'In' }] } }] })], want: [['error', L, 'spec.preferredNodeSelectors[0].preference.matchExpressions[0].values', 'at least one value']] },
    { name: 'a weight of 101 is rejected', objs: [v4, l2Adv('l2', { preferredNodeSelectors: [{ weight: 101, preference: {} }] })], want: [['error', L, 'spec.preferredNodeSelectors[0].weight', 'must be <= 100']] },
    { name: 'a valid L2Advertisement is accepted', objs: [v4, l2Adv('l2', { ipAddressPools: ['v4'], interfaces: ['eth0'], preferredNodeSelectors: [{ weight: 100, preference: { matchLabels: { a: 'b' } } }] })], want: [] },
  ]);
});

describe('poolSelection: whether an advertisement selects a pool, and by which field', () => {
  const gold = { name: 'gold', labels: { tier: 'gold' } };
  test('naming no pool and no selector selects every pool, by no field', () => assert.equal(poolSelection(undefined, [], gold), ''));
  test('by name: the entry of spec.ipAddressPools', () => assert.equal(poolSelection(['silver', 'gold'], undefined, gold), 'spec.ipAddressPools[1]'));
  test('by labels: the first matching entry of spec.ipAddressPoolSelectors', () =>
    assert.equal(poolSelection(['silver'], [{ matchLabels: { tier: 'silver' } }, { matchLabels: { tier: 'gold' } }, {}], gold), 'spec.ipAddressPoolSelectors[1]'));
  test('neither: not selected', () => assert.equal(poolSelection(['silver'], [{ matchLabels: { tier: 'silver' } }], gold), undefined));
});

test('the model lists advertisements, their peers and pools, and each pool\'s advertisements, by name', () => {
  const r = run([pool('b', ['10.0.0.0/24']), pool('a', ['10.1.0.0/24']), tor('tor'), tor('spine'), bgpAdv('z', { peers: ['tor', 'spine'], ipAddressPools: ['b', 'a'] }), bgpAdv('y', { ipAddressPools: ['b'] })]);
  assert.deepEqual(r.model?.bgpAdvertisements.map((a) => [a.name, a.peers, a.pools]), [
    ['y', [], ['b']],
    ['z', ['spine', 'tor'], ['a', 'b']],
  ]);
  assert.deepEqual(r.model?.pools.find((p) => p.name === 'b')?.bgpAdvertisements.map((a) => a.name), ['y', 'z']);
});

test('aggregationLengthV6 0 is a length (valid on an IPv4 pool): the advertisement is kept', () => {
  const r = run([v4, bgpAdv('ad', { ipAddressPools: ['v4'], aggregationLengthV6: 0 })]);
  assert.deepEqual(r.model?.bgpAdvertisements.map((a) => [a.name, a.aggregationLengthV6, a.pools]), [['ad', 0, ['v4']]]);
});
