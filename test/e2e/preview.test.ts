// functionConfig preview through the real tools: kpt writes the per-node
// frr.conf under generated/preview/ (again: nothing changes), and explain
// reads the rendered package; standalone kustomize, kubectl kustomize (legacy
// plugin) and the Argo CD generate command never output a preview, although
// the function made one. No password of the package appears in a preview.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { e2eDescribe, missing, which } from '../lib/e2e.ts';
import { BIN, requireBuild, ROOT, run, snapshot, workArea } from '../lib/fixtures.ts';

const INLINE = 'inline-e2e-5d1c';
const IN_SECRET = 'secret-e2e-8a0f';

/** The seed package with preview on, two Nodes, an inline password and a password Secret. */
function previewPackage(pkg: string): void {
  const fc = join(pkg, 'fn-config.yaml');
  writeFileSync(fc, readFileSync(fc, 'utf8').replace('  advertise: pools', '  advertise: pools\n  preview: true'));
  writeFileSync(join(pkg, 'nodes.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: worker-1, labels: {rack: r1}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: worker-2, labels: {rack: r2}}\n');
  writeFileSync(join(pkg, 'bgp-peer.yaml'), readFileSync(join(pkg, 'bgp-peer.yaml'), 'utf8') + `  password: ${INLINE}\n`);
  writeFileSync(
    join(pkg, 'secure-peer.yaml'),
    `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: secure, namespace: metallb-system}\nspec: {myASN: 65001, peerASN: 65002, peerAddress: 10.0.0.2, passwordSecret: {name: bgp-auth}}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: bgp-auth, namespace: frr-k8s-system}\ntype: kubernetes.io/basic-auth\nstringData: {password: ${IN_SECRET}}\n`,
  );
  const k = join(pkg, 'kustomization.yaml');
  writeFileSync(k, readFileSync(k, 'utf8') + '- nodes.yaml\n- secure-peer.yaml\n');
  // The hand-written configuration peers with 10.0.0.1 too: it must carry the same password.
  const custom = join(pkg, 'custom-frr-config.yaml');
  writeFileSync(custom, readFileSync(custom, 'utf8').replace('        asn: 65000\n', `        asn: 65000\n        password: ${INLINE}\n`));
}

function noSecretIn(files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    if (!f.startsWith('generated/preview/')) continue;
    for (const s of [INLINE, IN_SECRET, Buffer.from(IN_SECRET).toString('base64')]) assert.ok(!text.includes(s), `${f} holds a password`);
  }
}

