// advertise: services (src/compile/frrconfig.ts announcer): whether two
// advertisements' localPrefs can both hold is decided per pool and pair, and
// each service left out for a conflict gets its own warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpAdv, node, peer, pool, run, service } from './metallb-fixtures.ts';
import type { KubeObject } from '../../src/api/k8s.ts';

const tor = peer('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' });
const tor2 = peer('tor2', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.2' });
const web = [{ matchLabels: { app: 'web' } }];
const any = [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }];
const svc = (name: string, ip: string) => service(name, { ips: [ip], labels: { app: 'web' } });
const warnings = (objs: KubeObject[]) => run(objs, { advertise: 'services' }).diags.list.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${d.ref?.kind}/${d.ref?.name} ${d.field}: ${d.message}`);

for (const nodes of [[node('n1')], []]) {
  const where = nodes.length > 0 ? ' from node n1' : '';
  test(`a compatible pair on one pool does not make a conflicting pair on another compatible, nor the reverse (disjoint peers)${nodes.length > 0 ? '' : ' (no Nodes)'}`, () => {
    const pools = [pool('p', ['192.0.2.0/24']), pool('q', ['198.51.100.0/24'])];
    const ads = [
      bgpAdv('p1', { ipAddressPools: ['p'], localPref: 100, serviceSelectors: web }), bgpAdv('p2', { ipAddressPools: ['p'], localPref: 200, serviceSelectors: any }),
      bgpAdv('q1', { ipAddressPools: ['q'], localPref: 100, serviceSelectors: web, peers: ['tor'] }), bgpAdv('q2', { ipAddressPools: ['q'], localPref: 200, serviceSelectors: any, peers: ['tor2'] }),
    ];
    const conflicting = [`warning Service/a metadata.labels: not announced${where}: BGPAdvertisements "p1" and "p2" select it with conflicting localPref (100 vs 200)`];
    // Services in name order: "a" is met first, then "b".
    assert.deepEqual(warnings([...nodes, ...pools, tor, tor2, ...ads, svc('a', '192.0.2.10'), svc('b', '198.51.100.10')]), conflicting);
    assert.deepEqual(warnings([...nodes, ...pools, tor, tor2, ...ads, svc('a', '198.51.100.10'), svc('b', '192.0.2.10')]), [conflicting[0].replace('Service/a', 'Service/b')]);
  });

  test(`two services left out by one conflicting pair: one warning each${nodes.length > 0 ? '' : ' (no Nodes)'}`, () => {
    const objs = [...nodes, pool('p', ['192.0.2.0/24']), tor, bgpAdv('x', { localPref: 100, serviceSelectors: web }), bgpAdv('y', { localPref: 200, serviceSelectors: any }), svc('a', '192.0.2.10'), svc('b', '192.0.2.11')];
    assert.deepEqual(warnings(objs), ['a', 'b'].map((s) => `warning Service/${s} metadata.labels: not announced${where}: BGPAdvertisements "x" and "y" select it with conflicting localPref (100 vs 200)`));
  });
}
