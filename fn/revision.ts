// One revision for the review commands (diff, explain): its objects read from
// a directory, file, stdin or git:REV:PATH (src/review/source.ts), and the
// FRRConfigurations it deploys: MetalLB resources compiled exactly as
// `metallb-frr build` compiles them (the functionConfig found there, or
// --config), plus the hand-written FRRConfigurations; or, when it holds no
// MetalLB resource, the FRRConfigurations as they are (a generated/ folder,
// `kubectl get frrconfigurations -o yaml`). Only those of the FRR-K8s
// namespace count, as the node agent reads only that one.
import { readFileSync } from 'node:fs';
import { Diagnostics, formatDiagnostic } from '../src/api/diagnostic.ts';
import { FRRK8S_GROUP, type FRRConfiguration } from '../src/api/frrk8s.ts';
import { groupOf, type KubeObject } from '../src/api/k8s.ts';
import { METALLB_GROUP } from '../src/api/metallb.ts';
import { isSecret, secretsFrom, type SecretSource } from '../src/frr/index.ts';
import { InputError } from '../src/krm/resourcelist.ts';
import { parseStream, type StreamObject } from '../src/krm/stream.ts';
import type { ReviewNode } from '../src/review/views.ts';
import { readSource } from '../src/review/source.ts';
import { FN_CONFIG_KIND, readFnConfig, type FnConfig } from './config.ts';
import { generate, isCompiled, isGenerated } from './pipeline.ts';

export interface RevisionOptions {
  /** --config FILE: the functionConfig for MetalLB resources. */
  config?: string;
  /** The FRR-K8s namespace of FRRConfigurations given as they are. */
  namespace: string;
  /** Where relative paths and git revisions are read from. */
  cwd: string;
}

export interface Revision {
  source: string;
  input: 'metallb' | 'frrconfigurations';
  /** The objects read, generated ones left out when compiling. */
  objects: StreamObject[];
  /** The function's configuration (compiled revisions). */
  config?: FnConfig;
  configs: FRRConfiguration[];
  nodes?: ReviewNode[];
  secrets: SecretSource;
  namespace: string;
}

/** Reads and, when needed, compiles a revision; throws InputError with the problems (one line each). */
export function loadRevision(spec: string, opts: RevisionOptions, readStdin: () => string): Revision {
  const items = readSource(spec, readStdin, opts.cwd);
  const isMetalLB = items.some((i) => groupOf(i.obj.apiVersion) === METALLB_GROUP && !isGenerated(i.obj));
  const nodes = nodesOf(items.map((i) => i.obj));
  if (!isMetalLB) {
    const inNamespace = (o: KubeObject) => (o.metadata?.namespace ?? opts.namespace) === opts.namespace;
    const withNamespace = (o: KubeObject): KubeObject => (o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: opts.namespace } });
    const objs = items.map((i) => i.obj).filter(inNamespace).map(withNamespace);
    return {
      source: spec,
      input: 'frrconfigurations',
      objects: items,
      configs: objs.filter(isFRRConfiguration) as unknown as FRRConfiguration[],
      ...(nodes ? { nodes } : {}),
      secrets: secretsFrom(objs.filter(isSecret)),
      namespace: opts.namespace,
    };
  }
  const diags = new Diagnostics();
  const configObj = opts.config ? readConfigFile(opts.config) : kptConfig(items);
  const inline = items.filter((i) => i.obj.kind === FN_CONFIG_KIND && i.obj.apiVersion?.startsWith('fn.metallb-frr.dev/'));
  if (!configObj && inline.length > 1) diags.error(undefined, undefined, `found ${inline.length} ${FN_CONFIG_KIND} objects; keep one, or pass --config`);
  const cfg = readFnConfig(configObj ?? inline[0]?.obj, diags);
  cfg.manifests.enabled = false;
  // As the function compiles: MetalLB's resources marked local-config too (metallbResources: controller).
  const kept = items.filter((i) => !isGenerated(i.obj) && isCompiled(i.obj) && !inline.includes(i) && i.obj !== configObj && i.obj.kind !== 'Kptfile');
  const inputs = kept.map((i) => i.obj);
  const generated = diags.hasErrors ? undefined : generate(inputs, cfg, diags);
  if (!generated) {
    const lines = diags.list.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, kept.find((i) => i.obj.kind === d.ref?.kind && i.obj.metadata?.name === d.ref?.name && (i.obj.metadata?.namespace ?? undefined) === d.ref?.namespace)?.source));
    throw new InputError(`${spec} does not compile:`, lines);
  }
  const ns = cfg.frrk8sNamespace;
  const handWritten = inputs.filter(isFRRConfiguration).filter((o) => (o.metadata?.namespace ?? '') === ns);
  return {
    source: spec,
    input: 'metallb',
    objects: kept,
    config: cfg,
    configs: [...(generated.filter(isFRRConfiguration) as unknown as FRRConfiguration[]), ...(handWritten as unknown as FRRConfiguration[])],
    ...(nodes ? { nodes } : {}),
    secrets: secretsFrom(inputs.filter(isSecret).filter((o) => o.metadata?.namespace === ns)),
    namespace: ns,
  };
}

/**
 * A kpt package's configuration of this function: the file named by the
 * Kptfile's mutator that runs metallb-frr (`configPath`), which may be a
 * ConfigMap as well as a MetalLBFRR object.
 */
function kptConfig(items: StreamObject[]): KubeObject | undefined {
  const kptfile = items.find((i) => i.obj.kind === 'Kptfile' && i.obj.apiVersion?.startsWith('kpt.dev/'));
  if (!kptfile) return undefined;
  const dir = kptfile.source.replace(/Kptfile$/, '');
  const mutators = ((kptfile.obj.pipeline as { mutators?: unknown } | undefined)?.mutators ?? []) as Array<{ exec?: unknown; image?: unknown; configPath?: unknown }>;
  const ours = mutators.find((m) => typeof m.configPath === 'string' && /metallb-frr/.test(`${String(m.exec ?? '')} ${String(m.image ?? '')}`));
  if (!ours) return undefined;
  const path = `${dir}${String(ours.configPath).replace(/^\.\//, '')}`;
  return items.find((i) => i.source === path || i.source.startsWith(`${path} (document`))?.obj;
}

function isFRRConfiguration(o: KubeObject): boolean {
  return o.kind === 'FRRConfiguration' && groupOf(o.apiVersion) === FRRK8S_GROUP;
}

/** The Node objects among these (undefined when there is none). */
export function nodesOf(objs: KubeObject[]): ReviewNode[] | undefined {
  const nodes = objs.filter((o) => o.apiVersion === 'v1' && o.kind === 'Node');
  if (nodes.length === 0) return undefined;
  return nodes.map((o) => ({ name: o.metadata?.name ?? '', labels: stringLabels(o) }));
}

function stringLabels(o: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function readConfigFile(path: string): KubeObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`--config ${path}: ${(e as Error).message}`);
  }
  const docs = parseStream(text, path);
  if (docs.length !== 1) throw new InputError(`${path}: expected exactly one configuration object`);
  return docs[0].obj;
}

/** Reads a node list (`kubectl get nodes -o yaml`, or Node manifests). */
export function readNodesFile(path: string): ReviewNode[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`--nodes ${path}: ${(e as Error).message}`);
  }
  const nodes = nodesOf(parseStream(text, path).map((s) => s.obj));
  if (!nodes) throw new InputError(`--nodes ${path}: no Node object in it`);
  return nodes;
}
