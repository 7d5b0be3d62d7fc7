// The agent's Kubernetes side (src/agent/kube.ts: informers, FRRNodeState
// status writer, Events) against a real kube-apiserver + etcd
// (lib/apiserver.ts), one cluster for the whole file, under the agent's own
// ServiceAccount token and the RBAC the function emits.
//
// What is observed, and how:
//   - the objects, as a user sees them: kubectl;
//   - what the agent asked of the API server, and what it answered: the API
//     server's audit log (requests by the agent's ServiceAccount; request
//     bodies for FRRNodeStates only, never for Secrets);
//   - the agent's retries: its log lines (memoryLogger).
//
// Two test hooks, both on the client side (the server is never faked): a
// client whose requests can be held before they are sent (to hold the
// informers while the API server changes, and the status writer between its
// read and its write), and etcd compaction through etcd's own HTTP API (so
// that an old resourceVersion is really gone: 410 Gone).
//
// In order (the cluster's state carries over from test to test):
//   1. a list refused by RBAC is retried after 1 s, then 2 s, until a Role
//      allows it; then every informer is synced
//   2. snapshot: apiVersion/kind set on list items, the agent's own Node (field
//      selector) and its labels, the Secrets
//   3. watch events update the snapshot and trigger a change; another Node's
//      changes never reach the agent
//   4. FRRNodeState: created, status through the status subresource, the
//      latest of a burst, again only when changed
//   5. a real resourceVersion conflict (409) between the writer's read and its
//      write, retried 100 ms later with a fresh read
//   6. the FRRNodeState created by someone else between the writer's read and
//      its create (409 AlreadyExists), retried
//   7. Events about the Node in "default" with its uid; a refused Event is
//      logged with the API server's reason
//   8. the API server killed: caches keep serving, informers back off 1-2-4 s,
//      status writes back off 0.5-1-2 s; back, with the informers' old
//      resourceVersion compacted away: 410 Gone, re-list, resync (a deletion
//      made while the agent was away is seen)
//   9. a list answered with a server error (HTTP 500, from a conversion
//      webhook that is not there) is retried with backoff, and holds up no
//      other informer
//
// There is no fake API server for these any more: each fault the former
// test/unit/agent-kube.test.ts injected by hand (a 500 on a list, 410 Gone, a
// conflict, an outage) is one the real API server produces here on demand.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { KubeClient } from '../../src/agent/kubeapi.ts';
import { KubeEvents, KubeSource, KubeStatusWriter, loadKubeClient } from '../../src/agent/kube.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import type { NodeStatus } from '../../src/agent/reconciler.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { AGENT_NAME } from '../../src/api/agent.ts';
import { compileManifests } from '../../src/compile/manifests.ts';
import { manifestsDefaults } from '../../src/compile/options.ts';
import { passwordFromSecret } from '../../src/frr/index.ts';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { tempDir } from '../lib/fixtures.ts';
import { clusterRequirements, startCluster, type Cluster } from './lib/apiserver.ts';
import { waitFor } from './lib/lab.ts';

const skip = missing(...clusterRequirements());

const NS = 'frr-k8s-system';
const NODE = 'node1';
const AGENT_USER = `system:serviceaccount:${NS}:${AGENT_NAME}`;
const NOBODY = 'nobody';
const FRRK8S = 'frrk8s.metallb.io';
/**
 * The informers: the resource as the audit log names it, what their request
 * URIs hold (the API server filters by label: this node's FRRConfigurations,
 * and those for no single node), and their name in the agent's log.
 */
const STREAMS = [
  { resource: 'frrconfigurations', uri: 'labelSelector=metallb-frr.dev%2Fnode%3Dnode1', log: 'frrconfigurations of this node' },
  { resource: 'frrconfigurations', uri: 'labelSelector=%21metallb-frr.dev%2Fnode', log: 'frrconfigurations of every node' },
  { resource: 'secrets', uri: '', log: 'secrets' },
  { resource: 'nodes', uri: 'fieldSelector=metadata.name%3Dnode1', log: 'node' },
];
type Stream = (typeof STREAMS)[number];
const WATCH_PATHS = [`/apis/${FRRK8S}/v1beta1/namespaces/${NS}/frrconfigurations`, `/api/v1/namespaces/${NS}/secrets`, '/api/v1/nodes'];

const config = (name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: `${FRRK8S}/v1beta1`,
  kind: 'FRRConfiguration',
  metadata: { name, namespace: NS, ...(labels ? { labels } : {}) },
  spec: { bgp: { routers: [{ asn: 65001, neighbors: [{ address: '10.0.0.1', asn: 65000 }] }] } },
});
const node = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
const secret = (password: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw', namespace: NS }, type: 'kubernetes.io/basic-auth', stringData: { password } }) as KubeObject;
const status = (runningConfig: string): NodeStatus => ({ runningConfig, lastConversionResult: 'success', lastReloadResult: 'success' });

/** Only the agent's requests; request bodies only for FRRNodeStates (never a Secret's). */
const AUDIT_POLICY = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  rules: [
    { level: 'Request', users: [AGENT_USER], resources: [{ group: FRRK8S, resources: ['frrnodestates', 'frrnodestates/status'] }] },
    { level: 'Metadata', users: [AGENT_USER] },
    { level: 'None' },
  ],
};

/** An object as the API server returns it. */
interface Stored {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid: string; labels?: Record<string, string> };
}

