// The agent's flags, the --from-dir source, and the whole agent in-process
// (--from-dir, a stand-in reloader) through its HTTP endpoints: health,
// readiness, metrics in Prometheus format, status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DirSource } from '../../src/agent/dirsource.ts';
import { parseListen } from '../../src/agent/http.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { UsageError } from '../../src/api/command-line.ts';
import { parseAgentFlags, startAgent, type RunningAgent } from '../../src/agent/main.ts';
import { RELOADER_FILES } from '../../src/api/agent.ts';
import { FROM_SOURCE, ROOT, tempDir } from '../lib/fixtures.ts';
import { standInReloader } from '../lib/reloader.ts';

const SEED = join(ROOT, 'examples', 'seed');

describe('agent flags', () => {
  it('defaults', () => {
    const f = parseAgentFlags(['--node-name', 'node1'], {});
    assert.deepEqual(f, {
      nodeName: 'node1',
      namespace: 'frr-k8s-system',
      nodeLabels: {},
      pollMs: 2000,
      reloaderDir: '/etc/frr_reloader',
      reloadTimeoutMs: 60_000,
      frrCheckMs: 2000,
      frrStateTimeoutMs: 5000,
      sessionPollMs: 10_000,
      debounceMs: 20,
      listen: '127.0.0.1:7576',
      logLevel: 'info',
    });
  });

  it('takes NODE_NAME and NAMESPACE from the environment', () => {
    const f = parseAgentFlags([], { NODE_NAME: 'n2', NAMESPACE: 'bgp' });
    assert.equal(f.nodeName, 'n2');
    assert.equal(f.namespace, 'bgp');
  });

  it('reads every flag', () => {
    const f = parseAgentFlags(
      ['--node-name=n', '--namespace=ns', '--from-dir=/cfg', '--node-labels', 'a=1, b=2', '--poll-interval=500ms', '--reloader-dir=/r', '--reload-timeout=10s', '--frr-check-interval=1s', '--frr-state-timeout=2s', '--session-poll-interval=1s', '--debounce=0s', '--listen=:9000', '--log-level=debug', '--frr-log-level=warn'],
      {},
    );
    assert.deepEqual(f, { nodeName: 'n', namespace: 'ns', fromDir: '/cfg', nodeLabels: { a: '1', b: '2' }, pollMs: 500, reloaderDir: '/r', reloadTimeoutMs: 10_000, frrCheckMs: 1000, frrStateTimeoutMs: 2000, sessionPollMs: 1000, debounceMs: 0, listen: ':9000', logLevel: 'debug', frrLogLevel: 'warn' });
    assert.equal(parseAgentFlags(['--node-name=n', '--kubeconfig=/k'], {}).kubeconfig, '/k');
  });

  it('refuses bad flags with one clear line', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /--node-name is required/],
      [['--node-name=Node_1'], /not a valid node name/],
      [['--node-name=n', '--namespace=Bad'], /not a valid namespace name/],
      [['--node-name=n', '--reload-timeout=soon'], /--reload-timeout: "soon" is not a duration/],
      [['--node-name=n', '--debounce=-1s'], /--debounce/],
      [['--node-name=n', '--log-level=trace'], /--log-level: "trace" is not one of debug, info, warn, error/],
      [['--node-name=n', '--frr-log-level=loud'], /--frr-log-level: "loud"/],
      [['--node-name=n', '--listen=7572'], /--listen: "7572" is not HOST:PORT/],
      [['--node-name=n', '--node-labels=a=1'], /--node-labels only applies with --from-dir/],
      [['--node-name=n', '--from-dir=/x', '--node-labels=novalue'], /"novalue" is not key=value/],
      [['--node-name=n', '--from-dir=/x', '--node-labels=rack=r 1'], /^--node-labels: invalid label value "r 1"/],
      [['--node-name=n', '--from-dir=/x', '--node-labels=-rack=r1'], /^--node-labels: invalid label key "-rack"/],
      [['--node-name=n', '--from-dir=/x', '--kubeconfig=/k'], /exclude each other/],
      [['--node-name=n', '--bogus'], /Unknown option '--bogus'/],
      [['--node-name=n', 'extra'], /positional/],
    ];
    for (const [argv, want] of cases) assert.throws(() => parseAgentFlags(argv, {}), (e: Error) => e instanceof UsageError && want.test(e.message), argv.join(' '));
  });

  it('parses listen addresses', () => {
    assert.deepEqual(parseListen('127.0.0.1:7572'), { host: '127.0.0.1', port: 7572 });
    assert.deepEqual(parseListen(':80'), { host: undefined, port: 80 });
    assert.deepEqual(parseListen('[::1]:9'), { host: '::1', port: 9 });
    assert.throws(() => parseListen('host:99999'));
  });
});

