// A BGP lab on this machine, for end-to-end tests of rendered frr.conf files:
// FRR (Debian's packages, no systemd) in one network namespace as the node,
// BIRD in another as the top-of-rack router, a veth pair between them, all
// addresses inside the namespaces.
//
//   node namespace                         tor namespace
//   (mgmtd) zebra staticd bfdd bgpd        bird
//   eth-tor 10.0.0.2/24 fd00::2/64  <-->   eth-node 10.0.0.1/24 fd00::1/64
//
// Two FRR flavours (createLab({ frr })): "8.4", Debian 12's packages on this
// machine, and "10.3", Debian 13's, in the root scripts/tools.sh builds under
// ~/.cache/metallb-frr/frr-trixie. A 10.3 lab keeps one process (the
// "holder") in the node namespace, in a private mount namespace chrooted into
// that root, and runs everything FRR (daemons, vtysh, frr-reload.py, the
// reloader script) in its namespaces with nsenter. Its mounts: the root
// itself read-only (no lab writes into the shared cache), the host's /dev,
// /sys (the node namespace's), a /proc, the temporary directory at the same
// path (the lab's and the tests' files have one path inside and out), the
// lab's FRR directory on /etc/frr and /run/frr (FRR 10's mgmtd reads
// /etc/frr/<daemon>.conf and keeps its sockets in /run/frr, with no option
// to move them), and tmpfs on /var/tmp and /var/lib/frr.
// FRR 10 starts mgmtd first: staticd (and zebra's configuration) go through
// it; mgmtd and staticd take no -f, and bfdd no --bfdctl.
//
// Every lab has its own names (pid and a counter) and its own directories,
// so labs run side by side, in one test file or in parallel runs. close()
// stops everything and removes everything, also after a failure; labs left
// behind by a killed run (their pid is gone) are removed by the next
// createLab(). Reading state never waits a fixed time: waitFor() polls.
//
// Needs root (namespaces), bird and birdc (bird2), ip; for 8.4
// /usr/lib/frr/{zebra,bgpd,staticd,bfdd}, vtysh, /usr/lib/frr/frr-reload.py
// (frr-pythontools); for 10.3 the root, nsenter and unshare.
import { execFile as execFileCb, spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, readFileSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFileCb);

/** Where FRR's daemons live, on this machine and in the FRR 10 root. */
export const FRR_DIR = '/usr/lib/frr';
export const FRR_RELOAD = `${FRR_DIR}/frr-reload.py`;

/** The cache scripts/tools.sh fills. */
export const TOOLS_CACHE = process.env.METALLB_FRR_CACHE ?? join(homedir(), '.cache', 'metallb-frr');
/** The Debian 13 root with FRR 10.3 (scripts/tools.sh); FRR10_ROOT overrides. */
export const FRR10_ROOT = process.env.FRR10_ROOT ?? join(TOOLS_CACHE, 'frr-trixie');

const FRR8_DAEMONS = ['zebra', 'staticd', 'bfdd', 'bgpd'] as const;
const FRR10_DAEMONS = ['mgmtd', 'zebra', 'staticd', 'bfdd', 'bgpd'] as const;
export type FRRDaemon = (typeof FRR10_DAEMONS)[number];

/** Which FRR a lab runs. */
export type FRRVersion = '8.4' | '10.3';

export interface FRRFlavour {
  readonly version: FRRVersion;
  /** The root FRR's files come from: '/' (this machine) or FRR10_ROOT. */
  readonly root: string;
  /** The daemons a lab starts, in order (stopped in reverse). */
  readonly daemons: readonly FRRDaemon[];
  /** What the flavour needs, for missing() from test/lib/e2e.ts. */
  readonly requirements: Array<string | [string, () => boolean]>;
}

const COMMON_REQUIREMENTS = ['bird', 'birdc', 'ip'];

export const FRR_FLAVOURS: Record<FRRVersion, FRRFlavour> = {
  '8.4': {
    version: '8.4',
    root: '/',
    daemons: FRR8_DAEMONS,
    requirements: [...FRR8_DAEMONS.map((d) => `${FRR_DIR}/${d}`), FRR_RELOAD, 'vtysh', 'python3', ...COMMON_REQUIREMENTS],
  },
  '10.3': {
    version: '10.3',
    root: FRR10_ROOT,
    daemons: FRR10_DAEMONS,
    requirements: [
      [`the FRR 10 root ${FRR10_ROOT} (scripts/tools.sh)`, () => existsSync(join(FRR10_ROOT, '.metallb-frr-root'))],
      'nsenter',
      'unshare',
      ...COMMON_REQUIREMENTS,
    ],
  },
};