e2eDescribe('preview under kpt', { skip: missing('kpt') }, () => {
  let work: { dir: string; cleanup: () => void };
  let pkg: string;
  before(() => {
    requireBuild();
    work = workArea('seed');
    pkg = join(work.dir, 'examples', 'seed');
    run('rm', ['-rf', join(pkg, 'generated')]);
    previewPackage(pkg);
  });
  after(() => work?.cleanup());

  test('kpt fn render writes one preview per node with its frr.conf, passwords redacted', () => {
    const r = run('kpt', ['fn', 'render', 'examples/seed', '--allow-exec'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    const files = snapshot(pkg);
    assert.deepEqual(Object.keys(files).filter((f) => f.startsWith('generated/preview/')).sort(), ['generated/preview/worker-1.yaml', 'generated/preview/worker-2.yaml']);
    const p = parse(files['generated/preview/worker-1.yaml']);
    assert.equal(p.kind, 'FRRPreview');
    assert.equal(p.metadata.annotations['config.kubernetes.io/local-config'], 'true');
    assert.match(p.frrConf, /^ neighbor 10\.0\.0\.1 password <redacted>$/m);
    assert.match(p.frrConf, /^ neighbor 10\.0\.0\.2 password <redacted>$/m);
    assert.match(p.frrConf, /^  network 10\.201\.0\.0\/24$/m, 'the hand-written configuration is merged in');
    noSecretIn(files);
  });

  test('rendering again changes no file', () => {
    const once = snapshot(pkg);
    const r = run('kpt', ['fn', 'render', 'examples/seed', '--allow-exec'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(snapshot(pkg), once);
  });

  test('explain reads the rendered package (previews and generated objects are not inputs) and agrees with the preview', () => {
    const r = run(BIN, ['explain', 'examples/seed', '--node', 'worker-1', '--prefix', '10.200.0.0/24'], { cwd: work.dir });
    assert.equal(r.status, 0, r.stderr);
    const last = r.stdout.trim().split('\n').at(-1)!;
    assert.match(last, /^verdict: announced/);
    assert.match(last, /10\.0\.0\.1/);
    const preview = parse(readFileSync(join(pkg, 'generated/preview/worker-1.yaml'), 'utf8'));
    assert.match(preview.frrConf, /ip prefix-list default-10\.0\.0\.1-out-v4 permit 10\.200\.0\.0\/24/);
  });

  test('kpt live would skip the previews: they are the only local-config objects generated', () => {
    const files = snapshot(pkg);
    for (const [f, text] of Object.entries(files)) {
      if (!f.startsWith('generated/')) continue;
      const local = /config\.kubernetes\.io\/local-config: "true"/.test(text);
      assert.equal(local, f.startsWith('generated/preview/'), f);
    }
  });
});

const cached = join(homedir(), '.cache', 'metallb-frr', 'bin', 'kustomize');
const KUSTOMIZE = existsSync(cached) ? cached : which('kustomize') ?? 'kustomize';

/** examples/kustomize with preview on, the KRM function's output recorded beside it. */
function kustomizeArea(): { dir: string; cleanup: () => void; record: string } {
  const work = workArea('seed', 'kustomize');
  previewPackage(join(work.dir, 'examples', 'seed'));
  const record = join(work.dir, 'function-output.yaml');
  const wrapper = join(work.dir, 'recording-fn');
  writeFileSync(wrapper, `#!/bin/sh\n"${BIN}" "$@" | tee "${record}"\n`);
  chmodSync(wrapper, 0o755);
  for (const f of ['examples/kustomize/krm-function/metallb-frr.yaml', 'examples/kustomize/legacy-plugin/metallb-frr.yaml']) {
    const p = join(work.dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').replace('  advertise: pools', '  advertise: pools\n  preview: true').replace('path: ../../../dist/metallb-frr', `path: ${wrapper}`));
  }
  return { ...work, record };
}

const kinds = (stream: string) => parseAllDocuments(stream).map((d) => d.toJS()?.kind as string);

describe('preview never reaches what gets applied', () => {
  test('standalone kustomize (KRM exec function): the function emits previews, kustomize drops them', { skip: missing(KUSTOMIZE) }, () => {
    requireBuild();
    const area = kustomizeArea();
    try {
      const r = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', 'examples/kustomize/krm-function'], { cwd: area.dir });
      assert.equal(r.status, 0, r.stderr);
      const emitted = parseAllDocuments(readFileSync(area.record, 'utf8'))[0].toJS();
      assert.equal(emitted.items.filter((o: { kind: string }) => o.kind === 'FRRPreview').length, 2, 'the function made the previews');
      const out = kinds(r.stdout);
      assert.ok(out.includes('FRRConfiguration'));
      assert.ok(!out.includes('FRRPreview'), 'a preview reached kustomize output');
    } finally {
      area.cleanup();
    }
  });

  test('kubectl kustomize (legacy exec plugin) prints no preview', { skip: missing('kubectl') }, () => {
    requireBuild();
    const area = kustomizeArea();
    try {
      const env = { ...process.env, XDG_CONFIG_HOME: join(area.dir, 'examples/kustomize/legacy-plugin') };
      const r = run('kubectl', ['kustomize', '--enable-alpha-plugins', 'examples/kustomize/legacy-plugin'], { cwd: area.dir, env });
      assert.equal(r.status, 0, r.stderr);
      const out = kinds(r.stdout);
      assert.ok(out.includes('FRRConfiguration'));
      assert.ok(!out.includes('FRRPreview'));
    } finally {
      area.cleanup();
    }
  });

  test('the Argo CD generate command (metallb-frr build) prints no preview', () => {
    requireBuild();
    const work = workArea('seed');
    try {
      const app = join(work.dir, 'examples', 'seed');
      previewPackage(app);
      const plugin = parse(readFileSync(join(ROOT, 'examples/argocd/plugin.yaml'), 'utf8'));
      const [, , ...args] = [...plugin.spec.generate.command, ...(plugin.spec.generate.args ?? [])];
      const r = run(process.execPath, [BIN, ...args], { cwd: app, env: { PATH: process.env.PATH ?? '', ARGOCD_APP_NAME: 'bgp' } });
      assert.equal(r.status, 0, r.stderr);
      const out = kinds(r.stdout);
      assert.ok(out.includes('FRRConfiguration'));
      assert.ok(!out.includes('FRRPreview'));
    } finally {
      work.cleanup();
    }
  });
});
