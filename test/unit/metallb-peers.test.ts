// BGPPeer rules (MetalLB internal/config peerFromCR, parseTimers,
// checkFRRPeersCompatible; the v1beta2 CRD), each with a rejecting and an
// accepting case at its boundary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bfd, FRR_NS, NS, node, peer, peerV1beta1, run, secret, table } from './metallb-fixtures.ts';

const P = 'BGPPeer/tor';
const tor = (spec: Record<string, unknown> = {}, name = 'tor') => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', ...spec });
const without = (spec: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(spec).filter(([k]) => !keys.includes(k)));
const base = { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' };

describe('BGPPeer: ASNs', () => {
  table(test, [
    { name: 'myASN 0 is rejected', objs: [tor({ myASN: 0 })], want: [['error', P, 'spec.myASN', 'myASN must be set']] },
    { name: 'myASN 1 is accepted', objs: [tor({ myASN: 1 })], want: [] },
    { name: 'myASN above 32 bits is rejected', objs: [tor({ myASN: 4294967296 })], want: [['error', P, 'spec.myASN', 'must be <= 4294967295']] },
    { name: 'myASN 4294967295 is accepted', objs: [tor({ myASN: 4294967295 })], want: [] },
    { name: 'myASN missing is rejected', objs: [peer('tor', without(base, 'myASN'))], want: [['error', P, 'spec.myASN', 'required field']] },
    { name: 'neither peerASN nor dynamicASN is rejected', objs: [peer('tor', without(base, 'peerASN'))], want: [['error', P, 'spec.peerASN', 'one of peerASN or dynamicASN']] },
    { name: 'both peerASN and dynamicASN are rejected', objs: [tor({ dynamicASN: 'external' })], want: [['error', P, 'spec.dynamicASN', 'mutually exclusive']] },
    { name: 'dynamicASN alone is accepted', objs: [peer('tor', { ...without(base, 'peerASN'), dynamicASN: 'external' })], want: [] },
    { name: 'dynamicASN outside the enum is rejected', objs: [peer('tor', { ...without(base, 'peerASN'), dynamicASN: 'auto' })], want: [['error', P, 'spec.dynamicASN', 'must be one of "internal", "external"']] },
    { name: 'localASN 0 is rejected (CRD minimum 1)', objs: [tor({ localASN: 0 })], want: [['error', P, 'spec.localASN', 'must be >= 1']] },
    { name: 'localASN 1 is accepted, and noted as a difference from MetalLB', objs: [tor({ localASN: 1 })], want: [['info', P, 'spec.localASN', 'drops it']] },
    { name: 'localASN equal to myASN is rejected (FRR refuses it)', objs: [tor({ localASN: 64512 })], want: [['error', P, 'spec.localASN', 'localASN 64512 equals myASN'], ['info', P, 'spec.localASN', 'drops it']] },
    { name: 'localASN equal to peerASN is rejected', objs: [tor({ localASN: 65000 })], want: [['error', P, 'spec.localASN', 'localASN 65000 equals peerASN'], ['info', P, 'spec.localASN', 'drops it']] },
    { name: 'localASN on an iBGP peer is rejected', objs: [tor({ peerASN: 64512, localASN: 1 })], want: [['error', P, 'spec.localASN', 'iBGP peer (peerASN equals myASN)'], ['info', P, 'spec.localASN', 'drops it']] },
    { name: 'localASN with dynamicASN internal is rejected', objs: [peer('tor', { ...without(base, 'peerASN'), dynamicASN: 'internal', localASN: 1 })], want: [['error', P, 'spec.localASN', 'dynamicASN is internal'], ['info', P, 'spec.localASN', 'drops it']] },
  ]);
});

describe('BGPPeer: iBGP and ebgpMultiHop', () => {
  table(test, [
    { name: 'iBGP (peerASN = myASN) with ebgpMultiHop is rejected', objs: [tor({ peerASN: 64512, ebgpMultiHop: true })], want: [['error', P, 'spec.ebgpMultiHop', 'iBGP']] },
    { name: 'iBGP without ebgpMultiHop is accepted', objs: [tor({ peerASN: 64512 })], want: [] },
    { name: 'eBGP with ebgpMultiHop is accepted', objs: [tor({ ebgpMultiHop: true })], want: [] },
    { name: 'dynamicASN internal with ebgpMultiHop is rejected', objs: [peer('tor', { ...without(base, 'peerASN'), dynamicASN: 'internal', ebgpMultiHop: true })], want: [['error', P, 'spec.ebgpMultiHop', 'dynamicASN is internal']] },
    { name: 'dynamicASN external with ebgpMultiHop is accepted', objs: [peer('tor', { ...without(base, 'peerASN'), dynamicASN: 'external', ebgpMultiHop: true })], want: [] },
  ]);
});

describe('BGPPeer: address, interface, router ID, source address', () => {
  table(test, [
    { name: 'neither peerAddress nor interface is rejected', objs: [peer('tor', without(base, 'peerAddress'))], want: [['error', P, 'spec.peerAddress', 'one of peerAddress or interface']] },
    { name: 'both peerAddress and interface are rejected', objs: [tor({ interface: 'eth0' })], want: [['error', P, 'spec.interface', 'mutually exclusive']] },
    { name: 'interface alone is accepted', objs: [peer('tor', { ...without(base, 'peerAddress'), interface: 'eth0' })], want: [] },
    { name: 'an invalid peerAddress is rejected', objs: [tor({ peerAddress: '10.0.0.256' })], want: [['error', P, 'spec.peerAddress', 'invalid peer address "10.0.0.256"']] },
    { name: 'an IPv6 peerAddress is accepted', objs: [tor({ peerAddress: 'fd00::1' })], want: [] },
    { name: 'a peerAddress with a zone is rejected', objs: [tor({ peerAddress: 'fe80::1%eth0' })], want: [['error', P, 'spec.peerAddress', 'invalid peer address']] },
    { name: 'an IPv6 routerID is rejected (FRR router-id is IPv4)', objs: [tor({ routerID: 'fd00::1' })], want: [['error', P, 'spec.routerID', 'must be an IPv4 address']] },
    { name: 'a garbage routerID is rejected', objs: [tor({ routerID: 'router-1' })], want: [['error', P, 'spec.routerID', 'invalid router ID']] },
    { name: 'an IPv4 routerID is accepted', objs: [tor({ routerID: '10.10.10.10' })], want: [] },
    { name: 'an invalid sourceAddress is rejected', objs: [tor({ sourceAddress: '10.0.0' })], want: [['error', P, 'spec.sourceAddress', 'invalid source address']] },
    { name: 'a valid sourceAddress is accepted, and noted as a difference from MetalLB', objs: [tor({ sourceAddress: '10.0.0.2' })], want: [['info', P, 'spec.sourceAddress', 'drops it']] },
    { name: 'peerPort 0 is rejected (v1beta2 minimum 1)', objs: [tor({ peerPort: 0 })], want: [['error', P, 'spec.peerPort', 'must be >= 1']] },
    { name: 'peerPort 1 is accepted', objs: [tor({ peerPort: 1 })], want: [] },
    { name: 'peerPort 16384 is accepted', objs: [tor({ peerPort: 16384 })], want: [] },
    { name: 'peerPort 16385 is rejected', objs: [tor({ peerPort: 16385 })], want: [['error', P, 'spec.peerPort', 'must be <= 16384']] },
    { name: 'an unknown field is rejected', objs: [tor({ peerAddres: '10.0.0.2' })], want: [['error', P, 'spec.peerAddres', 'unknown field']] },
    { name: 'an interface name FRR cannot take is rejected', objs: [peer('tor', { ...without(base, 'peerAddress'), interface: 'eth 0' })], want: [['error', P, 'spec.interface', 'interface "eth 0" is not a valid Linux interface name']] },
    { name: 'an interface name of 16 characters is rejected', objs: [peer('tor', { ...without(base, 'peerAddress'), interface: 'abcdefghijklmnop' })], want: [['error', P, 'spec.interface', 'longer than 15 characters']] },
    { name: 'an interface name of 15 characters is accepted', objs: [peer('tor', { ...without(base, 'peerAddress'), interface: 'abcdefghijklmno' })], want: [] },
    { name: 'a VRF name FRR cannot take is rejected', objs: [tor({ vrf: 'red/blue' })], want: [['error', P, 'spec.vrf', 'VRF name "red/blue" is not a valid Linux interface name']] },
    { name: 'a VRF name is accepted', objs: [tor({ vrf: 'red-1' })], want: [] },
    { name: 'disableMP is accepted with MetalLB\'s deprecation warning', objs: [tor({ disableMP: true })], want: [['warning', P, 'spec.disableMP', 'deprecated']] },
  ]);
});

describe('BGPPeer: node selectors', () => {
  table(test, [
    { name: 'an unknown operator is rejected', objs: [tor({ nodeSelectors: [{ matchExpressions: [{ key: 'rack', operator: 'Gt', values: ['1'] }] }] })], want: [['error', P, 'spec.nodeSelectors[0].matchExpressions[0].operator', 'unknown operator']] },
    { name: 'In without values is rejected', objs: [tor({ nodeSelectors: [{ matchExpressions: [{ key: 'rack', operator: 'In' }] }] })], want: [['error', P, 'spec.nodeSelectors[0].matchExpressions[0].values', 'at least one value']] },
    { name: 'a duplicate value is rejected', objs: [tor({ nodeSelectors: [{ matchExpressions: [{ key: 'rack', operator: 'In', values: ['a', 'a'] }] }] })], want: [['error', P, 'spec.nodeSelectors[0].matchExpressions[0].values', 'duplicate value']] },
    { name: 'a duplicate selector is rejected', objs: [tor({ nodeSelectors: [{ matchLabels: { rack: 'a' } }, { matchLabels: { rack: 'a' } }] })], want: [['error', P, 'spec.nodeSelectors[1]', 'duplicate selector']] },
    { name: 'an invalid label key is rejected', objs: [tor({ nodeSelectors: [{ matchLabels: { 'bad key': 'a' } }] })], want: [['error', P, 'spec.nodeSelectors[0].matchLabels', 'invalid label key']] },
    { name: 'distinct valid selectors are accepted', objs: [tor({ nodeSelectors: [{ matchLabels: { rack: 'a' } }, { matchExpressions: [{ key: 'rack', operator: 'In', values: ['b', 'c'] }] }] })], want: [] },
  ]);
});

describe('BGPPeer: timers', () => {
  table(test, [
    { name: 'holdTime 2s is rejected', objs: [tor({ holdTime: '2s' })], want: [['error', P, 'spec.holdTime', 'must be 0 or at least 3s']] },
    { name: 'holdTime 2.9s truncates to 2s and is rejected', objs: [tor({ holdTime: '2.9s' })], want: [['error', P, 'spec.holdTime', 'must be 0 or at least 3s']] },
    { name: 'holdTime 3s is accepted', objs: [tor({ holdTime: '3s' })], want: [] },
    { name: 'holdTime 0s is accepted', objs: [tor({ holdTime: '0s' })], want: [] },
    { name: 'holdTime 500ms passes, as in MetalLB (truncated to 0s)', objs: [tor({ holdTime: '500ms' })], want: [] },
    { name: 'holdTime 10s derives keepaliveTime 3.333333333s, as in MetalLB (frr-k8s and the agent truncate it)', objs: [tor({ holdTime: '10s' })], want: [] },
    { name: 'holdTime 10s with keepaliveTime 3s is accepted', objs: [tor({ holdTime: '10s', keepaliveTime: '3s' })], want: [] },
    { name: 'keepaliveTime 1500ms is accepted, as in MetalLB', objs: [tor({ holdTime: '9s', keepaliveTime: '1500ms' })], want: [] },
    { name: 'keepaliveTime 1500ms alone derives holdTime 4.5s, accepted', objs: [tor({ keepaliveTime: '1500ms' })], want: [] },
    { name: 'holdTime 65535s is accepted', objs: [tor({ holdTime: '65535s', keepaliveTime: '60s' })], want: [] },
    { name: 'holdTime 65536s is rejected', objs: [tor({ holdTime: '65536s', keepaliveTime: '60s' })], want: [['error', P, 'spec.holdTime', 'holdTime "65536s" is longer than 65535s']] },
    // frr-k8s passes whole seconds to FRR: 65535.5s is 65535 on the node.
    { name: 'holdTime 65535.5s is accepted, as the node takes it (65535)', objs: [tor({ holdTime: '65535.5s', keepaliveTime: '60s' })], want: [] },
    // MetalLB takes it (0 whole seconds) and so does frr-k8s; FRR gets 0.
    { name: 'holdTime and keepaliveTime -500ms are accepted, as by MetalLB and frr-k8s (0 on the node)', objs: [tor({ holdTime: '-500ms', keepaliveTime: '-500ms' })], want: [] },
    { name: 'keepaliveTime 21846s alone derives holdTime 65538s and is rejected', objs: [tor({ keepaliveTime: '21846s' })], want: [['error', P, 'spec.keepaliveTime', 'holdTime 18h12m18s (3 × keepaliveTime "21846s") is longer than 65535s, the most FRR takes: set holdTime too']] },
    { name: 'keepaliveTime 900ms alone derives holdTime 2.7s and is rejected', objs: [tor({ keepaliveTime: '900ms' })], want: [['error', P, 'spec.keepaliveTime', 'must be 0 or at least 3s']] },
    { name: 'keepaliveTime 1s alone derives holdTime 3s and is accepted', objs: [tor({ keepaliveTime: '1s' })], want: [] },
    { name: 'keepaliveTime above holdTime is rejected', objs: [tor({ holdTime: '30s', keepaliveTime: '31s' })], want: [['error', P, 'spec.keepaliveTime', 'must not be greater than holdTime']] },
    { name: 'keepaliveTime equal to holdTime is accepted', objs: [tor({ holdTime: '30s', keepaliveTime: '30s' })], want: [] },
    { name: 'an invalid holdTime is rejected', objs: [tor({ holdTime: '90' })], want: [['error', P, 'spec.holdTime', 'invalid duration']] },
    { name: 'a negative keepaliveTime is rejected', objs: [tor({ keepaliveTime: '-1s' })], want: [['error', P, 'spec.keepaliveTime', 'invalid duration']] },
    { name: 'connectTime 0s is rejected', objs: [tor({ connectTime: '0s' })], want: [['error', P, 'spec.connectTime', 'between 1s and 65535s']] },
    { name: 'connectTime 1s is accepted', objs: [tor({ connectTime: '1s' })], want: [] },
    { name: 'connectTime 65535s is accepted', objs: [tor({ connectTime: '65535s' })], want: [] },
    { name: 'connectTime 65536s is rejected', objs: [tor({ connectTime: '65536s' })], want: [['error', P, 'spec.connectTime', 'between 1s and 65535s']] },
    { name: 'connectTime 1500ms is rejected (whole seconds)', objs: [tor({ connectTime: '1500ms' })], want: [['error', P, 'spec.connectTime', 'whole number of seconds']] },
  ]);

  const timers = (spec: Record<string, unknown>) => {
    const n = run([tor(spec)]).configs[0].spec.bgp!.routers![0].neighbors![0];
    return [n.holdTime, n.keepaliveTime];
  };
  test('the missing timer is derived as MetalLB derives it', () => {
    assert.deepEqual(timers({}), [undefined, undefined]);
    assert.deepEqual(timers({ holdTime: '90s' }), ['1m30s', '30s']);
    assert.deepEqual(timers({ keepaliveTime: '20s' }), ['1m0s', '20s']);
    assert.deepEqual(timers({ holdTime: '9s' }), ['9s', '3s']);
    assert.deepEqual(timers({ keepaliveTime: '21845s' }), ['18h12m15s', '6h4m5s']);
    assert.deepEqual(timers({ holdTime: '1m', keepaliveTime: '10s' }), ['1m0s', '10s']);
    assert.deepEqual(timers({ holdTime: '0s' }), ['0s', '0s']);
  });
});

describe('BGPPeer v1beta1, converted as MetalLB converts it', () => {
  const v1 = (spec: Record<string, unknown> = {}) => peerV1beta1('tor', { ...base, ...spec });
  const neighbor = (spec: Record<string, unknown>) => run([v1(spec)]).configs[0].spec.bgp!.routers![0].neighbors![0];
  table(test, [
    { name: 'a plain v1beta1 peer is accepted', objs: [v1()], want: [] },
    { name: 'peerAddress is required in v1beta1', objs: [peerV1beta1('tor', without(base, 'peerAddress'))], want: [['error', P, 'spec.peerAddress', 'required field']] },
    { name: 'v1beta2-only fields are rejected in v1beta1', objs: [v1({ vrf: 'red' })], want: [['error', P, 'spec.vrf', 'unknown field']] },
    { name: 'v1beta1 expressions need values', objs: [v1({ nodeSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }] })], want: [['error', P, 'spec.nodeSelectors[0].matchExpressions[0].values', 'required field']] },
    { name: 'v1beta1 keepaliveTime alone is rejected (absent holdTime converts to 0s)', objs: [v1({ keepaliveTime: '10s' })], want: [['error', P, 'spec.keepaliveTime', 'a v1beta1 BGPPeer without holdTime converts to holdTime 0s']] },
    { name: 'v1beta1 peerPort 0 is accepted', objs: [v1({ peerPort: 0 })], want: [] },
  ]);
  test('absent timers become 0s, port 0 becomes 179', () => {
    const n = neighbor({ peerPort: 0 });
    assert.deepEqual([n.holdTime, n.keepaliveTime, n.port], ['0s', '0s', 179]);
    const h = neighbor({ holdTime: '90s' });
    assert.deepEqual([h.holdTime, h.keepaliveTime], ['1m30s', '0s']);
  });
});

