// A diff as the command reports it: the two revisions, how nodes were
// found, the result, the guards, and the exit status that goes with them
// (diff(1)'s 0 no change, 1 changes, plus 3 when a guard trips).
import type { DiffResult } from './diff.ts';
import type { GuardResult } from './guards.ts';

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
