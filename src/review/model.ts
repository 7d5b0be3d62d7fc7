// The review tools' one model of "what a node announces to each peer": the
// FRR library's merge result (src/frr merge(): exactly what the node agent
// renders) restated per router (VRF, ASN) → neighbour → session settings,
// prefixes with their attributes, receive policy; plus the node's BFD
// profiles and raw configuration. diff compares two of these, explain reads
// one, preview renders the Merged it comes from.
//
// Defaults are spelled out (port 179, hold 180 s, ...) so that a change reads
// "holdTime 180 → 90". Passwords are never held as text: a password is its
// kind (cleartext, or the Secret it comes from) and an opaque token that is
// equal for equal values (a salted digest, salt drawn per process), so two
// models compare without a value ever being kept or shown.
import { createHash, randomBytes } from 'node:crypto';
import type { BFDSettings } from '../api/bfd.ts';
import {
  passwordFromSecret,
  type Merged,
  type MergedBFDProfile,
  type MergedNeighbor,
  type PasswordSpec,
  type PeerASN,
  type PrefixFilter,
  type SecretSource,
} from '../frr/index.ts';

export interface NodeModel {
  /** By VRF (default first), then ASN. */
  routers: RouterModel[];
  /** By name. */
  bfdProfiles: BFDProfileModel[];
  /** In the order frr.conf has them. */
  raw: RawModel[];
}

export interface RouterModel {
  /** '' is the default VRF. */
  vrf: string;
  asn: number;
  routerId?: string;
  /** VRFs imported ('default' for the default VRF). */
  imports: string[];
  /** Networks the router originates (`network` lines), numeric order. */
  networks: string[];
  /** By address (numerically), then interface. */
  neighbors: NeighborModel[];
}

export interface NeighborModel {
  /** Address or interface name. */
  peer: string;
  kind: 'address' | 'interface';
  session: SessionModel;
  /** What the neighbour is sent, IPv4 first, numeric order. */
  prefixes: PrefixModel[];
  receive: ReceiveModel;
}

export interface SessionModel {
  asn: PeerASN;
  localASN?: number;
  /** 'ipv4' | 'ipv6' | 'dual' (dualStackAddressFamily, or an interface). */
  family: string;
  port: number;
  /** Seconds. */
  holdTime: number;
  keepaliveTime: number;
  connectTime: number;
  ebgpMultiHop: boolean;
  gracefulRestart: boolean;
  /** The BFD profile and its values on this node. */
  bfd?: BFDProfileModel;
  sourceAddress?: string;
  password?: PasswordModel;
  nextHopV4?: string;
  nextHopV6?: string;
}

/** A password without its value. */
export interface PasswordModel {
  kind: 'cleartext' | 'secret';
  /** namespace/name of the Secret. */
  secret?: string;
  /**
   * Equal for equal values; '' for a Secret that is not in the input (then
   * only the reference can be compared). Never shown.
   */
  token: string;
}

export interface PrefixModel {
  prefix: string;
  localPref?: number;
  /** Standard communities, A:B, in MetalLB's order. */
  communities: string[];
  /** Large communities, A:B:C. */
  largeCommunities: string[];
}

export interface ReceiveModel {
  /** Every prefix is accepted. */
  all: boolean;
  /** Accepted prefixes ("P", "P ge N", "P le N"), IPv4 first. */
  filters: string[];
}

export interface BFDProfileModel extends BFDSettings {
  name: string;
  echoMode: boolean;
  passiveMode: boolean;
}

export interface RawModel {
  priority: number;
  /** May hold passwords: shown only through redactSecretText. */
  text: string;
}

export const EMPTY_MODEL: NodeModel = Object.freeze({ routers: [], bfdProfiles: [], raw: [] }) as NodeModel;

const DEFAULTS = { port: 179, holdTime: 180, keepaliveTime: 60, connectTime: 60 };

/** The model of one node's merged configuration; Secrets are read only to tell passwords apart. */
export function nodeModel(merged: Merged, secrets: SecretSource): NodeModel {
  const profiles = new Map(merged.bfdProfiles.map((p) => [p.name, bfdProfile(p)]));
  return {
    routers: merged.routers
      .map((r) => ({
        vrf: r.vrf,
        asn: r.asn,
        ...(r.routerId !== undefined ? { routerId: r.routerId } : {}),
        imports: r.imports,
        networks: r.prefixes,
        neighbors: r.neighbors.map((n) => neighbor(n, profiles, secrets)),
      }))
      .sort((a, b) => (a.vrf < b.vrf ? -1 : a.vrf > b.vrf ? 1 : a.asn - b.asn)),
    bfdProfiles: [...profiles.values()],
    raw: merged.raw.map((r) => ({ priority: r.priority, text: r.text })),
  };
}

