// Merging the FRRConfigurations of one node, with frr-k8s' rules
// (internal/controller/merge.go):
//  - routers merge by VRF: one ASN per VRF, one router ID (either may leave it
//    unset), prefixes and imports united;
//  - neighbours merge by address or interface within a VRF: the session's
//    settings must agree, where an unset value means frr-k8s' default (port
//    179, hold 180 s, keepalive 60 s, connect 60 s, no multihop, no password,
//    no source address); an unset BFD profile, graceful-restart flag or next
//    hop agrees with anything. What to advertise and to accept is united
//    (`mode: all` wins), except that one prefix may carry only one local
//    preference towards one neighbour;
//  - BFD profiles merge by name and must be equal;
//  - raw configuration is appended by priority, then configuration name.
//
// Configurations are taken in (namespace, name) order whatever the input
// order, so the result and the messages are the same for the same set. A
// conflict is reported once, on the later object, naming the earlier one and
// its field. Every problem is reported, not only the first.
//
// Where this is stricter than frr-k8s, on purpose, so that what merges here
// merges there too and means one thing:
//  - passwords agree when they are the same cleartext or name the same
//    Secret. frr-k8s compares the values it read, which a build-time check
//    cannot; two Secrets holding the same value conflict here.
//  - enableGracefulRestart: frr-k8s does not compare it and keeps whichever
//    configuration it met first (list order); here unset agrees with
//    anything and true against false is an error.
//  - `vrf: default` on a router is the default VRF (as in FRR), so its ASN
//    must match the router without a VRF.
// `toAdvertise.allowed.mode: all` means every prefix of the router in that
// configuration (and of the VRFs it imports), as in frr-k8s; the merged
// neighbour advertises the union over configurations.
import { BFD_SETTINGS } from '../api/bfd.ts';
import { compareCommunities, type ParsedCommunity } from '../api/community.ts';
import { compareStrings } from '../api/order.ts';
import { Diagnostics, type Diagnostic } from '../api/diagnostic.ts';
import { FRRK8S_API_VERSION } from '../api/frrk8s.ts';
import { describeRef, refOf, type KubeObject, type ObjectRef } from '../api/k8s.ts';
import { validateStructure, validatorFor } from '../api/validate.ts';
import {
  DEFAULT_CONNECT_TIME,
  DEFAULT_HOLD_TIME,
  DEFAULT_KEEPALIVE_TIME,
  DEFAULT_PORT,
  describeNeighbor,
  describeOrigin,
  type Merged,
  type MergedBFDProfile,
  type MergedNeighbor,
  type MergedRouter,
  type NeighborFamily,
  type Origin,
  type PasswordSpec,
  type PeerASN,
  type PrefixFilter,
  type RawSnippet,
} from './model.ts';
import { readConfig, type ConfigPart, type NeighborPart, type RouterPart, type Valued } from './read.ts';
import { compareAddresses, sortPrefixes } from '../api/ip.ts';

export interface MergeResult {
  /** Present only when there is no error. */
  merged?: Merged;
  diagnostics: Diagnostic[];
}

/** Merges the configurations that select one node (each is validated here first). */
export function merge(configs: readonly KubeObject[]): MergeResult {
  const diags = new Diagnostics();
  const sorted = [...configs].sort(compareConfigs);
  const parts: ConfigPart[] = [];
  let previous: KubeObject | undefined;
  for (const cfg of sorted) {
    const ref = refOf(cfg);
    if (previous && compareConfigs(previous, cfg) === 0) {
      diags.error(ref, 'metadata.name', `${describeRef(ref)} appears twice in the input`);
      continue;
    }
    previous = cfg;
    if (cfg.apiVersion !== FRRK8S_API_VERSION || cfg.kind !== 'FRRConfiguration') {
      diags.error(ref, 'apiVersion', `expected ${FRRK8S_API_VERSION} FRRConfiguration, got ${String(cfg.apiVersion)} ${String(cfg.kind)}`);
      continue;
    }
    const validate = validatorFor(FRRK8S_API_VERSION, 'FRRConfiguration')!;
    if (!validateStructure(validate, cfg, diags)) continue;
    parts.push(readConfig(cfg, ref, diags));
  }

  const profiles = mergeBFDProfiles(parts, diags);
  const routers = mergeRouters(parts, diags);
  const raw = parts
    .filter((p) => p.raw)
    .map((p) => p.raw as RawSnippet)
    .sort(compareRaw);

  const diagnostics = diags.list;
  if (diags.hasErrors) return { diagnostics };
  return { merged: { sources: parts.map((p) => p.ref), routers, bfdProfiles: profiles, raw }, diagnostics };
}

