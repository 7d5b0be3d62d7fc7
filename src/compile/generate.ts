// The function's work, whatever carries the objects (a KRM ResourceList, a
// manifest stream for build, one side of a review): input objects and the
// options (read, defaulted and checked first: function-config.ts) in, the
// generated objects out, or diagnostics. metallb (parse and validate) →
// compile (FRRConfigurations, hand-written ones checked against them,
// manifests) → frr (previews), in that order; nothing is generated when
// anything is wrong.
import type { Diagnostics } from '../api/diagnostic.ts';
import type { GeneratedFRRConfiguration } from '../api/frrk8s.ts';
import { objectKey, refOf, type KubeObject } from '../api/k8s.ts';
import { isSecret, secretsFrom, type SecretSource } from '../frr/index.ts';
import { parseSize } from '../krm/limits.ts';
import type { Model } from '../metallb/model.ts';
import { parseMetalLB } from '../metallb/parse.ts';
import { compileFRRConfigurations } from './frrconfig.ts';
import { isGenerated, markGenerated } from './generated.ts';
import { checkHandWritten, checkHandWrittenSecrets } from './hand-written.ts';
import { checkObjectSizes } from './object-size.ts';
import { compileManifests } from './manifests.ts';
import type { FnConfig } from './options.ts';
import { previews } from './preview.ts';

export interface Generated {
  /** Everything generated, marked, in output order: the manifests (install order), the FRRConfigurations, the previews. */
  objects: KubeObject[];
  /** The generated FRRConfigurations among them. */
  configurations: GeneratedFRRConfiguration[];
  /** The MetalLB configuration they were compiled from (its hand-written FRRConfigurations included). */
  model: Model;
}

/**
 * Generates the objects for `inputs` (previously generated objects among them
 * are ignored). Undefined when any error was reported: nothing is
 * half-written.
 */
export function generate(inputs: KubeObject[], cfg: FnConfig, diags: Diagnostics): Generated | undefined {
  const sources = inputs.filter((o) => !isGenerated(o));
  const model = parseMetalLB(sources, cfg, diags);
  if (!model) return undefined;
  checkNotEmpty(model, cfg, diags);
  const compiled = compileFRRConfigurations(model, cfg, diags);
  checkHandWritten(model, compiled, cfg, diags);
  checkHandWrittenSecrets(model, secretsOf(sources, cfg.frrk8sNamespace), cfg, diags);
  if (diags.hasErrors) return undefined;
  const manifests = withoutInputs(compileManifests(cfg.frrk8sNamespace, cfg.manifests), sources, diags);
  const preview = cfg.preview ? previewsOf(model, compiled, sources, cfg, diags) : [];
  const applied = manifests.map(markGenerated);
  const configurations = compiled.map(markGenerated);
  // What is applied must fit the API server (previews are local config, never applied).
  checkObjectSizes([...applied, ...configurations], parseSize(cfg.maxObjectSize) ?? 0, model.nodes !== undefined, diags);
  if (diags.hasErrors) return undefined;
  return { objects: [...applied, ...configurations, ...preview.map(markGenerated)], configurations, model };
}

/**
 * functionConfig preview: each node's frr.conf, passwords redacted
 * (preview.ts). An object without a namespace is taken as in frrk8sNamespace,
 * as the checks take it (hand-written.ts: kubectl apply -n or kustomize's
 * namespace puts it there).
 */
function previewsOf(model: Model, generated: GeneratedFRRConfiguration[], sources: KubeObject[], cfg: FnConfig, diags: Diagnostics): KubeObject[] {
  const ns = cfg.frrk8sNamespace;
  const configs = [...generated, ...placedIn(model.frrConfigurations, ns)];
  const r = previews(configs, model.nodes, secretsOf(sources, ns), { logLevel: cfg.manifests.logLevel });
  for (const d of r.diagnostics) diags.list.push(d);
  return r.objects;
}

/** The input's Secrets frr-k8s reads (placedIn). */
function secretsOf(sources: KubeObject[], ns: string): SecretSource {
  // Stryker disable next-line MethodExpression: equivalent: secretsFrom skips what is not a Secret itself; the filter only spares copying the namespace's other objects
  return secretsFrom(placedIn(sources.filter(isSecret), ns));
}

/** The objects of namespace ns, one without a namespace taken as in it (and given it). */
function placedIn(objects: readonly KubeObject[], ns: string): KubeObject[] {
  return objects.filter((o) => (o.metadata?.namespace || ns) === ns).map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }));
}

/**
 * An input without any BGPPeer or IPAddressPool is almost always a wrong path
 * or an empty app directory: emitting the manifests alone would install FRR
 * with nothing to announce (and a GitOps tool that prunes would delete the
 * live FRRConfigurations). Only allowEmpty says it is meant.
 */
function checkNotEmpty(model: Model, cfg: FnConfig, diags: Diagnostics): void {
  if (!cfg.manifests.enabled || cfg.allowEmpty || model.peers.length > 0 || model.pools.length > 0) return;
  diags.error(undefined, undefined, `no MetalLB configuration found: no BGPPeer and no IPAddressPool in namespace "${cfg.metallbNamespace}" (an empty directory or a wrong path?); set allowEmpty: true to emit the manifests without any`);
}

/**
 * The manifests (in install order) minus those the input already has: an
 * object of the same apiVersion group, kind, namespace and name in the input
 * wins, so that a package can replace any generated manifest with its own.
 */
function withoutInputs(manifests: KubeObject[], inputs: KubeObject[], diags: Diagnostics): KubeObject[] {
  const given = new Set(inputs.map(objectKey));
  return manifests.filter((m) => {
    if (!given.has(objectKey(m))) return true;
    diags.info(refOf(m), undefined, 'the input has this object; it is not generated');
    return false;
  });
}
