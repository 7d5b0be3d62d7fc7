// Small rules of compiling (src/compile/decisions.ts), on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectsService } from '../../src/compile/decisions.ts';
import type { BGPAdvertisement, ServiceInfo } from '../../src/metallb/model.ts';

test('an advertisement applies to a service when it has no serviceSelectors, or when any one of them matches (MetalLB ORs them)', () => {
  const ad = (serviceSelectors: BGPAdvertisement['serviceSelectors']) => ({ serviceSelectors }) as BGPAdvertisement;
  const svc = { labels: { app: 'web' } } as unknown as ServiceInfo;
  assert.equal(selectsService(ad([]), svc), true);
  assert.equal(selectsService(ad([{ matchLabels: { app: 'db' } }, { matchLabels: { app: 'web' } }]), svc), true);
  assert.equal(selectsService(ad([{ matchLabels: { app: 'web' } }, { matchLabels: { app: 'db' } }]), svc), true);
  assert.equal(selectsService(ad([{ matchLabels: { app: 'db' } }, { matchLabels: { tier: 'x' } }]), svc), false);
});
