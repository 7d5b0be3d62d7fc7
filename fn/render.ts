// `metallb-frr render`: a node's frr.conf from a YAML stream on stdin.
//
//   metallb-frr render --node NAME [--labels k=v,...] [--secrets]
//                      [--hostname NAME] [--namespace NS] [--log-level LEVEL]
//                      [--max-input-size SIZE]
//
// stdin holds FRRConfigurations and Secrets (a rendered package, `kubectl get
// -o yaml` output, a List), read as `build` reads a manifest stream
// (src/krm/stream.ts); every other kind is ignored. Only objects of the
// FRR-K8s namespace count (--namespace, default frr-k8s-system; objects
// without a namespace are taken to be in it), as frr-k8s reads only those.
// The node's labels are --labels plus kubernetes.io/hostname=<node>.
// Passwords, and every secret in raw configuration (FRR's secret keywords:
// key-string, ip ospf authentication-key, ...), print as <redacted> unless
// --secrets is given.
//
// Exit codes: 0 frr.conf printed (warnings may go to stderr); 1 the
// configurations do not merge or render (one `error: ...` line per problem
// on stderr); 2 a bad flag or bad YAML (one line).
import { DEFAULT_FRRK8S_NAMESPACE, FRR_LOG_LEVEL_NAMES } from '../src/api/agent.ts';
import { parseFlags, UsageError, type RunResult } from '../src/api/command-line.ts';
import { formatDiagnostic } from '../src/api/diagnostic.ts';
import { HOSTNAME_LABEL, type KubeObject } from '../src/api/k8s.ts';
import { renderObjects } from '../src/frr/render-objects.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { DNS_SUBDOMAIN, parseLabelList } from '../src/api/selector.ts';
import { hostnameProblem } from '../src/api/frr-input.ts';
import { inputLimit, tooLargeProblem } from '../src/krm/limits.ts';
import { parseStream } from '../src/krm/stream.ts';

export const RENDER_USAGE = 'usage: metallb-frr render --node NAME [--labels k=v,...] [--secrets] [--hostname NAME] [--namespace NS] [--log-level LEVEL] [--max-input-size SIZE] < objects.yaml';

/** `stdin`: the text, or a reader that refuses more than the given number of bytes. */
export async function renderCommand(argv: string[], stdin: string | ((maxBytes: number) => string)): Promise<RunResult> {
  let flags: { node: string; labels: Record<string, string>; secrets: boolean; hostname?: string; namespace: string; logLevel?: string; maxInputBytes: number };
  let objects: KubeObject[];
  try {
    flags = parseRenderFlags(argv);
    const text = typeof stdin === 'string' ? stdin : stdin(flags.maxInputBytes);
    if (Buffer.byteLength(text) > flags.maxInputBytes) throw new InputError(tooLargeProblem('the input on stdin', flags.maxInputBytes));
    objects = parseStream(text, 'stdin').map((s) => s.obj);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n` };
    throw e;
  }

  const labels = { [HOSTNAME_LABEL]: flags.node, ...flags.labels };
  const result = renderObjects(objects, { name: flags.node, labels }, {
    namespace: flags.namespace,
    hostname: flags.hostname ?? flags.node,
    redactPasswords: !flags.secrets,
    ...(flags.logLevel !== undefined ? { logLevel: flags.logLevel } : {}),
  });
  const stderr = result.diagnostics.map((d) => formatDiagnostic(d) + '\n').join('');
  if (result.diagnostics.some((d) => d.severity === 'error')) return { code: 1, stdout: '', stderr };
  return { code: 0, stdout: result.text, stderr };
}

function parseRenderFlags(argv: string[]) {
  let values;
  try {
    ({ values } = parseFlags({
      args: argv,
      options: {
        node: { type: 'string' },
        labels: { type: 'string' },
        secrets: { type: 'boolean' },
        hostname: { type: 'string' },
        namespace: { type: 'string' },
        'log-level': { type: 'string' },
        'max-input-size': { type: 'string' },
      },
    }));
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${e.message} (${RENDER_USAGE})`);
    throw e;
  }
  const node = values.node;
  if (!node) throw new UsageError(`--node is required (${RENDER_USAGE})`);
  // A Node's name is a DNS subdomain; the hostname goes into frr.conf, where
  // FRR refuses the whole file for a bad one (vtysh -C).
  if (!DNS_SUBDOMAIN.test(node) || node.length > 253) throw new UsageError(`--node: ${JSON.stringify(node)} is not a node name (lowercase letters, digits, '-' and '.', at most 253 characters)`);
  const hostname = values.hostname;
  if (hostname !== undefined && hostnameProblem(hostname)) {
    throw new UsageError(`--hostname: ${JSON.stringify(hostname)} is not a hostname FRR takes (printable ASCII without spaces, starting with a letter or a digit, at most 255 characters)`);
  }
  const labels = parseLabelList(values.labels ?? '');
  if (typeof labels === 'string') throw new UsageError(`--labels: ${labels}`);
  const namespace = values.namespace ?? DEFAULT_FRRK8S_NAMESPACE;
  if (namespace === '') throw new UsageError('--namespace must not be empty');
  const logLevel = values['log-level'];
  if (logLevel !== undefined && !FRR_LOG_LEVEL_NAMES.includes(logLevel)) throw new UsageError(`--log-level: "${logLevel}" is not one of ${FRR_LOG_LEVEL_NAMES.join(', ')}`);
  const maxInputBytes = inputLimit(values['max-input-size']);
  if (typeof maxInputBytes === 'string') throw new UsageError(maxInputBytes);
  return {
    maxInputBytes,
    node,
    labels,
    secrets: values.secrets === true,
    ...(hostname !== undefined ? { hostname } : {}),
    namespace,
    ...(logLevel !== undefined ? { logLevel } : {}),
  };
}
