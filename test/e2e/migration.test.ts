// The CRD step of the migration from MetalLB with frr-k8s (Helm) to
// metallb-frr (README "Migrating from MetalLB with frr-k8s"), against a real
// kube-apiserver (lib/apiserver.ts) where upstream's CRDs are already
// installed the way Helm installs them: frr-k8s' own CRDs
// (<shared>/reference/frrk8s-crds, read here, never copied), created by the
// field manager `helm` with Helm's release labels and annotations, and an
// FRRConfiguration MetalLB's speaker published in metallb-system.
//
//   1. `manifests: {crds: false}`: the function's output applies beside them
//      (server-side, as the README's install does); the CRDs stay exactly as
//      Helm left them; upstream's schema takes the generated and hand-written
//      FRRConfigurations; the agent, under its own ServiceAccount and RBAC,
//      writes its FRRNodeState through upstream's CRD (a stand-in reloader
//      answers for FRR);
//   2. with the CRDs (the default) while Helm owns them: server-side apply
//      stops on conflicts with the `helm` field manager and changes nothing;
//   3. once Helm keeps them (`helm.sh/resource-policy: keep`, which Helm's
//      upgrade honours on the live object when frr-k8s leaves the release),
//      `--force-conflicts` once takes their fields over: every
//      FRRConfiguration and FRRNodeState stays, the stored version is still
//      v1beta1, and later plain applies are clean.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { AGENT_NAME } from '../../src/api/agent.ts';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { requireBuild, ROOT, run, tempDir } from '../lib/fixtures.ts';
import { standInReloader } from '../lib/reloader.ts';
import { clusterRequirements, startCluster, type Cluster } from './lib/apiserver.ts';
import { waitFor } from './lib/lab.ts';

const NS = 'frr-k8s-system';
const NODE = 'node1';
const SHARED = process.env.METALLB_FRR_SHARED ?? join(ROOT, '..', 'shared');
const UPSTREAM_CRDS = join(SHARED, 'reference', 'frrk8s-crds');
const CRDS = ['frrconfigurations.frrk8s.metallb.io', 'frrnodestates.frrk8s.metallb.io', 'bgpsessionstates.frrk8s.metallb.io'];
/** What Helm puts on every object of a release. */
const HELM_LABELS = { 'app.kubernetes.io/managed-by': 'Helm' };
const HELM_ANNOTATIONS = { 'meta.helm.sh/release-name': 'metallb', 'meta.helm.sh/release-namespace': 'metallb-system' };

const docs = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o?.kind);
const stream = (objects: KubeObject[]): string => objects.map((o) => stringify(o)).join('---\n');

interface CRD {
  metadata: { resourceVersion: string; generation: number; labels?: Record<string, string>; managedFields?: Array<{ manager: string; operation: string }> };
  status: { storedVersions: string[] };
}