/**
 * For the KRM function: the problems frr-k8s would find merging these
 * configurations on one node. No Secret is read; passwordSecret references
 * agree when they name the same Secret.
 */
export function checkCompatible(configs: readonly KubeObject[]): Diagnostic[] {
  return merge(configs).diagnostics;
}

/**
 * The merge order: namespace, then name. One that is absent, or no string (a
 * file can hold a map there, which no comparison can turn into text), counts
 * as empty; validation reports it.
 */
export function compareConfigs(a: KubeObject, b: KubeObject): number {
  return compareStrings(text(a.metadata?.namespace), text(b.metadata?.namespace)) || compareStrings(text(a.metadata?.name), text(b.metadata?.name));
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Raw snippets: by priority, then the configuration's name (an absent one
 * counts as empty), then its namespace: they come in merge order (namespace,
 * then name) and the sort is stable.
 */
function compareRaw(a: RawSnippet, b: RawSnippet): number {
  const [x, y] = [a, b].map((s) => s.origin.ref.name ?? '');
  return a.priority - b.priority || compareStrings(x, y);
}

// ----------------------------------------------------------- BFD profiles ---

function mergeBFDProfiles(parts: ConfigPart[], diags: Diagnostics): MergedBFDProfile[] {
  const byName = new Map<string, MergedBFDProfile>();
  for (const part of parts) {
    for (const p of part.bfdProfiles) {
      const first = byName.get(p.name);
      if (!first) {
        byName.set(p.name, p);
        continue;
      }
      const differences = BFD_SETTINGS.filter((f) => first[f] !== p[f]).map((f) => `${f} ${show(p[f])} vs ${show(first[f])}`);
      if (differences.length > 0) {
        diags.error(p.origin.ref, p.origin.field, `BFD profile "${p.name}" differs from the one in ${describeOrigin(first.origin)} (${differences.join(', ')}); profiles with one name must be equal`);
      }
    }
  }
  return [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));
}

const show = (v: unknown): string => (v === undefined ? 'unset' : String(v));

// ---------------------------------------------------------------- routers ---

interface RouterAcc {
  vrf: string;
  asn: { value: number; origin: Origin };
  routerId?: { value: string; origin: Origin };
  prefixes: Set<string>;
  imports: Set<string>;
  neighbors: Map<string, NeighborAcc>;
  origins: Origin[];
}

function mergeRouters(parts: ConfigPart[], diags: Diagnostics): MergedRouter[] {
  const byVRF = new Map<string, RouterAcc>();
  for (const part of parts) {
    for (const r of part.routers) {
      const acc = byVRF.get(r.vrf);
      if (!acc) {
        const fresh: RouterAcc = {
          vrf: r.vrf,
          asn: { value: r.asn, origin: { ref: r.ref, field: `${r.path}.asn` } },
          prefixes: new Set(),
          imports: new Set(),
          neighbors: new Map(),
          origins: [],
        };
        byVRF.set(r.vrf, fresh);
        addRouter(fresh, r, diags);
      } else if (acc.asn.value !== r.asn) {
        diags.error(r.ref, `${r.path}.asn`, `router ASN ${r.asn} for ${vrfName(r.vrf)} conflicts with ASN ${acc.asn.value} in ${describeOrigin(acc.asn.origin)}; one VRF has one ASN`);
      } else {
        addRouter(acc, r, diags);
      }
    }
  }
  return [...byVRF.values()]
    .sort((a, b) => compareStrings(a.vrf, b.vrf))
    .map((acc) => ({
      vrf: acc.vrf,
      asn: acc.asn.value,
      ...(acc.routerId ? { routerId: acc.routerId.value } : {}),
      prefixes: sortPrefixes(acc.prefixes),
      imports: [...acc.imports].map((v) => (v === '' ? 'default' : v)).sort(compareStrings),
      neighbors: [...acc.neighbors.values()].map(finishNeighbor).sort(compareNeighbors),
      origins: acc.origins,
    }));
}

const vrfName = (vrf: string): string => (vrf ? `VRF ${vrf}` : 'the default VRF');

