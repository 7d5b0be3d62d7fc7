// Writes this node's BGPSessionStates (sessions.ts says what they hold) to
// the API server:
//
//   - lists the node's objects once (label selector
//     frrk8s.metallb.io/node=<node>, in the agent's namespace) and keeps them
//     in memory; lists again only after a write failed;
//   - carries out planSessions() one request at a time, always for the
//     latest statuses published (a session that flaps between two writes
//     costs one write, not two);
//   - creates an object (generateName <node>-, its labels, owned by the Node
//     so that the garbage collector deletes it with the Node), then sets its
//     status through the status subresource (a create cannot: the status
//     subresource drops it), with a JSON merge patch; deletes objects of
//     sessions FRR no longer has;
//   - at most `qps` requests a second (bursts of `burst`): a change of every
//     session of a node (the top-of-rack router restarts) reaches the API
//     server spread out, not all at once from every node;
//   - a failed request is retried with backoff (0.5 s doubling to 4 s) after
//     listing again; a 404 on an update means the object is gone (deleted by
//     hand, or by the garbage collector for an earlier Node of this name):
//     it is created again.
//
// Nothing is created before the Node's uid is known (the owner reference).
//
// SessionPoller feeds it: FRR's sessions read every --session-poll-interval
// (10 s) and after each reload, through the reloader (frrstate.ts); a read
// that fails leaves the objects as they are.
import { BGP_SESSION_STATE_LABELS, FRRK8S_API_VERSION, FRRK8S_GROUP, type BGPSessionStateStatus } from '../api/frrk8s.ts';
import type { KubeObject } from '../api/k8s.ts';
import { describeError, statusOf } from './errors.ts';
import { MAX_BACKOFF_MS } from './informer.ts';
import type { KubeClient } from './kubeapi.ts';
import { ownerReference, type NodeOwner } from './kube.ts';
import type { Logger } from './log.ts';
import type { StateResult } from './frrstate.ts';
import { labelSafe, planSessions, sessionKey, sessionLabels, sessionStatuses, type ExistingSession, type SessionAction } from './sessions.ts';

const MERGE_PATCH = 'application/merge-patch+json';

export interface SessionStateOptions {
  /** Requests a second, on average. */
  qps?: number;
  /** Requests allowed at once after a quiet period. */
  burst?: number;
}

/** A token bucket: take() resolves when a request may go. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly qps: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Milliseconds to wait before the next request (0: now); takes its token. */
  delay(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }
}

