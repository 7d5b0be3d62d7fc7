// The node agent: reconcile latency and resident memory, for a node with 100
// BGP neighbours (100 FRRConfigurations, one per peer, as the function emits
// for 100 BGPPeers, each announcing its own /24 and a shared pool).
//
//   reconcile latency   in process: a change event (Reconciler.trigger, as an
//   (in process)        informer calls it) → the reload requested (the
//                       candidate and the request id written to the shared
//                       directory). Includes the agent's default 20 ms
//                       debounce, select + merge + render of the 100
//                       configurations and the two file writes; excludes the
//                       API server and the watch. A stand-in reloader answers
//                       at once. Aim ≤ 50 ms.
//   reconcile latency   `dist/metallb-frr agent` fed by a real kube-apiserver
//   (API server)        (test/e2e/lib/apiserver.ts): an FRRConfiguration
//                       patched through the API (the request sent) → the
//                       reload request seen in the shared directory. Adds to
//                       the above the API server's write to etcd, the watch
//                       event's way to the agent and the stand-in reloader's
//                       2 ms polling; loopback only, no network.
//   resident memory     `dist/metallb-frr agent` with the same 100
//                       configurations after its first reload (VmRSS): fed by
//                       the real kube-apiserver (the agent's own ServiceAccount
//                       token and the emitted RBAC), and with --from-dir (no
//                       Kubernetes client loaded); each as a ratio to the
//                       baseline measured in the same run, a bare node
//                       process serving HTTP (node:http, one listener, the
//                       same wait before reading). Aim ≤ 1.5×.
//
// The API server figures need kube-apiserver, etcd and kubectl, found as the
// end-to-end tests find them (scripts/tools.sh installs them); without them
// only the --from-dir figure is printed, with a note saying why.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { memoryLogger } from '../src/agent/log.ts';
import { createMetrics } from '../src/agent/metrics.ts';
import { Reconciler, type Inputs } from '../src/agent/reconciler.ts';
import { FileReloader } from '../src/agent/reloader.ts';
import type { FRRConfiguration } from '../src/api/frrk8s.ts';
import { AGENT_NAME } from '../src/api/agent.ts';
import { compileManifests } from '../src/compile/manifests.ts';
import { manifestsDefaults } from '../src/compile/options.ts';
import { secretsFrom } from '../src/frr/index.ts';
import { clusterRequirements, startCluster, type Cluster } from '../test/e2e/lib/apiserver.ts';
import { BIN, requireBuild, tempDir } from '../test/lib/fixtures.ts';
import { standInReloader } from '../test/lib/reloader.ts';
import type { Measurement } from './types.ts';

const NEIGHBOURS = 100;
const NS = 'frr-k8s-system';
const NODE = { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } };

function configs(version: number): FRRConfiguration[] {
  return Array.from({ length: NEIGHBOURS }, (_, i) => {
    const own = `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`;
    const prefixes = i === 0 ? [own, `10.250.${version % 250}.0/24`] : [own, '10.200.0.0/24'];
    return {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: `metallb-peer-${i}`, namespace: 'frr-k8s-system' },
      spec: {
        nodeSelector: {},
        bgp: {
          routers: [
            {
              asn: 65001,
              prefixes,
              neighbors: [{ address: `192.168.${Math.floor(i / 200)}.${(i % 200) + 1}`, asn: 65100 + i, port: 179, holdTime: '90s', keepaliveTime: '30s', toAdvertise: { allowed: { prefixes } } }],
            },
          ],
        },
      },
    } as FRRConfiguration;
  });
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function reconcileLatency(samples: number): Promise<number[]> {
  const t = tempDir('bench-agent');
  const stop = standInReloader(t.dir, { intervalMs: 2 });
  let requestedAt = 0;
  const reloader = new FileReloader(t.dir, { timeoutMs: 10_000, pollMs: 2, onRequested: () => (requestedAt = performance.now()) });
  let inputs: Inputs = { configs: configs(0), secrets: secretsFrom([]), node: NODE };
  const r = new Reconciler({
    nodeName: NODE.name,
    snapshot: () => inputs,
    reloader,
    status: { publish: () => undefined },
    events: { emit: () => undefined },
    metrics: createMetrics({ processMetrics: false }),
    log: memoryLogger(),
  });
  const out: number[] = [];
  try {
    for (let i = 0; i < samples + 5; i++) {
      inputs = { ...inputs, configs: configs(i + 1) };
      requestedAt = 0;
      const t0 = performance.now();
      r.trigger();
      await r.idle();
      if (!requestedAt) throw new Error('no reload was requested');
      if (i >= 5) out.push(requestedAt - t0); // the first ones warm the JIT
    }
  } finally {
    r.stop();
    reloader.close();
    stop();
    t.cleanup();
  }
  return out;
}

