// What changed between two models of one node: per router (VRF, ASN) and
// neighbour, the sessions added and removed, session settings changed,
// prefixes announced and withdrawn, per-prefix attributes changed, receive
// policy changed; the node's BFD profiles and raw configuration. Complete:
// the old model plus these changes is the new model (apply.ts), up to what a
// password is (only whether it changed is known).
//
// A router is identified by VRF and ASN: a new local ASN resets every
// session, so it reads as the sessions removed and added again.
import { BFD_SETTINGS } from '../api/bfd.ts';
import {
  samePassword,
  type NeighborModel,
  type NodeModel,
  type PasswordModel,
  type PrefixModel,
  type RawModel,
  type ReceiveModel,
  type RouterModel,
} from './model.ts';

export type Change = 'added' | 'removed' | 'changed';

/** One setting's old and new value (absent: unset, or no such object). */
export interface FieldChange<T = unknown> {
  field: string;
  old?: T;
  new?: T;
}

export interface AttributeChange {
  prefix: string;
  localPref?: { old?: number; new?: number };
  communities?: { added: string[]; removed: string[] };
  largeCommunities?: { added: string[]; removed: string[] };
}

export interface NeighborChange {
  peer: string;
  kind: 'address' | 'interface';
  change: Change;
  /** Settings that differ; for an added session every setting, for a removed one none. */
  session: FieldChange[];
  /** Prefixes now sent, with their attributes. */
  announced: PrefixModel[];
  /** Prefixes no longer sent. */
  withdrawn: string[];
  /** Prefixes still sent, with other attributes. */
  attributes: AttributeChange[];
  receive?: { old?: ReceiveModel; new?: ReceiveModel };
}

export interface RouterChange {
  vrf: string;
  asn: number;
  change: Change;
  /** routerId, imports, networks. */
  fields: FieldChange[];
  neighbors: NeighborChange[];
}

export interface BFDProfileChange {
  name: string;
  change: Change;
  fields: FieldChange[];
}

export interface NodeChanges {
  routers: RouterChange[];
  bfdProfiles: BFDProfileChange[];
  raw?: { old: RawModel[]; new: RawModel[] };
}

export function isEmpty(c: NodeChanges): boolean {
  return c.routers.length === 0 && c.bfdProfiles.length === 0 && c.raw === undefined;
}

export function diffModels(a: NodeModel, b: NodeModel): NodeChanges {
  const out: NodeChanges = { routers: [], bfdProfiles: [] };
  const routerKey = (r: RouterModel) => `${r.vrf}\u0000${r.asn}`;
  for (const [x, y] of pair(a.routers, b.routers, routerKey)) {
    const c = diffRouter(x, y);
    if (c) out.routers.push(c);
  }
  for (const [x, y] of pair(a.bfdProfiles, b.bfdProfiles, (p) => p.name)) {
    const fields = diffFields(x, y, BFD_SETTINGS);
    if (x && y && fields.length === 0) continue;
    out.bfdProfiles.push({ name: (x ?? y)!.name, change: !x ? 'added' : !y ? 'removed' : 'changed', fields });
  }
  if (!sameRaw(a.raw, b.raw)) out.raw = { old: a.raw, new: b.raw };
  return out;
}

/** Items of two sorted-or-not lists paired by key, in the new list's order, then the removed ones. */
function pair<T>(a: T[], b: T[], key: (t: T) => string): Array<[T | undefined, T | undefined]> {
  const old = new Map(a.map((x) => [key(x), x]));
  const out: Array<[T | undefined, T | undefined]> = [];
  const seen = new Set<string>();
  for (const y of b) {
    const k = key(y);
    seen.add(k);
    out.push([old.get(k), y]);
  }
  for (const x of a) if (!seen.has(key(x))) out.push([x, undefined]);
  return out;
}

const ROUTER_FIELDS = ['routerId', 'imports', 'networks'] as const;
const SESSION_FIELDS = ['asn', 'localASN', 'family', 'port', 'holdTime', 'keepaliveTime', 'connectTime', 'ebgpMultiHop', 'gracefulRestart', 'bfd', 'sourceAddress', 'password', 'nextHopV4', 'nextHopV6'] as const;

