// The diff of two revisions at the BGP level: every node (or node selector
// group) of either revision, its old and new model, their changes; nodes
// with identical changes grouped. Work is done once per distinct merge and
// once per distinct pair of models, so 1,000 nodes that run the same thing
// cost about what one does.
import type { Diagnostic } from '../api/diagnostic.ts';
import type { LabelSelector } from '../api/k8s.ts';
import { compareStrings } from '../api/order.ts';
import type { Labels } from '../api/selector.ts';
import type { Merged, SecretSource } from '../frr/index.ts';
import { diffModels, isEmpty, type NodeChanges } from './changes.ts';
import { EMPTY_MODEL, modelKey, nodeModel, type NodeModel } from './model.ts';
import { describeSelector, type View } from '../frr/views.ts';

export interface DiffSide {
  views: View[];
  secrets: SecretSource;
}

export interface ChangeGroup {
  /** Node names (or group names), sorted. */
  members: string[];
  /** "node n1", "12 nodes with rack=r1", "nodes matching rack=r1". */
  description: string;
  changes: NodeChanges;
}

export interface Totals {
  /** Nodes (or groups) compared. */
  compared: number;
  /** Nodes (or groups) with a change. */
  changed: number;
  sessionsAdded: number;
  sessionsRemoved: number;
  sessionsChanged: number;
  /** Prefix announcements (node, neighbour, prefix) added and withdrawn. */
  prefixesAnnounced: number;
  prefixesWithdrawn: number;
  /** Prefix announcements in the old revision (the base of --max-withdrawn P%). */
  prefixesBefore: number;
  /** Nodes that had a session and have none. */
  isolated: string[];
}

export interface DiffResult {
  by: 'node' | 'nodeSelector';
  groups: ChangeGroup[];
  totals: Totals;
  /** Merge problems, by revision and node; any error makes the diff fail. */
  problems: Array<{ side: 'old' | 'new'; view: string; diagnostic: Diagnostic }>;
}

export function diffRevisions(by: 'node' | 'nodeSelector', old: DiffSide, neu: DiffSide): DiffResult {
  const problems: DiffResult['problems'] = [];
  // Equal models get one small number (their full key is long: hashing it
  // once per node would cost more than the rest of the diff).
  const modelIds = new Map<string, number>([[modelKey(EMPTY_MODEL), 0]]);
  const modelsOf = (side: DiffSide, name: 'old' | 'new') => {
    const cache = new WeakMap<Merged, { model: NodeModel; key: number }>();
    const out = new Map<string, { view: View; model: NodeModel; key: number }>();
    for (const v of side.views) {
      for (const d of v.diagnostics) problems.push({ side: name, view: v.name, diagnostic: d });
      let m = v.merged ? cache.get(v.merged) : undefined;
      if (!m) {
        const model = v.merged ? nodeModel(v.merged, side.secrets) : EMPTY_MODEL;
        const text = modelKey(model);
        let id = modelIds.get(text);
        if (id === undefined) modelIds.set(text, (id = modelIds.size));
        m = { model, key: id };
        if (v.merged) cache.set(v.merged, m);
      }
      out.set(v.key, { view: v, ...m });
    }
    return out;
  };
  const a = modelsOf(old, 'old');
  const b = modelsOf(neu, 'new');
  const emptyKey = 0;
  const keys = [...new Set([...a.keys(), ...b.keys()])];

  const byPair = new Map<string, { changes: NodeChanges; members: View[] }>();
  const totals: Totals = { compared: keys.length, changed: 0, sessionsAdded: 0, sessionsRemoved: 0, sessionsChanged: 0, prefixesAnnounced: 0, prefixesWithdrawn: 0, prefixesBefore: 0, isolated: [] };
  const pairs = new Map<string, NodeChanges>();
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    const view = (y ?? x)!.view;
    const xm = x?.model ?? EMPTY_MODEL;
    const ym = y?.model ?? EMPTY_MODEL;
    totals.prefixesBefore += announcements(xm);
    const pairKey = `${x?.key ?? emptyKey}|${y?.key ?? emptyKey}`;
    let changes = pairs.get(pairKey);
    if (!changes) pairs.set(pairKey, (changes = diffModels(xm, ym)));
    if (isEmpty(changes)) continue;
    totals.changed++;
    count(changes, totals);
    if (sessions(xm) > 0 && sessions(ym) === 0) totals.isolated.push(view.name);
    const g = byPair.get(pairKey) ?? { changes, members: [] };
    g.members.push(view);
    byPair.set(pairKey, g);
  }
  // Groups whose changes are equal (from different pairs of models) are one.
  const merged = new Map<string, { changes: NodeChanges; members: View[] }>();
  for (const g of byPair.values()) {
    const k = JSON.stringify(g.changes);
    const e = merged.get(k);
    if (e) for (const m of g.members) e.members.push(m);
    else merged.set(k, { changes: g.changes, members: [...g.members] });
  }
  const allViews = [...a.values(), ...b.values()].map((x) => x.view);
  const groups = [...merged.values()]
    .map((g) => ({ members: g.members.map((v) => v.name).sort(compareStrings), description: describeMembers(by, g.members, allViews), changes: g.changes }))
    .sort((x, y) => y.members.length - x.members.length || compareStrings(x.members[0], y.members[0]));
  totals.isolated.sort(compareStrings);
  return { by, groups, totals, problems };
}

function sessions(m: NodeModel): number {
  let n = 0;
  for (const r of m.routers) n += r.neighbors.length;
  return n;
}

function announcements(m: NodeModel): number {
  let n = 0;
  for (const r of m.routers) for (const nb of r.neighbors) n += nb.prefixes.length;
  return n;
}

function count(c: NodeChanges, t: Totals): void {
  for (const r of c.routers) {
    for (const n of r.neighbors) {
      if (n.change === 'added') t.sessionsAdded++;
      else if (n.change === 'removed') t.sessionsRemoved++;
      else if (n.session.length > 0) t.sessionsChanged++;
      t.prefixesAnnounced += n.announced.length;
      t.prefixesWithdrawn += n.withdrawn.length;
    }
  }
}

/**
 * Names a group of nodes: one node by name; several by the labels they all
 * share and no other node has ("12 nodes with rack=r1"), else by name ("3
 * nodes: a, b, c"; the first five and a count). Selector groups by their
 * selectors.
 */
function describeMembers(by: DiffResult['by'], members: View[], all: View[]): string {
  if (by === 'nodeSelector') return members.map((v) => describeSelector(v.selector as LabelSelector)).join('; ');
  if (members.length === 1) return `node ${members[0].name}`;
  const names = new Set(members.map((m) => m.name));
  const common = commonLabels(members.map((m) => m.labels ?? {}));
  const others = all.filter((v) => !names.has(v.name));
  const telling = Object.entries(common).filter(([k]) => k !== 'kubernetes.io/hostname').filter(([k, v]) => !others.some((o) => o.labels?.[k] === v));
  if (telling.length > 0) return `${members.length} nodes with ${telling.map(([k, v]) => `${k}=${v}`).join(', ')}`;
  if (others.length === 0) return `all ${members.length} nodes`;
  const sorted = [...names].sort(compareStrings);
  return `${members.length} nodes: ${sorted.slice(0, 5).join(', ')}${sorted.length > 5 ? ` and ${sorted.length - 5} more` : ''}`;
}

function commonLabels(sets: Labels[]): Record<string, string> {
  if (sets.length === 0) return {};
  const out: Record<string, string> = { ...sets[0] };
  for (const s of sets.slice(1)) for (const k of Object.keys(out)) if (s[k] !== out[k]) delete out[k];
  return out;
}