/** The agent as a child process; `count` counts its log lines with a message. */
interface RunningAgent {
  child: ChildProcess;
  count(msg: string): number;
  log(): string;
  stop(): Promise<void>;
}

function startAgent(shared: string, flags: string[]): RunningAgent {
  const child = spawn(process.execPath, [BIN, 'agent', '--node-name=node1', `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  return {
    child,
    count: (msg) => log.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length,
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function until(what: string, agent: RunningAgent, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline || agent.child.exitCode !== null) throw new Error(`${what}: not after ${timeoutMs} ms\n${agent.log()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const RELOADED = 'FRR runs the new configuration';

/** VmRSS (MiB) of the agent after its first reload. */
async function rssAfterFirstReload(agent: RunningAgent): Promise<number> {
  await until('the first reload', agent, () => agent.count(RELOADED) >= 1);
  await new Promise((r) => setTimeout(r, 500)); // let start-up garbage go
  const status = readFileSync(`/proc/${agent.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

async function fromDirRSS(): Promise<number> {
  const t = tempDir('bench-agent-dir');
  const shared = join(t.dir, 'shared');
  const cfg = join(t.dir, 'cfg');
  mkdirSync(shared);
  mkdirSync(cfg);
  writeFileSync(join(cfg, 'configs.yaml'), configs(0).map((c) => stringify(c)).join('---\n'));
  const stop = standInReloader(shared, { intervalMs: 2 });
  const agent = startAgent(shared, [`--from-dir=${cfg}`]);
  try {
    return await rssAfterFirstReload(agent);
  } finally {
    await agent.stop();
    stop();
    t.cleanup();
  }
}

/** VmRSS (MiB) of a bare node process with one HTTP server listening, read after the same settling time. */
async function bareHttpRSS(): Promise<number> {
  const code = "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', () => console.log('listening'))";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (c) => reject(new Error(`bare HTTP server exited (${c})`)));
    });
    await new Promise((r) => setTimeout(r, 500));
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
  } finally {
    child.kill('SIGTERM');
  }
}

/** The harness's tools that are not installed (the same discovery as the e2e tests). */
function missingClusterTools(): string[] {
  return clusterRequirements().filter((r) => !r.includes('/'));
}

/**
 * Against a real kube-apiserver: the agent's resident memory after its first
 * reload, then `samples` changes made through the API, each timed from the
 * request sent to the reload request seen.
 */
async function withApiServer(samples: number): Promise<{ rss: number; latency: number[] }> {
  const t = tempDir('bench-agent-api');
  const shared = join(t.dir, 'shared');
  mkdirSync(shared);
  const cluster = await startCluster();
  let agent: RunningAgent | undefined;
  let stopReloader: () => void = () => undefined;
  try {
    await installAgent(cluster, [{ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE.name, labels: NODE.labels } }, ...configs(0)]);
    const kubeconfig = cluster.kubeconfigFor(await cluster.tokenFor(NS, AGENT_NAME, { duration: '1h' }), AGENT_NAME);

    let seenAt = 0;
    stopReloader = standInReloader(shared, { intervalMs: 2, onRequest: (at) => (seenAt = at) });
    agent = startAgent(shared, [`--kubeconfig=${kubeconfig}`]);
    const rss = await rssAfterFirstReload(agent);

    const latency: number[] = [];
    const ca = readFileSync(cluster.caFile);
    for (let i = 0; i < samples + 3; i++) {
      const reloads = agent.count(RELOADED);
      seenAt = 0;
      const routers = (configs(i + 1)[0].spec as { bgp: { routers: unknown[] } }).bgp.routers;
      const t0 = performance.now();
      await mergePatch(cluster.server, cluster.adminToken, ca, `/apis/frrk8s.metallb.io/v1beta1/namespaces/${NS}/frrconfigurations/metallb-peer-0`, { spec: { bgp: { routers } } });
      await until('the reload request', agent, () => seenAt > 0);
      if (i >= 3) latency.push(seenAt - t0); // the first ones warm up both sides
      // The next change only once the agent has this one's answer.
      await until('the reload', agent, () => agent!.count(RELOADED) > reloads);
    }
    return { rss, latency };
  } finally {
    await agent?.stop();
    stopReloader();
    await cluster.stop();
    t.cleanup();
  }
}


/**
 * Installs the emitted manifests without the DaemonSet (the agent runs as a
 * process here), the CRDs established first, and then `more`.
 */
export async function installAgent(cluster: Cluster, more: object[]): Promise<void> {
  const m = manifestsDefaults();
  m.daemonSet = false;
  const objects = compileManifests(NS, m);
  const first = (o: { kind?: string }) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition';
  const apply = (items: object[]) => cluster.kubectl(['apply', '--server-side', '-f', '-'], { stdin: items.map((o) => JSON.stringify(o)).join('\n') });
  await apply(objects.filter(first));
  await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/frrconfigurations.frrk8s.metallb.io', 'crd/frrnodestates.frrk8s.metallb.io', 'crd/bgpsessionstates.frrk8s.metallb.io']);
  await apply([...objects.filter((o) => !first(o)), ...more]);
}
/** A JSON merge patch as the admin, straight over HTTPS (no kubectl start-up in the timing). */
export function mergePatch(server: string, token: string, ca: Buffer, path: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${server}${path}`, { method: 'PATCH', ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/merge-patch+json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PATCH ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export async function benchAgent(): Promise<Measurement[]> {
  requireBuild();
  const samples = 30;
  const inProcess = await reconcileLatency(samples);
  const out: Measurement[] = [
    { name: `reconcile latency, ${NEIGHBOURS} neighbours, in process (p50)`, value: percentile(inProcess, 50), unit: 'ms', note: `change event → reload requested, ${samples} changes; 20 ms debounce + render + file writes, no API server; aim <= 50 ms` },
    { name: `reconcile latency, ${NEIGHBOURS} neighbours, in process (p90)`, value: percentile(inProcess, 90), unit: 'ms' },
  ];
  const absent = missingClusterTools();
  if (absent.length === 0) {
    const api = await withApiServer(20);
    out.push(
      { name: `reconcile latency, ${NEIGHBOURS} neighbours, via kube-apiserver (p50)`, value: percentile(api.latency, 50), unit: 'ms', note: 'API patch sent → reload requested, 20 changes, agent process; adds the etcd write and the watch' },
      { name: `reconcile latency, ${NEIGHBOURS} neighbours, via kube-apiserver (p90)`, value: percentile(api.latency, 90), unit: 'ms' },
      { name: `resident memory, ${NEIGHBOURS} neighbours (kube-apiserver)`, value: api.rss, unit: 'MiB', note: 'VmRSS after the first reload' },
    );
  }
  const fromDir = await fromDirRSS();
  out.push({
    name: `resident memory, ${NEIGHBOURS} neighbours (--from-dir)`,
    value: fromDir,
    unit: 'MiB',
    note: absent.length === 0 ? 'no Kubernetes client loaded' : `no Kubernetes client loaded; API server figures skipped, missing ${absent.join(', ')} (scripts/tools.sh)`,
  });
  const bare = await bareHttpRSS();
  out.push(
    { name: 'resident memory, bare node process serving HTTP (baseline)', value: bare, unit: 'MiB' },
    { name: `resident memory, ${NEIGHBOURS} neighbours (--from-dir) / baseline`, value: fromDir / bare, unit: 'x', note: 'aim <= 1.5x' },
  );
  const api = out.find((m) => m.name.startsWith('resident memory') && m.name.includes('(kube-apiserver)'));
  if (api) out.push({ name: `resident memory, ${NEIGHBOURS} neighbours (kube-apiserver) / baseline`, value: api.value / bare, unit: 'x', note: 'aim <= 1.5x' });
  return out;
}
