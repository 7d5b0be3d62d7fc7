// The agent's HTTP endpoints (plain HTTP, on 127.0.0.1 in the DaemonSet):
//   /healthz  200 while the process serves requests (liveness)
//   /readyz   200 while FRR runs the configuration the inputs ask for; 503 with
//             the reason otherwise (not synced yet, a reload under way or being
//             retried, a refused configuration, inputs that do not convert, a
//             reconcile that could not finish)
//   /metrics  Prometheus text format (metrics.ts)
//   /status   the node's status as JSON (runningConfig with passwords redacted)
// and, with --metrics-listen, a second listener for Prometheus on the pod
// network that serves /metrics and nothing else (startMetricsHttp).
import { createServer, type Server } from 'node:http';
import type { AgentMetrics } from './metrics.ts';
import type { NodeStatus } from './reconciler.ts';

export interface HealthState {
  ready(): { ok: boolean; reason?: string };
  status(): NodeStatus;
}

export function startHttp(listen: string, metrics: AgentMetrics, state: HealthState): Promise<Server> {
  const { host, port } = parseListen(listen);
  const flag = '--listen';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    switch (path) {
      case '/healthz':
        return send(200, 'ok\n');
      case '/readyz': {
        const r = state.ready();
        return r.ok ? send(200, 'ok\n') : send(503, `not ready: ${r.reason ?? 'starting'}\n`);
      }
      case '/metrics':
        metrics.registry.metrics().then(
          (text) => send(200, text, metrics.registry.contentType),
          (e: unknown) => send(500, `${(e as Error).message}\n`),
        );
        return;
      case '/status':
        return send(200, JSON.stringify(state.status(), null, 2) + '\n', 'application/json');
      default:
        return send(404, 'not found\n');
    }
  });
  return bind(server, host, port, flag);
}

/** /metrics only: what may be reachable from outside the node (no status, no health). */
export function startMetricsHttp(listenAt: string, metrics: AgentMetrics): Promise<Server> {
  const { host, port } = parseListen(listenAt);
  const server = createServer((req, res) => {
    const send = (code: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    if ((req.url ?? '/').split('?')[0] !== '/metrics') return send(404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    metrics.registry.metrics().then(
      (text) => send(200, text, metrics.registry.contentType),
      (e: unknown) => send(500, `${(e as Error).message}\n`),
    );
  });
  return bind(server, host, port, '--metrics-listen');
}

/** The DaemonSet's setting behind each flag. */
const MANIFEST_SETTING: Record<string, string> = { '--listen': 'manifests.ports.health', '--metrics-listen': 'manifests.ports.metrics' };

function bind(server: Server, host: string | undefined, port: number, flag: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(bindError(e as NodeJS.ErrnoException, host, port, flag)));
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve(server);
    });
  });
}

/**
 * Why the agent cannot listen, in one line: the address, who holds it, what
 * to change. On the host network a port is the node's: another agent, or any
 * other process of the node (frr-k8s' controller takes 127.0.0.1:7572).
 */
export function bindError(e: NodeJS.ErrnoException, host: string | undefined, port: number, flag: string): Error {
  const address = host === undefined ? `port ${port} (every address)` : host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const change = `set another port with ${flag} HOST:PORT (in the DaemonSet: the function's ${MANIFEST_SETTING[flag] ?? flag})`;
  switch (e.code) {
    case 'EADDRINUSE':
      return new Error(`cannot listen on ${address} (${flag}): another process holds it (on the host network the port is the node's: another agent, or a daemon of the node such as frr-k8s); ${change}`);
    case 'EADDRNOTAVAIL':
      return new Error(`cannot listen on ${address} (${flag}): the address is not one of this node's; ${change}`);
    case 'EACCES':
      return new Error(`cannot listen on ${address} (${flag}): permission denied (a port below 1024 needs NET_BIND_SERVICE); ${change}`);
    default:
      return new Error(`cannot listen on ${address} (${flag}): ${e.message}`);
  }
}

/** HOST:PORT, :PORT (all addresses), [v6]:PORT or v6:PORT (a pod IP as the downward API gives it). */
export function parseListen(listen: string, flag = '--listen'): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)):(\d{1,5})$/.exec(listen);
  if (!m || Number(m[3]) > 65535) throw new Error(`${flag}: "${listen}" is not HOST:PORT`);
  const host = m[1] ?? m[2];
  return { host: host === '' ? undefined : host, port: Number(m[3]) };
}
