// `metallb-frr build`: a directory or stream in, the manifests to apply out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { ROOT, tempDir } from '../lib/fixtures.ts';

const SEED = join(ROOT, 'examples', 'seed');
const noStdin = () => {
  throw new Error('stdin must not be read');
};
const names = (stdout: string) => parseAllDocuments(stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } });

test('a package directory: its resources and the generated ones; no Kptfile, function config, kustomization or earlier output', () => {
  const r = runBuild([SEED], noStdin, {});
  assert.equal(r.code, 0, r.stderr);
  const objs = names(r.stdout);
  const kinds = objs.map((o) => `${o.kind}/${o.metadata.name}`);
  for (const k of ['IPAddressPool/frr-k8s-pool', 'BGPPeer/tor-switch', 'BGPAdvertisement/frr-k8s-advert', 'FRRConfiguration/custom-config', 'FRRConfiguration/metallb-tor-switch', 'DaemonSet/metallb-frr']) {
    assert.ok(kinds.includes(k), `missing ${k}`);
  }
  for (const k of ['Kptfile/seed', 'MetalLBFRR/metallb-frr', 'Kustomization/undefined']) assert.ok(!kinds.includes(k), `unexpected ${k}`);
  assert.equal(kinds.filter((k) => k === 'FRRConfiguration/metallb-tor-switch').length, 1, 'the committed generated/ copy is replaced, not repeated');
  assert.ok(objs.every((o) => o.metadata.annotations?.['config.kubernetes.io/path'] === undefined));
});

test('stdin, a List, --config, flags and --env-prefix', () => {
  const stream = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: metallb.io/v1beta2\n  kind: BGPPeer\n  metadata: {name: p, namespace: mlb}\n  spec: {myASN: 1, peerASN: 2, peerAddress: 10.0.0.1}\n`;
  const t = tempDir('build');
  try {
    writeFileSync(join(t.dir, 'cfg.yaml'), 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {metallbNamespace: mlb, manifests: {enabled: false}}\n');
    const r = runBuild(['-', '--config', join(t.dir, 'cfg.yaml'), '--frrk8s-namespace', 'from-flag', '--env-prefix', 'X_'], () => stream, { X_FRRK8S_NAMESPACE: 'from-env', X_ADVERTISE: 'services' });
    assert.equal(r.code, 0, r.stderr);
    const objs = names(r.stdout);
    assert.deepEqual(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`), ['BGPPeer/mlb/p', 'FRRConfiguration/from-flag/metallb-p']);
  } finally {
    t.cleanup();
  }
});

test('errors: one line each, naming the object and the file; flags named as flags; nothing on stdout', () => {
  const t = tempDir('build');
  try {
    cpSync(SEED, t.dir, { recursive: true });
    writeFileSync(join(t.dir, 'bgp-peer.yaml'), 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: tor-switch, namespace: metallb-system}\nspec: {myASN: 0, peerASN: 65000, peerAddress: 10.0.0.1}\n');
    let r = runBuild([t.dir], noStdin, {});
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: BGPPeer metallb-system\/tor-switch \(bgp-peer\.yaml\) spec\.myASN: /m);

    r = runBuild([SEED, '--advertise', 'everything', '--metallb-namespace', 'Bad_NS'], noStdin, {});
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.trim().split('\n').sort(), ['error: --advertise: must be "pools" or "services", not "everything"', 'error: --metallb-namespace: "Bad_NS" is not a valid namespace name']);

    writeFileSync(join(t.dir, 'fn-config.yaml'), 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: metallb-frr}\nspec: {frrk8sNamespace: Bad_NS}\n');
    r = runBuild([t.dir], noStdin, {});
    assert.deepEqual(r.stderr.match(/Bad_NS/g)?.length, 1, `reported once:\n${r.stderr}`);
    assert.match(r.stderr, /MetalLBFRR metallb-frr \(fn-config\.yaml\) spec\.frrk8sNamespace: "Bad_NS" is not a valid namespace name/);

    r = runBuild([join(t.dir, 'nope')], noStdin, {});
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: ENOENT: no such file or directory/);
    assert.equal(r.stderr.split('\n').length, 2);

    r = runBuild(['--bogus'], noStdin, {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: Unknown option '--bogus'/);
  } finally {
    t.cleanup();
  }
});

test('a label value that is a map (even one with a toString key) is an error naming the label, not a crash', () => {
  const stream = `apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {a: {toString: 0}, b: [1], c: 7}}\n`;
  const r = runBuild(['-'], () => stream, {});
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^error: Node n1 \(stdin\) metadata\.labels\["a"\]: must be a string, not a map$/m);
  assert.match(r.stderr, /^error: Node n1 \(stdin\) metadata\.labels\["b"\]: must be a string, not a list$/m);
  assert.match(r.stderr, /^error: Node n1 \(stdin\) metadata\.labels\["c"\]: must be a string \(quote it in YAML: "7"\)$/m);
});