interface AuditEvent {
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string };
  objectRef?: { resource?: string; subresource?: string; name?: string };
  responseStatus?: { code?: number };
  requestObject?: { status?: unknown };
  requestReceivedTimestamp: string;
}

/**
 * A client from `file` whose requests first await `gate(method, url)`: API
 * calls (lists, gets, writes) with their method and URL, watches as
 * ('WATCH', url). The request is built (body included) before it is held.
 */
function heldClient(file: string, gate: (method: string, url: string) => Promise<void>): Promise<KubeClient> {
  return loadKubeClient(file, { beforeRequest: gate });
}

/** Holds every request while closed. */
class Gate {
  private waiting: Array<() => void> = [];
  private closed = false;
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.closed = false;
    for (const w of this.waiting.splice(0)) w();
  }
  pass = async (): Promise<void> => {
    if (!this.closed) return;
    await new Promise<void>((r) => this.waiting.push(r));
  };
}

/** Holds the first request that `match`es until release(); `held` resolves when it arrives. */
function holdOnce(match: (method: string, url: string) => boolean) {
  let release!: () => void;
  let arrived!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held = new Promise<void>((r) => (arrived = r));
  let done = false;
  return {
    held,
    release,
    gate: async (method: string, url: string) => {
      if (done || !match(method, url)) return;
      done = true;
      arrived();
      await released;
    },
  };
}

