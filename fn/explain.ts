// `metallb-frr explain [DIR|-] --node NODE [--labels k=v,...] (--prefix P |
// --service NS/NAME | --peer NAME) [--config FILE] [--output text|json]`.
// Argument parsing and I/O only; the chain of decisions is src/review/explain.ts.
import { DEFAULT_FRRK8S_NAMESPACE } from '../src/api/agent.ts';
import { parseFlags, UsageError, type RunResult } from '../src/api/command-line.ts';
import { Diagnostics } from '../src/api/diagnostic.ts';
import { HOSTNAME_LABEL } from '../src/api/k8s.ts';
import { parseLabelList } from '../src/api/selector.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { EXCLUDE_LB_LABEL } from '../src/metallb/cluster.ts';
import type { NodeInfo } from '../src/metallb/model.ts';
import { parseMetalLB } from '../src/metallb/parse.ts';
import { explain, ExplainError, type Query } from '../src/review/explain.ts';
import { formatExplanation } from '../src/review/format-explain.ts';
import { isGenerated } from './pipeline.ts';
import { loadRevision } from './revision.ts';

export const EXPLAIN_USAGE = 'usage: metallb-frr explain [DIR|-] --node NODE [--labels k=v,...] (--prefix P | --service NS/NAME | --peer NAME) [--config FILE] [--output text|json]';

export function runExplain(argv: string[], readStdin: () => string, opts: { cwd?: string } = {}): RunResult {
  const usage = (msg: string): RunResult => ({ code: 2, stdout: '', stderr: `error: ${msg}\n${EXPLAIN_USAGE}\n` });
  let args;
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
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  const v = args.values;
  if (args.positionals.length > 1) return usage('explain takes one DIR (or - for stdin)');
  if (!v.node) return usage('--node is required');
  const asked = (['prefix', 'service', 'peer'] as const).filter((k) => v[k] !== undefined);
  if (asked.length !== 1) return usage('give one of --prefix, --service, --peer');
  const output = v.output ?? 'text';
  if (output !== 'text' && output !== 'json') return usage(`--output must be text or json, not "${output}"`);
  const labels = parseLabelList(v.labels ?? '');
  if (typeof labels === 'string') return usage(`--labels: ${labels}`);
  let query: Query;
  if (v.prefix !== undefined) query = { prefix: v.prefix };
  else if (v.peer !== undefined) query = { peer: v.peer };
  else {
    const [namespace, name, ...rest] = v.service!.split('/');
    if (!namespace || !name || rest.length > 0) return usage(`--service: "${v.service}" is not NAMESPACE/NAME`);
    query = { service: { namespace, name } };
  }

  try {
    const rev = loadRevision(args.positionals[0] ?? '-', { ...(v.config ? { config: v.config } : {}), namespace: DEFAULT_FRRK8S_NAMESPACE, cwd: opts.cwd ?? process.cwd() }, readStdin);
    if (rev.input !== 'metallb' || !rev.config) throw new InputError(`${rev.source}: no MetalLB resource in it: explain reads MetalLB's configuration`);
    const model = parseMetalLB(rev.objects.map((o) => o.obj), rev.config, new Diagnostics())!;
    const given = model.nodes?.find((n) => n.name === v.node);
    if (model.nodes && !given) throw new InputError(`--node: no Node ${v.node} in the input (with Nodes in the input, only they get configurations)`);
    const nodeLabels = { [HOSTNAME_LABEL]: v.node, ...labels };
    const node: NodeInfo = given ?? { name: v.node, labels: nodeLabels, networkUnavailable: false, excludedFromLoadBalancers: Object.prototype.hasOwnProperty.call(nodeLabels, EXCLUDE_LB_LABEL) };
    const source = given ? rev.objects.find((o) => o.obj.kind === 'Node' && o.obj.metadata?.name === v.node)?.source : undefined;
    const e = explain(
      {
        model,
        objects: rev.objects,
        mode: rev.config.advertise,
        generated: rev.configs.filter((c) => isGenerated(c)),
        handWritten: rev.configs.filter((c) => !isGenerated(c)),
        secrets: rev.secrets,
        node,
        nodeFrom: given ? `Node ${v.node}${source ? ` (${source})` : ''}` : `--labels, and ${HOSTNAME_LABEL}`,
      },
      query,
    );
    return { code: 0, stdout: output === 'json' ? JSON.stringify(e, null, 2) + '\n' : formatExplanation(e), stderr: '' };
  } catch (e) {
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: e.lines() };
    if (e instanceof ExplainError) return { code: 1, stdout: '', stderr: `error: ${e.message}\n` };
    throw e;
  }
}
