// MetalLB's pre-0.13 configuration mapped to MetalLB resources
// (src/metallb/legacy.ts convertLegacyConfig), in process, field for field as
// MetalLB's converter (configmaptocrs) maps it: a field the configuration
// leaves out or sets to Go's zero value where Go omits it (omitempty) is not
// in the resource at all, numbering is in order from 1, timers are Go
// durations, and a bad value is one line naming its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { convertLegacyConfig } from '../../src/metallb/legacy.ts';

function convert(text: string) {
  const diags = new Diagnostics();
  const objects = convertLegacyConfig(text, 'lb', { base: '' }, diags);
  return { objects, lines: diags.list.map((d) => formatDiagnostic(d, 'in.yaml')) };
}
const cr = (kind: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: `metallb.io/${kind === 'BGPPeer' ? 'v1beta2' : 'v1beta1'}`, kind, metadata: { name, namespace: 'lb' }, spec });

test('every resource, exactly: what the configuration leaves out or sets to zero (peer ASN and port, empty strings, empty label maps, local preference) is left out, not written empty', () => {
  const config = `peers:
- my-asn: 64512
  peer-asn: 0
  peer-address: 10.0.0.1
  source-address: ""
  peer-port: 0
  hold-time: 0s
  keepalive-time: 0s
  node-selectors:
  - match-labels: {}
- my-asn: 64512
  peer-asn: 65000
  peer-address: 10.0.0.2
  peer-port: 1179
address-pools:
- name: a
  protocol: layer2
  addresses: [192.0.2.0/28]
- name: b
  protocol: layer2
  auto-assign: false
  addresses: [192.0.2.16/28]
- name: c
  protocol: bgp
  addresses: [192.0.2.32/28]
  bgp-advertisements:
  - localpref: 0
  - aggregation-length: 32
    aggregation-length-v6: 128
    localpref: 50
bfd-profiles:
- name: fast
  echo-mode: true
  receive-interval: 100
- name: slow
  detect-multiplier: null
bgp-communities:
  tor: 64512:1
`;
  const r = convert(config);
  assert.deepEqual(r.lines, []);
  assert.deepStrictEqual(r.objects, [
    cr('BGPPeer', 'peer1', { holdTime: '0s', keepaliveTime: '0s', myASN: 64512, nodeSelectors: [{}], peerAddress: '10.0.0.1' }),
    cr('BGPPeer', 'peer2', { holdTime: '1m30s', myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.2', peerPort: 1179 }),
    cr('IPAddressPool', 'a', { addresses: ['192.0.2.0/28'] }),
    cr('IPAddressPool', 'b', { addresses: ['192.0.2.16/28'], autoAssign: false }),
    cr('IPAddressPool', 'c', { addresses: ['192.0.2.32/28'] }),
    cr('BGPAdvertisement', 'bgpadvertisement1', { ipAddressPools: ['c'] }),
    cr('BGPAdvertisement', 'bgpadvertisement2', { aggregationLength: 32, aggregationLengthV6: 128, ipAddressPools: ['c'], localPref: 50 }),
    cr('L2Advertisement', 'l2advertisement1', { ipAddressPools: ['a'] }),
    cr('L2Advertisement', 'l2advertisement2', { ipAddressPools: ['b'] }),
    cr('BFDProfile', 'fast', { echoMode: true, passiveMode: false, receiveInterval: 100 }),
    cr('BFDProfile', 'slow', { echoMode: false, passiveMode: false }),
    // 64512:1 unquoted is text, as MetalLB's YAML reads it (no base-60 numbers).
    cr('Community', 'communities', { communities: [{ name: 'tor', value: '64512:1' }] }),
  ]);
});

test('a null where a peer goes is Go\'s zero peer: no ASNs, no address, the default hold time', () => {
  assert.deepStrictEqual(convert('peers: [~]\n'), { objects: [cr('BGPPeer', 'peer1', { holdTime: '1m30s', myASN: 0 })], lines: [] });
});

test('a name longer than a Kubernetes name is cut to 63 characters as it is renamed', () => {
  const long = `Web_Pool_${'x'.repeat(70)}`;
  const r = convert(`address-pools:\n- name: ${long}\n  protocol: bgp\n  addresses: [192.0.2.0/28]\n`);
  const renamed = `web-pool-${'x'.repeat(54)}`;
  assert.equal(renamed.length, 63);
  assert.deepEqual(r.lines, [`info: in.yaml address-pools[0].name: IPAddressPool name "${long}" becomes "${renamed}" (a Kubernetes name), as MetalLB's converter renames it`]);
  assert.deepEqual(r.objects?.map((o) => o.metadata?.name), [renamed, 'bgpadvertisement1']);
});

test('a timer that is no duration, or a negative one, is refused naming its field; 0s is a duration', () => {
  const peer = (timers: string) => `peers:\n- my-asn: 64512\n  peer-asn: 65000\n  peer-address: 10.0.0.1\n${timers}`;
  assert.deepEqual(convert(peer('  hold-time: soon\n')), { objects: undefined, lines: ['error: in.yaml peers[0].hold-time: invalid hold time "soon": not a duration (e.g. 90s, 1m30s)'] });
  assert.deepEqual(convert(peer('  hold-time: -5s\n')), { objects: undefined, lines: ['error: in.yaml peers[0].hold-time: invalid hold time "-5s": not a duration (e.g. 90s, 1m30s)'] });
  assert.deepEqual(convert(peer('  keepalive-time: -1s\n')), { objects: undefined, lines: ['error: in.yaml peers[0].keepalive-time: invalid keepalive time "-1s": not a duration (e.g. 90s, 1m30s)'] });
});

test('aggregation-length-v6 is a Go int32 too: 2^31 is one past its largest value', () => {
  const r = convert('address-pools:\n- name: a\n  protocol: bgp\n  addresses: [2001:db8::/64]\n  bgp-advertisements:\n  - aggregation-length-v6: 2147483648\n');
  assert.deepEqual(r, { objects: undefined, lines: ['error: in.yaml address-pools[0].bgp-advertisements[0].aggregation-length-v6: must be a whole number from -2147483648 to 2147483647, not 2147483648'] });
});
