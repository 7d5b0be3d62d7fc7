// `metallb-frr build [DIR|-]`: a plain manifest stream in (a directory of
// YAML files, or stdin), the manifests to apply out: the inputs (minus
// local-config objects such as the Kptfile and the function's own config, and
// minus earlier generated objects) followed by the generated ones. For CI
// pipelines, the Argo CD plugin and kustomize's legacy exec plugin.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Diagnostics, formatDiagnostic } from '../src/api/diagnostic.ts';
import type { KubeObject } from '../src/api/k8s.ts';
import { InputError, LOCAL_CONFIG_ANNOTATION } from '../src/krm/resourcelist.ts';
import { inputLimit, tooLargeProblem } from '../src/krm/limits.ts';
import { formatStream, parseStream, readDir, type StreamObject } from '../src/krm/stream.ts';
import { checkNamespaces, FN_CONFIG_KIND, readFnConfig } from './config.ts';
import type { RunResult } from './function.ts';
import { generate, isGenerated } from './pipeline.ts';

export const BUILD_USAGE = `usage: metallb-frr build [DIR|-] [--config FILE] [--metallb-namespace NS] [--frrk8s-namespace NS] [--advertise pools|services] [--env-prefix PREFIX] [--max-input-size SIZE]`;

/** Settings a CI system or Argo CD can pass in the environment, as PREFIX + name (e.g. ARGOCD_ENV_ADVERTISE). */
const ENV_SETTINGS: Array<[string, 'metallb-namespace' | 'frrk8s-namespace' | 'advertise']> = [
  ['METALLB_NAMESPACE', 'metallb-namespace'],
  ['FRRK8S_NAMESPACE', 'frrk8s-namespace'],
  ['ADVERTISE', 'advertise'],
];

/** `readStdin` may refuse (InputError) more than the given number of bytes. */
export function runBuild(argv: string[], readStdin: (maxBytes: number) => string, env: NodeJS.ProcessEnv = process.env): RunResult {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        'metallb-namespace': { type: 'string' },
        'frrk8s-namespace': { type: 'string' },
        advertise: { type: 'string' },
        'env-prefix': { type: 'string' },
        'max-input-size': { type: 'string' },
      },
    });
  } catch (e) {
    return { code: 2, stdout: '', stderr: `error: ${(e as Error).message}\n${BUILD_USAGE}\n` };
  }
  if (args.positionals.length > 1) return { code: 2, stdout: '', stderr: `error: build takes one DIR (or - for stdin)\n${BUILD_USAGE}\n` };
  const from = args.positionals[0] ?? '-';
  const limit = inputLimit(args.values['max-input-size'], env);
  if (typeof limit === 'string') return { code: 2, stdout: '', stderr: `error: ${limit}\n${BUILD_USAGE}\n` };

  let items: StreamObject[];
  let configObj: KubeObject | undefined;
  try {
    items = from === '-' ? parseStream(limited(readStdin(limit), limit), 'stdin') : readDir(from, limit);
    if (args.values.config) {
      const cfgDocs = parseStream(readFileSync(args.values.config, 'utf8'), args.values.config);
      if (cfgDocs.length !== 1) throw new InputError(`${args.values.config}: expected exactly one configuration object`);
      configObj = cfgDocs[0].obj;
    }
  } catch (e) {
    if (e instanceof InputError || (e as NodeJS.ErrnoException).code) return { code: 1, stdout: '', stderr: `error: ${(e as Error).message}\n` };
    throw e;
  }

  // A MetalLBFRR object among the inputs is the configuration.
  const inlineConfigs = items.filter((i) => i.obj.kind === FN_CONFIG_KIND && i.obj.apiVersion?.startsWith('fn.metallb-frr.dev/'));
  const diags = new Diagnostics();
  if (!configObj && inlineConfigs.length > 1) {
    diags.error(undefined, undefined, `found ${inlineConfigs.length} ${FN_CONFIG_KIND} objects; keep one, or pass --config`);
  }
  const cfg = readFnConfig(configObj ?? inlineConfigs[0]?.obj, diags);
  // Environment settings (with --env-prefix) come before flags, which win.
  const prefix = args.values['env-prefix'];
  if (prefix !== undefined) {
    for (const [name, flag] of ENV_SETTINGS) {
      const v = env[prefix + name];
      if (v !== undefined && v !== '' && args.values[flag] === undefined) args.values[flag] = v;
    }
  }
  // Flags (and environment settings) override the configuration; only what
  // they set is checked here, the rest was checked where it was written.
  const flags: Array<[string, 'metallbNamespace' | 'frrk8sNamespace' | 'advertise']> = [
    ['metallb-namespace', 'metallbNamespace'],
    ['frrk8s-namespace', 'frrk8sNamespace'],
    ['advertise', 'advertise'],
  ];
  for (const [flag, key] of flags) {
    const v = args.values[flag as keyof typeof args.values];
    if (typeof v !== 'string') continue;
    if (key === 'advertise') {
      if (v === 'pools' || v === 'services') cfg.advertise = v;
      else diags.error(undefined, '--advertise', `must be "pools" or "services", not "${v}"`);
      continue;
    }
    cfg[key] = v;
    checkNamespaces(cfg, diags, () => ({ field: `--${flag}` }), [key]);
  }

  const kept = items.filter((i) => !isGenerated(i.obj) && !isLocalConfig(i.obj) && !inlineConfigs.includes(i));
  const generated = diags.hasErrors ? undefined : generate(kept.map((i) => i.obj), cfg, diags);
  const source = sourceIndex(items);
  const stderr = diags.list.map((d) => formatDiagnostic(d, source(d.ref)) + '\n').join('');
  if (!generated) return { code: 1, stdout: '', stderr };
  return { code: 0, stdout: formatStream([...kept.map((i) => i.obj), ...generated]), stderr };
}

/** The text, unless it is over the limit (a reader that does not check it itself). */
function limited(text: string, limit: number): string {
  if (Buffer.byteLength(text) > limit) throw new InputError(tooLargeProblem('the input on stdin', limit));
  return text;
}

function isLocalConfig(o: KubeObject): boolean {
  return o.metadata?.annotations?.[LOCAL_CONFIG_ANNOTATION] === 'true';
}

/** Where the first object of a kind, namespace and name came from (one lookup per diagnostic, not a scan: 10^5 objects). */
function sourceIndex(items: StreamObject[]): (ref: { kind?: string; name?: string; namespace?: string } | undefined) => string | undefined {
  const key = (kind: unknown, namespace: unknown, name: unknown) => `${String(kind)}\0${typeof namespace === 'string' ? namespace : ''}\0${String(name)}`;
  const byKey = new Map<string, string>();
  for (const i of items) {
    const k = key(i.obj.kind, i.obj.metadata?.namespace, i.obj.metadata?.name);
    if (!byKey.has(k)) byKey.set(k, i.source);
  }
  return (ref) => (ref ? byKey.get(key(ref.kind, ref.namespace, ref.name)) : undefined);
}
