// The FRR library's small helpers: the namespace frr-k8s reads
// (inNamespace), a node's frr.conf from a stream's objects (renderObjects),
// and the names of a neighbour's policies (neighborNames).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { inNamespace, neighborNames } from '../../src/frr/index.ts';
import { renderObjects } from '../../src/frr/render-objects.ts';

const NS = 'frr-k8s-system';
const config = (name: string, namespace: string | undefined, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, ...(namespace ? { namespace } : {}) }, spec });

describe('inNamespace', () => {
  it('keeps the objects of the namespace as they are, gives those without one the namespace, and tells of the others', () => {
    const inside = config('in', NS, {});
    const bare = config('bare', undefined, {});
    const other = config('other', 'elsewhere', {});
    const ignored: KubeObject[] = [];
    const out = inNamespace([inside, bare, other], NS, (o) => ignored.push(o));
    assert.equal(out[0], inside, 'not copied');
    assert.deepEqual(out[1], { ...bare, metadata: { name: 'bare', namespace: NS } });
    assert.equal(bare.metadata?.namespace, undefined, 'the input is not changed');
    assert.deepEqual(ignored, [other]);
    assert.equal(out.length, 2);
  });
});

describe('renderObjects', () => {
  it('warnings for objects of another namespace come first, then the rendering\'s own', () => {
    const coalescing = config('raw', NS, { raw: { priority: 1, rawConfig: 'router bgp 65001\n coalesce-time 1000\nexit\n' } });
    const r = renderObjects([coalescing, config('other', 'elsewhere', {})], { name: 'n1', labels: {} }, { namespace: NS });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.ref?.name, d.message.slice(0, 40)]),
      [
        ['warning', 'other', `not in namespace ${NS}, ignored (frr`.slice(0, 40)],
        ['warning', 'raw', 'sets coalesce-time: with a non-zero valu'],
      ],
    );
    assert.match(r.text, /coalesce-time 1000/);
  });
});

describe('neighborNames', () => {
  it('every character FRR cannot take in a VRF or interface name becomes _, not only the first', () => {
    const n = neighborNames('red vrf:1', 'eth 0:1', 'interface');
    assert.equal(n.routeMapIn, 'red_vrf_1-eth_0_1-in');
    assert.equal(neighborNames('', 'fd00::1', 'address').allowedOut('v6'), 'default-fd00::1-out-v6');
  });
});
