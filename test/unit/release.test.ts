// Images (issue 11 item 8): the default agent image was published by nothing
// in the repository, and the DaemonSet ran on any architecture. The release
// workflow (.github/workflows/release.yaml) builds the Dockerfile's targets
// for the architectures the DaemonSet's node affinity allows, pushes them by
// tag and writes their digests into the defaults (scripts/pin-images.mjs).
// What can be checked without a container engine or GitHub: the workflow's
// structure against the Dockerfile, the scripts and the manifests; the
// pinning script on a copy of the files it rewrites; the affinity. (actionlint
// runs over the workflow in test/e2e/actionlint.test.ts.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { compileManifests } from '../../src/compile/manifests.ts';
import { DEFAULT_AGENT_IMAGE, DEFAULT_FRR_IMAGE, manifestsDefaults, RELEASE_ARCHITECTURES } from '../../src/compile/options.ts';
import { requireBuild, ROOT, run, tempDir } from '../lib/fixtures.ts';

const WORKFLOW = join(ROOT, '.github', 'workflows', 'release.yaml');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
}
interface Workflow {
  on: { push?: { tags?: string[] } };
  env?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = (): Workflow => parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
const steps = () => Object.values(workflow().jobs).flatMap((j) => j.steps);
const dockerfileStages = () => [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$/gim)].map((m) => m[1]);