function neighbor(n: MergedNeighbor, profiles: Map<string, BFDProfileModel>, secrets: SecretSource): NeighborModel {
  const session: SessionModel = {
    asn: n.asn,
    family: n.family,
    port: n.port ?? DEFAULTS.port,
    holdTime: n.holdTime ?? DEFAULTS.holdTime,
    keepaliveTime: n.keepaliveTime ?? DEFAULTS.keepaliveTime,
    connectTime: n.connectTime ?? DEFAULTS.connectTime,
    ebgpMultiHop: n.ebgpMultiHop,
    gracefulRestart: n.gracefulRestart,
  };
  if (n.localASN !== undefined) session.localASN = n.localASN;
  if (n.bfdProfile !== undefined) session.bfd = profiles.get(n.bfdProfile) ?? { name: n.bfdProfile, echoMode: false, passiveMode: false };
  if (n.sourceAddress !== undefined) session.sourceAddress = n.sourceAddress;
  if (n.password) session.password = password(n.password, secrets);
  if (n.advertise.nextHopV4) session.nextHopV4 = n.advertise.nextHopV4;
  if (n.advertise.nextHopV6) session.nextHopV6 = n.advertise.nextHopV6;

  const localPref = new Map<string, number>();
  for (const lp of n.advertise.localPrefs) for (const p of [...lp.v4, ...lp.v6]) localPref.set(p, lp.localPref);
  const communities = new Map<string, string[]>();
  const large = new Map<string, string[]>();
  for (const c of n.advertise.communities) {
    const into = c.large ? large : communities;
    for (const p of [...c.v4, ...c.v6]) {
      const list = into.get(p);
      if (list) list.push(c.value);
      else into.set(p, [c.value]);
    }
  }
  const prefixes = [...n.advertise.v4, ...n.advertise.v6].map((p) => {
    const m: PrefixModel = { prefix: p, communities: communities.get(p) ?? [], largeCommunities: large.get(p) ?? [] };
    const lp = localPref.get(p);
    if (lp !== undefined) m.localPref = lp;
    return m;
  });
  return {
    peer: n.peer,
    kind: n.kind,
    session,
    prefixes,
    receive: { all: n.receive.all, filters: [...n.receive.v4, ...n.receive.v6].map(filterText) },
  };
}

function filterText(f: PrefixFilter): string {
  return `${f.prefix}${f.ge !== undefined ? ` ge ${f.ge}` : ''}${f.le !== undefined ? ` le ${f.le}` : ''}`;
}

function bfdProfile(p: MergedBFDProfile): BFDProfileModel {
  const { origin: _origin, ...values } = p;
  return values;
}

// Random per process: a token tells equal passwords apart within one run and
// means nothing outside it.
const SALT = randomBytes(32);
const digest = (value: string): string => createHash('sha256').update(SALT).update(value).digest('base64');

function password(spec: PasswordSpec, secrets: SecretSource): PasswordModel {
  if (spec.kind === 'text') return { kind: 'cleartext', token: digest(spec.text.reveal()) };
  const secret = `${spec.namespace}/${spec.name}`;
  const obj = secrets({ namespace: spec.namespace, name: spec.name });
  const got = obj ? passwordFromSecret(obj) : undefined;
  // Without the Secret (or with one that holds no usable password), only the
  // reference can be compared.
  const value = got?.ok ? digest(got.value.reveal()) : '';
  return { kind: 'secret', secret, token: value };
}

/** Whether two passwords are the same, as far as the inputs tell. */
export function samePassword(a: PasswordModel | undefined, b: PasswordModel | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind || a.secret !== b.secret) return false;
  return a.token === b.token || a.token === '' || b.token === '';
}

/**
 * A text equal for equal models and different otherwise: the key nodes are
 * grouped by. Holds password tokens and raw text: never shown.
 */
export function modelKey(m: NodeModel): string {
  return JSON.stringify(m);
}

/** How a password is named in output: its kind and Secret, never a value. */
export function describePassword(p: PasswordModel | undefined): string {
  if (!p) return 'none';
  return p.kind === 'secret' ? `from Secret ${p.secret}` : 'cleartext';
}