/** Every flavour, oldest first: the suites run each scenario on all of them. */
export const FRR_VERSIONS = Object.keys(FRR_FLAVOURS) as FRRVersion[];

/** What a lab of this FRR version needs, for missing(). */
export function labRequirements(version: FRRVersion): Array<string | [string, () => boolean]> {
  return FRR_FLAVOURS[version].requirements;
}

export const NODE_V4 = '10.0.0.2';
export const NODE_V6 = 'fd00::2';
export const TOR_V4 = '10.0.0.1';
export const TOR_V6 = 'fd00::1';
/** The node's interface towards the ToR, and the ToR's towards the node. */
export const NODE_IFACE = 'eth-tor';
export const TOR_IFACE = 'eth-node';

const NAME_PREFIX = 'mlbfrr';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; never throws for a non-zero exit. */
export async function run(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileP(cmd, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 << 20, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? err.message };
  }
}

async function must(cmd: string, args: string[], opts?: { timeoutMs?: number }): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns something other than undefined/false, and
 * returns that. On timeout, throws with `what` and the last value seen (from
 * `describe`, or the probe's last error).
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, opts: WaitOptions & { describe?: () => Promise<string> } = {}): Promise<T> {
  const timeout = opts.timeoutMs ?? 60_000;
  const interval = opts.intervalMs ?? 250;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  let state = '';
  if (opts.describe) state = await opts.describe().catch((e: Error) => `(could not describe: ${e.message})`);
  else if (lastError) state = `last error: ${(lastError as Error).message}`;
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${state ? `\n${state}` : ''}`);
}

/**
 * Holds `probe` true for `durationMs` (checking every intervalMs); throws as
 * soon as it is false. For "must stay down" assertions.
 */
export async function holds(what: string, probe: () => Promise<boolean>, durationMs: number, intervalMs = 250): Promise<void> {
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    if (!(await probe())) throw new Error(`expected ${what} for ${durationMs} ms, but it stopped holding`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ------------------------------------------------------------------- BIRD ---

export interface BirdPeer {
  /** BIRD protocol name. */
  name: string;
  /** The node's address to peer with (NODE_V4 or NODE_V6). */
  neighbor: string;
  localAS: number;
  peerAS: number;
  ipv4?: boolean;
  ipv6?: boolean;
  password?: string;
  bfd?: boolean;
  /** Send the lab's static routes to the node. */
  exportStatic?: boolean;
}

export interface BirdConfig {
  peers: BirdPeer[];
  /** Routes the ToR has (blackholes), sent to peers with exportStatic. */
  staticV4?: string[];
  staticV6?: string[];
}

/** A BIRD configuration for the ToR, tuned for tests (fast connect and retry). */
export function birdConfig(c: BirdConfig, logFile: string): string {
  const lines: string[] = [
    `log "${logFile}" all;`,
    `router id ${TOR_V4};`,
    'protocol device { scan time 2; }',
  ];
  if (c.peers.some((p) => p.bfd)) {
    lines.push(`protocol bfd { interface "${TOR_IFACE}" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }`);
  }
  if (c.staticV4?.length) lines.push(`protocol static static4 { ipv4; ${c.staticV4.map((r) => `route ${r} blackhole;`).join(' ')} }`);
  if (c.staticV6?.length) lines.push(`protocol static static6 { ipv6; ${c.staticV6.map((r) => `route ${r} blackhole;`).join(' ')} }`);
  for (const p of c.peers) {
    const ibgp = p.localAS === p.peerAS;
    const local = p.neighbor.includes(':') ? TOR_V6 : TOR_V4;
    const exp = p.exportStatic ? 'export where source = RTS_STATIC;' : 'export none;';
    const channel = `{ import all; ${exp} }`;
    lines.push(`protocol bgp ${p.name} {`);
    lines.push(`  local ${local} as ${p.localAS};`);
    lines.push(`  neighbor ${p.neighbor} as ${p.peerAS};`);
    // BIRD takes iBGP as multihop with recursive next hops; the node is on the link.
    if (ibgp) lines.push('  direct;');
    lines.push('  connect delay time 1;');
    lines.push('  connect retry time 2;');
    lines.push('  error wait time 1, 3;');
    lines.push('  error forget time 10;');
    if (p.password !== undefined) lines.push(`  password "${p.password}";`);
    if (p.bfd) lines.push('  bfd on;');
    if (p.ipv4 ?? !p.neighbor.includes(':')) lines.push(`  ipv4 ${channel};`);
    if (p.ipv6 ?? p.neighbor.includes(':')) lines.push(`  ipv6 ${channel};`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** One route as `birdc show route all` prints it. */
export interface BirdRoute {
  prefix: string;
  protocol: string;
  /** BGP.community, e.g. ['65000:100']. */
  communities: string[];
  /** BGP.large_community, e.g. ['65000:1:2']. */
  largeCommunities: string[];
  localPref?: number;
  asPath: string;
  nextHop?: string;
}

/** Parses `birdc show route all` (BIRD 2.0). */
export function parseBirdRoutes(text: string): BirdRoute[] {
  const routes: BirdRoute[] = [];
  let current: BirdRoute | undefined;
  let lastPrefix = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\d{4}[- ]/, ''); // birdc reply codes, if any
    // "10.200.0.0/24        unicast [node4 12:00:00.000] * (100) [AS65001i]"
    // continuation routes of the same prefix start with spaces and "unicast".
    const head = /^(\S+)?\s+(?:unicast|blackhole|unreachable|prohibited)\s+\[(\S+)/.exec(line);
    if (head && (head[1] === undefined || head[1].includes('/'))) {
      if (head[1]) lastPrefix = head[1];
      current = { prefix: lastPrefix, protocol: head[2], communities: [], largeCommunities: [], asPath: '' };
      routes.push(current);
      continue;
    }
    if (!current) continue;
    const attr = /^\s+BGP\.(\w+):\s*(.*)$/.exec(line);
    if (!attr) continue;
    const [, key, value] = attr;
    if (key === 'local_pref') current.localPref = Number(value);
    else if (key === 'as_path') current.asPath = value.trim();
    else if (key === 'next_hop') current.nextHop = value.trim();
    else if (key === 'community') current.communities = [...value.matchAll(/\((\d+),\s*(\d+)\)/g)].map((m) => `${m[1]}:${m[2]}`);
    else if (key === 'large_community') current.largeCommunities = [...value.matchAll(/\((\d+),\s*(\d+),\s*(\d+)\)/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);
  }
  return routes;
}

// -------------------------------------------------------------------- lab ---

export interface Lab {
  readonly id: string;
  /** The FRR this lab runs. */
  readonly frr: FRRFlavour;
  readonly nodeNs: string;
  readonly torNs: string;
  /** FRR's run and config directory (owned by frr). */
  readonly frrDir: string;
  readonly birdDir: string;
  /** Runs vtysh commands against the node's FRR. */
  vtysh(...commands: string[]): Promise<string>;
  /** Runs one vtysh command ending in `json` and parses the answer. */
  vtyshJSON<T = unknown>(command: string): Promise<T>;
  /** Loads a complete frr.conf with frr-reload.py (first load and every change). */
  reload(config: string): Promise<CommandResult>;
  /** Replaces the ToR's BIRD configuration (starts BIRD the first time). */
  configureBird(config: BirdConfig): Promise<void>;
  birdc(...args: string[]): Promise<string>;
  /** Routes the ToR learnt from one BGP protocol. */
  birdRoutes(protocol: string): Promise<BirdRoute[]>;
  /** BIRD's state of a protocol: Established, Active, Connect, … */
  birdProtocolState(protocol: string): Promise<string>;
  /** FRR's state of a neighbour: Established, Active, Connect, … */
  frrNeighborState(peer: string): Promise<string | undefined>;
  /** PID of a running FRR daemon. */
  daemonPid(daemon: FRRDaemon): number;
  /**
   * Stops FRR's daemons (SIGTERM, last started first) and starts them again
   * with the arguments createLab() used, so with their empty startup files:
   * FRR comes back with no configuration and new pids. Resolves once every
   * daemon listens on its vty socket again.
   */
  restartFRR(): Promise<void>;
  /** Runs a command inside the node or the ToR namespace (the node's: with FRR's root, see nodeCommand). */
  exec(where: 'node' | 'tor', cmd: string, args: string[]): Promise<CommandResult>;
  /**
   * The command line that runs `cmd` in the node namespace with FRR's files
   * (for 10.3: in the FRR root), for a caller that spawns it itself, such as
   * the reloader script. The environment passes through.
   */
  nodeCommand(cmd: string, args: string[]): [string, string[]];
  /** Log files, for failure messages. */
  logs(): string;
  close(): Promise<void>;
}

export interface LabOptions {
  /** Which FRR runs on the node; default 8.4. */
  frr?: FRRVersion;
}

let counter = 0;

/** Builds a lab: namespaces, veth, addresses, FRR daemons with an empty configuration. */
export async function createLab(opts: LabOptions = {}): Promise<Lab> {
  await reapStaleLabs();
  const flavour = FRR_FLAVOURS[opts.frr ?? '8.4'];
  const id = `${NAME_PREFIX}-${process.pid}-${++counter}`;
  const nodeNs = `${id}-node`;
  const torNs = `${id}-tor`;
  const root = mkdtempSync(join(tmpdir(), `${id}-`));
  const frrDir = join(root, 'frr');
  const birdDir = join(root, 'bird');
  const cleanups: Array<() => Promise<void>> = [];
  const bird = birdRouter(torNs, birdDir, cleanups);
  // The node's command line: FRR 8.4 runs from this machine, 10.3 in its root.
  let nodeCommand = (cmd: string, args: string[]): [string, string[]] => ['ip', ['netns', 'exec', nodeNs, cmd, ...args]];
  // FRR's tools (vtysh, frr-reload.py) talk over unix sockets: 8.4's need no namespace.
  let frrCommand = (cmd: string, args: string[]): [string, string[]] => [cmd, args];
  const user = frrUser(flavour.root);

  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    await must('ip', ['netns', 'add', nodeNs]);
    cleanups.push(async () => void (await run('ip', ['netns', 'del', nodeNs])));
    await must('ip', ['netns', 'add', torNs]);
    cleanups.push(async () => void (await run('ip', ['netns', 'del', torNs])));
    cleanups.push(async () => {
      // Anything still running inside the namespaces was started by this lab.
      await killNamespaceProcesses(nodeNs);
      await killNamespaceProcesses(torNs);
    });
    cleanups.push(async () => rmSync(root, { recursive: true, force: true }));
    await must('ip', ['link', 'add', NODE_IFACE, 'netns', nodeNs, 'type', 'veth', 'peer', 'name', TOR_IFACE, 'netns', torNs]);
    for (const [ns, iface, v4, v6] of [[nodeNs, NODE_IFACE, NODE_V4, NODE_V6], [torNs, TOR_IFACE, TOR_V4, TOR_V6]]) {
      await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      await must('ip', ['-n', ns, 'addr', 'add', `${v4}/24`, 'dev', iface]);
      await must('ip', ['-n', ns, '-6', 'addr', 'add', `${v6}/64`, 'dev', iface, 'nodad']);
      await must('ip', ['-n', ns, 'link', 'set', iface, 'up']);
    }

    // FRR: daemons drop to user frr, so their directory is frr's.
    chmodSync(root, 0o755); // frr must reach its directory inside
    mkdirOwned(frrDir, user.uid, user.gid, 0o770);
    mkdirOwned(birdDir, 0, 0, 0o755);
    writeOwned(join(frrDir, 'vtysh.conf'), 'service integrated-vtysh-config\n', user.uid, user.gid);
    if (flavour.root !== '/') {
      const holder = await startHolder(nodeNs, flavour.root, frrDir);
      const enter = (cmd: string, args: string[]): [string, string[]] => ['nsenter', ['-t', String(holder), '-m', '-n', '-r', '-w', cmd, ...args]];
      nodeCommand = enter;
      frrCommand = enter;
    }
    const stopFRR = async () => {
      for (const d of [...flavour.daemons].reverse()) await stopPidFile(join(frrDir, `${d}.pid`));
    };
    cleanups.push(stopFRR);
    // Every startup file first: FRR 10's mgmtd reads zebra's and staticd's.
    for (const d of flavour.daemons) writeOwned(join(frrDir, `${d}.conf`), '', user.uid, user.gid);
    for (const d of flavour.daemons) await startDaemon(nodeCommand, flavour, frrDir, d);
  } catch (e) {
    await close();
    throw e;
  }

  const vtyshArgs = ['--vty_socket', frrDir, '--config_dir', frrDir];
  const frr = (cmd: string, args: string[], o?: { timeoutMs?: number }) => {
    const [c, a] = frrCommand(cmd, args);
    return run(c, a, o);
  };
  const mustFRR = async (cmd: string, args: string[]) => {
    const r = await frr(cmd, args);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
    return r.stdout;
  };

  const lab: Lab = {
    id,
    frr: flavour,
    nodeNs,
    torNs,
    frrDir,
    birdDir,
    async vtysh(...commands) {
      return mustFRR('vtysh', [...vtyshArgs, ...commands.flatMap((c) => ['-c', c])]);
    },
    async vtyshJSON<T>(command: string): Promise<T> {
      const text = await mustFRR('vtysh', [...vtyshArgs, '-c', command]);
      return JSON.parse(text) as T;
    },
    async reload(config) {
      const file = join(frrDir, `new-${Date.now()}.conf`);
      writeOwned(file, config, user.uid, user.gid);
      return frr('python3', [FRR_RELOAD, '--reload', '--stdout', '--bindir', '/usr/bin', '--confdir', frrDir, '--rundir', frrDir, '--vty_socket', frrDir, file], { timeoutMs: 60_000 });
    },
    ...bird,
    async frrNeighborState(peer) {
      const all = await lab.vtyshJSON<Record<string, { bgpState?: string }>>('show bgp neighbors json');
      return all[peer]?.bgpState;
    },
    daemonPid(daemon) {
      return readPid(join(frrDir, `${daemon}.pid`));
    },
    async restartFRR() {
      for (const d of [...flavour.daemons].reverse()) {
        const pid = readPid(join(frrDir, `${d}.pid`));
        if (alive(pid)) process.kill(pid, 'SIGTERM');
        await waitFor(`${d} to stop`, async () => !alive(pid), { timeoutMs: 15_000, intervalMs: 50 });
        // So that startDaemon waits for the new daemon's socket, not a leftover.
        rmSync(join(frrDir, `${d}.vty`), { force: true });
      }
      for (const d of flavour.daemons) await startDaemon(nodeCommand, flavour, frrDir, d);
    },
    async exec(where, cmd, args) {
      if (where === 'node') {
        const [c, a] = nodeCommand(cmd, args);
        return run(c, a);
      }
      return run('ip', ['netns', 'exec', torNs, cmd, ...args]);
    },
    nodeCommand: (cmd, args) => nodeCommand(cmd, args),
    logs() {
      const parts: string[] = [];
      for (const [dir, files] of [[frrDir, flavour.daemons.map((d) => `${d}.log`)], [birdDir, ['bird.log']]] as const) {
        for (const f of files) {
          const p = join(dir, f);
          if (!existsSync(p)) continue;
          const text = readFileSync(p, 'utf8').split('\n').slice(-40).join('\n');
          parts.push(`--- ${p} (last lines)\n${text}`);
        }
      }
      return parts.join('\n');
    },
    close,
  };
  return lab;
}

/**
 * Adds what a test lab needs on top of a production frr.conf: policy changes
 * reach peers after 1 s instead of bgpd's default 5 s. (Not 0: that turns
 * automatic re-evaluation off.)
 */
export function withLabTuning(frrConf: string): string {
  return `${frrConf}bgp route-map delay-timer 1\n!\n`;
}

// ----------------------------------------------------------------- fabric ---

/**
 * Several nodes behind one top-of-rack router, for tests that run whole pods
 * (lib/pod.ts) rather than FRR by hand: a bridge in the ToR namespace, one
 * network namespace per node with a veth on it, BIRD on the ToR. Node i
 * (from 1) is 10.0.0.(1+i)/24 and fd00::(1+i)/64 on its `eth-tor`; the ToR
 * is 10.0.0.1 and fd00::1. Nothing runs in the node namespaces.
 */
export interface Fabric {
  readonly id: string;
  readonly torNs: string;
  /** A directory of this fabric's own, for its users' files. */
  readonly dir: string;
  readonly nodes: ReadonlyArray<{ name: string; netns: string; v4: string; v6: string }>;
  configureBird(config: BirdConfig): Promise<void>;
  birdc(...args: string[]): Promise<string>;
  birdRoutes(protocol: string): Promise<BirdRoute[]>;
  birdProtocolState(protocol: string): Promise<string>;
  /** Runs a command in a namespace of the fabric (a node's name or 'tor'). */
  exec(where: string, cmd: string, args: string[]): Promise<CommandResult>;
  logs(): string;
  close(): Promise<void>;
}

export async function createFabric(nodeNames: string[]): Promise<Fabric> {
  await reapStaleLabs();
  const id = `${NAME_PREFIX}-${process.pid}-${++counter}`;
  const torNs = `${id}-tor`;
  const dir = mkdtempSync(join(tmpdir(), `${id}-`));
  chmodSync(dir, 0o755);
  const birdDir = join(dir, 'bird');
  mkdirSync(birdDir);
  const nodes = nodeNames.map((name, i) => ({ name, netns: `${id}-node${i + 1}`, v4: `10.0.0.${i + 2}`, v6: `fd00::${i + 2}` }));
  const cleanups: Array<() => Promise<void>> = [];
  const bird = birdRouter(torNs, birdDir, cleanups);
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    await must('ip', ['netns', 'add', torNs]);
    cleanups.push(async () => void (await run('ip', ['netns', 'del', torNs])));
    cleanups.push(async () => killNamespaceProcesses(torNs));
    await must('ip', ['-n', torNs, 'link', 'set', 'lo', 'up']);
    await must('ip', ['-n', torNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await must('ip', ['-n', torNs, 'addr', 'add', `${TOR_V4}/24`, 'dev', 'br0']);
    await must('ip', ['-n', torNs, '-6', 'addr', 'add', `${TOR_V6}/64`, 'dev', 'br0', 'nodad']);
    await must('ip', ['-n', torNs, 'link', 'set', 'br0', 'up']);
    for (const [i, n] of nodes.entries()) {
      await must('ip', ['netns', 'add', n.netns]);
      cleanups.push(async () => void (await run('ip', ['netns', 'del', n.netns])));
      cleanups.push(async () => killNamespaceProcesses(n.netns));
      const port = `node${i + 1}`;
      await must('ip', ['link', 'add', NODE_IFACE, 'netns', n.netns, 'type', 'veth', 'peer', 'name', port, 'netns', torNs]);
      await must('ip', ['-n', torNs, 'link', 'set', port, 'master', 'br0', 'up']);
      await must('ip', ['-n', n.netns, 'link', 'set', 'lo', 'up']);
      await must('ip', ['-n', n.netns, 'addr', 'add', `${n.v4}/24`, 'dev', NODE_IFACE]);
      await must('ip', ['-n', n.netns, '-6', 'addr', 'add', `${n.v6}/64`, 'dev', NODE_IFACE, 'nodad']);
      await must('ip', ['-n', n.netns, 'link', 'set', NODE_IFACE, 'up']);
    }
  } catch (e) {
    await close();
    throw e;
  }
  const fabric: Fabric = {
    id,
    torNs,
    dir,
    nodes,
    ...bird,
    async exec(where, cmd, args) {
      const ns = where === 'tor' ? torNs : nodes.find((n) => n.name === where)?.netns;
      if (!ns) throw new Error(`no namespace ${where}`);
      return run('ip', ['netns', 'exec', ns, cmd, ...args]);
    },
    logs() {
      const p = join(birdDir, 'bird.log');
      return existsSync(p) ? `--- ${p} (last lines)\n${readFileSync(p, 'utf8').split('\n').slice(-40).join('\n')}` : '';
    },
    close,
  };
  return fabric;
}

// ---------------------------------------------------------------- helpers ---

const shq = (p: string): string => `'${p.replace(/'/g, `'\\''`)}'`;

