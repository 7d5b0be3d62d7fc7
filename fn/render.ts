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
import { FRRK8S_GROUP } from '../src/api/frrk8s.ts';
import { describeRef, groupOf, HOSTNAME_LABEL, refOf, type KubeObject } from '../src/api/k8s.ts';
import { isSecret, renderNode, secretsFrom } from '../src/frr/index.ts';
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

  const warnings: string[] = [];
  const inNamespace = (o: KubeObject): boolean => {
    const ns = o.metadata?.namespace ?? flags.namespace;
    if (ns === flags.namespace) return true;
    warnings.push(formatDiagnostic({ severity: 'warning', ref: refOf(o), message: `not in namespace ${flags.namespace}, ignored (frr-k8s reads only its own namespace)` }));
    return false;
  };
  const withNamespace = (o: KubeObject): KubeObject => (o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: flags.namespace } });

  const configs = objects.filter((o) => o.kind === 'FRRConfiguration' && groupOf(o.apiVersion) === FRRK8S_GROUP).filter(inNamespace).map(withNamespace);
  const secrets = secretsFrom(objects.filter(isSecret).filter(inNamespace).map(withNamespace));
  const labels = { [HOSTNAME_LABEL]: flags.node, ...flags.labels };

  const result = renderNode(configs, { name: flags.node, labels }, secrets, {
    hostname: flags.hostname ?? flags.node,
    redactPasswords: !flags.secrets,
    ...(flags.logLevel !== undefined ? { logLevel: flags.logLevel } : {}),
  });
  const lines = [...warnings, ...result.diagnostics.map((d) => formatDiagnostic(d))];
  const stderr = lines.length ? `${lines.join('\n')}\n` : '';
  if (result.diagnostics.some((d) => d.severity === 'error')) return { code: 1, stdout: '', stderr };
  return { code: 0, stdout: result.text, stderr };
}

function parseRenderFlags(argv: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseFlags({
      args: argv,
      strict: true,
      allowPositionals: false,
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
  const node = values.node as string | undefined;
  if (!node) throw new UsageError(`--node is required (${RENDER_USAGE})`);
  // A Node's name is a DNS subdomain; the hostname goes into frr.conf, where
  // FRR refuses the whole file for a bad one (vtysh -C).
  if (!DNS_SUBDOMAIN.test(node) || node.length > 253) throw new UsageError(`--node: ${JSON.stringify(node)} is not a node name (lowercase letters, digits, '-' and '.', at most 253 characters)`);
  const hostname = values.hostname as string | undefined;
  if (hostname !== undefined && hostnameProblem(hostname)) {
    throw new UsageError(`--hostname: ${JSON.stringify(hostname)} is not a hostname FRR takes (printable ASCII without spaces, starting with a letter or a digit, at most 255 characters)`);
  }
  const labels = parseLabelList((values.labels as string | undefined) ?? '');
  if (typeof labels === 'string') throw new UsageError(`--labels: ${labels}`);
  const namespace = (values.namespace as string | undefined) ?? DEFAULT_FRRK8S_NAMESPACE;
  if (namespace === '') throw new UsageError('--namespace must not be empty');
  const logLevel = values['log-level'] as string | undefined;
  if (logLevel !== undefined && !FRR_LOG_LEVEL_NAMES.includes(logLevel)) throw new UsageError(`--log-level: "${logLevel}" is not one of ${FRR_LOG_LEVEL_NAMES.join(', ')}`);
  const maxInputBytes = inputLimit(values['max-input-size'] as string | undefined);
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
