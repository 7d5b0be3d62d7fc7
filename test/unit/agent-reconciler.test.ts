// The reconciler with a fake reloader: what reaches FRR, what the status,
// Events, logs and metrics say, keeping the last good configuration, and
// that no Secret value ever leaves the frr.conf handed to the reloader.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FRRConfiguration, GeneratedFRRConfiguration } from '../../src/api/frrk8s.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { secretsFrom } from '../../src/frr/index.ts';
import type { AgentMetrics } from '../../src/agent/metrics.ts';
import { Reconciler, SUCCESS, type Inputs } from '../../src/agent/reconciler.ts';
import type { ReloadResult } from '../../src/agent/reloader.ts';
import { ROOT } from '../lib/fixtures.ts';
import { NODE, reconcilerHarness } from '../lib/reconciler-harness.ts';

const NS = 'frr-k8s-system';
const PASSWORD = 'Sup3r-s3cret-value';

const seedFile = (f: string) => parse(readFileSync(join(ROOT, 'examples', 'seed', f), 'utf8')) as GeneratedFRRConfiguration;
const generated = () => seedFile('generated/frrconfiguration_metallb-tor-switch.yaml');
const custom = (prefix = '10.201.0.0/24'): GeneratedFRRConfiguration => {
  const c = seedFile('custom-frr-config.yaml');
  c.spec.bgp!.routers![0].prefixes = [prefix];
  c.spec.bgp!.routers![0].neighbors![0].toAdvertise = { allowed: { prefixes: [prefix] } };
  return c;
};
const conflicting = (): GeneratedFRRConfiguration => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'conflicting', namespace: NS },
  spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65099 }] }] } },
});
/** A session to another peer whose password comes from a Secret. */
const withSecret = (): GeneratedFRRConfiguration => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'secured', namespace: NS },
  spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.9', asn: 65009, passwordSecret: { name: 'peer-password', namespace: NS } }] }] } },
});
const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'peer-password', namespace: NS },
  type: 'kubernetes.io/basic-auth',
  data: { password: Buffer.from(PASSWORD).toString('base64') },
};

/** Selects no node here: the rendered text stays the same. */
const LABELLED_NOOP = (): GeneratedFRRConfiguration => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'elsewhere', namespace: NS },
  spec: { nodeSelector: { matchLabels: { 'kubernetes.io/hostname': 'node2' } }, bgp: { routers: [{ asn: 65001, prefixes: ['10.99.0.0/24'] }] } },
});

type Harness = ReturnType<typeof harness>;

function harness(opts: { retryMinMs?: number } = {}) {
  return reconcilerHarness({ daemons: 'zebra:10 staticd:11 bfdd:12 bgpd:13', retryMinMs: opts.retryMinMs ?? 10, retryMaxMs: 40 });
}

/** FRR runs the seed's two configurations (`good`); then the inputs ask for 10.202.0.0/24 and the reloader answers `refusal`. */
async function goodThenRefused(refusal: Partial<ReloadResult>): Promise<{ h: Harness; good: string }> {
  const h = harness();
  await h.set([generated(), custom()]);
  const good = h.reloader.requests[0];
  assert.equal(h.last().runningConfig, good);
  h.reloader.answers.push(refusal);
  await h.set([generated(), custom('10.202.0.0/24')]);
  return { h, good };
}

const metric = async (m: AgentMetrics, name: string, labels = ''): Promise<number> => {
  const line = (await m.registry.metrics()).split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return Number(line?.split(' ').pop());
};