/**
 * Shell lines that set up a private mount namespace for running from `root`
 * (see the header): the root read-only, /proc, /dev, /sys and the temporary
 * directory at the same path.
 */
function rootMounts(root: string): string[] {
  const tmp = tmpdir();
  if (!existsSync(join(root, tmp))) throw new Error(`the FRR root has no ${tmp} to mount the temporary directory on`);
  const r = (p: string) => shq(join(root, p));
  return [
    'set -e',
    // The shared root read-only: nothing run from it writes into the cache.
    `mount --bind ${shq(root)} ${shq(root)}`,
    `mount -o remount,bind,ro ${shq(root)}`,
    `mount -t proc proc ${r('proc')}`,
    `mount --rbind /dev ${r('dev')}`,
    `mount --rbind /sys ${r('sys')}`,
    `mount --rbind ${shq(tmp)} ${shq(join(root, tmp))}`,
  ];
}

/**
 * The command line that runs one command from an FRR root (FRR10_ROOT) in a
 * private mount namespace of its own (rootMounts), e.g. `vtysh -C` of FRR 10.
 * Needs root.
 */
export function frrRootCommand(root: string, cmd: string, args: string[]): [string, string[]] {
  const script = [...rootMounts(root), 'exec chroot "$0" "$@"'].join('\n');
  return ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, root, cmd, ...args]];
}

