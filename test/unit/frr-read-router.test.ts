// merge() reading a router's own fields: each bad one is one error naming the
// configuration and the field; good ones reach the merged model.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { formatDiagnostic } from '../../src/api/diagnostic.ts';
import { merge } from '../../src/frr/index.ts';

const config = (router: Record<string, unknown>): FRRConfiguration =>
  ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'c', namespace: 'ns' }, spec: { bgp: { routers: [router] } } }) as unknown as FRRConfiguration;
const errors = (router: Record<string, unknown>) => merge([config(router)]).diagnostics.map((d) => formatDiagnostic(d));

describe('merge: a router\'s own fields', () => {
  it('ASN 0 is refused at asn', () => {
    assert.deepEqual(errors({ asn: 0 }), ['error: FRRConfiguration ns/c spec.bgp.routers[0].asn: router ASN must be between 1 and 4294967295']);
  });

  it('a VRF name that is no Linux interface name is refused at vrf', () => {
    assert.deepEqual(errors({ asn: 65001, vrf: 'red/blue' }), [
      'error: FRRConfiguration ns/c spec.bgp.routers[0].vrf: VRF name "red/blue" is not a valid Linux interface name (printable ASCII without \'/\', \':\' or spaces)',
    ]);
  });

  it('a router ID that is no IPv4 address is refused at id', () => {
    for (const id of ['fd00::1', 'x']) assert.deepEqual(errors({ asn: 65001, id }), [`error: FRRConfiguration ns/c spec.bgp.routers[0].id: router ID "${id}" must be an IPv4 address`]);
  });

  it('every bad field of one router is reported', () => {
    const d = merge([config({ asn: 0, vrf: 'a b', id: 'x' })]).diagnostics;
    assert.deepEqual(
      d.map((x) => [x.severity, x.field]),
      [
        ['error', 'spec.bgp.routers[0].asn'],
        ['error', 'spec.bgp.routers[0].vrf'],
        ['error', 'spec.bgp.routers[0].id'],
      ],
    );
  });

  it('good fields reach the model: the highest ASN, a VRF, an IPv4 router ID; "default" and an empty ID are the defaults', () => {
    const good = merge([config({ asn: 4294967295, vrf: 'red', id: '10.0.0.1' })]);
    assert.deepEqual(good.diagnostics, []);
    assert.deepEqual([good.merged?.routers[0].asn, good.merged?.routers[0].vrf, good.merged?.routers[0].routerId], [4294967295, 'red', '10.0.0.1']);
    const defaults = merge([config({ asn: 1, vrf: 'default', id: '' })]);
    assert.deepEqual(defaults.diagnostics, []);
    assert.deepEqual([defaults.merged?.routers[0].vrf, defaults.merged?.routers[0].routerId], ['', undefined]);
  });
});
