// Reading the function's configuration into its options (options.ts): a
// typed MetalLBFRR resource (fn.metallb-frr.dev/v1alpha1), or a ConfigMap
// with flat keys (kpt's `configMap:` shorthand), or nothing (the defaults).
// The object is checked against the MetalLBFRR schema (a ConfigMap's values
// too), the defaults are filled in, then options-check.ts' rules apply; every
// problem is reported, naming the field or key the user wrote.
import { Diagnostics } from '../api/diagnostic.ts';
import { FN_CONFIG_API_VERSION, FN_CONFIG_KIND, isFnConfigObject } from '../api/fnconfig.ts';
import { refOf, type KubeObject, type ObjectRef } from '../api/k8s.ts';
import { validateStructure, validatorFor } from '../api/validate.ts';
import type { StreamObject } from '../krm/stream.ts';
import { checkOptions } from './options-check.ts';
import { defaultConfig, withDefaults, type FnConfig, type FnConfigSpec } from './options.ts';

/** ConfigMap keys that are spec fields of the same name, and what each takes. */
const CONFIGMAP_KEYS: Record<string, 'string' | 'boolean'> = {
  metallbNamespace: 'string',
  frrk8sNamespace: 'string',
  advertise: 'string',
  otherNamespaces: 'string',
  allowEmpty: 'boolean',
  allowDefaultRoute: 'boolean',
  metallbResources: 'string',
  preview: 'boolean',
  maxObjectSize: 'string',
};

/** ConfigMap keys for the manifests (flat; the typed spec has the full `manifests` object). */
const CONFIGMAP_MANIFEST_KEYS = ['manifests', 'frrImage', 'agentImage'] as const;

const validateFnConfig = validatorFor(FN_CONFIG_API_VERSION, FN_CONFIG_KIND)!;

/** Reads the functionConfig (absent: the defaults); problems are added to diags. */
export function readFunctionConfig(fc: KubeObject | undefined, diags: Diagnostics): FnConfig {
  if (!fc) return defaultConfig();
  const ref = refOf(fc);
  if (fc.apiVersion === 'v1' && fc.kind === 'ConfigMap') {
    const spec = configMapSpec(fc, ref, diags);
    if (!spec) return defaultConfig();
    const cfg = withDefaults(spec);
    checkOptions(cfg, diags, (f) => ({ ref, field: configMapKey(f) }));
    return cfg;
  }
  if (!isFnConfigObject(fc)) {
    diags.error(ref, 'kind', `unsupported functionConfig ${fc.apiVersion ?? ''} ${fc.kind ?? ''}: use ${FN_CONFIG_API_VERSION} ${FN_CONFIG_KIND} or a v1 ConfigMap`);
    return defaultConfig();
  }
  const v = validatorFor(fc.apiVersion, FN_CONFIG_KIND);
  if (!v) {
    diags.error(ref, 'apiVersion', `unsupported version "${fc.apiVersion}" (supported: ${FN_CONFIG_API_VERSION})`);
    return defaultConfig();
  }
  if (!validateStructure(v, fc, diags)) return defaultConfig();
  const cfg = withDefaults(fc.spec ?? {});
  checkOptions(cfg, diags, (f) => ({ ref, field: `spec.${f}` }));
  return cfg;
}

/**
 * A ConfigMap's data as the typed spec, judged by the MetalLBFRR schema (its
 * problems named by key). A value the schema refuses is left out, so that the
 * other keys are still checked; undefined when data is not a map.
 */
function configMapSpec(fc: KubeObject, ref: ObjectRef, diags: Diagnostics): FnConfigSpec | undefined {
  const data: unknown = fc.data ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    diags.error(ref, 'data', 'must be a map of keys to strings');
    return undefined;
  }
  const spec: Record<string, unknown> = {};
  const manifests: { enabled?: boolean; images?: { frr?: string; agent?: string } } = {};
  const known = [...Object.keys(CONFIGMAP_KEYS), ...CONFIGMAP_MANIFEST_KEYS];
  const bool = (k: string, v: string): boolean | undefined => {
    if (v === 'true' || v === 'false') return v === 'true';
    diags.error(ref, `data.${k}`, `must be "true" or "false", not ${JSON.stringify(v)}`);
    return undefined;
  };
  for (const [k, v] of Object.entries(data)) {
    if (!known.includes(k)) {
      diags.error(ref, `data.${k}`, `unknown key "${k}" (known: ${known.join(', ')})`);
      continue;
    }
    if (typeof v !== 'string') {
      diags.error(ref, `data.${k}`, 'must be a string');
      continue;
    }
    if (k === 'manifests') {
      spec.manifests = manifests;
      const b = bool(k, v);
      if (b !== undefined) manifests.enabled = b;
    } else if (k === 'frrImage' || k === 'agentImage') {
      spec.manifests = manifests;
      (manifests.images ??= {})[k === 'frrImage' ? 'frr' : 'agent'] = v;
    } else if (CONFIGMAP_KEYS[k] === 'boolean') {
      const b = bool(k, v);
      if (b !== undefined) spec[k] = b;
    } else {
      spec[k] = v;
    }
  }
  // The typed schema judges the values too (it wants a metadata, and judges
  // nothing in it; problems are named by the ConfigMap).
  const asTyped: KubeObject = { apiVersion: FN_CONFIG_API_VERSION, kind: FN_CONFIG_KIND, metadata: {}, spec };
  const problems = new Diagnostics();
  if (validateStructure(validateFnConfig, asTyped, problems)) return asTyped.spec ?? {};
  for (const d of problems.list) {
    // Stryker disable next-line Regex: equivalent: every field the schema names here is under spec (asTyped holds an empty metadata and spec), so the first "spec." is the leading one
    diags.add(d.severity, ref, d.field?.replace(/^spec\./, 'data.'), d.message);
    // spec.advertise → advertise: the key the schema refused.
    const key = d.field?.split('.')[1];
    if (key !== undefined) delete spec[key];
  }
  // Stryker disable next-line ConditionalExpression: equivalent: every problem names its key, so the rest passes once they are deleted (a safety net)
  return validateStructure(validateFnConfig, asTyped, new Diagnostics()) ? asTyped.spec ?? {} : undefined;
}

/** The ConfigMap key a field of the typed spec comes from. */
function configMapKey(field: string): string {
  if (field === 'manifests.images.frr') return 'data.frrImage';
  if (field === 'manifests.images.agent') return 'data.agentImage';
  // (The other manifests fields keep their defaults under a ConfigMap: no check fails on them.)
  return `data.${field}`;
}

/**
 * The function's configuration in a package (build's app directory, a
 * review's revision): `given` (--config FILE, a Kptfile's configPath) if any,
 * else the MetalLBFRR object among the items (more than one is an error).
 * `inline` are the MetalLBFRR objects, which are configuration, not input.
 */
export function packageConfig(items: readonly StreamObject[], given: KubeObject | undefined, diags: Diagnostics): { config?: KubeObject; inline: StreamObject[] } {
  const inline = items.filter((i) => isFnConfigObject(i.obj));
  if (!given && inline.length > 1) diags.error(undefined, undefined, `found ${inline.length} ${FN_CONFIG_KIND} objects; keep one, or pass --config`);
  const config = given ?? inline[0]?.obj;
  return { ...(config ? { config } : {}), inline };
}
