// A kubelet stand-in for end-to-end tests: runs a pod template (the emitted
// DaemonSet's, read back from a real kube-apiserver) on a "node" that is a
// network namespace, from the pod's own files and command lines.
//
// What it does as a kubelet would:
//   - volumes: an emptyDir is a fresh 0777 directory; a configMap volume gets
//     one file per key (or per listed item) with defaultMode; the projected
//     ServiceAccount volume gets a token from the TokenRequest API (the pod's
//     serviceAccountName, its expirationSeconds), kube-root-ca.crt's ca.crt and
//     the namespace from the downward API.
//   - a pod sandbox ("pause"): one process holding the pod's PID and UTS
//     namespaces (hostname = the node's name, as for a hostNetwork pod) in the
//     node's network namespace. shareProcessNamespace: every container joins
//     that PID namespace, so the sandbox is PID 1 and containers see each other.
//   - each container in a mount namespace of its own: its image's root as an
//     overlay (a fresh writable upper layer per container, as a container
//     runtime's snapshot), its own /proc, the volumeMounts at their absolute
//     pod paths (readOnly ones read-only), then the root remounted read-only
//     when readOnlyRootFilesystem; then chroot, the user and group of its
//     securityContext (runAsUser/runAsGroup), the runtime's default
//     capabilities plus `add` minus `drop` as the bounding set, no_new_privs
//     when allowPrivilegeEscalation is false, and an environment of the image's
//     PATH, HOSTNAME, KUBERNETES_SERVICE_HOST/PORT and the container's env
//     (fieldRef spec.nodeName, metadata.namespace, metadata.name resolved;
//     $(VAR) references in command and args expanded as the kubelet does).
//   - the command: the container's command and args, or the image's entrypoint
//     followed by args when the container has no command.
//   - init containers one after the other, each to exit 0, then every
//     container at once; probes on request (exec: the command run in the
//     container's namespaces and root; httpGet: from the node's network).
//   - stop: SIGTERM to each container's main process, SIGKILL to the whole pod
//     after terminationGracePeriodSeconds.
//
// What differs from a kubelet and a container runtime (and why it is enough
// to test the manifests):
//   - images: the caller maps an image name to a root directory plus a small
//     layer directory (see imageLayers); no registry, no image config other
//     than what the caller passes (entrypoint, PATH).
//   - configMap volumes are plain files, not the atomic `..data` symlink
//     layout, and are not updated while the pod runs; the token is not rotated.
//   - no cgroups (resources are not enforced), no seccomp profile, the host's
//     /dev, no /etc/hosts, /etc/hostname or /etc/resolv.conf mounts; exec
//     probes run as root with all capabilities; probes run when the test asks,
//     not on their schedule.
//   - the API server is reached through the `kubernetes` Service address
//     (10.96.0.1:443, in the serving certificate) that a proxy in the node's
//     namespace forwards to the test kube-apiserver (kube-proxy's part).
//
// Needs root, ip, nsenter, unshare, setpriv (in the image roots too), overlayfs.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join, posix } from 'node:path';
import { alive, run, waitFor, type CommandResult } from './lab.ts';

// ------------------------------------------------------------ pod spec types

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface Probe {
  exec?: { command: string[] };
  httpGet?: { host?: string; port: number | string; path?: string };
}

export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContext;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}

export interface Volume {
  name: string;
  emptyDir?: object;
  configMap?: { name: string; defaultMode?: number; items?: Array<{ key: string; path: string }> };
  projected?: {
    sources: Array<{
      serviceAccountToken?: { path: string; expirationSeconds?: number };
      configMap?: { name: string; items: Array<{ key: string; path: string }> };
      downwardAPI?: { items: Array<{ path: string; fieldRef: { fieldPath: string } }> };
    }>;
  };
}

export interface PodSpec {
  hostNetwork?: boolean;
  shareProcessNamespace?: boolean;
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  nodeSelector?: Record<string, string>;
  initContainers?: Container[];
  containers: Container[];
  volumes?: Volume[];
}

// ------------------------------------------------------------------ inputs

/** A container image as this harness runs it: overlay lower layers, top first, and its config. */
export interface ImageRoot {
  /** Directories stacked as the image's root filesystem, the top layer first. */
  layers: string[];
  /** The image's ENTRYPOINT (used when a container has no command). */
  entrypoint?: string[];
  /** The image's PATH. */
  path?: string;
  /** Files bind-mounted into the image root (path inside → file outside), e.g. a binary. */
  binds?: Record<string, string>;
}