export class SessionStateWriter {
  private desired: BGPSessionStateStatus[] | undefined;
  private existing: ExistingSession[] | undefined;
  private running: Promise<void> | undefined;
  private dirty = false;
  private stopped = false;
  private backoffMs = 500;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly limiter: RateLimiter;
  private readonly path: string;
  private readonly selector: string;
  /** Requests made, by kind (tests, logs). */
  readonly counts = { list: 0, create: 0, update: 0, delete: 0 };

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly nodeName: string,
    private readonly owner: () => NodeOwner | undefined,
    private readonly log: Logger,
    opts: SessionStateOptions = {},
  ) {
    this.limiter = new RateLimiter(opts.qps ?? 5, opts.burst ?? 10);
    this.path = `/apis/${FRRK8S_GROUP}/v1beta1/namespaces/${namespace}/bgpsessionstates`;
    this.selector = `${BGP_SESSION_STATE_LABELS.node}=${labelSafe(nodeName)}`;
  }

  /** The statuses FRR's state asks for now; written when they differ from what is there. */
  publish(statuses: BGPSessionStateStatus[]): void {
    this.desired = statuses;
    this.kick();
  }

  /** Resolves when everything published is written (or the writer stopped). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wakeUp?.();
  }

  private kick(): void {
    this.dirty = true;
    if (this.running || this.stopped) return;
    this.running = this.work().finally(() => {
      this.running = undefined;
      // Published while the loop was finding nothing to do: look again.
      if (this.dirty) this.kick();
    });
  }

  private async work(): Promise<void> {
    while (!this.stopped && this.desired) {
      this.dirty = false;
      try {
        if (!this.existing) await this.list();
        const action = this.next();
        if (!action) return;
        await this.wait(this.limiter.delay());
        if (this.stopped) return;
        await this.carryOut(action);
        this.backoffMs = 500;
      } catch (e) {
        if (this.stopped) return;
        this.log.warn('cannot write BGPSessionStates; retrying', { error: describeError(e), retryInMs: this.backoffMs });
        this.existing = undefined; // list again: someone else may have changed them
        await this.wait(this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** The first action of the plan (creations wait for the Node's uid). */
  private next(): SessionAction | undefined {
    const plan = planSessions(this.desired!, this.existing!);
    return plan.find((a) => a.kind !== 'create' || this.owner() !== undefined);
  }

  private async list(): Promise<void> {
    this.counts.list++;
    const list = await this.client.get<{ items?: KubeObject[] }>(`${this.path}?labelSelector=${encodeURIComponent(this.selector)}`);
    this.existing = (list.items ?? []).map((o) => ({
      name: String(o.metadata?.name),
      key: sessionKey((o.metadata?.labels ?? {}) as Record<string, string>),
      status: (o as { status?: BGPSessionStateStatus }).status,
    }));
  }

  private async carryOut(a: SessionAction): Promise<void> {
    const existing = this.existing!;
    if (a.kind === 'delete') {
      this.counts.delete++;
      try {
        await this.client.json('DELETE', `${this.path}/${encodeURIComponent(a.name)}`);
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      this.existing = existing.filter((e) => e.name !== a.name);
      this.log.debug('deleted BGPSessionState', { name: a.name });
      return;
    }
    if (a.kind === 'create') {
      this.counts.create++;
      const labels = sessionLabels(a.status);
      const body = {
        apiVersion: FRRK8S_API_VERSION,
        kind: 'BGPSessionState',
        metadata: { generateName: `${this.nodeName.slice(0, 200)}-`, namespace: this.namespace, labels, ownerReferences: [ownerReference(this.owner()!)] },
        spec: {},
      };
      const created = await this.client.json<KubeObject>('POST', this.path, body);
      this.existing = [...existing, { name: String(created.metadata?.name), key: sessionKey(labels), status: undefined }];
      this.log.debug('created BGPSessionState', { name: String(created.metadata?.name), peer: a.status.peer, vrf: a.status.vrf });
      return;
    }
    this.counts.update++;
    try {
      await this.client.json('PATCH', `${this.path}/${encodeURIComponent(a.name)}/status`, { status: a.status }, MERGE_PATCH);
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      this.existing = existing.filter((x) => x.name !== a.name); // gone: created again
      return;
    }
    this.existing = existing.map((x) => (x.name === a.name ? { ...x, status: a.status } : x));
    this.log.debug('BGPSessionState updated', { name: a.name, peer: a.status.peer, bgp: a.status.bgpStatus, bfd: a.status.bfdStatus });
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.wakeUp = undefined;
        resolve();
      }, ms);
    });
  }
}

/** Reads FRR's sessions every `intervalMs` (and when asked) and publishes their BGPSessionStates. */
export class SessionPoller {
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly reader: { read(): Promise<StateResult> },
    private readonly writer: { publish(statuses: BGPSessionStateStatus[]): void; stop?(): void },
    private readonly nodeName: string,
    private readonly intervalMs: number,
    /** Nothing is published before the agent's first reconcile (FRR may not run the node's configuration yet). */
    private readonly ready: () => boolean,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Reads now (unless a read is under way); a failed read changes nothing. */
  poll(): void {
    if (this.stopped || this.polling || !this.ready()) return;
    this.polling = true;
    void this.reader
      .read()
      .then((r) => {
        if (r.ok && !this.stopped) this.writer.publish(sessionStatuses(this.nodeName, r.state.neighbors));
      })
      .finally(() => {
        this.polling = false;
      });
  }

  /** Stops polling, and the writer. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.writer.stop?.();
  }
}
