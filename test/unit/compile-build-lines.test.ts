// What build (src/compile/build.ts) says, in process: the "left out of the
// output" notes of metallbResources: controller belong to a build that
// succeeds (a failed build outputs nothing, so nothing is left out of it), and
// --strict fails a build on its warnings only: an info is a note, not a
// warning (the notes of metallbResources: controller are infos, and a build
// the user asked for with both switches must still succeed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBuild } from '../../fn/build.ts';

const PEER = `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 10.0.0.1}\n`;
const POOL = `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: a, namespace: metallb-system}\nspec: {addresses: [192.0.2.0/28]}\n`;
const CONTROLLER = `apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {manifests: {enabled: false}, metallbResources: controller}\n`;
const STRAY = `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: x, namespace: elsewhere}\nspec: {}\n`;
const LEFT_OUT = 'info: BGPPeer metallb-system/p (stdin (document 1)): left out of the output (metallbResources: controller): only the function reads it, and no MetalLB speaker or frr-k8s in the cluster can act on it';
const build = (args: string[], ...texts: string[]) => runBuild(['-', ...args], () => texts.join('---\n'), {});
const lines = (stderr: string) => stderr.split('\n').filter(Boolean);

test('metallbResources: controller: a failed build names its error only, no "left out" note (nothing is output at all)', () => {
  const ok = build([], PEER, POOL, CONTROLLER);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(lines(ok.stderr), [LEFT_OUT]);

  const bad = build([], PEER, POOL.replace('192.0.2.0/28', '192.0.2.0/33'), CONTROLLER);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.deepEqual(lines(bad.stderr), ['error: IPAddressPool metallb-system/a (stdin (document 2)) spec.addresses[0]: invalid CIDR "192.0.2.0/33"']);
});

test('--strict fails on warnings, not on infos: metallbResources: controller\'s notes still build; one warning more fails, counted alone', () => {
  const ok = build(['--strict'], PEER, POOL, CONTROLLER);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /kind: FRRConfiguration/);
  assert.deepEqual(lines(ok.stderr), [LEFT_OUT]);

  const warned = build(['--strict'], PEER, POOL, CONTROLLER, STRAY);
  assert.equal(warned.code, 1);
  assert.equal(warned.stdout, '');
  assert.deepEqual(lines(warned.stderr), [
    'warning: FRRConfiguration elsewhere/x (stdin (document 4)) metadata.namespace: frr-k8s reads FRRConfigurations only from namespace "frr-k8s-system"; this one is not checked and will be ignored there (if frr-k8s runs in "elsewhere", as MetalLB\'s Helm chart runs it in its own namespace, set frrk8sNamespace: elsewhere)',
    LEFT_OUT,
    'error: strict: the warning above fails the build (set strict to false to build anyway)',
  ]);
});
