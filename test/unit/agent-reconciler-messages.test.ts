// The reconciler's words: Event and status messages kept short, configuration
// warnings logged once per change, the frr-reload.py stage named when the
// reloader's answer names none, and FRR's log level passed to the rendering.
import { afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import { Reconciler, type ReconcilerOptions } from '../../src/agent/reconciler.ts';
import { secretsFrom } from '../../src/frr/index.ts';
import { NODE, reconcilerHarness } from '../lib/reconciler-harness.ts';

const NS = 'frr-k8s-system';

const config = (name: string, spec: FRRConfiguration['spec']): FRRConfiguration => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name, namespace: NS }, spec });
const router = (prefix: string) => config('router', { bgp: { routers: [{ asn: 65001, prefixes: [prefix] }] } });
/** Raw configuration that sets coalesce-time: a warning of the FRR library. */
const coalescing = (name: string) => config(name, { raw: { priority: 1, rawConfig: 'router bgp 65001\n coalesce-time 1000\nexit\n' } });

/** Every reconciler made, stopped after each test (a retry timer keeps the process alive). */
const made: Reconciler[] = [];
afterEach(() => made.splice(0).forEach((r) => r.stop()));

/** A reconciler over a fake reloader that answers ok unless told otherwise; stopped after the test. */
function agent(more: Partial<ReconcilerOptions> = {}) {
  const h = reconcilerHarness({ retryMinMs: 60_000, ...more });
  made.push(h.r);
  return h;
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
    assert.equal(a.last().lastConversionResult, 'success', 'warnings are no conversion errors');
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
    a.reloader.now = 'zebra:3 bgpd:4';
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
      a.reloader.now = 'zebra:3 bgpd:4';
      mock.timers.tick(60_000);
      await a.r.idle();
      assert.equal(a.requests.length, 1);
    }
  });

  it('an FRR restart: a Warning Event and a log line naming the pids, not ready until the configuration is applied again, the reason in the reload', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    let during: string | undefined;
    const reload = a.reloader.reload.bind(a.reloader);
    a.reloader.reload = (text) => ((during = a.r.readiness().reason), reload(text));
    a.reloader.now = 'zebra:3 bgpd:4';
    a.r.checkFRR();
    assert.deepEqual(a.r.readiness(), { ok: false, reason: 'FRR restarted; applying the configuration again' });
    await a.r.idle();
    assert.equal(during, 'reloading FRR (FRR restarted)');
    assert.deepEqual(a.events.find((e) => e.reason === 'FRRRestarted'), { type: 'Warning', reason: 'FRRRestarted', message: 'FRR daemons restarted (zebra:1 bgpd:2 -> zebra:3 bgpd:4); applying the configuration again' });
    assert.ok(a.log.lines.some((l) => l.msg === 'FRR restarted; applying the configuration again' && l.before === 'zebra:1 bgpd:2' && l.now === 'zebra:3 bgpd:4'));
    assert.ok(a.log.lines.some((l) => l.msg === 'reloading FRR' && l.reason === 'FRR restarted'));
    assert.deepEqual(a.r.readiness(), { ok: true });
  });

  it('an FRR restart is answered once, even when applying the configuration again fails', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.reloader.now = 'zebra:3 bgpd:4';
    a.answers.push({ status: 'failed', stage: 'test', message: '% refused', daemons: undefined });
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 2);
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 2, 'the same restart');
  });

  it('after stop(), an FRR restart changes nothing', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.r.stop();
    a.reloader.now = 'zebra:3 bgpd:4';
    a.r.checkFRR();
    assert.deepEqual(a.events.map((e) => e.reason), ['ConfigReloaded']);
    assert.equal(a.requests.length, 1);
  });

  it('an FRR restart while nothing good runs and the inputs do not convert: nothing to put back', async () => {
    const a = agent();
    a.answers.push({ status: 'failed', stage: 'test', message: '% refused' });
    await a.set([router('10.0.0.0/24')]);
    await a.set([], { problems: ['a.yaml: bad'] });
    a.reloader.now = 'zebra:3 bgpd:4';
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 1);
    assert.equal(a.r.broken, undefined);
    assert.equal(a.r.readiness().reason, 'the FRRConfigurations for this node do not convert: a.yaml: bad; FRR keeps its startup configuration');
  });

  it('readiness counts the conversion errors after the first', async () => {
    const a = agent();
    await a.set([], { problems: ['one', 'two', 'three'] });
    assert.equal(a.r.readiness().reason, 'the FRRConfigurations for this node do not convert: one (and 2 more); FRR keeps its startup configuration');
    await a.set([], { problems: ['one', 'two'] });
    assert.equal(a.r.readiness().reason, 'the FRRConfigurations for this node do not convert: one (and 1 more); FRR keeps its startup configuration');
    await a.set([], { problems: ['one'] });
    assert.equal(a.r.readiness().reason, 'the FRRConfigurations for this node do not convert: one; FRR keeps its startup configuration');
    await a.set([config('bad', { bgp: { routers: [{ asn: 0 }] } })]);
    assert.match(a.last().lastConversionResult, /router ASN must be between/);
    assert.ok(!a.log.lines.some((l) => l.msg === 'configuration warning'), 'errors are not warnings');
    await a.set([router('10.0.0.0/24')]);
    assert.ok(a.log.lines.some((l) => l.msg === 'the FRRConfigurations for this node convert again' && l.level === 'info'));
  });

  it('a reconcile that throws (a bug): the first line of the error, cut to 200 characters, in the status, readiness, one Event and the log; cleared by the next good reconcile', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    let fail = true;
    const first = `boom ${'x'.repeat(300)}`;
    a.r['o'].snapshot = () => {
      if (fail) throw new Error(`${first}\nsecond line`);
      return { configs: [router('10.0.0.0/24')], secrets: secretsFrom([]), node: NODE };
    };
    const why = `internal error (please report): ${first.slice(0, 200)}`;
    for (let i = 0; i < 2; i++) {
      a.r.trigger();
      await a.r.idle();
    }
    assert.equal(a.r.broken, why);
    assert.deepEqual(a.r.readiness(), { ok: false, reason: `reconcile failed: ${why}` });
    assert.equal(a.last().lastConversionResult, `error: ${why}`);
    assert.deepEqual(a.events.filter((e) => e.reason === 'ConversionFailed'), [{ type: 'Warning', reason: 'ConversionFailed', message: `FRR keeps its last good configuration: ${why}` }], 'one Event for the same crash');
    const logged = a.log.lines.filter((l) => l.msg === 'reconcile failed unexpectedly');
    assert.equal(logged.length, 2);
    assert.match(String(logged[0].error), /second line/);
    assert.match(await a.metrics.registry.metrics(), /metallb_frr_agent_failures_total\{stage="conversion"\} 2/);
    let message = 'short\nsecond line';
    a.r['o'].snapshot = () => {
      if (fail) throw new Error(message);
      return { configs: [router('10.0.0.0/24')], secrets: secretsFrom([]), node: NODE };
    };
    a.r.trigger();
    await a.r.idle();
    assert.equal(a.r.broken, 'internal error (please report): short', 'the first line only');
    message = '';
    fail = false;
    a.r.trigger();
    await a.r.idle();
    assert.equal(a.r.broken, undefined);
    assert.deepEqual(a.r.readiness(), { ok: true });
  });

  it('a secret FRR prints on a line of its own (frr-reload.py wraps long lines) is scrubbed by value', async () => {
    const a = agent();
    const secured = config('secured', { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.9', asn: 65009, password: 'Sup3r-s3cret' }] }] } });
    a.answers.push({ status: 'failed', stage: 'test', message: "['neighbor 10.0.0.9 remote-as 65009',\n 'Sup3r-s3cret']" });
    await a.set([secured]);
    assert.ok(a.requests[0].includes('Sup3r-s3cret'));
    const said = JSON.stringify({ s: a.statuses, e: a.events, l: a.log.lines });
    assert.ok(!said.includes('Sup3r-s3cret'), said);
    assert.match(a.last().lastReloadResult, /<redacted>/);
  });

  /** Polls until the reconciler is ready (retries run on their timers), then waits for it to settle. */
  const settled = async (a: ReturnType<typeof agent>) => {
    const deadline = Date.now() + 5000;
    while (!a.r.readiness().ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await a.r.idle();
  };

  it('retries back off from retryMinMs, doubling up to retryMaxMs, and start again from retryMinMs after a success', async () => {
    const a = agent({ retryMinMs: 5, retryMaxMs: 20 });
    const timeout = { status: 'timeout' as const, message: 'the reloader did not answer within 1s' };
    a.answers.push(timeout, timeout, timeout, timeout);
    await a.set([router('10.0.0.0/24')]);
    assert.equal(a.last().lastReloadResult, 'error: the reloader did not answer within 1s');
    await settled(a);
    const retries = () => a.log.lines.filter((l) => l.msg === 'FRR did not take the configuration; retrying').map((l) => l.retryInMs);
    assert.deepEqual(retries(), [5, 10, 20, 20]);
    assert.deepEqual(a.events.map((e) => [e.reason, e.message]), [
      ['ReloadTimeout', 'the reloader did not answer within 1s; retrying with backoff'],
      ['ConfigReloaded', 'FRR runs the configuration of 1 FRRConfiguration(s)'],
    ]);
    assert.ok(a.log.lines.some((l) => l.msg === 'FRR runs the new configuration' && l.configurations === 1));
    assert.match(await a.metrics.registry.metrics(), /metallb_frr_agent_failures_total\{stage="reload"\} 4/);

    // A new run of failures: from the start, with an Event of its own.
    a.answers.push({ status: 'failed', stage: 'reload', message: '% Configuration is locked by other client\n password zzz' });
    await a.set([router('10.1.0.0/24')]);
    await settled(a);
    assert.deepEqual(retries(), [5, 10, 20, 20, 5]);
    assert.equal(a.events.filter((e) => e.reason === 'ReloadFailed').length, 1);
    const logged = a.log.lines.filter((l) => l.msg === 'FRR did not take the configuration; retrying').at(-1);
    assert.equal(logged?.output, '% Configuration is locked by other client\n password <redacted>', 'what FRR printed, secret keywords redacted');
  });

  it('retries start from one second by default', async () => {
    const a = agent({ retryMinMs: undefined });
    a.answers.push({ status: 'timeout', message: 'no answer' });
    await a.set([router('10.0.0.0/24')]);
    assert.equal(a.log.lines.find((l) => l.msg === 'FRR did not take the configuration; retrying')?.retryInMs, 1000);
  });

  it('a candidate that could not be handed over or read back, or no answer: the reloader\'s own words, without frr-reload.py', async () => {
    for (const answer of [
      { status: 'failed' as const, stage: 'write', message: 'cannot write to /x: ENOENT' },
      { status: 'failed' as const, stage: 'read', message: 'cannot read /x/reload.result' },
      { status: 'timeout' as const, message: 'the reloader did not answer within 1s' },
    ]) {
      const a = agent();
      a.answers.push(answer);
      await a.set([router('10.0.0.0/24')]);
      assert.equal(a.last().lastReloadResult, `error: ${answer.message}`);
    }
  });

  it('a refusal ends a run of retries: the next transient failure has an Event again', async () => {
    const a = agent({ retryMinMs: 5, retryMaxMs: 20 });
    const locked = { status: 'failed' as const, stage: 'reload', message: '% Configuration is locked by other client' };
    a.answers.push(locked, { status: 'failed', stage: 'test', message: '% Unknown command' });
    await a.set([router('10.0.0.0/24')]);
    const deadline = Date.now() + 5000;
    while (a.requests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await a.r.idle();
    assert.match(a.last().lastReloadResult, /^error: FRR refused the configuration \(frr-reload\.py --test\)/);
    assert.ok(a.log.lines.some((l) => l.msg === 'FRR refused the configuration; the last good one stays' && l.stage === 'test' && l.output === '% Unknown command'));
    a.answers.push(locked);
    await a.set([router('10.1.0.0/24')]);
    assert.deepEqual(a.events.map((e) => e.reason), ['ReloadFailed', 'ReloadFailed', 'ReloadFailed']);
  });

  it('putting the last good configuration back: logged, its daemons remembered; a failure logged too', async () => {
    const a = agent();
    await a.set([router('10.0.0.0/24')]);
    a.answers.push({ status: 'failed', stage: 'reload', message: '% bad', daemons: 'zebra:1 bgpd:2' }, { status: 'ok', message: '', daemons: 'zebra:7 bgpd:8' });
    a.reloader.now = 'zebra:7 bgpd:8';
    await a.set([router('10.1.0.0/24')]);
    assert.equal(a.requests.length, 3);
    assert.ok(a.log.lines.some((l) => l.msg === 'the last good configuration is applied again'));
    a.r.checkFRR();
    await a.r.idle();
    assert.equal(a.requests.length, 3, 'the daemons of the answer to the restore are the running ones');

    a.answers.push({ status: 'failed', stage: 'reload', message: '% bad' }, { status: 'failed', stage: 'reload', message: '% worse' });
    await a.set([router('10.2.0.0/24')]);
    assert.ok(a.log.lines.some((l) => l.msg === 'applying the last good configuration again failed' && l.output === '% worse'));
  });

  /** With setTimeout mocked: replaces the inputs, runs the debounced reconcile, waits for it. */
  const setMocked = async (a: ReturnType<typeof agent>, configs: FRRConfiguration[]) => {
    a.r['o'].snapshot = () => ({ configs, secrets: secretsFrom([]), node: NODE });
    a.r.trigger();
    mock.timers.tick(0);
    await a.r.idle();
  };

  it('a retry that comes when FRR already runs what the inputs ask for does nothing', async (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const a = agent({ retryMinMs: 20 });
    a.answers.push({ status: 'failed', stage: 'reload', message: '% Configuration is locked by other client' });
    await setMocked(a, [router('10.0.0.0/24')]);
    await setMocked(a, [router('10.1.0.0/24')]);
    assert.deepEqual(a.r.readiness(), { ok: true });
    assert.equal(a.requests.length, 2);
    mock.timers.tick(20);
    mock.timers.tick(0);
    await a.r.idle();
    assert.equal(a.requests.length, 2);
  });

  it('a retry that comes back to a refused configuration with nothing good to put back leaves FRR alone', async (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const a = agent({ retryMinMs: 20 });
    a.answers.push({ status: 'failed', stage: 'test', message: '% Unknown command' }, { status: 'failed', stage: 'reload', message: '% Configuration is locked by other client' });
    await setMocked(a, [router('10.0.0.0/24')]);
    await setMocked(a, [router('10.1.0.0/24')]);
    await setMocked(a, [router('10.0.0.0/24')]);
    assert.equal(a.requests.length, 2);
    mock.timers.tick(20);
    mock.timers.tick(0);
    await a.r.idle();
    assert.equal(a.requests.length, 2);
    assert.equal(a.r.broken, undefined);
    assert.match(a.r.readiness().reason ?? '', /^FRR refused the configuration the inputs ask for .*its startup configuration$/);
  });

  it('every log line, Event and status field goes through the scrubber of the secrets it knows', async () => {
    const a = agent();
    const secured = config('secured', { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.9', asn: 65009, password: 'Sup3r-s3cret' }] }] } });
    await a.set([secured]);
    // A source problem quoting the running password (a YAML error quotes its line).
    await a.set([], { problems: ['a.yaml: not valid YAML (document 1): bad indentation at "Sup3r-s3cret"'] });
    assert.equal(a.last().lastConversionResult, 'error: a.yaml: not valid YAML (document 1): bad indentation at "<redacted>"');
    const logger = a.r['log'];
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger[level](`${level} Sup3r-s3cret`, { text: 'Sup3r-s3cret', list: ['a Sup3r-s3cret'], n: 1 });
    const lines = a.log.lines.filter((l) => l.n === 1);
    assert.deepEqual(
      lines.map((l) => [l.msg, l.text, l.list]),
      ['debug', 'info', 'warn', 'error'].map((level) => [`${level} <redacted>`, '<redacted>', ['a <redacted>']]),
    );
    a.r['events'].emit('Normal', 'Test', 'an Event with Sup3r-s3cret');
    assert.equal(a.events.at(-1)?.message, 'an Event with <redacted>');
    assert.ok(!JSON.stringify({ s: a.statuses, e: a.events, l: a.log.lines }).includes('Sup3r-s3cret'));
  });
});
