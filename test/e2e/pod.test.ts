// The pod's own files and command lines, not a hand-made setup: this test
// proves the manifests. The seed's `metallb-frr build` output goes into a real
// kube-apiserver; the DaemonSet and its ConfigMaps are read back from it, and
// a kubelet stand-in (lib/pod.ts, which says what differs from a real one)
// runs the pod on two nodes behind one BIRD router (lib/lab.ts createFabric):
// its volumes materialised per node (the daemons file, vtysh.conf, the startup
// frr.conf, the reloader script, the ServiceAccount token), the init container
// first, then the `frr` container's start command, the reloader and the agent
// with its emitted flags, env, user and capabilities, each in the node's
// network namespace at the pod's absolute paths. FRR is 10.3 (the image's
// major version; quay.io/frrouting/frr:10.4.3 itself needs a container engine
// this machine does not have), from the root scripts/tools.sh builds.
//
// Images, as this test maps them:
//   the FRR image    the FRR 10 root, under a layer with /sbin/tini (Debian's
//                    tini) and /usr/lib/frr/docker-start, a stand-in for the
//                    image's start script (see DOCKER_START)
//   the agent image  the FRR 10 root as its base (distroless has Debian 12's
//                    libraries; any glibc base runs node), this machine's node
//                    at /nodejs/bin/node, and dist/ files at /app as the
//                    Dockerfile's agent stage copies them; its ENTRYPOINT is
//                    read from the Dockerfile.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { DAEMONSET_NAME } from '../../src/compile/manifests.ts';
import { AGENT_METRICS_PORT, RELOADER_FILES } from '../../src/api/agent.ts';
import { e2eDescribe, isRoot, missing } from '../lib/e2e.ts';
import { requireBuild, ROOT, run } from '../lib/fixtures.ts';
import { clusterRequirements, startCluster, withClusterLogs, type Cluster } from './lib/apiserver.ts';
import { createFabric, FRR_FLAVOURS, labRequirements, waitFor, type Fabric } from './lib/lab.ts';
import { containerCapabilities, imageLayer, serviceProxy, startPod, type ImageRoot, type PodSpec, type RunningPod } from './lib/pod.ts';

const overlayfs = (): boolean => {
  try {
    return /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  } catch {
    return false;
  }
};
const skip = missing(...clusterRequirements(), ...labRequirements('10.3'), 'curl', ['root', isRoot], ['overlayfs', overlayfs]);

const NS = 'frr-k8s-system';
const NODES = ['node1', 'node2'];
/** The `kubernetes` Service's ClusterIP (in the test API server's certificate). */
const API_SERVICE = { host: '10.96.0.1', port: 443 };

/**
 * Stand-in for the FRR image's /usr/lib/frr/docker-start (written here, not
 * copied): load FRR's init helpers and run watchfrr in the foreground with
 * the daemons the daemons file enables; watchfrr starts them.
 */
const DOCKER_START = `#!/bin/bash
. /usr/lib/frr/frrcommon.sh
/usr/lib/frr/watchfrr $(daemon_list)
`;

const docs = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o && o.kind);
const stream = (objects: KubeObject[]): string => objects.map((o) => stringify(o)).join('---\n');