describe('BGPPeer: passwords', () => {
  const ref = (name: string, namespace?: string) => ({ passwordSecret: { name, ...(namespace ? { namespace } : {}) } });
  table(test, [
    { name: 'password and passwordSecret together are rejected', objs: [tor({ password: 'x', ...ref('s') }), secret('s', FRR_NS, 'kubernetes.io/basic-auth', { password: 'p' })], want: [['error', P, 'spec.passwordSecret', 'mutually exclusive']] },
    { name: 'an inline password alone is accepted', objs: [tor({ password: 'x' })], want: [] },
    { name: 'an inline password with a space is rejected (frr.conf cannot carry it)', objs: [tor({ password: 'two words' })], want: [['error', P, 'spec.password', 'characters frr.conf cannot carry']] },
    { name: 'an inline password of 81 characters is rejected', objs: [tor({ password: 'x'.repeat(81) })], want: [['error', P, 'spec.password', 'longer than 80 characters']] },
    { name: 'an inline password of 80 characters is accepted', objs: [tor({ password: 'x'.repeat(80) })], want: [] },
    { name: 'a basic-auth Secret with a password key is accepted', objs: [tor(ref('s')), secret('s', FRR_NS, 'kubernetes.io/basic-auth', { password: 'p' })], want: [] },
    // MetalLB checks only the key; the node agent refuses an empty password (frr-k8s would drop it, silently).
    { name: 'an empty password is refused, as the node refuses it', objs: [tor(ref('s')), secret('s', FRR_NS, 'kubernetes.io/basic-auth', { password: '' })], want: [['error', P, 'spec.passwordSecret', 'the password is empty']] },
    { name: 'a Secret of another type is rejected', objs: [tor(ref('s')), secret('s', FRR_NS, 'Opaque', { password: 'p' })], want: [['error', P, 'spec.passwordSecret', 'must be of type kubernetes.io/basic-auth']] },
    { name: 'a Secret without type is Opaque and rejected', objs: [tor(ref('s')), secret('s', FRR_NS, undefined, { password: 'p' })], want: [['error', P, 'spec.passwordSecret', 'has type "Opaque"']] },
    { name: 'a Secret with an empty type is Opaque and rejected', objs: [tor(ref('s')), { ...secret('s', FRR_NS, undefined, { password: 'p' }), type: '' }], want: [['error', P, 'spec.passwordSecret', 'has type "Opaque"']] },
    { name: 'passwordSecret: {} (how Go writes none: configmaptocrs, the migration docs) says nothing', objs: [tor({ password: 'x', passwordSecret: {} })], want: [] },
    { name: 'a passwordSecret with a namespace but no name is ignored with a warning', objs: [tor({ passwordSecret: { namespace: FRR_NS } })], want: [['warning', P, 'spec.passwordSecret.name', 'ignored: passwordSecret has no name']] },
    { name: 'a Secret without a password key is rejected', objs: [tor(ref('s')), secret('s', FRR_NS, 'kubernetes.io/basic-auth', { username: 'u' })], want: [['error', P, 'spec.passwordSecret', 'no "password" key']] },
    { name: 'a Secret in another namespace is rejected, naming where it must be', objs: [tor(ref('s')), secret('s', NS, 'kubernetes.io/basic-auth', { password: 'p' })], want: [['error', P, 'spec.passwordSecret', `is in namespace "${NS}", but frr-k8s reads password Secrets from "${FRR_NS}"`]] },
    { name: 'a reference into another namespace is rejected', objs: [tor(ref('s', NS))], want: [['error', P, 'spec.passwordSecret.namespace', `must live in the FRR-K8s namespace "${FRR_NS}"`]] },
    { name: 'a reference into the FRR-K8s namespace is accepted', objs: [tor(ref('s', FRR_NS)), secret('s', FRR_NS, 'kubernetes.io/basic-auth', { password: 'p' })], want: [] },
    { name: 'a Secret missing from the input is a warning', objs: [tor(ref('s'))], want: [['warning', P, 'spec.passwordSecret', 'is not in the input']] },
    { name: 'a passwordSecret without a name is ignored with a warning', objs: [tor({ passwordSecret: { namespace: FRR_NS } })], want: [['warning', P, 'spec.passwordSecret.name', 'ignored']] },
  ]);
  test('no message ever carries a Secret value', () => {
    const cases = [
      [tor({ password: 'x', ...ref('s') }), secret('s', FRR_NS, 'kubernetes.io/basic-auth', { password: 'TOPSECRET' })],
      [tor(ref('s')), secret('s', FRR_NS, 'Opaque', { password: 'TOPSECRET' })],
      [tor(ref('s')), secret('s', NS, 'kubernetes.io/basic-auth', { password: 'TOPSECRET' })],
      [tor({ password: 'TOP SECRET' })],
      [tor({ password: 'TOPSECRET'.repeat(9) })],
    ];
    for (const objs of cases) {
      const r = run(objs);
      assert.ok(r.diags.list.length > 0);
      assert.ok(!JSON.stringify(r.diags.list).includes('TOPSECRET'));
      assert.ok(!JSON.stringify(r.configs).includes('TOPSECRET'));
    }
  });
});

