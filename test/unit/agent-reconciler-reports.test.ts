// What the reconciler reports in the less travelled cases: a crash that is not
// an Error, several conversion errors at once, the reasons of the reloads it
// makes by itself (FRR restarted, retry), the render time metric, the daemons
// of answers that name none, and one retry timer at a time.
import { afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { Reconciler, type ReconcilerOptions } from '../../src/agent/reconciler.ts';
import { secretsFrom } from '../../src/frr/index.ts';
import { NODE, reconcilerHarness } from '../lib/reconciler-harness.ts';

const NS = 'frr-k8s-system';
const config = (name: string, spec: FRRConfiguration['spec']): FRRConfiguration => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: NS }, spec });
const router = (prefix: string) => config('router', { bgp: { routers: [{ asn: 65001, prefixes: [prefix] }] } });

const made: Reconciler[] = [];
afterEach(() => made.splice(0).forEach((r) => r.stop()));

function agent(more: Partial<ReconcilerOptions> = {}) {
  const h = reconcilerHarness({ retryMinMs: 60_000, ...more });
  made.push(h.r);
  return h;
}

const metricLine = async (h: ReturnType<typeof agent>, name: string) => (await h.metrics.registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));

/** With setTimeout mocked: replaces the inputs, runs the debounced reconcile, waits for it. */
async function setMocked(a: ReturnType<typeof agent>, configs: FRRConfiguration[]) {
  a.r['o'].snapshot = () => ({ configs, secrets: secretsFrom([]), node: NODE });
  a.r.trigger();
  mock.timers.tick(0);
  await a.r.idle();
}

