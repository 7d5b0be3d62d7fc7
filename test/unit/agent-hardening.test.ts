// The agent under hostile or large input (issue 9): a node whose
// configuration is huge still reconciles, and a reconcile that cannot finish
// shows in /readyz, the status and an Event instead of passing for ready.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { memoryLogger } from '../../src/agent/log.ts';
import { parseAgentFlags, startAgent, type RunningAgent } from '../../src/agent/main.ts';
import { RELOADER_FILES } from '../../src/compile/manifests-reloader.ts';
import { tempDir } from '../lib/fixtures.ts';
import { standInReloader } from '../lib/reloader.ts';

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
