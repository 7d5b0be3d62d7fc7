// A small client for the Kubernetes API, with what the agent needs and
// nothing more: JSON requests (get, list, create, patch, replace, delete) and
// watches (newline-delimited JSON events on one long response), over
// node:https with keep-alive connections.
//
// Why not @kubernetes/client-node: it holds about 22 MiB resident once
// loaded (its generated API classes and models, its dependencies: measured
// in the same process with only KubeConfig and Watch imported), more than
// the rest of the agent, and a per-node agent pays it on every node. The
// agent asks for a handful of fixed paths; this file is those requests.
//
// Access: in the cluster (the ServiceAccount's token, re-read every minute
// since projected tokens rotate, and the cluster's CA), or a kubeconfig file
// (kubeconfig.ts: server, CA, token or client certificate; no exec plugins).
//
// Errors: a response other than 2xx is an ApiError with the HTTP status and
// the API server's own message (a Status' `message`); the rest of a body is
// never kept (it could echo an object). A request without an answer for
// `timeoutMs` (30 s) is aborted. A watch that sends nothing (not even a
// bookmark) for its timeout plus a minute is aborted too: a connection to a
// vanished API server can stay open forever otherwise.
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';

/** Where a pod finds its ServiceAccount's token, the cluster's CA and its namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** How long a token read from a file is used before the file is read again (as client-go). */
const TOKEN_REFRESH_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** How to reach and authenticate to the API server. */
export interface KubeAccess {
  /** https://host:port, without a trailing slash. */
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTLSVerify?: boolean;
  /** The TLS server name to verify, when not the server's host. */
  tlsServerName?: string;
  /** The bearer token, read when needed (a file's content may change). */
  token?: () => string | undefined;
  basicAuth?: { username: string; password: string };
}

/** A response other than 2xx: the HTTP status and the API server's message. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** The Status' reason (NotFound, Conflict, AlreadyExists, Expired, ...). */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** A token read from `file`, cached for a minute. */
export function tokenFile(file: string): () => string | undefined {
  let token: string | undefined;
  let readAt = 0;
  return () => {
    const now = Date.now();
    if (token === undefined || now - readAt >= TOKEN_REFRESH_MS) {
      try {
        token = readFileSync(file, 'utf8').trim();
        readAt = now;
      } catch (e) {
        // Keep the last token while the file cannot be read (a rotation in progress).
        if (token === undefined) throw new Error(`cannot read the token: ${(e as Error).message}`);
      }
    }
    return token;
  };
}

