// BGPPeers into the model, in process (parsePeers): each field the model
// carries when written and no key for one that is not, only the peers without
// errors returned (a warning keeps a peer; another object's error does not
// drop one), in name order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { BGPPeer } from '../../src/api/metallb.ts';
import { parseSecrets } from '../../src/metallb/cluster.ts';
import type { BFDProfile } from '../../src/metallb/model.ts';
import { parsePeers, type PeerContext } from '../../src/metallb/peers.ts';
import { FRR_NS, NS, peer, secret } from './metallb-fixtures.ts';

const fast: BFDProfile = { name: 'fast', ref: { kind: 'BFDProfile', name: 'fast', namespace: NS }, echoMode: false, passiveMode: false };
const ctx: PeerContext = {
  bfdProfiles: [fast],
  nodes: undefined,
  secrets: parseSecrets([secret('pw', FRR_NS, 'kubernetes.io/basic-auth', { password: 'p' })]),
  metallbNamespace: NS,
  frrk8sNamespace: FRR_NS,
};
const cr = (name: string, spec: Record<string, unknown>) => peer(name, spec) as BGPPeer;

function parse(crs: BGPPeer[], diags = new Diagnostics()) {
  const peers = parsePeers(crs, ctx, diags);
  return { peers: peers.map((p) => ({ ...p, ref: p.ref.name })), lines: diags.list.map((d) => formatDiagnostic(d)) };
}

test('a peer\'s model carries each field written, normalised, and no key for one that is not', () => {
  const everything = cr('full', {
    myASN: 64512, peerASN: 65000, localASN: 64999, peerAddress: 'FD00:0::1', sourceAddress: 'FD00::2', peerPort: 1179,
    holdTime: '90s', connectTime: '5s', routerID: '10.0.0.9', password: 'secret', bfdProfile: 'fast',
    nodeSelectors: [{ matchLabels: { rack: 'r1' } }], enableGracefulRestart: true, ebgpMultiHop: true, vrf: 'red', dualStackAddressFamily: true,
  });
  const byInterface = cr('unnumbered', { myASN: 64512, dynamicASN: 'external', interface: 'eth1', passwordSecret: { name: 'pw' }, nodeSelectors: [{ matchLabels: { rack: 'r2' } }] });
  const plain = cr('plain', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', nodeSelectors: [{ matchLabels: { rack: 'r3' } }] });
  const { peers, lines } = parse([everything, byInterface, plain]);
  assert.deepEqual(lines, [
    'info: BGPPeer metallb-system/full spec.sourceAddress: emitted as the neighbour\'s sourceaddress; MetalLB\'s own speaker in frr-k8s mode drops it',
    'info: BGPPeer metallb-system/full spec.localASN: emitted as the neighbour\'s localASN; MetalLB\'s own speaker in frr-k8s mode drops it',
  ]);
  const defaults = { enableGracefulRestart: false, ebgpMultiHop: false, vrf: '', dualStackAddressFamily: false, disableMP: false };
  assert.deepEqual(peers, [
    {
      name: 'full', ref: 'full', myASN: 64512, asn: 65000, localASN: 64999, address: 'fd00::1', addressFamily: 6, sourceAddress: 'fd00::2', port: 1179,
      holdTime: '1m30s', keepaliveTime: '30s', connectTime: '5s', routerID: '10.0.0.9', password: 'secret', bfdProfile: 'fast',
      nodeSelectors: [{ matchLabels: { rack: 'r1' } }], enableGracefulRestart: true, ebgpMultiHop: true, vrf: 'red', dualStackAddressFamily: true, disableMP: false,
    },
    { name: 'plain', ref: 'plain', myASN: 64512, asn: 65000, address: '10.0.0.1', addressFamily: 4, port: 179, nodeSelectors: [{ matchLabels: { rack: 'r3' } }], ...defaults },
    { name: 'unnumbered', ref: 'unnumbered', myASN: 64512, dynamicASN: 'external', iface: 'eth1', port: 179, passwordSecret: { name: 'pw', namespace: FRR_NS }, nodeSelectors: [{ matchLabels: { rack: 'r2' } }], ...defaults },
  ]);
});

test('only the peers without errors are returned; a warning keeps a peer, an error of another object does not drop one', () => {
  const bad = cr('bad', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.256' });
  const warned = cr('warned', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.2', disableMP: true });
  const good = cr('good', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.3' });
  const { peers, lines } = parse([bad, warned, good]);
  assert.deepEqual(peers.map((p) => p.name), ['good', 'warned']);
  assert.deepEqual(lines, [
    'error: BGPPeer metallb-system/bad spec.peerAddress: invalid peer address "10.0.0.256": must be an IP address',
    'warning: BGPPeer metallb-system/warned spec.disableMP: disableMP is deprecated and has no effect: separate sessions per address family are the default; see dualStackAddressFamily',
  ]);
  const earlier = new Diagnostics();
  earlier.error({ kind: 'IPAddressPool', name: 'web', namespace: NS }, 'spec.addresses[0]', 'invalid');
  assert.deepEqual(parse([good], earlier).peers.map((p) => p.name), ['good']);
});

test('peers are returned in name order, whatever the input order', () => {
  const at = (name: string, address: string) => cr(name, { myASN: 64512, peerASN: 65000, peerAddress: address });
  assert.deepEqual(parse([at('tor-b', '10.0.0.2'), at('tor-c', '10.0.0.3'), at('tor-a', '10.0.0.1')]).peers.map((p) => p.name), ['tor-a', 'tor-b', 'tor-c']);
});
