// The function's work, independent of how objects arrive (KRM ResourceList,
// plain stream, kustomize plugin): input objects + configuration → generated
// objects, or diagnostics. krm → metallb → compile → frr, in that order.
import type { Diagnostics } from '../src/api/diagnostic.ts';
import type { FRRConfiguration } from '../src/api/frrk8s.ts';
import { objectKey, refOf, type KubeObject } from '../src/api/k8s.ts';
import { METALLB_GROUP } from '../src/api/metallb.ts';
import { LOCAL_CONFIG_ANNOTATION } from '../src/krm/resourcelist.ts';
import { selectorMatches, selectorProblems } from '../src/api/selector.ts';
import { compileFRRConfigurations } from '../src/compile/frrconfig.ts';
import { compileManifests } from '../src/compile/manifests.ts';
import { conjunction } from '../src/metallb/selectors.ts';
import { checkCompatible, isSecret, secretsFrom } from '../src/frr/index.ts';
import { previews } from '../src/review/preview.ts';
import { parseMetalLB } from '../src/metallb/parse.ts';
import type { Model } from '../src/metallb/model.ts';
import type { FnConfig } from './config.ts';

/** Marks what the function generated, so that a rerun replaces it. */
export const GENERATED_ANNOTATION = 'metallb-frr.dev/generated';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'metallb-frr';

export function isGenerated(o: KubeObject): boolean {
  return o.metadata?.annotations?.[GENERATED_ANNOTATION] === 'true';
}

export function isLocalConfig(o: KubeObject): boolean {
  return o.metadata?.annotations?.[LOCAL_CONFIG_ANNOTATION] === 'true';
}

/**
 * What the function compiles: every object but local configuration (the
 * Kptfile, the function's own config), except MetalLB's resources, which
 * are read whether marked local-config or not: marking them is how a kpt or
 * kustomize package keeps them out of the cluster (metallbResources:
 * controller), and the function must see them all the same.
 */
export function isCompiled(o: KubeObject): boolean {
  return !isLocalConfig(o) || groupOf(o.apiVersion) === METALLB_GROUP;
}

/** The MetalLB kinds only the function reads: MetalLB's controller assigns addresses without them. */
export const METALLB_BGP_KINDS: readonly string[] = ['BGPPeer', 'BGPAdvertisement', 'BFDProfile', 'Community'];

/** Whether metallbResources keeps `o` out of the cluster. */
export function keptOutOfCluster(o: KubeObject, cfg: FnConfig): boolean {
  return cfg.metallbResources === 'controller' && groupOf(o.apiVersion) === METALLB_GROUP && METALLB_BGP_KINDS.includes(String(o.kind));
}

