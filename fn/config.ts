// The function's configuration: a typed MetalLBFRR resource
// (fn.metallb-frr.dev/v1alpha1), or a ConfigMap with flat keys (kpt's
// `configMap:` shorthand, Argo CD parameters), or nothing (defaults).
import { DEFAULT_FRRK8S_NAMESPACE, DEFAULT_METALLB_NAMESPACE } from '../src/api/agent.ts';
import type { Static } from '@sinclair/typebox';
import { Diagnostics } from '../src/api/diagnostic.ts';
import { refOf, type KubeObject, type ObjectRef } from '../src/api/k8s.ts';
import type { fnConfigSpec } from '../src/api/schemas.ts';
import { validateStructure, validatorFor } from '../src/api/validate.ts';
import { manifestsDefaults, type ManifestsConfig, type ResourceRequirements } from '../src/compile/manifests.ts';
import { DNS_SUBDOMAIN, labelKeyProblem, labelValueProblem } from '../src/api/selector.ts';

export const FN_CONFIG_API_VERSION = 'fn.metallb-frr.dev/v1alpha1';
export const FN_CONFIG_KIND = 'MetalLBFRR';

/** The configuration (schema: fnConfigSpec in src/api/schemas.ts, where each field is described), every default filled in. */
export type FnConfig = Required<Omit<Static<typeof fnConfigSpec>, 'manifests'>> & { manifests: ManifestsConfig };

export const DEFAULTS: Readonly<FnConfig> = Object.freeze({
  metallbNamespace: DEFAULT_METALLB_NAMESPACE,
  frrk8sNamespace: DEFAULT_FRRK8S_NAMESPACE,
  advertise: 'pools',
  otherNamespaces: 'error',
  allowEmpty: false,
  allowDefaultRoute: false,
  metallbResources: 'all',
  manifests: manifestsDefaults(),
  preview: false,
});

/** A fresh copy of the defaults (nothing shared with DEFAULTS). */
export function defaultConfig(): FnConfig {
  return { ...DEFAULTS, manifests: manifestsDefaults() };
}

/** ConfigMap keys and how each maps onto the typed spec. */
const CONFIGMAP_KEYS: Record<string, keyof FnConfig> = {
  metallbNamespace: 'metallbNamespace',
  frrk8sNamespace: 'frrk8sNamespace',
  advertise: 'advertise',
  otherNamespaces: 'otherNamespaces',
  allowEmpty: 'allowEmpty',
  allowDefaultRoute: 'allowDefaultRoute',
  metallbResources: 'metallbResources',
  preview: 'preview',
};

/** ConfigMap keys whose value is "true" or "false". */
const CONFIGMAP_BOOLEANS: ReadonlySet<string> = new Set(['allowEmpty', 'allowDefaultRoute', 'preview']);

/** ConfigMap keys for the manifests (flat; the typed spec has the full `manifests` object). */
const CONFIGMAP_MANIFEST_KEYS = ['manifests', 'frrImage', 'agentImage'] as const;

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Reads the functionConfig; errors are added to diags. */
export function readFnConfig(fc: KubeObject | undefined, diags: Diagnostics): FnConfig {
  if (!fc) return defaultConfig();
  const ref = refOf(fc);
  let spec: Record<string, unknown> = {};
  if (fc.apiVersion === 'v1' && fc.kind === 'ConfigMap') {
    const data = (fc.data ?? {}) as Record<string, unknown>;
    const known = [...Object.keys(CONFIGMAP_KEYS), ...CONFIGMAP_MANIFEST_KEYS];
    for (const [k, v] of Object.entries(data)) {
      if (!known.includes(k)) {
        diags.error(ref, `data.${k}`, `unknown key "${k}" (known: ${known.join(', ')})`);
        continue;
      }
      if (typeof v !== 'string') {
        diags.error(ref, `data.${k}`, 'must be a string');
        continue;
      }
      const key = CONFIGMAP_KEYS[k];
      if (key && CONFIGMAP_BOOLEANS.has(k)) {
        if (v === 'true' || v === 'false') spec[key] = v === 'true';
        else diags.error(ref, `data.${k}`, `must be "true" or "false", not ${JSON.stringify(v)}`);
        continue;
      }
      if (key) {
        spec[key] = v;
        continue;
      }
      const manifests = (spec.manifests ??= {}) as Record<string, unknown>;
      if (k === 'manifests') {
        if (v === 'true' || v === 'false') manifests.enabled = v === 'true';
        else diags.error(ref, `data.${k}`, `must be "true" or "false", not ${JSON.stringify(v)}`);
      } else {
        const images = (manifests.images ??= {}) as Record<string, unknown>;
        images[k === 'frrImage' ? 'frr' : 'agent'] = v;
      }
    }
    // The typed schema judges the values too.
    const asTyped: KubeObject = { apiVersion: FN_CONFIG_API_VERSION, kind: FN_CONFIG_KIND, metadata: fc.metadata ?? { name: 'config' }, spec };
    const scratch = new Diagnostics();
    validateStructure(validatorFor(FN_CONFIG_API_VERSION, FN_CONFIG_KIND)!, asTyped, scratch);
    for (const d of scratch.list) diags.add(d.severity, ref, d.field?.replace(/^spec\./, 'data.'), d.message);
  } else if (fc.kind === FN_CONFIG_KIND && fc.apiVersion?.startsWith('fn.metallb-frr.dev/')) {
    const v = validatorFor(fc.apiVersion, fc.kind);
    if (!v) {
      diags.error(ref, 'apiVersion', `unsupported version "${fc.apiVersion}" (supported: ${FN_CONFIG_API_VERSION})`);
      return defaultConfig();
    }
    if (!validateStructure(v, fc, diags)) return defaultConfig();
    spec = (fc.spec ?? {}) as Record<string, unknown>;
  } else {
    diags.error(ref, 'kind', `unsupported functionConfig ${fc.apiVersion ?? ''} ${fc.kind ?? ''}: use ${FN_CONFIG_API_VERSION} ${FN_CONFIG_KIND} or a v1 ConfigMap`);
    return defaultConfig();
  }
  const isConfigMap = fc.kind === 'ConfigMap';
  const { manifests, ...rest } = spec as Partial<FnConfig> & { manifests?: Partial<ManifestsConfig> };
  const cfg: FnConfig = { ...defaultConfig(), ...rest, manifests: readManifests(manifests, diags, (f) => ({ ref, field: isConfigMap ? manifestsKey(f) : `spec.manifests.${f}` })) };
  checkNamespaces(cfg, diags, (k) => ({ ref, field: isConfigMap ? `data.${k}` : `spec.${k}` }));
  return cfg;
}

