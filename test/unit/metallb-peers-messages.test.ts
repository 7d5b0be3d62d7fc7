// BGPPeer messages word for word where the rule tables check a fragment:
// one line naming the object and the field, saying what to write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { FRR_NS, peer, run } from './metallb-fixtures.ts';

const tor = (spec: Record<string, unknown> = {}, name = 'tor') => peer(name, { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', ...spec });
const results = (...objs: KubeObject[]) => run(objs).diags.list.map((d) => `${d.severity}: ${d.ref?.kind}/${d.ref?.name} ${d.field}: ${d.message}`);

test('timers: a holdTime derived from keepaliveTime is named with its derivation; a written one as written', () => {
  assert.deepEqual(results(tor({ keepaliveTime: '21846s' })), ['error: BGPPeer/tor spec.keepaliveTime: holdTime 18h12m18s (3 × keepaliveTime "21846s") is longer than 65535s, the most FRR takes: set holdTime too']);
  assert.deepEqual(results(tor({ holdTime: '70000s', keepaliveTime: '66000s' })), ['error: BGPPeer/tor spec.holdTime: holdTime "70000s" is longer than 65535s, the most FRR takes']);
  // A keepaliveTime derived from a too long holdTime: the holdTime is the problem.
  assert.deepEqual(results(tor({ holdTime: '200000s' })), ['error: BGPPeer/tor spec.holdTime: holdTime "200000s" is longer than 65535s, the most FRR takes']);
  assert.deepEqual(results(tor({ holdTime: '30s', keepaliveTime: '31s' })), ['error: BGPPeer/tor spec.keepaliveTime: keepaliveTime "31s" must not be greater than holdTime "30s"']);
});

test('connectTime that is no duration is named as written', () => {
  assert.deepEqual(results(tor({ connectTime: 'soon' })), ['error: BGPPeer/tor spec.connectTime: invalid duration "soon"']);
});

test('a password Secret given without a namespace is not taken for one in the FRR-K8s namespace', () => {
  const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw' }, type: 'kubernetes.io/basic-auth', stringData: { password: 'x' } };
  assert.deepEqual(results(tor({ passwordSecret: { name: 'pw' } }), s), [`error: BGPPeer/tor spec.passwordSecret: Secret "pw" is in namespace "", but frr-k8s reads password Secrets from "${FRR_NS}": move it there`]);
});

test('the same session twice names the address or the interface and the VRF', () => {
  assert.deepEqual(results(tor(), tor({}, 'tor2')), ['error: BGPPeer/tor2 spec.peerAddress: BGPPeer "tor" already peers with 10.0.0.1 in the default VRF: peers whose node selectors can select the same node must not repeat a session']);
  const ifPeer = (name: string, vrf?: string) => peer(name, { myASN: 64512, dynamicASN: 'external', interface: 'eth1', ...(vrf ? { vrf } : {}) });
  assert.deepEqual(results(ifPeer('a', 'red'), ifPeer('b', 'red'), ifPeer('c')), ['error: BGPPeer/b spec.interface: BGPPeer "a" already peers with eth1 in VRF "red": peers whose node selectors can select the same node must not repeat a session']);
});
