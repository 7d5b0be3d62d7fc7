// What each node runs: the FRRConfigurations selecting a node, merged
// exactly as the node agent merges them (selectForNode + merge), for the
// review tools (diff, explain) and the function's preview. With nodes (Node
// objects or a node list) there is one view per node. Without, one per node
// selector: the configurations written with that nodeSelector, merged (a node
// gets every group its labels match; which ones cannot be known without its
// labels).
//
// Nodes mostly run the same thing, so a merge is done once per distinct
// content: a node's key is the list of its configurations' contents (spec
// without nodeSelector) in merge order, and nodes with one key share the
// merge (unless it reported anything: then each node gets its own, so that
// messages name that node's objects).
import type { Diagnostic } from '../api/diagnostic.ts';
import { HOSTNAME_LABEL, objectKey, refOf, type KubeObject, type LabelSelector, type ObjectRef } from '../api/k8s.ts';
import { compareStrings } from '../api/order.ts';
import { canonicalSelector, type Labels } from '../api/selector.ts';
import { compareConfigs, merge } from './merge.ts';
import type { Merged } from './model.ts';
import { checkedSelector, nodeSelection, type NodeInfo } from './select.ts';

export interface View {
  /** What pairs views across revisions: the node's name, or the group's canonical selector. */
  key: string;
  /** The node's name, or the group's. */
  name: string;
  /** With nodes: the node's labels. */
  labels?: Labels;
  /** Without nodes: the group's node selector. */
  selector?: LabelSelector;
  /** The configurations merged, in merge order. */
  sources: ObjectRef[];
  /** Absent when the merge failed (diagnostics say why). */
  merged?: Merged;
  diagnostics: Diagnostic[];
}

/** One view per node. */
export function nodeViews(configs: readonly KubeObject[], nodes: readonly NodeInfo[]): View[] {
  const select = nodeSelection(configs);
  const content = contentIds();
  const shared = new Map<string, Merged>();
  return nodes.map((node) => {
    const labels = { [HOSTNAME_LABEL]: node.name, ...node.labels };
    const selection = select({ name: node.name, labels });
    const ordered = [...selection.selected].sort(compareConfigs);
    const sources = ordered.map((c) => refOf(c));
    const view = { key: node.name, name: node.name, labels, sources };
    if (selection.diagnostics.length > 0) return { ...view, diagnostics: selection.diagnostics };
    const contentKey = ordered.map(content).join(',');
    const hit = shared.get(contentKey);
    if (hit) return { ...view, merged: hit, diagnostics: [] };
    const m = merge(ordered);
    if (m.merged && m.diagnostics.length === 0) shared.set(contentKey, m.merged);
    return { ...view, ...(m.merged ? { merged: m.merged } : {}), diagnostics: m.diagnostics };
  });
}

/**
 * One view per distinct node selector. A configuration whose selector cannot
 * be evaluated (a wrong shape, an unknown operator) is a view of its own,
 * with the error: it would fail every node it reaches.
 */
export function selectorViews(configs: readonly KubeObject[]): View[] {
  const groups = new Map<string, { selector?: LabelSelector; configs: KubeObject[]; diagnostics: Diagnostic[] }>();
  for (const c of configs) {
    const checked = checkedSelector(c);
    if (!checked.ok) {
      const ref = refOf(c);
      const diagnostics: Diagnostic[] = checked.problem.map((p) => ({ severity: 'error', ref, ...(p.field ? { field: p.field } : {}), message: `${p.message}; the selector cannot be evaluated` }));
      groups.set(`!${objectKey(c)}`, { configs: [c], diagnostics });
      continue;
    }
    const selector = checked.value ?? {};
    const key = canonicalSelector(selector);
    const g = groups.get(key) ?? { selector, configs: [], diagnostics: [] };
    g.configs.push(c);
    groups.set(key, g);
  }
  // Names are handed out in the order of the selectors, not of the input.
  const names = new Set<string>();
  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, g]) => ({ key, ...g, name: uniqueName(g.selector ? groupName(g.selector) : 'invalid-selector', names) }))
    .sort((a, b) => compareStrings(a.name, b.name))
    .map(({ key, name, selector, configs: cs, diagnostics }) => {
      const ordered = [...cs].sort(compareConfigs);
      const sources = ordered.map((c) => refOf(c));
      if (!selector) return { key, name, sources, diagnostics };
      const m = merge(ordered);
      return { key, name, selector, sources, ...(m.merged ? { merged: m.merged } : {}), diagnostics: m.diagnostics };
    });
}

/**
 * A small number per distinct configuration content (spec without
 * nodeSelector). Compiled per-node configurations share one spec.bgp object
 * among nodes that run the same thing: that object stands for its content
 * without being serialised again.
 */
function contentIds(): (c: KubeObject) => number {
  const ids = new Map<string, number>();
  const byObject = new WeakMap<KubeObject, number>();
  const byBgp = new WeakMap<object, Map<string, number>>();
  return (c) => {
    let id = byObject.get(c);
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: a cache; without it the same id is found again
    if (id !== undefined) return id;
    const { rest, bgp } = contentOf(c.spec);
    const type = JSON.stringify([c.apiVersion, c.kind]);
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent: a cache; without it the same id is found again by content
    id = bgp ? byBgp.get(bgp)?.get(type) : undefined;
    if (id === undefined) {
      const key = JSON.stringify([c.apiVersion, c.kind, rest]);
      id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: filling the cache above; without it the same id is found again by content
      if (bgp) {
        const m = byBgp.get(bgp) ?? new Map<string, number>();
        m.set(type, id);
        byBgp.set(bgp, m);
      }
    }
    byObject.set(c, id);
    return id;
  };
}

/**
 * A spec's content: without its nodeSelector; a spec that is no map (the
 * merge refuses it) stays itself. `bgp`: spec.bgp when it is all the content.
 */
function contentOf(spec: unknown): { rest: unknown; bgp?: object } {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,ObjectLiteral: equivalent: a configuration without spec selects every node, so no other content needs to equal its own
  if (spec === undefined || spec === null) return { rest: {} };
  // Stryker disable next-line ConditionalExpression,BlockStatement,ObjectLiteral: equivalent: a spec that is no map has no selector, so it is in every node's merge, which it fails (and a failed merge is not shared)
  if (!isMap(spec)) return { rest: spec };
  const { nodeSelector: _ignored, ...rest } = spec;
  return Object.keys(rest).length === 1 && isMap(rest.bgp) ? { rest, bgp: rest.bgp } : { rest };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A readable name for a node selector group: "all-nodes" for the empty one,
 * "rack-r1" for matchLabels {rack: r1}, "selector-N" otherwise.
 */
export function groupName(sel: LabelSelector): string {
  const labels = Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => compareStrings(a, b));
  const exprs = sel.matchExpressions ?? [];
  if (labels.length === 0 && exprs.length === 0) return 'all-nodes';
  if (exprs.length > 0) return 'selector';
  const name = labels
    .map(([k, v]) => `${k.slice(k.lastIndexOf('/') + 1)}-${v}`)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return name || 'selector';
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/** How a view is named in output: "node n1", "nodes matching rack=r1". */
export function describeSelector(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {})
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${values})`);
  }
  return parts.length === 0 ? 'every node' : `nodes matching ${parts.join(', ')}`;
}
