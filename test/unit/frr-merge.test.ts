// merge(): one rejecting case per rule, each asserting every error exactly
// (object, field, message fragment), and accepting cases asserting the merged
// model. Inputs are written as YAML, the way users write them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { checkCompatible, merge, type MergedNeighbor } from '../../src/frr/index.ts';

/** FRRConfigurations from a YAML stream; `metadata` may be shortened to `name: x`. */
function configs(yaml: string): FRRConfiguration[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter(Boolean)
    .map((o) => {
      const { name, ...spec } = o as { name: string } & Record<string, unknown>;
      return { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: 'frr-k8s-system' }, spec } as FRRConfiguration;
    });
}

interface Expected {
  /** metadata.name of the object the error is on. */
  name: string;
  field: string;
  /** A fragment of the message. */
  says: string;
}

function expectErrors(yaml: string, expected: Expected[]): void {
  const result = merge(configs(yaml));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const got = errors.map((d) => `${d.ref?.name} ${d.field}: ${d.message}`);
  assert.equal(errors.length, expected.length, `expected ${expected.length} error(s), got:\n${got.join('\n')}`);
  expected.forEach((e, i) => {
    assert.equal(errors[i].ref?.name, e.name, got[i]);
    assert.equal(errors[i].ref?.kind, 'FRRConfiguration', got[i]);
    assert.equal(errors[i].ref?.namespace, 'frr-k8s-system', got[i]);
    assert.equal(errors[i].field, e.field, got[i]);
    assert.ok(errors[i].message.includes(e.says), `"${errors[i].message}" should say "${e.says}"`);
  });
  assert.equal(result.merged, undefined, 'no merged model when there are errors');
}

function mergeOK(yaml: string) {
  const result = merge(configs(yaml));
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(result.merged);
  return result.merged;
}

const N0 = 'spec.bgp.routers[0].neighbors[0]';

describe('merge rejects, naming the object and the field', () => {
  it('two ASNs for one VRF (naming both objects)', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, vrf: red}]}