describe('--from-dir source', () => {
  it('reads FRRConfigurations and Secrets of the namespace, skips dot files and other kinds, notices changes', () => {
    const t = tempDir('fromdir');
    try {
      mkdirSync(join(t.dir, 'sub'));
      mkdirSync(join(t.dir, '.git'));
      copyFileSync(join(SEED, 'custom-frr-config.yaml'), join(t.dir, 'custom.yaml'));
      copyFileSync(join(SEED, 'generated', 'frrconfiguration_metallb-tor-switch.yaml'), join(t.dir, 'sub', 'gen.yml'));
      copyFileSync(join(SEED, 'bgp-peer.yaml'), join(t.dir, 'peer.yaml')); // another kind: ignored
      writeFileSync(join(t.dir, 'odd.yaml'), 'apiVersion: 1\nkind: FRRConfiguration\nmetadata: {name: odd}\n'); // no API group: ignored
      writeFileSync(join(t.dir, '.git', 'x.yaml'), 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: hidden}\n');
      writeFileSync(join(t.dir, 'other-ns.yaml'), 'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: other, namespace: elsewhere}\nspec: {}\n');
      writeFileSync(join(t.dir, 'secret.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/basic-auth', stringData: { password: 'x' } }));
      let changes = 0;
      const log = memoryLogger();
      const src = new DirSource(t.dir, 'frr-k8s-system', { name: 'node1', labels: { a: 'b' } }, 1000, log, () => changes++);
      assert.equal(src.synced, false);
      assert.equal(src.poll(), true);
      const s = src.snapshot()!;
      assert.deepEqual(s.configs.map((c) => c.metadata?.name).sort(), ['custom-config', 'metallb-tor-switch']);
      assert.ok(s.secrets({ namespace: 'frr-k8s-system', name: 's' }));
      assert.deepEqual(s.node, { name: 'node1', labels: { a: 'b' } });
      assert.equal(s.problems, undefined);
      assert.equal(changes, 1);

      assert.equal(src.poll(), false, 'nothing changed');
      writeFileSync(join(t.dir, 'broken.yaml'), 'kind: [unclosed\n');
      assert.equal(src.poll(), true);
      assert.match(src.snapshot()!.problems!.join('\n'), /^broken\.yaml: not valid YAML \(document 1\)/);
      // What the parser lets through but cannot be turned into an object.
      writeFileSync(join(t.dir, 'broken.yaml'), 'a: &a [1]\nb: [' + Array(200).fill('*a').join(',') + ']\n---\nkind: *nowhere\n');
      assert.equal(src.poll(), true);
      assert.deepEqual(
        src.snapshot()!.problems!.map((p) => p.replace(/\): .*/, ')')),
        ['broken.yaml: not valid YAML (document 1)', 'broken.yaml: not valid YAML (document 2)'],
      );
      unlinkSync(join(t.dir, 'broken.yaml'));
      assert.equal(src.poll(), true);
      assert.equal(src.snapshot()!.problems, undefined);
      assert.equal(changes, 4);
    } finally {
      t.cleanup();
    }
  });

  it('a missing directory is a problem, not a crash', () => {
    const src = new DirSource('/nonexistent/metallb-frr', 'ns', { name: 'n', labels: {} }, 1000, memoryLogger(), () => undefined);
    src.poll();
    assert.match(src.snapshot()!.problems![0], /ENOENT/);
  });
});

