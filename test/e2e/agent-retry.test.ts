// A first reload that FRR cannot take is not final (issue 11 item 3): FRR
// 10.3 in the lab (lib/lab.ts) with mgmtd's candidate datastore locked by
// another vtysh session (`configure terminal file-lock`, the lock FRR's own
// start-up load takes while it reads frr.conf), the reloader script against
// it and the agent (`dist/metallb-frr agent --from-dir`, the seed's
// FRRConfigurations). What FRR 10.3 does under the lock: vtysh retries the
// lines meant for mgmtd (zebra's and staticd's, `hostname`) every 100 ms
// until the lock goes, refuses the ones frr-reload.py sends one by one
// ("% Can't enter config; candidate datastore locked by another session"),
// and frr-reload.py may still exit 0, with part of the candidate missing.
// What it deletes goes line by line through `vtysh -c configure`, which the
// lock refuses at once for mgmtd's daemons (zebra, staticd): FRR keeps what
// the candidate removes there.
//
//   0. FRR runs a static route the inputs do not ask for (192.0.2.0/24, as a
//      startup configuration that differs from them would);
//   1. the agent's first configuration meets the lock: the reload waits,
//      /readyz answers 503 and says why;
//   2. the lock is released: the reloader reports the reload failed (the
//      lock's refusals in frr-reload.py's output), the agent retries (backoff
//      from 1 s) and FRR runs exactly the candidate (the static route, which
//      the locked attempt could not remove, is gone), BIRD has both prefixes,
//      /readyz answers 200.
//
// Before the fix the agent took the failed answer for a final refusal: FRR
// kept the static route and /readyz said 200 throughout. FRR 8.4 has no such
// lock in vtysh (configure terminal takes none); this runs on 10.3, the FRR
// major of the DaemonSet's image.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELOADER_SCRIPT } from '../../src/compile/manifests-reloader.ts';
import { e2eDescribe, isRoot, missing } from '../lib/e2e.ts';
import { requireBuild, ROOT, tempDir } from '../lib/fixtures.ts';
import { createLab, labRequirements, NODE_V4, waitFor, type Lab } from './lib/lab.ts';
import { freePort, launch, stop, tail } from './lib/process.ts';

const NODE = 'node1';
const SEED = join(ROOT, 'examples', 'seed');
/** Policy changes reach the peer after 1 s (the lab's tuning, as raw configuration). */
const LAB_TUNING = `apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: lab-tuning, namespace: frr-k8s-system}
spec: {raw: {priority: 10, rawConfig: "bgp route-map delay-timer 1\\n"}}
`;

