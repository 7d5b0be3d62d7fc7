// `metallb-frr build`'s work (also kustomize's legacy plugin and the Argo CD
// plugin): the objects of an app directory or a stream in, the manifests to
// apply out — the inputs minus local-config objects (the Kptfile, the
// function's own configuration, previews) and minus earlier generated
// objects, then the generated ones. The configuration is the package's
// (function-config.ts packageConfig), then the settings override it
// (build-settings.ts); `strict` turns any warning into a failure (Argo CD
// shows a plugin's messages only when it fails).
import { Diagnostics, formatDiagnostic } from '../api/diagnostic.ts';
import { refOf, type KubeObject } from '../api/k8s.ts';
import type { FileProblem } from '../krm/dir.ts';
import { sourceIndex, type StreamObject } from '../krm/stream.ts';
import { applySettings, settingsFromArgoCD, settingsFromEnv, settingsFromFlags, type BuildConfig, type Setting } from './build-settings.ts';
import { packageConfig, readFunctionConfig } from './function-config.ts';
import { generate } from './generate.ts';
import { isGenerated } from './generated.ts';
import { isCompiled, isLocalConfig, keptOutOfCluster } from './kept-out.ts';

export interface BuildInput {
  /** The objects read, each with its source (file, document). */
  items: StreamObject[];
  /** What reading an app directory's files said (a skipped file, an unreadable one: an error stops the build). */
  fileProblems?: FileProblem[];
  /** --config FILE's object: the configuration, whatever the items hold. */
  config?: KubeObject;
  /** Where settings come from, weakest first: the command's flags, then the environment under a prefix, then Argo CD's parameters. */
  flags: Record<string, string | boolean | undefined>;
  env: NodeJS.ProcessEnv;
  /** --env-prefix; with argocd it defaults to ARGOCD_ENV_ (the Application's plugin env entries). */
  envPrefix?: string;
  /** --argocd: read the Application's plugin env entries and parameters as Argo CD passes them. */
  argocd?: boolean;
}

export interface BuildOutput {
  /** The manifests to apply; absent when the build fails. */
  objects?: KubeObject[];
  /** stderr's lines: every problem, one line each, naming the file. */
  lines: string[];
}

/** Where Argo CD puts a config management plugin's env entries. */
const ARGOCD_ENV_PREFIX = 'ARGOCD_ENV_';

export function build(input: BuildInput): BuildOutput {
  const diags = new Diagnostics();
  const { items } = input;
  // What the app directory's files say (skipped, unreadable): no object to name.
  const fileLines = (input.fileProblems ?? []).map((p) => formatDiagnostic({ severity: p.severity, message: p.message }, p.file || undefined));
  const unreadable = (input.fileProblems ?? []).some((p) => p.severity === 'error');

  const { config, inline } = packageConfig(items, input.config, diags);
  const cfg: BuildConfig = { ...readFunctionConfig(config, diags), strict: false };
  // Settings, weakest first: the configuration object, the command's flags,
  // then what the Application says (Argo CD: its plugin env entries, then its
  // parameters). The plugin's command line is shared by every Application;
  // an Application's own choice is the more specific.
  const prefix = input.envPrefix ?? (input.argocd ? ARGOCD_ENV_PREFIX : undefined);
  const settings: Setting[] = [
    ...settingsFromFlags(input.flags),
    ...(prefix !== undefined ? settingsFromEnv(input.env, prefix, diags) : []),
    ...(input.argocd ? settingsFromArgoCD(input.env, diags) : []),
  ];
  applySettings(cfg, settings, diags);

  // Compiled: the inputs but local configuration (MetalLB's resources are
  // read even when marked local-config); output: those that reach the cluster.
  const compiled = items.filter((i) => !isGenerated(i.obj) && isCompiled(i.obj) && !inline.includes(i));
  let generated = diags.hasErrors || unreadable ? undefined : generate(compiled.map((i) => i.obj), cfg, diags);
  const kept = compiled.filter((i) => !isLocalConfig(i.obj) && !keptOutOfCluster(i.obj, cfg));
  if (generated) {
    for (const i of compiled) {
      if (keptOutOfCluster(i.obj, cfg) && !isLocalConfig(i.obj)) diags.info(refOf(i.obj), undefined, 'left out of the output (metallbResources: controller): only the function reads it, and no MetalLB speaker or frr-k8s in the cluster can act on it');
    }
  }
  const warnings = diags.list.filter((d) => d.severity === 'warning').length;
  const source = sourceIndex(items);
  const lines = [...fileLines, ...diags.list.map((d) => formatDiagnostic(d, source(d.ref)))];
  if (generated && cfg.strict && warnings > 0) {
    // Argo CD shows a generate command's stderr only when it fails.
    generated = undefined;
    // Stryker disable next-line EqualityOperator: equivalent: warnings > 0 here, so <= 1 is === 1
    lines.push(`error: strict: ${warnings === 1 ? 'the warning above fails' : `the ${warnings} warnings above fail`} the build (set strict to false to build anyway)`);
  }
  if (!generated) return { lines };
  // Local configuration (previews) is for the package, never for the cluster.
  return { objects: [...kept.map((i) => i.obj), ...generated.objects.filter((o) => !isLocalConfig(o))], lines };
}