---
name: b
bgp: {routers: [{asn: 65002, vrf: red}]}`,
      [{ name: 'b', field: 'spec.bgp.routers[0].asn', says: 'router ASN 65002 for VRF red conflicts with ASN 65001 in FRRConfiguration frr-k8s-system/a spec.bgp.routers[0].asn' }],
    );
  });

  it('two router IDs for one VRF', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, id: 10.0.0.1}]}
---
name: b
bgp: {routers: [{asn: 65001, id: 10.0.0.2}]}`,
      [{ name: 'b', field: 'spec.bgp.routers[0].id', says: 'router ID 10.0.0.2 for the default VRF conflicts with router ID 10.0.0.1 in FRRConfiguration frr-k8s-system/a spec.bgp.routers[0].id' }],
    );
  });

  const neighborConflict = (a: string, b: string, field: string, says: string) =>
    expectErrors(
      `
name: a
bgp:
  bfdProfiles: [{name: p1}, {name: p2}]
  routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, ${a}}]}]
---
name: b
bgp:
  bfdProfiles: [{name: p1}, {name: p2}]
  routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, ${b}}]}]`,
      [{ name: 'b', field, says }],
    );

  it('neighbour ASN', () => neighborConflict('asn: 65000', 'asn: 65002', `${N0}.asn`, 'neighbor 10.0.0.1: conflicting asn: 65002 here, 65000 in FRRConfiguration frr-k8s-system/a spec.bgp.routers[0].neighbors[0].asn'));
  it('neighbour ASN against dynamicASN', () => neighborConflict('dynamicASN: external', 'asn: 65002', `${N0}.asn`, 'conflicting asn: 65002 here, dynamicASN external in'));
  it('port, where unset means 179', () => neighborConflict('asn: 65000', 'asn: 65000, port: 1790', `${N0}.port`, `conflicting port: 1790 here, 179 (the default) in FRRConfiguration frr-k8s-system/a ${N0};`));
  it('hold and keepalive times, where unset means 180 s / 60 s', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000}]}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, holdTime: 90s, keepaliveTime: 30s}]}]}`,
      [
        { name: 'b', field: `${N0}.holdTime`, says: 'conflicting holdTime: 90s here, 180s (the default) in' },
        { name: 'b', field: `${N0}.keepaliveTime`, says: 'conflicting keepaliveTime: 30s here, 60s (the default) in' },
      ],
    );
  });
  it('connect time, where unset means 60 s', () => neighborConflict('asn: 65000, connectTime: 5s', 'asn: 65000', N0, `conflicting connectTime: 60s (the default) here, 5s in FRRConfiguration frr-k8s-system/a ${N0}.connectTime`));
  it('ebgpMultiHop', () => neighborConflict('asn: 65000, ebgpMultiHop: true', 'asn: 65000', N0, 'conflicting ebgpMultiHop: false (unset) here, true in'));
  it('cleartext password against a passwordSecret', () => neighborConflict('asn: 65000, password: pw1', 'asn: 65000, passwordSecret: {name: s}', `${N0}.passwordSecret`, 'conflicting password: from Secret frr-k8s-system/s here, a cleartext password in'));
  it('two different Secrets (compared by name, never read)', () => neighborConflict('asn: 65000, passwordSecret: {name: s1}', 'asn: 65000, passwordSecret: {name: s2}', `${N0}.passwordSecret`, 'from Secret frr-k8s-system/s2 here, from Secret frr-k8s-system/s1 in'));
  it('a password against none', () => neighborConflict('asn: 65000, password: pw1', 'asn: 65000', N0, 'conflicting password: none here, a cleartext password in'));
  it('source address', () => neighborConflict('asn: 65000, sourceaddress: 10.0.0.5', 'asn: 65000, sourceaddress: 10.0.0.6', `${N0}.sourceaddress`, 'conflicting source address: 10.0.0.6 here, 10.0.0.5 in'));
  it('graceful restart set both ways', () => neighborConflict('asn: 65000, enableGracefulRestart: true', 'asn: 65000, enableGracefulRestart: false', `${N0}.enableGracefulRestart`, 'conflicting enableGracefulRestart: false here, true in'));
  it('two BFD profiles', () => neighborConflict('asn: 65000, bfdProfile: p1', 'asn: 65000, bfdProfile: p2', `${N0}.bfdProfile`, 'conflicting bfdProfile: p2 here, p1 in'));
  it('dual-stack against single-stack', () => neighborConflict('asn: 65000', 'asn: 65000, dualStackAddressFamily: true', `${N0}.dualStackAddressFamily`, 'conflicting address families: IPv4 and IPv6 (dualStackAddressFamily) here, IPv4 only in'));
  it('localASN', () => neighborConflict('asn: 65000, localASN: 65100', 'asn: 65000', N0, 'conflicting localASN: unset here, 65100 in'));
  it('next hop', () => neighborConflict('asn: 65000, toAdvertise: {nextHop: {ipv4: 10.0.0.8}}', 'asn: 65000, toAdvertise: {nextHop: {ipv4: 10.0.0.9}}', `${N0}.toAdvertise.nextHop.ipv4`, 'conflicting IPv4 next hop: 10.0.0.9 here, 10.0.0.8 in'));

  it('one prefix with two local preferences towards one neighbour, across configurations', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 100, prefixes: [10.1.0.0/24]}]}}]}]}
---
name: b
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 200, prefixes: [10.1.0.0/24]}]}}]}]}`,
      [{ name: 'b', field: `${N0}.toAdvertise.withLocalPref[0].localPref`, says: `prefix 10.1.0.0/24 has local preference 200 here and 100 in FRRConfiguration frr-k8s-system/a ${N0}.toAdvertise.withLocalPref[0].localPref` }],
    );
  });

  it('one prefix with two local preferences within one configuration', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 100, prefixes: [10.1.0.0/24]}, {localPref: 200, prefixes: [10.1.0.0/24]}]}}]}]}`,
      [{ name: 'a', field: `${N0}.toAdvertise.withLocalPref[1].prefixes[0]`, says: '10.1.0.0/24 has local preference 200 here and 100 in' }],
    );
  });

  it('a BFD profile name with two sets of values', () => {
    expectErrors(
      `
name: a
bgp: {bfdProfiles: [{name: fast, receiveInterval: 100}]}
---
name: b
bgp: {bfdProfiles: [{name: fast, receiveInterval: 300, echoMode: true}]}`,
      [{ name: 'b', field: 'spec.bgp.bfdProfiles[0]', says: 'BFD profile "fast" differs from the one in FRRConfiguration frr-k8s-system/a spec.bgp.bfdProfiles[0] (receiveInterval 300 vs 100, echoMode true vs false)' }],
    );
  });

  it('two BFD profiles of one name that differ in one setting only (minimumTtl included, each setting alone) are refused', () => {
    const values: Record<string, [string, string, string]> = {
      receiveInterval: ['100', '300', '300 vs 100'],
      transmitInterval: ['100', '300', '300 vs 100'],
      detectMultiplier: ['3', '5', '5 vs 3'],
      echoInterval: ['50', '60', '60 vs 50'],
      echoMode: ['false', 'true', 'true vs false'],
      passiveMode: ['false', 'true', 'true vs false'],
      minimumTtl: ['254', '250', '250 vs 254'],
    };
    for (const [setting, [a, b, says]] of Object.entries(values)) {
      expectErrors(
        `
