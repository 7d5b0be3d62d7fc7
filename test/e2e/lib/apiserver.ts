// A real, throwaway Kubernetes control plane for end-to-end tests: etcd plus
// kube-apiserver as local processes on 127.0.0.1, no kubelet; controllers
// only on request (kube-controller-manager with the controllers named, e.g.
// the garbage collector: startCluster({ controllers: ['garbagecollector'] })).
// Ready in about 3-5 s on 2 cores (etcd ~0.15 s); a restart takes about 3 s.
//
//   const cluster = await startCluster();          // in before()
//   after(() => cluster.stop());                   // always: kills, cleans up
//   await cluster.kubectl(['apply', '-f', '-'], { stdin: yaml });
//   const token = await cluster.tokenFor('metallb-system', 'frr-k8s-agent');
//   const kubeconfig = cluster.kubeconfigFor(token, 'agent'); // for a local agent
//   await cluster.stopApiserver(); ...; await cluster.startApiserver();
//
// Children run under `setpriv --pdeathsig=KILL` (util-linux), so they die with
// the test process even when it is killed without running cleanup.
//
// Binaries
//   kube-apiserver  $KUBE_APISERVER, else ~/.cache/metallb-frr/bin/kube-apiserver
//                   (built by scripts/tools.sh from test/tools/go.mod), else PATH
//   etcd            $ETCD, else ~/.cache/metallb-frr/bin/etcd, else PATH
//                   (Debian's etcd-server, /usr/bin/etcd)
//   kubectl         $KUBECTL, else PATH (/usr/bin/kubectl)
//   kube-controller-manager  $KUBE_CONTROLLER_MANAGER, else
//                   ~/.cache/metallb-frr/bin/kube-controller-manager (built
//                   like kube-apiserver), else PATH; only with `controllers`
//
// Layout: everything lives in one mkdtemp directory (kept when a start fails or
// KEEP_CLUSTER=1, removed by stop() otherwise): etcd/ (data), certs/ (serving
// certificate), sa.key/sa.pub, tokens.csv, admin.kubeconfig, etcd.log and
// kube-apiserver.log (appended to across restarts).
//
// Ports: random free ports on 127.0.0.1 below the kernel's ephemeral range, so
// no client connection can take the apiserver's port while it is stopped.
//
// etcd: one member, client and peer URLs on those ports, data in <tmp>/etcd;
// --heartbeat-interval=10 --election-timeout=100 make the single member elect
// itself in about 0.1 s instead of 1 s (it has no peers to lose an election to).
// Debian's etcd 3.4.23 works with kube-apiserver v1.34; it lacks
// RequestWatchProgress, so the apiserver serves consistent lists from etcd
// rather than from its watch cache (logged once at start).
//
// kube-apiserver flags, and why:
//   --bind-address/--advertise-address=127.0.0.1, --secure-port=<random>
//       loopback only; the port stays the same across stopApiserver/startApiserver
//   --cert-dir=<tmp>/certs
//       no --tls-cert-file, so the apiserver makes a self-signed CA and serving
//       certificate (SAN 127.0.0.1, not "localhost") on first start; apiserver.crt holds the
//       certificate followed by its CA and is this cluster's CA bundle. A
//       restart finds and reuses them, so kubeconfigs stay valid.
//   --service-account-key-file/--service-account-signing-key-file
//       an EC P-256 key pair made with node:crypto; tokens are ES256 JWTs
//   --service-account-issuer=https://kubernetes.default.svc.cluster.local
//       (also the default audience), needed for the TokenRequest API
//   --token-auth-file=tokens.csv
//       one static bearer token for user "admin" in group system:masters
//   --authorization-mode=RBAC
//       real RBAC: service accounts get only what the test's Roles grant
//   --service-cluster-ip-range=10.96.0.0/24
//       required; only used to allocate ClusterIPs in etcd, nothing routes to it
//   --endpoint-reconciler-type=none
//       the "kubernetes" Endpoints cannot hold a loopback address; skip it
//   --disable-admission-plugins=...
//       drops the default-on plugins for pods, storage, quotas and certificates;
//       NamespaceLifecycle, ServiceAccount, the webhook and
//       ValidatingAdmissionPolicy plugins stay
//   --enable-priority-and-fairness=false, --profiling=false
//       less start-up work; tests do not need request fairness
//
// kube-controller-manager runs only with `controllers`, and then only those
// (`--controllers=<list>`): flags below. Without it (the default) namespaces
// are not finalized on delete, garbage collection does not run, and no
// "default" ServiceAccount appears in a new namespace (create the
// ServiceAccounts a test needs).
//
// kube-controller-manager flags, and why:
//   --kubeconfig=controller-manager.kubeconfig
//       a static token of its own (user system:kube-controller-manager, group
//       system:masters: the garbage collector deletes objects of any kind)
//   --controllers=<the list>, --leader-elect=false
//       only the controllers a test asks for; one instance, no lease
//   --secure-port=<random>, --bind-address=127.0.0.1, --cert-dir=<tmp>/kcm-certs
//       /healthz (always allowed without authentication) tells it is up
//   It is started after kube-apiserver is ready, stopped first, and keeps
//   running across stopApiserver()/startApiserver() (it retries, as in a cluster).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from '../../lib/e2e.ts';