describe('the release workflow', () => {
  it('runs on a version tag and may push packages', () => {
    const w = workflow();
    assert.deepEqual(w.on.push?.tags, ['v*.*.*']);
    const job = Object.values(w.jobs)[0];
    assert.equal(job.permissions?.packages, 'write');
    assert.equal(job.permissions?.contents, 'write');
  });

  it('builds every image the project ships, from Dockerfile stages that exist, pushed by tag', () => {
    const builds = steps().filter((s) => s.uses?.startsWith('docker/build-push-action@'));
    const stages = dockerfileStages();
    assert.deepEqual(builds.map((s) => s.with?.target).sort(), ['agent', 'ci', 'function']);
    for (const s of builds) {
      assert.ok(stages.includes(String(s.with?.target)), `Dockerfile stage ${s.with?.target}`);
      assert.equal(s.with?.push, true);
      assert.match(String(s.with?.tags), /:\$\{\{ steps\.version\.outputs\.version \}\}$/, 'pushed by the version tag');
      assert.equal(s.with?.platforms, '${{ env.PLATFORMS }}');
    }
  });

  it('builds for exactly the architectures the DaemonSet\'s node affinity allows', () => {
    const platforms = workflow().env?.PLATFORMS?.split(',') ?? [];
    assert.deepEqual(platforms.map((p) => p.replace(/^linux\//, '')).sort(), [...RELEASE_ARCHITECTURES].sort());
  });

  it('pins the agent digest before building the function, whose bundle carries the defaults', () => {
    const names = steps().map((s) => s.id ?? s.name ?? '');
    const pin = steps().findIndex((s) => s.run?.includes('node scripts/pin-images.mjs --agent'));
    assert.ok(pin > names.indexOf('agent') && pin < names.indexOf('function'), names.join(' | '));
    assert.ok(existsSync(join(ROOT, 'scripts', 'pin-images.mjs')));
    // Every script a step runs exists.
    for (const s of steps()) for (const m of (s.run ?? '').matchAll(/scripts\/[\w.-]+/g)) assert.ok(existsSync(join(ROOT, m[0])), m[0]);
  });
});

describe('scripts/pin-images.mjs', () => {
  const digest = (c: string) => `sha256:${c.repeat(64)}`;
  /** The files the defaults show up in, copied with their paths. */
  const copy = () => {
    const t = tempDir('pin');
    for (const f of ['src/compile/options.ts', 'test/golden/manifests/default/daemonset_metallb-frr.yaml', 'fn/README.md', 'examples/seed/generated/daemonset_metallb-frr.yaml']) {
      mkdirSync(dirname(join(t.dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(t.dir, f));
    }
    return t;
  };
  const pin = (root: string, ...args: string[]) => run(process.execPath, [join(ROOT, 'scripts', 'pin-images.mjs'), '--root', root, ...args]);

  it('writes digest-pinned references into the defaults and wherever the old ones appear; again, without stacking digests', () => {
    const t = copy();
    try {
      assert.equal(pin(t.dir, '--print').stdout, `${DEFAULT_AGENT_IMAGE}\n${DEFAULT_FRR_IMAGE}\n`);
      const agent = `ghcr.io/acme/metallb-frr-agent:0.2.0@${digest('a')}`;
      const frr = `${DEFAULT_FRR_IMAGE}@${digest('b')}`;
      const r = pin(t.dir, '--agent', agent, '--frr', frr);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(pin(t.dir, '--print').stdout, `${agent}\n${frr}\n`);
      const ds = readFileSync(join(t.dir, 'test/golden/manifests/default/daemonset_metallb-frr.yaml'), 'utf8');
      assert.equal(ds.split(frr).length - 1, 3, 'frr, reloader and the init container');
      assert.equal(ds.split(agent).length - 1, 1);
      assert.ok(readFileSync(join(t.dir, 'fn/README.md'), 'utf8').includes(`\`${agent}\``));
      // A later release replaces the pinned references whole.
      const frr2 = `${DEFAULT_FRR_IMAGE}@${digest('c')}`;
      assert.equal(pin(t.dir, '--agent', agent, '--frr', frr2).status, 0);
      const again = readFileSync(join(t.dir, 'test/golden/manifests/default/daemonset_metallb-frr.yaml'), 'utf8');
      assert.equal(again.split(frr2).length - 1, 3);
      assert.doesNotMatch(again, /@sha256:\w+@/);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a reference without a digest, and changes nothing', () => {
    const t = copy();
    try {
      const r = pin(t.dir, '--agent', 'ghcr.io/acme/metallb-frr-agent:0.2.0', '--frr', `${DEFAULT_FRR_IMAGE}@${digest('b')}`);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^error: --agent: "ghcr\.io\/acme\/metallb-frr-agent:0\.2\.0" is not an image reference with a digest/);
      assert.equal(readFileSync(join(t.dir, 'src/compile/options.ts'), 'utf8'), readFileSync(join(ROOT, 'src/compile/options.ts'), 'utf8'));
    } finally {
      t.cleanup();
    }
  });

  it('the function takes a digest-pinned image as manifests.images', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: fn.metallb-frr.dev/v1alpha1\n  kind: MetalLBFRR\n  metadata: {name: c}\n  spec: {allowEmpty: true, manifests: {images: {agent: "ghcr.io/acme/metallb-frr-agent:0.2.0@${digest('a')}"}}}\n`;
    const r = run(requireBuild(), [], { input });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`image: ghcr\\.io/acme/metallb-frr-agent:0\\.2\\.0@${digest('a')}\\n`));
  });
});

describe('the DaemonSet\'s architecture affinity', () => {
  const ds = (architectures?: string[]) => {
    const m = manifestsDefaults();
    if (architectures) m.architectures = architectures;
    return compileManifests('frr-k8s-system', m).find((o) => o.kind === 'DaemonSet') as KubeObject & { spec: { template: { spec: { affinity?: unknown } } } };
  };

  it('requires a node architecture the images are built for, as frr-k8s\' DaemonSet does', () => {
    assert.deepEqual(ds().spec.template.spec.affinity, {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] }] } },
    });
    assert.equal(ds([]).spec.template.spec.affinity, undefined, 'architectures: [] (own images for other architectures): none');
  });

  it('manifests.architectures: a name kubernetes.io/arch cannot hold is refused', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: fn.metallb-frr.dev/v1alpha1\n  kind: MetalLBFRR\n  metadata: {name: c}\n  spec: {allowEmpty: true, manifests: {architectures: [amd64, "ARM 64"]}}\n`;
    const r = run(requireBuild(), [], { input });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: MetalLBFRR c spec\.manifests\.architectures\[1\]: "ARM 64" is not an architecture/m);
  });
});