name: a
bgp: {bfdProfiles: [{name: fast, ${setting}: ${a}}]}
---
name: b
bgp: {bfdProfiles: [{name: fast, ${setting}: ${b}}]}`,
        [{ name: 'b', field: 'spec.bgp.bfdProfiles[0]', says: `BFD profile "fast" differs from the one in FRRConfiguration frr-k8s-system/a spec.bgp.bfdProfiles[0] (${setting} ${says}); profiles with one name must be equal` }],
      );
    }
  });

  it('a prefix the router does not have', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: [10.2.0.0/24]}}}]}]}`,
      [{ name: 'a', field: `${N0}.toAdvertise.allowed.prefixes[0]`, says: "10.2.0.0/24 is not among the router's prefixes (spec.bgp.routers[0].prefixes)" }],
    );
  });

  it("a prefix of another configuration's router (checked per configuration, as frr-k8s does)", () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24]}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: [10.1.0.0/24]}}}]}]}`,
      [{ name: 'b', field: `${N0}.toAdvertise.allowed.prefixes[0]`, says: "is not among the router's prefixes" }],
    );
  });

  it('a prefix of a family the neighbour does not carry', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [2001:db8::/64, 10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: [2001:db8::/64]}}}, {address: "fd00::1", asn: 65000, toAdvertise: {allowed: {prefixes: [10.1.0.0/24]}}}]}]}`,
      [
        { name: 'a', field: `${N0}.toAdvertise.allowed.prefixes[0]`, says: '2001:db8::/64 is an IPv6 prefix but neighbor 10.0.0.1 carries IPv4 only (set dualStackAddressFamily' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[1].toAdvertise.allowed.prefixes[0]', says: '10.1.0.0/24 is an IPv4 prefix but neighbor fd00::1 carries IPv6 only' },
      ],
    );
  });

  it('a local preference or community on a prefix not advertised to the neighbour', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24, 10.2.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: [10.1.0.0/24]}, withLocalPref: [{localPref: 10, prefixes: [10.2.0.0/24]}], withCommunity: [{community: "1:1", prefixes: [10.2.0.0/24]}]}}]}]}`,
      [
        { name: 'a', field: `${N0}.toAdvertise.withLocalPref[0].prefixes[0]`, says: '10.2.0.0/24 is not advertised to neighbor 10.0.0.1' },
        { name: 'a', field: `${N0}.toAdvertise.withCommunity[0].prefixes[0]`, says: '10.2.0.0/24 is not advertised to neighbor 10.0.0.1' },
      ],
    );
  });

  it('an invalid community', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withCommunity: [{community: "large:1:2", prefixes: [10.1.0.0/24]}]}}]}]}`,
      [{ name: 'a', field: `${N0}.toAdvertise.withCommunity[0].community`, says: 'invalid community "large:1:2"' }],
    );
  });

  it('a BFD profile the configuration does not define', () => {
    expectErrors(
      `
name: a
bgp: {bfdProfiles: [{name: p}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, bfdProfile: p}]}]}`,
      [{ name: 'b', field: `${N0}.bfdProfile`, says: 'BFD profile "p" is not defined in this configuration\'s spec.bgp.bfdProfiles' }],
    );
  });

  it('an imported VRF the configuration does not define', () => {
    expectErrors(`name: a\nbgp: {routers: [{asn: 65001, imports: [{vrf: red}]}]}`, [{ name: 'a', field: 'spec.bgp.routers[0].imports[0].vrf', says: 'VRF "red" is imported but this configuration has no router for it' }]);
  });

  it('EVPN (not rendered)', () => {
    expectErrors(
      `name: a\nbgp: {routers: [{asn: 65001, evpn: {advertiseVNIs: All}}, {asn: 65001, vrf: red, neighbors: [{address: 10.0.0.1, asn: 65000, addressFamilies: [evpn]}]}]}`,
      [
        { name: 'a', field: 'spec.bgp.routers[0].evpn', says: 'EVPN is not supported' },
        { name: 'a', field: 'spec.bgp.routers[1].neighbors[0].addressFamilies[0]', says: 'the evpn address family is not supported' },
      ],
    );
  });

  it('a neighbour without or with two identities, ASNs, or half the timers', () => {
    expectErrors(
      `
name: a
bgp:
  routers:
  - asn: 65001
    neighbors:
    - {asn: 65000}
    - {address: 10.0.0.1, interface: eth0, asn: 65000}
    - {address: 10.0.0.2}
    - {address: 10.0.0.3, asn: 65000, dynamicASN: internal}
    - {address: 10.0.0.4, asn: 65000, keepaliveTime: 10s}
    - {address: 10.0.0.5, asn: 65000, holdTime: 1s, keepaliveTime: 1s}
    - {address: 10.0.0.6, asn: 65000, holdTime: 10s, keepaliveTime: 20s}
    - {address: 10.0.0.7, asn: 65000, connectTime: 0s}
    - {address: 10.0.0.8, asn: 65000, holdTime: ten, keepaliveTime: 1s}
    - {address: 10.0.0.9, asn: 65000, holdTime: 3.5s, keepaliveTime: 3.6s}
    - {address: 10.0.0.10, asn: 65000, holdTime: 3.6s, keepaliveTime: 3.5s}`,
      [
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[0]', says: 'a neighbor needs an address or an interface' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[1].interface', says: 'address and interface are mutually exclusive' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[2].asn', says: 'neighbor 10.0.0.2 needs asn (1-4294967295) or dynamicASN' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[3].dynamicASN', says: 'asn and dynamicASN are mutually exclusive' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[4].keepaliveTime', says: 'holdTime and keepaliveTime go together' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[5].holdTime', says: 'holdTime "1s" must be 0 or at least 3s' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[6].keepaliveTime', says: 'keepaliveTime "20s" must not be longer than holdTime "10s"' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[7].connectTime', says: 'connectTime "0s" must be between 1s and 65535s' },
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[8].holdTime', says: 'holdTime "ten" is not a duration' },
        // Compared before the fractions are dropped, as frr-k8s does (both would be 3s).
        { name: 'a', field: 'spec.bgp.routers[0].neighbors[9].keepaliveTime', says: 'keepaliveTime "3.6s" must not be longer than holdTime "3.5s"' },
      ],
    );
  });

  it('a cleartext password frr.conf cannot carry, without repeating it', () => {
    const result = merge(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, password: "secret with spaces"}]}]}`));
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].field, `${N0}.password`);
    assert.ok(!JSON.stringify(result.diagnostics).includes('secret with spaces'));
  });

  it('toReceive lengths FRR would refuse', () => {
    expectErrors(
      `name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, toReceive: {allowed: {prefixes: [{prefix: 10.0.0.0/8, ge: 4}, {prefix: 10.0.0.0/8, ge: 24, le: 16}, {prefix: 10.0.0.0/8, ge: 33}, {prefix: 10.0.0.1/8}]}}}]}]}`,
      [
        { name: 'a', field: `${N0}.toReceive.allowed.prefixes[0]`, says: 'ge 4 is shorter than the prefix length 8' },
        { name: 'a', field: `${N0}.toReceive.allowed.prefixes[1]`, says: 'ge 24 is greater than le 16' },
        { name: 'a', field: `${N0}.toReceive.allowed.prefixes[2]`, says: 'ge 33 is longer than an IPv4 prefix (32)' },
        { name: 'a', field: `${N0}.toReceive.allowed.prefixes[3].prefix`, says: '"10.0.0.1/8" has host bits set; write 10.0.0.0/8' },
      ],
    );
  });

  it('localASN on an iBGP session', () => {
    expectErrors(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65001, localASN: 65100}]}]}`, [
      { name: 'a', field: `${N0}.localASN`, says: 'localASN is not supported for iBGP sessions' },
    ]);
  });

  it('a schema violation, and an object given twice', () => {
    expectErrors(
      `
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: some}}}]}]}
---
name: b
---
name: b`,
      [
        { name: 'a', field: `${N0}.toAdvertise.allowed.mode`, says: 'must be one of "all", "filtered"' },
        { name: 'b', field: 'metadata.name', says: 'appears twice in the input' },
      ],
    );
  });

  it('reports every problem, not only the first', () => {
    const result = merge(
      configs(`
name: a
bgp: {routers: [{asn: 65001, id: 10.0.0.1, neighbors: [{address: 10.0.0.1, asn: 65000}]}]}
---
name: b
bgp: {routers: [{asn: 65001, id: 10.0.0.2, neighbors: [{address: 10.0.0.1, asn: 65009, port: 1790}]}, {asn: 65001, vrf: red, prefixes: [10.0.0.1/8], neighbors: [{address: 10.0.0.1}]}]}`),
    );
    // The neighbours of a router that cannot be used are still checked.
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.ref?.name} ${d.field}`),
      ['b spec.bgp.routers[1].prefixes[0]', 'b spec.bgp.routers[1].neighbors[0].asn', 'b spec.bgp.routers[0].id', `b ${N0}.asn`, `b ${N0}.port`],
    );
  });
});

describe('merge accepts', () => {
  it('the seed: one neighbour from two configurations, both prefixes', () => {
    const m = mergeOK(`
name: metallb-tor-switch
nodeSelector: {}
bgp: {routers: [{asn: 65001, prefixes: [10.200.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, port: 179, toAdvertise: {allowed: {prefixes: [10.200.0.0/24]}}}]}]}
---
name: custom-config
bgp: {routers: [{asn: 65001, prefixes: [10.201.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: [10.201.0.0/24]}}}]}]}`);
    assert.equal(m.routers.length, 1);
    assert.deepEqual(m.routers[0].prefixes, ['10.200.0.0/24', '10.201.0.0/24']);
    assert.equal(m.routers[0].neighbors.length, 1);
    const n = m.routers[0].neighbors[0];
    assert.deepEqual(n.advertise.v4, ['10.200.0.0/24', '10.201.0.0/24']);
    assert.equal(n.port, undefined, 'port 179 is the default, not rendered');
    assert.deepEqual(m.sources.map((r) => r.name), ['custom-config', 'metallb-tor-switch']);
  });

  it('unites prefixes, imports, communities and toReceive; mode all wins; unset settings agree', () => {
    const m = mergeOK(`
