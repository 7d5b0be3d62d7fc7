// The agent's Kubernetes side against a small fake API server (plain HTTP on
// 127.0.0.1): informers list, watch from the list's resourceVersion, re-list
// after 410 Gone, back off and recover after errors; the FRRNodeState status
// writer creates the object, writes through the status subresource and
// retries conflicts; Events name the Node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../../src/agent/errors.ts';
import { KubeEvents, KubeSource, KubeStatusWriter } from '../../src/agent/kube.ts';
import { memoryLogger } from '../../src/agent/log.ts';

const NS = 'frr-k8s-system';
const CONFIGS = `/apis/frrk8s.metallb.io/v1beta1/namespaces/${NS}/frrconfigurations`;
const SECRETS = `/api/v1/namespaces/${NS}/secrets`;
const NODES = '/api/v1/nodes';
const STATES = '/apis/frrk8s.metallb.io/v1beta1/frrnodestates';

const cfg = (name: string) => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: NS, resourceVersion: '1' }, spec: {} });

interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

/** A fake API server: handlers by "METHOD path", the requests it saw. */
class FakeAPI {
  server!: Server;
  requests: Request[] = [];
  handlers = new Map<string, (req: Request, res: ServerResponse) => void>();
  openWatches: ServerResponse[] = [];

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const r: Request = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
        this.requests.push(r);
        const key = `${r.method} ${r.path}${r.query.get('watch') === 'true' ? '?watch' : ''}`;
        const h = this.handlers.get(key);
        if (h) return h(r, res);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** A watch that stays open; `send` writes events to it. */
  hold(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('');
    this.openWatches.push(res);
  }

  count(method: string, path: string, watch = false): number {
    return this.requests.filter((r) => r.method === method && r.path === path && (r.query.get('watch') === 'true') === watch).length;
  }

  async stop(): Promise<void> {
    for (const w of this.openWatches) w.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

function kubeconfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'not-checked' }],
    contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('KubeSource: informers', () => {
  const api = new FakeAPI();
  let source: KubeSource;
  let changes = 0;
  let configList = 0;
  let secretFailures = 1;
  let configWatch: ServerResponse | undefined;

  before(async () => {
    api.handlers.set(`GET ${CONFIGS}`, (_r, res) => {
      configList++;
      // The second list (after 410 Gone) has one more object.
      const items = configList === 1 ? [cfg('a')] : [cfg('a'), cfg('b')];
      api.json(res, 200, { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfigurationList', metadata: { resourceVersion: String(configList * 10) }, items });
    });
    api.handlers.set(`GET ${CONFIGS}?watch`, (r, res) => {
      if (r.query.get('resourceVersion') === '10') {
        // Too old: the API server says 410 Gone in the stream and ends it.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired' } }) + '\n');
        return;
      }
      api.hold(res);
      configWatch = res;
    });
    api.handlers.set(`GET ${SECRETS}`, (_r, res) => {
      // The first list fails: the informer must back off and try again.
      if (secretFailures-- > 0) return api.json(res, 500, { kind: 'Status', code: 500, message: 'etcd is slow' });
      // List items come without apiVersion/kind, as the API server sends them.
      api.json(res, 200, { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'pw', namespace: NS }, type: 'kubernetes.io/basic-auth', data: { password: 'cHc=' } }] });
    });
    api.handlers.set(`GET ${SECRETS}?watch`, (_r, res) => api.hold(res));
    api.handlers.set(`GET ${NODES}`, (r, res) => {
      assert.equal(r.query.get('fieldSelector'), 'metadata.name=node1');
      api.json(res, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'node1', uid: 'uid-1', labels: { 'kubernetes.io/hostname': 'node1', zone: 'a' } } }] });
    });
    api.handlers.set(`GET ${NODES}?watch`, (r, res) => {
      assert.equal(r.query.get('fieldSelector'), 'metadata.name=node1');
      api.hold(res);
    });
    const server = await api.start();
    source = new KubeSource(kubeconfig(server), NS, 'node1', memoryLogger(), () => changes++);
    source.start();
  });

  after(async () => {
    source?.stop();
    await api.stop();
  });

  it('syncs after a failed list (backoff), and re-lists after 410 Gone', async () => {
    await until('all informers synced', () => source.synced);
    await until('the re-list after 410', () => configList >= 2 && source.snapshot()!.configs.length === 2);
    assert.equal(api.count('GET', SECRETS), 2, 'the failed list was retried');
    const watches = api.requests.filter((r) => r.path === CONFIGS && r.query.get('watch') === 'true').map((r) => r.query.get('resourceVersion'));
    assert.deepEqual(watches.slice(0, 2), ['10', '20'], 'watch from each list\'s resourceVersion');
    assert.ok(changes > 0);
  });

  it('snapshots carry apiVersion/kind, the Node labels and the Secrets', async () => {
    const s = source.snapshot()!;
    assert.deepEqual(s.configs.map((c) => [c.apiVersion, c.kind, c.metadata.name]), [
      ['frrk8s.metallb.io/v1beta1', 'FRRConfiguration', 'a'],
      ['frrk8s.metallb.io/v1beta1', 'FRRConfiguration', 'b'],
    ]);
    assert.deepEqual(s.node, { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1', zone: 'a' } });
    const secret = s.secrets({ namespace: NS, name: 'pw' });
    assert.equal(secret?.kind, 'Secret');
    assert.equal(source.nodeUID(), 'uid-1');
  });

  it('watch events update the snapshot and trigger', async () => {
    await until('the watch', () => configWatch !== undefined);
    const before = changes;
    configWatch!.write(JSON.stringify({ type: 'ADDED', object: { ...cfg('c'), metadata: { ...cfg('c').metadata, resourceVersion: '21' } } }) + '\n');
    await until('object c', () => source.snapshot()!.configs.some((c) => c.metadata.name === 'c'));
    assert.ok(changes > before);
    configWatch!.write(JSON.stringify({ type: 'DELETED', object: { ...cfg('a'), metadata: { ...cfg('a').metadata, resourceVersion: '22' } } }) + '\n');
    await until('object a gone', () => !source.snapshot()!.configs.some((c) => c.metadata.name === 'a'));
  });
});