/**
 * The FRR 10 lab's holder (see the header): a process in the node namespace
 * and a private mount namespace chrooted into `root`, which every FRR command
 * of the lab enters. Returns its pid once its mounts are in place; it lives
 * until the lab kills the namespace's processes.
 */
async function startHolder(nodeNs: string, root: string, frrDir: string): Promise<number> {
  const r = (p: string) => shq(join(root, p));
  const script = [
    ...rootMounts(root),
    `mount --bind ${shq(frrDir)} ${r('etc/frr')}`,
    `mount --bind ${shq(frrDir)} ${r('run/frr')}`,
    `mount -t tmpfs tmpfs ${r('var/tmp')}`,
    `mount -t tmpfs tmpfs ${r('var/lib/frr')}`,
    `exec chroot ${shq(root)} sleep infinity`,
  ].join('\n');
  const log = join(frrDir, '..', 'holder.log');
  const fd = openSync(log, 'a');
  const child = spawn('ip', ['netns', 'exec', nodeNs, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  if (!pid) throw new Error('cannot start the FRR root holder');
  child.unref();
  await waitFor('the FRR root holder', async () => {
    if (child.exitCode !== null) throw new Error(`the FRR root holder exited (${child.exitCode}): ${readFileSync(log, 'utf8').trim()}`);
    try {
      return readlinkSync(`/proc/${pid}/root`) === root;
    } catch {
      return false;
    }
  }, { timeoutMs: 10_000, intervalMs: 20 });
  return pid;
}

/** A daemon's command line: its own paths in `frrDir`, an empty startup file, no TCP vty. */
function daemonArgs(flavour: FRRFlavour, frrDir: string, d: FRRDaemon): string[] {
  const args = ['-d', '-P', '0', '-F', 'traditional'];
  // FRR 10's mgmtd and staticd take no -f (mgmtd reads /etc/frr/<daemon>.conf, the lab's directory).
  if (!(flavour.version === '10.3' && (d === 'mgmtd' || d === 'staticd'))) args.push('-f', join(frrDir, `${d}.conf`));
  args.push('--vty_socket', frrDir, '-i', join(frrDir, `${d}.pid`), '-z', join(frrDir, 'zserv.api'), '--log', `file:${join(frrDir, `${d}.log`)}`);
  // FRR 10's bfdd keeps its control socket in /run/frr (the lab's directory).
  if (d === 'bfdd' && flavour.version === '8.4') args.push('--bfdctl', join(frrDir, 'bfdd.sock'));
  return args;
}

/**
 * Starts one FRR daemon in the node namespace with its file in `frrDir` as
 * startup configuration (createLab and restartFRR: the same arguments), and
 * waits until a new process listens on its vty socket.
 */
async function startDaemon(nodeCommand: (cmd: string, args: string[]) => [string, string[]], flavour: FRRFlavour, frrDir: string, d: FRRDaemon): Promise<void> {
  const pidFile = join(frrDir, `${d}.pid`);
  const before = readPid(pidFile);
  const [cmd, args] = nodeCommand(`${FRR_DIR}/${d}`, daemonArgs(flavour, frrDir, d));
  await startDetached(cmd, args, join(frrDir, `${d}.start.log`));
  await waitFor(`${d} to listen on its vty socket`, async () => {
    const pid = readPid(pidFile);
    return pid !== before && alive(pid) && existsSync(join(frrDir, `${d}.vty`));
  }, { timeoutMs: 15_000, intervalMs: 50 });
}

/**
 * Runs a command that daemonizes (FRR's -d) and resolves when it has exited
 * with 0. Its output goes to `logFile`, not to a pipe: FRR 10's daemons keep
 * the standard streams they were given open long after detaching, and a
 * caller reading a pipe to its end would wait for them.
 */
async function startDetached(cmd: string, args: string[], logFile: string): Promise<void> {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${readFileSync(logFile, 'utf8').trim()}`);
}

/** User frr of the root FRR runs from ('/' or the FRR 10 root). */
function frrUser(root: string): { uid: number; gid: number } {
  let passwd = '';
  try {
    passwd = readFileSync(join(root, 'etc', 'passwd'), 'utf8');
  } catch {
    // reported below
  }
  const line = passwd.split('\n').find((l) => l.startsWith('frr:'));
  if (!line) throw new Error(`user frr does not exist in ${root} (install the frr package, or run scripts/tools.sh)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function mkdirOwned(dir: string, uid: number, gid: number, mode: number): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode); // mkdir's mode is subject to the umask
  chownSync(dir, uid, gid);
}

function writeOwned(file: string, text: string, uid: number, gid: number): void {
  writeFileSync(file, text, { mode: 0o640 });
  chownSync(file, uid, gid);
}

function readPid(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return 0;
  }
}

