// The agent under hostile or large input (issue 9): a node whose
// configuration is huge still reconciles, and a reconcile that cannot finish
// shows in /readyz, the status and an Event instead of passing for ready.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { secretsFrom } from '../../src/frr/index.ts';
import { parseListen } from '../../src/agent/http.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { compileManifests } from '../../src/compile/manifests.ts';
import { manifestsDefaults } from '../../src/compile/options.ts';
import { parseAgentFlags, startAgent, type RunningAgent } from '../../src/agent/main.ts';
import { RELOADER_FILES } from '../../src/api/agent.ts';
import { tempDir } from '../lib/fixtures.ts';
import { reconcilerHarness } from '../lib/reconciler-harness.ts';
import { standInReloader } from '../lib/reloader.ts';
import { RAW_SECRETS } from '../lib/secrets.ts';

/** 130,000 /32 prefixes on one router, all sent to one neighbour. */
function hugeConfig(): string {
  const prefixes = Array.from({ length: 130_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
  return JSON.stringify({
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'huge', namespace: 'frr-k8s-system' },
    spec: { bgp: { routers: [{ asn: 64512, prefixes, neighbors: [{ address: '10.255.0.1', asn: 65000, toAdvertise: { allowed: { mode: 'all' } } }] }] } },
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('3. the agent with a router of 130,000 prefixes (--from-dir)', () => {
  let t: { dir: string; cleanup: () => void };
  let agent: RunningAgent;
  let stopReloader: () => void = () => undefined;
  let base: string;
  let shared: string;
  const log = memoryLogger();

  before(async () => {
    t = tempDir('agenthuge');
    const cfg = join(t.dir, 'cfg');
    shared = join(t.dir, 'shared');
    mkdirSync(cfg);
    mkdirSync(shared);
    writeFileSync(join(cfg, 'huge.json'), hugeConfig());
    writeFileSync(join(shared, RELOADER_FILES.daemons), 'zebra:1 bgpd:2\n');
    stopReloader = standInReloader(shared);
    const flags = parseAgentFlags(['--node-name=node1', `--from-dir=${cfg}`, `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', '--poll-interval=100ms'], {});
    agent = await startAgent(flags, log);
    base = `http://127.0.0.1:${(agent.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    stopReloader();
    await agent?.stop();
    t.cleanup();
  });

  it('reconciles: FRR gets every prefix, the status says success', async () => {
    await until('the first reconcile', async () => (await fetch(`${base}/readyz`)).status === 200 && agent.reconciler.status.lastReloadResult !== '');
    await agent.reconciler.idle();
    const status = agent.reconciler.status;
    assert.equal(status.lastConversionResult, 'success');
    assert.equal(status.lastReloadResult, 'success');
    const conf = readFileSync(join(shared, RELOADER_FILES.candidate), 'utf8');
    assert.equal(conf.match(/^  network /gm)?.length, 130_000);
    assert.ok(!log.lines.some((l) => l.level === 'error'), JSON.stringify(log.lines.filter((l) => l.level === 'error')).slice(0, 500));
  });

  it('a reconcile that throws (a bug): /readyz 503 naming it, the status and an Event say so; the next good one clears it', async () => {
    const r = agent.reconciler as unknown as { reconcileInputs: (i: unknown) => Promise<void> };
    const real = r.reconcileInputs;
    r.reconcileInputs = () => Promise.reject(new RangeError('Maximum call stack size exceeded'));
    try {
      agent.reconciler.trigger();
      await agent.reconciler.idle();
      const ready = await fetch(`${base}/readyz`);
      assert.equal(ready.status, 503);
      assert.match(await ready.text(), /^not ready: reconcile failed: internal error \(please report\): Maximum call stack size exceeded\n$/);
      assert.match(agent.reconciler.status.lastConversionResult, /^error: internal error/);
      assert.ok(log.lines.some((l) => l.msg === 'event' && l.reason === 'ConversionFailed' && /internal error/.test(String(l.message))));
    } finally {
      r.reconcileInputs = real;
    }
    agent.reconciler.trigger();
    await agent.reconciler.idle();
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal(agent.reconciler.status.lastConversionResult, 'success');
  });
});

/** The reconciler with a reloader that answers what the test says. */
function harness() {
  const h = reconcilerHarness();
  return { ...h, set: (configs: FRRConfiguration[], secrets: KubeObject[] = []) => h.set(configs, { secrets: secretsFrom(secrets) }) };
}

const SECRET_PASSWORD = 'Fr0m-a-Secret-value';
const INLINE_PASSWORD = 'Inl1ne-password-value';
const config = (name: string, spec: FRRConfiguration['spec']): FRRConfiguration => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: 'frr-k8s-system' }, spec });
const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw', namespace: 'frr-k8s-system' }, type: 'kubernetes.io/basic-auth', stringData: { password: SECRET_PASSWORD } };
const sessions = (extra = '') =>
  config('sessions', {
    bgp: {
      routers: [
        {
          asn: 64512,
          neighbors: [
            { address: '2001:db8::1', asn: 65000, passwordSecret: { name: 'pw' } },
            { address: '10.0.0.2', asn: 65000, password: INLINE_PASSWORD },
          ],
        },
      ],
    },
    raw: { rawConfig: RAW_SECRETS.map(([l]) => l).join('\n') + extra },
  });
const ALL_SECRETS = [SECRET_PASSWORD, INLINE_PASSWORD, ...RAW_SECRETS.map(([, s]) => s)];

describe('4, and issue 11 item 4: the agent redacts every secret, by keyword and by value', () => {
  it('status runningConfig: no secret of raw configuration, Secrets or inline passwords', async () => {
    const h = harness();
    await h.set([sessions()], [secret]);
    for (const s of ALL_SECRETS) assert.ok(h.requests[0].includes(s), `FRR must get ${s}`);
    const status = h.last();
    assert.equal(status.lastReloadResult, 'success');
    for (const s of ALL_SECRETS) assert.ok(!status.runningConfig.includes(s), `${s} in runningConfig`);
    assert.match(status.runningConfig, /key-string <redacted>/);
  });

  it('FRR refuses: frr-reload.py output wrapped by pformat (the secret on the next line) reaches no status, Event or log', async () => {
    const h = harness();
    await h.set([sessions()], [secret]);
    // What frr-reload.py logs: pformat splits a long line at a space, the
    // value lands on a line of its own after the (keyword-redacted) "password".
    const pformatted = [
      "Failed to execute ['router bgp 64512', 'neighbor 2001:db8::1 password <redacted>",
      ` '${SECRET_PASSWORD}']`,
      ` 'neighbor 10.0.0.2 password ' '${INLINE_PASSWORD}'`,
      ...RAW_SECRETS.map(([, s]) => `  '${s}',`),
    ].join('\n');
    h.answers.push({ status: 'failed', stage: 'test', message: pformatted });
    await h.set([sessions('\n! changed')], [secret]);
    assert.match(h.last().lastReloadResult, /^error: FRR refused the configuration/);
    const outside = await h.outside();
    for (const s of ALL_SECRETS) assert.ok(!outside.includes(s), `${s} leaked: ${outside.slice(0, 400)}`);
    assert.match(outside, /ReloadFailed/);
  });

  it('a reload that fails half-way and the restore that fails too: still nothing', async () => {
    const h = harness();
    await h.set([sessions()], [secret]);
    h.answers.push({ status: 'failed', stage: 'reload', message: `x\n${SECRET_PASSWORD}` }, { status: 'failed', stage: 'reload', message: `y ${INLINE_PASSWORD} ${RAW_SECRETS[5][1]}` });
    await h.set([sessions('\n! changed again')], [secret]);
    assert.match(h.last().lastReloadResult, /applying the last good configuration again failed too/);
    const outside = await h.outside();
    for (const s of ALL_SECRETS) assert.ok(!outside.includes(s), `${s} leaked`);
  });
});

describe('13. the metrics port the DaemonSet declares is one Prometheus can reach, serving metrics only', () => {
  it('the agent container declares `metrics` on the port it serves /metrics on, at the pod IP (not loopback)', () => {
    const ds = compileManifests('frr-k8s-system', manifestsDefaults()).find((o) => o.kind === 'DaemonSet') as unknown as {
      spec: { template: { spec: { hostNetwork: boolean; containers: Array<{ name: string; args?: string[]; env?: Array<{ name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>; ports?: Array<{ name: string; containerPort: number }> }> } } };
    };
    const agentC = ds.spec.template.spec.containers.find((c) => c.name === 'agent')!;
    const port = agentC.ports?.find((p) => p.name === 'metrics');
    assert.ok(port, 'no metrics port');
    const listen = agentC.args?.find((a) => a.startsWith('--metrics-listen='));
    assert.equal(listen, `--metrics-listen=$(POD_IP):${port.containerPort}`);
    assert.equal(agentC.env?.find((e) => e.name === 'POD_IP')?.valueFrom?.fieldRef?.fieldPath, 'status.podIP');
    // Health and status stay on loopback, on another port.
    const health = agentC.args?.find((a) => a.startsWith('--listen='));
    assert.match(health ?? '', /^--listen=127\.0\.0\.1:\d+$/);
    assert.notEqual(health, `--listen=127.0.0.1:${port.containerPort}`);
  });

  it('--metrics-listen serves /metrics and nothing else (no /status, no health)', async () => {
    const t = tempDir('metrics');
    const cfg = join(t.dir, 'cfg');
    const shared = join(t.dir, 'shared');
    mkdirSync(cfg);
    mkdirSync(shared);
    const flags = parseAgentFlags(['--node-name=node1', `--from-dir=${cfg}`, `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', '--metrics-listen=127.0.0.1:0'], {});
    const agent = await startAgent(flags, memoryLogger());
    try {
      assert.ok(agent.metricsServer, 'no metrics server');
      const base = `http://127.0.0.1:${(agent.metricsServer.address() as AddressInfo).port}`;
      const m = await fetch(`${base}/metrics`);
      assert.equal(m.status, 200);
      assert.match(await m.text(), /^metallb_frr_agent_in_sync /m);
      for (const p of ['/status', '/healthz', '/readyz', '/']) assert.equal((await fetch(`${base}${p}`)).status, 404, p);
      assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
    } finally {
      await agent.stop();
      t.cleanup();
    }
  });

  it('--metrics-listen takes a bare IPv6 pod IP (what $(POD_IP) gives on an IPv6 node)', () => {
    assert.deepEqual(parseListen('fd00::12:7574'), { host: 'fd00::12', port: 7574 });
    assert.deepEqual(parseListen('[fd00::12]:7574'), { host: 'fd00::12', port: 7574 });
    assert.equal(parseAgentFlags(['--node-name=n', '--metrics-listen=fd00::12:7574'], {}).metricsListen, 'fd00::12:7574');
  });
});
