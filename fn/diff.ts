// `metallb-frr diff OLD NEW`: what a change does at the BGP level, per node
// (or per node selector group). Argument parsing and I/O only; the work is
// src/review (views, model, changes, diff, guards, formats).
import { DEFAULT_FRRK8S_NAMESPACE } from '../src/api/agent.ts';
import { parseFlags, UsageError, type RunResult } from '../src/api/command-line.ts';
import { formatDiagnostic } from '../src/api/diagnostic.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { diffRevisions } from '../src/review/diff.ts';
import { formatJSON } from '../src/review/format-json.ts';
import { formatMarkdown } from '../src/review/format-markdown.ts';
import { formatText } from '../src/review/format-text.ts';
import { checkGuards, FORBIDDABLE, parseMaxWithdrawn, type Forbidden, type Guards } from '../src/review/guards.ts';
import { EXIT_ERROR, exitCode, type DiffReport } from '../src/review/report.ts';
import type { NodeInfo as ReviewNode } from '../src/frr/select.ts';
import { nodeViews, selectorViews } from '../src/frr/views.ts';
import { loadRevision, readNodesFile, type Revision } from './revision.ts';

export const DIFF_USAGE =
  'usage: metallb-frr diff OLD NEW [--output text|markdown|json] [--nodes FILE] [--config FILE] [--frrk8s-namespace NS]\n' +
  '                        [--forbid session-removal|node-isolation|password-change]... [--max-withdrawn N|P%]';

const OUTPUTS = ['text', 'markdown', 'json'] as const;

export function runDiff(argv: string[], readStdin: () => string, opts: { isTTY?: boolean; cwd?: string } = {}): RunResult {
  const usage = (msg: string): RunResult => ({ code: EXIT_ERROR, stdout: '', stderr: `error: ${msg}\n${DIFF_USAGE}\n` });
  let args;
  try {
    args = parseFlags({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        nodes: { type: 'string' },
        config: { type: 'string' },
        'frrk8s-namespace': { type: 'string' },
        forbid: { type: 'string', multiple: true },
        'max-withdrawn': { type: 'string' },
      },
    });
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  if (args.positionals.length !== 2) return usage('diff takes two revisions, OLD and NEW');
  const [oldSpec, newSpec] = args.positionals;
  if (oldSpec === '-' && newSpec === '-') return usage('only one of OLD and NEW can be - (stdin)');
  const output = args.values.output ?? 'text';
  if (!(OUTPUTS as readonly string[]).includes(output)) return usage(`--output must be one of ${OUTPUTS.join(', ')}, not "${output}"`);
  const guards: Guards = { forbid: [] };
  for (const f of args.values.forbid ?? []) {
    if (!(FORBIDDABLE as readonly string[]).includes(f)) return usage(`--forbid: "${f}" is not one of ${FORBIDDABLE.join(', ')}`);
    if (!guards.forbid.includes(f as Forbidden)) guards.forbid.push(f as Forbidden);
  }
  if (args.values['max-withdrawn'] !== undefined) {
    const m = parseMaxWithdrawn(args.values['max-withdrawn']);
    if (typeof m === 'string') return usage(`--max-withdrawn: ${m}`);
    guards.maxWithdrawn = m;
  }

  let old: Revision;
  let neu: Revision;
  let listed: ReviewNode[] | undefined;
  try {
    const revOpts = { ...(args.values.config ? { config: args.values.config } : {}), namespace: args.values['frrk8s-namespace'] ?? DEFAULT_FRRK8S_NAMESPACE, cwd: opts.cwd ?? process.cwd() };
    old = loadRevision(oldSpec, revOpts, readStdin);
    neu = loadRevision(newSpec, revOpts, readStdin);
    listed = args.values.nodes ? readNodesFile(args.values.nodes) : undefined;
  } catch (e) {
    if (e instanceof InputError) return { code: EXIT_ERROR, stdout: '', stderr: e.lines() };
    throw e;
  }

  const nodes = nodeLists(old, neu, listed);
  const result = nodes
    ? diffRevisions('node', { views: nodeViews(old.configs, nodes.old), secrets: old.secrets }, { views: nodeViews(neu.configs, nodes.new), secrets: neu.secrets })
    : diffRevisions('nodeSelector', { views: selectorViews(old.configs), secrets: old.secrets }, { views: selectorViews(neu.configs), secrets: neu.secrets });
  const errors = result.problems.filter((p) => p.diagnostic.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((p) => `error: ${p.side === 'old' ? 'OLD' : 'NEW'} ${result.by === 'node' ? 'node' : 'group'} ${p.view}: ${formatDiagnostic(p.diagnostic).replace(/^error: /, '')}`);
    return { code: EXIT_ERROR, stdout: '', stderr: [...new Set(lines)].join('\n') + '\n' };
  }
  const report: DiffReport = {
    old: { source: oldSpec, input: old.input },
    new: { source: newSpec, input: neu.input },
    ...(nodes ? { nodesFrom: nodes.from } : {}),
    result,
    guards: checkGuards(result, guards),
  };
  const stdout = output === 'json' ? formatJSON(report) : output === 'markdown' ? formatMarkdown(report) : formatText(report, opts.isTTY === true);
  const tripped = report.guards.filter((g) => g.tripped);
  return { code: exitCode(report), stdout, stderr: tripped.map((g) => `guard ${g.guard} tripped: ${g.reason}\n`).join('') };
}

/**
 * The nodes each revision is judged on: --nodes for both; else each
 * revision's own Node objects, a node missing from one taken from the other
 * (its labels as the other has them); none anywhere: per node selector.
 */
function nodeLists(old: Revision, neu: Revision, listed: ReviewNode[] | undefined): { old: ReviewNode[]; new: ReviewNode[]; from: string } | undefined {
  if (listed) return { old: listed, new: listed, from: 'from --nodes' };
  if (!old.nodes && !neu.nodes) return undefined;
  const union = (mine: ReviewNode[] | undefined, theirs: ReviewNode[] | undefined) => {
    const byName = new Map((theirs ?? []).map((n) => [n.name, n]));
    for (const n of mine ?? []) byName.set(n.name, n);
    return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  const from = old.nodes && neu.nodes ? 'Node objects of both revisions' : `Node objects of the ${old.nodes ? 'old' : 'new'} revision`;
  return { old: union(old.nodes, neu.nodes), new: union(neu.nodes, old.nodes), from };
}
