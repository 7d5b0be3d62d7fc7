// The node agent with real parts: a kube-apiserver + etcd (lib/apiserver.ts)
// holding the seed's output, the FRR + BIRD lab (lib/lab.ts) as node1 and its
// top-of-rack router, the reloader script running inside the node's network
// namespace against the lab's FRR (with that FRR's own frr-reload.py and
// vtysh), and the agent as a local process (`dist/metallb-frr agent`) under
// the ServiceAccount's own token, so the emitted RBAC is what it runs with.
// The whole scenario runs once per FRR version of the lab (8.4 and 10.3),
// both at once, each with its own control plane and lab.
//
// One scenario, in order (each step polls with a timeout; the only fixed wait
// is the required 30 s API server outage):
//   1. BIRD receives 10.200.0.0/24 (generated) and 10.201.0.0/24 (custom-config);
//      FRRNodeState node1 reports success and the running config
//   2. editing custom-config changes the routes
//   3. a conflicting FRRConfiguration leaves FRR unchanged, FRRNodeState shows
//      the error; removing it recovers
//   4. a password from a Secret reaches FRR, and not the status, Events,
//      metrics or logs
//   5. the API server stopped for 30 s: routes stay; after it returns the
//      agent resyncs (a change made then reaches BIRD)
//   6. FRR's daemons restarted with an empty configuration: the agent notices
//      and applies the configuration again
//   7. BIRD with BFD and routes of its own, a BFD profile on the neighbour:
//      BGPSessionState Established with bfdStatus Up, frrk8s_bgp_session_up
//      and frrk8s_bfd_session_up 1, announced/received prefix counts equal
//      to FRR's (vtysh) and BIRD's own counts
//   8. BIRD frozen (SIGSTOP): the session leaves Established within the hold
//      time (BFD takes it down), BGPSessionState and both metrics follow;
//      BIRD back: Established again
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../src/api/k8s.ts';
import { AGENT_NAME, RELOADER_FILES } from '../../src/api/agent.ts';
import { RELOADER_SCRIPT } from '../../src/compile/manifests-reloader.ts';
import { e2eDescribe, isRoot, missing } from '../lib/e2e.ts';
import { requireBuild, ROOT, run, tempDir } from '../lib/fixtures.ts';
import { clusterRequirements, startCluster, type Cluster } from './lib/apiserver.ts';
import { createLab, FRR_VERSIONS, holds, labRequirements, NODE_V4, waitFor, type FRRDaemon, type FRRVersion, type Lab } from './lib/lab.ts';
import { freePort, launch, stop, tail } from './lib/process.ts';

const NS = 'frr-k8s-system';
const NODE = 'node1';
const BIRD_PROTOCOL = 'node1';
/** The spare neighbour's password: it must reach FRR and appear nowhere else. */
const SECRET_VALUE = 'e2e-Secr3t-value';

const docs = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o && o.kind);
const stream = (objects: KubeObject[]): string => objects.map((o) => stringify(o)).join('---\n');

/** The seed's hand-written FRRConfiguration, announcing `prefix` instead. */
function customConfig(prefix: string): KubeObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'custom-config', namespace: NS },
    spec: { bgp: { routers: [{ asn: 65001, prefixes: [prefix], neighbors: [{ address: '10.0.0.1', asn: 65000, toAdvertise: { allowed: { prefixes: [prefix] } } }] }] } },
  };
}

/** Test tuning through the API, as a user would add it: policy changes reach the peer after 1 s, not 5 s. */
const LAB_TUNING: KubeObject = {
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'lab-tuning', namespace: NS },
  spec: { raw: { priority: 10, rawConfig: 'bgp route-map delay-timer 1\n' } },
};

/** Disagrees with the generated one about the ToR's ASN: merging must fail. */
const CONFLICT: KubeObject = {
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'conflicting', namespace: NS },
  spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65099 }] }] } },
};

interface SessionStatus {
  node: string;
  peer: string;
  vrf: string;
  bgpStatus: string;
  bfdStatus: string;
}

/** The ToR as the node peers with it. */
const TOR = '10.0.0.1';
/** Routes BIRD sends the node in steps 7 and 8. */
const BIRD_ROUTES = ['10.99.0.0/24', '10.99.1.0/24', '10.99.2.0/24'];

