// An informer: list, then watch from the list's resourceVersion, keeping the
// objects in memory.
//
//   - A watch that ends (the server's timeoutSeconds, 5-10 min) is started
//     again from the last resourceVersion seen (bookmarks included).
//   - 410 Gone, as an HTTP status or an ERROR event in the stream (the
//     resourceVersion was compacted away): list again, then watch from the
//     new list. Not an error.
//   - Any other error (the API server away, RBAC refusing, a 500): logged
//     ("watch failed; retrying"), then the same request again after a
//     backoff (1 s doubling to 4 s, back to 1 s after a successful list): a
//     failed list is listed again, a failed watch watched again from its
//     resourceVersion (which may then be gone: 410, list).
//   - The cache keeps serving the last state meanwhile, so the agent keeps
//     deciding locally while the API server is away.
//
// Objects from lists lack apiVersion and kind (the API server omits them in
// list items); they are set here, so that the FRR library recognises them.
import type { KubeObject } from '../api/k8s.ts';
import { describeError } from './errors.ts';
import { ApiError, type KubeClient, type WatchEvent } from './kubeapi.ts';
import type { Logger } from './log.ts';

/** Longest wait between retries against the API server: a short outage is over quickly. */
export const MAX_BACKOFF_MS = 4000;
const FIRST_BACKOFF_MS = 1000;
/** Items per list page. */
const PAGE = 500;

export interface InformerOptions {
  /** For logs: the resource (and which stream of it). */
  name: string;
  /** The collection's path, e.g. /api/v1/namespaces/x/secrets. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  apiVersion: string;
  kind: string;
}

interface List {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private resourceVersion: string | undefined;
  private backoffMs = FIRST_BACKOFF_MS;
  private stopped = false;
  private running = false;
  private watching: { abort(): void } | undefined;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Whether a list has succeeded (the cache holds the collection). */
  synced = false;

  constructor(
    private readonly client: KubeClient,
    private readonly o: InformerOptions,
    private readonly log: Logger,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watching?.abort();
    if (this.sleeping) {
      clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        if (this.stopped) return;
        if (await this.watchOnce()) this.resourceVersion = undefined; // 410 Gone: list again
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof ApiError && e.code === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        this.log.warn('watch failed; retrying', { resource: this.o.name, error: describeError(e), retryInMs: this.backoffMs });
        await this.sleep(this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private query(extra: Record<string, string>): string {
    const q = new URLSearchParams();
    if (this.o.labelSelector) q.set('labelSelector', this.o.labelSelector);
    if (this.o.fieldSelector) q.set('fieldSelector', this.o.fieldSelector);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `${this.o.path}?${q.toString()}`;
  }

  /** Lists the collection (page by page) and replaces the cache with it. */
  private async relist(): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.client.get<List>(this.query({ limit: String(PAGE), ...(cont ? { continue: cont } : {}) }));
      for (const item of page.items ?? []) items.push(this.typed(item));
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
    } while (cont && !this.stopped);
    this.cache.clear();
    for (const item of items) this.cache.set(keyOf(item), item);
    this.resourceVersion = rv ?? '';
    if (!this.synced) this.log.info('synced', { resource: this.o.name, objects: items.length });
    this.synced = true;
    this.backoffMs = FIRST_BACKOFF_MS;
    // Deletions and additions a re-list found are changes too.
    this.onChange();
  }

  /** One watch, until the server ends it; true when the resourceVersion is gone (410). */
  private async watchOnce(): Promise<boolean> {
    let gone = false;
    const timeoutSeconds = String(300 + Math.floor(Math.random() * 300));
    const w = this.client.watch(this.query({ watch: '1', resourceVersion: this.resourceVersion ?? '', allowWatchBookmarks: 'true', timeoutSeconds }), (e) => {
      if (this.handle(e)) {
        gone = true;
        w.abort();
      }
    });
    this.watching = w;
    try {
      await w.done;
    } finally {
      this.watching = undefined;
    }
    return gone;
  }

  /** Applies one event; true for 410 Gone. */
  private handle(e: WatchEvent): boolean {
    const obj = e.object as KubeObject;
    if (e.type === 'ERROR') {
      const status = obj as { code?: unknown; message?: unknown; reason?: unknown };
      if (status.code === 410) return true;
      throw new ApiError(typeof status.code === 'number' ? status.code : 500, typeof status.message === 'string' ? status.message : 'watch error', typeof status.reason === 'string' ? status.reason : undefined);
    }
    const rv = obj.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv) this.resourceVersion = rv;
    if (e.type === 'BOOKMARK') return false;
    const item = this.typed(obj);
    if (e.type === 'DELETED') this.cache.delete(keyOf(item));
    else this.cache.set(keyOf(item), item);
    this.onChange();
    return false;
  }

  private typed(obj: KubeObject): T {
    obj.apiVersion ??= this.o.apiVersion;
    obj.kind ??= this.o.kind;
    return obj as T;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      const timer = setTimeout(() => {
        this.sleeping = undefined;
        wake();
      }, ms);
      this.sleeping = { timer, wake };
    });
  }
}

function keyOf(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}