describe('Reconciler', () => {
  it('renders the selected configurations, reloads once, and does nothing when the result equals what runs', async () => {
    const h = harness();
    await h.set([generated(), custom()]);
    assert.equal(h.reloader.requests.length, 1);
    assert.match(h.reloader.requests[0], /network 10\.200\.0\.0\/24/);
    assert.match(h.reloader.requests[0], /network 10\.201\.0\.0\/24/);
    assert.deepEqual({ ...h.last(), runningConfig: undefined }, { runningConfig: undefined, lastConversionResult: SUCCESS, lastReloadResult: SUCCESS });
    assert.equal(h.last().runningConfig, h.reloader.requests[0]);
    assert.ok(h.r.ready);

    await h.set([custom(), generated()]); // same set, other order
    assert.equal(h.reloader.requests.length, 1, 'unchanged: no reload');
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_reloads_total', '{result="success"}'), 1);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_configurations_selected'), 2);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 1);
    assert.ok((await metric(h.metrics, 'metallb_frr_agent_last_reload_success_timestamp_seconds')) > 1e9);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_render_duration_seconds_count'), 2);
    assert.deepEqual(h.events.map((e) => e.reason), ['ConfigReloaded']);

    await h.set([generated(), custom('10.202.0.0/24')]);
    assert.equal(h.reloader.requests.length, 2);
    assert.match(h.reloader.requests[1], /10\.202\.0\.0\/24/);
  });

  it('only configurations selecting the node count', async () => {
    const h = harness();
    const elsewhere = custom('10.99.0.0/24');
    elsewhere.metadata.name = 'elsewhere';
    elsewhere.spec.nodeSelector = { matchLabels: { 'kubernetes.io/hostname': 'node2' } };
    await h.set([generated(), elsewhere]);
    assert.doesNotMatch(h.reloader.requests[0], /10\.99\.0\.0/);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_configurations_selected'), 1);
  });

  it('a conversion error keeps the last good configuration, is reported, and recovers when fixed', async () => {
    const h = harness();
    await h.set([generated(), custom()]);
    const good = h.last().runningConfig;

    await h.set([generated(), custom(), conflicting()]);
    assert.equal(h.reloader.requests.length, 1, 'FRR is not touched');
    const s = h.last();
    assert.equal(s.runningConfig, good, 'the running config is still the last good one');
    assert.equal(s.lastReloadResult, SUCCESS);
    assert.match(s.lastConversionResult, /^error: /);
    assert.match(s.lastConversionResult, /FRRConfiguration frr-k8s-system\/conflicting/);
    assert.match(s.lastConversionResult, /65099/);
    assert.equal(h.events.at(-1)?.type, 'Warning');
    assert.equal(h.events.at(-1)?.reason, 'ConversionFailed');
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_failures_total', '{stage="conversion"}'), 1);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 0);

    // The same error again is not a new failure.
    await h.set([conflicting(), generated(), custom()]);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_failures_total', '{stage="conversion"}'), 1);
    assert.equal(h.events.filter((e) => e.reason === 'ConversionFailed').length, 1);

    await h.set([generated(), custom()]);
    assert.equal(h.reloader.requests.length, 1, 'back to what runs: nothing to reload');
    assert.equal(h.last().lastConversionResult, SUCCESS);
    assert.equal(h.events.at(-1)?.reason, 'ConversionSucceeded');
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 1);
  });

  it('a missing Node and problems of the source are conversion errors', async () => {
    const h = harness();
    await h.set([generated()], { node: undefined });
    assert.equal(h.reloader.requests.length, 0);
    assert.equal(h.last().lastConversionResult, 'error: Node node1 not found');
    await h.set([generated()], { problems: ['a.yaml: not valid YAML (document 1): bad'] });
    assert.equal(h.last().lastConversionResult, 'error: a.yaml: not valid YAML (document 1): bad');
    assert.equal(h.reloader.requests.length, 0);
  });

  it('nothing happens before the sources have synced', async () => {
    const h = harness();
    h.inputs = undefined as unknown as Inputs;
    h.r.trigger();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 0);
    assert.equal(h.statuses.length, 0);
    assert.equal(h.r.ready, false);
  });

  it('a configuration FRR refuses (--test) leaves FRR as it was, is not retried until the inputs change', async () => {
    const { h, good } = await goodThenRefused({ status: 'failed', stage: 'test', message: 'line 12: % Unknown command: frobnicate' });
    assert.equal(h.reloader.requests.length, 2, 'no restore: --test changes nothing');
    assert.equal(h.last().runningConfig, good);
    assert.match(h.last().lastReloadResult, /^error: FRR refused the configuration \(frr-reload\.py --test\): line 12: % Unknown command: frobnicate/);
    assert.equal(h.events.at(-1)?.reason, 'ReloadFailed');
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_reloads_total', '{result="failure"}'), 1);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_failures_total', '{stage="reload"}'), 1);

    await h.set([custom('10.202.0.0/24'), generated()]);
    assert.equal(h.reloader.requests.length, 2, 'the refused text is not sent again');

    await h.set([generated(), custom('10.203.0.0/24')]);
    assert.equal(h.reloader.requests.length, 3);
    assert.equal(h.last().lastReloadResult, SUCCESS);
    assert.match(h.last().runningConfig, /10\.203\.0\.0\/24/);
  });

  it('a reload that fails half-way puts the last good configuration back', async () => {
    const { h, good } = await goodThenRefused({ status: 'failed', stage: 'reload', message: '% Invalid value' });
    assert.equal(h.reloader.requests.length, 3);
    assert.equal(h.reloader.requests[2], good, 'restored');
    assert.equal(h.last().runningConfig, good);

    // If even that fails, the status says so.
    h.reloader.answers.push({ status: 'failed', stage: 'reload', message: 'no' }, { status: 'failed', stage: 'reload', message: 'bgpd is gone' });
    await h.set([generated(), custom('10.204.0.0/24')]);
    assert.match(h.last().lastReloadResult, /applying the last good configuration again failed too: bgpd is gone/);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_failures_total', '{stage="restore"}'), 1);
  });

  it('no answer from the reloader is retried with backoff until it answers', async () => {
    const h = harness({ retryMinMs: 10 });
    h.reloader.answers.push({ status: 'timeout', message: 'the reloader did not answer within 1s' }, { status: 'timeout', message: 'the reloader did not answer within 1s' });
    await h.set([generated()]);
    assert.match(h.last().lastReloadResult, /did not answer/);
    // Retries come by themselves.
    const deadline = Date.now() + 2000;
    while (h.last().lastReloadResult !== SUCCESS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await h.r.idle();
    assert.equal(h.last().lastReloadResult, SUCCESS);
    assert.equal(h.reloader.requests.length, 3);
    assert.equal(h.events.filter((e) => e.reason === 'ReloadTimeout').length, 1, 'one Event for a run of timeouts');
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_reloads_total', '{result="timeout"}'), 2);
    h.r.stop();
  });

  it('a request that cannot be written (shared directory gone) is retried, not taken as refused', async () => {
    const h = harness({ retryMinMs: 10 });
    h.reloader.answers.push({ status: 'failed', stage: 'write', message: 'cannot write to /x: ENOENT' });
    await h.set([generated()]);
    assert.match(h.last().lastReloadResult, /^error: cannot write to \/x/);
    const deadline = Date.now() + 2000;
    while (h.last().lastReloadResult !== SUCCESS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await h.r.idle();
    assert.equal(h.last().lastReloadResult, SUCCESS);
    assert.equal(h.reloader.requests.length, 2);
    h.r.stop();
  });

  it('an answer that arrives after stop() changes nothing', async () => {
    const h = harness();
    let answer!: (r: ReloadResult) => void;
    h.reloader.reload = (config: string) => {
      h.reloader.requests.push(config);
      return new Promise<ReloadResult>((r) => (answer = r));
    };
    h.inputs = { configs: [generated()], secrets: secretsFrom([]), node: NODE };
    h.r.trigger();
    while (h.reloader.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    h.r.stop();
    answer({ status: 'timeout', message: 'the agent is stopping' });
    await h.r.idle();
    assert.deepEqual(h.events, []);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_reloads_total', '{result="timeout"}'), 0);
  });

  it('an FRR restart (other daemon pids) re-applies the same configuration, once', async () => {
    const h = harness();
    await h.set([generated(), custom()]);
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 1, 'same pids: nothing');

    h.reloader.now = 'zebra:10 staticd:11 bfdd:12 bgpd:-';
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 1, 'a daemon still down: wait for it');

    h.reloader.now = 'zebra:20 staticd:21 bfdd:22 bgpd:23';
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 2);
    assert.equal(h.reloader.requests[1], h.reloader.requests[0]);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_frr_restarts_total'), 1);
    assert.ok(h.events.some((e) => e.reason === 'FRRRestarted' && e.type === 'Warning'));
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 2);
  });

  it('an FRR restart while the inputs do not convert brings back the last good configuration', async () => {
    const h = harness();
    await h.set([generated(), custom()]);
    const good = h.reloader.requests[0];
    await h.set([generated(), custom(), conflicting()]);
    assert.equal(h.reloader.requests.length, 1);
    h.reloader.now = 'zebra:30 staticd:31 bfdd:32 bgpd:33';
    h.r.checkFRR();
    await h.r.idle();
    assert.deepEqual(h.reloader.requests, [good, good]);
    assert.match(h.last().lastConversionResult, /^error: /);
    assert.equal(h.last().runningConfig, h.statuses[0].runningConfig);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 0);
    assert.equal(h.events.at(-1)?.message, 'FRR runs the last good configuration again');
  });

  it('an FRR restart while the inputs ask for a refused configuration brings back the last good one, not the refused one', async () => {
    const { h, good } = await goodThenRefused({ status: 'failed', stage: 'test', message: 'bad' });
    assert.equal(h.reloader.requests.length, 2);
    h.reloader.now = 'zebra:40 staticd:41 bfdd:42 bgpd:43';
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 3);
    assert.equal(h.reloader.requests[2], good);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 0);
    // The refused one is still not retried...
    await h.set([custom('10.202.0.0/24'), generated()]);
    assert.equal(h.reloader.requests.length, 3);
    // ...until the inputs change.
    await h.set([generated(), custom('10.203.0.0/24')]);
    assert.equal(h.reloader.requests.length, 4);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 1);
  });

  /** Polls until the reconciler reports in sync (retries run on timers), then waits for it to settle. */
  const settled = async (h: Harness, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    while (!h.r.readiness().ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await h.r.idle();
  };

  // What FRR answers while it cannot take any configuration, each as the
  // reloader relays frr-reload.py's output (FRR 10.3's and 8.4's own words).
  const transients: Array<[string, Partial<ReloadResult>]> = [
    ['FRR 10: the candidate datastore locked by another session (the frr container\'s start-up load)', { status: 'failed', stage: 'reload', message: "% Can't enter config; candidate datastore locked by another session\n% Can't enter config; candidate datastore locked by another session" }],
    ['the reloader saw the lock in the whole output (its tail only lists what frr-reload.py sent)', { status: 'failed', stage: 'reload', message: "['hostname node1\\n',\n 'router bgp 65001\\nexit\\n']", busy: 'locked' }],
    ['FRR 8: the configuration locked by another client', { status: 'failed', stage: 'reload', message: "vtysh 'configure' returned\n% Configuration is locked by other client" }],
    ['the running configuration unreadable (a daemon still starting)', { status: 'failed', stage: 'test', message: 'frr_reload.VtyshException: vtysh (show running-config) exited with status 1:' }],
    ['vtysh reaches no daemon', { status: 'failed', stage: 'test', message: 'Exiting: failed to connect to any daemons.' }],
    ['the daemons restarted during the reload', { status: 'failed', stage: 'reload', message: '% Unknown command: neighbor 10.0.0.1 remote-as 65000', daemons: 'zebra:10 bgpd:13', after: 'zebra:10 bgpd:-' }],
  ];
  for (const [what, answer] of transients) {
    it(`a first configuration FRR cannot take yet is retried with backoff until it runs: ${what}`, async () => {
      const h = harness({ retryMinMs: 10 });
      h.reloader.answers.push(answer, answer);
      await h.set([generated(), custom()]);
      assert.equal(h.reloader.requests.length, 1);
      assert.equal(h.r.readiness().ok, false);
      assert.match(h.r.readiness().reason ?? '', /^FRR has not taken the configuration yet \(/);
      assert.match(h.last().lastReloadResult, /^error: FRR could not take the configuration now \(/);
      assert.equal(h.last().runningConfig, '', 'nothing runs yet');
      await settled(h);
      assert.equal(h.reloader.requests.length, 3, 'two failures, then the same configuration again');
      assert.equal(h.reloader.requests[2], h.reloader.requests[0]);
      assert.equal(h.last().lastReloadResult, SUCCESS);
      assert.equal(h.last().runningConfig, h.reloader.requests[0]);
      assert.deepEqual(h.r.readiness(), { ok: true });
      assert.equal(await metric(h.metrics, 'metallb_frr_agent_in_sync'), 1);
      assert.equal(await metric(h.metrics, 'metallb_frr_agent_reloads_total', '{result="failure"}'), 2);
      assert.deepEqual(h.events.map((e) => e.reason), ['ReloadFailed', 'ConfigReloaded'], 'one Event for the run of failures');
      h.r.stop();
    });
  }

  it('a transient failure of a later configuration is retried too; FRR keeps the last good one meanwhile', async () => {
    const h = harness({ retryMinMs: 10 });
    await h.set([generated(), custom()]);
    const good = h.reloader.requests[0];
    h.reloader.answers.push(transients[0][1]);
    await h.set([generated(), custom('10.202.0.0/24')]);
    assert.equal(h.reloader.requests.length, 2, 'no restore: nothing was refused');
    assert.equal(h.last().runningConfig, good);
    await settled(h);
    assert.equal(h.reloader.requests.length, 3);
    assert.match(h.last().runningConfig, /10\.202\.0\.0\/24/);
    h.r.stop();
  });

  it('a refusal is not taken for a transient failure', async () => {
    const h = harness({ retryMinMs: 10 });
    h.reloader.answers.push({ status: 'failed', stage: 'test', message: 'vtysh failed to process new configuration: vtysh (mark file) exited with status 2:\nline 12: % Unknown command: frobnicate' });
    await h.set([generated(), custom()]);
    await new Promise((r) => setTimeout(r, 100));
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 1, 'not retried');
    assert.match(h.last().lastReloadResult, /^error: FRR refused the configuration \(frr-reload\.py --test\)/);
    assert.match(h.r.readiness().reason ?? '', /^FRR refused the configuration the inputs ask for .*its startup configuration/);
  });

  it('an FRR restart while nothing runs yet (the first configuration refused) tries that configuration again, once', async () => {
    const h = harness();
    h.reloader.answers.push({ status: 'failed', stage: 'reload', message: '% Unknown command' });
    await h.set([generated(), custom()]);
    assert.equal(h.reloader.requests.length, 1);
    assert.equal(h.last().runningConfig, '');
    h.reloader.now = 'zebra:50 staticd:51 bfdd:52 bgpd:53';
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 2, 'the new FRR gets it');
    assert.equal(h.reloader.requests[1], h.reloader.requests[0]);
    assert.equal(h.last().lastReloadResult, SUCCESS);
    assert.equal(h.last().runningConfig, h.reloader.requests[0]);
    assert.equal(await metric(h.metrics, 'metallb_frr_agent_frr_restarts_total'), 1);
    h.r.checkFRR();
    await h.r.idle();
    assert.equal(h.reloader.requests.length, 2, 'once per restart');
  });

  it('readiness: FRR runs the configuration the inputs ask for', async () => {
    const h = harness();
    assert.deepEqual(h.r.readiness(), { ok: false, reason: 'first reconcile pending' });
    let during: { ok: boolean; reason?: string } | undefined;
    const reload = h.reloader.reload.bind(h.reloader);
    h.reloader.reload = (config: string) => {
      during = h.r.readiness();
      return reload(config);
    };
    await h.set([generated(), custom()]);
    assert.deepEqual(during, { ok: false, reason: 'reloading FRR (configuration changed)' }, 'not ready while the reload is under way');
    assert.deepEqual(h.r.readiness(), { ok: true });

    // A conversion error: FRR keeps the last good configuration, which is not what the inputs ask for.
    await h.set([generated(), custom(), conflicting()]);
    const r = h.r.readiness();
    assert.equal(r.ok, false);
    assert.match(r.reason ?? '', /^the FRRConfigurations for this node do not convert: .*FRRConfiguration frr-k8s-system\/conflicting.*; FRR keeps its last good configuration$/);
    await h.set([generated(), custom()]);
    assert.deepEqual(h.r.readiness(), { ok: true });

    // A refusal: not ready until the inputs ask for something FRR runs.
    h.reloader.answers.push({ status: 'failed', stage: 'test', message: '% Unknown command' });
    await h.set([generated(), custom('10.202.0.0/24')]);
    assert.match(h.r.readiness().reason ?? '', /^FRR refused the configuration the inputs ask for .*the last good one$/);
    await h.set([generated(), custom('10.202.0.0/24'), LABELLED_NOOP()]);
    assert.equal(h.r.readiness().ok, false, 'the same refused text');
    await h.set([generated(), custom()]);
    assert.deepEqual(h.r.readiness(), { ok: true }, 'back to what FRR runs');
  });

  it('Secrets: FRR gets the password; status, Events, logs and metrics never do', async () => {
    const h = harness();
    await h.set([generated(), withSecret()], { secrets: secretsFrom([secret]) });
    assert.match(h.reloader.requests[0], new RegExp(`neighbor 10\\.0\\.0\\.9 password ${PASSWORD}`));
    assert.match(h.last().runningConfig, /neighbor 10\.0\.0\.9 password <redacted>/);

    // FRR refuses, echoing the line with the password: redacted on the way.
    h.reloader.answers.push({ status: 'failed', stage: 'reload', message: `line 30: neighbor 10.0.0.9 password ${PASSWORD}\n% Invalid` });
    const other = withSecret();
    other.spec.bgp!.routers![0].neighbors![0].holdTime = '30s';
    other.spec.bgp!.routers![0].neighbors![0].keepaliveTime = '10s';
    await h.set([generated(), other], { secrets: secretsFrom([secret]) });
    assert.match(h.last().lastReloadResult, /password <redacted>/);

    // A session over an interface named "password": FRR echoes
    // "neighbor password password <value>", where the word after the first
    // "password" is the keyword, not the value.
    const overInterface = withSecret();
    overInterface.spec.bgp!.routers![0].neighbors![0] = { interface: 'password', asn: 65009, passwordSecret: { name: 'peer-password', namespace: NS } };
    h.reloader.answers.push({ status: 'failed', stage: 'test', message: `line 30: neighbor password password ${PASSWORD}\n% Invalid` });
    await h.set([generated(), overInterface], { secrets: secretsFrom([secret]) });
    assert.match(h.reloader.requests.at(-1)!, new RegExp(`neighbor password password ${PASSWORD}`));
    assert.match(h.last().lastReloadResult, /neighbor password <redacted>/);

    // A broken Secret is a conversion error that names it, not its value.
    const bad = { ...secret, type: 'Opaque' };
    await h.set([generated(), withSecret()], { secrets: secretsFrom([bad]) });
    assert.match(h.last().lastConversionResult, /Secret frr-k8s-system\/peer-password has type Opaque/);
    await h.set([generated(), withSecret()]);
    assert.match(h.last().lastConversionResult, /Secret frr-k8s-system\/peer-password not found/);

    const said = await h.outside();
    assert.ok(!said.includes(PASSWORD), 'no Secret value in status, Events, logs or metrics');
    assert.ok(!said.includes(Buffer.from(PASSWORD).toString('base64')));
  });

  it('status: a password in raw configuration is redacted too (FRRNodeState is cluster-scoped, FRRConfigurations are not)', async () => {
    const h = harness();
    const raw: FRRConfiguration = {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: 'raw', namespace: NS },
      spec: { raw: { priority: 5, rawConfig: 'router bgp 65001\n neighbor 10.0.0.1 password raw-s3cret\n!\npassword vty-s3cret\n' } },
    };
    await h.set([generated(), raw, withSecret()], { secrets: secretsFrom([secret]) });
    assert.match(h.reloader.requests[0], /neighbor 10\.0\.0\.1 password raw-s3cret/);
    let running = h.last().runningConfig;
    for (const s of ['raw-s3cret', 'vty-s3cret', PASSWORD]) assert.ok(!running.includes(s), s);
    assert.match(running, /^ neighbor 10\.0\.0\.1 password <redacted>$/m);
    assert.match(running, /^password <redacted>$/m);
    assert.match(running, /^ neighbor 10\.0\.0\.9 password <redacted>$/m);
    assert.equal(running.split('\n').length, h.reloader.requests[0].split('\n').length, 'only the passwords differ');

    // A password only in raw configuration, not on any neighbour's line.
    raw.spec = { raw: { priority: 5, rawConfig: 'password vty-s3cret\n' } };
    await h.set([generated(), raw]);
    assert.match(h.reloader.requests.at(-1)!, /^password vty-s3cret$/m);
    running = h.last().runningConfig;
    assert.ok(!running.includes('vty-s3cret'), running);
    assert.match(running, /^password <redacted>$/m);
  });

  it('status content: the three upstream fields, nothing else', async () => {
    const h = harness();
    await h.set([generated()]);
    assert.deepEqual(Object.keys(h.last()).sort(), ['lastConversionResult', 'lastReloadResult', 'runningConfig']);
    assert.match(h.last().runningConfig, /^! frr\.conf for node1/);
    assert.deepEqual(h.r.status, h.last());
  });

  it('logs are JSON lines with time, level and msg', async () => {
    const h = harness();
    await h.set([generated(), conflicting()]);
    const line = h.log.lines.find((l) => l.level === 'error');
    assert.ok(line);
    assert.equal(typeof line.time, 'string');
    assert.match(String(line.msg), /cannot be converted/);
    assert.ok(Array.isArray(line.errors));
  });
});
