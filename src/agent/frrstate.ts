// FRR's own view of its BGP sessions and BFD peers, for the metrics
// (frrmetrics.ts) and the BGPSessionStates (sessions.ts).
//
// The agent has no vtysh and no access to FRR's sockets: it asks the
// reloader, through the shared directory (protocol in
// src/compile/frr-reloader.sh, file names in src/api/agent.ts). It writes a
// new id to state.request; the reloader runs three fixed show commands and
// writes their JSON, with that id, to frr.state. The agent polls the file's
// first line for its id (a few bytes a poll, not the whole answer) and
// parses the answer once it is there.
//
// read() never takes longer than `timeoutMs`: no answer in time (the
// reloader or FRR is down) or an answer that cannot be read is a failure
// with a reason, never an exception. Concurrent reads share one request; a
// result younger than `maxAgeMs` is reused (a scrape reads every metric from
// one answer, and two scrapes a second apart cost one).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RELOADER_FILES } from '../api/agent.ts';
import { redactSecretText } from '../frr/index.ts';
import { AnswerPoll } from './answer-poll.ts';
import { writeAtomic } from './reloader.ts';

/** FRR's message counters of a session (`messageStats`). */
export interface MessageCounts {
  opensSent: number;
  opensRecv: number;
  notificationsSent: number;
  updatesSent: number;
  updatesRecv: number;
  keepalivesSent: number;
  keepalivesRecv: number;
  routeRefreshSent: number;
  totalSent: number;
  totalRecv: number;
}

/** One BGP neighbour as `show bgp vrf all neighbors json` has it. */
export interface BGPNeighborState {
  /** FRR's name of the VRF ("default" for the default VRF). */
  vrf: string;
  /** The neighbour as FRR names it: its address, or its interface. */
  peer: string;
  /** bgpState: Idle, Connect, Active, OpenSent, OpenConfirm, Established. */
  state: string;
  /** peerBfdInfo.status (Up, Down, ...); undefined without BFD. */
  bfdStatus?: string;
  /** Prefixes sent and accepted, over every address family. */
  announced: number;
  received: number;
  messages: MessageCounts;
}

/** BFD counters of a peer (`show bfd peers counters json`). */
export interface BFDCounts {
  controlPacketInput: number;
  controlPacketOutput: number;
  echoPacketInput: number;
  echoPacketOutput: number;
  sessionUp: number;
  sessionDown: number;
  zebraNotifications: number;
}

/** One BFD peer as `show bfd peers json` has it. */
export interface BFDPeerState {
  vrf: string;
  peer: string;
  /** up, down, init, ... */
  status: string;
  counters?: BFDCounts;
}

export interface FRRState {
  neighbors: BGPNeighborState[];
  /** Undefined when bfdd did not answer (BGP's own view of BFD is in the neighbours). */
  bfd?: BFDPeerState[];
}

export type StateResult = { ok: true; state: FRRState; at: number } | { ok: false; reason: string; at: number };

