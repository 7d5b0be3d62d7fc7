// How compile's messages count (src/compile/frrconfig.ts): the nodes a
// service is left out from, and the prefixes a localPref clash lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpAdv, node, peer, pool, run, service } from './metallb-fixtures.ts';

const tor = peer('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' });
const web = service('web', { ips: ['192.0.2.10'], labels: { app: 'web' } });
const a = bgpAdv('a', { localPref: 100, serviceSelectors: [{ matchLabels: { app: 'web' } }] });
const b = bgpAdv('b', { localPref: 200, serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }] });
const conflictWarning = (objs: Parameters<typeof run>[0]) => run(objs, { advertise: 'services' }).diags.list.filter((d) => d.severity === 'warning').map((d) => d.message);

test('a service left out for conflicting localPrefs: "from node n1" for one node, no node list without Nodes', () => {
  const objs = [pool('pool', ['192.0.2.0/24']), tor, a, b, web];
  assert.deepEqual(conflictWarning([...objs, node('n1')]), ['not announced from node n1: BGPAdvertisements "a" and "b" select it with conflicting localPref (100 vs 200)']);
  assert.deepEqual(conflictWarning(objs), ['not announced: BGPAdvertisements "a" and "b" select it with conflicting localPref (100 vs 200)']);
});

test('a localPref clash in pools mode lists up to three prefixes, and says how many more only when there are more', () => {
  const clash = (addresses: string[]) => {
    const r = run([node('n1'), pool('p', addresses), tor, bgpAdv('x', { localPref: 100 }), bgpAdv('y', { localPref: 200, aggregationLength: 24 })]);
    return r.diags.list.filter((d) => d.severity === 'error').map((d) => d.message.split(' to BGPPeer')[0]);
  };
  assert.deepEqual(clash(['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']), ['BGPAdvertisements "x" and "y" both announce IPAddressPool "p" (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)']);
  assert.deepEqual(clash(['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '10.0.0.0/24']), ['BGPAdvertisements "x" and "y" both announce IPAddressPool "p" (10.0.0.0/24, 192.0.2.0/24, 198.51.100.0/24 and 1 more)']);
});