/** A BFD profile on the ToR neighbour, and every route it sends accepted, as a user would add them. */
const BFD_AND_RECEIVE: KubeObject = {
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'bfd-and-receive', namespace: NS },
  spec: {
    bgp: {
      bfdProfiles: [{ name: 'fast', receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3 }],
      routers: [{ asn: 65001, neighbors: [{ address: TOR, asn: 65000, bfdProfile: 'fast', toReceive: { allowed: { mode: 'all' } } }] }],
    },
  },
};

interface NodeStateStatus {
  runningConfig?: string;
  lastConversionResult?: string;
  lastReloadResult?: string;
}

/** The scenario against one FRR version. */
const scenario = (version: FRRVersion) => () => {
  let cluster: Cluster;
  let lab: Lab;
  let work: { dir: string; cleanup: () => void };
  let reloader: ChildProcess | undefined;
  let agent: ChildProcess | undefined;
  let agentLog: string;
  let reloaderLog: string;
  let reloaderDir: string;
  let agentPort: number;
  const t0 = Date.now();
  const timings: string[] = [];
  const mark = (what: string, since: number) => {
    timings.push(`${what}: ${((Date.now() - since) / 1000).toFixed(1)} s`);
  };

  const apply = (objects: KubeObject[]) => cluster.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { stdin: stream(objects) });
  const nodeState = async (): Promise<NodeStateStatus | undefined> => {
    const r = await cluster.kubectl(['get', 'frrnodestates.frrk8s.metallb.io', NODE, '-o', 'json'], { allowFail: true });
    return r.code === 0 ? (JSON.parse(r.stdout) as { status?: NodeStateStatus }).status : undefined;
  };
  const prefixes = async (): Promise<string> => (await lab.birdRoutes(BIRD_PROTOCOL)).map((r) => r.prefix).sort().join(' ');
  const expectRoutes = (want: string[], timeoutMs = 90_000) =>
    waitFor(`BIRD to hold exactly ${want.join(' ')}`, async () => (await prefixes()) === [...want].sort().join(' '), {
      timeoutMs,
      describe: async () => `BIRD has: ${await prefixes().catch((e: Error) => e.message)}\n${diagnostics()}`,
    });
  const diagnostics = () =>
    [`--- agent log (last lines; exit ${agent?.exitCode ?? agent?.signalCode ?? 'none'})`, tail(agentLog, 30), `--- reloader log (last lines)`, tail(reloaderLog, 15), lab?.logs() ?? ''].join('\n');
  /** A series of the agent's /metrics, by name and labels (any order); NaN when absent. */
  const series = async (name: string, labels: Record<string, string>): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${agentPort}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line ? Number(line.split(' ').pop()) : NaN;
  };
  /** node1's BGPSessionState for the ToR (peer 10.0.0.1, the default VRF). */
  const torSession = async (): Promise<SessionStatus | undefined> => {
    const list = JSON.parse((await cluster.kubectl(['get', 'bgpsessionstates.frrk8s.metallb.io', '-n', NS, '-l', `frrk8s.metallb.io/node=${NODE}`, '-o', 'json'])).stdout) as { items: Array<{ status?: SessionStatus }> };
    return list.items.map((o) => o.status).find((st) => st?.peer === TOR && st.vrf === '');
  };
  const torLabels = { peer: TOR, vrf: 'default' };
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${agentPort}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line ? Number(line.split(' ').pop()) : NaN;
  };
  const step = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      const started = Date.now();
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`${diagnostics()}\n`);
        cluster?.printLogs(20);
        throw e;
      } finally {
        mark(name, started);
      }
    });

  before(async () => {
    const bin = requireBuild();
    work = tempDir('agent');
    agentLog = join(work.dir, 'agent.log');
    reloaderLog = join(work.dir, 'reloader.log');
    reloaderDir = join(work.dir, 'reloader');
    mkdirSync(reloaderDir);

    let started = Date.now();
    [cluster, lab] = await Promise.all([startCluster(), createLab({ frr: version })]);
    mark('cluster and lab up', started);

    // The seed's output as `kubectl apply` would get it: CRDs and the
    // namespace first, then the rest (MetalLB's own resources need MetalLB's
    // CRDs and play no part here).
    started = Date.now();
    const built = run(bin, ['build', join(ROOT, 'examples', 'seed')]);
    assert.equal(built.status, 0, built.stderr);
    const objects = docs(built.stdout).filter((o) => !o.apiVersion?.startsWith('metallb.io/'));
    await apply(objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition'));
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/frrconfigurations.frrk8s.metallb.io', 'crd/frrnodestates.frrk8s.metallb.io', 'crd/bgpsessionstates.frrk8s.metallb.io']);
    await apply([...objects, LAB_TUNING]);
    // No kubelet here: the Node object is made by hand.
    await apply([{ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux' } } }]);
    const token = await cluster.tokenFor(NS, AGENT_NAME, { duration: '2h' });
    const kubeconfig = cluster.kubeconfigFor(token, AGENT_NAME);
    mark('seed applied', started);

    await lab.configureBird({ peers: [{ name: BIRD_PROTOCOL, neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });

    // The reloader, as in the pod but pointed at the lab's FRR. It watches
    // the daemons it picks by itself (with FRR 10's mgmtd), as in the pod.
    const script = join(work.dir, 'reloader.sh');
    writeFileSync(script, RELOADER_SCRIPT, { mode: 0o755 });
    const [cmd, args] = lab.nodeCommand('sh', [script]);
    reloader = launch(cmd, args, reloaderLog, {
      RELOADER_DIR: reloaderDir,
      FRR_CONFDIR: lab.frrDir,
      FRR_RUNDIR: lab.frrDir,
      FRR_VTY_SOCKET: lab.frrDir,
      FRR_PIDDIR: lab.frrDir,
    });

    agentPort = await freePort();
    agent = launch(
      process.execPath,
      [
        bin,
        'agent',
        `--kubeconfig=${kubeconfig}`,
        `--node-name=${NODE}`,
        `--namespace=${NS}`,
        `--reloader-dir=${reloaderDir}`,
        `--listen=127.0.0.1:${agentPort}`,
        '--frr-check-interval=500ms',
        '--reload-timeout=30s',
        // BGPSessionStates follow FRR within a second here (10 s by default).
        '--session-poll-interval=1s',
        '--log-level=debug',
      ],
      agentLog,
    );
  });

  after(async () => {
    await stop(agent);
    await stop(reloader);
    await lab?.close();
    await cluster?.stop();
    if (agentLog) assertNoSecretsIn(readFileSync(agentLog, 'utf8'));
    if (reloaderLog) assertNoSecretsIn(readFileSync(reloaderLog, 'utf8'));
    work?.cleanup();
    timings.push(`total: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.stderr.write(`agent e2e timings:\n  ${timings.join('\n  ')}\n`);
  });

  step('BIRD receives both prefixes; FRRNodeState reports success and the running config', async () => {
    await waitFor('the agent to be ready', async () => (await fetch(`http://127.0.0.1:${agentPort}/readyz`).catch(() => undefined))?.status === 200, { timeoutMs: 60_000, describe: async () => diagnostics() });
    await expectRoutes(['10.200.0.0/24', '10.201.0.0/24']);
    const status = await waitFor('FRRNodeState node1 to report success', async () => {
      const s = await nodeState();
      return s?.lastReloadResult === 'success' && s.lastConversionResult === 'success' && s.runningConfig?.includes('10.201.0.0/24') ? s : undefined;
    }, { timeoutMs: 30_000, describe: async () => JSON.stringify(await nodeState()) });
    assert.match(status.runningConfig!, /^router bgp 65001$/m);
    assert.match(status.runningConfig!, /bgp route-map delay-timer 1/);
    assert.ok((await metric('metallb_frr_agent_reloads_total{result="success"}')) >= 1);
    assert.equal(await metric('metallb_frr_agent_configurations_selected'), 3);
    assert.equal(await metric('metallb_frr_agent_in_sync'), 1);
    // The reloader watches every daemon this FRR runs (FRR 10: mgmtd too), each with its live pid.
    const watched = readFileSync(join(reloaderDir, RELOADER_FILES.daemons), 'utf8').trim().split(' ').map((w) => w.split(':'));
    assert.deepEqual(watched.map(([d]) => d).sort(), [...lab.frr.daemons].sort());
    for (const [d, pid] of watched) assert.equal(Number(pid), lab.daemonPid(d as FRRDaemon), d);
  });

  step('editing the custom FRRConfiguration changes the routes', async () => {
    await apply([customConfig('10.202.0.0/24')]);
    await expectRoutes(['10.200.0.0/24', '10.202.0.0/24']);
  });

  step('a conflicting FRRConfiguration leaves FRR unchanged and FRRNodeState shows the error; removing it recovers', async () => {
    // The previous edit is done once the agent has its answer (BIRD may see it a little earlier).
    await waitFor('the agent to report the edit', async () => (await nodeState())?.runningConfig?.includes('10.202.0.0/24') === true, { timeoutMs: 30_000 });
    const before = await lab.vtysh('show running-config');
    const reloads = await metric('metallb_frr_agent_reloads_total{result="success"}');
    await apply([CONFLICT]);
    const status = await waitFor('FRRNodeState to show the conversion error', async () => {
      const s = await nodeState();
      return s?.lastConversionResult?.startsWith('error:') ? s : undefined;
    }, { timeoutMs: 30_000, describe: async () => JSON.stringify(await nodeState()) });
    assert.match(status.lastConversionResult!, /conflicting/);
    assert.match(status.lastConversionResult!, /65099/);
    assert.match(status.runningConfig!, /10\.202\.0\.0\/24/, 'the running config is still the last good one');
    await holds('routes unchanged', async () => (await prefixes()) === '10.200.0.0/24 10.202.0.0/24', 3000);
    assert.equal(stripVolatile(await lab.vtysh('show running-config')), stripVolatile(before), 'FRR is untouched');
    assert.equal(await metric('metallb_frr_agent_reloads_total{result="success"}'), reloads, 'no reload was attempted');
    assert.equal(await metric('metallb_frr_agent_in_sync'), 0);

    await cluster.kubectl(['delete', 'frrconfigurations.frrk8s.metallb.io', 'conflicting', '-n', NS]);
    await waitFor('FRRNodeState to report success again', async () => (await nodeState())?.lastConversionResult === 'success', { timeoutMs: 30_000 });
    await expectRoutes(['10.200.0.0/24', '10.202.0.0/24'], 10_000);
    assert.equal(await metric('metallb_frr_agent_in_sync'), 1);
    const events = (await cluster.kubectl(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.kind=Node,involvedObject.name=${NODE}`, '-o', 'json'])).stdout;
    const reasons = (JSON.parse(events) as { items: Array<{ reason: string }> }).items.map((e) => e.reason);
    for (const r of ['ConfigReloaded', 'ConversionFailed', 'ConversionSucceeded']) assert.ok(reasons.includes(r), `Event ${r} in ${reasons.join(', ')}`);
  });

  step('a password from a Secret reaches FRR and nothing else', async () => {
    await apply([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'spare-peer', namespace: NS }, type: 'kubernetes.io/basic-auth', stringData: { password: SECRET_VALUE } } as KubeObject,
      {
        apiVersion: 'frrk8s.metallb.io/v1beta1',
        kind: 'FRRConfiguration',
        metadata: { name: 'spare-peer', namespace: NS },
        spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.3', asn: 65003, passwordSecret: { name: 'spare-peer', namespace: NS } }] }] } },
      },
    ]);
    await waitFor('FRR to have the password', async () => (await lab.vtysh('show running-config')).includes(`neighbor 10.0.0.3 password ${SECRET_VALUE}`), { timeoutMs: 30_000, describe: async () => diagnostics() });
    const status = await waitFor('FRRNodeState to show the neighbour', async () => {
      const s = await nodeState();
      return s?.runningConfig?.includes('neighbor 10.0.0.3 password <redacted>') ? s : undefined;
    }, { timeoutMs: 30_000 });
    assert.ok(!JSON.stringify(status).includes(SECRET_VALUE));
    const events = (await cluster.kubectl(['get', 'events', '-n', 'default', '-o', 'json'])).stdout;
    assert.ok(!events.includes(SECRET_VALUE), 'no Secret value in Events');
    const metrics = await (await fetch(`http://127.0.0.1:${agentPort}/metrics`)).text();
    assert.ok(!metrics.includes(SECRET_VALUE), 'no Secret value in metrics');
    assert.ok(!readFileSync(agentLog, 'utf8').includes(SECRET_VALUE), 'no Secret value in the agent log');
    await expectRoutes(['10.200.0.0/24', '10.202.0.0/24'], 10_000);
  });

  step('the API server away for 30 s: routes stay; the agent resyncs when it returns', async () => {
    // SIGKILL: no graceful goodbye, watches drop mid-stream (and no 15 s drain).
    await cluster.stopApiserver({ kill: true });
    const down = Date.now();
    await holds('routes in place while the API server is away', async () => (await prefixes()) === '10.200.0.0/24 10.202.0.0/24', 30_000, 1000);
    assert.equal((await fetch(`http://127.0.0.1:${agentPort}/healthz`)).status, 200);
    await cluster.startApiserver();
    mark('API server away', down);
    const back = Date.now();
    await apply([customConfig('10.201.0.0/24')]);
    await expectRoutes(['10.200.0.0/24', '10.201.0.0/24'], 60_000);
    mark('resync: API server back → change at BIRD', back);
    const statusBack = Date.now();
    await waitFor('FRRNodeState to follow', async () => (await nodeState())?.runningConfig?.includes('10.201.0.0/24') === true, { timeoutMs: 30_000 });
    mark('resync: FRRNodeState written after the change reached BIRD', statusBack);
    const retries = readFileSync(agentLog, 'utf8').split('\n').filter((l) => l.includes('cannot write FRRNodeState status'));
    if (retries.length) process.stderr.write(`status writes retried ${retries.length} times, e.g.:\n${retries.slice(-3).join('\n')}\n`);
  });

  step('FRR restarted with an empty configuration gets the configuration again', async () => {
    const restarts = await metric('metallb_frr_agent_frr_restarts_total');
    const bgpdBefore = lab.daemonPid('bgpd');
    await lab.restartFRR();
    const restarted = Date.now();
    assert.notEqual(lab.daemonPid('bgpd'), bgpdBefore);
    // BIRD keeps the routes as stale during a graceful restart, so they are
    // no proof: FRR itself must have the configuration and a new session.
    await waitFor('the agent to notice the restart', async () => (await metric('metallb_frr_agent_frr_restarts_total')) === restarts + 1, { timeoutMs: 30_000, describe: async () => diagnostics() });
    await waitFor('FRR to run the configuration again', async () => /network 10\.201\.0\.0\/24/.test(await lab.vtysh('show running-config')), { timeoutMs: 60_000, describe: async () => diagnostics() });
    await waitFor('a new BGP session', async () => (await lab.frrNeighborState('10.0.0.1')) === 'Established', { timeoutMs: 90_000, describe: async () => diagnostics() });
    await expectRoutes(['10.200.0.0/24', '10.201.0.0/24'], 60_000);
    mark('FRR restart → configuration back and session up', restarted);
    const events = (await cluster.kubectl(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${NODE},reason=FRRRestarted`, '-o', 'name'])).stdout.trim();
    assert.notEqual(events, '', 'an FRRRestarted Event');
  });

  step('BFD and routes from BIRD: BGPSessionState Established with BFD Up, the frrk8s metrics 1, prefix counts as FRR and BIRD count them', async () => {
    await lab.configureBird({ staticV4: BIRD_ROUTES, peers: [{ name: BIRD_PROTOCOL, neighbor: NODE_V4, localAS: 65000, peerAS: 65001, bfd: true, exportStatic: true }] });
    await apply([BFD_AND_RECEIVE]);
    const started = Date.now();
    const session = await waitFor('BGPSessionState Established with BFD Up', async () => {
      const st = await torSession();
      return st?.bgpStatus === 'Established' && st.bfdStatus === 'Up' ? st : undefined;
    }, { timeoutMs: 90_000, describe: async () => `${JSON.stringify(await torSession())}\n${await lab.vtysh('show bgp summary', 'show bfd peers')}\n${diagnostics()}` });
    mark('BFD profile applied → BGPSessionState Established, BFD Up', started);
    assert.deepEqual(session, { node: NODE, peer: TOR, vrf: '', bgpStatus: 'Established', bfdStatus: 'Up' });
    await waitFor('FRR to accept BIRD\'s routes', async () => {
      const n = (await lab.vtyshJSON<Record<string, { addressFamilyInfo?: Record<string, { acceptedPrefixCounter?: number }> }>>(`show bgp neighbors ${TOR} json`))[TOR];
      return n?.addressFamilyInfo?.ipv4Unicast?.acceptedPrefixCounter === BIRD_ROUTES.length;
    }, { timeoutMs: 60_000, describe: async () => lab.vtysh('show bgp ipv4 unicast') });
    await waitFor('frrk8s_bgp_session_up and frrk8s_bfd_session_up 1', async () => (await series('frrk8s_bgp_session_up', torLabels)) === 1 && (await series('frrk8s_bfd_session_up', torLabels)) === 1, { timeoutMs: 10_000 });

    // The counts, three ways: the metrics, FRR's own (vtysh), BIRD's.
    const frr = (await lab.vtyshJSON<Record<string, { addressFamilyInfo: Record<string, { sentPrefixCounter?: number; acceptedPrefixCounter?: number }> }>>(`show bgp neighbors ${TOR} json`))[TOR];
    const frrSent = Object.values(frr.addressFamilyInfo).reduce((a, af) => a + (af.sentPrefixCounter ?? 0), 0);
    const frrAccepted = Object.values(frr.addressFamilyInfo).reduce((a, af) => a + (af.acceptedPrefixCounter ?? 0), 0);
    const bird = await lab.birdc('show', 'protocols', 'all', BIRD_PROTOCOL);
    const routes = /Routes:\s+(\d+) imported, (\d+) exported/.exec(bird);
    assert.ok(routes, bird);
    const [birdImported, birdExported] = [Number(routes[1]), Number(routes[2])];
    assert.equal(birdImported, (await lab.birdRoutes(BIRD_PROTOCOL)).length);
    assert.deepEqual([frrSent, frrAccepted], [birdImported, birdExported], 'FRR sends what BIRD imports, and accepts what BIRD exports');
    assert.deepEqual([birdImported, birdExported], [2, BIRD_ROUTES.length]);
    // A scrape may serve FRR's state read up to a second before (frrstate.ts' maxAgeMs).
    const counts = async () => [await series('frrk8s_bgp_announced_prefixes_total', torLabels), await series('frrk8s_bgp_received_prefixes_total', torLabels)];
    await waitFor('the metrics to count what FRR counts', async () => JSON.stringify(await counts()) === JSON.stringify([frrSent, frrAccepted]), { timeoutMs: 30_000, describe: async () => `metrics: ${JSON.stringify(await counts())}, FRR: ${JSON.stringify([frrSent, frrAccepted])}` });
  });

  step('BIRD frozen: the session leaves Established within the hold time; BGPSessionState and the metrics follow; BIRD back: Established again', async () => {
    const holdMs = (await lab.vtyshJSON<Record<string, { bgpTimerHoldTimeMsecs: number }>>(`show bgp neighbors ${TOR} json`))[TOR].bgpTimerHoldTimeMsecs;
    assert.ok(holdMs > 0);
    const birdPid = Number(readFileSync(join(lab.birdDir, 'bird.pid'), 'utf8').trim());
    process.kill(birdPid, 'SIGSTOP');
    const frozen = Date.now();
    try {
      const st = await waitFor('BGPSessionState to leave Established', async () => {
        const s = await torSession();
        return s && s.bgpStatus !== 'Established' ? s : undefined;
      }, { timeoutMs: holdMs, intervalMs: 200, describe: async () => `${JSON.stringify(await torSession())}\n${await lab.vtysh('show bgp summary', 'show bfd peers')}` });
      const left = Date.now() - frozen;
      mark(`BIRD frozen → BGPSessionState ${st.bgpStatus} (hold time ${holdMs / 1000} s)`, frozen);
      assert.ok(left < holdMs, `left Established after ${left} ms, hold time ${holdMs} ms`);
      assert.notEqual(st.bfdStatus, 'Up');
      await waitFor('frrk8s_bgp_session_up and frrk8s_bfd_session_up 0', async () => (await series('frrk8s_bgp_session_up', torLabels)) === 0 && (await series('frrk8s_bfd_session_up', torLabels)) === 0, { timeoutMs: 5000 });
      assert.ok(Date.now() - frozen < holdMs, 'the metrics dropped within the hold time');
    } finally {
      process.kill(birdPid, 'SIGCONT');
    }
    await waitFor('BGPSessionState Established again', async () => (await torSession())?.bgpStatus === 'Established', { timeoutMs: 90_000 });
    await waitFor('frrk8s_bgp_session_up 1 again', async () => (await series('frrk8s_bgp_session_up', torLabels)) === 1, { timeoutMs: 30_000 });
  });

  step('SIGTERM stops the agent cleanly', async () => {
    const code = await stop(agent);
    agent = undefined;
    assert.equal(code, 0);
    assert.match(readFileSync(agentLog, 'utf8'), /"msg":"stopped"/);
  });
};

describe('node agent: apiserver + FRR + BIRD', { concurrency: true, timeout: 15 * 60_000 }, () => {
  for (const version of FRR_VERSIONS) {
    // The steps in order (a suite's concurrency is inherited otherwise).
    e2eDescribe(`FRR ${version}`, { concurrency: 1, skip: missing(...clusterRequirements(), ...labRequirements(version), ['root', isRoot]) }, scenario(version));
  }
});

// ---------------------------------------------------------------- helpers ---

/** Lines of the running config that change by themselves (uptime, version). */
function stripVolatile(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(Building configuration|Current configuration|frr version)/.test(l))
    .join('\n');
}

function assertNoSecretsIn(text: string): void {
  assert.ok(!text.includes(SECRET_VALUE), 'no Secret value in the logs');
  assert.doesNotMatch(text, /password (?!<redacted>)\S+/, 'no password in the logs');
}

