// Change → prefix at the real peer: the node agent (`dist/metallb-frr
// agent`, under its ServiceAccount and the emitted RBAC) fed by a real
// kube-apiserver, the FRR + BIRD lab (test/e2e/lib/lab.ts, FRR 8.4) as the
// node and its top-of-rack router, the reloader script in the node's
// namespace. 20 changes, each a new prefix in an FRRConfiguration, timed
// from the API server's answer to the merge patch (the change accepted) to
// the prefix in BIRD's table (birdc polled every ~20 ms). FRR's own
// defaults: no lab tuning of its timers. Aim: p50 under 2 s.
//
// Needs root, FRR 8.4, BIRD and the API server tools, as the e2e tests;
// without them the figure is skipped with a note.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_NAME } from '../src/api/agent.ts';
import { RELOADER_SCRIPT } from '../src/compile/manifests-reloader.ts';
import { clusterRequirements, startCluster } from '../test/e2e/lib/apiserver.ts';
import { createLab, labRequirements, NODE_V4, TOR_V4, waitFor } from '../test/e2e/lib/lab.ts';
import { launch } from '../test/e2e/lib/process.ts';
import { isRoot, missing } from '../test/lib/e2e.ts';
import { requireBuild, tempDir } from '../test/lib/fixtures.ts';
import { installAgent, mergePatch } from './agent.ts';
import type { Measurement } from './types.ts';

const NS = 'frr-k8s-system';
const NODE = 'node1';
const CHANGES = 20;

const prefix = (i: number) => `10.210.${i}.0/24`;
const spec = (p: string) => ({ bgp: { routers: [{ asn: 65001, prefixes: [p], neighbors: [{ address: TOR_V4, asn: 65000, toAdvertise: { allowed: { prefixes: [p] } } }] }] } });

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

export async function benchLab(): Promise<Measurement[]> {
  const absent = missing(...clusterRequirements(), ...labRequirements('8.4'), ['root', isRoot]);
  if (absent) return [{ name: 'change -> prefix at the peer (lab)', value: 0, unit: '', note: `skipped: ${absent}` }];
  const bin = requireBuild();
  const work = tempDir('bench-lab');
  const reloaderDir = join(work.dir, 'reloader');
  mkdirSync(reloaderDir);
  const [cluster, lab] = await Promise.all([startCluster(), createLab({ frr: '8.4' })]);
  const children: ChildProcess[] = [];
  try {
    await installAgent(cluster, [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE } } },
      { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'bench', namespace: NS }, spec: spec(prefix(0)) },
    ]);
    const kubeconfig = cluster.kubeconfigFor(await cluster.tokenFor(NS, AGENT_NAME, { duration: '1h' }), AGENT_NAME);
    await lab.configureBird({ peers: [{ name: 'node1', neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });

    const script = join(work.dir, 'reloader.sh');
    writeFileSync(script, RELOADER_SCRIPT, { mode: 0o755 });
    const [cmd, args] = lab.nodeCommand('sh', [script]);
    children.push(launch(cmd, args, join(work.dir, 'reloader.log'), { RELOADER_DIR: reloaderDir, FRR_CONFDIR: lab.frrDir, FRR_RUNDIR: lab.frrDir, FRR_VTY_SOCKET: lab.frrDir, FRR_PIDDIR: lab.frrDir }));
    children.push(launch(process.execPath, [bin, 'agent', `--kubeconfig=${kubeconfig}`, `--node-name=${NODE}`, `--namespace=${NS}`, `--reloader-dir=${reloaderDir}`, '--listen=127.0.0.1:0'], join(work.dir, 'agent.log')));

    const has = async (p: string) => (await lab.birdRoutes('node1')).some((r) => r.prefix === p);
    const logs = async () => `${readFileSync(join(work.dir, 'agent.log'), 'utf8').slice(-2000)}\n${lab.logs()}`;
    await waitFor('the first prefix at BIRD', () => has(prefix(0)), { timeoutMs: 120_000, describe: logs });

    const ca = readFileSync(cluster.caFile);
    const path = `/apis/frrk8s.metallb.io/v1beta1/namespaces/${NS}/frrconfigurations/bench`;
    const latency: number[] = [];
    for (let i = 1; i <= CHANGES; i++) {
      await mergePatch(cluster.server, cluster.adminToken, ca, path, { spec: spec(prefix(i)) });
      const accepted = performance.now();
      await waitFor(`prefix ${prefix(i)} at BIRD`, () => has(prefix(i)), { timeoutMs: 60_000, intervalMs: 20, describe: logs });
      latency.push(performance.now() - accepted);
      // The old prefix gone too before the next change.
      await waitFor(`prefix ${prefix(i - 1)} withdrawn`, async () => !(await has(prefix(i - 1))), { timeoutMs: 60_000, intervalMs: 50, describe: logs });
    }
    return [
      { name: `change -> prefix at the peer, lab (p50)`, value: percentile(latency, 50), unit: 'ms', note: `FRRConfiguration patch accepted -> prefix in BIRD's table, ${CHANGES} changes, FRR 8.4 defaults; aim < 2 s` },
      { name: `change -> prefix at the peer, lab (p90)`, value: percentile(latency, 90), unit: 'ms' },
    ];
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    await lab.close();
    await cluster.stop();
    work.cleanup();
  }
}