e2eDescribe('agent: a first reload FRR 10.3 cannot take (its configuration locked) is retried', { skip: missing(...labRequirements('10.3'), ['root', isRoot]), concurrency: 1, timeout: 5 * 60_000 }, () => {
  let lab: Lab;
  let work: { dir: string; cleanup: () => void };
  let lock: ChildProcess | undefined;
  let lockOutput = '';
  let reloader: ChildProcess | undefined;
  let agent: ChildProcess | undefined;
  let agentLog: string;
  let reloaderLog: string;
  let port: number;

  const readyz = async () => {
    const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    return r ? { status: r.status, body: await r.text() } : { status: 0, body: 'no answer' };
  };
  const prefixes = async () => (await lab.birdRoutes(NODE)).map((r) => r.prefix).sort().join(' ');
  const diagnostics = () => [`--- agent log`, tail(agentLog, 25), `--- reloader log`, tail(reloaderLog, 15), `--- lock holder`, lockOutput, lab?.logs() ?? ''].join('\n');

  before(async () => {
    const bin = requireBuild();
    work = tempDir('agent-retry');
    agentLog = join(work.dir, 'agent.log');
    reloaderLog = join(work.dir, 'reloader.log');
    const shared = join(work.dir, 'reloader');
    const cfg = join(work.dir, 'cfg');
    mkdirSync(shared);
    mkdirSync(cfg);
    copyFileSync(join(SEED, 'generated', 'frrconfiguration_metallb-tor-switch.yaml'), join(cfg, 'generated.yaml'));
    copyFileSync(join(SEED, 'custom-frr-config.yaml'), join(cfg, 'custom.yaml'));
    writeFileSync(join(cfg, 'lab-tuning.yaml'), LAB_TUNING);

    lab = await createLab({ frr: '10.3' });
    await lab.configureBird({ peers: [{ name: NODE, neighbor: NODE_V4, localAS: 65000, peerAS: 65001 }] });

    // A static route the inputs do not ask for (staticd's: through mgmtd).
    await lab.vtysh('configure', 'ip route 192.0.2.0/24 blackhole');
    // Another session holds FRR's configuration: an interactive vtysh in
    // `configure terminal file-lock`, kept open.
    const [c, a] = lab.nodeCommand('vtysh', ['--vty_socket', lab.frrDir, '--config_dir', lab.frrDir]);
    lock = spawn(c, a, { stdio: ['pipe', 'pipe', 'pipe'] });
    lock.stdout!.on('data', (d: Buffer) => (lockOutput += d.toString()));
    lock.stderr!.on('data', (d: Buffer) => (lockOutput += d.toString()));
    lock.stdin!.write('configure terminal file-lock\n');
    await waitFor('the lock holder to be in configuration mode', async () => /\(config\)# $/.test(lockOutput), { timeoutMs: 15_000, describe: async () => lockOutput });

    const script = join(work.dir, 'reloader.sh');
    writeFileSync(script, RELOADER_SCRIPT, { mode: 0o755 });
    const [rc, ra] = lab.nodeCommand('sh', [script]);
    reloader = launch(rc, ra, reloaderLog, { RELOADER_DIR: shared, FRR_CONFDIR: lab.frrDir, FRR_RUNDIR: lab.frrDir, FRR_VTY_SOCKET: lab.frrDir, FRR_PIDDIR: lab.frrDir });
    port = await freePort();
    agent = launch(process.execPath, [bin, 'agent', `--node-name=${NODE}`, `--from-dir=${cfg}`, `--reloader-dir=${shared}`, `--listen=127.0.0.1:${port}`, '--poll-interval=200ms', '--frr-check-interval=500ms', '--reload-timeout=60s'], agentLog);
  });

  after(async () => {
    lock?.kill('SIGKILL');
    await stop(agent);
    await stop(reloader);
    await lab?.close();
    work?.cleanup();
  });

  it('the first configuration meets the lock: the reload waits, /readyz says why', async () => {
    try {
      await waitFor('the reload to wait on the lock', async () => /Lock already taken on DS by another session/.test(readLog(join(lab.frrDir, 'mgmtd.log'))) && /"reloading FRR"/.test(readLog(agentLog)), { timeoutMs: 60_000, describe: async () => diagnostics() });
      const r = await readyz();
      assert.equal(r.status, 503, r.body);
      assert.match(r.body, /^not ready: reloading FRR \(configuration changed\)/);
      assert.match(await lab.vtysh('show running-config'), /^ip route 192\.0\.2\.0\/24 blackhole/m);
    } catch (e) {
      process.stderr.write(`${diagnostics()}\n`);
      throw e;
    }
  });

  it('the lock released: the failure is reported, the retry applies all of it; BIRD receives both prefixes, /readyz answers 200', async () => {
    try {
      lock!.stdin!.end('end\nexit\n');
      await waitFor('/readyz to answer 200', async () => (await readyz()).status === 200, { timeoutMs: 90_000, describe: async () => `${JSON.stringify(await readyz())}\n${diagnostics()}` });
      const log = readLog(agentLog);
      assert.match(log, /"msg":"FRR did not take the configuration; retrying".*"reason":"FRR's configuration is locked by another session"/);
      const running = await lab.vtysh('show running-config');
      assert.doesNotMatch(running, /192\.0\.2\.0/, 'the static route the locked attempt could not remove is gone');
      assert.match(running, /network 10\.201\.0\.0\/24/);
      const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as Record<string, string>;
      assert.equal(status.lastReloadResult, 'success');
      assert.match(status.runningConfig, /network 10\.201\.0\.0\/24/);
      await waitFor('BIRD to receive both prefixes', async () => (await prefixes()) === '10.200.0.0/24 10.201.0.0/24', { timeoutMs: 90_000, describe: async () => `BIRD has: ${await prefixes()}\n${diagnostics()}` });
    } catch (e) {
      process.stderr.write(`${diagnostics()}\n`);
      throw e;
    }
  });
});

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