e2eDescribe('agent Kubernetes side against a real kube-apiserver', { skip, timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;
  let work: { dir: string; cleanup: () => void };
  let auditLog: string;
  let agentKubeconfig: string;
  let source: KubeSource | undefined;
  const sourceLog = memoryLogger();
  const sourceGate = new Gate();
  let changes = 0;
  const t0 = Date.now();
  const timings: string[] = [];

  const kubectl = (args: string[], stdin?: string) => cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  const apply = (objects: KubeObject[]) => kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
  const getJSON = async <T>(args: string[]): Promise<T> => JSON.parse((await kubectl(['get', ...args, '-o', 'json'])).stdout) as T;
  const nodeState = () => getJSON<Stored & { spec?: unknown; status?: NodeStatus }>(['frrnodestates.frrk8s.metallb.io', NODE]);
  const snapshot = () => source!.snapshot()!;
  const configNames = () => snapshot().configs.map((c) => c.metadata?.name).sort().join(' ');

  /** The agent's requests in the audit log: complete ones, and watches once their response started. */
  const audit = (): AuditEvent[] =>
    readFileSync(auditLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditEvent)
      .filter((e) => e.user.username === AGENT_USER && (e.verb === 'watch' ? e.stage === 'ResponseStarted' : e.stage === 'ResponseComplete'))
      .sort((a, b) => a.requestReceivedTimestamp.localeCompare(b.requestReceivedTimestamp));
  const requestsFor = (resource: string, since = '') => audit().filter((e) => e.objectRef?.resource === resource && e.requestReceivedTimestamp > since);
  const streamRequests = (s: Stream, since = '') => requestsFor(s.resource, since).filter((e) => e.requestURI.includes(s.uri));
  /** Status writes the API server received: [body's status, response code]. */
  const statusWrites = (since = '') =>
    requestsFor('frrnodestates', since)
      .filter((e) => e.objectRef?.subresource === 'status' && e.verb === 'update')
      .map((e) => [e.requestObject?.status, e.responseStatus?.code] as const);
  /** The agent's requests about FRRNodeStates, as "verb[/subresource] code". */
  const nodeStateRequests = (since = '') => requestsFor('frrnodestates', since).map((e) => `${e.verb}${e.objectRef?.subresource ? '/' + e.objectRef.subresource : ''} ${e.responseStatus?.code}`);
  /**
   * Publishes `s` through a status writer whose first request matching
   * `match` is held while `meanwhile` changes the FRRNodeState, and waits
   * for the write: the conflict is retried once, 100 ms later, and logged
   * with the API server's `error`.
   */
  const writeAcrossConflict = async (s: NodeStatus, match: (method: string, url: string) => boolean, meanwhile: () => Promise<unknown>, error: RegExp) => {
    const hold = holdOnce(match);
    const log = memoryLogger();
    const w = new KubeStatusWriter(await heldClient(agentKubeconfig, hold.gate), NODE, log);
    try {
      w.publish(s);
      await within(hold.held, 10_000, 'the held request');
      await meanwhile();
      hold.release();
      await flushed(w);
    } finally {
      w.stop();
    }
    const warned = logged(log, 'cannot write FRRNodeState status; retrying');
    assert.equal(warned.length, 1);
    assert.equal(warned[0].retryInMs, 100);
    assert.match(String(warned[0].error), error);
  };
  /** Now, in the audit log's timestamp format (microseconds). */
  const now = () => new Date().toISOString().replace(/Z$/, '000Z');
  /** Lines of `log` (from line `from` on) with this message, and this resource if given. */
  const logged = (log: ReturnType<typeof memoryLogger>, msg: string, resource?: string, from = 0) =>
    log.lines.slice(from).filter((l) => l.msg === msg && (resource === undefined || l.resource === resource));

  const step = (name: string, fn: () => Promise<void>) =>
    it(name, { timeout: 60_000 }, async () => {
      const started = Date.now();
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`--- agent source log (last lines)\n${sourceLog.lines.slice(-15).map((l) => JSON.stringify(l)).join('\n')}\n`);
        cluster?.printLogs(20);
        throw e;
      } finally {
        timings.push(`${name.slice(0, 60)}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    });

  before(async () => {
    work = tempDir('agent-kube');
    auditLog = join(work.dir, 'audit.log');
    writeFileSync(join(work.dir, 'audit-policy.json'), JSON.stringify(AUDIT_POLICY));
    cluster = await startCluster({ apiserverArgs: [`--audit-policy-file=${join(work.dir, 'audit-policy.json')}`, `--audit-log-path=${auditLog}`, '--audit-log-mode=blocking'] });
    timings.push(`cluster up: ${(cluster.startupMs / 1000).toFixed(1)} s`);

    // The function's Namespace, CRDs and RBAC, except that the agent's Role
    // does not yet allow Secrets (test 1 adds it).
    const m = manifestsDefaults();
    m.daemonSet = false;
    const objects = compileManifests(NS, m);
    await apply(objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition'));
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', `crd/frrconfigurations.${FRRK8S}`, `crd/frrnodestates.${FRRK8S}`, `crd/bgpsessionstates.${FRRK8S}`]);
    const rbac = objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    await apply([
      ...rbac.map((o) => (o.kind === 'Role' && o.metadata?.name === AGENT_NAME ? withoutSecrets(o) : o)),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NOBODY, namespace: NS } },
      // node0 comes first in a list of every Node: only a field selector keeps it out.
      node('node0', { 'kubernetes.io/hostname': 'node0', zone: 'x' }),
      node(NODE, { 'kubernetes.io/hostname': NODE, zone: 'a' }),
      secret('pw-1'),
      config('a'),
      config('b'),
    ]);
    agentKubeconfig = cluster.kubeconfigFor(await cluster.tokenFor(NS, AGENT_NAME, { duration: '1h' }), 'agent');
  });

  after(async () => {
    source?.stop();
    await cluster?.stop();
    work?.cleanup();
    timings.push(`total: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.stderr.write(`agent-kube e2e timings:\n  ${timings.join('\n  ')}\n`);
  });

  step('a list refused by RBAC is retried after 1 s, then 2 s, until a Role allows it; then every informer is synced', async () => {
    source = new KubeSource(await heldClient(agentKubeconfig, sourceGate.pass), NS, NODE, sourceLog, () => changes++);
    source.start();
    await waitFor('two refused Secret lists', async () => logged(sourceLog, 'watch failed; retrying', 'secrets').length >= 2, { timeoutMs: 10_000 });
    assert.equal(source.synced, false);
    assert.equal(source.snapshot(), undefined, 'no snapshot before every informer has synced');
    await apply(compileManifests(NS, manifestsDefaults()).filter((o) => o.kind === 'Role' && o.metadata?.name === AGENT_NAME));
    await waitFor('every informer synced', async () => source!.synced, { timeoutMs: 15_000 });
    // The watches follow the lists: wait until the API server has them too.
    await waitFor('every informer watching', async () => STREAMS.every((r) => streamRequests(r).some((e) => e.verb === 'watch')), { timeoutMs: 10_000 });

    const failed = logged(sourceLog, 'watch failed; retrying', 'secrets');
    assert.deepEqual(failed.map((l) => l.retryInMs), [1000, 2000, 4000].slice(0, failed.length), 'backoff doubles from 1 s');
    assert.match(String(failed[0].error), /^HTTP 403: secrets is forbidden: User "system:serviceaccount:frr-k8s-system:metallb-frr-agent" cannot list resource "secrets"/);
    const lists = requestsFor('secrets').filter((e) => e.verb === 'list').map((e) => e.responseStatus?.code);
    assert.deepEqual(lists, [...failed.map(() => 403), 200], 'each refused list was retried once, then the list succeeded');
    for (const r of STREAMS.filter((x) => x.resource !== 'secrets')) assert.equal(logged(sourceLog, 'watch failed; retrying', r.log).length, 0, `${r.log}: no failure`);
    // Every informer watches from its own list's resourceVersion.
    for (const r of STREAMS) {
      const seq = streamRequests(r).filter((e) => e.responseStatus?.code === 200).map((e) => e.verb);
      assert.deepEqual(seq, ['list', 'watch'], r.log);
      assert.match(streamRequests(r).find((e) => e.verb === 'watch')!.requestURI, /[?&]resourceVersion=[1-9]\d*(&|$)/, `${r.log}: watch from a resourceVersion`);
    }
    // Two streams of FRRConfigurations, and no other request for them.
    assert.equal(requestsFor('frrconfigurations').filter((e) => e.responseStatus?.code === 200).length, 4);
  });

  step('the snapshot: apiVersion/kind on list items, the agent\'s own Node and its labels, the Secrets', async () => {
    const s = snapshot();
    assert.deepEqual(
      s.configs.map((c) => [c.apiVersion, c.kind, c.metadata?.name]).sort(),
      [
        [`${FRRK8S}/v1beta1`, 'FRRConfiguration', 'a'],
        [`${FRRK8S}/v1beta1`, 'FRRConfiguration', 'b'],
      ],
    );
    assert.deepEqual(s.node, { name: NODE, labels: { 'kubernetes.io/hostname': NODE, zone: 'a' } });
    // The API server sends Secret list items without apiVersion/kind: the
    // informer sets them, or the FRR library would not see a Secret.
    const pw = s.secrets({ namespace: NS, name: 'pw' });
    assert.equal(pw?.kind, 'Secret');
    const p = passwordFromSecret(pw!);
    assert.ok(p.ok, JSON.stringify(p));
    assert.equal(p.value.reveal(), 'pw-1');
    const uid = (await getJSON<Stored>(['node', NODE])).metadata.uid;
    assert.ok(uid);
    assert.equal(source!.nodeUID(), uid, 'the uid of node1, not node0');
    for (const e of requestsFor('nodes')) assert.match(e.requestURI, /[?&]fieldSelector=metadata\.name%3Dnode1(&|$)/, e.requestURI);
  });

  step('watch events update the snapshot and trigger a change; another Node\'s changes never reach the agent', async () => {
    let before = changes;
    await apply([config('c')]);
    await waitFor('config c', async () => configNames() === 'a b c', { timeoutMs: 10_000, describe: async () => configNames() });
    assert.ok(changes > before, 'the change triggered');
    const c = snapshot().configs.find((x) => x.metadata?.name === 'c')!;
    assert.deepEqual([c.apiVersion, c.kind], [`${FRRK8S}/v1beta1`, 'FRRConfiguration']);

    await kubectl(['delete', `frrconfigurations.${FRRK8S}`, 'a', '-n', NS]);
    await waitFor('config a gone', async () => configNames() === 'b c', { timeoutMs: 10_000, describe: async () => configNames() });

    // Per-node configurations: this node's arrives, another node's never does
    // (the API server filters it out: not even an event).
    before = changes;
    await apply([config('metallb-node0', { 'metallb-frr.dev/node': 'node0' })]);
    await apply([config('metallb-node1', { 'metallb-frr.dev/node': NODE })]);
    await waitFor('this node\'s configuration', async () => configNames() === 'b c metallb-node1', { timeoutMs: 10_000, describe: async () => configNames() });
    assert.equal(changes - before, 1, 'node0\'s configuration did not reach the agent');
    // Labelled for another node later: it leaves this node's stream.
    await kubectl(['label', `frrconfigurations.${FRRK8S}`, 'metallb-node1', '-n', NS, 'metallb-frr.dev/node=node0', '--overwrite']);
    await waitFor('the relabelled configuration gone', async () => configNames() === 'b c', { timeoutMs: 10_000, describe: async () => configNames() });
    await kubectl(['delete', `frrconfigurations.${FRRK8S}`, 'metallb-node0', 'metallb-node1', '-n', NS]);

    await apply([secret('pw-2')]);
    await waitFor('the new password', async () => {
      const p = passwordFromSecret(snapshot().secrets({ namespace: NS, name: 'pw' })!);
      return p.ok && p.value.reveal() === 'pw-2';
    }, { timeoutMs: 10_000 });

    // node0 first, node1 second: one more change, and it is node1's.
    before = changes;
    await kubectl(['label', 'node', 'node0', 'zone=y', '--overwrite']);
    await kubectl(['label', 'node', NODE, 'zone=b', '--overwrite']);
    await waitFor('node1\'s new label', async () => snapshot().node?.labels.zone === 'b', { timeoutMs: 10_000 });
    assert.equal(changes - before, 1, 'node0\'s change did not reach the agent');
  });

  step('FRRNodeState: created, status written through the status subresource, the latest of a burst, again only when changed', async () => {
    const log = memoryLogger();
    const w = new KubeStatusWriter(await loadKubeClient(agentKubeconfig), NODE, log);
    try {
      const [s1, s2, s3, s4] = ['one', 'two', 'three', 'four'].map(status);
      w.publish(s1);
      w.publish(s2);
      w.publish(s3);
      await flushed(w);
      const obj = await nodeState();
      assert.deepEqual(obj.status, s3);
      assert.deepEqual(obj.spec, {});
      assert.deepEqual(nodeStateRequests(), ['get 404', 'create 201', 'update/status 200', 'get 200', 'update/status 200']);
      assert.deepEqual(statusWrites(), [[s1, 200], [s3, 200]], 'the first, then the latest; two was never written');
      assert.equal(logged(log, 'created FRRNodeState').length, 1);

      w.publish({ ...s3 });
      await flushed(w);
      w.publish(s4);
      await flushed(w);
      assert.deepEqual((await nodeState()).status, s4);
      assert.deepEqual(statusWrites().map(([s]) => s), [s1, s3, s4], 'an unchanged status is not written again');
    } finally {
      w.stop();
    }
  });

  step('a resourceVersion conflict between the writer\'s read and its write is retried 100 ms later with a fresh read', async () => {
    const since = now();
    const s5 = status('five');
    await writeAcrossConflict(
      s5,
      (method, url) => method === 'PUT' && url.includes('/frrnodestates/node1/status'), // read done, write built from it and held
      () => kubectl(['label', `frrnodestates.${FRRK8S}`, NODE, 'touched=yes']),
      /^HTTP 409: Operation cannot be fulfilled on frrnodestates\.frrk8s\.metallb\.io "node1": the object has been modified/,
    );
    // flush() resolves once the status is written: the retry is done too.
    assert.deepEqual(statusWrites(since), [[s5, 409], [s5, 200]]);
    const obj = await nodeState();
    assert.deepEqual(obj.status, s5);
    assert.equal(obj.metadata.labels?.touched, 'yes', 'the write was based on a fresh read');
  });

  step('an FRRNodeState created by someone else between the writer\'s read and its create: 409 AlreadyExists, retried', async () => {
    await kubectl(['delete', `frrnodestates.${FRRK8S}`, NODE]);
    const since = now();
    const s6 = status('six');
    await writeAcrossConflict(
      s6,
      (method, url) => method === 'POST' && url.includes('/frrnodestates'), // the read found nothing; the create is held
      () => apply([{ apiVersion: `${FRRK8S}/v1beta1`, kind: 'FRRNodeState', metadata: { name: NODE, labels: { creator: 'someone-else' } }, spec: {} }]),
      /^HTTP 409: frrnodestates\.frrk8s\.metallb\.io "node1" already exists/,
    );
    assert.deepEqual(nodeStateRequests(since), ['get 404', 'create 409', 'get 200', 'update/status 200']);
    const obj = await nodeState();
    assert.deepEqual(obj.status, s6);
    assert.equal(obj.metadata.labels?.creator, 'someone-else');
  });

  step('Events about the Node land in "default" with its uid; a refused Event is logged with the API server\'s reason', async () => {
    const e = new KubeEvents(await loadKubeClient(agentKubeconfig), NODE, () => source!.nodeUID(), memoryLogger());
    e.emit('Warning', 'ReloadFailed', 'FRR refused it');
    e.emit('Normal', 'ConfigReloaded', 'FRR runs the new configuration');
    type Ev = Stored & { involvedObject: Record<string, string>; type: string; reason: string; message: string; source: Record<string, string>; reportingComponent: string; reportingInstance: string; count: number };
    const events = await waitFor('two Events', async () => {
      const items = (await getJSON<{ items: Ev[] }>(['events', '-n', 'default', '--field-selector', `involvedObject.kind=Node,involvedObject.name=${NODE}`])).items;
      return items.length === 2 ? items : undefined;
    }, { timeoutMs: 10_000 });
    const uid = (await getJSON<Stored>(['node', NODE])).metadata.uid;
    const byReason = Object.fromEntries(events.map((ev) => [ev.reason, ev]));
    assert.deepEqual(Object.keys(byReason).sort(), ['ConfigReloaded', 'ReloadFailed']);
    const ev = byReason.ReloadFailed;
    assert.equal(ev.metadata.namespace, 'default');
    assert.match(ev.metadata.name, /^node1\./);
    assert.notEqual(ev.metadata.name, byReason.ConfigReloaded.metadata.name);
    assert.deepEqual(ev.involvedObject, { apiVersion: 'v1', kind: 'Node', name: NODE, uid });
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, 'FRR refused it');
    assert.deepEqual(ev.source, { component: 'metallb-frr-agent', host: NODE });
    assert.equal(ev.reportingComponent, 'metallb-frr-agent');
    assert.equal(ev.reportingInstance, NODE);
    assert.equal(ev.count, 1);
    assert.equal(byReason.ConfigReloaded.type, 'Normal');

    // Someone without the Events Role: the Event is lost, the log says why.
    const log = memoryLogger();
    const nobody = cluster.kubeconfigFor(await cluster.tokenFor(NS, NOBODY), NOBODY);
    new KubeEvents(await loadKubeClient(nobody), NODE, () => uid, log).emit('Normal', 'ConfigReloaded', 'x');
    const lost = await waitFor('the lost Event in the log', async () => log.lines.find((l) => l.msg === 'cannot record Event'), { timeoutMs: 10_000 });
    assert.equal(lost.reason, 'ConfigReloaded');
    assert.equal(lost.error, `HTTP 403: events is forbidden: User "system:serviceaccount:${NS}:${NOBODY}" cannot create resource "events" in API group "" in the namespace "default"`);
  });

  step('FRRNodeState owned by its Node: created with the owner reference; one found without it (or with an earlier Node\'s) gets it', async () => {
    const uid = (await getJSON<Stored>(['node', NODE])).metadata.uid;
    const owners = async () => ((await nodeState()).metadata as { ownerReferences?: Array<Record<string, unknown>> }).ownerReferences;
    const write = async (s: NodeStatus) => {
      const log = memoryLogger();
      const w = new KubeStatusWriter(await loadKubeClient(agentKubeconfig), NODE, log, () => source!.owner());
      try {
        w.publish(s);
        await flushed(w);
      } finally {
        w.stop();
      }
      return log;
    };
    const expected = [{ apiVersion: 'v1', kind: 'Node', name: NODE, uid }];
    await kubectl(['delete', `frrnodestates.${FRRK8S}`, NODE]);
    let since = now();
    await write(status('owned'));
    assert.deepEqual(await owners(), expected);
    assert.deepEqual(nodeStateRequests(since), ['get 404', 'create 201', 'update/status 200'], 'no patch for one it created');
    // Made by someone else, without an owner, then with an earlier Node's.
    for (const refs of [undefined, [{ apiVersion: 'v1', kind: 'Node', name: NODE, uid: '00000000-0000-0000-0000-000000000000' }]]) {
      await kubectl(['delete', `frrnodestates.${FRRK8S}`, NODE]);
      await apply([{ apiVersion: `${FRRK8S}/v1beta1`, kind: 'FRRNodeState', metadata: { name: NODE, ...(refs ? { ownerReferences: refs } : {}) }, spec: {} }]);
      since = now();
      const log = await write(status(`adopted ${refs ? 'from an earlier Node' : ''}`));
      assert.deepEqual(await owners(), expected);
      assert.deepEqual(nodeStateRequests(since), ['get 200', 'patch 200', 'update/status 200']);
      assert.equal(log.lines.filter((l) => l.msg === 'FRRNodeState now owned by its Node').length, 1);
    }
  });

  step('BGPSessionStates: created (labels, owner, status), listed by node label with the printer columns, updated only on change, deleted with the session, re-created when deleted by hand', async () => {
    const { SessionStateWriter } = await import('../../src/agent/sessionstates.ts');
    const { sessionStatuses } = await import('../../src/agent/sessions.ts');
    const uid = (await getJSON<Stored>(['node', NODE])).metadata.uid;
    const log = memoryLogger();
    const w = new SessionStateWriter(await loadKubeClient(agentKubeconfig), NS, NODE, () => source!.owner(), log);
    type SessionObject = Stored & { metadata: { ownerReferences?: unknown[]; generateName?: string }; status?: Record<string, string> };
    const objects = async () => (await getJSON<{ items: SessionObject[] }>(['bgpsessionstates.frrk8s.metallb.io', '-n', NS, '-l', `frrk8s.metallb.io/node=${NODE}`])).items;
    const neighbor = (vrf: string, peer: string, state: string, bfdStatus?: string) => ({ vrf, peer, state, ...(bfdStatus ? { bfdStatus } : {}), announced: 0, received: 0, messages: {} as never });
    const since = now();
    const requests = () => requestsFor('bgpsessionstates', since).map((e) => `${e.verb}${e.objectRef?.subresource ? '/' + e.objectRef.subresource : ''} ${e.responseStatus?.code}`);
    try {
      w.publish(sessionStatuses(NODE, [neighbor('default', '10.0.0.1', 'Established', 'Up'), neighbor('default', 'fd00::1', 'Active'), neighbor('red', '10.0.0.1', 'Idle')]));
      await w.idle();
      let items = await objects();
      assert.equal(items.length, 3);
      for (const o of items) {
        assert.match(o.metadata.name, /^node1-[a-z0-9]{5}$/);
        assert.deepEqual(o.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: NODE, uid }]);
        assert.equal(o.metadata.labels?.['frrk8s.metallb.io/peer'], o.status?.peer);
        assert.equal(o.metadata.labels?.['frrk8s.metallb.io/vrf'], o.status?.vrf);
      }
      assert.deepEqual(items.map((o) => o.status).sort((a, b) => `${a?.vrf}${a?.peer}`.localeCompare(`${b?.vrf}${b?.peer}`)), [
        { node: NODE, peer: '10.0.0.1', vrf: '', bgpStatus: 'Established', bfdStatus: 'Up' },
        { node: NODE, peer: 'fd00-0000-0000-0000-0000-0000-0000-0001', vrf: '', bgpStatus: 'Active', bfdStatus: 'N/A' },
        { node: NODE, peer: '10.0.0.1', vrf: 'red', bgpStatus: 'Idle', bfdStatus: 'N/A' },
      ]);
      // As users list them: by node label, with the printer columns.
      const table = (await kubectl(['get', 'bgpsessionstates', '-n', NS, '-l', `frrk8s.metallb.io/node=${NODE}`, '--sort-by=.status.peer'])).stdout.trim().split('\n');
      assert.deepEqual(table[0].split(/\s+/), ['NAME', 'NODE', 'PEER', 'VRF', 'BGP', 'BFD', 'AGE']);
      assert.equal(table.length, 4);
      assert.ok(table.some((l) => /^node1-\w+\s+node1\s+10\.0\.0\.1\s+Established\s+Up\s+\d+s$/.test(l)), table.join('\n'));
      assert.ok(table.some((l) => /^node1-\w+\s+node1\s+10\.0\.0\.1\s+red\s+Idle\s+N\/A\s+\d+s$/.test(l)), table.join('\n'));
      assert.deepEqual(requests().sort(), ['create 201', 'create 201', 'create 201', 'list 200', 'patch/status 200', 'patch/status 200', 'patch/status 200']);

      // The same again: nothing written. One change: one status patch. A session gone: one delete.
      w.publish(sessionStatuses(NODE, [neighbor('default', '10.0.0.1', 'Established', 'Up'), neighbor('default', 'fd00::1', 'Active'), neighbor('red', '10.0.0.1', 'Idle')]));
      await w.idle();
      assert.equal(requests().length, 7);
      w.publish(sessionStatuses(NODE, [neighbor('default', '10.0.0.1', 'Established', 'Down'), neighbor('default', 'fd00::1', 'Established')]));
      await w.idle();
      assert.deepEqual(requests().slice(7).sort(), ['delete 200', 'patch/status 200', 'patch/status 200']);
      items = await objects();
      assert.deepEqual(items.map((o) => `${o.status?.peer} ${o.status?.bgpStatus} ${o.status?.bfdStatus}`).sort(), ['10.0.0.1 Established Down', 'fd00-0000-0000-0000-0000-0000-0000-0001 Established N/A']);

      // Deleted by hand: the next change of that session re-creates it.
      const gone = items.find((o) => o.status?.peer === '10.0.0.1')!;
      await kubectl(['delete', 'bgpsessionstates', gone.metadata.name, '-n', NS]);
      w.publish(sessionStatuses(NODE, [neighbor('default', '10.0.0.1', 'Active', 'Down'), neighbor('default', 'fd00::1', 'Established')]));
      await w.idle();
      items = await objects();
      assert.deepEqual(items.map((o) => `${o.status?.peer} ${o.status?.bgpStatus}`).sort(), ['10.0.0.1 Active', 'fd00-0000-0000-0000-0000-0000-0000-0001 Established']);
      assert.ok(!items.some((o) => o.metadata.name === gone.metadata.name));
      assert.equal(log.lines.filter((l) => l.level === 'warn').length, 0, 'a 404 is no failure');
    } finally {
      w.stop();
    }
  });

  step('BGPSessionStates: at most qps requests a second after a burst; a refused write is retried after listing again', async () => {
    const { SessionStateWriter } = await import('../../src/agent/sessionstates.ts');
    const { sessionStatuses } = await import('../../src/agent/sessions.ts');
    const neighbor = (peer: string, state: string) => ({ vrf: 'default', peer, state, announced: 0, received: 0, messages: {} as never });
    const peers = Array.from({ length: 10 }, (_, i) => `10.1.0.${i + 1}`);
    const log = memoryLogger();
    const w = new SessionStateWriter(await loadKubeClient(agentKubeconfig), NS, 'node0', () => ({ name: 'node0', uid: 'u' }), log, { qps: 10, burst: 5 });
    try {
      const started = Date.now();
      w.publish(sessionStatuses('node0', peers.map((p) => neighbor(p, 'Active'))));
      await w.idle();
      // 1 list + 10 creates + 10 status patches = 21 requests: 5 at once, then 10 a second.
      const took = Date.now() - started;
      assert.ok(took >= 1500, `21 requests at 10/s after a burst of 5 took ${took} ms`);
      assert.deepEqual({ ...w.counts }, { list: 1, create: 10, update: 10, delete: 0 });
    } finally {
      w.stop();
    }
    // Someone without the Role: each failure logged, retried with backoff after a new list.
    const nobody = cluster.kubeconfigFor(await cluster.tokenFor(NS, NOBODY), NOBODY);
    const refused = memoryLogger();
    const n = new SessionStateWriter(await loadKubeClient(nobody), NS, 'node0', () => ({ name: 'node0', uid: 'u' }), refused);
    try {
      n.publish([]);
      const warned = await waitFor('two refusals', async () => {
        const l = refused.lines.filter((x) => x.msg === 'cannot write BGPSessionStates; retrying');
        return l.length >= 2 ? l : undefined;
      }, { timeoutMs: 10_000 });
      assert.deepEqual(warned.slice(0, 2).map((l) => l.retryInMs), [500, 1000]);
      assert.match(String(warned[0].error), /^HTTP 403: bgpsessionstates\.frrk8s\.metallb\.io is forbidden/);
    } finally {
      n.stop();
    }
  });

  step('the API server killed: caches serve, back-off; back with the old resourceVersions compacted: 410 Gone, re-list, resync', async () => {
    const from = sourceLog.lines.length;
    const before = JSON.stringify({ configs: configNames(), node: snapshot().node });
    const writerLog = memoryLogger();
    const w = new KubeStatusWriter(await loadKubeClient(agentKubeconfig), NODE, writerLog);
    try {
      await cluster.stopApiserver({ kill: true });
      const down = Date.now();
      const s7 = status('seven');
      w.publish(s7);
      const resources = STREAMS.map((r) => r.log);
      await waitFor('three failures of each informer', async () => resources.every((r) => logged(sourceLog, 'watch failed; retrying', r, from).length >= 3), { timeoutMs: 15_000 });
      for (const r of resources) {
        // Back to 1 s after a good list, even for the Secrets that had reached 2 s and more in test 1.
        assert.deepEqual(logged(sourceLog, 'watch failed; retrying', r, from).slice(0, 3).map((l) => l.retryInMs), [1000, 2000, 4000], r);
      }
      assert.equal(JSON.stringify({ configs: configNames(), node: snapshot().node }), before, 'the caches keep serving');
      assert.ok(source!.synced);
      assert.deepEqual(logged(writerLog, 'cannot write FRRNodeState status; retrying').slice(0, 3).map((l) => l.retryInMs), [500, 1000, 2000]);

      // Hold the informers, change things they would have seen, and compact
      // etcd: the resourceVersions they watch from are gone.
      sourceGate.close();
      await cluster.startApiserver();
      timings.push(`API server away: ${((Date.now() - down) / 1000).toFixed(1)} s`);
      const back = now();
      await kubectl(['delete', `frrconfigurations.${FRRK8S}`, 'b', '-n', NS]);
      await apply([config('d'), node(NODE, { 'kubernetes.io/hostname': NODE, zone: 'c' })]);
      await compactEtcd(cluster.etcdEndpoint);
      // A watch cache still initialising answers 429 (retried as an error):
      // release the informers once the three are serving watches.
      await waitFor('the watch caches', async () => (await Promise.all(WATCH_PATHS.map((p) => watchServed(cluster, p)))).every(Boolean), { timeoutMs: 15_000 });
      const released = Date.now();
      sourceGate.open();
      await waitFor('the resync', async () => configNames() === 'c d' && snapshot().node?.labels.zone === 'c', {
        timeoutMs: 15_000,
        describe: async () => JSON.stringify({ configs: configNames(), node: snapshot().node }),
      });
      timings.push(`informers released → resynced: ${((Date.now() - released) / 1000).toFixed(1)} s`);
      await waitFor('the new watches', async () => STREAMS.every((r) => streamRequests(r, back).length >= 3), { timeoutMs: 10_000 });
      for (const r of STREAMS) {
        // The watch from the old resourceVersion got 410 Gone (in the stream);
        // only then does the informer list again, and watch from the new list.
        const seq = streamRequests(r, back).map((e) => e.verb);
        assert.deepEqual(seq.slice(0, 3), ['watch', 'list', 'watch'], `${r.log}: ${seq.join(' ')}`);
        const rv = (e: AuditEvent) => Number(new URL(e.requestURI, 'https://x').searchParams.get('resourceVersion'));
        const [oldWatch, , newWatch] = streamRequests(r, back);
        assert.ok(rv(newWatch) > rv(oldWatch), `${r.log}: the new watch starts after the compaction`);
      }
      assert.equal(logged(sourceLog, 'watch failed; retrying', undefined, from).filter((l) => Date.parse(String(l.time)) > Date.parse(back)).length, 0, '410 is no error');

      await flushed(w);
      assert.deepEqual((await nodeState()).status, s7, 'the status written once the API server is back');
    } finally {
      w.stop();
    }
  });

  // Last: it leaves the FRRConfiguration CRD with a second version.
  step('a list answered with HTTP 500 (a broken conversion webhook) is retried after 1 s, then 2 s; the other informers are not held up', async () => {
    // A second version, stored, converted by a webhook that is not there:
    // reading an object stored as v1beta2 through v1beta1 fails with 500.
    // No object stays stored as v1beta1 (the API server's own watch cache,
    // which reads in the storage version, would fail too), and the file's
    // informers are done.
    source!.stop();
    await kubectl(['delete', `frrconfigurations.${FRRK8S}`, '--all', '-n', NS]);
    const crd = compileManifests(NS, manifestsDefaults()).find((o) => o.kind === 'CustomResourceDefinition' && o.metadata?.name === `frrconfigurations.${FRRK8S}`)!;
    const spec = crd.spec as { versions: Array<Record<string, unknown>>; conversion?: unknown };
    spec.versions = [{ ...spec.versions[0], storage: false }, { ...structuredClone(spec.versions[0]), name: 'v1beta2', storage: true }];
    spec.conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://127.0.0.1:1/convert' } } };
    await apply([crd]);
    const v2 = join(work.dir, 'v2.json');
    writeFileSync(v2, JSON.stringify({ apiVersion: `${FRRK8S}/v1beta2`, kind: 'FRRConfiguration', metadata: { name: 'stored-as-v1beta2', namespace: NS }, spec: {} }));
    const v2Path = `/apis/${FRRK8S}/v1beta2/namespaces/${NS}/frrconfigurations`;
    await waitFor('v1beta2 served', async () => (await cluster.kubectl(['create', '--raw', v2Path, '-f', v2], { allowFail: true })).code === 0, { timeoutMs: 15_000 });

    const since = now();
    const log = memoryLogger();
    const fresh = new KubeSource(await loadKubeClient(agentKubeconfig), NS, NODE, log, () => undefined);
    try {
      fresh.start();
      // The object (no label) fails the lists of both streams: the API server converts before it filters.
      const configStreams = STREAMS.filter((r) => r.resource === 'frrconfigurations').map((r) => r.log);
      await waitFor('two failed lists', async () => configStreams.every((r) => logged(log, 'watch failed; retrying', r).length >= 2), { timeoutMs: 10_000 });
      assert.equal(fresh.synced, false);
      assert.deepEqual(log.lines.filter((l) => l.msg === 'synced').map((l) => l.resource).sort(), ['node', 'secrets'], 'the other informers synced');
      await kubectl(['delete', '--raw', `${v2Path}/stored-as-v1beta2`]);
      await waitFor('synced once the object is gone', async () => fresh.synced, { timeoutMs: 10_000 });
      assert.deepEqual(fresh.snapshot()!.configs, []);

      assert.deepEqual([...new Set(logged(log, 'watch failed; retrying').map((l) => l.resource))].sort(), configStreams.sort(), 'only the FRRConfigurations failed');
      for (const r of STREAMS.filter((x) => x.resource === 'frrconfigurations')) {
        const failed = logged(log, 'watch failed; retrying', r.log);
        assert.deepEqual(failed.map((l) => l.retryInMs), [1000, 2000, 4000].slice(0, failed.length), r.log);
        assert.match(String(failed[0].error), /^HTTP 500: conversion webhook for frrk8s\.metallb\.io\/v1beta2, Kind=FRRConfiguration failed: /);
        const lists = streamRequests(r, since).filter((e) => e.verb === 'list').map((e) => e.responseStatus?.code);
        assert.deepEqual(lists, [...failed.map(() => 500), 200], r.log);
      }
    } finally {
      fresh.stop();
    }
  });
});

