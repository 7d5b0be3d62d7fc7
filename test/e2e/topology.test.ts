// The supported topology (issue 11 item 6), with MetalLB's own controller:
// MetalLB's controller assigns the LoadBalancer IPs, metallb-frr's agent
// announces them; no MetalLB speaker BGP and no frr-k8s.
//
//   - a real kube-apiserver (lib/apiserver.ts) with MetalLB's CRDs: the six
//     of its configuration from the shared reference folder
//     (<shared>/reference/metallb-crds, read here, never copied), plus the
//     status kinds the controller will not start without (ServiceBGPStatus,
//     ServiceL2Status), from the CRDs scripts/tools.sh keeps beside the
//     controller it builds (the MetalLB module's own, same version);
//   - `metallb-frr build examples/metallb-controller` (metallbResources:
//     controller) applied as the README says: the cluster gets the
//     IPAddressPool and the Service, and no BGPPeer or BGPAdvertisement;
//   - MetalLB's controller v0.15.2 (go.universe.tf/metallb/controller, built
//     from the Go module proxy by scripts/tools.sh) with its webhooks off, in
//     a network namespace of its own that has only a loopback and the
//     `kubernetes` Service address, forwarded to the test kube-apiserver
//     (lib/pod.ts serviceProxy): whatever it listens on stays there. It runs
//     with the admin's token (MetalLB's RBAC for it is MetalLB's install, not
//     this project's);
//   - FRR 10.3 and BIRD (lib/lab.ts) with the reloader script and the agent
//     (a local process under its ServiceAccount's token), as in agent.test.ts.
//
// Then: the controller gives the Service an IP from the pool (and counts it
// in the pool's status), and BIRD's route for that IP leads to the node,
// learnt from the agent's FRR.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { AGENT_NAME } from '../../src/api/agent.ts';
import { RELOADER_SCRIPT } from '../../src/compile/manifests-reloader.ts';
import { e2eDescribe, isRoot, missing, which } from '../lib/e2e.ts';
import { requireBuild, ROOT, run, tempDir } from '../lib/fixtures.ts';
import { clusterRequirements, startCluster, TOOLS_BIN, withClusterLogs, type Cluster } from './lib/apiserver.ts';
import { createLab, labRequirements, NODE_V4, run as exec, waitFor, type Lab } from './lib/lab.ts';
import { serviceProxy } from './lib/pod.ts';
import { stop, tail } from './lib/process.ts';

const NS = 'frr-k8s-system';
const METALLB_NS = 'metallb-system';
const NODE = 'node1';
const SHARED = process.env.METALLB_FRR_SHARED ?? join(ROOT, '..', 'shared');
const METALLB_CRDS = join(SHARED, 'reference', 'metallb-crds');
const CONTROLLER = which(process.env.METALLB_CONTROLLER ?? join(TOOLS_BIN, 'metallb-controller'));
/** The status kinds' CRDs, kept by scripts/tools.sh beside the controller binary. */
const statusCRDs = (): string[] => {
  const dir = join(realpathSync(CONTROLLER!), '..', 'crds');
  return ['metallb.io_servicebgpstatuses.yaml', 'metallb.io_servicel2statuses.yaml'].map((f) => readFileSync(join(dir, f), 'utf8'));
};
/** The `kubernetes` Service's address, in the test API server's certificate. */
const API_SERVICE = '10.96.0.1';
/** Policy changes reach BIRD after 1 s (the lab's tuning, through the API as a user would add it). */
const LAB_TUNING: KubeObject = {
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'lab-tuning', namespace: NS },
  spec: { raw: { priority: 10, rawConfig: 'bgp route-map delay-timer 1\n' } },
};

const docs = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o?.kind);
const stream = (objects: KubeObject[]): string => objects.map((o) => stringify(o)).join('---\n');

