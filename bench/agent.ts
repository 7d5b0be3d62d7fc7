// The node agent: reconcile latency and resident memory, for a node with 100
// BGP neighbours (100 FRRConfigurations, one per peer, as the function emits
// for 100 BGPPeers, each announcing its own /24 and a shared pool).
//
//   reconcile latency   a change event (Reconciler.trigger, as an informer
//                       calls it) → the reload requested (the candidate and
//                       the request id written to the shared directory),
//                       with the agent's default 20 ms debounce included;
//                       a stand-in reloader answers at once. Aim ≤ 50 ms.
//   resident memory     `dist/metallb-frr agent` with the same 100
//                       configurations after its first reload (VmRSS): fed
//                       by a minimal stand-in API server on 127.0.0.1 (lists,
//                       open watches, FRRNodeState and Events accepted), and
//                       with --from-dir (no Kubernetes client loaded).
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { memoryLogger } from '../src/agent/log.ts';
import { createMetrics } from '../src/agent/metrics.ts';
import { Reconciler, type Inputs } from '../src/agent/reconciler.ts';
import { FileReloader } from '../src/agent/reloader.ts';
import type { FRRConfiguration } from '../src/api/frrk8s.ts';
import { RELOADER_FILES } from '../src/compile/manifests-reloader.ts';
import { secretsFrom } from '../src/frr/index.ts';
import { BIN, requireBuild, tempDir } from '../test/lib/fixtures.ts';
import type { Measurement } from './types.ts';

const NEIGHBOURS = 100;
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

/** Answers every request in `dir` with ok, as the reloader would after a reload. */
function standInReloader(dir: string): () => void {
  let handled = '';
  const timer = setInterval(() => {
    let id = '';
    try {
      id = readFileSync(join(dir, RELOADER_FILES.request), 'utf8').trim();
    } catch {
      return;
    }
    if (!id || id === handled) return;
    handled = id;
    writeFileSync(join(dir, RELOADER_FILES.result), `id=${id}\nstatus=ok\nstage=reload\ndaemons=zebra:1 bgpd:2\n\n`);
  }, 2);
  return () => clearInterval(timer);
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function reconcileLatency(samples: number): Promise<number[]> {
  const t = tempDir('bench-agent');
  const stop = standInReloader(t.dir);
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

/**
 * Just enough of an API server for the agent: lists (then watches held open)
 * of FRRConfigurations, Secrets and the Node; FRRNodeState and Events taken.
 */
async function standInApiServer(items: FRRConfiguration[]): Promise<{ url: string; close: () => Promise<void> }> {
  const held: ServerResponse[] = [];
  const json = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  let state: unknown;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'content-type': 'application/json' });
        held.push(res);
        return;
      }
      const path = url.pathname;
      if (path.endsWith('/frrconfigurations')) return json(res, 200, { kind: 'FRRConfigurationList', apiVersion: 'frrk8s.metallb.io/v1beta1', metadata: { resourceVersion: '1' }, items });
      if (path.endsWith('/secrets')) return json(res, 200, { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
      if (path === '/api/v1/nodes') return json(res, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [{ metadata: { name: NODE.name, labels: NODE.labels } }] });
      if (path.includes('/frrnodestates')) {
        if (req.method === 'GET') return state ? json(res, 200, state) : json(res, 404, { kind: 'Status', code: 404 });
        state = { ...(JSON.parse(body) as object), metadata: { name: NODE.name, resourceVersion: '1' } };
        return json(res, req.method === 'POST' ? 201 : 200, state);
      }
      if (path.endsWith('/events')) return json(res, 201, JSON.parse(body));
      json(res, 404, { kind: 'Status', code: 404 });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const h of held) h.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** VmRSS (MiB) of the agent after its first reload, with these flags. */
async function agentRSS(shared: string, flags: string[]): Promise<number> {
  const stop = standInReloader(shared);
  const child = spawn(process.execPath, [BIN, 'agent', '--node-name=node1', `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!log.includes('FRR runs the new configuration')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the agent did not reload:\n${log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 500)); // let start-up garbage go
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    stop();
  }
}

async function residentMemory(): Promise<{ api: number; dir: number }> {
  requireBuild();
  const t = tempDir('bench-agent-rss');
  const api = await standInApiServer(configs(0));
  try {
    const cfg = join(t.dir, 'cfg');
    mkdirSync(cfg);
    writeFileSync(join(cfg, 'configs.yaml'), configs(0).map((c) => stringify(c)).join('---\n'));
    const kubeconfig = join(t.dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'bench', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'bench', user: { token: 'bench' } }],
        contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench' } }],
        'current-context': 'bench',
      }),
    );
    for (const d of ['shared-api', 'shared-dir']) mkdirSync(join(t.dir, d));
    return {
      api: await agentRSS(join(t.dir, 'shared-api'), [`--kubeconfig=${kubeconfig}`]),
      dir: await agentRSS(join(t.dir, 'shared-dir'), [`--from-dir=${cfg}`]),
    };
  } finally {
    await api.close();
    t.cleanup();
  }
}

export async function benchAgent(): Promise<Measurement[]> {
  const samples = 30;
  const latency = await reconcileLatency(samples);
  const rss = await residentMemory();
  return [
    { name: `reconcile latency, ${NEIGHBOURS} neighbours: event → reload requested (p50)`, value: percentile(latency, 50), unit: 'ms', note: `${samples} changes, 20 ms debounce included; aim <= 50 ms` },
    { name: `reconcile latency, ${NEIGHBOURS} neighbours (p90)`, value: percentile(latency, 90), unit: 'ms' },
    { name: `resident memory, ${NEIGHBOURS} neighbours (API server)`, value: rss.api, unit: 'MiB', note: 'VmRSS after the first reload' },
    { name: `resident memory, ${NEIGHBOURS} neighbours (--from-dir)`, value: rss.dir, unit: 'MiB', note: 'no Kubernetes client loaded' },
  ];
}
