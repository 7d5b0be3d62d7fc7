// merge() reading a neighbour: each bad field is one error naming the
// configuration and the field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { merge } from '../../src/frr/index.ts';
import { filterFor } from '../../src/frr/read.ts';

const config = (neighbor: Record<string, unknown>): FRRConfiguration =>
  ({
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'c', namespace: 'ns' },
    spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', ...neighbor }] }] } },
  }) as unknown as FRRConfiguration;
const problems = (neighbor: Record<string, unknown>) => merge([config(neighbor)]).diagnostics.map((d) => [d.severity, d.field, d.message]);

describe('merge: a neighbour\'s localASN', () => {
  it('the router\'s own ASN is refused', () => {
    assert.deepEqual(problems({ asn: 65000, localASN: 65001 }), [['error', 'spec.bgp.routers[0].neighbors[0].localASN', "localASN 65001 is the router's own ASN; it must differ"]]);
  });

  it('the neighbour\'s ASN is refused', () => {
    assert.deepEqual(problems({ asn: 65000, localASN: 65000 }), [['error', 'spec.bgp.routers[0].neighbors[0].localASN', "localASN 65000 equals the neighbor's ASN"]]);
  });

  it('another ASN towards an eBGP peer is taken', () => {
    const r = merge([config({ asn: 65000, localASN: 65100 })]);
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.merged);
  });
});

describe('merge: a neighbour\'s next hops and deprecated fields', () => {
  it('a next hop that is no address of its family is refused at its field', () => {
    assert.deepEqual(problems({ asn: 65000, toAdvertise: { nextHop: { ipv4: 'fd00::1' } } }), [['error', 'spec.bgp.routers[0].neighbors[0].toAdvertise.nextHop.ipv4', 'next hop "fd00::1" is not an IPv4 address']]);
    assert.deepEqual(problems({ asn: 65000, toAdvertise: { nextHop: { ipv6: 'x' } } }), [['error', 'spec.bgp.routers[0].neighbors[0].toAdvertise.nextHop.ipv6', 'next hop "x" is not an IPv6 address']]);
  });

  it('a next hop of each family reaches the model; an empty one is none', () => {
    const r = merge([config({ asn: 65000, dualStackAddressFamily: true, toAdvertise: { nextHop: { ipv4: '10.0.0.8', ipv6: 'fd00::8' } } })]);
    assert.deepEqual(r.diagnostics, []);
    const n = r.merged!.routers[0].neighbors[0];
    assert.deepEqual([n.advertise.nextHopV4, n.advertise.nextHopV6], ['10.0.0.8', 'fd00::8']);
    const none = merge([config({ asn: 65000, toAdvertise: { nextHop: { ipv4: '' } } })]);
    assert.deepEqual(none.diagnostics, []);
    assert.equal(none.merged!.routers[0].neighbors[0].advertise.nextHopV4, undefined);
  });

  it('disableMP is a warning: deprecated and ignored, as by frr-k8s', () => {
    const r = merge([config({ asn: 65000, disableMP: true })]);
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.field, d.message]), [['warning', 'spec.bgp.routers[0].neighbors[0].disableMP', 'disableMP is deprecated and ignored (as by frr-k8s); use dualStackAddressFamily']]);
    assert.ok(r.merged);
    assert.deepEqual(merge([config({ asn: 65000, disableMP: false })]).diagnostics, []);
  });
});

describe('merge: a neighbour\'s passwordSecret and sourceaddress', () => {
  it('a passwordSecret without a name is a warning: no password is set', () => {
    const r = merge([config({ asn: 65000, passwordSecret: { name: '' } })]);
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.field, d.message]), [['warning', 'spec.bgp.routers[0].neighbors[0].passwordSecret.name', 'passwordSecret has no name, so no password is set']]);
    assert.ok(r.merged);
  });

  it('sourceaddress: an IP address or an interface name; anything else is refused', () => {
    for (const [text, want] of [['10.0.0.5', '10.0.0.5'], ['fd00:0::5', 'fd00::5'], ['eth0.100', 'eth0.100']]) {
      const r = merge([config({ asn: 65000, sourceaddress: text })]);
      assert.deepEqual(r.diagnostics, [], text);
      assert.equal(r.merged!.routers[0].neighbors[0].sourceAddress, want);
    }
    assert.deepEqual(problems({ asn: 65000, sourceaddress: 'a b' }), [['error', 'spec.bgp.routers[0].neighbors[0].sourceaddress', 'sourceaddress "a b" is neither an IP address nor an interface name']]);
  });

  it('a prefix of a family the session does not carry names the one it carries', () => {
    const v4 = problems({ asn: 65000, toAdvertise: { allowed: { prefixes: ['fd00::/64'] } } });
    assert.match(String(v4[0]?.[2]), /is an IPv6 prefix but .* carries IPv4 only \(set dualStackAddressFamily to carry both\)$/);
    const v6 = merge([{ ...config({}), spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: 'fd00::1', asn: 65000, toAdvertise: { allowed: { prefixes: ['10.1.0.0/24'] } } }] }] } } } as FRRConfiguration]);
    assert.match(v6.diagnostics[0]?.message ?? '', /is an IPv4 prefix but .* carries IPv6 only/);
  });
});

describe('filterFor: a toReceive selector\'s bad lengths name the family', () => {
  it('ge or le longer than the family\'s addresses', () => {
    assert.deepEqual(filterFor('fd00::/64', 64, 128, 129), { ok: false, problem: 'ge 129 is longer than an IPv6 prefix (128)' });
    assert.deepEqual(filterFor('fd00::/64', 64, 128, undefined, 129), { ok: false, problem: 'le 129 is longer than an IPv6 prefix (128)' });
    assert.deepEqual(filterFor('10.0.0.0/8', 8, 32, 33), { ok: false, problem: 'ge 33 is longer than an IPv4 prefix (32)' });
    assert.deepEqual(filterFor('10.0.0.0/8', 8, 32, undefined, 33), { ok: false, problem: 'le 33 is longer than an IPv4 prefix (32)' });
  });
});