const MESSAGE_FIELDS: Array<keyof MessageCounts> = ['opensSent', 'opensRecv', 'notificationsSent', 'updatesSent', 'updatesRecv', 'keepalivesSent', 'keepalivesRecv', 'routeRefreshSent', 'totalSent', 'totalRecv'];
const BFD_FIELDS: Array<[keyof BFDCounts, string]> = [
  ['controlPacketInput', 'control-packet-input'],
  ['controlPacketOutput', 'control-packet-output'],
  ['echoPacketInput', 'echo-packet-input'],
  ['echoPacketOutput', 'echo-packet-output'],
  ['sessionUp', 'session-up'],
  ['sessionDown', 'session-down'],
  ['zebraNotifications', 'zebra-notifications'],
];

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The sections of frr.state: header fields and, per section, whether vtysh succeeded and its output. */
export function splitState(text: string): { fields: Record<string, string>; sections: Map<string, { ok: boolean; body: string }> } {
  const fields: Record<string, string> = {};
  const sections = new Map<string, { ok: boolean; body: string }>();
  let current: { ok: boolean; lines: string[] } | undefined;
  const done: Array<[string, { ok: boolean; lines: string[] }]> = [];
  for (const line of text.split('\n')) {
    const head = /^@(\w+) (ok|failed)$/.exec(line);
    if (head) {
      current = { ok: head[2] === 'ok', lines: [] };
      done.push([head[1], current]);
    } else if (current) {
      current.lines.push(line);
    } else {
      const eq = line.indexOf('=');
      if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  for (const [name, s] of done) sections.set(name, { ok: s.ok, body: s.lines.join('\n') });
  return { fields, sections };
}

/** `show bgp vrf all neighbors json`: every neighbour of every VRF. */
export function parseNeighbors(json: unknown): BGPNeighborState[] {
  if (!isObject(json)) throw new Error('not a JSON object');
  const out: BGPNeighborState[] = [];
  for (const [vrfKey, vrf] of Object.entries(json)) {
    if (!isObject(vrf)) continue;
    const vrfName = typeof vrf.vrfName === 'string' ? vrf.vrfName : vrfKey;
    for (const [peer, n] of Object.entries(vrf)) {
      if (!isObject(n) || typeof n.bgpState !== 'string') continue; // vrfId, vrfName, ...
      const stats = isObject(n.messageStats) ? n.messageStats : {};
      const messages = Object.fromEntries(MESSAGE_FIELDS.map((f) => [f, num(stats[f])])) as unknown as MessageCounts;
      let announced = 0;
      let received = 0;
      for (const af of Object.values(isObject(n.addressFamilyInfo) ? n.addressFamilyInfo : {})) {
        if (!isObject(af)) continue;
        announced += num(af.sentPrefixCounter);
        received += num(af.acceptedPrefixCounter);
      }
      const bfd = isObject(n.peerBfdInfo) && typeof n.peerBfdInfo.status === 'string' ? n.peerBfdInfo.status : undefined;
      out.push({ vrf: vrfName, peer, state: n.bgpState, ...(bfd !== undefined ? { bfdStatus: bfd } : {}), announced, received, messages });
    }
  }
  return out;
}

/** `show bfd peers json` and `show bfd peers counters json`, joined by VRF and peer (the first of each pair). */
export function parseBFD(peers: unknown, counters: unknown): BFDPeerState[] {
  if (!Array.isArray(peers)) throw new Error('not a JSON list');
  const key = (p: Record<string, unknown>) => `${String(p.vrf ?? 'default')}\0${String(p.peer)}`;
  const countsOf = new Map<string, BFDCounts>();
  for (const c of Array.isArray(counters) ? counters : []) {
    if (!isObject(c) || typeof c.peer !== 'string' || countsOf.has(key(c))) continue;
    countsOf.set(key(c), Object.fromEntries(BFD_FIELDS.map(([f, j]) => [f, num(c[j])])) as unknown as BFDCounts);
  }
  const out: BFDPeerState[] = [];
  const seen = new Set<string>();
  for (const p of peers) {
    if (!isObject(p) || typeof p.peer !== 'string' || seen.has(key(p))) continue;
    seen.add(key(p));
    const counts = countsOf.get(key(p));
    out.push({ vrf: typeof p.vrf === 'string' ? p.vrf : 'default', peer: p.peer, status: typeof p.status === 'string' ? p.status : 'unknown', ...(counts ? { counters: counts } : {}) });
  }
  return out;
}

/** frr.state's text as FRRState, or why it cannot be (one line). */
export function parseState(text: string): { state: FRRState } | { reason: string } {
  const { sections } = splitState(text);
  const bgp = sections.get('bgp');
  if (!bgp) return { reason: 'no BGP section in the answer' };
  if (!bgp.ok) return { reason: `vtysh failed: ${firstLine(bgp.body)}` };
  let neighbors: BGPNeighborState[];
  try {
    neighbors = parseNeighbors(JSON.parse(bgp.body));
  } catch (e) {
    return { reason: `FRR's BGP answer is not readable: ${firstLine(bgp.body) || (e as Error).message}` };
  }
  const state: FRRState = { neighbors };
  const peers = sections.get('bfd');
  const counters = sections.get('bfdcounters');
  if (peers?.ok) {
    try {
      state.bfd = parseBFD(JSON.parse(peers.body), counters?.ok ? JSON.parse(counters.body) : []);
    } catch {
      // bfdd's answer unreadable: no BFD figures, BGP's stand
    }
  }
  return { state };
}

/** vtysh's first line, for a message: short, and through the secret keyword rule (show commands print none; this keeps it so). */
function firstLine(text: string): string {
  return redactSecretText((text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 200));
}

export interface StateReaderOptions {
  /** Longest wait for an answer. */
  timeoutMs: number;
  /** How often to look for it. */
  pollMs?: number;
  /** A result this young is reused. */
  maxAgeMs?: number;
  /** Told of every failed read (the failure counter). */
  onFailure?: (reason: string) => void;
  /** Told of every successful read. */
  onSuccess?: () => void;
}

/** Asks the reloader for FRR's state; see the header. */
export class FRRStateReader {
  private readonly prefix = randomBytes(4).toString('hex');
  private seq = 0;
  private inFlight: Promise<StateResult> | undefined;
  private latest: StateResult | undefined;
  private good: FRRState | undefined;
  private readonly answers: AnswerPoll;

  constructor(
    private readonly dir: string,
    private readonly opts: StateReaderOptions,
  ) {
    this.answers = new AnswerPoll(opts.pollMs ?? 25);
  }

  /** The state, fresh (or at most maxAgeMs old); never rejects. */
  read(): Promise<StateResult> {
    const maxAge = this.opts.maxAgeMs ?? 1000;
    if (this.latest && Date.now() - this.latest.at < maxAge) return Promise.resolve(this.latest);
    this.inFlight ??= this.ask().then((r) => {
      this.inFlight = undefined;
      this.latest = r;
      if (r.ok) {
        this.good = r.state;
        this.opts.onSuccess?.();
      } else {
        this.opts.onFailure?.(r.reason);
      }
      return r;
    });
    return this.inFlight;
  }

  /** The last state read successfully. */
  lastGood(): FRRState | undefined {
    return this.good;
  }

  close(): void {
    this.answers.close();
  }

  private ask(): Promise<StateResult> {
    const id = `${this.prefix}-${++this.seq}`;
    const failed = (reason: string): StateResult => ({ ok: false, reason, at: Date.now() });
    try {
      writeAtomic(join(this.dir, RELOADER_FILES.stateRequest), `${id}\n`);
    } catch (e) {
      return Promise.resolve(failed(`cannot write to ${this.dir}: ${(e as Error).message}`));
    }
    const file = join(this.dir, RELOADER_FILES.state);
    return this.answers.until<StateResult>(
      () => {
        if (headId(file) !== id) return undefined;
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          return failed(`cannot read ${RELOADER_FILES.state}: ${(e as Error).message}`);
        }
        // Replaced by a newer answer between the two reads: wait for ours no more.
        if (!text.startsWith(`id=${id}\n`)) return failed('the answer was replaced while it was read');
        const parsed = parseState(text);
        return 'state' in parsed ? { ok: true, state: parsed.state, at: Date.now() } : failed(parsed.reason);
      },
      this.opts.timeoutMs,
      () => failed(`no answer from the reloader within ${(this.opts.timeoutMs / 1000).toFixed(1)} s (is the reloader container running?)`),
      () => failed('the agent is stopping'),
    );
  }
}

/** The id on the first line of `file`, reading only its first bytes. */
function headId(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split('\n')[0];
    return line.startsWith('id=') ? line.slice(3) : undefined;
  } finally {
    closeSync(fd);
  }
}
