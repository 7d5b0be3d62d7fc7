// One revision for the review commands (diff, explain): its objects read from
// a directory, file, stdin or git:REV:PATH (source.ts), and the
// FRRConfigurations it deploys: MetalLB resources compiled exactly as
// `metallb-frr build` compiles them (the functionConfig found there, or
// --config), plus the hand-written FRRConfigurations; or, when it holds no
// MetalLB resource, the FRRConfigurations as they are (a generated/ folder,
// `kubectl get frrconfigurations -o yaml`). Only those of the FRR-K8s
// namespace count, as the node agent reads only that one.
import { readFileSync } from 'node:fs';
import { Diagnostics, formatDiagnostic } from '../api/diagnostic.ts';
import { isFRRConfiguration, type FRRConfiguration, type GeneratedFRRConfiguration } from '../api/frrk8s.ts';
import { groupOf, type KubeObject } from '../api/k8s.ts';
import { METALLB_GROUP } from '../api/metallb.ts';
import { packageConfig, readFunctionConfig } from '../compile/function-config.ts';
import { generate } from '../compile/generate.ts';
import { isGenerated } from '../compile/generated.ts';
import { isCompiled } from '../compile/kept-out.ts';
import type { FnConfig } from '../compile/options.ts';
import { inNamespace, isSecret, secretsFrom, type NodeInfo, type SecretSource } from '../frr/index.ts';
import { InputError } from '../krm/resourcelist.ts';
import { parseStream, sourceIndex, type StreamObject } from '../krm/stream.ts';
import type { Model } from '../metallb/model.ts';
import { readSource } from './source.ts';

export interface RevisionOptions {
  /** --config FILE: the functionConfig for MetalLB resources. */
  config?: string;
  /** The FRR-K8s namespace of FRRConfigurations given as they are. */
  namespace: string;
  /** Where relative paths and git revisions are read from. */
  cwd: string;
}

interface RevisionBase {
  /** As given: a directory, file, - or git:REV:PATH. */
  source: string;
  /** The objects read (compiled revisions: without generated and local-config ones). */
  objects: StreamObject[];
  /** The revision's Node objects, if it has any. */
  nodes?: NodeInfo[];
  /** The Secrets of the FRR-K8s namespace. */
  secrets: SecretSource;
  /** The FRR-K8s namespace. */
  namespace: string;
}

/** MetalLB resources, compiled: every FRRConfiguration in it passed the build's checks. */
export interface CompiledRevision extends RevisionBase {
  input: 'metallb';
  /** The function's configuration. */
  config: FnConfig;
  model: Model;
  generated: GeneratedFRRConfiguration[];
  /** The hand-written FRRConfigurations of the FRR-K8s namespace. */
  handWritten: FRRConfiguration[];
}

/** FRRConfigurations as they are. */
export interface GivenRevision extends RevisionBase {
  input: 'frrconfigurations';
  /** As read, unchecked: the merge judges each where a node gets it (frr/views.ts). */
  configs: KubeObject[];
}

export type Revision = CompiledRevision | GivenRevision;

/** Every FRRConfiguration the revision deploys (compiled: the generated ones first). */
export function configsOf(rev: Revision): readonly KubeObject[] {
  return rev.input === 'metallb' ? [...rev.generated, ...rev.handWritten] : rev.configs;
}

/** Reads and, when needed, compiles a revision; throws InputError with the problems (one line each). */
export function loadRevision(spec: string, opts: RevisionOptions, readStdin: () => string): Revision {
  const items = readSource(spec, readStdin, opts.cwd);
  const isMetalLB = items.some((i) => groupOf(i.obj.apiVersion) === METALLB_GROUP && !isGenerated(i.obj));
  const nodes = nodesOf(items.map((i) => i.obj));
  if (!isMetalLB) {
    const objs = inNamespace(items.map((i) => i.obj), opts.namespace);
    return {
      source: spec,
      input: 'frrconfigurations',
      objects: items,
      configs: objs.filter(isFRRConfiguration),
      ...(nodes ? { nodes } : {}),
      secrets: secretsFrom(objs.filter(isSecret)),
      namespace: opts.namespace,
    };
  }
  const diags = new Diagnostics();
  const given = opts.config ? readConfigFile(opts.config) : kptConfig(items);
  const { config: configObj, inline } = packageConfig(items, given, diags);
  const cfg = readFunctionConfig(configObj, diags);
  cfg.manifests.enabled = false;
  // As the function compiles: MetalLB's resources marked local-config too (metallbResources: controller).
  const kept = items.filter((i) => !isGenerated(i.obj) && isCompiled(i.obj) && !inline.includes(i) && i.obj !== given && i.obj.kind !== 'Kptfile');
  const inputs = kept.map((i) => i.obj);
  const generated = diags.hasErrors ? undefined : generate(inputs, cfg, diags);
  if (!generated) {
    const source = sourceIndex(kept);
    const lines = diags.list.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, source(d.ref)));
    throw new InputError(`${spec} does not compile:`, lines);
  }
  const ns = cfg.frrk8sNamespace;
  return {
    source: spec,
    input: 'metallb',
    objects: kept,
    config: cfg,
    model: generated.model,
    generated: generated.configurations,
    handWritten: generated.model.frrConfigurations.filter((o) => (o.metadata?.namespace ?? '') === ns),
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
  const pipeline = kptfile.obj.pipeline;
  const mutators = isMap(pipeline) && Array.isArray(pipeline.mutators) ? pipeline.mutators.filter(isMap) : [];
  const ours = mutators.find((m) => typeof m.configPath === 'string' && /metallb-frr/.test(`${String(m.exec ?? '')} ${String(m.image ?? '')}`));
  if (!ours) return undefined;
  const path = `${dir}${String(ours.configPath).replace(/^\.\//, '')}`;
  return items.find((i) => i.source === path || i.source.startsWith(`${path} (document`))?.obj;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Node objects among these (undefined when there is none). */
export function nodesOf(objs: KubeObject[]): NodeInfo[] | undefined {
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
export function readNodesFile(path: string): NodeInfo[] {
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
