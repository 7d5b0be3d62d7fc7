// The function's configuration: a typed MetalLBFRR resource
// (fn.metallb-frr.dev/v1alpha1), or a ConfigMap with flat keys (kpt's
// `configMap:` shorthand, Argo CD parameters), or nothing (defaults).
import { Diagnostics } from '../src/api/diagnostic.ts';
import { refOf, type KubeObject, type ObjectRef } from '../src/api/k8s.ts';
import { validateStructure, validatorFor } from '../src/api/validate.ts';

export const FN_CONFIG_API_VERSION = 'fn.metallb-frr.dev/v1alpha1';
export const FN_CONFIG_KIND = 'MetalLBFRR';

export interface FnConfig {
  metallbNamespace: string;
  frrk8sNamespace: string;
  advertise: 'pools' | 'services';
}

export const DEFAULTS: FnConfig = {
  metallbNamespace: 'metallb-system',
  frrk8sNamespace: 'frr-k8s-system',
  advertise: 'pools',
};

/** ConfigMap keys and how each maps onto the typed spec. */
const CONFIGMAP_KEYS: Record<string, keyof FnConfig> = {
  metallbNamespace: 'metallbNamespace',
  frrk8sNamespace: 'frrk8sNamespace',
  advertise: 'advertise',
};

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Reads the functionConfig; errors are added to diags. */
export function readFnConfig(fc: KubeObject | undefined, diags: Diagnostics): FnConfig {
  if (!fc) return { ...DEFAULTS };
  const ref = refOf(fc);
  let spec: Record<string, unknown> = {};
  if (fc.apiVersion === 'v1' && fc.kind === 'ConfigMap') {
    const data = (fc.data ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(data)) {
      const key = CONFIGMAP_KEYS[k];
      if (!key) {
        diags.error(ref, `data.${k}`, `unknown key "${k}" (known: ${Object.keys(CONFIGMAP_KEYS).join(', ')})`);
        continue;
      }
      if (typeof v !== 'string') {
        diags.error(ref, `data.${k}`, 'must be a string');
        continue;
      }
      spec[key] = v;
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
      return { ...DEFAULTS };
    }
    if (!validateStructure(v, fc, diags)) return { ...DEFAULTS };
    spec = (fc.spec ?? {}) as Record<string, unknown>;
  } else {
    diags.error(ref, 'kind', `unsupported functionConfig ${fc.apiVersion ?? ''} ${fc.kind ?? ''}: use ${FN_CONFIG_API_VERSION} ${FN_CONFIG_KIND} or a v1 ConfigMap`);
    return { ...DEFAULTS };
  }
  const cfg: FnConfig = { ...DEFAULTS, ...(spec as Partial<FnConfig>) };
  checkNamespaces(cfg, diags, (k) => ({ ref, field: fc.kind === 'ConfigMap' ? `data.${k}` : `spec.${k}` }));
  return cfg;
}

/** Namespace names must be DNS labels; `where` says how to name the setting. */
export function checkNamespaces(cfg: FnConfig, diags: Diagnostics, where: (key: string) => { ref?: ObjectRef; field?: string }): void {
  for (const k of ['metallbNamespace', 'frrk8sNamespace'] as const) {
    if (!NAMESPACE_NAME.test(cfg[k]) || cfg[k].length > 63) {
      const w = where(k);
      diags.error(w.ref, w.field, `"${cfg[k]}" is not a valid namespace name`);
    }
  }
}
