// metallbResources (issue 11 item 6): the supported topology is MetalLB's
// controller for addresses and metallb-frr for BGP, no MetalLB speaker BGP
// and no frr-k8s. The function passed every MetalLB resource through, so a
// cluster still running MetalLB's speaker (or frr-k8s) would peer too and
// publish `metallb-<node>` FRRConfigurations the agent merges. With
// `metallbResources: controller` only what MetalLB's controller reads reaches
// the cluster: `build` leaves BGPPeer, BGPAdvertisement, BFDProfile and
// Community out; the KRM function, which cannot drop an input (kpt would
// delete its file), requires them marked local-config; every mode compiles
// MetalLB resources so marked (build and the review tools skipped them).
// Runs the built binary, as users do.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { requireBuild, resourceListFromDir, ROOT, run, tempDir } from '../lib/fixtures.ts';

const EXAMPLE = join(ROOT, 'examples', 'metallb-controller');
const SEED = join(ROOT, 'examples', 'seed');
const BGP_KINDS = ['BGPPeer', 'BGPAdvertisement', 'BFDProfile', 'Community'];

const docs = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o?.kind);
const kinds = (objs: KubeObject[]) => objs.map((o) => o.kind);
const frrConfigurations = (objs: KubeObject[]) => objs.filter((o) => o.kind === 'FRRConfiguration');

/** A copy of a package with `edit` applied to its files. */
function copyOf(dir: string, edit: (files: { read: (f: string) => string; write: (f: string, text: string) => void }) => void): { dir: string; cleanup: () => void } {
  const t = tempDir('mlbres');
  cpSync(dir, t.dir, { recursive: true });
  edit({ read: (f) => readFileSync(join(t.dir, f), 'utf8'), write: (f, text) => writeFileSync(join(t.dir, f), text) });
  return t;
}

const unmark = (text: string) => text.replace(/  annotations:\n    config\.kubernetes\.io\/local-config: "true"\n/, '');