/** `p`, or an error naming `what` after `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** w.flush(), failing after 15 s instead of waiting for the suite's timeout. */
const flushed = (w: KubeStatusWriter): Promise<void> => within(w.flush(), 15_000, 'the status writer\'s flush');

/** The agent's Role without the Secrets rule. */
function withoutSecrets(role: KubeObject): KubeObject {
  const r = structuredClone(role) as KubeObject & { rules: Array<{ resources: string[] }> };
  r.rules = r.rules.filter((rule) => !rule.resources.includes('secrets'));
  return r;
}

/** Whether the API server starts a watch (from its watch cache) at `path`, as the admin. */
function watchServed(cluster: Cluster, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${cluster.server}${path}?watch=true&resourceVersion=0&timeoutSeconds=5`,
      { ca: readFileSync(cluster.caFile), headers: { authorization: `Bearer ${cluster.adminToken}` } },
      (res) => {
        resolve(res.statusCode === 200);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Compacts etcd at its current revision (etcd's JSON gateway): every older revision is gone. */
async function compactEtcd(endpoint: string): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`etcd ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { header: { revision: string } };
  };
  const { header } = await post('/v3/kv/range', { key: Buffer.from('/').toString('base64') });
  await post('/v3/kv/compaction', { revision: header.revision, physical: true });
}
