// The agent's Kubernetes side, on the small API client of kubeapi.ts:
//
//  - informers (informer.ts: list, then watch from the list's
//    resourceVersion; 410 Gone re-lists; other errors retried with backoff, 1
//    s doubling to 4 s): FRRConfigurations of the FRR-K8s namespace in two
//    streams filtered by the API server — those labelled for this node
//    (metallb-frr.dev/node=<node>, the function's per-node output) and those
//    without that label (hand-written ones, per-peer output), never another
//    node's — the namespace's Secrets, and the agent's own Node (field
//    selector metadata.name=<node>). The caches keep serving the last state
//    while the API server is away, so FRR keeps running and local decisions
//    still work.
//  - the FRRNodeState status writer: one cluster-scoped FRRNodeState named
//    after the node (created when missing, owned by the Node so that the
//    garbage collector deletes it with the Node; one found without that
//    owner is given it), status replaced through the status subresource.
//    Only the latest status is written, only when it changed (or the Node
//    did: deleted and made again, it gets its FRRNodeState back), retried
//    with backoff while the API server is unreachable. While the Node is
//    not there (deleted, its pod not yet gone) none is created: the garbage
//    collector's deletion sticks.
//  - Events about the Node (core/v1, namespace "default", as for every
//    cluster-scoped object), best effort: a lost Event is logged, not retried.
import { AGENT_NAME, EVENTS_NAMESPACE, NODE_CONFIG_LABEL, nodeLabelValue } from '../api/agent.ts';
import { FRRK8S_API_VERSION, FRRK8S_GROUP } from '../api/frrk8s.ts';
import type { KubeObject } from '../api/k8s.ts';
import { secretsFrom } from '../frr/index.ts';
import { describeError, statusOf } from './errors.ts';
import { Informer, MAX_BACKOFF_MS } from './informer.ts';
import { inClusterAccess, KubeClient, type KubeClientOptions } from './kubeapi.ts';
import type { Logger } from './log.ts';
import type { EventSink, EventType, Inputs, NodeStatus, StatusSink } from './reconciler.ts';

/** The component the agent's Events name. */
export const COMPONENT = AGENT_NAME;
const VERSION = 'v1beta1';
const MERGE_PATCH = 'application/merge-patch+json';

/** A client for the cluster the agent runs in, or the one a kubeconfig file names. */
export async function loadKubeClient(kubeconfig: string | undefined, opts: KubeClientOptions = {}): Promise<KubeClient> {
  if (kubeconfig === undefined) return new KubeClient(inClusterAccess(), opts);
  // Loaded only here: the YAML parser is not needed in a pod.
  const { kubeconfigAccess } = await import('./kubeconfig.ts');
  return new KubeClient(kubeconfigAccess(kubeconfig), opts);
}

/** The owner reference that ties a node's state objects to its Node (garbage collection). */
export interface NodeOwner {
  name: string;
  uid: string;
}

export function ownerReference(owner: NodeOwner): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Node', name: owner.name, uid: owner.uid };
}

/** FRRConfigurations (two streams) and Secrets of the namespace, and the Node, from the API server. */
export class KubeSource {
  private readonly configs: Informer[];
  private readonly secrets: Informer;
  private readonly node: Informer;

  constructor(client: KubeClient, namespace: string, private readonly nodeName: string, log: Logger, onChange: () => void) {
    const path = `/apis/${FRRK8S_GROUP}/${VERSION}/namespaces/${namespace}/frrconfigurations`;
    const config = { path, apiVersion: FRRK8S_API_VERSION, kind: 'FRRConfiguration' };
    const own = nodeLabelValue(nodeName);
    this.configs = [
      // A node whose name cannot be a label value has no configuration labelled for it.
      ...(own ? [new Informer(client, { ...config, name: 'frrconfigurations of this node', labelSelector: `${NODE_CONFIG_LABEL}=${own}` }, log, onChange)] : []),
      new Informer(client, { ...config, name: 'frrconfigurations of every node', labelSelector: `!${NODE_CONFIG_LABEL}` }, log, onChange),
    ];
    this.secrets = new Informer(client, { name: 'secrets', path: `/api/v1/namespaces/${namespace}/secrets`, apiVersion: 'v1', kind: 'Secret' }, log, onChange);
    this.node = new Informer(client, { name: 'node', path: '/api/v1/nodes', fieldSelector: `metadata.name=${nodeName}`, apiVersion: 'v1', kind: 'Node' }, log, onChange);
  }

