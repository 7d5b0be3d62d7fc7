// The function under the real kpt: `kpt fn render` with the Kptfile's exec
// pipeline and `kpt fn eval --exec`, on a copy of examples/seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { requireBuild, ROOT, run, snapshot, workArea } from '../lib/fixtures.ts';
import { renderedGenerated } from '../lib/kpt-render.ts';

const skip = missing('kpt');

e2eDescribe('kpt', { skip }, () => {
  let work: { dir: string; cleanup: () => void };
  let pkg: string;
  before(() => {
    requireBuild();
    work = workArea('seed');
    pkg = join(work.dir, 'examples', 'seed');
    // The package as a user has it: no generated output yet.
    run('rm', ['-rf', join(pkg, 'generated')]);
  });
  after(() => work?.cleanup());

  test('render writes the generated FRRConfiguration and manifests; inputs and comments stay', () => {
    const before = snapshot(pkg);
    writeFileSync(join(pkg, 'ip-pool.yaml'), before['ip-pool.yaml'].replace('  - 10.200.0.0/24', '  - 10.200.0.0/24 # the only range')); // a user's comment
    const r = run('kpt', ['fn', 'render', 'examples/seed', '--allow-exec'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    const after = snapshot(pkg);
    const manifests = [
      'clusterrole_metallb-frr-agent.yaml',
      'clusterrolebinding_metallb-frr-agent.yaml',
      'configmap_metallb-frr-reloader.yaml',
      'configmap_metallb-frr-startup.yaml',
      'customresourcedefinition_bgpsessionstates.frrk8s.metallb.io.yaml',
      'customresourcedefinition_frrconfigurations.frrk8s.metallb.io.yaml',
      'customresourcedefinition_frrnodestates.frrk8s.metallb.io.yaml',
      'daemonset_metallb-frr.yaml',
      'namespace_frr-k8s-system.yaml',
      'role_metallb-frr-agent-events.yaml',
      'role_metallb-frr-agent.yaml',
      'rolebinding_metallb-frr-agent-events.yaml',
      'rolebinding_metallb-frr-agent.yaml',
      'serviceaccount_metallb-frr-agent.yaml',
    ].map((f) => `generated/${f}`);
    assert.deepEqual(Object.keys(after).sort(), [...Object.keys(before), 'generated/frrconfiguration_metallb-tor-switch.yaml', ...manifests].sort());
    for (const f of ['bgp-peer.yaml', 'bgp-advertisement.yaml', 'custom-frr-config.yaml', 'fn-config.yaml']) assert.equal(after[f], before[f], f);
    assert.match(after['ip-pool.yaml'], /- 10\.200\.0\.0\/24 # the only range/);
    assert.match(after['ip-pool.yaml'], /^# The addresses MetalLB hands out/);
    const gen = parseAllDocuments(after['generated/frrconfiguration_metallb-tor-switch.yaml']).map((d) => d.toJS());
    assert.equal(gen.length, 1);
    assert.deepEqual(gen[0].spec.bgp.routers, [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65000, port: 179, toAdvertise: { allowed: { prefixes: ['10.200.0.0/24'] } } }], prefixes: ['10.200.0.0/24'] }]);
    assert.equal(gen[0].metadata.namespace, 'frr-k8s-system');
  });

  test('rendering again leaves every file identical', () => {
    const once = snapshot(pkg);
    const r = run('kpt', ['fn', 'render', 'examples/seed', '--allow-exec'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(snapshot(pkg), once);
  });

  // test/golden/seed.test.ts holds the committed examples/seed/generated to
  // be this in-process rendering (and UPDATE_GOLDEN=1 writes it): byte for
  // byte kpt's, so the committed copy is what a render produces.
  test('what kpt writes into generated/ is what test/lib/kpt-render.ts computes in-process', () => {
    const fresh = snapshot(join(pkg, 'generated'));
    assert.deepEqual(renderedGenerated(join(ROOT, 'examples', 'seed'), 'fn-config.yaml'), fresh);
  });

  test('the repository root is a kpt package whose subpackage is the example', () => {
    for (const f of ['Kptfile', '.krmignore', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(work.dir, f));
    const before = snapshot(pkg);
    const r = run('kpt', ['fn', 'render', '--allow-exec'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Successfully executed 1 function\(s\) in 2 package\(s\)/);
    assert.deepEqual(snapshot(pkg), before);
  });

  test('kpt fn eval --exec with the configMap shorthand', () => {
    const r = run('kpt', ['fn', 'eval', 'examples/seed', '--exec', './dist/metallb-frr', '--output', 'unwrap', '--', 'frrk8sNamespace=frr-k8s-other'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    const objs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    const gen = objs.filter((o) => o.kind === 'FRRConfiguration' && o.metadata.name === 'metallb-tor-switch');
    assert.equal(gen.length, 1, 'the earlier generated object is replaced, not duplicated');
    assert.equal(gen[0].metadata.namespace, 'frr-k8s-other');
  });

  test("the README's first command: fn eval takes the configuration from --fn-config (not the Kptfile) and, with --output unwrap, writes nothing", () => {
    const fnConfig = join(pkg, 'fn-config.yaml');
    const original = readFileSync(fnConfig, 'utf8');
    writeFileSync(fnConfig, original.replace('frrk8sNamespace: frr-k8s-system', 'frrk8sNamespace: from-fn-config'));
    try {
      const before = snapshot(pkg);
      const namespaceOf = (args: string[]) => {
        const r = run('kpt', ['fn', 'eval', 'examples/seed', '--exec', './dist/metallb-frr', ...args, '--output', 'unwrap'], { cwd: work.dir });
        assert.equal(r.status, 0, r.stderr);
        return parseAllDocuments(r.stdout).map((d) => d.toJS()).find((o) => o.kind === 'FRRConfiguration' && o.metadata.name === 'metallb-tor-switch')?.metadata.namespace;
      };
      assert.equal(namespaceOf(['--fn-config', 'examples/seed/fn-config.yaml']), 'from-fn-config');
      assert.equal(namespaceOf([]), 'frr-k8s-system', 'without --fn-config the Kptfile\'s configPath is not read');
      assert.deepEqual(snapshot(pkg), before);
    } finally {
      writeFileSync(fnConfig, original);
    }
  });

  test('kpt fn eval with an unknown configMap key fails naming the key, files untouched', () => {
    const before = snapshot(pkg);
    const r = run('kpt', ['fn', 'eval', 'examples/seed', '--exec', './dist/metallb-frr', '--', 'advertize=services'], { cwd: work.dir });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /data\.advertize: unknown key "advertize"/);
    assert.deepEqual(snapshot(pkg), before);
  });

  test('an invalid resource fails the render with object, field and file; nothing is written', () => {
    const peer = join(pkg, 'bgp-peer.yaml');
    const good = readFileSync(peer, 'utf8');
    writeFileSync(peer, good.replace('myASN: 65001', 'myASN: 0'));
    const before = snapshot(pkg);
    const r = run('kpt', ['fn', 'render', 'examples/seed', '--allow-exec'], { cwd: work.dir });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /BGPPeer metallb-system\/tor-switch \(bgp-peer\.yaml\) spec\.myASN: myASN must be set/);
    assert.deepEqual(snapshot(pkg), before);
    writeFileSync(peer, good);
  });
});
