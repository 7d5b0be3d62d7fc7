// A deleted Node's state objects go away, by the real garbage collector
// (kube-controller-manager with only the garbagecollector controller,
// test/e2e/lib/apiserver.ts): the agent's FRRNodeState and BGPSessionStates
// are owned by its Node (src/agent/kube.ts, sessionstates.ts), so deleting
// the Node deletes them; another node's stay. The agent, still running on
// the deleted Node (its pod goes later), does not make them again; the Node
// made again under the same name gets them back, owned by the new Node.
//
// The agent's Kubernetes side runs in this process (KubeSource and the two
// writers, as src/agent/main.ts wires them) under the agent's ServiceAccount
// and the RBAC the function emits; the objects are observed with kubectl.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeSource, KubeStatusWriter, loadKubeClient } from '../../src/agent/kube.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import type { NodeStatus } from '../../src/agent/reconciler.ts';
import { SessionStateWriter } from '../../src/agent/sessionstates.ts';
import { sessionStatuses } from '../../src/agent/sessions.ts';
import { AGENT_NAME } from '../../src/api/agent.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { compileManifests } from '../../src/compile/manifests.ts';
import { manifestsDefaults } from '../../src/compile/options.ts';
import { e2eDescribe, missing } from '../lib/e2e.ts';
import { controllerManagerRequirements, startCluster, withClusterLogs, type Cluster } from './lib/apiserver.ts';
import { holds, waitFor } from './lib/lab.ts';

const skip = missing(...controllerManagerRequirements());
const NS = 'frr-k8s-system';
const FRRK8S = 'frrk8s.metallb.io';

interface Meta {
  metadata: { name: string; uid: string; ownerReferences?: Array<{ kind: string; name: string; uid: string }> };
}

const status = (runningConfig: string): NodeStatus => ({ runningConfig, lastConversionResult: 'success', lastReloadResult: 'success' });
const neighbor = (peer: string, state: string) => ({ vrf: 'default', peer, state, announced: 0, received: 0, messages: {} as never });

/** One node's agent: its source (for the Node's uid) and its two writers. */
interface Agent {
  source: KubeSource;
  status: KubeStatusWriter;
  sessions: SessionStateWriter;
  log: ReturnType<typeof memoryLogger>;
  stop(): void;
}