  private all(): Informer[] {
    return [...this.configs, this.secrets, this.node];
  }

  start(): void {
    for (const i of this.all()) i.start();
  }

  stop(): void {
    for (const i of this.all()) i.stop();
  }

  get synced(): boolean {
    return this.all().every((i) => i.synced);
  }

  /** The Node's uid (Events, owner references); undefined until it is known. */
  nodeUID(): string | undefined {
    const uid = this.node.list().find((n) => n.metadata?.name === this.nodeName)?.metadata?.uid;
    return typeof uid === 'string' ? uid : undefined;
  }

  /** The Node as an owner; undefined until it is known. */
  owner(): NodeOwner | undefined {
    const uid = this.nodeUID();
    return uid ? { name: this.nodeName, uid } : undefined;
  }

  snapshot(): Inputs | undefined {
    if (!this.synced) return undefined;
    const node = this.node.list().find((n) => n.metadata?.name === this.nodeName);
    return {
      configs: this.configs.flatMap((i) => i.list()),
      secrets: secretsFrom(this.secrets.list()),
      ...(node ? { node: { name: this.nodeName, labels: { ...(node.metadata?.labels ?? {}) } } } : {}),
    };
  }
}

/** Writes FRRNodeState <node>'s status; see the header. */
export class KubeStatusWriter implements StatusSink {
  private desired: NodeStatus | undefined;
  private written: string | undefined;
  /** The Node's uid when the status was last written (undefined: unknown, or no owner function). */
  private writtenFor: string | undefined;
  /** The FRRNodeState is missing and waits for the Node to own it. */
  private waitingForOwner = false;
  private flushing: Promise<void> | undefined;
  private backoffMs = 500;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly client: KubeClient,
    private readonly nodeName: string,
    private readonly log: Logger,
    /**
     * The Node to own the FRRNodeState (undefined while it is not there:
     * then a missing FRRNodeState is not created). Without this function,
     * it is created without an owner reference.
     */
    private readonly owner?: () => NodeOwner | undefined,
  ) {}

  publish(status: NodeStatus): void {
    this.desired = status;
    if (this.upToDate()) return;
    this.kick();
  }

  /** The latest status is written, for the Node there is now. */
  private upToDate(): boolean {
    return this.desired === undefined || (JSON.stringify(this.desired) === this.written && this.owner?.()?.uid === this.writtenFor);
  }

  /**
   * Resolves once the latest status is written, retries included (a conflict,
   * an outage), or once the writer stops.
   */
  flush(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wake();
  }

  private idle(): boolean {
    if (this.stopped) return true;
    return !this.flushing && !this.timer && (this.waitingForOwner || this.upToDate());
  }

  private wake(): void {
    if (this.idle()) for (const resolve of this.waiters.splice(0)) resolve();
  }

  private kick(): void {
    if (this.flushing || this.timer || this.stopped) return;
    this.flushing = this.writeLatest().finally(() => {
      this.flushing = undefined;
      this.wake();
    });
  }

  /** Writes until the latest status is written, or a write fails (then a retry is scheduled). */
  private async writeLatest(): Promise<void> {
    while (!this.stopped && !this.upToDate()) {
      if (!(await this.write(this.desired!))) return;
    }
  }

  private async write(status: NodeStatus): Promise<boolean> {
    const path = `/apis/${FRRK8S_GROUP}/${VERSION}/frrnodestates`;
    const own = `${path}/${encodeURIComponent(this.nodeName)}`;
    const owner = this.owner?.();
    this.waitingForOwner = false;
    try {
      let current: KubeObject;
      try {
        current = await this.client.get<KubeObject>(own);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        if (this.owner && !owner) {
          // The Node is gone (or not yet there): its FRRNodeState, deleted by
          // the garbage collector, stays deleted. The next publish once the
          // Node is back (a reconcile follows every change of it) creates it.
          this.waitingForOwner = true;
          this.log.info('FRRNodeState not created: the Node is not there', { name: this.nodeName });
          return false;
        }
        const metadata = { name: this.nodeName, ...(owner ? { ownerReferences: [ownerReference(owner)] } : {}) };
        current = await this.client.json<KubeObject>('POST', path, { apiVersion: FRRK8S_API_VERSION, kind: 'FRRNodeState', metadata, spec: {} });
        this.log.info('created FRRNodeState', { name: this.nodeName });
      }
      if (owner && !ownedBy(current, owner)) current = await this.adopt(own, current, owner);
      await this.client.json('PUT', `${own}/status`, { ...current, status });
      this.written = JSON.stringify(status);
      this.writtenFor = owner?.uid;
      this.backoffMs = 500;
      this.log.debug('status written', { name: this.nodeName });
      return true;
    } catch (e) {
      // A conflict (someone else wrote in between, or the object appeared
      // between our read and our create) is retried soon, with a fresh read.
      const conflict = statusOf(e) === 409;
      const retry = conflict ? 100 : this.backoffMs;
      if (!conflict) this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.log.warn('cannot write FRRNodeState status; retrying', { error: describeError(e), retryInMs: retry });
      if (!this.stopped) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.kick();
        }, retry);
      }
      return false;
    }
  }

  /**
   * An FRRNodeState without the Node as owner (made before owner references,
   * by frr-k8s, or for an earlier Node of the same name) gets it, replacing
   * any other Node's reference, so the garbage collector takes it with the
   * Node. Guarded by the resourceVersion read: a conflict is retried.
   */
  private async adopt(path: string, current: KubeObject, owner: NodeOwner): Promise<KubeObject> {
    const refs = ((current.metadata?.ownerReferences ?? []) as Array<Record<string, unknown>>).filter((r) => r.kind !== 'Node');
    const adopted = await this.client.json<KubeObject>('PATCH', path, { metadata: { resourceVersion: current.metadata?.resourceVersion, ownerReferences: [...refs, ownerReference(owner)] } }, MERGE_PATCH);
    this.log.info('FRRNodeState now owned by its Node', { name: this.nodeName });
    return adopted;
  }
}