e2eDescribe('migration: our CRD step against frr-k8s\' CRDs installed by Helm', {
  skip: missing(...clusterRequirements(), ['frr-k8s\' CRDs (<shared>/reference/frrk8s-crds; set METALLB_FRR_SHARED)', () => existsSync(UPSTREAM_CRDS)]),
  concurrency: 1,
  timeout: 5 * 60_000,
}, () => {
  let cluster: Cluster;
  let work: { dir: string; cleanup: () => void };
  let agent: ChildProcess | undefined;
  let stopReloader: (() => void) | undefined;
  let agentLog = '';
  const built = (config: string): KubeObject[] => {
    const file = join(work.dir, `config-${Date.now()}.yaml`);
    writeFileSync(file, `apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: c}\nspec: ${config}\n`);
    const r = run(requireBuild(), ['build', join(ROOT, 'examples', 'seed'), '--config', file]);
    assert.equal(r.status, 0, r.stderr);
    return docs(r.stdout).filter((o) => !o.apiVersion?.startsWith('metallb.io/'));
  };
  const applyArgs = ['apply', '--server-side', '-f', '-'];
  const crd = async (name: string): Promise<CRD> => JSON.parse((await cluster.kubectl(['get', 'crd', name, '-o', 'json', '--show-managed-fields'])).stdout) as CRD;
  const names = async (resource: string, ns?: string) => (await cluster.kubectl(['get', resource, ...(ns ? ['-n', ns] : ['-A']), '-o', 'name'])).stdout.trim().split('\n').filter(Boolean).sort();

  before(async () => {
    work = tempDir('migration');
    cluster = await startCluster();
    // frr-k8s' CRDs as Helm installs them: created by the field manager "helm", with the release's labels and annotations.
    const upstream = readdirSync(UPSTREAM_CRDS).filter((f) => f.endsWith('.yaml')).flatMap((f) => docs(readFileSync(join(UPSTREAM_CRDS, f), 'utf8')));
    for (const c of upstream) c.metadata = { ...c.metadata, labels: { ...(c.metadata?.labels ?? {}), ...HELM_LABELS }, annotations: { ...(c.metadata?.annotations ?? {}), ...HELM_ANNOTATIONS } };
    await cluster.kubectl(['create', '--field-manager=helm', '-f', '-'], { stdin: stream(upstream) });
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...CRDS.map((c) => `crd/${c}`)]);
    // What MetalLB's speaker published in its namespace.
    await cluster.kubectl(['create', 'namespace', 'metallb-system']);
    await cluster.kubectl(['create', '--field-manager=speaker', '-f', '-'], {
      stdin: stream([{ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: `metallb-${NODE}`, namespace: 'metallb-system' }, spec: { nodeSelector: { matchLabels: { 'kubernetes.io/hostname': NODE } }, bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65000 }] }] } } }]),
    });
    await cluster.kubectl(['apply', '-f', '-'], { stdin: stream([{ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE } } }]) });
  });

  after(async () => {
    stopReloader?.();
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent!.once('exit', r));
      agent.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await cluster?.stop();
    work?.cleanup();
  });

  it('crds: false: the output applies beside Helm\'s CRDs, which stay as they were; upstream\'s schema takes our FRRConfigurations and the agent\'s FRRNodeState', async () => {
    const objects = built('{manifests: {crds: false}}');
    assert.ok(!objects.some((o) => o.kind === 'CustomResourceDefinition'), 'no CRD in the output');
    const before = await Promise.all(CRDS.map(crd));
    await cluster.kubectl(applyArgs, { stdin: stream(objects.filter((o) => o.kind === 'Namespace')) });
    const r = await cluster.kubectl(applyArgs, { stdin: stream(objects), allowFail: true });
    assert.equal(r.code, 0, r.stderr);
    const afterApply = await Promise.all(CRDS.map(crd));
    for (const [i, c] of afterApply.entries()) {
      assert.equal(c.metadata.resourceVersion, before[i].metadata.resourceVersion, `${CRDS[i]} untouched`);
      const managers = new Set(c.metadata.managedFields?.map((f) => f.manager));
      assert.ok(managers.has('helm'), `${CRDS[i]}: helm's fields`);
      assert.ok(!managers.has('kubectl'), `${CRDS[i]}: nothing of ours: ${[...managers].join(' ')}`);
    }
    assert.deepEqual(await names('frrconfigurations.frrk8s.metallb.io'), ['frrconfiguration.frrk8s.metallb.io/custom-config', 'frrconfiguration.frrk8s.metallb.io/metallb-tor-switch', `frrconfiguration.frrk8s.metallb.io/metallb-${NODE}`].sort());

    // The agent under its ServiceAccount, the emitted RBAC, upstream's FRRNodeState CRD.
    const shared = join(work.dir, 'reloader');
    mkdirSync(shared);
    stopReloader = standInReloader(shared);
    const kubeconfig = cluster.kubeconfigFor(await cluster.tokenFor(NS, AGENT_NAME, { duration: '1h' }), AGENT_NAME);
    agentLog = join(work.dir, 'agent.log');
    const fd = openSync(agentLog, 'a');
    agent = spawn(process.execPath, [requireBuild(), 'agent', `--kubeconfig=${kubeconfig}`, `--node-name=${NODE}`, `--namespace=${NS}`, `--reloader-dir=${shared}`, '--listen=127.0.0.1:0'], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const status = await waitFor('the agent\'s FRRNodeState', async () => {
      const g = await cluster.kubectl(['get', 'frrnodestates.frrk8s.metallb.io', NODE, '-o', 'json'], { allowFail: true });
      const s = g.code === 0 ? (JSON.parse(g.stdout) as { status?: Record<string, string> }).status : undefined;
      return s?.lastReloadResult === 'success' ? s : undefined;
    }, { timeoutMs: 60_000, describe: async () => readFileSync(agentLog, 'utf8') });
    assert.equal(status.lastConversionResult, 'success');
    assert.match(status.runningConfig, /network 10\.201\.0\.0\/24/);
  });

  it('crds: true while Helm owns them: server-side apply stops on conflicts with the helm field manager and changes nothing', async () => {
    const ours = built('{}').filter((o) => o.kind === 'CustomResourceDefinition');
    assert.deepEqual(ours.map((o) => o.metadata?.name).sort(), [...CRDS].sort());
    const before = await Promise.all(CRDS.map(crd));
    const r = await cluster.kubectl(applyArgs, { stdin: stream(ours), allowFail: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /conflict/i);
    assert.match(r.stderr, /"helm"/);
    const afterApply = await Promise.all(CRDS.map(crd));
    for (const [i, c] of afterApply.entries()) assert.equal(c.metadata.resourceVersion, before[i].metadata.resourceVersion, `${CRDS[i]} untouched`);
  });

  it('once Helm keeps them and lets go, --force-conflicts takes them over once; objects, stored version and status stay; later applies are clean', async () => {
    const ours = built('{}');
    const before = await Promise.all([names('frrconfigurations.frrk8s.metallb.io'), names('frrnodestates.frrk8s.metallb.io')]);
    await cluster.kubectl(['annotate', 'crd', ...CRDS, 'helm.sh/resource-policy=keep']);
    const r = await cluster.kubectl([...applyArgs.slice(0, 2), '--force-conflicts', '-f', '-'], { stdin: stream(ours), allowFail: true });
    assert.equal(r.code, 0, r.stderr);
    for (const name of CRDS) {
      const c = await crd(name);
      assert.equal(c.metadata.labels?.['app.kubernetes.io/part-of'], 'metallb-frr', `${name}: ours now`);
      assert.ok(c.metadata.managedFields?.some((f) => f.manager === 'kubectl' && f.operation === 'Apply'), `${name}: applied by kubectl: ${JSON.stringify(c.metadata.managedFields?.map((f) => [f.manager, f.operation]))}`);
      assert.deepEqual(c.status.storedVersions, ['v1beta1']);
    }
    assert.deepEqual(await Promise.all([names('frrconfigurations.frrk8s.metallb.io'), names('frrnodestates.frrk8s.metallb.io')]), before, 'every object stays');
    const again = await cluster.kubectl(applyArgs, { stdin: stream(ours), allowFail: true });
    assert.equal(again.code, 0, again.stderr);
  });
});