e2eDescribe('a deleted Node\'s FRRNodeState and BGPSessionStates, by the garbage collector', { skip, timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;
  let kubeconfig: string;
  const agents: Agent[] = [];
  const test = withClusterLogs(() => cluster);

  const apply = (objects: object[]) => cluster.kubectl(['apply', '--server-side', '-f', '-'], { stdin: objects.map((o) => JSON.stringify(o)).join('\n') });
  const getJSON = async <T>(...args: string[]): Promise<T> => JSON.parse((await cluster.kubectl(['get', ...args, '-o', 'json'])).stdout) as T;
  const nodeState = async (node: string): Promise<Meta | undefined> => {
    const r = await cluster.kubectl(['get', `frrnodestates.${FRRK8S}`, node, '-o', 'json'], { allowFail: true });
    return r.code === 0 ? (JSON.parse(r.stdout) as Meta) : undefined;
  };
  const sessionStates = async (node: string) => (await getJSON<{ items: Meta[] }>(`bgpsessionstates.${FRRK8S}`, '-n', NS, '-l', `${FRRK8S}/node=${node}`)).items;
  const nodeUID = async (node: string) => (await getJSON<Meta>('node', node)).metadata.uid;

  async function startAgent(node: string): Promise<Agent> {
    const client = await loadKubeClient(kubeconfig);
    const log = memoryLogger();
    const source = new KubeSource(client, NS, node, log, () => undefined);
    const status = new KubeStatusWriter(client, node, log, () => source.owner());
    const sessions = new SessionStateWriter(client, NS, node, () => source.owner(), log);
    source.start();
    const agent = {
      source,
      status,
      sessions,
      log,
      stop() {
        source.stop();
        status.stop();
        sessions.stop();
      },
    };
    agents.push(agent);
    await waitFor(`${node}'s informers synced and its Node known`, async () => source.synced && source.owner() !== undefined, { timeoutMs: 30_000 });
    return agent;
  }

  /** Publishes a status and two sessions, and waits until both writers are done. */
  async function publish(a: Agent, node: string, tag: string): Promise<void> {
    a.status.publish(status(tag));
    a.sessions.publish(sessionStatuses(node, [neighbor('10.0.0.1', tag), neighbor('10.0.0.2', tag)]));
    await a.status.flush();
    await a.sessions.idle();
  }

  /** Both kinds of state object of `node` exist, owned by the Node with this uid. */
  async function ownedBy(node: string, uid: string): Promise<void> {
    const owner = [{ apiVersion: 'v1', kind: 'Node', name: node, uid }];
    assert.deepEqual((await nodeState(node))?.metadata.ownerReferences, owner, `FRRNodeState ${node}`);
    const sessions = await sessionStates(node);
    assert.equal(sessions.length, 2, `${node}'s BGPSessionStates`);
    for (const s of sessions) assert.deepEqual(s.metadata.ownerReferences, owner, `BGPSessionState ${s.metadata.name}`);
  }

  before(async () => {
    cluster = await startCluster({ controllers: ['garbagecollector'] });
    const m = manifestsDefaults();
    m.daemonSet = false;
    const objects = compileManifests(NS, m);
    await apply(objects.filter((o: KubeObject) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition'));
    await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', `crd/frrnodestates.${FRRK8S}`, `crd/bgpsessionstates.${FRRK8S}`]);
    await apply([
      ...objects.filter((o: KubeObject) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition'),
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node2' } },
    ]);
    kubeconfig = cluster.kubeconfigFor(await cluster.tokenFor(NS, AGENT_NAME, { duration: '1h' }), 'agent');
  });

  after(async () => {
    for (const a of agents) a.stop();
    await cluster?.stop();
  });

  it('delete a Node: its state objects disappear, another node\'s stay; the agent left running does not make them again; the Node back: they are back, owned by it', test(async () => {
    const [one, two] = [await startAgent('node1'), await startAgent('node2')];
    await publish(one, 'node1', 'Established');
    await publish(two, 'node2', 'Established');
    const uid1 = await nodeUID('node1');
    await ownedBy('node1', uid1);
    await ownedBy('node2', await nodeUID('node2'));

    await cluster.kubectl(['delete', 'node', 'node1']);
    await waitFor('the garbage collector to delete node1\'s FRRNodeState and BGPSessionStates', async () => (await nodeState('node1')) === undefined && (await sessionStates('node1')).length === 0, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    await ownedBy('node2', await nodeUID('node2'));

    // The agent of node1 still runs (the pod outlives its Node for a while)
    // and its sessions change: nothing of node1 comes back.
    await waitFor('node1\'s agent to see its Node gone', async () => one.source.owner() === undefined, { timeoutMs: 10_000 });
    await publish(one, 'node1', 'Active');
    await holds('no FRRNodeState or BGPSessionState of the deleted node1', async () => (await nodeState('node1')) === undefined && (await sessionStates('node1')).length === 0, 3000);
    assert.equal(one.log.lines.filter((l) => l.level === 'warn').length, 0, JSON.stringify(one.log.lines.filter((l) => l.level === 'warn')));

    // A Node of the same name again (a new uid): the next publish (every
    // reconcile after the Node's change publishes) brings them back, owned by it.
    await apply([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } }]);
    const uid1b = await nodeUID('node1');
    assert.notEqual(uid1b, uid1);
    await waitFor('node1\'s agent to see its new Node', async () => one.source.owner()?.uid === uid1b, { timeoutMs: 10_000 });
    await publish(one, 'node1', 'Active');
    await publish(one, 'node1', 'Established');
    await ownedBy('node1', uid1b);
  }));
});
