// A diff as the command reports it: the two revisions, how nodes were
// found, the result, the guards, and the exit status that goes with them
// (diff(1)'s 0 no change, 1 changes, plus 3 when a guard trips).
import { formatDiagnostic } from '../api/diagnostic.ts';
import { compareStrings } from '../api/order.ts';
import type { NodeInfo } from '../frr/index.ts';
import { nodeViews, selectorViews } from '../frr/views.ts';
import { diffRevisions, type DiffResult } from './diff.ts';
import { checkGuards, type GuardResult, type Guards } from './guards.ts';
import { configsOf, type Revision } from './revision.ts';

/** Version of the JSON output's schema (README "metallb-frr diff --output json"). */
export const DIFF_JSON_VERSION = 1;

export interface RevisionInfo {
  /** As given on the command line: a directory, file, - or git:REV:PATH. */
  source: string;
  /** What it held: MetalLB resources (compiled), or FRRConfigurations as they are. */
  input: 'metallb' | 'frrconfigurations';
}

export interface DiffReport {
  old: RevisionInfo;
  new: RevisionInfo;
  /** Where nodes came from, when compared per node. */
  nodesFrom?: string;
  result: DiffResult;
  guards: GuardResult[];
}

/**
 * The report on two revisions, or the errors that stop it (one line each: a
 * revision whose configurations do not merge on a node or group). `listed`:
 * the nodes of --nodes.
 */
export function diffReport(old: Revision, neu: Revision, listed: NodeInfo[] | undefined, guards: Guards): { report: DiffReport } | { errors: string[] } {
  const nodes = nodeLists(old, neu, listed);
  const oldConfigs = configsOf(old);
  const newConfigs = configsOf(neu);
  const result = nodes
    ? diffRevisions('node', { views: nodeViews(oldConfigs, nodes.old), secrets: old.secrets }, { views: nodeViews(newConfigs, nodes.new), secrets: neu.secrets })
    : diffRevisions('nodeSelector', { views: selectorViews(oldConfigs), secrets: old.secrets }, { views: selectorViews(newConfigs), secrets: neu.secrets });
  const errors = result.problems.filter((p) => p.diagnostic.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((p) => `error: ${p.side === 'old' ? 'OLD' : 'NEW'} ${result.by === 'node' ? 'node' : 'group'} ${p.view}: ${formatDiagnostic(p.diagnostic).replace(/^error: /, '')}`);
    return { errors: [...new Set(lines)] };
  }
  return {
    report: {
      old: { source: old.source, input: old.input },
      new: { source: neu.source, input: neu.input },
      ...(nodes ? { nodesFrom: nodes.from } : {}),
      result,
      guards: checkGuards(result, guards),
    },
  };
}

/**
 * The nodes each revision is judged on: --nodes for both; else each
 * revision's own Node objects, a node missing from one taken from the other
 * (its labels as the other has them); none anywhere: per node selector.
 */
function nodeLists(old: Revision, neu: Revision, listed: NodeInfo[] | undefined): { old: NodeInfo[]; new: NodeInfo[]; from: string } | undefined {
  if (listed) return { old: listed, new: listed, from: 'from --nodes' };
  if (!old.nodes && !neu.nodes) return undefined;
  const union = (mine: NodeInfo[] | undefined, theirs: NodeInfo[] | undefined) => {
    const byName = new Map((theirs ?? []).map((n) => [n.name, n]));
    for (const n of mine ?? []) byName.set(n.name, n);
    return [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));
  };
  const from = old.nodes && neu.nodes ? 'Node objects of both revisions' : `Node objects of the ${old.nodes ? 'old' : 'new'} revision`;
  return { old: union(old.nodes, neu.nodes), new: union(neu.nodes, old.nodes), from };
}

export const EXIT_NO_CHANGE = 0;
export const EXIT_CHANGES = 1;
export const EXIT_ERROR = 2;
export const EXIT_GUARD = 3;

export function exitCode(r: DiffReport): number {
  if (r.guards.some((g) => g.tripped)) return EXIT_GUARD;
  return r.result.groups.length > 0 ? EXIT_CHANGES : EXIT_NO_CHANGE;
}

/** "compared per node: 3 nodes (Node objects of both revisions)". */
export function scopeText(r: DiffReport): string {
  const n = r.result.totals.compared;
  if (r.result.by === 'node') return `compared per node: ${n} node${n === 1 ? '' : 's'}${r.nodesFrom ? ` (${r.nodesFrom})` : ''}`;
  return `compared per node selector: ${n} group${n === 1 ? '' : 's'} (no Node objects and no --nodes: each group is the FRRConfigurations with one nodeSelector, merged; a node runs every group its labels match)`;
}

export function inputText(i: RevisionInfo): string {
  return `${i.source} (${i.input === 'metallb' ? 'MetalLB resources, compiled' : 'FRRConfigurations'})`;
}

/** "sessions +0 -1 ~0, prefix announcements +0 -1". */
export function totalsText(r: DiffReport): string {
  const t = r.result.totals;
  return `sessions +${t.sessionsAdded} -${t.sessionsRemoved} ~${t.sessionsChanged}, prefix announcements +${t.prefixesAnnounced} -${t.prefixesWithdrawn}`;
}