describe('metallbResources: controller', () => {
  it('build: only what MetalLB\'s controller reads reaches the cluster; the FRRConfigurations are those of metallbResources: all', () => {
    const bin = requireBuild();
    const controller = run(bin, ['build', EXAMPLE]);
    assert.equal(controller.status, 0, controller.stderr);
    const out = docs(controller.stdout);
    for (const k of BGP_KINDS) assert.ok(!kinds(out).includes(k), `no ${k} in the output`);
    assert.deepEqual(out.filter((o) => o.apiVersion?.startsWith('metallb.io/')).map((o) => `${o.kind}/${o.metadata?.name}`), ['IPAddressPool/services']);
    assert.ok(kinds(out).includes('Service'));
    assert.deepEqual(frrConfigurations(out).map((o) => o.metadata?.name), ['metallb-tor']);
    assert.ok(!out.some((o) => o.metadata?.annotations?.['config.kubernetes.io/local-config'] === 'true'), 'no local configuration');

    // The seed (nothing marked) with the switch: each BGP kind left out with an info.
    const t = tempDir('mlbres-cfg');
    try {
      writeFileSync(join(t.dir, 'c.yaml'), 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: {metallbResources: controller}\n');
      const all = run(bin, ['build', SEED]);
      const seed = run(bin, ['build', SEED, '--config', join(t.dir, 'c.yaml')]);
      assert.equal(seed.status, 0, seed.stderr);
      assert.deepEqual(seed.stderr.split('\n').filter(Boolean), [
        'info: BGPAdvertisement metallb-system/frr-k8s-advert (bgp-advertisement.yaml): left out of the output (metallbResources: controller): only the function reads it, and no MetalLB speaker or frr-k8s in the cluster can act on it',
        'info: BGPPeer metallb-system/tor-switch (bgp-peer.yaml): left out of the output (metallbResources: controller): only the function reads it, and no MetalLB speaker or frr-k8s in the cluster can act on it',
      ]);
      const a = docs(all.stdout);
      const c = docs(seed.stdout);
      assert.deepEqual(frrConfigurations(c), frrConfigurations(a));
      assert.deepEqual(kinds(a).filter((k) => !BGP_KINDS.includes(k ?? '')), kinds(c));
    } finally {
      t.cleanup();
    }
  });

  it('build and the review tools compile MetalLB resources marked local-config (kpt and kustomize leave them out of the cluster, the function reads them)', () => {
    const bin = requireBuild();
    // The example's BGPPeer and BGPAdvertisement are marked; with metallbResources: all too they are compiled.
    const all = copyOf(EXAMPLE, (f) => f.write('fn-config.yaml', f.read('fn-config.yaml').replace('metallbResources: controller', 'metallbResources: all')));
    const plain = copyOf(EXAMPLE, (f) => {
      for (const file of ['bgp-peer.yaml', 'bgp-advertisement.yaml']) f.write(file, unmark(f.read(file)));
    });
    try {
      const r = run(bin, ['build', all.dir]);
      assert.equal(r.status, 0, r.stderr);
      const out = docs(r.stdout);
      assert.deepEqual(frrConfigurations(out).map((o) => o.metadata?.name), ['metallb-tor'], 'compiled from the marked BGPPeer');
      assert.ok(!kinds(out).includes('BGPPeer'), 'and, marked local-config, never printed');
      // The same package with and without the marks: no BGP-level change.
      const d = run(bin, ['diff', plain.dir, EXAMPLE]);
      assert.equal(d.status, 0, d.stdout + d.stderr);
      assert.match(d.stdout, /no BGP-level change/i);
    } finally {
      all.cleanup();
      plain.cleanup();
    }
  });

  it('KRM function: an unmarked BGP kind is an error naming it and the annotation to add; marked ones are read and echoed byte for byte', () => {
    const bin = requireBuild();
    const marked = run(bin, [], { input: resourceListFromDir(EXAMPLE, 'fn-config.yaml') });
    assert.equal(marked.status, 0, marked.stderr);
    const rl = parseAllDocuments(marked.stdout)[0].toJS() as { items: KubeObject[] };
    assert.deepEqual(frrConfigurations(rl.items).map((o) => o.metadata?.name), ['metallb-tor']);
    assert.match(marked.stdout, /# Read by the function only\. The annotation keeps it out of `kpt live apply`/, 'comments kept');
    for (const k of ['BGPPeer', 'BGPAdvertisement']) {
      const item = rl.items.find((o) => o.kind === k)!;
      assert.equal(item.metadata?.annotations?.['config.kubernetes.io/local-config'], 'true', `${k} kept as written`);
    }

    const plain = copyOf(EXAMPLE, (f) => {
      for (const file of ['bgp-peer.yaml', 'bgp-advertisement.yaml']) f.write(file, unmark(f.read(file)));
    });
    try {
      const r = run(bin, [], { input: resourceListFromDir(plain.dir, 'fn-config.yaml') });
      assert.equal(r.status, 1);
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0], /^error: BGPAdvertisement metallb-system\/services \(bgp-advertisement\.yaml\) metadata\.annotations: metallbResources: controller keeps BGPAdvertisements out of the cluster, and a KRM function cannot leave an input out \(kpt would delete its file\): annotate it config\.kubernetes\.io\/local-config: "true"/);
      assert.match(lines[1], /^error: BGPPeer metallb-system\/tor \(bgp-peer\.yaml\) metadata\.annotations: /);
      assert.doesNotMatch(r.stdout, /kind: FRRConfiguration/, 'nothing generated');
    } finally {
      plain.cleanup();
    }
  });

  it('the ConfigMap shorthand takes it; another value is refused', () => {
    const bin = requireBuild();
    const rl = (value: string) => resourceListFromDir(SEED).replace(/\s*$/, '\n') + `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {metallbResources: ${value}}\n`;
    const ok = run(bin, [], { input: rl('controller') });
    assert.equal(ok.status, 1, 'the seed marks nothing');
    assert.match(ok.stderr, /BGPPeer metallb-system\/tor-switch .*metadata\.annotations: metallbResources: controller keeps BGPPeers out/);
    const bad = run(bin, [], { input: rl('speaker') });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /data\.metallbResources: .*(all|controller)/);
    assert.equal(run(bin, [], { input: rl('all') }).status, 0);
  });
});