function addRouter(acc: RouterAcc, r: RouterPart, diags: Diagnostics): void {
  acc.origins.push({ ref: r.ref, field: r.path });
  if (r.routerId) {
    if (!acc.routerId) acc.routerId = { value: r.routerId, origin: { ref: r.ref, field: `${r.path}.id` } };
    else if (acc.routerId.value !== r.routerId) {
      diags.error(r.ref, `${r.path}.id`, `router ID ${r.routerId} for ${vrfName(r.vrf)} conflicts with router ID ${acc.routerId.value} in ${describeOrigin(acc.routerId.origin)}`);
    }
  }
  for (const p of r.prefixes) acc.prefixes.add(p);
  for (const v of r.imports) acc.imports.add(v);
  for (const n of r.neighbors) {
    const key = `${n.kind}:${n.peer}`;
    const existing = acc.neighbors.get(key);
    if (!existing) acc.neighbors.set(key, newNeighbor(n, r.vrf));
    else mergeNeighbor(existing, n, diags);
  }
}

// -------------------------------------------------------------- neighbours ---

/** A value with where it was first set (or first defaulted). */
interface Slot<T> {
  value: T;
  explicit: boolean;
  origin: Origin;
}

/** A neighbour's session settings, each with where it was set. */
interface Settings {
  asn: Slot<PeerASN>;
  family: Slot<NeighborFamily>;
  localASN: Slot<number | undefined>;
  port: Slot<number>;
  holdTime: Slot<number>;
  keepaliveTime: Slot<number>;
  connectTime: Slot<number>;
  ebgpMultiHop: Slot<boolean>;
  sourceAddress: Slot<string | undefined>;
  password: Slot<PasswordSpec | undefined>;
  /** Unset agrees with anything. */
  gracefulRestart?: Slot<boolean>;
  bfdProfile?: Slot<string>;
  nextHopV4?: Slot<string>;
  nextHopV6?: Slot<string>;
}

interface NeighborAcc extends Settings {
  vrf: string;
  peer: string;
  kind: 'address' | 'interface';
  advertise: Set<string>;
  localPrefs: Map<string, { localPref: number; origin: Origin }>;
  communities: Map<string, { community: ParsedCommunity; prefixes: Set<string> }>;
  receiveAll: boolean;
  receive: Map<string, PrefixFilter>;
  origins: Origin[];
}

function settingsOf(n: NeighborPart): Settings {
  const slot = <T>(field: string, v: Valued<T>): Slot<T> => ({
    value: v.value,
    explicit: v.explicit,
    origin: { ref: n.ref, field: v.explicit ? `${n.path}.${field}` : n.path },
  });
  // Stryker disable next-line BooleanLiteral: equivalent: set() makes the slots only either() compares and describes, and it never reads explicit
  const set = <T>(value: T, field: string): Slot<T> => ({ value, explicit: true, origin: { ref: n.ref, field } });
  const s: Settings = {
    asn: slot(n.asn === 'internal' || n.asn === 'external' ? 'dynamicASN' : 'asn', { value: n.asn, explicit: true }),
    family: slot('dualStackAddressFamily', { value: n.family, explicit: n.dualStack }),
    localASN: slot('localASN', n.localASN),
    port: slot('port', n.port),
    holdTime: slot('holdTime', n.holdTime),
    keepaliveTime: slot('keepaliveTime', n.keepaliveTime),
    connectTime: slot('connectTime', n.connectTime),
    ebgpMultiHop: slot('ebgpMultiHop', n.ebgpMultiHop),
    sourceAddress: slot('sourceaddress', n.sourceAddress),
    password: slot(n.password.value?.kind === 'secret' ? 'passwordSecret' : 'password', n.password),
  };
  if (n.gracefulRestart !== undefined) s.gracefulRestart = set(n.gracefulRestart, `${n.path}.enableGracefulRestart`);
  if (n.bfdProfile !== undefined) s.bfdProfile = set(n.bfdProfile, `${n.path}.bfdProfile`);
  if (n.nextHopV4) s.nextHopV4 = set(n.nextHopV4.value, n.nextHopV4.field);
  if (n.nextHopV6) s.nextHopV6 = set(n.nextHopV6.value, n.nextHopV6.field);
  return s;
}

function newNeighbor(n: NeighborPart, vrf: string): NeighborAcc {
  const acc: NeighborAcc = {
    vrf,
    peer: n.peer,
    kind: n.kind,
    ...settingsOf(n),
    advertise: new Set(),
    localPrefs: new Map(),
    communities: new Map(),
    receiveAll: false,
    receive: new Map(),
    origins: [],
  };
  unite(acc, n);
  return acc;
}

