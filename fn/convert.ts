// `metallb-frr convert-configmap [FILE|-]`: MetalLB's pre-0.13 ConfigMap
// (or just its data.config, as `kubectl get cm config -o jsonpath=...` gives
// it) in, the equivalent MetalLB resources out, mapped as MetalLB's own
// converter (configmaptocrs) maps them (src/metallb/legacy.ts), then checked
// as `build` checks MetalLB resources. Any error: exit 1, nothing on stdout.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_METALLB_NAMESPACE } from '../src/api/agent.ts';
import type { RunResult } from '../src/api/command-line.ts';
import { Diagnostics, formatDiagnostic } from '../src/api/diagnostic.ts';
import { describeRef, refOf, type KubeObject } from '../src/api/k8s.ts';
import { formatStream } from '../src/krm/stream.ts';
import { convertLegacyConfig, isLegacyData } from '../src/metallb/legacy.ts';
import { parseMetalLB } from '../src/metallb/parse.ts';
import { DEFAULTS } from '../src/compile/options.ts';

export const CONVERT_USAGE = 'usage: metallb-frr convert-configmap [FILE|-]';

export function runConvert(argv: string[], readStdin: () => string): RunResult {
  if (argv.length > 1 || argv.some((a) => a.startsWith('-') && a !== '-')) {
    return { code: 2, stdout: '', stderr: `error: convert-configmap takes one FILE (or - for stdin)\n${CONVERT_USAGE}\n` };
  }
  const from = argv[0] ?? '-';
  const source = from === '-' ? 'stdin' : from;
  const fail = (msg: string): RunResult => ({ code: 1, stdout: '', stderr: `error: ${source}: ${msg}\n` });
  let text: string;
  try {
    text = from === '-' ? readStdin() : readFileSync(from, 'utf8');
  } catch (e) {
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message}\n` };
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const real = Array.isArray(docs) ? docs.filter((d) => d.contents !== null || d.errors.length > 0) : [];
  if (real.some((d) => d.errors.length > 0)) return fail(`not valid YAML: ${real.find((d) => d.errors.length > 0)!.errors[0].message.split('\n')[0]}`);
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
  const o = doc as KubeObject;
  if (o !== null && typeof o === 'object' && o.apiVersion === 'v1' && o.kind === 'ConfigMap') {
    const config = (o.data as Record<string, unknown> | undefined)?.config;
    if (typeof config !== 'string' || config.trim() === '') return fail(`${describeRef(refOf(o))} has no data.config: not MetalLB's pre-0.13 configuration`);
    if (typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '') namespace = o.metadata.namespace;
    origin = `ConfigMap ${namespace}/${o.metadata?.name ?? ''}`;
    objects = convertLegacyConfig(config, namespace, { ref: refOf(o), base: 'data.config' }, diags);
  } else if (isLegacyData(doc)) {
    origin = 'data.config';
    objects = convertLegacyConfig(text, namespace, { base: '' }, diags);
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
  const stderr = diags.list.map((d) => formatDiagnostic(d, source) + '\n').join('');
  if (!objects || diags.hasErrors) return { code: 1, stdout: '', stderr };
  const header = `# MetalLB resources converted by "metallb-frr convert-configmap" from MetalLB's pre-0.13 ${origin}.\n`;
  return { code: 0, stdout: header + formatStream(objects), stderr };
}