/** The ENTRYPOINT and the dist/ files of a Dockerfile stage (`FROM … AS name`). */
function dockerfileStage(name: string): { entrypoint: string[]; distFiles: string[] } {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n');
  const start = lines.findIndex((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${name}\\s*$`, 'i').test(l));
  assert.ok(start >= 0, `Dockerfile has a stage ${name}`);
  const end = lines.findIndex((l, i) => i > start && /^FROM\s/i.test(l));
  const stage = lines.slice(start + 1, end < 0 ? undefined : end);
  const entry = stage.find((l) => /^ENTRYPOINT\s/.test(l));
  assert.ok(entry, `stage ${name} has an ENTRYPOINT`);
  const distFiles = stage
    .filter((l) => /^COPY\s+--from=build\s/.test(l))
    .flatMap((l) => l.split(/\s+/).slice(2, -1))
    .filter((p) => p.startsWith('/src/dist/'))
    .map((p) => p.slice('/src/dist/'.length));
  return { entrypoint: JSON.parse(entry.replace(/^ENTRYPOINT\s+/, '')) as string[], distFiles };
}

/** Linux capability numbers, for comparing with /proc/PID/status's CapBnd. */
const CAP_NUMBERS: Record<string, number> = {
  CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7, SETPCAP: 8,
  NET_BIND_SERVICE: 10, NET_BROADCAST: 11, NET_ADMIN: 12, NET_RAW: 13, SYS_CHROOT: 18, SYS_PTRACE: 19, SYS_ADMIN: 21,
  MKNOD: 27, AUDIT_WRITE: 29, SETFCAP: 31,
};
const capabilityMask = (caps: string[]): bigint => caps.reduce((m, c) => m | (1n << BigInt(CAP_NUMBERS[c] ?? -1)), 0n);

interface NodeStateStatus {
  runningConfig?: string;
  lastConversionResult?: string;
  lastReloadResult?: string;
}

e2eDescribe('the emitted DaemonSet run as a kubelet would, on two nodes with FRR 10.3', { skip, concurrency: 1, timeout: 10 * 60_000 }, () => {
  let cluster: Cluster;
  let fabric: Fabric;
  let spec: PodSpec;
  const pods = new Map<string, RunningPod>();
  const proxies: Array<() => Promise<void>> = [];

  const apply = (objects: KubeObject[]) => cluster.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { stdin: stream(objects) });
  const nodeState = async (node: string): Promise<NodeStateStatus | undefined> => {
    const r = await cluster.kubectl(['get', 'frrnodestates.frrk8s.metallb.io', node, '-o', 'json'], { allowFail: true });
    return r.code === 0 ? (JSON.parse(r.stdout) as { status?: NodeStateStatus }).status : undefined;
  };
  const prefixes = async (protocol: string): Promise<string> => (await fabric.birdRoutes(protocol)).map((r) => r.prefix).sort().join(' ');
  const diagnostics = (): string => {
    const parts: string[] = [];
    for (const [node, pod] of pods) {
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) parts.push(`--- ${node}/${c.name} (exit ${pod.exitCode(c.name) ?? '-'})\n${pod.logs(c.name, 25)}`);
    }
    parts.push(fabric?.logs() ?? '');
    return parts.join('\n');
  };
  const expectRoutes = (want: string[], timeoutMs = 90_000) =>
    Promise.all(
      NODES.map((n) =>
        waitFor(`BIRD to hold exactly ${want.join(' ')} from ${n}`, async () => (await prefixes(n)) === [...want].sort().join(' '), {
          timeoutMs,
          describe: async () => `BIRD has from ${n}: ${await prefixes(n).catch((e: Error) => e.message)}\n${diagnostics()}`,
        }),
      ),
    );
  const step = (name: string, fn: () => Promise<void>) => it(name, withClusterLogs(() => cluster, diagnostics)(fn));

  before(async () => {
    const bin = requireBuild();
    [cluster, fabric] = await Promise.all([startCluster(), createFabric(NODES)]);

    // The function's output, as `kubectl apply` gets it (MetalLB's own kinds need MetalLB's CRDs).
    const built = run(bin, ['build', join(ROOT, 'examples', 'seed')]);
    assert.equal(built.status, 0, built.stderr);
    const objects = docs(built.stdout).filter((o) => !o.apiVersion?.startsWith('metallb.io/'));
    await apply(objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition'));
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/frrconfigurations.frrk8s.metallb.io', 'crd/frrnodestates.frrk8s.metallb.io', 'crd/bgpsessionstates.frrk8s.metallb.io']);
    await apply(objects);
    // What a cluster has without this project: its Nodes (no kubelet here)
    // and the CA bundle kube-controller-manager publishes in every namespace.
    await apply(NODES.map((name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } } })));
    await apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: NS }, data: { 'ca.crt': readFileSync(cluster.caFile, 'utf8') } } as KubeObject]);

    // The kubelet's view: the DaemonSet's pod template and the ConfigMaps, from the API server.
    const ds = JSON.parse((await cluster.kubectl(['get', 'daemonset', DAEMONSET_NAME, '-n', NS, '-o', 'json'])).stdout) as { spec: { template: { spec: PodSpec } } };
    spec = ds.spec.template.spec;
    const cms = JSON.parse((await cluster.kubectl(['get', 'configmaps', '-n', NS, '-o', 'json'])).stdout) as { items: Array<{ metadata: { name: string }; data?: Record<string, string> }> };
    const configMaps = Object.fromEntries(cms.items.map((c) => [c.metadata.name, c.data ?? {}]));

    await fabric.configureBird({ peers: fabric.nodes.map((n) => ({ name: n.name, neighbor: n.v4, localAS: 65000, peerAS: 65001 })) });

    // The images.
    const frrRoot = FRR_FLAVOURS['10.3'].root;
    const frrImage: ImageRoot = {
      layers: [imageLayer(join(fabric.dir, 'images', 'frr'), { 'usr/lib/frr/docker-start': [DOCKER_START, 0o755] }, { 'usr/sbin/tini': '/usr/bin/tini' }), frrRoot],
    };
    const agentStage = dockerfileStage('agent');
    const agentFiles = Object.fromEntries(agentStage.distFiles.map((f) => [`app/${f}`, [readFileSync(join(ROOT, 'dist', f)), 0o755] as [Buffer, number]]));
    const agentImage: ImageRoot = {
      layers: [imageLayer(join(fabric.dir, 'images', 'agent'), agentFiles), frrRoot],
      entrypoint: agentStage.entrypoint,
      binds: { '/nodejs/bin/node': process.execPath },
    };
    const images = (image: string): ImageRoot => {
      const all = [...(spec.initContainers ?? []), ...spec.containers];
      if (image === all.find((c) => c.name === 'frr')?.image) return frrImage;
      if (image === all.find((c) => c.name === 'agent')?.image) return agentImage;
      throw new Error(`no stand-in for image ${image}`);
    };

    const apiPort = Number(new URL(cluster.server).port);
    for (const n of fabric.nodes) {
      const dir = join(fabric.dir, n.name);
      mkdirSync(dir);
      proxies.push(await serviceProxy(n.netns, API_SERVICE.host, apiPort, dir));
      pods.set(
        n.name,
        await startPod({
          node: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux' }, netns: n.netns, ip: n.v4, dir },
          namespace: NS,
          podName: `${DAEMONSET_NAME}-${n.name}`,
          spec,
          configMaps,
          images,
          token: (sa, seconds) => cluster.tokenFor(NS, sa, { duration: `${seconds}s` }),
          apiService: API_SERVICE,
        }),
      );
    }
  });

  after(async () => {
    for (const pod of pods.values()) await pod.stop().catch(() => undefined);
    for (const stop of proxies) await stop().catch(() => undefined);
    await fabric?.close();
    await cluster?.stop();
  }, { timeout: 120_000 });

  step('FRR starts from the emitted files: the startup probe passes, watchfrr runs the daemons with the daemons file\'s options', async () => {
    for (const [node, pod] of pods) {
      await waitFor(`${node}: the frr container's startup probe`, () => pod.probe('frr', 'startupProbe'), { timeoutMs: 60_000, intervalMs: 500, describe: async () => diagnostics() });
      const ps = (await pod.exec('frr', ['sh', '-c', 'for p in /proc/[0-9]*; do tr "\\0" " " <"$p/cmdline"; echo; done'])).stdout.split('\n');
      const daemon = (d: string) => ps.find((l) => l.startsWith(`/usr/lib/frr/${d} `));
      for (const d of ['watchfrr', 'mgmtd', 'zebra', 'bgpd', 'staticd', 'bfdd']) assert.ok(daemon(d), `${node}: ${d} runs:\n${ps.join('\n')}`);
      assert.match(daemon('zebra')!, / -K 120 /, 'zebra keeps kernel routes over a restart');
      assert.match(daemon('bgpd')!, / -p 0 /, 'bgpd listens on no BGP port');
      assert.match(daemon('mgmtd')!, / -A 127\.0\.0\.1 /);
    }
  });

  step('on the host network, FRR listens on the loopback only and not on port 179; the agent serves /metrics, and only that, on the node address', async () => {
    for (const n of fabric.nodes) {
      const listening = (await fabric.exec(n.name, 'ss', ['-ltnH'])).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/)[3]);
      assert.ok(listening.length > 0);
      const metrics = `${n.v4}:${AGENT_METRICS_PORT}`;
      for (const addr of listening) assert.ok(/^(127\.0\.0\.1|10\.96\.0\.1):\d+$/.test(addr) || addr === metrics, `${n.name} listens on ${addr}: ${listening.join(' ')}`);
      assert.ok(listening.includes(metrics), `${n.name}: the metrics port`);
      assert.ok(!listening.some((a) => a.endsWith(':179')), `${n.name}: nothing on port 179`);
      // From the router's side of the network, as Prometheus would scrape it.
      const get = async (path: string) => (await fabric.exec('tor', 'curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${metrics}${path}`])).stdout;
      assert.equal(await get('/metrics'), '200');
      for (const path of ['/status', '/healthz', '/readyz']) assert.equal(await get(path), '404', path);
    }
  });

  step('BIRD receives the seed\'s prefixes from both nodes; each node\'s FRRNodeState reports success', async () => {
    await expectRoutes(['10.200.0.0/24', '10.201.0.0/24']);
    for (const node of NODES) {
      const status = await waitFor(`FRRNodeState ${node} to report success`, async () => {
        const s = await nodeState(node);
        return s?.lastReloadResult === 'success' && s.lastConversionResult === 'success' ? s : undefined;
      }, { timeoutMs: 30_000, describe: async () => JSON.stringify(await nodeState(node)) });
      assert.match(status.runningConfig!, /network 10\.201\.0\.0\/24/);
    }
  });

  step('the probes pass; the reloader watches every daemon FRR 10 runs', async () => {
    for (const [node, pod] of pods) {
      for (const [c, p] of [['frr', 'livenessProbe'], ['reloader', 'livenessProbe'], ['agent', 'livenessProbe'], ['agent', 'readinessProbe']] as const) {
        assert.ok(await pod.probe(c, p), `${node}: ${c} ${p}`);
      }
      const watched = readFileSync(join(pod.volumeDir('reloader'), RELOADER_FILES.daemons), 'utf8').trim().split(' ').map((w) => w.split(':')[0]);
      assert.deepEqual(watched.sort(), ['bfdd', 'bgpd', 'mgmtd', 'staticd', 'zebra']);
    }
  });

  step('each container runs its own command line with its securityContext', async () => {
    for (const [node, pod] of pods) {
      for (const c of spec.containers) {
        const pid = pod.mainPid(c.name);
        assert.ok(pid, `${node}/${c.name} runs`);
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const field = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(status)?.[1].split(/\s+/) ?? [];
        const sc = c.securityContext ?? {};
        assert.equal(field('Uid')[0], String(sc.runAsUser ?? 0), `${node}/${c.name} user`);
        assert.equal(field('Gid')[0], String(sc.runAsGroup ?? sc.runAsUser ?? 0), `${node}/${c.name} group`);
        assert.equal(BigInt(`0x${field('CapBnd')[0]}`), capabilityMask(containerCapabilities(sc)), `${node}/${c.name} capabilities`);
        if (sc.allowPrivilegeEscalation === false) assert.equal(field('NoNewPrivs')[0], '1', `${node}/${c.name} no_new_privs`);
        // The pod's command line, with $(NODE_NAME), $(NAMESPACE) and $(POD_IP) expanded.
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
        const ip = fabric.nodes.find((n) => n.name === node)!.v4;
        const want = [...(c.command ?? dockerfileStage('agent').entrypoint), ...(c.args ?? [])].map((a) => a.replace('$(NODE_NAME)', node).replace('$(NAMESPACE)', NS).replace('$(POD_IP)', ip));
        assert.deepEqual(argv, want, `${node}/${c.name} command line`);
        // A read-only root: nothing outside the volumes can be written.
        if (sc.readOnlyRootFilesystem && c.name !== 'agent') {
          const r = await pod.exec(c.name, ['sh', '-c', 'touch /probe-write 2>&1']);
          assert.match(r.stdout + r.stderr, /Read-only file system/, `${node}/${c.name} root is read-only`);
        }
      }
    }
  });

  step('a change to an FRRConfiguration reaches both nodes', async () => {
    await apply([
      {
        apiVersion: 'frrk8s.metallb.io/v1beta1',
        kind: 'FRRConfiguration',
        metadata: { name: 'custom-config', namespace: NS },
        spec: { bgp: { routers: [{ asn: 65001, prefixes: ['10.202.0.0/24'], neighbors: [{ address: '10.0.0.1', asn: 65000, toAdvertise: { allowed: { prefixes: ['10.202.0.0/24'] } } }] }] } },
      },
    ]);
    await expectRoutes(['10.200.0.0/24', '10.202.0.0/24']);
  });

  step('the pods stop on SIGTERM; the agent exits cleanly', async () => {
    for (const node of NODES) {
      const pod = pods.get(node)!;
      pods.delete(node);
      const codes = await pod.stop();
      assert.equal(codes.agent, 0, `${node}: the agent's exit code\n${pod.logs('agent')}`);
      assert.match(pod.logs('agent'), /"msg":"stopped"/);
    }
  });
});
