// `metallb-frr diff OLD NEW`: what a change does at the BGP level, per node
// (or per node selector group). Argument parsing and I/O only; the work is
// src/review (revision, views, model, changes, diff, guards, report, formats).
import { DEFAULT_FRRK8S_NAMESPACE } from '../src/api/agent.ts';
import { parseFlags, UsageError, type RunResult } from '../src/api/command-line.ts';
import type { NodeInfo } from '../src/frr/index.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { formatJSON } from '../src/review/format-json.ts';
import { formatMarkdown } from '../src/review/format-markdown.ts';
import { formatText } from '../src/review/format-text.ts';
import { FORBIDDABLE, parseMaxWithdrawn, type Forbidden, type Guards } from '../src/review/guards.ts';
import { diffReport, EXIT_ERROR, exitCode } from '../src/review/report.ts';
import { loadRevision, readNodesFile, type Revision } from '../src/review/revision.ts';

export const DIFF_USAGE =
  'usage: metallb-frr diff OLD NEW [--output text|markdown|json] [--nodes FILE] [--config FILE] [--frrk8s-namespace NS]\n' +
  '                        [--forbid session-removal|node-isolation|password-change]... [--max-withdrawn N|P%]';

const OUTPUTS = ['text', 'markdown', 'json'] as const;

export function runDiff(argv: string[], readStdin: () => string, opts: { isTTY?: boolean; cwd?: string } = {}): RunResult {
  let args;
  const guards: Guards = { forbid: [] };
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
    if (args.positionals.length !== 2) throw new UsageError('diff takes two revisions, OLD and NEW');
    if (args.positionals[0] === '-' && args.positionals[1] === '-') throw new UsageError('only one of OLD and NEW can be - (stdin)');
    const output = args.values.output ?? 'text';
    if (!(OUTPUTS as readonly string[]).includes(output)) throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')}, not "${output}"`);
    for (const f of args.values.forbid ?? []) {
      if (!isForbiddable(f)) throw new UsageError(`--forbid: "${f}" is not one of ${FORBIDDABLE.join(', ')}`);
      if (!guards.forbid.includes(f)) guards.forbid.push(f);
    }
    if (args.values['max-withdrawn'] !== undefined) {
      const m = parseMaxWithdrawn(args.values['max-withdrawn']);
      if (typeof m === 'string') throw new UsageError(`--max-withdrawn: ${m}`);
      guards.maxWithdrawn = m;
    }
  } catch (e) {
    if (e instanceof UsageError) return { code: EXIT_ERROR, stdout: '', stderr: `error: ${e.message}\n${DIFF_USAGE}\n` };
    throw e;
  }
  const [oldSpec, newSpec] = args.positionals;

  let old: Revision;
  let neu: Revision;
  let listed: NodeInfo[] | undefined;
  try {
    const revOpts = { ...(args.values.config ? { config: args.values.config } : {}), namespace: args.values['frrk8s-namespace'] ?? DEFAULT_FRRK8S_NAMESPACE, cwd: opts.cwd ?? process.cwd() };
    old = loadRevision(oldSpec, revOpts, readStdin);
    neu = loadRevision(newSpec, revOpts, readStdin);
    listed = args.values.nodes ? readNodesFile(args.values.nodes) : undefined;
  } catch (e) {
    if (e instanceof InputError) return { code: EXIT_ERROR, stdout: '', stderr: e.lines() };
    throw e;
  }

  const d = diffReport(old, neu, listed, guards);
  if ('errors' in d) return { code: EXIT_ERROR, stdout: '', stderr: d.errors.join('\n') + '\n' };
  const { report } = d;
  const output = args.values.output ?? 'text';
  const stdout = output === 'json' ? formatJSON(report) : output === 'markdown' ? formatMarkdown(report) : formatText(report, opts.isTTY === true);
  const tripped = report.guards.filter((g) => g.tripped);
  return { code: exitCode(report), stdout, stderr: tripped.map((g) => `guard ${g.guard} tripped: ${g.reason}\n`).join('') };
}

function isForbiddable(f: string): f is Forbidden {
  return (FORBIDDABLE as readonly string[]).includes(f);
}