export interface PodNode {
  name: string;
  labels: Record<string, string>;
  /** The node's network namespace. */
  netns: string;
  /** The node's address: a hostNetwork pod's status.podIP and status.hostIP. */
  ip: string;
  /** A directory for this node's pod: volumes, container layers, logs. */
  dir: string;
}

export interface PodOptions {
  node: PodNode;
  namespace: string;
  podName: string;
  spec: PodSpec;
  /** ConfigMaps of the pod's namespace, by name: their data. */
  configMaps: Record<string, Record<string, string>>;
  images: (image: string) => ImageRoot;
  /** A token for the pod's ServiceAccount (TokenRequest API). */
  token: (serviceAccount: string, expirationSeconds: number) => Promise<string>;
  /** KUBERNETES_SERVICE_HOST and _PORT as the kubelet sets them. */
  apiService: { host: string; port: number };
}

/** containerd's default capabilities (a container gets these, plus add, minus drop). */
export const RUNTIME_DEFAULT_CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID',
  'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
];

/** The capabilities a securityContext leaves a container. */
export function containerCapabilities(sc: SecurityContext | undefined): string[] {
  const drop = new Set((sc?.capabilities?.drop ?? []).map((c) => c.replace(/^CAP_/, '').toUpperCase()));
  const add = (sc?.capabilities?.add ?? []).map((c) => c.replace(/^CAP_/, '').toUpperCase());
  const base = drop.has('ALL') ? [] : RUNTIME_DEFAULT_CAPABILITIES.filter((c) => !drop.has(c));
  return [...new Set([...base, ...add])].sort();
}

/** Expands $(VAR) in a command or argument as the kubelet does ($$ escapes; unknown names stay). */
export function expandVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? env[name] : m;
  });
}

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

// --------------------------------------------------------------------- pod

export interface RunningPod {
  /** PID (on this machine) of a container's main process; 0 when it is not running. */
  mainPid(container: string): number;
  /** The exit code of a container that ended (null: still running or never started). */
  exitCode(container: string): number | null;
  /** Runs a command inside a running container: its namespaces and root. */
  exec(container: string, cmd: string[], opts?: { timeoutMs?: number }): Promise<CommandResult>;
  /** Runs a container's probe once: true when it passes. */
  probe(container: string, which: 'startupProbe' | 'livenessProbe' | 'readinessProbe'): Promise<boolean>;
  /** The last lines of a container's output. */
  logs(container: string, lines?: number): string;
  /** The directory holding a volume's files, on this machine. */
  volumeDir(volume: string): string;
  /** SIGTERM every container; SIGKILL what is left after the grace period. Exit codes by container. */
  stop(): Promise<Record<string, number | null>>;
}

