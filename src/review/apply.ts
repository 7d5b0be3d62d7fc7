// "Old plus the changes": applies a node's changes to its old model. The
// result is the new model (the property test holds diffModels to that), so
// the changes say everything that differs and nothing else.
import type { NodeChanges, RouterChange, NeighborChange, FieldChange } from './changes.ts';
import type { NeighborModel, NodeModel, PrefixModel, RouterModel, SessionModel } from './model.ts';
import { compareAddresses } from '../api/ip.ts';

export function applyChanges(old: NodeModel, changes: NodeChanges): NodeModel {
  const routers = new Map(old.routers.map((r) => [`${r.vrf}\u0000${r.asn}`, r]));
  for (const c of changes.routers) {
    const key = `${c.vrf}\u0000${c.asn}`;
    if (c.change === 'removed') routers.delete(key);
    else routers.set(key, applyRouter(routers.get(key), c));
  }
  const profiles = new Map(old.bfdProfiles.map((p) => [p.name, p]));
  for (const c of changes.bfdProfiles) {
    if (c.change === 'removed') profiles.delete(c.name);
    else profiles.set(c.name, withFields({ ...(profiles.get(c.name) ?? { name: c.name, echoMode: false, passiveMode: false }) }, c.fields));
  }
  return {
    routers: [...routers.values()].sort((a, b) => (a.vrf < b.vrf ? -1 : a.vrf > b.vrf ? 1 : a.asn - b.asn)),
    bfdProfiles: [...profiles.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    raw: changes.raw ? changes.raw.new : old.raw,
  };
}

function withFields<T extends object>(target: T, fields: FieldChange[]): T {
  const t = target as Record<string, unknown>;
  for (const f of fields) {
    if (f.new === undefined) delete t[f.field];
    else t[f.field] = f.new;
  }
  return target;
}

function applyRouter(old: RouterModel | undefined, c: RouterChange): RouterModel {
  const r = withFields<RouterModel>(old ? { ...old } : { vrf: c.vrf, asn: c.asn, imports: [], networks: [], neighbors: [] }, c.fields);
  const neighbors = new Map(r.neighbors.map((n) => [`${n.kind}:${n.peer}`, n]));
  for (const n of c.neighbors) {
    const key = `${n.kind}:${n.peer}`;
    if (n.change === 'removed') neighbors.delete(key);
    else neighbors.set(key, applyNeighbor(neighbors.get(key), n));
  }
  r.neighbors = [...neighbors.values()].sort((a, b) => (a.kind !== b.kind ? (a.kind === 'address' ? -1 : 1) : a.kind === 'address' ? compareAddresses(a.peer, b.peer) : a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
  return r;
}

function applyNeighbor(old: NeighborModel | undefined, c: NeighborChange): NeighborModel {
  const session = withFields<SessionModel>({ ...(old?.session ?? ({} as SessionModel)) }, c.session);
  const prefixes = new Map((old?.prefixes ?? []).map((p) => [p.prefix, p]));
  for (const p of c.withdrawn) prefixes.delete(p);
  for (const p of c.announced) prefixes.set(p.prefix, p);
  for (const a of c.attributes) {
    const p: PrefixModel = { ...prefixes.get(a.prefix)! };
    if (a.localPref) {
      if (a.localPref.new === undefined) delete p.localPref;
      else p.localPref = a.localPref.new;
    }
    if (a.communities) p.communities = applySet(p.communities, a.communities);
    if (a.largeCommunities) p.largeCommunities = applySet(p.largeCommunities, a.largeCommunities);
    prefixes.set(a.prefix, p);
  }
  return {
    peer: c.peer,
    kind: c.kind,
    session,
    prefixes: sortPrefixModels([...prefixes.values()]),
    receive: c.receive?.new ?? old?.receive ?? { all: false, filters: [] },
  };
}

/** Communities keep MetalLB's order; the added ones are merged in by that order's key. */
function applySet(list: string[], c: { added: string[]; removed: string[] }): string[] {
  const kept = list.filter((x) => !c.removed.includes(x));
  return [...kept, ...c.added].sort(compareCommunityText);
}

function compareCommunityText(a: string, b: string): number {
  const key = (t: string) => {
    const p = t.split(':').map(Number);
    return p.length === 2 ? [p[0] * 65536 + p[1], 0, 0] : p;
  };
  const x = key(a);
  const y = key(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function sortPrefixModels(ps: PrefixModel[]): PrefixModel[] {
  const v4 = ps.filter((p) => !p.prefix.includes(':'));
  const v6 = ps.filter((p) => p.prefix.includes(':'));
  const byAddress = (a: PrefixModel, b: PrefixModel) => {
    const [aa, al] = a.prefix.split('/');
    const [ba, bl] = b.prefix.split('/');
    return compareAddresses(aa, ba) || Number(al) - Number(bl);
  };
  return [...v4.sort(byAddress), ...v6.sort(byAddress)];
}
