// MetalLB's pre-0.13 ConfigMap configuration: refused by the build with a
// sentence saying what it is, converted by `metallb-frr convert-configmap`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { runBuild } from '../../fn/build.ts';
import { runConvert } from '../../fn/convert.ts';
import { run } from './metallb-fixtures.ts';

const cm = (name: string, config: string, namespace = 'metallb-system'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { config } });

test('a pre-0.13 ConfigMap is an error saying what it is and how to convert it, in any namespace and under any name', () => {
  for (const o of [cm('config', 'peers:\n- peer-address: 10.0.0.1\n'), cm('metallb', 'address-pools:\n- name: a\n', 'lb')]) {
    const r = run([o]);
    assert.equal(r.diags.list.length, 1, JSON.stringify(r.diags.list));
    const d = r.diags.list[0];
    assert.equal(d.severity, 'error');
    assert.equal(d.field, 'data.config');
    assert.match(d.message, /^MetalLB's pre-0\.13 ConfigMap configuration .*"metallb-frr convert-configmap FILE"/);
  }
});

test('other ConfigMaps with a data.config pass through', () => {
  assert.deepEqual(run([cm('app', 'listen: 8080\npeers-of-mine: 3\n')]).diags.list, []);
});

test('build refuses a directory holding one (it passed with exit 0 and generated nothing)', () => {
  const stream = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: metallb-system}\ndata:\n  config: |\n    peers:\n    - my-asn: 64512\n      peer-asn: 64512\n      peer-address: 10.0.0.1\n';
  const r = runBuild(['-'], () => stream, {});
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: ConfigMap metallb-system\/config \(stdin\) data\.config: MetalLB's pre-0\.13 ConfigMap configuration/);
});

test('convert-configmap: usage errors and input that is not such a ConfigMap', () => {
  assert.equal(runConvert(['a', 'b'], () => '').code, 2);
  assert.equal(runConvert(['--only-data'], () => '').code, 2);
  let r = runConvert(['-'], () => 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {other: y}\n');
  assert.deepEqual([r.code, r.stderr], [1, 'error: stdin: ConfigMap x has no data.config: not MetalLB\'s pre-0.13 configuration\n']);
  r = runConvert(['-'], () => 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\n');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /expected MetalLB's pre-0\.13 ConfigMap/);
  r = runConvert(['-'], () => 'peers: [\n');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: stdin: not valid YAML/);
  r = runConvert(['/nonexistent/config.yaml'], () => '');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: ENOENT/);
});

test('convert-configmap: the output builds (and a password given inline stays out of every message)', () => {
  const input = 'peers:\n- my-asn: 64512\n  peer-asn: 65000\n  peer-address: 10.0.0.1\n  password: s3cr3t-value\n  hold-time: soon\naddress-pools:\n- name: a\n  protocol: bgp\n  addresses: [10.1.0.0/24]\n';
  const bad = runConvert(['-'], () => input);
  assert.equal(bad.code, 1);
  assert.ok(!bad.stderr.includes('s3cr3t-value'));
  const numeric = runConvert(['-'], () => input.replace('s3cr3t-value', '987654321'));
  assert.match(numeric.stderr, /peers\[0\]\.password: must be a string \(quote it in YAML\)/);
  assert.ok(!numeric.stderr.includes('987654321'));
  const good = runConvert(['-'], () => input.replace('  hold-time: soon\n', ''));
  assert.equal(good.code, 0, good.stderr);
  const built = runBuild(['-'], () => good.stdout, {});
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stdout, /kind: FRRConfiguration\n/);
});