/** Runs a pod's init containers, then its containers, on `opts.node`. */
export async function startPod(opts: PodOptions): Promise<RunningPod> {
  const { node, spec } = opts;
  if (!spec.hostNetwork) throw new Error('startPod runs hostNetwork pods only (the node namespace is the pod network)');
  if (!spec.shareProcessNamespace) throw new Error('startPod runs pods with shareProcessNamespace only');
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (node.labels[k] !== v) throw new Error(`the pod's nodeSelector ${k}=${v} does not select node ${node.name}`);
  }
  mkdirSync(join(node.dir, 'logs'), { recursive: true });
  const volumes = await materialiseVolumes(opts);
  const fieldValues: Record<string, string> = { 'spec.nodeName': node.name, 'metadata.namespace': opts.namespace, 'metadata.name': opts.podName, 'status.podIP': node.ip, 'status.hostIP': node.ip };

  // The sandbox: PID 1 of the pod's PID namespace, in the node's network namespace.
  const sandbox = spawn('ip', ['netns', 'exec', node.netns, 'unshare', '--pid', '--fork', '--uts', '--kill-child', 'sh', '-c', `hostname ${shq(node.name)} && exec sleep infinity`], { stdio: 'ignore' });
  const sandboxPid = await waitFor('the pod sandbox', async () => {
    const child = childOf(sandbox.pid!);
    return child && readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'sleep' ? child : undefined;
  }, { timeoutMs: 10_000, intervalMs: 20 });

  const processes = new Map<string, ChildProcess>();
  const exits = new Map<string, number | null>();
  const logFile = (c: string) => join(node.dir, 'logs', `${c}.log`);

  const launch = (c: Container): ChildProcess => {
    const image = opts.images(c.image);
    const env = containerEnv(c, image, node.name, fieldValues, opts.apiService);
    const argv = containerArgv(c, image, env);
    const script = containerScript(c, image, node.dir, volumes, env, argv);
    const fd = openSync(logFile(c.name), 'a');
    const child = spawn('nsenter', ['--target', String(sandboxPid), '--pid', '--net', '--uts', '--', 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    processes.set(c.name, child);
    child.once('exit', (code, signal) => exits.set(c.name, code ?? (signal ? 128 : null)));
    return child;
  };

  const mainPid = (name: string): number => {
    const p = processes.get(name);
    if (!p?.pid || exits.has(name)) return 0;
    return childOf(p.pid) ?? 0;
  };

  const pod: RunningPod = {
    mainPid,
    exitCode: (name) => exits.get(name) ?? null,
    async exec(name, cmd, o = {}) {
      const pid = mainPid(name);
      if (!pid) throw new Error(`container ${name} is not running`);
      return run('nsenter', ['--target', String(pid), '--pid', '--net', '--uts', '--mount', '--root', '--wd', '--', ...cmd], { timeoutMs: o.timeoutMs ?? 10_000 });
    },
    async probe(name, which) {
      const c = [...(spec.initContainers ?? []), ...spec.containers].find((x) => x.name === name);
      const p = c?.[which];
      if (!p) throw new Error(`container ${name} has no ${which}`);
      if (p.exec) return (await pod.exec(name, p.exec.command)).code === 0;
      if (p.httpGet) {
        // The kubelet's GET, from the node's network (hostNetwork: the pod's).
        const url = `http://${p.httpGet.host ?? '127.0.0.1'}:${p.httpGet.port}${p.httpGet.path ?? '/'}`;
        const js = `fetch(${JSON.stringify(url)}).then((r) => process.exit(r.status >= 200 && r.status < 400 ? 0 : 1), () => process.exit(1))`;
        return (await run('ip', ['netns', 'exec', node.netns, process.execPath, '-e', js], { timeoutMs: 10_000 })).code === 0;
      }
      throw new Error(`${which} of ${name}: only exec and httpGet probes are supported`);
    },
    logs(name, lines = 40) {
      try {
        return readFileSync(logFile(name), 'utf8').split('\n').slice(-lines - 1).join('\n');
      } catch {
        return '(no log)';
      }
    },
    volumeDir: (v) => {
      const d = volumes.get(v);
      if (!d) throw new Error(`no volume ${v}`);
      return d;
    },
    async stop() {
      const grace = (spec.terminationGracePeriodSeconds ?? 30) * 1000;
      for (const c of spec.containers) {
        const pid = mainPid(c.name);
        if (pid) process.kill(pid, 'SIGTERM');
      }
      const deadline = Date.now() + grace;
      while (Date.now() < deadline && spec.containers.some((c) => !exits.has(c.name) && processes.has(c.name))) await sleep(100);
      // The sandbox's end takes every process of the pod's PID namespace with it.
      if (alive(sandboxPid)) process.kill(sandboxPid, 'SIGKILL');
      await waitFor('the pod to end', async () => [...processes.keys()].every((n) => exits.has(n)), { timeoutMs: 10_000, intervalMs: 50 });
      return Object.fromEntries(spec.containers.map((c) => [c.name, exits.get(c.name) ?? null]));
    },
  };

  try {
    for (const c of spec.initContainers ?? []) {
      const child = launch(c);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (x) => resolve(x)));
      if (code !== 0) throw new Error(`init container ${c.name} exited ${code}:\n${pod.logs(c.name)}`);
    }
    for (const c of spec.containers) launch(c);
  } catch (e) {
    await pod.stop().catch(() => undefined);
    throw e;
  }
  return pod;
}

// ----------------------------------------------------------------- helpers

