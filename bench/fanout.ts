// Watch fan-out against a real kube-apiserver (test/e2e/lib/apiserver.ts):
// N simulated node agents in this one process, N per-node FRRConfigurations
// (labelled metallb-frr.dev/node=<node>, as the function emits them) and one
// hand-written (unlabelled) one, then one change to every node's
// configuration (N merge patches). Counted: the watch events the API server
// delivers to all agents, its CPU time (user + system, /proc/<pid>/stat) and
// resident memory (VmRSS) over the change, and the time from the first patch
// to the last event (or to 3 s without any).
//
//   label-filtered   each agent watches as src/agent/kube.ts does: two
//                    streams the API server filters, its own configuration
//                    (metallb-frr.dev/node=<node>) and those for no single
//                    node (!metallb-frr.dev/node): N events for N changes.
//   unfiltered       each agent watches the whole namespace, as frr-k8s
//                    does: every agent gets every change, N² events; the
//                    API server may also close watchers that fall behind
//                    (counted).
//
// Sizes: BENCH_FANOUT_NODES (default 250,500,1000). Watches are opened at
// most 50 at a time (one TLS connection each, HTTP/1.1, as the agent's
// client); events are counted by their lines, not parsed.
import { readFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { NODE_CONFIG_LABEL } from '../src/api/agent.ts';
import { compileManifests } from '../src/compile/manifests.ts';
import { manifestsDefaults } from '../src/compile/options.ts';
import { clusterRequirements, startCluster, type Cluster } from '../test/e2e/lib/apiserver.ts';
import type { Measurement } from './types.ts';

const SIZES = (process.env.BENCH_FANOUT_NODES ?? '250,500,1000').split(',').map(Number).filter((n) => n > 0);
const OPEN_AT_ONCE = 50;
const QUIET_MS = 3000;
const TIMEOUT_MS = 180_000;

interface Watch {
  events: number;
  closed: boolean;
  req: ClientRequest;
}

interface Run {
  nodes: number;
  mode: 'label-filtered' | 'unfiltered';
  watches: number;
  expected: number;
  delivered: number;
  /** Watches the API server ended before the test closed them. */
  closedByServer: number;
  ms: number;
  cpuMs: number;
  rssMiB: number;
}

const config = (ns: string, name: string, labels?: Record<string, string>) => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
  spec: { bgp: { routers: [{ asn: 64512, prefixes: ['10.0.0.0/24'], neighbors: [{ address: '172.16.0.1', asn: 65000, toAdvertise: { allowed: { prefixes: ['10.0.0.0/24'] } } }] }] } },
});

/** utime + stime (ms) and VmRSS (MiB) of a process. */
function usage(pid: number): { cpuMs: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  return { cpuMs: (ticks * 1000) / 100, rssMiB: rss };
}

function call(cluster: Cluster, ca: Buffer, agent: Agent, method: string, path: string, body?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${cluster.server}${path}`,
      { method, ca, agent, headers: { authorization: `Bearer ${cluster.adminToken}`, ...(body ? { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(text) : reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`))));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Opens a watch from `rv`; resolves once the API server answered 200. */
