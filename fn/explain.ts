// `metallb-frr explain [DIR|-] --node NODE [--labels k=v,...] (--prefix P |
// --service NS/NAME | --peer NAME) [--config FILE] [--output text|json]`.
// Argument parsing and I/O only; the chain of decisions is src/review/explain.ts.
import { DEFAULT_FRRK8S_NAMESPACE } from '../src/api/agent.ts';
import { parseFlags, UsageError, type RunResult } from '../src/api/command-line.ts';
import { parseLabelList } from '../src/api/selector.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { ExplainError, type Query } from '../src/review/explain.ts';
import { explainRevision } from '../src/review/explain-revision.ts';
import { formatExplanation } from '../src/review/format-explain.ts';
import { loadRevision } from '../src/review/revision.ts';

export const EXPLAIN_USAGE = 'usage: metallb-frr explain [DIR|-] --node NODE [--labels k=v,...] (--prefix P | --service NS/NAME | --peer NAME) [--config FILE] [--output text|json]';

export function runExplain(argv: string[], readStdin: () => string, opts: { cwd?: string } = {}): RunResult {
  let args;
  let query: Query;
  let labels: Record<string, string>;
  try {
    args = parseFlags({
      args: argv,
      allowPositionals: true,
      options: {
        node: { type: 'string' },
        labels: { type: 'string' },
        prefix: { type: 'string' },
        service: { type: 'string' },
        peer: { type: 'string' },
        config: { type: 'string' },
        output: { type: 'string', short: 'o' },
      },
    });
    const v = args.values;
    if (args.positionals.length > 1) throw new UsageError('explain takes one DIR (or - for stdin)');
    if (!v.node) throw new UsageError('--node is required');
    const asked = (['prefix', 'service', 'peer'] as const).filter((k) => v[k] !== undefined);
    if (asked.length !== 1) throw new UsageError('give one of --prefix, --service, --peer');
    const output = v.output ?? 'text';
    if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, not "${output}"`);
    const l = parseLabelList(v.labels ?? '');
    if (typeof l === 'string') throw new UsageError(`--labels: ${l}`);
    labels = l;
    query = queryOf(v);
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n${EXPLAIN_USAGE}\n` };
    throw e;
  }
  const v = args.values;
  try {
    const rev = loadRevision(args.positionals[0] ?? '-', { ...(v.config ? { config: v.config } : {}), namespace: DEFAULT_FRRK8S_NAMESPACE, cwd: opts.cwd ?? process.cwd() }, readStdin);
    const e = explainRevision(rev, v.node!, labels, query);
    return { code: 0, stdout: v.output === 'json' ? JSON.stringify(e, null, 2) + '\n' : formatExplanation(e), stderr: '' };
  } catch (e) {
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: e.lines() };
    if (e instanceof ExplainError) return { code: 1, stdout: '', stderr: `error: ${e.message}\n` };
    throw e;
  }
}

function queryOf(v: { prefix?: string; service?: string; peer?: string }): Query {
  if (v.prefix !== undefined) return { prefix: v.prefix };
  if (v.peer !== undefined) return { peer: v.peer };
  const [namespace, name, ...rest] = v.service!.split('/');
  if (!namespace || !name || rest.length > 0) throw new UsageError(`--service: "${v.service}" is not NAMESPACE/NAME`);
  return { service: { namespace, name } };
}