const skip = missing(
  ...clusterRequirements(),
  ...labRequirements('10.3'),
  CONTROLLER ?? 'metallb-controller (scripts/tools.sh)',
  ['MetalLB\'s CRDs (<shared>/reference/metallb-crds; set METALLB_FRR_SHARED)', () => existsSync(METALLB_CRDS)],
  ['the controller\'s status CRDs (scripts/tools.sh)', () => !!CONTROLLER && existsSync(join(realpathSync(CONTROLLER), '..', 'crds'))],
  ['root', isRoot],
);

e2eDescribe('the supported topology: MetalLB\'s controller assigns the IPs, the agent announces them', { skip, concurrency: 1, timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;
  let lab: Lab;
  let work: { dir: string; cleanup: () => void };
  let built: KubeObject[];
  const children: ChildProcess[] = [];
  const logs: Record<string, string> = {};
  let netns: string | undefined;
  let stopProxy: (() => Promise<void>) | undefined;
  let serviceIP = '';

  const apply = (objects: KubeObject[]) => cluster.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { stdin: stream(objects) });
  const diagnostics = () => [...Object.entries(logs).map(([n, f]) => `--- ${n} (last lines)\n${tail(f, 20)}`), lab?.logs() ?? ''].join('\n');
  const step = (name: string, fn: () => Promise<void>) => it(name, withClusterLogs(() => cluster, diagnostics)(fn));

  before(async () => {
    const bin = requireBuild();
    work = tempDir('topology');
    [cluster, lab] = await Promise.all([startCluster(), createLab({ frr: '10.3' })]);

    // MetalLB as installed (its CRDs and namespace), then the function's output in two passes.
    const crds = [...readdirSync(METALLB_CRDS).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(METALLB_CRDS, f), 'utf8')), ...statusCRDs()];
    await cluster.kubectl(['apply', '--server-side', '-f', '-'], { stdin: crds.join('\n---\n') });
    await cluster.kubectl(['create', 'namespace', METALLB_NS]);
    const r = run(bin, ['build', join(ROOT, 'examples', 'metallb-controller')]);
    assert.equal(r.status, 0, r.stderr);
    built = docs(r.stdout);
    await apply(built.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition'));
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    await apply([...built, LAB_TUNING]);
    await apply([{ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux' } } }]);

    // The node: BIRD peers with it; the reloader and the agent drive its FRR.
    await lab.configureBird({ peers: [{ name: NODE, neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });
    const shared = join(work.dir, 'reloader');
    mkdirSync(shared);
    const script = join(work.dir, 'reloader.sh');
    writeFileSync(script, RELOADER_SCRIPT, { mode: 0o755 });
    const [rc, ra] = lab.nodeCommand('sh', [script]);
    children.push(launch('reloader', rc, ra, { RELOADER_DIR: shared, FRR_CONFDIR: lab.frrDir, FRR_RUNDIR: lab.frrDir, FRR_VTY_SOCKET: lab.frrDir, FRR_PIDDIR: lab.frrDir }));
    const kubeconfig = cluster.kubeconfigFor(await cluster.tokenFor(NS, AGENT_NAME, { duration: '1h' }), AGENT_NAME);
    children.push(launch('agent', process.execPath, [bin, 'agent', `--kubeconfig=${kubeconfig}`, `--node-name=${NODE}`, `--namespace=${NS}`, `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', '--frr-check-interval=500ms']));

    // MetalLB's controller, alone in a network namespace with the API server's Service address.
    netns = `mlbctl-${process.pid}`;
    await exec('ip', ['netns', 'add', netns]);
    await exec('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    stopProxy = await serviceProxy(netns, API_SERVICE, Number(new URL(cluster.server).port), work.dir);
    const controllerKubeconfig = join(work.dir, 'controller.kubeconfig');
    writeFileSync(controllerKubeconfig, readFileSync(cluster.kubeconfig, 'utf8').replace(cluster.server, `https://${API_SERVICE}:443`));
    children.push(launch('metallb-controller', 'ip', ['netns', 'exec', netns, CONTROLLER!, `--namespace=${METALLB_NS}`, '--webhook-mode=disabled', '--port=7472', `--kubeconfig=${controllerKubeconfig}`, '--log-level=debug']));
  });

  after(async () => {
    for (const c of children.reverse()) await stop(c);
    await stopProxy?.().catch(() => undefined);
    if (netns) await exec('ip', ['netns', 'del', netns]);
    await lab?.close();
    await cluster?.stop();
    work?.cleanup();
  });

  step('the build fits the topology: MetalLB\'s IPAddressPool reaches the cluster, its BGP kinds do not', async () => {
    assert.deepEqual(built.filter((o) => o.apiVersion?.startsWith('metallb.io/')).map((o) => o.kind), ['IPAddressPool']);
    const names = async (resource: string) => (await cluster.kubectl(['get', resource, '-A', '-o', 'name'])).stdout.trim();
    assert.equal(await names('ipaddresspools.metallb.io'), 'ipaddresspool.metallb.io/services');
    for (const r of ['bgppeers.metallb.io', 'bgpadvertisements.metallb.io', 'bfdprofiles.metallb.io', 'communities.metallb.io']) assert.equal(await names(r), '', `no ${r}`);
    assert.equal(await names('frrconfigurations.frrk8s.metallb.io'), 'frrconfiguration.frrk8s.metallb.io/lab-tuning\nfrrconfiguration.frrk8s.metallb.io/metallb-tor');
  });

  step('MetalLB\'s controller gives the Service an IP from the pool and counts it', async () => {
    serviceIP = await waitFor('the Service to get an IP', async () => {
      const s = JSON.parse((await cluster.kubectl(['get', 'service', 'web', '-n', 'default', '-o', 'json'])).stdout) as { status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } } };
      return s.status?.loadBalancer?.ingress?.[0]?.ip;
    }, { timeoutMs: 60_000, describe: async () => diagnostics() });
    assert.match(serviceIP, /^10\.200\.0\.\d+$/);
    const pool = await waitFor('the pool\'s status to count it', async () => {
      const p = JSON.parse((await cluster.kubectl(['get', 'ipaddresspool', 'services', '-n', METALLB_NS, '-o', 'json'])).stdout) as { status?: { assignedIPv4?: number } };
      return p.status?.assignedIPv4 === 1 ? p : undefined;
    }, { timeoutMs: 30_000 });
    assert.ok(pool);
  });

  step('the agent announces it: BIRD\'s route for the Service IP leads to the node', async () => {
    const route = await waitFor(`BIRD to route ${serviceIP} via the node`, async () => {
      const out = await lab.birdc('show', 'route', 'for', serviceIP, 'all');
      return new RegExp(`10\\.200\\.0\\.0/24\\s+unicast \\[${NODE} `).test(out) && out.includes(`via ${NODE_V4}`) ? out : undefined;
    }, { timeoutMs: 90_000, describe: async () => `${await lab.birdc('show', 'route', 'all').catch((e: Error) => e.message)}\n${diagnostics()}` });
    assert.match(route, /BGP\.as_path: 65001/);
    // Nothing but the agent's own configurations selects the node (no speaker publishes metallb-<node>).
    const status = await waitFor('FRRNodeState to report success', async () => {
      const r = await cluster.kubectl(['get', 'frrnodestates.frrk8s.metallb.io', NODE, '-o', 'json'], { allowFail: true });
      const s = r.code === 0 ? (JSON.parse(r.stdout) as { status?: { lastReloadResult?: string; runningConfig?: string } }).status : undefined;
      return s?.lastReloadResult === 'success' ? s : undefined;
    }, { timeoutMs: 30_000 });
    assert.match(status.runningConfig!, /^! From FRRConfigurations: frr-k8s-system\/lab-tuning, frr-k8s-system\/metallb-tor$/m);
  });

  function launch(name: string, cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    logs[name] = join(work.dir, `${name}.log`);
    const fd = openSync(logs[name], 'a');
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
    closeSync(fd);
    return child;
  }
});