/** Where scripts/tools.sh puts its binaries (METALLB_FRR_CACHE moves the cache, as there). */
export const TOOLS_BIN = join(process.env.METALLB_FRR_CACHE ?? join(homedir(), '.cache', 'metallb-frr'), 'bin');

/** kube-apiserver to use, or undefined when none is installed. */
export function kubeApiserverPath(): string | undefined {
  return firstExecutable(process.env.KUBE_APISERVER, join(TOOLS_BIN, 'kube-apiserver'), 'kube-apiserver');
}

/** etcd to use, or undefined when none is installed. */
export function etcdPath(): string | undefined {
  return firstExecutable(process.env.ETCD, join(TOOLS_BIN, 'etcd'), 'etcd');
}

/** kube-controller-manager to use, or undefined when none is installed. */
export function kubeControllerManagerPath(): string | undefined {
  return firstExecutable(process.env.KUBE_CONTROLLER_MANAGER, join(TOOLS_BIN, 'kube-controller-manager'), 'kube-controller-manager');
}

/** What a cluster with controllers needs, for missing(): clusterRequirements() plus kube-controller-manager. */
export function controllerManagerRequirements(): string[] {
  return [...clusterRequirements(), kubeControllerManagerPath() ?? 'kube-controller-manager'];
}

/** kubectl to use, or undefined when none is installed. */
export function kubectlPath(): string | undefined {
  return firstExecutable(process.env.KUBECTL, 'kubectl');
}

/**
 * The requirements to hand to `missing()` from test/lib/e2e.ts: resolved paths
 * where the tools exist, bare names (reported as missing) where they do not.
 */
export function clusterRequirements(): string[] {
  return [kubeApiserverPath() ?? 'kube-apiserver', etcdPath() ?? 'etcd', kubectlPath() ?? 'kubectl'];
}

function firstExecutable(...candidates: Array<string | undefined>): string | undefined {
  for (const c of candidates) {
    if (!c) continue;
    const p = which(c);
    if (p) return p;
  }
  return undefined;
}

export interface KubectlOptions {
  /** Written to kubectl's standard input (use with `-f -`). */
  stdin?: string;
  /** Impersonate this user (`--as`), e.g. `system:serviceaccount:ns:sa`. */
  as?: string;
  /** Impersonate these groups (`--as-group`). */
  asGroups?: string[];
  /** Use this kubeconfig instead of the admin one (see kubeconfigFor). */
  kubeconfig?: string;
  /** Resolve with the result instead of throwing when kubectl exits non-zero. */
  allowFail?: boolean;
  /** Kill kubectl after this long; default 60 s. */
  timeoutMs?: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  /** The temporary directory holding data, certificates, kubeconfigs and logs. */
  readonly dir: string;
  /** https://127.0.0.1:<port>; the same after startApiserver(). */
  readonly server: string;
  /** CA bundle (PEM) that verifies the apiserver's serving certificate. */
  readonly caFile: string;
  /** Kubeconfig for the static admin user (group system:masters). */
  readonly kubeconfig: string;
  /** The admin's bearer token. */
  readonly adminToken: string;
  /** http://127.0.0.1:<port> of etcd. */
  readonly etcdEndpoint: string;
  /** Milliseconds from startCluster() until /readyz answered ok. */
  readonly startupMs: number;