describe('Reconciler reports', () => {
  it('before any reload the status says nothing about reloads (a first configuration that does not convert)', async () => {
    const a = agent();
    await a.set([], { problems: ['FRRConfiguration frr-k8s-system/x: spec: bad'] });
    assert.deepEqual(a.last(), { runningConfig: '', lastConversionResult: 'error: FRRConfiguration frr-k8s-system/x: spec: bad', lastReloadResult: '' });
  });

  it('several conversion errors: one a line in the status, joined by "; " in the Event', async () => {
    const a = agent();
    await a.set([], { problems: ['problem one', 'problem two'] });
    assert.equal(a.last().lastConversionResult, 'error: problem one\nproblem two');
    assert.deepEqual(a.events, [{ type: 'Warning', reason: 'ConversionFailed', message: 'FRR keeps its last good configuration: problem one; problem two' }]);
  });

  it('converting again after errors: a Normal Event that says so', async () => {
    const a = agent();
    await a.set([], { problems: ['problem one'] });
    await a.set([router('10.0.0.0/24')]);
    assert.deepEqual(a.events.filter((e) => e.reason === 'ConversionSucceeded'), [{ type: 'Normal', reason: 'ConversionSucceeded', message: 'the FRRConfigurations for this node convert again' }]);
  });

  it('a crash: an Event at once, not ready and in_sync 0; a thrown non-Error is reported as its text', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    assert.match((await metricLine(a, 'metallb_frr_agent_in_sync')) ?? '', / 1$/);
    const err = new Error('boom');
    a.r['o'].snapshot = () => {
      throw err;
    };
    a.r.trigger();
    await a.r.idle();
    assert.deepEqual(a.events.filter((e) => e.reason === 'ConversionFailed'), [{ type: 'Warning', reason: 'ConversionFailed', message: 'FRR keeps its last good configuration: internal error (please report): boom' }], 'the first crash has its Event');
    assert.equal(a.log.lines.find((l) => l.msg === 'reconcile failed unexpectedly')?.error, err.stack, 'the log has the stack');
    assert.equal(await metricLine(a, 'metallb_frr_agent_in_sync'), 'metallb_frr_agent_in_sync 0');

    for (const thrown of [undefined, null]) {
      a.r['o'].snapshot = () => {
        throw thrown;
      };
      a.r.trigger();
      await a.r.idle();
      assert.equal(a.r.broken, `internal error (please report): ${thrown}`);
      assert.equal(a.log.lines.filter((l) => l.msg === 'reconcile failed unexpectedly').pop()?.error, String(thrown));
    }
    assert.deepEqual(
      a.events.filter((e) => e.reason === 'ConversionFailed').map((e) => e.message),
      ['boom', 'undefined', 'null'].map((w) => `FRR keeps its last good configuration: internal error (please report): ${w}`),
      'a different crash has its own Event',
    );
  });

  it('the render time is observed in seconds', async (t) => {
    let now = 1000;
    mock.method(performance, 'now', () => (now += 250));
    t.after(() => mock.restoreAll());
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    assert.equal(await metricLine(a, 'metallb_frr_agent_render_duration_seconds_sum'), 'metallb_frr_agent_render_duration_seconds_sum 0.25');
  });

  it('an FRR restart while the inputs do not convert: the last good configuration is reloaded with that reason', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.inputs = { configs: [], secrets: secretsFrom([]), node: NODE, problems: ['problem one'] };
    a.reloader.now = 'zebra:5 bgpd:6';
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 2);
    assert.equal(a.requests[1], a.requests[0]);
    assert.deepEqual(a.log.lines.filter((l) => l.msg === 'reloading FRR').map((l) => l.reason), ['configuration changed', 'FRR restarted; the last good configuration']);
  });

  it('an FRR restart while the inputs ask for a refused configuration: the last good one is reloaded with that reason and an Event saying so', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.answers.push({ status: 'failed', stage: 'test', message: '% Unknown command' });
    await a.set([router('10.1.0.0/24')]);
    a.reloader.now = 'zebra:5 bgpd:6';
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 3);
    assert.equal(a.requests[2], a.requests[0]);
    assert.deepEqual(a.log.lines.filter((l) => l.msg === 'reloading FRR').map((l) => l.reason), ['configuration changed', 'configuration changed', 'FRR restarted; the last good configuration']);
    assert.deepEqual(
      a.events.filter((e) => e.reason === 'ConfigReloaded').map((e) => e.message),
      ['FRR runs the configuration of 1 FRRConfiguration(s)', 'FRR runs the last good configuration again'],
    );
    assert.match(a.r.readiness().reason ?? '', /^FRR refused the configuration the inputs ask for .*the last good one$/);
  });

  it('an answer that names no daemons keeps the ones known: an FRR restart is still seen', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.answers.push({ status: 'ok', message: '', daemons: undefined });
    await a.set([router('10.1.0.0/24')]);
    a.reloader.now = 'zebra:5 bgpd:6';
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 3, 'the configuration is applied again');
  });

  it('an answer to putting the last good configuration back that names no daemons keeps the ones known', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.answers.push({ status: 'failed', stage: 'reload', message: '% bad' }, { status: 'ok', message: '', daemons: undefined });
    await a.set([router('10.1.0.0/24')]);
    assert.equal(a.requests.length, 3);
    a.reloader.now = 'zebra:5 bgpd:6';
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 4, 'the last good configuration is applied again');
  });

  it('one retry timer at a time: a second transient failure before the retry waits for it, and the backoff doubles once', async (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const a = agent({ retryMinMs: 20, retryMaxMs: 1000 });
    const locked = { status: 'failed', stage: 'reload', message: '% Configuration is locked by other client' } as const;
    a.answers.push(locked, locked, locked);
    await setMocked(a, [router('10.0.0.0/24')]);
    await setMocked(a, [router('10.1.0.0/24')]);
    assert.equal(a.requests.length, 2);
    mock.timers.tick(20);
    mock.timers.tick(0);
    await a.r.idle();
    assert.equal(a.requests.length, 3, 'one retry');
    assert.deepEqual(a.log.lines.filter((l) => l.msg === 'FRR did not take the configuration; retrying').map((l) => l.retryInMs), [20, 40, 40]);
    assert.deepEqual(a.log.lines.filter((l) => l.msg === 'reloading FRR').map((l) => l.reason), ['configuration changed', 'configuration changed', 'retry']);
  });
});