/** The one child of a process (nsenter and unshare --fork run the real process as their child). */
function childOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children[0];
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes every volume of the pod under node.dir/volumes; returns volume name → directory. */
async function materialiseVolumes(opts: PodOptions): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const root = join(opts.node.dir, 'volumes');
  for (const v of opts.spec.volumes ?? []) {
    const dir = join(root, v.name);
    mkdirSync(dir, { recursive: true });
    out.set(v.name, dir);
    if (v.emptyDir) {
      chmodSync(dir, 0o777);
    } else if (v.configMap) {
      const data = opts.configMaps[v.configMap.name];
      if (!data) throw new Error(`volume ${v.name}: ConfigMap ${v.configMap.name} not found`);
      const items = v.configMap.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const { key, path } of items) {
        if (!(key in data)) throw new Error(`volume ${v.name}: ConfigMap ${v.configMap.name} has no key ${key}`);
        writeFileSync(join(dir, path), data[key], { mode: v.configMap.defaultMode ?? 0o644 });
        chmodSync(join(dir, path), v.configMap.defaultMode ?? 0o644);
      }
      chmodSync(dir, 0o755);
    } else if (v.projected) {
      for (const s of v.projected.sources) {
        if (s.serviceAccountToken) {
          const sa = opts.spec.serviceAccountName ?? 'default';
          writeFileSync(join(dir, s.serviceAccountToken.path), await opts.token(sa, s.serviceAccountToken.expirationSeconds ?? 3600), { mode: 0o644 });
        } else if (s.configMap) {
          const data = opts.configMaps[s.configMap.name];
          if (!data) throw new Error(`volume ${v.name}: ConfigMap ${s.configMap.name} not found`);
          for (const { key, path } of s.configMap.items) writeFileSync(join(dir, path), data[key] ?? '', { mode: 0o644 });
        } else if (s.downwardAPI) {
          const fields: Record<string, string> = { 'metadata.namespace': opts.namespace, 'metadata.name': opts.podName, 'spec.nodeName': opts.node.name };
          for (const it of s.downwardAPI.items) writeFileSync(join(dir, it.path), fields[it.fieldRef.fieldPath] ?? '', { mode: 0o644 });
        }
      }
      chmodSync(dir, 0o755);
    } else {
      throw new Error(`volume ${v.name}: only emptyDir, configMap and projected volumes are supported`);
    }
  }
  return out;
}

function containerEnv(c: Container, image: ImageRoot, nodeName: string, fields: Record<string, string>, api: { host: string; port: number }): Record<string, string> {
  const env: Record<string, string> = {
    PATH: image.path ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: nodeName,
    HOME: c.securityContext?.runAsUser ? '/' : '/root',
    KUBERNETES_SERVICE_HOST: api.host,
    KUBERNETES_SERVICE_PORT: String(api.port),
    KUBERNETES_SERVICE_PORT_HTTPS: String(api.port),
    KUBERNETES_PORT: `tcp://${api.host}:${api.port}`,
  };
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = expandVars(e.value, env);
    else if (e.valueFrom?.fieldRef) {
      const v = fields[e.valueFrom.fieldRef.fieldPath];
      if (v === undefined) throw new Error(`container ${c.name}: env ${e.name}: unsupported fieldRef ${e.valueFrom.fieldRef.fieldPath}`);
      env[e.name] = v;
    } else throw new Error(`container ${c.name}: env ${e.name}: only value and fieldRef are supported`);
  }
  return env;
}

function containerArgv(c: Container, image: ImageRoot, env: Record<string, string>): string[] {
  const command = c.command ?? image.entrypoint;
  if (!command?.length) throw new Error(`container ${c.name}: no command and the image has no entrypoint`);
  return [...command, ...(c.args ?? [])].map((a) => expandVars(a, env));
}

/**
 * A path inside an image resolved within its root, as a container runtime
 * resolves mount points: symbolic links in the layers (e.g. Debian's
 * /var/run -> /run) are followed inside the root, never on this machine.
 */
export function resolveInRoot(layers: string[], path: string): string {
  const parts = posix.normalize(path).split('/').filter(Boolean);
  const done: string[] = [];
  for (let hops = 0; parts.length; ) {
    const name = parts.shift()!;
    if (name === '..') {
      done.pop();
      continue;
    }
    const at = [...done, name].join('/');
    let target: string | undefined;
    for (const layer of layers) {
      try {
        const st = lstatSync(join(layer, at));
        if (st.isSymbolicLink()) target = readlinkSync(join(layer, at));
        break; // the top-most layer that has the entry decides
      } catch {
        // not in this layer
      }
    }
    if (target === undefined) {
      done.push(name);
      continue;
    }
    if (++hops > 40) throw new Error(`too many symbolic links resolving ${path}`);
    if (target.startsWith('/')) done.length = 0;
    parts.unshift(...target.split('/').filter(Boolean));
  }
  return '/' + done.join('/');
}