function diffRouter(a: RouterModel | undefined, b: RouterModel | undefined): RouterChange | undefined {
  const r = (a ?? b)!;
  const fields = diffFields(a, b, ROUTER_FIELDS);
  const neighbors: NeighborChange[] = [];
  for (const [x, y] of pair(a?.neighbors ?? [], b?.neighbors ?? [], (n) => `${n.kind}:${n.peer}`)) {
    const c = diffNeighbor(x, y);
    if (c) neighbors.push(c);
  }
  if (a && b && fields.length === 0 && neighbors.length === 0) return undefined;
  return { vrf: r.vrf, asn: r.asn, change: !a ? 'added' : !b ? 'removed' : 'changed', fields, neighbors };
}

function diffNeighbor(a: NeighborModel | undefined, b: NeighborModel | undefined): NeighborChange | undefined {
  const n = (a ?? b)!;
  const session = b ? diffFields(a?.session, b.session, SESSION_FIELDS) : [];
  const before = new Map((a?.prefixes ?? []).map((p) => [p.prefix, p]));
  const after = new Set((b?.prefixes ?? []).map((p) => p.prefix));
  const announced: PrefixModel[] = [];
  const attributes: AttributeChange[] = [];
  for (const p of b?.prefixes ?? []) {
    const old = before.get(p.prefix);
    if (!old) announced.push(p);
    else {
      const c = diffAttributes(old, p);
      if (c) attributes.push(c);
    }
  }
  const withdrawn = (a?.prefixes ?? []).filter((p) => !after.has(p.prefix)).map((p) => p.prefix);
  const receiveChanged = b !== undefined && (a === undefined || !sameReceive(a.receive, b.receive));
  if (a && b && session.length === 0 && announced.length === 0 && withdrawn.length === 0 && attributes.length === 0 && !receiveChanged) return undefined;
  const c: NeighborChange = { peer: n.peer, kind: n.kind, change: !a ? 'added' : !b ? 'removed' : 'changed', session, announced, withdrawn, attributes };
  if (receiveChanged) c.receive = { ...(a ? { old: a.receive } : {}), new: b.receive };
  return c;
}

function diffAttributes(a: PrefixModel, b: PrefixModel): AttributeChange | undefined {
  const c: AttributeChange = { prefix: b.prefix };
  if (a.localPref !== b.localPref) c.localPref = { ...(a.localPref !== undefined ? { old: a.localPref } : {}), ...(b.localPref !== undefined ? { new: b.localPref } : {}) };
  const comm = setChange(a.communities, b.communities);
  if (comm) c.communities = comm;
  const large = setChange(a.largeCommunities, b.largeCommunities);
  if (large) c.largeCommunities = large;
  return c.localPref || c.communities || c.largeCommunities ? c : undefined;
}

function setChange(a: string[], b: string[]): { added: string[]; removed: string[] } | undefined {
  const added = b.filter((x) => !a.includes(x));
  const removed = a.filter((x) => !b.includes(x));
  return added.length + removed.length > 0 ? { added, removed } : undefined;
}

/** The fields whose values differ; values are compared as data (passwords by samePassword). */
function diffFields<T>(a: T | undefined, b: T | undefined, fields: ReadonlyArray<keyof T & string>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const x = a?.[f];
    const y = b?.[f];
    const same = f === 'password' ? samePassword(x as PasswordModel | undefined, y as PasswordModel | undefined) : sameValue(x, y);
    if (same) continue;
    const c: FieldChange = { field: f };
    if (x !== undefined) c.old = x;
    if (y !== undefined) c.new = y;
    out.push(c);
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function sameReceive(a: ReceiveModel, b: ReceiveModel): boolean {
  return a.all === b.all && sameValue(a.filters, b.filters);
}

function sameRaw(a: RawModel[], b: RawModel[]): boolean {
  return sameValue(a, b);
}