function mergeNeighbor(acc: NeighborAcc, n: NeighborPart, diags: Diagnostics): void {
  const who = describeNeighbor(acc.peer, acc.vrf);
  const s = settingsOf(n);
  let compatible = true;
  // Settings that must agree; `label` names the setting in the message.
  const must = <T>(
    label: string,
    existing: Slot<T>,
    incoming: Slot<T>,
    same: (a: T, b: T) => boolean = (a, b) => a === b,
    text: (v: T, explicit: boolean) => string = (v, explicit) => `${String(v)}${explicit ? '' : ' (the default)'}`,
  ): void => {
    if (same(existing.value, incoming.value)) return;
    compatible = false;
    diags.error(
      incoming.origin.ref,
      incoming.origin.field,
      `${who}: conflicting ${label}: ${text(incoming.value, incoming.explicit)} here, ${text(existing.value, existing.explicit)} in ${describeOrigin(existing.origin)}; merged neighbors must agree`,
    );
  };
  // Settings where unset agrees with anything; the first value set wins
  // (taken only if the neighbour merges).
  const assignments: Array<() => void> = [];
  const either = <K extends 'gracefulRestart' | 'bfdProfile' | 'nextHopV4' | 'nextHopV6'>(label: string, key: K): void => {
    const incoming = s[key];
    const existing = acc[key];
    if (!incoming) return;
    if (existing) must(label, existing as Slot<unknown>, incoming as Slot<unknown>, undefined, (v) => String(v));
    else assignments.push(() => ((acc as Settings)[key] = incoming));
  };

  must('asn', acc.asn, s.asn, undefined, (v) => (typeof v === 'number' ? String(v) : `dynamicASN ${v}`));
  must('address families', acc.family, s.family, undefined, (v) => (v === 'dual' ? 'IPv4 and IPv6 (dualStackAddressFamily)' : `${v === 'ipv4' ? 'IPv4' : 'IPv6'} only`));
  must('localASN', acc.localASN, s.localASN, undefined, (v) => (v === undefined ? 'unset' : String(v)));
  must('port', acc.port, s.port);
  must('holdTime', acc.holdTime, s.holdTime, undefined, seconds);
  must('keepaliveTime', acc.keepaliveTime, s.keepaliveTime, undefined, seconds);
  must('connectTime', acc.connectTime, s.connectTime, undefined, seconds);
  must('ebgpMultiHop', acc.ebgpMultiHop, s.ebgpMultiHop, undefined, (v, explicit) => `${v}${explicit ? '' : ' (unset)'}`);
  must('source address', acc.sourceAddress, s.sourceAddress, undefined, (v) => v ?? 'unset');
  const bothCleartext = acc.password.value?.kind === 'text' && s.password.value?.kind === 'text';
  must('password', acc.password, s.password, samePassword, (v) => (bothCleartext && v === s.password.value ? 'a cleartext password' : bothCleartext ? 'a different one' : describePassword(v)));
  either('enableGracefulRestart', 'gracefulRestart');
  either('bfdProfile', 'bfdProfile');
  either('IPv4 next hop', 'nextHopV4');
  either('IPv6 next hop', 'nextHopV6');

  // One local preference per prefix.
  for (const [prefix, lp] of n.localPrefs) {
    const other = acc.localPrefs.get(prefix);
    if (other && other.localPref !== lp.localPref) {
      compatible = false;
      diags.error(n.ref, `${n.path}.${lp.field}`, `${who}: prefix ${prefix} has local preference ${lp.localPref} here and ${other.localPref} in ${describeOrigin(other.origin)}; a prefix has one local preference per neighbor`);
    }
  }
  if (!compatible) return;
  for (const assign of assignments) assign();
  unite(acc, n);
}

/** Adds what a neighbour advertises and accepts (the parts that unite). */
function unite(acc: NeighborAcc, n: NeighborPart): void {
  acc.origins.push({ ref: n.ref, field: n.path });
  for (const p of n.advertiseV4) acc.advertise.add(p);
  for (const p of n.advertiseV6) acc.advertise.add(p);
  for (const [prefix, lp] of n.localPrefs) {
    if (!acc.localPrefs.has(prefix)) acc.localPrefs.set(prefix, { localPref: lp.localPref, origin: { ref: n.ref, field: `${n.path}.${lp.field}` } });
  }
  for (const [value, c] of n.communities) {
    const entry = acc.communities.get(value) ?? { community: c.community, prefixes: new Set<string>() };
    for (const p of c.prefixes) entry.prefixes.add(p);
    acc.communities.set(value, entry);
  }
  acc.receiveAll ||= n.receiveAll;
  for (const f of n.receive) acc.receive.set(filterKey(f), f);
}

const seconds = (v: number, explicit: boolean): string => `${v}s${explicit ? '' : ' (the default)'}`;