describe('BGPPeer: BFD profile reference', () => {
  table(test, [
    { name: 'a missing BFDProfile is rejected', objs: [tor({ bfdProfile: 'fast' })], want: [['error', P, 'spec.bfdProfile', 'BFDProfile "fast" does not exist']] },
    { name: 'an existing BFDProfile is accepted', objs: [tor({ bfdProfile: 'fast' }), bfd('fast')], want: [] },
  ]);
});

describe('BGPPeers that can land on the same node', () => {
  const onRack = (rack: string) => ({ nodeSelectors: [{ matchLabels: { rack } }] });
  const Q = 'BGPPeer/tor2';
  const tor2 = (spec: Record<string, unknown> = {}) => tor({ peerAddress: '10.0.0.2', ...spec }, 'tor2');
  const nodes = [node('n1', { rack: 'r1' }), node('n2', { rack: 'r2' })];
  table(test, [
    { name: 'different routerIDs are rejected', objs: [tor({ routerID: '1.1.1.1' }), tor2({ routerID: '2.2.2.2' })], want: [['error', Q, 'spec.routerID', 'must share one router ID']] },
    { name: 'a routerID set on one only is rejected', objs: [tor({ routerID: '1.1.1.1' }), tor2()], want: [['error', Q, 'spec.routerID', 'must share one router ID']] },
    { name: 'equal routerIDs are accepted', objs: [tor({ routerID: '1.1.1.1' }), tor2({ routerID: '1.1.1.1' })], want: [] },
    { name: 'different routerIDs on disjoint racks (Nodes given) are accepted', objs: [...nodes, tor({ routerID: '1.1.1.1', ...onRack('r1') }), tor2({ routerID: '2.2.2.2', ...onRack('r2') })], want: [] },
    { name: 'different routerIDs on a shared node (Nodes given) are rejected', objs: [...nodes, node('n3', { rack: 'r1' }), tor({ routerID: '1.1.1.1', ...onRack('r1') }), tor2({ routerID: '2.2.2.2' })], want: [['error', Q, 'spec.routerID', 'peers selecting the same node']] },
    { name: 'selectors that match no Node never meet', objs: [...nodes, tor({ routerID: '1.1.1.1', ...onRack('r9') }), tor2({ routerID: '2.2.2.2' })], want: [] },
    { name: 'without Nodes, selectors that exclude each other never meet', objs: [tor({ routerID: '1.1.1.1', ...onRack('r1') }), tor2({ routerID: '2.2.2.2', ...onRack('r2') })], want: [] },
    { name: 'without Nodes, selectors that may overlap are taken to meet', objs: [tor({ routerID: '1.1.1.1', ...onRack('r1') }), tor2({ routerID: '2.2.2.2', nodeSelectors: [{ matchLabels: { zone: 'a' } }] })], want: [['error', Q, 'spec.routerID', 'can select the same node']] },
    { name: 'the same address twice in one VRF is rejected', objs: [tor(), tor2({ peerAddress: '10.0.0.1', peerASN: 65001 })], want: [['error', Q, 'spec.peerAddress', 'already peers with 10.0.0.1 in the default VRF']] },
    { name: 'the same address written differently is the same session', objs: [tor({ peerAddress: 'fd00::1' }), tor2({ peerAddress: 'FD00:0::1' })], want: [['error', Q, 'spec.peerAddress', 'already peers with fd00::1']] },
    { name: 'the same address in two VRFs is accepted', objs: [tor(), tor2({ peerAddress: '10.0.0.1', vrf: 'red' })], want: [] },
    { name: 'the same address on disjoint racks is accepted', objs: [...nodes, tor(onRack('r1')), tor2({ peerAddress: '10.0.0.1', ...onRack('r2') })], want: [] },
    { name: 'the same interface twice is rejected', objs: [peer('tor', { myASN: 64512, dynamicASN: 'external', interface: 'eth1' }), peer('tor2', { myASN: 64512, dynamicASN: 'external', interface: 'eth1' })], want: [['error', Q, 'spec.interface', 'already peers with eth1']] },
    { name: 'two interfaces are accepted', objs: [peer('tor', { myASN: 64512, dynamicASN: 'external', interface: 'eth1' }), peer('tor2', { myASN: 64512, dynamicASN: 'external', interface: 'eth2' })], want: [] },
    { name: 'two identical peers are rejected as a repeated session', objs: [tor(), tor({}, 'tor2')], want: [['error', Q, 'spec.peerAddress', 'already peers with 10.0.0.1']] },
    { name: 'different myASN in one VRF is rejected', objs: [tor(), tor2({ myASN: 64513 })], want: [['error', Q, 'spec.myASN', 'must share myASN within a VRF']] },
    { name: 'different myASN in different VRFs is accepted', objs: [tor(), tor2({ myASN: 64513, vrf: 'red' })], want: [] },
  ]);
});
