// The reconciler's words: Event and status messages kept short, configuration
// warnings logged once per change, the frr-reload.py stage named when the
// reloader's answer names none, and FRR's log level passed to the rendering.
import { afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { createMetrics } from '../../src/agent/metrics.ts';
import { Reconciler, type Inputs, type NodeStatus, type ReconcilerOptions } from '../../src/agent/reconciler.ts';
import type { Reloader, ReloadResult } from '../../src/agent/reloader.ts';
import { secretsFrom } from '../../src/frr/index.ts';

const NS = 'frr-k8s-system';
const NODE = { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } };

const config = (name: string, spec: FRRConfiguration['spec']): FRRConfiguration => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: NS }, spec });
const router = (prefix: string) => config('router', { bgp: { routers: [{ asn: 65001, prefixes: [prefix] }] } });
/** Raw configuration that sets coalesce-time: a warning of the FRR library. */
const coalescing = (name: string) => config(name, { raw: { priority: 1, rawConfig: 'router bgp 65001\n coalesce-time 1000\nexit\n' } });

/** Every reconciler made, stopped after each test (a retry timer keeps the process alive). */
const made: Reconciler[] = [];
afterEach(() => made.splice(0).forEach((r) => r.stop()));

/** A reconciler over a fake reloader that answers ok unless told otherwise. */
function agent(more: Partial<ReconcilerOptions> = {}) {
  const requests: string[] = [];
  const answers: Array<Partial<ReloadResult>> = [];
  const frr = { daemons: 'zebra:1 bgpd:2' };
  const reloader: Reloader = {
    reload: async (text) => (requests.push(text), { status: 'ok', message: '', daemons: frr.daemons, ...answers.shift() }),
    daemons: () => frr.daemons,
    close: () => {},
  };
  const statuses: NodeStatus[] = [];
  const events: Array<{ type: string; reason: string; message: string }> = [];
  const log = memoryLogger();
  let inputs: Inputs = { configs: [], secrets: secretsFrom([]), node: NODE };
  const r = new Reconciler({
    nodeName: NODE.name,
    snapshot: () => inputs,
    reloader,
    status: { publish: (s) => statuses.push(s) },
    events: { emit: (type, reason, message) => events.push({ type, reason, message }) },
    metrics: createMetrics({ processMetrics: false }),
    log,
    debounceMs: 0,
    frrCheckMs: 0,
    retryMinMs: 60_000,
    ...more,
  });
  made.push(r);
  const set = async (configs: FRRConfiguration[], extra: Partial<Inputs> = {}) => {
    inputs = { configs, secrets: secretsFrom([]), node: NODE, ...extra };
    r.trigger();
    await r.idle();
  };
  return { r, frr, requests, answers, statuses, events, log, set, last: () => statuses[statuses.length - 1] };
}

describe('Reconciler messages', () => {
  it('an Event message longer than 1000 characters (what an Event holds) is cut to 997 and "..."; one of 1000 stays whole', async () => {
    const a = agent();
    const prefix = 'FRR keeps its last good configuration: ';
    const exactly = 'a'.repeat(1000 - prefix.length);
    await a.set([], { problems: [exactly] });
    assert.equal(a.events.at(-1)?.message, prefix + exactly);

    const longer = 'b'.repeat(1001 - prefix.length);
    await a.set([], { problems: [longer] });
    const said = a.events.at(-1)?.message ?? '';
    assert.equal(said, `${(prefix + longer).slice(0, 997)}...`);
    assert.equal(said.length, 1000);
    // Readiness says why in the same words, as short.
    assert.equal(a.r.readiness().reason?.length, 1000);
  });

  it('configuration warnings are logged once per change of the warnings, each on its own line with the warning', async () => {
    const a = agent();
    const warned = () => a.log.lines.filter((l) => l.msg === 'configuration warning').map((l) => String(l.warning));
    await a.set([router('10.0.0.0/24'), coalescing('raw-a'), coalescing('raw-b')]);
    const first = warned();
    assert.equal(first.length, 2, JSON.stringify(a.log.lines));
    assert.match(first[0], /FRRConfiguration frr-k8s-system\/raw-a.*spec\.raw\.rawConfig.*coalesce-time/);
    assert.match(first[1], /FRRConfiguration frr-k8s-system\/raw-b.*spec\.raw\.rawConfig.*coalesce-time/);

    // Other inputs, the same warnings: not logged again.
    await a.set([router('10.0.1.0/24'), coalescing('raw-a'), coalescing('raw-b')]);
    assert.equal(warned().length, 2);

    // One warning less is a change: what is left is logged.
    await a.set([router('10.0.1.0/24'), coalescing('raw-a')]);
    assert.equal(warned().length, 3);
    assert.match(warned()[2], /raw-a/);
  });

  it('an answer that names no frr-reload.py stage is taken as from --reload: a refusal', async () => {
    const a = agent();
    a.answers.push({ status: 'failed', message: '% Unknown command: frobnicate' });
    await a.set([router('10.0.0.0/24')]);
    assert.equal(a.last().lastReloadResult, 'error: FRR refused the configuration (frr-reload.py --reload): % Unknown command: frobnicate');
  });

  it('an answer that names no frr-reload.py stage is taken as from --reload: FRR busy', async () => {
    const a = agent();
    a.answers.push({ status: 'failed', message: '% Configuration is locked by other client' });
    await a.set([router('10.0.0.0/24')]);
    assert.equal(
      a.last().lastReloadResult,
      "error: FRR could not take the configuration now (FRR's configuration is locked by another session; frr-reload.py --reload): % Configuration is locked by other client",
    );
  });

  it("FRR's log level from the options is the one rendered", async () => {
    const a = agent({ frrLogLevel: 'debugging' });
    await a.set([router('10.0.0.0/24')]);
    assert.match(a.requests[0], /^log stdout debugging$/m);
    const b = agent();
    await b.set([router('10.0.0.0/24')]);
    assert.match(b.requests[0], /^log stdout informational$/m);
  });

  it('every frrCheckMs it looks for an FRR restart by itself, and applies the configuration again', async (t) => {
    mock.timers.enable({ apis: ['setInterval'] });
    t.after(() => mock.timers.reset());
    const a = agent({ frrCheckMs: 5000 });
    await a.set([router('10.0.0.0/24')]);
    assert.equal(a.requests.length, 1);
    mock.timers.tick(5000);
    await a.r.idle();
    assert.equal(a.requests.length, 1, 'the same daemons: nothing to do');
    a.frr.daemons = 'zebra:3 bgpd:4';
    mock.timers.tick(4999);
    await a.r.idle();
    assert.equal(a.requests.length, 1, 'not before the period is over');
    mock.timers.tick(1);
    await a.r.idle();
    assert.equal(a.requests.length, 2);
    assert.equal(a.requests[1], a.requests[0]);
    assert.equal(a.events.at(-2)?.reason, 'FRRRestarted');
  });

  it('frrCheckMs 0, or none: it never looks by itself', async (t) => {
    mock.timers.enable({ apis: ['setInterval'] });
    t.after(() => mock.timers.reset());
    for (const a of [agent({ frrCheckMs: 0 }), agent({ frrCheckMs: undefined })]) {
      await a.set([router('10.0.0.0/24')]);
      a.frr.daemons = 'zebra:3 bgpd:4';
      mock.timers.tick(60_000);
      await a.r.idle();
      assert.equal(a.requests.length, 1);
    }
  });
});