name: a
bgp:
  bfdProfiles: [{name: p}]
  routers:
  - asn: 65001
    prefixes: [10.1.0.0/24, 10.2.0.0/24]
    neighbors:
    - address: 10.0.0.1
      asn: 65000
      bfdProfile: p
      toAdvertise:
        allowed: {prefixes: [10.1.0.0/24]}
        withCommunity: [{community: "65000:1", prefixes: [10.1.0.0/24]}]
      toReceive: {allowed: {prefixes: [{prefix: 192.168.0.0/16, le: 24}]}}
  - {asn: 65001, vrf: red}
---
name: b
bgp:
  routers:
  - asn: 65001
    id: 10.0.0.2
    prefixes: [10.2.0.0/24]
    imports: [{vrf: red}]
    neighbors:
    - address: 10.0.0.1
      asn: 65000
      enableGracefulRestart: true
      holdTime: 180s
      keepaliveTime: 60s
      toAdvertise:
        allowed: {prefixes: [10.2.0.0/24]}
        withCommunity: [{community: "65000:01", prefixes: [10.2.0.0/24]}, {community: "large:1:2:3", prefixes: [10.2.0.0/24]}]
      toReceive: {allowed: {mode: all}}
  - {asn: 65001, vrf: red}`);
    assert.deepEqual(m.routers.map((r) => r.vrf), ['', 'red']);
    const r = m.routers[0];
    assert.equal(r.routerId, '10.0.0.2');
    assert.deepEqual(r.imports, ['red']);
    const n: MergedNeighbor = r.neighbors[0];
    assert.deepEqual(n.advertise.v4, ['10.1.0.0/24', '10.2.0.0/24']);
    // MetalLB's order: a standard community A:B counts as the large (A<<16|B):0:0.
    assert.deepEqual(n.advertise.communities, [
      { value: '1:2:3', large: true, v4: ['10.2.0.0/24'], v6: [] },
      { value: '65000:1', large: false, v4: ['10.1.0.0/24', '10.2.0.0/24'], v6: [] },
    ]);
    assert.deepEqual(n.receive, { all: true, v4: [], v6: [] });
    assert.equal(n.bfdProfile, 'p');
    assert.equal(n.gracefulRestart, true);
    assert.equal(n.holdTime, undefined, 'the default timers are not rendered');
    assert.equal(n.origins.length, 2);
  });

  it('toReceive mode all in one configuration wins over a filtered toReceive in another, whichever comes first', () => {
    const all = 'toReceive: {allowed: {mode: all}}';
    const filtered = 'toReceive: {allowed: {prefixes: [{prefix: 192.168.0.0/16, le: 24}]}}';
    for (const [a, b] of [[all, filtered], [filtered, all]]) {
      const m = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, ${a}}]}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, ${b}}]}]}`);
      assert.deepEqual(m.routers[0].neighbors[0].receive, { all: true, v4: [], v6: [] }, `a: ${a}; b: ${b}`);
    }
  });

  it("a neighbour's timers are kept when only one of hold and keepalive differs from the default (180 s / 60 s)", () => {
    for (const [timers, hold, keepalive] of [
      ['holdTime: 90s, keepaliveTime: 60s', 90, 60],
      ['holdTime: 180s, keepaliveTime: 30s', 180, 30],
      ['holdTime: 90s, keepaliveTime: 30s', 90, 30],
    ] as const) {
      const m = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, ${timers}}]}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, ${timers}}]}]}`);
      const n = m.routers[0].neighbors[0];
      assert.deepEqual([n.holdTime, n.keepaliveTime], [hold, keepalive], timers);
    }
    const defaults = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, holdTime: 180s, keepaliveTime: 60s}]}]}`).routers[0].neighbors[0];
    assert.deepEqual([defaults.holdTime, defaults.keepaliveTime], [undefined, undefined], 'the default timers are left to FRR');
  });

  it('the same local preference for a prefix from two configurations', () => {
    const m = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 100, prefixes: [10.1.0.0/24]}]}}]}]}