/** Access from inside a pod: KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount's files. */
export function inClusterAccess(env: NodeJS.ProcessEnv = process.env, dir = SERVICE_ACCOUNT_DIR): KubeAccess {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('not in a cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set); pass --kubeconfig');
  const token = tokenFile(join(dir, 'token'));
  token(); // a clear error now rather than at the first request
  return { server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`, ca: readFileSync(join(dir, 'ca.crt')), token };
}

/** One event of a watch. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

export interface Watching {
  /** Resolves when the server ends the watch (or abort() is called); rejects on an error. */
  readonly done: Promise<void>;
  abort(): void;
}

export interface KubeClientOptions {
  /** Test hook: every request waits for it before it is sent ('WATCH' for watches). */
  beforeRequest?: (method: string, url: string) => Promise<void>;
  timeoutMs?: number;
}

export class KubeClient {
  private readonly agent: HttpAgent;
  private readonly base: URL;

  constructor(
    private readonly access: KubeAccess,
    private readonly opts: KubeClientOptions = {},
  ) {
    this.base = new URL(access.server);
    const tls = {
      keepAlive: true,
      ...(access.ca ? { ca: access.ca } : {}),
      ...(access.cert ? { cert: access.cert } : {}),
      ...(access.key ? { key: access.key } : {}),
      ...(access.tlsServerName ? { servername: access.tlsServerName } : {}),
      rejectUnauthorized: !access.insecureSkipTLSVerify,
    };
    this.agent = this.base.protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent(tls);
  }

  /** GET `path` (with its query), as JSON. */
  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  /**
   * A JSON request; resolves with the parsed answer (undefined for an empty
   * one), rejects with ApiError for a status other than 2xx.
   */
  async json<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const url = this.url(path);
    await this.opts.beforeRequest?.(method, url);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const res = await this.send(method, url, payload, contentType, this.opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
    const text = await readBody(res);
    if (res.statusCode! < 200 || res.statusCode! >= 300) throw apiError(res, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Watches `path` (with watch=1 and the rest of its query): each event is
   * handed to `onEvent` as it arrives. `timeoutSeconds` in the query is the
   * server's end of the watch; nothing for a minute past it aborts it.
   */
  watch(path: string, onEvent: (e: WatchEvent) => void): Watching {
    const url = this.url(path);
    const seconds = Number(new URL(url).searchParams.get('timeoutSeconds') ?? '1800');
    let req: ClientRequest | undefined;
    let aborted = false;
    const done = (async () => {
      await this.opts.beforeRequest?.('WATCH', url);
      if (aborted) return;
      const res = await this.send('GET', url, undefined, undefined, (seconds + 60) * 1000, (r) => (req = r));
      if (res.statusCode !== 200) throw apiError(res, await readBody(res));
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (!line.trim()) continue;
            let event: WatchEvent;
            try {
              event = JSON.parse(line) as WatchEvent;
            } catch {
              res.destroy();
              return reject(new Error('the watch sent a line that is not JSON'));
            }
            try {
              onEvent(event);
            } catch (e) {
              res.destroy();
              return reject(e);
            }
          }
        });
        res.on('end', () => resolve());
        res.on('error', (e) => (aborted ? resolve() : reject(e)));
        res.on('aborted', () => (aborted ? resolve() : reject(new Error('the watch was cut off'))));
        res.on('close', () => (aborted ? resolve() : !res.complete ? reject(new Error('the watch was cut off')) : resolve()));
      });
    })().catch((e: unknown) => {
      if (!aborted) throw e;
    });
    return {
      done,
      abort: () => {
        aborted = true;
        req?.destroy();
      },
    };
  }

  /** Closes idle connections (the agent stops). */
  close(): void {
    this.agent.destroy();
  }

  private url(path: string): string {
    return new URL(path, this.base).toString();
  }

  private send(method: string, url: string, body: Buffer | undefined, contentType: string | undefined, timeoutMs: number, onRequest?: (r: ClientRequest) => void): Promise<IncomingMessage> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'metallb-frr-agent' };
    const token = this.access.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    else if (this.access.basicAuth) headers.authorization = `Basic ${Buffer.from(`${this.access.basicAuth.username}:${this.access.basicAuth.password}`).toString('base64')}`;
    if (body) {
      headers['content-type'] = contentType ?? 'application/json';
      headers['content-length'] = String(body.length);
    }
    const options: RequestOptions = { method, headers, agent: this.agent, timeout: timeoutMs };
    return new Promise((resolve, reject) => {
      const req = (this.base.protocol === 'http:' ? httpRequest : httpsRequest)(url, options, resolve);
      onRequest?.(req);
      req.on('timeout', () => req.destroy(new Error(`no answer from the API server within ${Math.round(timeoutMs / 1000)} s`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** The API server's Status message and reason; never the rest of the body. */
function apiError(res: IncomingMessage, text: string): ApiError {
  let status: { message?: unknown; reason?: unknown } = {};
  try {
    status = JSON.parse(text) as typeof status;
  } catch {
    // not a Status (a proxy's page): the HTTP status text says enough
  }
  const message = typeof status.message === 'string' && status.message ? status.message : (res.statusMessage ?? 'no message');
  return new ApiError(res.statusCode ?? 0, message.split('\n')[0].slice(0, 500), typeof status.reason === 'string' ? status.reason : undefined);
}
