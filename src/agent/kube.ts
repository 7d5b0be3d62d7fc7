// The agent's Kubernetes side, with @kubernetes/client-node:
//
//  - three informers (list, then watch from the list's resourceVersion):
//    FRRConfigurations and Secrets of the FRR-K8s namespace, and the agent's
//    own Node (field selector metadata.name=<node>). client-node's ListWatch
//    re-lists on 410 Gone and re-watches when a watch ends; on any other
//    error it stops, and this module restarts it after a backoff (1 s
//    doubling to 4 s, back to 1 s after a successful list). The informers'
//    caches keep serving the last state while the API server is away, so
//    FRR keeps running and local decisions still work.
//  - the FRRNodeState status writer: one cluster-scoped FRRNodeState named
//    after the node (created when missing), status replaced through the
//    status subresource. Only the latest status is written, only when it
//    changed, retried with backoff while the API server is unreachable.
//  - Events about the Node (core/v1, namespace "default", as for every
//    cluster-scoped object), best effort: a lost Event is logged, not retried.
//
// Objects from lists lack apiVersion/kind (the API server omits them in list
// items); they are set here so that the FRR library recognises them.
import {
  CoreV1Api,
  type CoreV1Event,
  CustomObjectsApi,
  KubeConfig,
  ListWatch,
  Watch,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { AGENT_NAME, EVENTS_NAMESPACE } from '../api/agent.ts';
import { FRRK8S_API_VERSION, FRRK8S_GROUP } from '../api/frrk8s.ts';
import type { KubeObject } from '../api/k8s.ts';
import { secretsFrom } from '../frr/index.ts';
import { describeError, statusOf } from './errors.ts';
import type { Logger } from './log.ts';
import type { EventSink, EventType, Inputs, NodeStatus, StatusSink } from './reconciler.ts';

/** The component the agent's Events name. */
export const COMPONENT = AGENT_NAME;
/** Longest wait between retries against the API server: a short outage is over quickly. */
const MAX_BACKOFF_MS = 4000;
const VERSION = 'v1beta1';

/** In-cluster configuration, or the kubeconfig file given. */
export function loadKubeConfig(kubeconfig: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromCluster();
  return kc;
}

interface WatchedOptions<T extends KubernetesObject> {
  name: string;
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  fieldSelector?: string;
  apiVersion: string;
  kind: string;
}

/** One informer, restarted with backoff after errors. */
class Watched<T extends KubernetesObject> {
  private readonly lw: ListWatch<T>;
  private backoffMs = 1000;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  synced = false;

  constructor(
    kc: KubeConfig,
    private readonly o: WatchedOptions<T>,
    private readonly log: Logger,
    onChange: () => void,
  ) {
    const list = async () => {
      const l = await o.list();
      for (const item of l.items) {
        item.apiVersion ??= o.apiVersion;
        item.kind ??= o.kind;
      }
      if (!this.synced) log.info('synced', { resource: o.name, objects: l.items.length });
      this.synced = true;
      this.backoffMs = 1000;
      // Deletions and additions found by a re-list come as events too; an
      // empty list changes nothing visible, so say so explicitly.
      onChange();
      return l;
    };
    this.lw = new ListWatch<T>(o.path, new Watch(kc), list, false, undefined, o.fieldSelector);
    const changed = (obj: T) => {
      obj.apiVersion ??= o.apiVersion;
      obj.kind ??= o.kind;
      onChange();
    };
    this.lw.on('add', changed);
    this.lw.on('update', changed);
    this.lw.on('delete', changed);
    this.lw.on('error', (err: unknown) => {
      if (this.stopped) return;
      log.warn('watch failed; retrying', { resource: o.name, error: describeError(err), retryInMs: this.backoffMs });
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.start();
      }, this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    });
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.lw.start();
    } catch (e) {
      // start() rejects only for setup errors (no cluster in the kubeconfig).
      this.log.error('cannot watch', { resource: this.o.name, error: describeError(e) });
    }
  }

  list(): T[] {
    return [...this.lw.list()];
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    void this.lw.stop();
  }
}

/** FRRConfigurations and Secrets of the namespace, and the Node, from the API server. */
export class KubeSource {
  private readonly configs: Watched<KubeObject>;
  private readonly secrets: Watched<KubeObject>;
  private readonly node: Watched<KubernetesObject>;

