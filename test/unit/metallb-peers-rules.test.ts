// BGPPeer rules at the edges the rule tables leave open, each result as the
// whole line the user sees: a field that did not parse is reported once and
// not compared with other peers, a reference names the profile it misses,
// findings land on the same peer whatever the input order, the v1beta1 note
// only where the conversion made the holdTime, a password Secret named once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { bfd, FRR_NS, peer, peerV1beta1, run } from './metallb-fixtures.ts';

const tor = (spec: Record<string, unknown> = {}, name = 'tor') => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', ...spec });
const tor2 = (spec: Record<string, unknown> = {}) => tor({ peerAddress: '10.0.0.2', ...spec }, 'tor2');
const lines = (...objs: KubeObject[]) => run(objs).diags.list.map((d) => formatDiagnostic(d));

test('an address that did not parse is reported once, never as a repeated session', () => {
  assert.deepEqual(lines(tor({ peerAddress: '10.0.0.256' }), tor2({ peerAddress: 'tor.example' })), [
    'error: BGPPeer metallb-system/tor spec.peerAddress: invalid peer address "10.0.0.256": must be an IP address',
    'error: BGPPeer metallb-system/tor2 spec.peerAddress: invalid peer address "tor.example": must be an IP address',
  ]);
  const none = (name: string) => peer(name, { myASN: 64512, peerASN: 65000 });
  assert.deepEqual(lines(none('tor'), none('tor2')), [
    'error: BGPPeer metallb-system/tor spec.peerAddress: one of peerAddress or interface must be set',
    'error: BGPPeer metallb-system/tor2 spec.peerAddress: one of peerAddress or interface must be set',
  ]);
});

test('a router ID that did not parse is reported once, never as differing from another peer\'s', () => {
  assert.deepEqual(lines(tor({ routerID: 'router-1' }), tor2({ routerID: '1.1.1.1' })), [
    'error: BGPPeer metallb-system/tor spec.routerID: invalid router ID "router-1": must be an IPv4 address',
  ]);
  assert.deepEqual(lines(tor({ routerID: 'fd00::1' })), ['error: BGPPeer metallb-system/tor spec.routerID: invalid router ID "fd00::1": must be an IPv4 address']);
});

test('a bfdProfile must name an existing BFDProfile, not just any', () => {
  assert.deepEqual(lines(tor({ bfdProfile: 'fast' }), bfd('slow')), ['error: BGPPeer metallb-system/tor spec.bfdProfile: BFDProfile "fast" does not exist in namespace metallb-system']);
  assert.deepEqual(lines(tor({ bfdProfile: 'fast' }), bfd('slow'), bfd('fast')), []);
});

test('a pair\'s finding lands on the peer later by name, whatever the input order', () => {
  const want = ['error: BGPPeer metallb-system/tor2 spec.peerAddress: BGPPeer "tor" already peers with 10.0.0.1 in the default VRF: peers whose node selectors can select the same node must not repeat a session'];
  assert.deepEqual(lines(tor2({ peerAddress: '10.0.0.1' }), tor()), want);
  assert.deepEqual(lines(tor(), tor2({ peerAddress: '10.0.0.1' })), want);
});

test('different myASNs in one VRF other than the default name the VRF', () => {
  assert.deepEqual(lines(tor({ vrf: 'red' }), tor2({ myASN: 64513, vrf: 'red' })), [
    'error: BGPPeer metallb-system/tor2 spec.myASN: myASN 64513 differs from 64512 of BGPPeer "tor" in VRF "red": peers whose node selectors can select the same node must share myASN within a VRF',
  ]);
});

test('the v1beta1 note on keepaliveTime over holdTime only where the conversion made holdTime 0s', () => {
  const v1 = (spec: Record<string, unknown>) => peerV1beta1('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', ...spec });
  assert.deepEqual(lines(v1({ keepaliveTime: '10s' })), [
    'error: BGPPeer metallb-system/tor spec.keepaliveTime: keepaliveTime "10s" must not be greater than holdTime "0s" (a v1beta1 BGPPeer without holdTime converts to holdTime 0s, as in MetalLB)',
  ]);
  // A v1beta1 holdTime written: no note.
  assert.deepEqual(lines(v1({ holdTime: '30s', keepaliveTime: '31s' })), ['error: BGPPeer metallb-system/tor spec.keepaliveTime: keepaliveTime "31s" must not be greater than holdTime "30s"']);
  // A v1beta2 holdTime 0s is written, not converted: no note.
  assert.deepEqual(lines(tor({ holdTime: '0s', keepaliveTime: '10s' })), ['error: BGPPeer metallb-system/tor spec.keepaliveTime: keepaliveTime "10s" must not be greater than holdTime "0s"']);
});

test('a v1beta1 peerPort that is set is kept (only an absent or zero one becomes 179)', () => {
  const r = run([peerV1beta1('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', peerPort: 1790 })]);
  assert.deepEqual(r.diags.list, []);
  assert.equal(r.configs[0].spec.bgp!.routers![0].neighbors![0].port, 1790);
});

test('a password Secret the node could not use is named once, with what is wrong with it', () => {
  const pw = (content: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw', namespace: FRR_NS }, type: 'kubernetes.io/basic-auth', ...content });
  const withSecret = tor({ passwordSecret: { name: 'pw' } });
  assert.deepEqual(lines(withSecret, pw({ data: { password: 'a!' } })), ['error: BGPPeer metallb-system/tor spec.passwordSecret: Secret frr-k8s-system/pw data.password is not valid base64']);
  assert.deepEqual(lines(withSecret, pw({ stringData: { password: 5 } })), ['error: BGPPeer metallb-system/tor spec.passwordSecret: Secret frr-k8s-system/pw stringData.password is not a string']);
  // FRR's rules for the value, in the words the node and a hand-written FRRConfiguration get.
  assert.deepEqual(lines(withSecret, pw({ stringData: { password: '' } })), ['error: BGPPeer metallb-system/tor spec.passwordSecret: Secret frr-k8s-system/pw: the password is empty']);
  assert.deepEqual(lines(withSecret, pw({ stringData: { password: 'two words' } })), [
    'error: BGPPeer metallb-system/tor spec.passwordSecret: Secret frr-k8s-system/pw: the password has characters frr.conf cannot carry (spaces, line breaks, control or non-ASCII characters); use printable ASCII without spaces',
  ]);
});
