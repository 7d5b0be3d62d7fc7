// `metallb-frr build [DIR|-]`: a plain manifest stream in (an app directory,
// or stdin), the manifests to apply out: the inputs (minus local-config
// objects such as the Kptfile and the function's own config, and minus
// earlier generated objects) followed by the generated ones. For CI
// pipelines, the Argo CD plugin and kustomize's legacy exec plugin.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Diagnostics, formatDiagnostic } from '../src/api/diagnostic.ts';
import { refOf, type KubeObject } from '../src/api/k8s.ts';
import { readApp } from '../src/krm/dir.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { inputLimit, tooLargeProblem } from '../src/krm/limits.ts';
import { formatStream, parseStream, type StreamObject } from '../src/krm/stream.ts';
import { FN_CONFIG_KIND, readFnConfig } from './config.ts';
import { applySettings, settingsFromArgoCD, settingsFromEnv, settingsFromFlags, type BuildConfig, type Setting } from './settings.ts';
import type { RunResult } from './function.ts';
import { generate, isCompiled, isGenerated, isLocalConfig, keptOutOfCluster } from './pipeline.ts';

export const BUILD_USAGE = `usage: metallb-frr build [DIR|-] [--config FILE] [--metallb-namespace NS] [--frrk8s-namespace NS] [--advertise pools|services] [--strict] [--env-prefix PREFIX] [--argocd] [--max-input-size SIZE]`;

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
        strict: { type: 'boolean' },
        'env-prefix': { type: 'string' },
        argocd: { type: 'boolean' },
        'max-input-size': { type: 'string' },
      },
    });
  } catch (e) {
    return { code: 2, stdout: '', stderr: `error: ${(e as Error).message}\n${BUILD_USAGE}\n` };
  }
  if (args.positionals.length > 1) return { code: 2, stdout: '', stderr: `error: build takes one DIR (or - for stdin)\n${BUILD_USAGE}\n` };
  if (args.values['env-prefix'] === '') return { code: 2, stdout: '', stderr: `error: --env-prefix must not be empty\n${BUILD_USAGE}\n` };
  const from = args.positionals[0] ?? '-';
  const limit = inputLimit(args.values['max-input-size'], env);
  if (typeof limit === 'string') return { code: 2, stdout: '', stderr: `error: ${limit}\n${BUILD_USAGE}\n` };

  const diags = new Diagnostics();
  // What the app directory's files say (skipped, unreadable): no object to name.
  let fileLines: string[] = [];
  let unreadable = false;
  let items: StreamObject[];
  let configObj: KubeObject | undefined;
  try {
    if (from === '-') {
      items = parseStream(limited(readStdin(limit), limit), 'stdin');
    } else {
      const app = readApp(from, env, limit);
      items = app.objects;
      fileLines = app.problems.map((p) => formatDiagnostic({ severity: p.severity, message: p.message }, p.file || undefined));
      unreadable = app.problems.some((p) => p.severity === 'error');
    }
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
  if (!configObj && inlineConfigs.length > 1) {
    diags.error(undefined, undefined, `found ${inlineConfigs.length} ${FN_CONFIG_KIND} objects; keep one, or pass --config`);
  }
  const cfg: BuildConfig = { ...readFnConfig(configObj ?? inlineConfigs[0]?.obj, diags), strict: false };
  // Settings, weakest first: the configuration object, the command's flags,
  // then what the Application says (Argo CD: its plugin env entries, then its
  // parameters). The plugin's command line is shared by every Application;
  // an Application's own choice is the more specific.
  const prefix = args.values['env-prefix'] ?? (args.values.argocd ? 'ARGOCD_ENV_' : undefined);
  const settings: Setting[] = [
    ...settingsFromFlags(args.values),
    ...(prefix !== undefined ? settingsFromEnv(env, prefix, diags) : []),
    ...(args.values.argocd ? settingsFromArgoCD(env, diags) : []),
  ];
  applySettings(cfg, settings, diags);

  // Compiled: the inputs but local configuration (MetalLB's resources are
  // read even when marked local-config); printed: those that reach the cluster.
  const compiled = items.filter((i) => !isGenerated(i.obj) && isCompiled(i.obj) && !inlineConfigs.includes(i));
  let generated = diags.hasErrors || unreadable ? undefined : generate(compiled.map((i) => i.obj), cfg, diags);
  const kept = compiled.filter((i) => !isLocalConfig(i.obj) && !keptOutOfCluster(i.obj, cfg));
  if (generated) {
    for (const i of compiled) if (keptOutOfCluster(i.obj, cfg) && !isLocalConfig(i.obj)) diags.info(refOf(i.obj), undefined, 'left out of the output (metallbResources: controller): only the function reads it, and no MetalLB speaker or frr-k8s in the cluster can act on it');
  }
  const warnings = diags.list.filter((d) => d.severity === 'warning').length;
  const source = sourceIndex(items);
  const lines = diags.list.map((d) => formatDiagnostic(d, source(d.ref)));
  if (generated && cfg.strict && warnings > 0) {
    // Argo CD shows a generate command's stderr only when it fails.
    generated = undefined;
    lines.push(`error: strict: ${warnings === 1 ? 'the warning above fails' : `the ${warnings} warnings above fail`} the build (set strict to false to build anyway)`);
  }
  const stderr = [...fileLines, ...lines].map((l) => l + '\n').join('');
  if (!generated) return { code: 1, stdout: '', stderr };
  // Local configuration (previews) is for the package, never for the cluster.
  return { code: 0, stdout: formatStream([...kept.map((i) => i.obj), ...generated.filter((o) => !isLocalConfig(o))]), stderr };
}

/** The text, unless it is over the limit (a reader that does not check it itself). */
function limited(text: string, limit: number): string {
  if (Buffer.byteLength(text) > limit) throw new InputError(tooLargeProblem('the input on stdin', limit));
  return text;
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