/** True for a live process; a zombie counts as dead (kill -0 succeeds on one). */
export function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  if (!alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function stopPidFile(file: string): Promise<void> {
  await stopPid(readPid(file));
}

async function killNamespaceProcesses(ns: string): Promise<void> {
  const r = await run('ip', ['netns', 'pids', ns]);
  if (r.code !== 0) return;
  for (const pid of r.stdout.split(/\s+/).filter(Boolean).map(Number)) await stopPid(pid);
}

/** Removes labs whose test process is gone (a run that was killed): namespaces, their processes, directories. */
async function reapStaleLabs(): Promise<void> {
  const stale = (pid: string) => Number(pid) !== process.pid && !alive(Number(pid));
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    // no namespaces at all
  }
  for (const name of names) {
    const m = new RegExp(`^${NAME_PREFIX}-(\\d+)-\\d+-(node\\d*|tor)$`).exec(name);
    if (!m || !stale(m[1])) continue;
    await killNamespaceProcesses(name);
    await run('ip', ['netns', 'del', name]);
  }
  for (const dir of readdirSync(tmpdir())) {
    const m = new RegExp(`^${NAME_PREFIX}-(\\d+)-\\d+-`).exec(dir);
    if (m && stale(m[1])) rmSync(join(tmpdir(), dir), { recursive: true, force: true });
  }
}