/** Whether `o` names `owner` (by uid) among its owner references. */
export function ownedBy(o: KubeObject, owner: NodeOwner): boolean {
  const refs = (o.metadata?.ownerReferences ?? []) as Array<Record<string, unknown>>;
  return refs.some((r) => r.kind === 'Node' && r.uid === owner.uid);
}

/** Events about the Node; see the header. */
export class KubeEvents implements EventSink {
  private seq = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly nodeName: string,
    private readonly nodeUID: () => string | undefined,
    private readonly log: Logger,
  ) {}

  emit(type: EventType, reason: string, message: string): void {
    const now = new Date().toISOString();
    const uid = this.nodeUID();
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${this.nodeName}.${Date.now().toString(16)}${(++this.seq).toString(16).padStart(4, '0')}`, namespace: EVENTS_NAMESPACE },
      involvedObject: { apiVersion: 'v1', kind: 'Node', name: this.nodeName, ...(uid ? { uid } : {}) },
      type,
      reason,
      message,
      source: { component: COMPONENT, host: this.nodeName },
      reportingComponent: COMPONENT,
      reportingInstance: this.nodeName,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    this.client.json('POST', `/api/v1/namespaces/${EVENTS_NAMESPACE}/events`, body).catch((e: unknown) => {
      this.log.warn('cannot record Event', { reason, error: describeError(e) });
    });
  }
}
