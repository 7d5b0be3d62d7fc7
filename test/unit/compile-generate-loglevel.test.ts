// The function's preview (src/compile/generate.ts previewsOf) shows the
// frr.conf the agent will render, and the agent renders it at the manifests'
// logLevel (frr-k8s' names: debug is FRR's debugging, with its debug
// switches; warn is warnings): the preview's `log stdout` line and debug lines
// follow that setting, not the default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { LogLevel } from '../../src/api/agent.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { generate } from '../../src/compile/generate.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const PEER: KubeObject = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' } };
const POOL: KubeObject = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'a', namespace: 'metallb-system' }, spec: { addresses: ['192.0.2.0/28'] } };

function previewConf(logLevel?: LogLevel): string {
  const cfg = { ...defaultConfig(), preview: true };
  if (logLevel !== undefined) cfg.manifests.logLevel = logLevel;
  const d = new Diagnostics();
  const g = generate([PEER, POOL], cfg, d);
  assert.ok(g, d.list.map((x) => formatDiagnostic(x)).join('\n'));
  const previews = g.objects.filter((o) => o.kind === 'FRRPreview') as unknown as Array<{ frrConf: string }>;
  assert.equal(previews.length, 1);
  return previews[0].frrConf;
}

const logLines = (conf: string) => conf.split('\n').filter((l) => /^(log stdout|debug )/.test(l));

test('the preview renders at the manifests\' logLevel', () => {
  assert.deepEqual(logLines(previewConf()), ['log stdout informational']);
  assert.deepEqual(logLines(previewConf('warn')), ['log stdout warnings']);
  const debug = logLines(previewConf('debug'));
  assert.equal(debug[0], 'log stdout debugging');
  assert.ok(debug.includes('debug bgp updates'), debug.join('\n'));
});