const groupOf = (apiVersion: unknown): string => (typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * metallbResources: controller under kpt or kustomize: a KRM function cannot
 * leave an input item out (kpt would delete its file), so each BGP kind must
 * carry the local-config annotation that keeps it out of `kpt live apply`
 * and `kustomize build`; one error per object without it.
 */
export function checkKeptOutMarked(objects: KubeObject[], cfg: FnConfig, diags: Diagnostics): void {
  for (const o of objects) {
    if (!keptOutOfCluster(o, cfg) || isLocalConfig(o) || isGenerated(o)) continue;
    diags.error(
      refOf(o),
      'metadata.annotations',
      `metallbResources: controller keeps ${o.kind}s out of the cluster, and a KRM function cannot leave an input out (kpt would delete its file): annotate it ${LOCAL_CONFIG_ANNOTATION}: "true" (kpt live apply and kustomize then leave it out; the function reads it all the same), or use metallb-frr build, which leaves it out itself`,
    );
  }
}

/**
 * Generates the objects for `inputs` (previously generated objects among them
 * are ignored). Returns undefined when any error was reported: nothing is
 * half-written.
 */
export function generate(inputs: KubeObject[], cfg: FnConfig, diags: Diagnostics): KubeObject[] | undefined {
  const sources = inputs.filter((o) => !isGenerated(o));
  const model = parseMetalLB(sources, cfg, diags);
  if (!model) return undefined;
  checkNotEmpty(model, cfg, diags);
  const configs = compileFRRConfigurations(model, cfg, diags);
  checkHandWritten(model, configs, cfg, diags);
  if (diags.hasErrors) return undefined;
  const manifests = withoutInputs(compileManifests(cfg.frrk8sNamespace, cfg.manifests), sources, diags);
  const preview = cfg.preview ? previewsOf(model, configs, sources, cfg, diags) : [];
  return [...manifests, ...configs, ...preview].map(mark);
}

/** functionConfig preview: each node's frr.conf, passwords redacted (src/review/preview.ts). */
function previewsOf(model: Model, generated: FRRConfiguration[], sources: KubeObject[], cfg: FnConfig, diags: Diagnostics): KubeObject[] {
  const inNamespace = (o: { metadata?: { namespace?: string } }) => (o.metadata?.namespace ?? '') === cfg.frrk8sNamespace;
  const configs = [...generated, ...model.frrConfigurations.filter(inNamespace)];
  const r = previews(configs, model.nodes, secretsFrom(sources.filter(isSecret).filter(inNamespace)), { logLevel: cfg.manifests.logLevel });
  for (const d of r.diagnostics) diags.list.push(d);
  return r.objects;
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

function mark(o: KubeObject): KubeObject {
  const metadata = o.metadata ?? {};
  return {
    ...o,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      labels: { ...(metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY },
      annotations: { ...(metadata.annotations ?? {}), [GENERATED_ANNOTATION]: 'true' },
    },
  };
}

/**
 * Hand-written FRRConfigurations must merge cleanly, under frr-k8s' rules,
 * with every generated configuration and with each other, wherever they can
 * meet on a node: judged per node when Nodes are given, otherwise for every
 * pair whose node selectors can hold together.
 */
function checkHandWritten(model: Model, generated: FRRConfiguration[], cfg: FnConfig, diags: Diagnostics): void {
  // A hand-written configuration may have no spec at all (the schema does
  // not require one): an empty configuration for every node, as for frr-k8s.
  const handWritten = model.frrConfigurations.filter((c) => {
    const ns = c.metadata.namespace;
    if (!ns) {
      diags.info(refOf(c), 'metadata.namespace', `no namespace: taken as in "${cfg.frrk8sNamespace}" (frrk8sNamespace), where kubectl apply -n or kustomize's namespace would put it`);
    } else if (ns !== cfg.frrk8sNamespace) {
      diags.warning(refOf(c), 'metadata.namespace', `frr-k8s reads FRRConfigurations only from namespace "${cfg.frrk8sNamespace}"; this one is not checked and will be ignored there (if frr-k8s runs in "${ns}", as MetalLB's Helm chart runs it in its own namespace, set frrk8sNamespace: ${ns})`);
      return false;
    }
    // frr-k8s fails every node on a selector it cannot evaluate.
    const problems = selectorProblems(c.spec?.nodeSelector);
    for (const p of problems) diags.error(refOf(c), `spec.nodeSelector.${p.path}`, p.message);
    return problems.length === 0;
  });
  for (const c of handWritten) {
    if (generated.some((g) => g.metadata.name === c.metadata.name)) {
      diags.error(refOf(c), 'metadata.name', `the name is taken by a generated FRRConfiguration; rename the hand-written one`);
    }
  }
  if (handWritten.length === 0) return;
  const seen = new Set<string>();
  const report = (ds: ReturnType<typeof checkCompatible>) => {
    for (const d of ds) {
      const key = JSON.stringify(d);
      if (seen.has(key)) continue;
      seen.add(key);
      diags.list.push(d);
    }
  };
  // Each on its own first: what a node would refuse in it alone (a bad raw
  // configuration, a bad prefix) is refused even where no generated
  // configuration meets it.
  for (const h of handWritten) report(checkCompatible([h]));
  // Each on its own first: what a node would refuse in it alone (a bad raw
  // configuration, a bad prefix) is refused even where no generated
  // configuration meets it.
  for (const h of handWritten) report(checkCompatible([h]));
  if (model.nodes) {
    for (const node of model.nodes) {
      const labels = node.labels;
      const hw = handWritten.filter((c) => selectorMatches(c.spec?.nodeSelector, labels));
      if (hw.length === 0) continue;
      const gen = generated.filter((c) => selectorMatches(c.spec?.nodeSelector, labels));
      report(checkCompatible([...gen, ...hw]));
    }
    return;
  }
  const meet = (a: FRRConfiguration, b: FRRConfiguration) => conjunction([a.spec?.nodeSelector ?? {}, b.spec?.nodeSelector ?? {}]) !== undefined;
  handWritten.forEach((h, i) => {
    for (const g of generated) if (meet(h, g)) report(checkCompatible([g, h]));
    for (const other of handWritten.slice(0, i)) if (meet(other, h)) report(checkCompatible([other, h]));
  });
}