function openWatch(cluster: Cluster, ca: Buffer, agent: Agent, path: string, query: string, rv: string): Promise<Watch> {
  return new Promise((resolve, reject) => {
    const w = { events: 0, closed: false } as Watch;
    w.req = request(`${cluster.server}${path}?watch=true&resourceVersion=${rv}&${query}`, { ca, agent, headers: { authorization: `Bearer ${cluster.adminToken}` } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`watch ${query}: HTTP ${res.statusCode}`));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) w.events++;
      });
      res.on('end', () => (w.closed = true));
      res.on('error', () => (w.closed = true));
      resolve(w);
    });
    w.req.on('error', (e: Error) => (w.closed ? undefined : reject(e)));
    w.req.end();
  });
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function fanout(cluster: Cluster, ca: Buffer, nodes: number, mode: Run['mode']): Promise<Run> {
  const ns = `fanout-${nodes}-${mode === 'unfiltered' ? 'u' : 'f'}`;
  const path = `/apis/frrk8s.metallb.io/v1beta1/namespaces/${ns}/frrconfigurations`;
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const pid = cluster.apiserverPid()!;
  await call(cluster, ca, agent, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const names = Array.from({ length: nodes }, (_, i) => `node-${i}`);
  await inBatches(names, 20, (n) => call(cluster, ca, agent, 'POST', path, config(ns, `metallb-${n}`, { [NODE_CONFIG_LABEL]: n })));
  await call(cluster, ca, agent, 'POST', path, config(ns, 'hand-written'));
  const rv = (JSON.parse(await call(cluster, ca, agent, 'GET', path)) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;

  const queries = mode === 'unfiltered' ? names.map(() => '') : names.flatMap((n) => [`labelSelector=${encodeURIComponent(`${NODE_CONFIG_LABEL}=${n}`)}`, `labelSelector=${encodeURIComponent(`!${NODE_CONFIG_LABEL}`)}`]);
  const watches = await inBatches(queries, OPEN_AT_ONCE, (q) => openWatch(cluster, ca, agent, path, q, rv));

  const before = usage(pid);
  const t0 = performance.now();
  await inBatches(names, 16, (n) => call(cluster, ca, agent, 'PATCH', `${path}/metallb-${n}`, { spec: { bgp: { routers: [{ asn: 64512, prefixes: ['10.0.1.0/24'], neighbors: [{ address: '172.16.0.1', asn: 65000, toAdvertise: { allowed: { prefixes: ['10.0.1.0/24'] } } }] }] } } }));
  const expected = mode === 'unfiltered' ? nodes * nodes : nodes;
  const total = () => watches.reduce((a, w) => a + w.events, 0);
  let last = total();
  let lastChange = performance.now();
  let lastEventAt = t0;
  while (total() < expected && performance.now() - lastChange < QUIET_MS && performance.now() - t0 < TIMEOUT_MS) {
    await new Promise((r) => setTimeout(r, 50));
    const now = total();
    if (now !== last) {
      last = now;
      lastChange = lastEventAt = performance.now();
    }
  }
  if (total() >= expected) lastEventAt = performance.now();
  const after = usage(pid);
  const closedByServer = watches.filter((w) => w.closed).length;
  for (const w of watches) {
    w.closed = true;
    w.req.destroy();
  }
  agent.destroy();
  // The namespace goes, with its objects: the next run starts from a quiet API server.
  await call(cluster, ca, new Agent(), 'DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
  return { nodes, mode, watches: watches.length, expected, delivered: total(), closedByServer, ms: lastEventAt - t0, cpuMs: after.cpuMs - before.cpuMs, rssMiB: after.rssMiB };
}

export async function benchFanout(): Promise<Measurement[]> {
  const absent = clusterRequirements().filter((r) => !r.includes('/'));
  if (absent.length > 0) return [{ name: 'watch fan-out', value: 0, unit: '', note: `skipped: missing ${absent.join(', ')} (scripts/tools.sh)` }];
  const cluster = await startCluster({ apiserverArgs: ['--max-requests-inflight=2000', '--max-mutating-requests-inflight=1000'] });
  try {
    const ca = readFileSync(cluster.caFile);
    const m = manifestsDefaults();
    const crd = compileManifests('frr-k8s-system', m).find((o) => o.kind === 'CustomResourceDefinition' && o.metadata?.name === 'frrconfigurations.frrk8s.metallb.io')!;
    await cluster.kubectl(['apply', '--server-side', '-f', '-'], { stdin: JSON.stringify(crd) });
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/frrconfigurations.frrk8s.metallb.io']);
    const out: Measurement[] = [];
    for (const nodes of SIZES) {
      for (const mode of ['label-filtered', 'unfiltered'] as const) {
        const r = await fanout(cluster, ca, nodes, mode);
        const tag = `${nodes} agents, ${mode}`;
        out.push(
          { name: `watch fan-out, ${tag}: events delivered`, value: r.delivered, unit: 'events', note: `expected ${r.expected} (${(r.delivered / nodes).toFixed(1)} per change, ${r.watches} watches${r.closedByServer ? `, ${r.closedByServer} closed by the API server` : ''})` },
          { name: `watch fan-out, ${tag}: API server CPU`, value: r.cpuMs, unit: 'ms', note: `first patch -> last event ${(r.ms / 1000).toFixed(1)} s; RSS after ${r.rssMiB.toFixed(0)} MiB` },
        );
        process.stderr.write(`fanout ${tag}: ${JSON.stringify(r)}\n`);
      }
    }
    return out;
  } finally {
    await cluster.stop();
  }
}