/** The top-of-rack BIRD in torNs: configured (started the first time), queried with birdc. */
function birdRouter(torNs: string, birdDir: string, cleanups: Array<() => Promise<void>>): Pick<Lab, 'configureBird' | 'birdc' | 'birdRoutes' | 'birdProtocolState'> {
  const birdSock = join(birdDir, 'bird.ctl');
  let started = false;
  return {
    async configureBird(config) {
      const file = join(birdDir, 'bird.conf');
      writeFileSync(file, birdConfig(config, join(birdDir, 'bird.log')));
      if (!started) {
        await must('ip', ['netns', 'exec', torNs, 'bird', '-c', file, '-s', birdSock, '-P', join(birdDir, 'bird.pid')]);
        started = true;
        cleanups.push(async () => stopPidFile(join(birdDir, 'bird.pid')));
        await waitFor('BIRD to answer', async () => (await run('birdc', ['-s', birdSock, 'show', 'status'])).code === 0, { timeoutMs: 10_000, intervalMs: 50 });
        return;
      }
      const out = await must('birdc', ['-s', birdSock, 'configure', `"${file}"`]);
      if (!/Reconfigur/i.test(out)) throw new Error(`birdc configure: ${out}`);
    },
    birdc: (...args) => must('birdc', ['-s', birdSock, ...args]),
    async birdRoutes(protocol) {
      return parseBirdRoutes(await must('birdc', ['-s', birdSock, 'show', 'route', 'all', 'protocol', protocol]));
    },
    async birdProtocolState(protocol) {
      const out = await must('birdc', ['-s', birdSock, 'show', 'protocols', protocol]);
      const line = out.split('\n').find((l) => l.startsWith(`${protocol} `));
      return line?.trim().split(/\s+/).pop() ?? 'unknown';
    },
  };
}