  /** Runs kubectl against this cluster (admin identity unless `as`/`kubeconfig`). */
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** A token for a ServiceAccount through the TokenRequest API (`kubectl create token`). */
  tokenFor(namespace: string, serviceAccount: string, opts?: { duration?: string }): Promise<string>;
  /** Writes a self-contained kubeconfig (CA embedded) that authenticates with `token`; returns its path. */
  kubeconfigFor(token: string, name?: string): string;
  /**
   * Stops kube-apiserver only (etcd keeps running); resolves once it has exited.
   * By default a graceful SIGTERM (watches end cleanly, about 0.1-1.5 s);
   * `{ kill: true }` sends SIGKILL, so clients see connections drop mid-stream.
   */
  stopApiserver(opts?: { kill?: boolean }): Promise<void>;
  /** Starts kube-apiserver again on the same port and etcd; resolves once ready. */
  startApiserver(): Promise<void>;
  /** Whether kube-apiserver is running. */
  apiserverRunning(): boolean;
  /** Whether kube-controller-manager is running (false when the cluster has none). */
  controllerManagerRunning(): boolean;
  /** kube-apiserver's process id while it runs (benchmarks read its CPU time and memory). */
  apiserverPid(): number | undefined;
  /** The last `lines` lines of both logs, labelled. */
  logs(lines?: number): string;
  /** Prints logs(lines) to stderr. */
  printLogs(lines?: number): void;
  /** Stops both processes and removes the directory (unless KEEP_CLUSTER=1). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Give up waiting for readiness after this long; default 60 s. */
  readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, appended last (later flags win). */
  apiserverArgs?: string[];
  /**
   * Start kube-controller-manager with only these controllers (its
   * --controllers names, e.g. ['garbagecollector']); none when absent.
   */
  controllers?: string[];
}

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DISABLED_ADMISSION = [
  'LimitRanger',
  'ResourceQuota',
  'PodSecurity',
  'Priority',
  'DefaultTolerationSeconds',
  'TaintNodesByCondition',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'DefaultIngressClass',
  'CertificateApproval',
  'CertificateSigning',
  'CertificateSubjectRestriction',
  'ClusterTrustBundleAttest',
];

