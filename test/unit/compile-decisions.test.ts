// Small rules of compiling (src/compile/decisions.ts), on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectsService } from '../../src/compile/decisions.ts';
import type { BGPAdvertisement, ServiceInfo } from '../../src/metallb/model.ts';
import { bgpAdv, peer, pool, run, service, slice } from './metallb-fixtures.ts';

test('an advertisement applies to a service when it has no serviceSelectors, or when any one of them matches (MetalLB ORs them)', () => {
  const ad = (serviceSelectors: BGPAdvertisement['serviceSelectors']) => ({ serviceSelectors }) as BGPAdvertisement;
  const svc = { labels: { app: 'web' } } as unknown as ServiceInfo;
  assert.equal(selectsService(ad([]), svc), true);
  assert.equal(selectsService(ad([{ matchLabels: { app: 'db' } }, { matchLabels: { app: 'web' } }]), svc), true);
  assert.equal(selectsService(ad([{ matchLabels: { app: 'web' } }, { matchLabels: { app: 'db' } }]), svc), true);
  assert.equal(selectsService(ad([{ matchLabels: { app: 'db' } }, { matchLabels: { tier: 'x' } }]), svc), false);
});

test('externalTrafficPolicy Local with no ready endpoint anywhere: announced by no node (no group with an empty node list)', () => {
  const objs = (ready: boolean) => [pool('pool', ['192.0.2.0/24']), peer('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' }), bgpAdv('all'), service('web', { ips: ['192.0.2.10'], policy: 'Local' }), slice('web', [['n1', ready]])];
  const none = run(objs(false), { advertise: 'services' });
  assert.deepEqual(none.configs.map((c) => [c.metadata.name, c.spec.nodeSelector, c.spec.bgp?.routers?.[0]?.prefixes]), [['metallb-tor', {}, undefined]]);
  const one = run(objs(true), { advertise: 'services' });
  assert.deepEqual(one.configs.map((c) => [c.metadata.name, c.spec.nodeSelector, c.spec.bgp?.routers?.[0]?.prefixes]), [
    ['metallb-tor', {}, undefined],
    ['metallb-tor-part1', { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }, ['192.0.2.10/32']],
  ]);
});

test('Local: the nodes with a ready endpoint are listed sorted, whatever order the EndpointSlices give', () => {
  const r = run([pool('pool', ['192.0.2.0/24']), peer('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' }), bgpAdv('all'), service('web', { ips: ['192.0.2.10'], policy: 'Local' }), slice('web', [['n3', true], ['n1', true], ['n2', true]])], { advertise: 'services' });
  assert.deepEqual(r.configs[1]?.spec.nodeSelector, { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1', 'n2', 'n3'] }] });
});