describe('KubeStatusWriter and KubeEvents', () => {
  const api = new FakeAPI();
  let server: string;
  let stored: Record<string, unknown> | undefined;
  let conflicts = 1;
  let puts: Array<Record<string, unknown>> = [];
  const events: Array<Record<string, unknown>> = [];

  before(async () => {
    api.handlers.set(`GET ${STATES}/node1`, (_r, res) => (stored ? api.json(res, 200, stored) : api.json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound' })));
    api.handlers.set(`POST ${STATES}`, (r, res) => {
      stored = { ...JSON.parse(r.body), metadata: { name: 'node1', resourceVersion: '1' } };
      api.json(res, 201, stored);
    });
    api.handlers.set(`PUT ${STATES}/node1/status`, (r, res) => {
      if (conflicts-- > 0) return api.json(res, 409, { kind: 'Status', code: 409, reason: 'Conflict' });
      const body = JSON.parse(r.body) as Record<string, unknown>;
      puts.push(body);
      stored = body;
      api.json(res, 200, body);
    });
    api.handlers.set('POST /api/v1/namespaces/default/events', (r, res) => {
      events.push(JSON.parse(r.body) as Record<string, unknown>);
      api.json(res, 201, JSON.parse(r.body));
    });
    server = await api.start();
  });

  after(async () => {
    await api.stop();
  });

  it('creates the FRRNodeState, retries a conflict, writes only the latest status, and only when it changed', async () => {
    const w = new KubeStatusWriter(kubeconfig(server), 'node1', memoryLogger());
    const s1 = { runningConfig: 'a', lastConversionResult: 'success', lastReloadResult: 'success' };
    const s2 = { ...s1, runningConfig: 'b' };
    w.publish(s1);
    w.publish(s2);
    await until('the status written', () => puts.some((p) => (p.status as { runningConfig: string }).runningConfig === 'b'));
    await w.flush();
    assert.equal(api.count('POST', STATES), 1);
    assert.deepEqual(puts.at(-1)!.status, s2);
    assert.equal((puts.at(-1)!.metadata as { name: string }).name, 'node1');
    const n = puts.length;
    w.publish({ ...s2 });
    await w.flush();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(puts.length, n, 'unchanged: not written again');
    w.stop();
  });

  it('keeps trying while the API server is away', async () => {
    const down = new FakeAPI();
    const url = await down.start();
    await down.stop(); // nothing listens there now
    const log = memoryLogger();
    const w = new KubeStatusWriter(kubeconfig(url), 'node1', log);
    w.publish({ runningConfig: '', lastConversionResult: 'success', lastReloadResult: '' });
    await until('a retry', () => log.lines.filter((l) => l.msg === 'cannot write FRRNodeState status; retrying').length >= 2, 5000);
    w.stop();
  });

  it('records Events about the Node in "default"', async () => {
    const e = new KubeEvents(kubeconfig(server), 'node1', () => 'uid-1', memoryLogger());
    e.emit('Warning', 'ReloadFailed', 'FRR refused it');
    await until('the Event', () => events.length === 1);
    const ev = events[0] as { metadata: { namespace: string; name: string }; involvedObject: Record<string, string>; type: string; reason: string; message: string; source: { component: string } };
    assert.equal(ev.metadata.namespace, 'default');
    assert.match(ev.metadata.name, /^node1\./);
    assert.deepEqual(ev.involvedObject, { apiVersion: 'v1', kind: 'Node', name: 'node1', uid: 'uid-1' });
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.reason, 'ReloadFailed');
    assert.equal(ev.message, 'FRR refused it');
    assert.equal(ev.source.component, 'metallb-frr-agent');
  });
});

describe('describeError', () => {
  it('keeps the status and the API server\'s message, not the body', () => {
    const body = { kind: 'Status', code: 403, message: 'frrnodestates "node1" is forbidden: User "system:serviceaccount:x:y" cannot update', details: { secret: 'never' } };
    const e = Object.assign(new Error(`HTTP-Code: 403\nMessage: Unknown API Status Code!\nBody: ${JSON.stringify(body)}\nHeaders: {}`), { code: 403, body: JSON.stringify(body) });
    assert.equal(describeError(e), 'HTTP 403: frrnodestates "node1" is forbidden: User "system:serviceaccount:x:y" cannot update');
    const noBody = Object.assign(new Error('HTTP-Code: 500\nMessage: Internal\nBody: undefined\nHeaders: {}'), { code: 500 });
    assert.equal(describeError(noBody), 'HTTP 500: Internal');
    assert.equal(describeError(new Error('connect ECONNREFUSED 127.0.0.1:6443')), 'connect ECONNREFUSED 127.0.0.1:6443');
    assert.equal(describeError(Object.assign(new Error('Too Many Requests'), { statusCode: 429 })), 'HTTP 429: Too Many Requests');
  });
});