/** The ConfigMap key a manifests field comes from. */
function manifestsKey(field: string): string {
  if (field.startsWith('images.frr')) return 'data.frrImage';
  if (field.startsWith('images.agent')) return 'data.agentImage';
  return 'data.manifests';
}

/**
 * Fills in the defaults of the manifests settings (already structurally
 * valid). A given `images.X` replaces that image; a given `resources.X`
 * replaces that container's requirements whole; `nodeSelector` and
 * `tolerations` replace the defaults ({} and [] remove them).
 */
function readManifests(given: Partial<ManifestsConfig> | undefined, diags: Diagnostics, where: (field: string) => { ref?: ObjectRef; field?: string }): ManifestsConfig {
  const m = manifestsDefaults();
  if (!given) return m;
  const { images, resources, ports, ...flat } = given;
  Object.assign(m, structuredClone(flat));
  Object.assign(m.images, images ?? {});
  Object.assign(m.ports, ports ?? {});
  for (const [c, r] of Object.entries(resources ?? {})) m.resources[c as keyof ManifestsConfig['resources']] = structuredClone(r as ResourceRequirements);

  const problem = (field: string, message: string) => {
    const w = where(field);
    diags.error(w.ref, w.field, message);
  };
  for (const k of ['frr', 'agent'] as const) {
    if (!IMAGE.test(m.images[k])) problem(`images.${k}`, `"${m.images[k]}" is not an image reference (registry/name:tag or @sha256:digest)`);
  }
  m.architectures.forEach((a, i) => {
    if (!/^[a-z0-9]+$/.test(a)) problem(`architectures[${i}]`, `"${a}" is not an architecture as kubernetes.io/arch names it (amd64, arm64, ...)`);
  });
  if (m.ports.health === m.ports.metrics) problem('ports.metrics', `${m.ports.metrics} is also the health port; the agent needs two ports`);
  if (m.priorityClassName !== '' && (!DNS_SUBDOMAIN.test(m.priorityClassName) || m.priorityClassName.length > 253)) problem('priorityClassName', `"${m.priorityClassName}" is not a valid PriorityClass name`);
  for (const [k, v] of Object.entries(m.nodeSelector)) {
    const bad = labelKeyProblem(k) ?? labelValueProblem(v);
    if (bad) problem('nodeSelector', `label "${k}": ${bad}`);
  }
  // What the API server would refuse in the DaemonSet (ValidateTolerations).
  m.tolerations.forEach((t, i) => {
    const at = `tolerations[${i}]`;
    const bad = t.key ? labelKeyProblem(t.key) : undefined;
    if (bad) problem(`${at}.key`, bad);
    if (!t.key && t.operator !== 'Exists') problem(`${at}.operator`, 'must be Exists when key is empty (that tolerates every taint)');
    if (t.operator === 'Exists' && t.value) problem(`${at}.value`, 'must be empty when operator is Exists');
    const badValue = t.operator !== 'Exists' ? labelValueProblem(t.value ?? '') : undefined;
    if (badValue) problem(`${at}.value`, badValue);
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') problem(`${at}.tolerationSeconds`, 'only applies with effect NoExecute');
  });
  for (const [c, r] of Object.entries(m.resources)) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const [name, q] of Object.entries(r[kind] ?? {})) {
        if (!isQuantity(q)) problem(`resources.${c}.${kind}.${name}`, `${typeof q === 'number' ? String(q) : JSON.stringify(q)} is not a resource quantity (e.g. 100m, 128Mi, 1)`);
      }
    }
  }
  return m;
}

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Kubernetes' quantity syntax: a number with an optional suffix (SI, binary or exponent). */
function isQuantity(q: unknown): boolean {
  if (typeof q === 'number') return Number.isFinite(q) && q >= 0;
  return typeof q === 'string' && /^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$/.test(q);
}

/** Namespace names must be DNS labels; `where` says how to name the setting. */
export function checkNamespaces(
  cfg: FnConfig,
  diags: Diagnostics,
  where: (key: string) => { ref?: ObjectRef; field?: string },
  keys: ReadonlyArray<'metallbNamespace' | 'frrk8sNamespace'> = ['metallbNamespace', 'frrk8sNamespace'],
): void {
  for (const k of keys) {
    if (!NAMESPACE_NAME.test(cfg[k]) || cfg[k].length > 63) {
      const w = where(k);
      diags.error(w.ref, w.field, `"${cfg[k]}" is not a valid namespace name`);
    }
  }
}