---
name: b
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24, 10.3.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 100, prefixes: [10.1.0.0/24, 10.3.0.0/24]}]}}]}]}`);
    assert.deepEqual(m.routers[0].neighbors[0].advertise.localPrefs, [{ localPref: 100, v4: ['10.1.0.0/24', '10.3.0.0/24'], v6: [] }]);
  });

  it('addresses in any spelling are one neighbour, in canonical form, sorted numerically', () => {
    const m = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: "2001:DB8::0:1", asn: 65000}, {address: 10.0.0.10, asn: 65000}, {interface: eth0, asn: 65000}, {address: 10.0.0.9, asn: 65000}]}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: "2001:db8::1", asn: 65000}]}]}`);
    assert.deepEqual(m.routers[0].neighbors.map((n) => n.peer), ['10.0.0.9', '10.0.0.10', '2001:db8::1', 'eth0']);
  });

  it('raw configuration by priority, then name', () => {
    const m = mergeOK(`
name: b
raw: {rawConfig: "! b"}
---
name: a
raw: {priority: 1, rawConfig: "! a"}
---
name: c
raw: {rawConfig: "! c"}`);
    assert.deepEqual(m.raw.map((r) => r.text), ['! b', '! c', '! a']);
  });

  it('warns when raw configuration sets coalesce-time again', () => {
    const result = merge(configs(`name: a\nraw: {rawConfig: "router bgp 65001\\n coalesce-time 1000\\n"}`));
    assert.ok(result.merged);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.field]), [['warning', 'spec.raw.rawConfig']]);
    assert.match(result.diagnostics[0].message, /coalesce-time/);
    assert.deepEqual(merge(configs(`name: a\nraw: {rawConfig: "! no-coalesce-time here"}`)).diagnostics, []);
  });

  it('warns about what frr-k8s ignores', () => {
    const result = merge(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, disableMP: true, passwordSecret: {name: s, namespace: other}}]}]}`));
    assert.ok(result.merged);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.field]), [
      ['warning', `${N0}.passwordSecret.namespace`],
      ['warning', `${N0}.disableMP`],
    ]);
    const spec = result.merged.routers[0].neighbors[0].password;
    assert.deepEqual(spec && spec.kind === 'secret' ? [spec.namespace, spec.name] : undefined, ['frr-k8s-system', 's']);
  });
});

describe('checkCompatible', () => {
  it('reports what merging would, reading no Secret', () => {
    const ds = checkCompatible(
      configs(`