/** Every cluster still running in this process, killed on exit as a last resort. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/** Starts etcd and kube-apiserver in a fresh temporary directory. */
export async function startCluster(opts: StartOptions = {}): Promise<Cluster> {
  const t0 = performance.now();
  const apiserverBin = kubeApiserverPath();
  const etcdBin = etcdPath();
  const kubectlBin = kubectlPath();
  if (!apiserverBin || !etcdBin || !kubectlBin) {
    throw new Error(`startCluster: missing ${clusterRequirements().filter((r) => !r.includes('/')).join(', ')}`);
  }
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;

  const dir = mkdtempSync(join(tmpdir(), 'metallb-frr-apiserver-'));
  const certDir = join(dir, 'certs');
  mkdirSync(certDir);
  const etcdLog = join(dir, 'etcd.log');
  const apiLog = join(dir, 'kube-apiserver.log');
  const kcmLog = join(dir, 'kube-controller-manager.log');

  // Service-account signing key pair: EC P-256 (ES256), fast to generate.
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(join(dir, 'sa.key'), privateKey, { mode: 0o600 });
  writeFileSync(join(dir, 'sa.pub'), publicKey);

  const adminToken = randomToken();
  const kcmToken = randomToken();
  writeFileSync(
    join(dir, 'tokens.csv'),
    `${adminToken},admin,admin-uid,"system:masters"\n${kcmToken},system:kube-controller-manager,kcm-uid,"system:masters"\n`,
    { mode: 0o600 },
  );
  const kcmBin = opts.controllers ? kubeControllerManagerPath() : undefined;
  if (opts.controllers && !kcmBin) throw new Error('startCluster: missing kube-controller-manager');

  const [etcdClientPort, etcdPeerPort, securePort, kcmPort] = await freePorts(4);
  const etcdEndpoint = `http://127.0.0.1:${etcdClientPort}`;
  const server = `https://127.0.0.1:${securePort}`;
  const caFile = join(certDir, 'apiserver.crt');
  const kubeconfig = join(dir, 'admin.kubeconfig');

  let etcd: ChildProcess | undefined;
  let apiserver: ChildProcess | undefined;
  let kcm: ChildProcess | undefined;
  let stopped = false;
  let ok = false;

  const logs = (lines = 60): string =>
    [
      [etcdLog, 'etcd'],
      [apiLog, 'kube-apiserver'],
      ...(opts.controllers ? [[kcmLog, 'kube-controller-manager']] : []),
    ]
      .map(([file, label]) => `----- ${label} (${file}, last ${lines} lines) -----\n${tail(file, lines)}`)
      .join('\n');

  const startEtcd = (): ChildProcess =>
    launch(
      etcdBin,
      [
        '--name=default',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdEndpoint}`,
        `--advertise-client-urls=${etcdEndpoint}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
        '--initial-cluster-state=new',
        '--log-level=warn',
        '--logger=zap',
        // Loopback and one member: elect the leader in ~0.1 s instead of ~1 s.
        '--heartbeat-interval=10',
        '--election-timeout=100',
      ],
      etcdLog,
    );

  const apiserverArgs = [
    `--etcd-servers=${etcdEndpoint}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${securePort}`,
    `--cert-dir=${certDir}`,
    `--service-account-issuer=${ISSUER}`,
    `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-cluster-ip-range=10.96.0.0/24',
    '--endpoint-reconciler-type=none',
    `--disable-admission-plugins=${DISABLED_ADMISSION.join(',')}`,
    '--enable-priority-and-fairness=false',
    '--profiling=false',
    '--v=1',
    ...(opts.apiserverArgs ?? []),
  ];

  const waitApiserverReady = async (child: ChildProcess): Promise<void> => {
    await waitFor(
      'kube-apiserver /readyz',
      readyTimeoutMs,
      child,
      () => httpsGet(`${server}/readyz`, adminToken).then((r) => r.status === 200 && r.body.trim() === 'ok'),
    );
  };

  const cluster: Cluster = {
    dir,
    server,
    caFile,
    kubeconfig,
    adminToken,
    etcdEndpoint,
    startupMs: 0,

    kubectl(args, o = {}) {
      // A discovery cache of our own: ports are reused across runs, and
      // ~/.kube/cache would otherwise serve a previous cluster's resources.
      const full = [`--kubeconfig=${o.kubeconfig ?? kubeconfig}`, `--cache-dir=${join(dir, 'kubectl-cache')}`];
      if (o.as) full.push(`--as=${o.as}`);
      for (const g of o.asGroups ?? []) full.push(`--as-group=${g}`);
      full.push(...args);
      return runKubectl(kubectlBin, full, o);
    },

    async tokenFor(namespace, serviceAccount, o = {}) {
      const args = ['create', 'token', serviceAccount, '-n', namespace];
      if (o.duration) args.push(`--duration=${o.duration}`);
      const r = await cluster.kubectl(args);
      const token = r.stdout.trim();
      if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`kubectl create token printed no JWT: ${r.stdout}`);
      return token;
    },

    kubeconfigFor(token, name = 'user') {
      const file = join(dir, `${name.replace(/[^\w.-]/g, '_')}.kubeconfig`);
      writeFileSync(file, kubeconfigYaml(server, readFileSync(caFile), token, name), { mode: 0o600 });
      return file;
    },

    async stopApiserver(o = {}) {
      if (apiserver) await terminate(apiserver, o.kill ? 'SIGKILL' : 'SIGTERM');
      apiserver = undefined;
    },

    async startApiserver() {
      if (stopped) throw new Error('cluster stopped');
      if (apiserver) throw new Error('kube-apiserver is already running');
      apiserver = launch(apiserverBin, apiserverArgs, apiLog);
      try {
        await waitApiserverReady(apiserver);
      } catch (e) {
        process.stderr.write(logs() + '\n');
        await terminate(apiserver);
        apiserver = undefined;
        throw e;
      }
    },

    apiserverRunning: () => apiserver !== undefined && apiserver.exitCode === null && apiserver.signalCode === null,
    controllerManagerRunning: () => kcm !== undefined && kcm.exitCode === null && kcm.signalCode === null,
    apiserverPid: () => apiserver?.pid,

    logs,
    printLogs(lines) {
      process.stderr.write(logs(lines) + '\n');
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      if (kcm) await terminate(kcm);
      if (apiserver) await terminate(apiserver);
      if (etcd) await terminate(etcd);
      kcm = apiserver = etcd = undefined;
      if (ok && process.env.KEEP_CLUSTER !== '1') rmSync(dir, { recursive: true, force: true });
      else process.stderr.write(`apiserver harness: kept ${dir}\n`);
    },
  };

  try {
    etcd = startEtcd();
    await waitFor('etcd /health', readyTimeoutMs, etcd, () =>
      httpGet(`${etcdEndpoint}/health`).then((r) => r.status === 200 && /"health":\s*"true"/.test(r.body)),
    );
    apiserver = launch(apiserverBin, apiserverArgs, apiLog);
    await waitApiserverReady(apiserver);
    writeFileSync(kubeconfig, kubeconfigYaml(server, readFileSync(caFile), adminToken, 'admin'), { mode: 0o600 });
    if (kcmBin && opts.controllers) {
      const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
      writeFileSync(kcmKubeconfig, kubeconfigYaml(server, readFileSync(caFile), kcmToken, 'system:kube-controller-manager'), { mode: 0o600 });
      kcm = launch(
        kcmBin,
        [
          `--kubeconfig=${kcmKubeconfig}`,
          `--controllers=${opts.controllers.join(',')}`,
          '--leader-elect=false',
          '--bind-address=127.0.0.1',
          `--secure-port=${kcmPort}`,
          `--cert-dir=${join(dir, 'kcm-certs')}`,
          '--v=1',
        ],
        kcmLog,
      );
      const running = kcm;
      await waitFor('kube-controller-manager /healthz', readyTimeoutMs, running, () =>
        httpsGet(`https://127.0.0.1:${kcmPort}/healthz`, '').then((r) => r.status === 200 && r.body.trim() === 'ok'),
      );
    }
    (cluster as { startupMs: number }).startupMs = Math.round(performance.now() - t0);
    ok = true;
    return cluster;
  } catch (e) {
    process.stderr.write(`apiserver harness: start failed: ${(e as Error).message}\n${logs()}\n`);
    await cluster.stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------

function launch(bin: string, args: string[], logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n===== ${new Date().toISOString()} ${bin} ${args.join(' ')}\n`);
  // setpriv --pdeathsig: the child is killed if this process dies without
  // running its cleanup (a test runner's SIGKILL on timeout, say).
  const setpriv = which('setpriv');
  const [cmd, argv] = setpriv ? [setpriv, ['--pdeathsig=KILL', '--', bin, ...args]] : [bin, args];
  const child = spawn(cmd, argv, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  track(child);
  return child;
}

/** `signal` (SIGTERM), then SIGKILL after 15 s; resolves when the process has exited. */
function terminate(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

async function waitFor(what: string, timeoutMs: number, child: ChildProcess, probe: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what}: process exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      if (await probe()) return;
    } catch (e) {
      last = (e as Error).message;
    }
    if (performance.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms${last ? ` (${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface HttpResult {
  status: number;
  body: string;
}

function httpGet(url: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => collect(res, resolve, reject));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

// Readiness only: the CA file does not exist before the first start, so this
// probe does not verify the certificate (the kubeconfigs do).
function httpsGet(url: string, token: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { timeout: 2000, rejectUnauthorized: false, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => collect(res, resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function collect(
  res: import('node:http').IncomingMessage,
  resolve: (r: HttpResult) => void,
  reject: (e: Error) => void,
): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
  res.on('error', reject);
}

function runKubectl(bin: string, args: string[], o: KubectlOptions): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const r = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (r.code !== 0 && !o.allowFail) {
        reject(new Error(`kubectl ${args.join(' ')} exited ${code ?? signal}:\n${stderr}${stdout}`));
      } else resolve(r);
    });
    child.stdin.on('error', () => {}); // kubectl may exit before reading stdin
    child.stdin.end(o.stdin ?? '');
  });
}

function kubeconfigYaml(server: string, ca: Buffer, token: string, user: string): string {
  // JSON is YAML; no quoting questions.
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'e2e', cluster: { server, 'certificate-authority-data': ca.toString('base64') } }],
      users: [{ name: user, user: { token } }],
      contexts: [{ name: 'e2e', context: { cluster: 'e2e', user } }],
      'current-context': 'e2e',
      preferences: {},
    },
    null,
    2,
  );
}

