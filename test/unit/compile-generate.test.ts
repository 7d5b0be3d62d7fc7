// generate (src/compile/generate.ts) in process: what counts as an empty
// input, and nothing more said once something is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { generate } from '../../src/compile/generate.ts';
import { defaultConfig, type FnConfig } from '../../src/compile/options.ts';

const PEER: KubeObject = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' } };
const POOL: KubeObject = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'a', namespace: 'metallb-system' }, spec: { addresses: ['192.0.2.0/28'] } };

function run(objs: KubeObject[], change: (c: FnConfig) => void = () => {}) {
  const cfg = defaultConfig();
  change(cfg);
  const d = new Diagnostics();
  const g = generate(objs, cfg, d);
  return { g, lines: d.list.map((x) => formatDiagnostic(x)) };
}

test('a BGPPeer alone, or an IPAddressPool alone, is not an empty input', () => {
  for (const objs of [[PEER], [POOL]]) {
    const r = run(objs);
    assert.ok(r.g, r.lines.join('\n'));
    assert.ok(!r.lines.some((l) => l.includes('no MetalLB configuration found')), r.lines.join('\n'));
  }
  const empty = run([]);
  assert.equal(empty.g, undefined);
  assert.match(empty.lines.join('\n'), /^error: no MetalLB configuration found: no BGPPeer and no IPAddressPool in namespace "metallb-system"/m);
});

test('once a check has failed, nothing more is judged: no object sizes, no previews', () => {
  const clash: KubeObject = { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'metallb-p', namespace: 'frr-k8s-system' }, spec: {} };
  const r = run([PEER, POOL, clash], (c) => {
    c.maxObjectSize = '100';
    c.preview = true;
  });
  assert.equal(r.g, undefined);
  assert.ok(r.lines.includes('error: FRRConfiguration frr-k8s-system/metallb-p metadata.name: the name is taken by a generated FRRConfiguration; rename the hand-written one'), r.lines.join('\n'));
  assert.deepEqual(r.lines.filter((l) => /as JSON|preview/.test(l)), []);
});