name: generated
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: tor}}]}]}
---
name: hand-written
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: tor}}, {address: 10.0.0.2, asn: 65000}]}]}`),
    );
    assert.deepEqual(ds, []);
    const bad = checkCompatible(configs(`name: a\nbgp: {routers: [{asn: 65001}]}\n---\nname: b\nbgp: {routers: [{asn: 65002}]}`));
    assert.equal(bad.length, 1);
    assert.equal(bad[0].ref?.name, 'b');
  });
});

describe('merge: what a conflict says, and what a refused neighbour leaves', () => {
  const errorsOf = (objs: FRRConfiguration[]) => merge(objs).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ref?.namespace ?? ''}/${d.ref?.name} ${d.field}: ${d.message}`);

  it('an object that is not a frrk8s.metallb.io/v1beta1 FRRConfiguration is refused, naming its apiVersion and kind', () => {
    for (const [apiVersion, kind] of [['frrk8s.metallb.io/v1alpha1', 'FRRConfiguration'], ['frrk8s.metallb.io/v1beta1', 'FRRNodeState']]) {
      const [cfg] = configs(`name: a\nbgp: {routers: [{asn: 65001}]}`);
      const result = merge([{ ...cfg, apiVersion, kind } as FRRConfiguration]);
      assert.deepEqual(result.diagnostics.map((d) => `${d.ref?.name} ${d.field}: ${d.message}`), [`a apiVersion: expected frrk8s.metallb.io/v1beta1 FRRConfiguration, got ${apiVersion} ${kind}`]);
      assert.equal(result.merged, undefined);
    }
  });

  it('configurations are taken by namespace, then name, a missing namespace counting as empty', () => {
    const [x, y] = configs(`name: z\nbgp: {routers: [{asn: 65001}]}\n---\nname: a\nbgp: {routers: [{asn: 65002}]}`);
    delete (x.metadata as { namespace?: string }).namespace;
    y.metadata = { ...y.metadata, namespace: '0-edge' };
    // Without a namespace first: the second, 0-edge/a, is the one in conflict.
    for (const inputs of [[y, x], [x, y]]) assert.deepEqual(errorsOf(inputs).map((e) => e.split(':')[0]), ['0-edge/a spec.bgp.routers[0].asn']);
  });

  it('names the field the incoming neighbour sets: dynamicASN internal against an ASN', () =>
    assert.deepEqual(errorsOf(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65001}]}]}\n---\nname: b\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, dynamicASN: internal}]}]}`)), [
      `frr-k8s-system/b ${N0}.dynamicASN: neighbor 10.0.0.1: conflicting asn: dynamicASN internal here, 65001 in FRRConfiguration frr-k8s-system/a ${N0}.asn; merged neighbors must agree`,
    ]));

  it('says IPv6 only for a single-stack IPv6 neighbour against a dual-stack one', () =>
    assert.deepEqual(errorsOf(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: "fd00::1", asn: 65000}]}]}\n---\nname: b\nbgp: {routers: [{asn: 65001, neighbors: [{address: "fd00::1", asn: 65000, dualStackAddressFamily: true}]}]}`)), [
      `frr-k8s-system/b ${N0}.dualStackAddressFamily: neighbor fd00::1: conflicting address families: IPv4 and IPv6 (dualStackAddressFamily) here, IPv6 only in FRRConfiguration frr-k8s-system/a ${N0}; merged neighbors must agree`,
    ]));

  it('says unset for a source address one side leaves out', () =>
    assert.deepEqual(errorsOf(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, sourceaddress: 10.0.0.5}]}]}\n---\nname: b\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000}]}]}`)), [
      `frr-k8s-system/b ${N0}: neighbor 10.0.0.1: conflicting source address: unset here, 10.0.0.5 in FRRConfiguration frr-k8s-system/a ${N0}.sourceaddress; merged neighbors must agree`,
    ]));

  it('describes a Secret as a Secret when the incoming password is cleartext', () =>
    assert.deepEqual(errorsOf(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: s}}]}]}\n---\nname: b\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, password: pw1}]}]}`)), [
      `frr-k8s-system/b ${N0}.password: neighbor 10.0.0.1: conflicting password: a cleartext password here, from Secret frr-k8s-system/s in FRRConfiguration frr-k8s-system/a ${N0}.passwordSecret; merged neighbors must agree`,
    ]));

  it('Secrets of one name in two namespaces are two passwords (each configuration reads its own namespace)', () => {
    const [a, b] = configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: s}}]}]}\n---\nname: b\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: s}}]}]}`);
    b.metadata = { ...b.metadata, namespace: 'other' };
    assert.deepEqual(errorsOf([a, b]), [
      `other/b ${N0}.passwordSecret: neighbor 10.0.0.1: conflicting password: from Secret other/s here, from Secret frr-k8s-system/s in FRRConfiguration frr-k8s-system/a ${N0}.passwordSecret; merged neighbors must agree`,
    ]);
  });

  it('names the IPv6 next hop', () =>
    assert.deepEqual(errorsOf(configs(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: "fd00::1", asn: 65000, toAdvertise: {nextHop: {ipv6: "fd00::8"}}}]}]}\n---\nname: b\nbgp: {routers: [{asn: 65001, neighbors: [{address: "fd00::1", asn: 65000, toAdvertise: {nextHop: {ipv6: "fd00::9"}}}]}]}`)), [
      `frr-k8s-system/b ${N0}.toAdvertise.nextHop.ipv6: neighbor fd00::1: conflicting IPv6 next hop: fd00::9 here, fd00::8 in FRRConfiguration frr-k8s-system/a ${N0}.toAdvertise.nextHop.ipv6; merged neighbors must agree`,
    ]));

  it('a neighbour refused for a conflict takes nothing into the merge: one problem, one error, whatever follows', () => {
    for (const conflict of ['asn: 65002', 'asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 200, prefixes: [10.1.0.0/24]}]}']) {
      const errors = errorsOf(
        configs(`
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: 100, prefixes: [10.1.0.0/24]}]}}]}]}
---
name: b
bgp: {bfdProfiles: [{name: p1}], routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, bfdProfile: p1, ${conflict}}]}]}
---
name: c
bgp: {bfdProfiles: [{name: p2}], routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, bfdProfile: p2}]}]}`),
      );
      assert.equal(errors.length, 1, `${conflict}:\n${errors.join('\n')}`);
      assert.match(errors[0], /^frr-k8s-system\/b /);
    }
  });

  it("a prefix's local preference conflict names the configuration that set it first", () =>
    assert.deepEqual(
      errorsOf(
        configs(
          ['a', 'b', 'c']
            .map((name) => `name: ${name}\nbgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withLocalPref: [{localPref: ${name === 'c' ? 200 : 100}, prefixes: [10.1.0.0/24]}]}}]}]}`)
            .join('\n---\n'),
        ),
      ).map((e) => e.replace(/;.*/, '')),
      [`frr-k8s-system/c ${N0}.toAdvertise.withLocalPref[0].localPref: neighbor 10.0.0.1: prefix 10.1.0.0/24 has local preference 200 here and 100 in FRRConfiguration frr-k8s-system/a ${N0}.toAdvertise.withLocalPref[0].localPref`],
    ));
});