  constructor(kc: KubeConfig, namespace: string, private readonly nodeName: string, log: Logger, onChange: () => void) {
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    this.configs = new Watched(
      kc,
      {
        name: 'frrconfigurations',
        path: `/apis/${FRRK8S_GROUP}/${VERSION}/namespaces/${namespace}/frrconfigurations`,
        list: () => custom.listNamespacedCustomObject({ group: FRRK8S_GROUP, version: VERSION, namespace, plural: 'frrconfigurations' }) as Promise<KubernetesListObject<KubeObject>>,
        apiVersion: FRRK8S_API_VERSION,
        kind: 'FRRConfiguration',
      },
      log,
      onChange,
    );
    this.secrets = new Watched(
      kc,
      {
        name: 'secrets',
        path: `/api/v1/namespaces/${namespace}/secrets`,
        list: () => core.listNamespacedSecret({ namespace }) as Promise<KubernetesListObject<KubeObject>>,
        apiVersion: 'v1',
        kind: 'Secret',
      },
      log,
      onChange,
    );
    const fieldSelector = `metadata.name=${nodeName}`;
    this.node = new Watched(
      kc,
      {
        name: 'node',
        path: '/api/v1/nodes',
        list: () => core.listNode({ fieldSelector }) as Promise<KubernetesListObject<KubernetesObject>>,
        fieldSelector,
        apiVersion: 'v1',
        kind: 'Node',
      },
      log,
      onChange,
    );
  }

  start(): void {
    for (const w of [this.configs, this.secrets, this.node]) void w.start();
  }

  stop(): void {
    for (const w of [this.configs, this.secrets, this.node]) w.stop();
  }

  get synced(): boolean {
    return this.configs.synced && this.secrets.synced && this.node.synced;
  }

  /** The Node's uid, for Events. */
  nodeUID(): string | undefined {
    return this.node.list()[0]?.metadata?.uid;
  }

  snapshot(): Inputs | undefined {
    if (!this.synced) return undefined;
    const node = this.node.list().find((n) => n.metadata?.name === this.nodeName);
    return {
      configs: this.configs.list(),
      secrets: secretsFrom(this.secrets.list()),
      ...(node ? { node: { name: this.nodeName, labels: { ...(node.metadata?.labels ?? {}) } } } : {}),
    };
  }
}

/** Writes FRRNodeState <node>'s status; see the header. */
export class KubeStatusWriter implements StatusSink {
  private readonly api: CustomObjectsApi;
  private desired: NodeStatus | undefined;
  private written: string | undefined;
  private flushing: Promise<void> | undefined;
  private backoffMs = 500;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private waiters: Array<() => void> = [];

  constructor(kc: KubeConfig, private readonly nodeName: string, private readonly log: Logger) {
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  publish(status: NodeStatus): void {
    this.desired = status;
    if (JSON.stringify(status) === this.written) return;
    this.kick();
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
    return !this.flushing && !this.timer && (this.desired === undefined || JSON.stringify(this.desired) === this.written);
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
    while (!this.stopped && this.desired && JSON.stringify(this.desired) !== this.written) {
      if (!(await this.write(this.desired))) return;
    }
  }

  private async write(status: NodeStatus): Promise<boolean> {
    const ids = { group: FRRK8S_GROUP, version: VERSION, plural: 'frrnodestates', name: this.nodeName };
    try {
      let current: KubernetesObject;
      try {
        current = (await this.api.getClusterCustomObject(ids)) as KubernetesObject;
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        current = (await this.api.createClusterCustomObject({
          group: FRRK8S_GROUP,
          version: VERSION,
          plural: 'frrnodestates',
          body: { apiVersion: FRRK8S_API_VERSION, kind: 'FRRNodeState', metadata: { name: this.nodeName }, spec: {} },
        })) as KubernetesObject;
        this.log.info('created FRRNodeState', { name: this.nodeName });
      }
      await this.api.replaceClusterCustomObjectStatus({ ...ids, body: { ...current, status } });
      this.written = JSON.stringify(status);
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
}

/** Events about the Node; see the header. */
export class KubeEvents implements EventSink {
  private readonly api: CoreV1Api;
  private seq = 0;

  constructor(kc: KubeConfig, private readonly nodeName: string, private readonly nodeUID: () => string | undefined, private readonly log: Logger) {
    this.api = kc.makeApiClient(CoreV1Api);
  }

  emit(type: EventType, reason: string, message: string): void {
    const now = new Date();
    const uid = this.nodeUID();
    const body: CoreV1Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${this.nodeName}.${now.getTime().toString(16)}${(++this.seq).toString(16).padStart(4, '0')}`, namespace: EVENTS_NAMESPACE },
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
    this.api.createNamespacedEvent({ namespace: EVENTS_NAMESPACE, body }).catch((e: unknown) => {
      this.log.warn('cannot record Event', { reason, error: describeError(e) });
    });
  }
}
