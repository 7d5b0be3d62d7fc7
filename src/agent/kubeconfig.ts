// `--kubeconfig FILE`: the current context's cluster and user, as kubectl
// reads them, for tests and development (in a pod the agent uses its
// ServiceAccount: kubeapi.ts inClusterAccess). Supported: server,
// certificate-authority(-data), insecure-skip-tls-verify, tls-server-name;
// users with token(-file), client-certificate(-data) + client-key(-data), or
// username + password. Not supported (one clear line at start-up): exec
// plugins, auth providers, proxies. Relative file names are relative to the
// kubeconfig's directory, as kubectl takes them.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { tokenFile, type KubeAccess } from './kubeapi.ts';

type Named<T> = Array<{ name?: unknown } & T>;
interface Config {
  'current-context'?: unknown;
  contexts?: Named<{ context?: { cluster?: unknown; user?: unknown } }>;
  clusters?: Named<{ cluster?: Record<string, unknown> }>;
  users?: Named<{ user?: Record<string, unknown> }>;
}

/** Reads `file`; throws an Error with one line saying what is wrong. */
export function kubeconfigAccess(file: string): KubeAccess {
  const where = (what: string) => `${file}: ${what}`;
  let cfg: Config;
  try {
    cfg = parse(readFileSync(file, 'utf8')) as Config;
  } catch (e) {
    throw new Error(where((e as Error).message.split('\n')[0]));
  }
  if (!cfg || typeof cfg !== 'object') throw new Error(where('not a kubeconfig'));
  const current = cfg['current-context'];
  const context = (cfg.contexts ?? []).find((c) => c.name === current)?.context;
  if (!context) throw new Error(where(`no current context${typeof current === 'string' ? ` "${current}"` : ''}`));
  const cluster = (cfg.clusters ?? []).find((c) => c.name === context.cluster)?.cluster;
  if (!cluster || typeof cluster.server !== 'string') throw new Error(where(`no server for cluster "${String(context.cluster)}"`));
  const user = (cfg.users ?? []).find((u) => u.name === context.user)?.user ?? {};
  for (const unsupported of ['exec', 'auth-provider']) {
    if (user[unsupported]) throw new Error(where(`user "${String(context.user)}": ${unsupported} is not supported by the agent (use a token or a client certificate)`));
  }
  if (cluster['proxy-url']) throw new Error(where('proxy-url is not supported by the agent'));

  const path = (p: unknown) => (typeof p === 'string' ? (isAbsolute(p) ? p : join(dirname(file), p)) : undefined);
  const bytes = (data: unknown, name: unknown): Buffer | undefined => {
    if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
    const p = path(name);
    return p ? readFileSync(p) : undefined;
  };
  const access: KubeAccess = { server: cluster.server.replace(/\/+$/, '') };
  const ca = bytes(cluster['certificate-authority-data'], cluster['certificate-authority']);
  if (ca) access.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) access.insecureSkipTLSVerify = true;
  if (typeof cluster['tls-server-name'] === 'string') access.tlsServerName = cluster['tls-server-name'];
  const cert = bytes(user['client-certificate-data'], user['client-certificate']);
  const key = bytes(user['client-key-data'], user['client-key']);
  if (cert) access.cert = cert;
  if (key) access.key = key;
  if (typeof user.token === 'string' && user.token) {
    const token = user.token;
    access.token = () => token;
  } else if (typeof user.tokenFile === 'string') {
    access.token = tokenFile(path(user.tokenFile)!);
  } else if (typeof user.username === 'string' && typeof user.password === 'string') {
    access.basicAuth = { username: user.username, password: user.password };
  }
  return access;
}
