// The function under kustomize: as a KRM exec function (standalone kustomize
// with --enable-exec) and as a legacy exec plugin (kubectl's embedded
// kustomize), both on examples/kustomize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { e2eDescribe, missing, which } from '../lib/e2e.ts';
import { requireBuild, ROOT, run } from '../lib/fixtures.ts';

const cached = join(homedir(), '.cache', 'metallb-frr', 'bin', 'kustomize');
const KUSTOMIZE = existsSync(cached) ? cached : which('kustomize') ?? 'kustomize';

function generated(stream: string) {
  const objs = parseAllDocuments(stream).map((d) => d.toJS());
  return { objs, gen: objs.filter((o) => o?.kind === 'FRRConfiguration' && o.metadata.name === 'metallb-tor-switch') };
}

e2eDescribe('standalone kustomize: KRM exec function', { skip: missing(KUSTOMIZE) }, () => {
  test('kustomize build --enable-alpha-plugins --enable-exec runs the function', () => {
    requireBuild();
    const r = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', 'examples/kustomize/krm-function']);
    assert.equal(r.status, 0, r.stderr);
    const { objs, gen } = generated(r.stdout);
    assert.equal(gen.length, 1);
    assert.deepEqual(gen[0].spec.bgp.routers[0].prefixes, ['10.200.0.0/24']);
    assert.ok(objs.some((o) => o.kind === 'FRRConfiguration' && o.metadata.name === 'custom-config'));
    assert.ok(objs.some((o) => o.kind === 'BGPPeer'));
    assert.ok(!objs.some((o) => o.kind === 'MetalLBFRR'), 'the transformer config is not a resource');
  });

  test('without --enable-exec it silently skips the function (documented limitation)', () => {
    const r = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', 'examples/kustomize/krm-function']);
    // It succeeds and prints the inputs, without running the function.
    assert.equal(r.status, 0, r.stderr);
    const { objs, gen } = generated(r.stdout);
    assert.equal(gen.length, 0);
    assert.ok(objs.some((o) => o.kind === 'BGPPeer'), 'the inputs are printed');
  });
});

e2eDescribe('kubectl kustomize: legacy exec plugin', { skip: missing('kubectl') }, () => {
  const env = { ...process.env, XDG_CONFIG_HOME: join(ROOT, 'examples/kustomize/legacy-plugin') };

  test('kubectl kustomize --enable-alpha-plugins runs the legacy plugin', () => {
    requireBuild();
    const r = run('kubectl', ['kustomize', '--enable-alpha-plugins', 'examples/kustomize/legacy-plugin'], { env });
    assert.equal(r.status, 0, r.stderr);
    const { objs, gen } = generated(r.stdout);
    assert.equal(gen.length, 1);
    assert.deepEqual(gen[0].spec.bgp.routers[0].neighbors[0].toAdvertise.allowed.prefixes, ['10.200.0.0/24']);
    assert.ok(objs.some((o) => o.kind === 'IPAddressPool'));
  });

  test('the plugin script reports a validation error with the object and the field', () => {
    const r = run('sh', ['-c', 'printf "apiVersion: metallb.io/v1beta2\\nkind: BGPPeer\\nmetadata: {name: p, namespace: metallb-system}\\nspec: {myASN: 1, peerASN: 2}\\n" | ' + join(ROOT, 'examples/kustomize/legacy-plugin/kustomize/plugin/fn.metallb-frr.dev/v1alpha1/metallbfrr/MetalLBFRR') + ' ' + join(ROOT, 'examples/kustomize/legacy-plugin/metallb-frr.yaml')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /BGPPeer metallb-system\/p .*spec\.peerAddress: one of peerAddress or interface must be set/);
  });

  test("kubectl's embedded kustomize silently skips KRM exec functions (documented limitation)", () => {
    const r = run('kubectl', ['kustomize', '--enable-alpha-plugins', 'examples/kustomize/krm-function']);
    // It succeeds and prints the inputs, without running the function.
    assert.equal(r.status, 0, r.stderr);
    const { objs, gen } = generated(r.stdout);
    assert.equal(gen.length, 0);
    assert.ok(objs.some((o) => o.kind === 'BGPPeer'), 'the inputs are printed');
  });
});
