// merge() reading a neighbour: each bad field is one error naming the
// configuration and the field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { merge } from '../../src/frr/index.ts';

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
