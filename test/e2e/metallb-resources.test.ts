// metallbResources: controller under the real kpt and kustomize, on
// examples/metallb-controller (its BGPPeer and BGPAdvertisement marked
// local-config): the function reads them, kpt keeps their files as written,
// and kustomize's output (what reaches the cluster) has no BGP kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { e2eDescribe, missing, which } from '../lib/e2e.ts';
import { requireBuild, ROOT, run, snapshot, workArea } from '../lib/fixtures.ts';
import { TOOLS_BIN } from './lib/apiserver.ts';

const KUSTOMIZE = existsSync(join(TOOLS_BIN, 'kustomize')) ? join(TOOLS_BIN, 'kustomize') : which('kustomize') ?? 'kustomize';
const BGP_KINDS = ['BGPPeer', 'BGPAdvertisement', 'BFDProfile', 'Community'];
const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } }).filter((o) => o?.kind);

e2eDescribe('metallbResources: controller under kpt and kustomize', { skip: missing('kpt', KUSTOMIZE) }, () => {
  test('kpt fn render: the marked BGP kinds are compiled, their files stay as written; a second render changes nothing', () => {
    requireBuild();
    const work = workArea('metallb-controller');
    try {
      const pkg = join(work.dir, 'examples', 'metallb-controller');
      const before = snapshot(pkg);
      const r = run('kpt', ['fn', 'render', 'examples/metallb-controller', '--allow-exec'], { cwd: work.dir });
      assert.equal(r.status, 0, r.stderr);
      const after = snapshot(pkg);
      for (const [f, text] of Object.entries(before)) assert.equal(after[f], text, `${f} unchanged`);
      assert.deepEqual(objects(after['generated/frrconfiguration_metallb-tor.yaml']).map((o) => o.kind), ['FRRConfiguration']);
      const again = run('kpt', ['fn', 'render', 'examples/metallb-controller', '--allow-exec'], { cwd: work.dir });
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(snapshot(pkg), after);
    } finally {
      work.cleanup();
    }
  });

  test('kustomize build with the function as a KRM exec transformer: no BGP kind in the output, the FRRConfiguration from them is', () => {
    requireBuild();
    const work = workArea('metallb-controller');
    try {
      const pkg = join(work.dir, 'examples', 'metallb-controller');
      writeFileSync(join(pkg, 'kustomization.yaml'), 'resources:\n- ip-pool.yaml\n- bgp-peer.yaml\n- bgp-advertisement.yaml\n- service.yaml\ntransformers:\n- fn.yaml\n');
      writeFileSync(
        join(pkg, 'fn.yaml'),
        `apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata:\n  name: metallb-frr\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ${join(ROOT, 'dist', 'metallb-frr')}\nspec:\n  metallbResources: controller\n`,
      );
      const r = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', pkg]);
      assert.equal(r.status, 0, r.stderr);
      const out = objects(r.stdout);
      for (const k of BGP_KINDS) assert.ok(!out.some((o) => o.kind === k), `no ${k}`);
      assert.ok(out.some((o) => o.kind === 'FRRConfiguration' && o.metadata?.name === 'metallb-tor'));
      assert.ok(out.some((o) => o.kind === 'IPAddressPool'));
      assert.ok(out.some((o) => o.kind === 'Service'));
    } finally {
      work.cleanup();
    }
  });
});