function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('hex');
}

/**
 * Distinct free TCP ports on 127.0.0.1, drawn below the kernel's ephemeral
 * range: no outgoing connection is ever given one of them, so the apiserver's
 * port is still free when startApiserver() binds it again after a stop.
 */
async function freePorts(n: number): Promise<number[]> {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: keep the default
  }
  const lo = Math.min(20000, Math.max(1024, low - 12000));
  const hi = Math.max(lo + 1000, low);
  const held: import('node:net').Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < n; tries++) {
      if (tries > 200) throw new Error(`no free ports in ${lo}-${hi}`);
      const port = lo + Math.floor(Math.random() * (hi - lo));
      if (ports.includes(port)) continue;
      const s = createServer();
      const ok = await new Promise<boolean>((resolve) => {
        s.once('error', () => resolve(false));
        s.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (ok) {
        held.push(s);
        ports.push(port);
      }
    }
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
  return ports;
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  const all = readFileSync(file, 'utf8').split('\n');
  return all.slice(-lines - 1).join('\n');
}

/**
 * Wraps a test body so that, when it fails, the control plane's last log
 * lines are printed (after more(), the test's own diagnostics):
 * `it('x', withClusterLogs(() => cluster)(async () => ...))`.
 */
export function withClusterLogs(cluster: () => Cluster | undefined, more?: () => string): (fn: () => Promise<void>) => () => Promise<void> {
  return (fn) => async () => {
    try {
      await fn();
    } catch (e) {
      if (more) process.stderr.write(`${more()}\n`);
      cluster()?.printLogs(40);
      throw e;
    }
  };
}