function samePassword(a: PasswordSpec | undefined, b: PasswordSpec | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'text' && b.kind === 'text') return a.text.equals(b.text);
  if (a.kind === 'secret' && b.kind === 'secret') return a.namespace === b.namespace && a.name === b.name;
  return false;
}

/** Never the password itself. */
function describePassword(p: PasswordSpec | undefined): string {
  if (!p) return 'none';
  if (p.kind === 'secret') return `from Secret ${p.namespace}/${p.name}`;
  return 'a cleartext password';
}

// Stryker disable next-line StringLiteral: equivalent: the key only tells filters apart, and no number prints as any placeholder text
const filterKey = (f: PrefixFilter): string => `${f.prefix} ${f.ge ?? ''} ${f.le ?? ''}`;

// Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent while the schema gives every withCommunity entry a prefix (a bad one is an error)
const hasPrefixes = (c: { v4: string[]; v6: string[] }): boolean => c.v4.length + c.v6.length > 0;

function finishNeighbor(acc: NeighborAcc): MergedNeighbor {
  const split = (ps: Iterable<string>) => {
    const sorted = sortPrefixes(ps);
    return { v4: sorted.filter((p) => !p.includes(':')), v6: sorted.filter((p) => p.includes(':')) };
  };
  const allowed = split(acc.advertise);
  const byLocalPref = new Map<number, string[]>();
  for (const [prefix, { localPref }] of acc.localPrefs) {
    const list = byLocalPref.get(localPref) ?? [];
    list.push(prefix);
    byLocalPref.set(localPref, list);
  }
  const localPrefs = [...byLocalPref.entries()].sort(([a], [b]) => a - b).map(([localPref, ps]) => ({ localPref, ...split(ps) }));
  const communities = [...acc.communities.values()]
    .sort((a, b) => compareCommunities(a.community, b.community))
    .map(({ community, prefixes }) => ({
      value: community.large ? community.parts.join(':') : community.value,
      large: community.large,
      ...split(prefixes),
    }))
    .filter(hasPrefixes);
  const receiveFilters = [...acc.receive.values()];
  const sortedFilters = sortPrefixes(receiveFilters.map((f) => f.prefix));
  const rank = new Map(sortedFilters.map((p, i) => [p, i]));
  receiveFilters.sort((a, b) => rank.get(a.prefix)! - rank.get(b.prefix)! || (a.ge ?? 0) - (b.ge ?? 0) || (a.le ?? 0) - (b.le ?? 0));

  const n: MergedNeighbor = {
    peer: acc.peer,
    kind: acc.kind,
    family: acc.family.value,
    asn: acc.asn.value,
    ebgpMultiHop: acc.ebgpMultiHop.value,
    gracefulRestart: acc.gracefulRestart?.value ?? false,
    advertise: {
      v4: allowed.v4,
      v6: allowed.v6,
      localPrefs,
      communities,
      ...(acc.nextHopV4 ? { nextHopV4: acc.nextHopV4.value } : {}),
      ...(acc.nextHopV6 ? { nextHopV6: acc.nextHopV6.value } : {}),
    },
    receive: acc.receiveAll
      ? { all: true, v4: [], v6: [] }
      : { all: false, v4: receiveFilters.filter((f) => !f.prefix.includes(':')), v6: receiveFilters.filter((f) => f.prefix.includes(':')) },
    origins: acc.origins,
  };
  if (acc.localASN.value !== undefined) n.localASN = acc.localASN.value;
  if (acc.port.value !== DEFAULT_PORT) n.port = acc.port.value;
  if (acc.holdTime.value !== DEFAULT_HOLD_TIME || acc.keepaliveTime.value !== DEFAULT_KEEPALIVE_TIME) {
    n.holdTime = acc.holdTime.value;
    n.keepaliveTime = acc.keepaliveTime.value;
  }
  if (acc.connectTime.value !== DEFAULT_CONNECT_TIME) n.connectTime = acc.connectTime.value;
  if (acc.bfdProfile) n.bfdProfile = acc.bfdProfile.value;
  if (acc.sourceAddress.value !== undefined) n.sourceAddress = acc.sourceAddress.value;
  if (acc.password.value) n.password = acc.password.value;
  return n;
}

/** Addresses (numerically, IPv4 first), then interfaces by name. */
function compareNeighbors(a: MergedNeighbor, b: MergedNeighbor): number {
  if (a.kind !== b.kind) return a.kind === 'address' ? -1 : 1;
  return a.kind === 'address' ? compareAddresses(a.peer, b.peer) : compareStrings(a.peer, b.peer);
}

export type { ObjectRef };