describe('the agent in-process (--from-dir)', () => {
  let t: { dir: string; cleanup: () => void };
  let agent: RunningAgent;
  let stopReloader: () => void = () => undefined;
  let base: string;
  let answered = 0;

  before(async () => {
    t = tempDir('agentmain');
    const cfg = join(t.dir, 'cfg');
    const shared = join(t.dir, 'shared');
    mkdirSync(cfg);
    mkdirSync(shared);
    copyFileSync(join(SEED, 'custom-frr-config.yaml'), join(cfg, 'custom.yaml'));
    copyFileSync(join(SEED, 'generated', 'frrconfiguration_metallb-tor-switch.yaml'), join(cfg, 'gen.yaml'));
    writeFileSync(join(shared, RELOADER_FILES.daemons), 'zebra:1 bgpd:2\n');
    stopReloader = standInReloader(shared, { onRequest: () => answered++ });
    const flags = parseAgentFlags(['--node-name=node1', `--from-dir=${cfg}`, `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', '--poll-interval=100ms'], {});
    agent = await startAgent(flags, memoryLogger());
    base = `http://127.0.0.1:${(agent.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    stopReloader();
    await agent?.stop();
    t.cleanup();
  });

  it('becomes ready after the first reconcile; healthz answers', async () => {
    const deadline = Date.now() + 5000;
    let ready = await fetch(`${base}/readyz`);
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      ready = await fetch(`${base}/readyz`);
    }
    assert.equal(ready.status, 200);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    assert.equal((await fetch(`${base}/healthz`, { method: 'POST' })).status, 405);
  });

  it('serves the status and Prometheus metrics', async () => {
    await agent.reconciler.idle();
    const status = (await (await fetch(`${base}/status`)).json()) as Record<string, string>;
    assert.equal(status.lastConversionResult, 'success');
    assert.equal(status.lastReloadResult, 'success');
    assert.match(status.runningConfig, /network 10\.201\.0\.0\/24/);
    const res = await fetch(`${base}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of [
      /^metallb_frr_agent_reloads_total\{result="success"\} 1$/m,
      /^metallb_frr_agent_failures_total\{stage="conversion"\} 0$/m,
      /^metallb_frr_agent_configurations_selected 2$/m,
      /^metallb_frr_agent_in_sync 1$/m,
      /^metallb_frr_agent_last_reload_success_timestamp_seconds \d{10}/m,
      /^metallb_frr_agent_render_duration_seconds_count 1$/m,
      /^metallb_frr_agent_frr_restarts_total 0$/m,
      /^process_resident_memory_bytes \d+/m,
    ]) assert.match(text, line);
    assert.equal(answered, 1);
  });
});

describe('the agent in-process: readiness follows FRR', () => {
  it('/readyz is 503 while FRR cannot take the first configuration (its configuration locked), 200 once the retry lands', async () => {
    const t = tempDir('agentready');
    const cfg = join(t.dir, 'cfg');
    const shared = join(t.dir, 'shared');
    mkdirSync(cfg);
    mkdirSync(shared);
    copyFileSync(join(SEED, 'generated', 'frrconfiguration_metallb-tor-switch.yaml'), join(cfg, 'gen.yaml'));
    writeFileSync(join(shared, RELOADER_FILES.daemons), 'zebra:1 bgpd:2\n');
    const locked = { status: 'failed' as const, stage: 'reload', message: "% Can't enter config; candidate datastore locked by another session" };
    let requests = 0;
    const stopReloader = standInReloader(shared, { answer: (n) => (requests = n) <= 1 ? locked : { status: 'ok' } });
    const agent = await startAgent(parseAgentFlags(['--node-name=node1', `--from-dir=${cfg}`, `--reloader-dir=${shared}`, '--listen=127.0.0.1:0', '--poll-interval=100ms'], {}), memoryLogger());
    try {
      const base = `http://127.0.0.1:${(agent.server.address() as AddressInfo).port}`;
      const readyz = async () => {
        const r = await fetch(`${base}/readyz`);
        return { status: r.status, body: await r.text() };
      };
      const until = async (want: number, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        let r = await readyz();
        while (r.status !== want && Date.now() < deadline) {
          await new Promise((res) => setTimeout(res, 20));
          r = await readyz();
        }
        return r;
      };
      // The first answer: not ready, and it says why.
      const deadline = Date.now() + 5000;
      while (requests < 1 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
      await agent.reconciler.idle();
      const notReady = await readyz();
      assert.equal(notReady.status, 503);
      assert.match(notReady.body, /^not ready: FRR has not taken the configuration yet \(FRR's configuration is locked by another session\); retrying/);
      // The retry (after 1 s) lands.
      const ready = await until(200, 10_000);
      assert.equal(ready.status, 200, ready.body);
      assert.equal(requests, 2);
      const status = (await (await fetch(`${base}/status`)).json()) as Record<string, string>;
      assert.equal(status.lastReloadResult, 'success');
      assert.match(status.runningConfig, /network 10\.200\.0\.0\/24/);
    } finally {
      stopReloader();
      await agent.stop();
      t.cleanup();
    }
  });
});

describe('agentMain', () => {
  it('prints usage for --help, exits 2 on bad flags and 1 when it cannot start', async () => {
    const { execFile } = await import('node:child_process');
    const run = (args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [...FROM_SOURCE, join(ROOT, 'fn', 'main.ts'), 'agent', ...args], { cwd: ROOT, encoding: 'utf8' }, (e, stdout, stderr) =>
          resolve({ status: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const [help, bad, noDir] = await Promise.all([
      run(['--help']),
      run(['--log-level=loud', '--node-name=n']),
      run(['--node-name=n', '--from-dir=/tmp', '--reloader-dir=/nonexistent/x', '--listen=127.0.0.1:0']),
    ]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: metallb-frr agent --node-name NAME/);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^error: --log-level: "loud" is not one of/);
    assert.equal(noDir.status, 1);
    assert.match(noDir.stdout, /"level":"error","msg":"cannot start".*ENOENT/);
  });
});
