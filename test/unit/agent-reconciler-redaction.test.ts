// The status copy of the running configuration is the configuration rendered
// with its passwords redacted by keyword (as the preview shows it): the rest
// of the line after a secret keyword becomes "<redacted>", whatever spacing
// or words the raw configuration puts there.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import type { Reconciler } from '../../src/agent/reconciler.ts';
import { reconcilerHarness } from '../lib/reconciler-harness.ts';

const made: Reconciler[] = [];
afterEach(() => made.splice(0).forEach((r) => r.stop()));

describe('Reconciler status redaction', () => {
  it('a raw password after a tab, or after a neighbour named "password": the status line reads "password <redacted>"', async () => {
    const h = reconcilerHarness({ retryMinMs: 60_000 });
    made.push(h.r);
    const raw: FRRConfiguration = {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: 'raw', namespace: 'frr-k8s-system' },
      spec: { raw: { priority: 5, rawConfig: 'router bgp 65001\n neighbor 10.0.0.1 password\tTab-s3cret\n neighbor password password Named-s3cret\nexit\n' } },
    };
    await h.set([raw]);
    assert.match(h.requests[0], /^ neighbor 10\.0\.0\.1 password\tTab-s3cret$/m);
    const running = h.last().runningConfig;
    assert.match(running, /^ neighbor 10\.0\.0\.1 password <redacted>$/m);
    assert.match(running, /^ neighbor password <redacted>$/m);
    assert.ok(!running.includes('s3cret'), running);
  });
});