describe('merge: the merged model', () => {
  it('imported VRFs are sorted', () => {
    const m = mergeOK(`name: a\nbgp: {routers: [{asn: 65001, imports: [{vrf: red}, {vrf: blue}]}, {asn: 65001, vrf: red}, {asn: 65001, vrf: blue}]}`);
    assert.deepEqual(m.routers.find((r) => r.vrf === '')?.imports, ['blue', 'red']);
  });

  it('communities are sorted across configurations', () => {
    const m = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withCommunity: [{community: "65000:2", prefixes: [10.1.0.0/24]}]}}]}]}
---
name: b
bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {mode: all}, withCommunity: [{community: "65000:1", prefixes: [10.1.0.0/24]}]}}]}]}`);
    assert.deepEqual(m.routers[0].neighbors[0].advertise.communities.map((c) => c.value), ['65000:1', '65000:2']);
  });

  it('toReceive filters of one prefix that differ only in ge or le are all kept, ordered by ge, then le (unset as 0)', () => {
    const m = mergeOK(`
name: a
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, toReceive: {allowed: {prefixes: [{prefix: 192.168.0.0/16, ge: 26}, {prefix: 192.168.0.0/16, ge: 24, le: 30}]}}}]}]}
---
name: b
bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, toReceive: {allowed: {prefixes: [{prefix: 192.168.0.0/16, ge: 24, le: 28}, {prefix: 192.168.0.0/16, le: 28}, {prefix: 192.168.0.0/16, ge: 25}]}}}]}]}`);
    assert.deepEqual(
      m.routers[0].neighbors[0].receive.v4.map((f) => [f.ge, f.le]),
      [
        [undefined, 28],
        [24, 28],
        [24, 30],
        [25, undefined],
        [26, undefined],
      ],
    );
  });

  it('a neighbour carries only the settings that are set (no key holding undefined)', () => {
    const n = mergeOK(`name: a\nbgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000}]}]}`).routers[0].neighbors[0];
    for (const key of ['localASN', 'port', 'holdTime', 'keepaliveTime', 'connectTime', 'bfdProfile', 'sourceAddress', 'password']) assert.ok(!(key in n), `${key} should be absent`);
  });
});

describe('merge: order, a missing name or namespace counting as empty', () => {
  const raw = (text: string, metadata: { name?: string; namespace?: string }) => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata, spec: { raw: { rawConfig: text } } }) as FRRConfiguration;

  it('sources by namespace, then name; raw configuration of one priority by name, then namespace', () => {
    for (const inputs of [[raw('! 0a', { name: '0a', namespace: 'n' }), raw('! nameless', { namespace: 'n' })], [raw('! nameless', { namespace: 'n' }), raw('! 0a', { name: '0a', namespace: 'n' })]]) {
      const byName = merge(inputs).merged;
      assert.deepEqual(byName?.sources.map((r) => r.name), [undefined, '0a']);
      assert.deepEqual(byName?.raw.map((r) => r.text), ['! nameless', '! 0a']);
    }
    // Raw configuration is ordered by name before namespace, the configurations the other way round.
    assert.deepEqual(merge([raw('! 0z', { name: '0z', namespace: 'a' }), raw('! nameless', { namespace: 'b' })]).merged?.raw.map((r) => r.text), ['! nameless', '! 0z']);
    for (const inputs of [[raw('! 0-edge', { name: 'r', namespace: '0-edge' }), raw('! none', { name: 'r' })], [raw('! none', { name: 'r' }), raw('! 0-edge', { name: 'r', namespace: '0-edge' })]]) {
      assert.deepEqual(merge(inputs).merged?.raw.map((r) => r.text), ['! none', '! 0-edge']);
    }
  });
});
