// `metallb-frr convert-configmap`'s work: MetalLB's pre-0.13 ConfigMap (or
// just its data.config, as `kubectl get cm config -o jsonpath=...` gives it)
// in, the equivalent MetalLB resources out, mapped as MetalLB's own converter
// (configmaptocrs) maps them (src/metallb/legacy.ts), then checked as `build`
// checks MetalLB resources, with the function's defaults.
import { parseAllDocuments, type Document } from 'yaml';
import { DEFAULT_METALLB_NAMESPACE } from '../api/agent.ts';
import { Diagnostics, formatDiagnostic } from '../api/diagnostic.ts';
import { describeRef, refOf, type KubeObject } from '../api/k8s.ts';
import { holdsNothing } from '../krm/yaml.ts';
import { convertLegacyConfig, isLegacyData } from '../metallb/legacy.ts';
import { parseMetalLB } from '../metallb/parse.ts';
import { DEFAULTS } from './options.ts';

/** stderr's lines (naming `source`); when nothing is wrong, the MetalLB resources and a comment for the top of the output (what was converted). */
export type LegacyConversion = { lines: string[] } & ({ objects: KubeObject[]; header: string } | { objects?: undefined });

/** Converts the text read from `source` (a file name, or "stdin"). */
export function convertLegacyText(text: string, source: string): LegacyConversion {
  const fail = (msg: string): LegacyConversion => ({ lines: [`error: ${source}: ${msg}`] });
  const docs = parseAllDocuments(text); // (duplicate keys are errors: the parser's default)
  // Empty documents (a trailing ---, a comment alone) are nothing, as in any
  // manifest stream.
  const real = Array.isArray(docs) ? docs.filter((d) => d.errors.length > 0 || !holdsNothing(d)) : [];
  const broken = real.find((d) => d.errors.length > 0);
  if (broken) return fail(`not valid YAML: ${broken.errors[0].message.split('\n')[0]}`);
  if (real.length !== 1) return fail(`expected one document (MetalLB's ConfigMap, or its data.config), found ${real.length}`);
  let doc: unknown;
  try {
    doc = real[0].toJS();
  } catch {
    return fail('the document uses YAML aliases that cannot be resolved');
  }

  const diags = new Diagnostics();
  let objects: KubeObject[] | undefined;
  let origin: string;
  let namespace = DEFAULT_METALLB_NAMESPACE;
  if (isConfigMap(doc)) {
    const config = isMap(doc.data) ? doc.data.config : undefined;
    if (typeof config !== 'string' || config.trim() === '') return fail(`${describeRef(refOf(doc))} has no data.config: not MetalLB's pre-0.13 configuration`);
    if (typeof doc.metadata?.namespace === 'string' && doc.metadata.namespace !== '') namespace = doc.metadata.namespace;
    origin = `ConfigMap ${namespace}/${doc.metadata?.name ?? ''}`;
    objects = convertLegacyConfig(config, namespace, { ref: refOf(doc), base: 'data.config' }, diags);
  } else if (isLegacyData(doc)) {
    origin = 'data.config';
    objects = convertLegacyConfig(documentText(text, real[0]), namespace, { base: '' }, diags);
  } else {
    return fail(`expected MetalLB's pre-0.13 ConfigMap (data.config with peers/address-pools) or its data.config alone`);
  }
  // MetalLB's converter checks its result with MetalLB's own parser; this
  // one with the function's (its notes on how a build would emit them are
  // left out: they are not about the conversion).
  if (objects) {
    const check = new Diagnostics();
    parseMetalLB(objects, { ...DEFAULTS, metallbNamespace: namespace }, check);
    for (const d of check.list) if (d.severity !== 'info') diags.list.push(d);
  }
  const lines = diags.list.map((d) => formatDiagnostic(d, source));
  if (!objects || diags.hasErrors) return { lines };
  return { objects, header: `# MetalLB resources converted by "metallb-frr convert-configmap" from MetalLB's pre-0.13 ${origin}.\n`, lines };
}

/** One document's text, on its lines of `text` (an error names the file's line). */
function documentText(text: string, d: Document.Parsed): string {
  const [start, , end] = d.range;
  return '\n'.repeat(text.slice(0, start).split('\n').length - 1) + text.slice(start, end);
}

function isConfigMap(doc: unknown): doc is KubeObject {
  return isMap(doc) && doc.apiVersion === 'v1' && doc.kind === 'ConfigMap';
}

function isMap(v: unknown): v is Record<string, unknown> {
  // Stryker disable next-line ConditionalExpression: equivalent: a list has no apiVersion, kind or config either
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