/** The shell script (run as root in the container's new mount namespace) that builds its root and execs it. */
function containerScript(c: Container, image: ImageRoot, nodeDir: string, volumes: Map<string, string>, env: Record<string, string>, argv: string[]): string {
  const base = join(nodeDir, 'containers', c.name);
  const [rootfs, upper, work] = ['rootfs', 'upper', 'work'].map((d) => join(base, d));
  for (const d of [rootfs, upper, work]) mkdirSync(d, { recursive: true });
  const sc = c.securityContext ?? {};
  const lines = [
    'set -e',
    `mount -t overlay overlay -o ${shq(`lowerdir=${image.layers.join(':')},upperdir=${upper},workdir=${work}`)} ${shq(rootfs)}`,
    `mount -t proc proc ${shq(join(rootfs, 'proc'))}`,
    `mount --rbind /dev ${shq(join(rootfs, 'dev'))}`,
  ];
  const inRoot = (p: string) => join(rootfs, resolveInRoot(image.layers, p));
  for (const [inside, outside] of Object.entries(image.binds ?? {})) {
    const target = inRoot(inside);
    lines.push(`mkdir -p ${shq(join(target, '..'))}`, `[ -e ${shq(target)} ] || touch ${shq(target)}`, `mount --bind ${shq(outside)} ${shq(target)}`, `mount -o remount,bind,ro ${shq(target)}`);
  }
  for (const m of c.volumeMounts ?? []) {
    const src = volumes.get(m.name);
    if (!src) throw new Error(`container ${c.name}: volumeMount ${m.name} names no volume`);
    const target = inRoot(m.mountPath);
    lines.push(`mkdir -p ${shq(target)}`, `mount --bind ${shq(src)} ${shq(target)}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${shq(target)}`);
  }
  if (sc.readOnlyRootFilesystem) lines.push(`mount -o remount,ro ${shq(rootfs)}`);
  const uid = sc.runAsUser ?? 0;
  const gid = sc.runAsGroup ?? (sc.runAsUser !== undefined ? sc.runAsUser : 0);
  if (sc.runAsNonRoot && uid === 0) throw new Error(`container ${c.name}: runAsNonRoot with user 0 would not start`);
  const caps = containerCapabilities(sc);
  const setpriv = ['/usr/bin/setpriv'];
  if (uid !== 0 || gid !== 0) setpriv.push(`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups');
  // After exec a root process has exactly the bounding set (with no inheritable
  // capabilities); a non-root one has none, as in a container.
  setpriv.push('--inh-caps=-all', `--bounding-set=-all${caps.map((x) => `,+${x.toLowerCase()}`).join('')}`);
  if (sc.allowPrivilegeEscalation === false) setpriv.push('--no-new-privs');
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const exec = ['chroot', rootfs, ...setpriv, '--', '/usr/bin/env', '-i', ...envArgs, ...argv];
  lines.push(`exec ${exec.map(shq).join(' ')}`);
  return lines.join('\n');
}

// -------------------------------------------------------- API server access

/**
 * The `kubernetes` Service for pods in a node namespace: `host` (a /32 on
 * the namespace's loopback) port 443 forwarded to the test kube-apiserver at
 * 127.0.0.1:`apiPort`: a proxy process inside the namespace accepts and
 * hands each connection through a unix socket (which crosses network
 * namespaces) to this process, which connects to the API server. TLS passes
 * through untouched. Returns a function that stops it.
 */
export async function serviceProxy(netns: string, host: string, apiPort: number, dir: string): Promise<() => Promise<void>> {
  const sock = join(dir, 'apiserver.sock');
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(apiPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    // Either side gone ends both: a half-closed TLS connection would otherwise keep server.close() waiting.
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', end);
      s.on('end', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sock, () => resolve());
  });
  await run('ip', ['-n', netns, 'addr', 'add', `${host}/32`, 'dev', 'lo']);
  const js = `const net = require('node:net');
net.createServer((c) => { const u = net.connect(${JSON.stringify(sock)}); c.pipe(u).pipe(c); const end = () => { c.destroy(); u.destroy(); }; c.on('error', end); u.on('error', end); })
  .listen(443, ${JSON.stringify(host)}, () => console.log('listening'));`;
  const proxy = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', js], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    proxy.stdout!.once('data', () => resolve());
    proxy.once('exit', (code) => reject(new Error(`the service proxy in ${netns} exited (${code})`)));
  });
  return async () => {
    proxy.kill('SIGKILL');
    for (const s of open) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/**
 * A layer directory with `files` (path → [content, mode]) and `links`
 * (path → target), for stacking over a root in ImageRoot.layers.
 */
export function imageLayer(dir: string, files: Record<string, [string | Buffer, number]>, links: Record<string, string> = {}): string {
  for (const [p, [text, mode]] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text, { mode });
    chmodSync(join(dir, p), mode);
  }
  for (const [p, target] of Object.entries(links)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    symlinkSync(target, join(dir, p));
  }
  return dir;
}
