// What the options must meet beyond their schema (the Validator of kyaml's
// fn framework; defaults are options.ts): namespace names, maxObjectSize a size, and in the
// manifests what the API server would refuse in the DaemonSet (image
// references, the PriorityClass name, node selector labels, tolerations,
// resource quantities). Every problem is reported, each naming the setting
// through `where`, which turns a field of the typed spec (`frrk8sNamespace`,
// `manifests.images.frr`) into what the user wrote.
import type { Diagnostics } from '../api/diagnostic.ts';
import type { ObjectRef } from '../api/k8s.ts';
import { DNS_SUBDOMAIN, labelKeyProblem, labelValueProblem } from '../api/selector.ts';
import { parseSize } from '../krm/limits.ts';
import type { FnConfig, ManifestsConfig } from './options.ts';

/** Where a field of the typed spec was set, for a diagnostic. */
export type Where = (field: string) => { ref?: ObjectRef; field?: string };

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Every rule below, manifests first. */
export function checkOptions(cfg: FnConfig, diags: Diagnostics, where: Where): void {
  checkManifests(cfg.manifests, diags, (f) => where(`manifests.${f}`));
  checkNamespaces(cfg, diags, where);
  if (parseSize(cfg.maxObjectSize) === undefined) {
    const w = where('maxObjectSize');
    diags.error(w.ref, w.field, `${JSON.stringify(cfg.maxObjectSize)} is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi, e.g. 3Mi; "0" for no limit)`);
  }
}

/** Namespace names must be DNS labels. */
export function checkNamespaces(
  cfg: FnConfig,
  diags: Diagnostics,
  where: Where,
  keys: ReadonlyArray<'metallbNamespace' | 'frrk8sNamespace'> = ['metallbNamespace', 'frrk8sNamespace'],
): void {
  for (const k of keys) {
    if (!NAMESPACE_NAME.test(cfg[k]) || cfg[k].length > 63) {
      const w = where(k);
      diags.error(w.ref, w.field, `"${cfg[k]}" is not a valid namespace name`);
    }
  }
}

function checkManifests(m: ManifestsConfig, diags: Diagnostics, where: Where): void {
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
}

/** Kubernetes' quantity syntax: a number with an optional suffix (SI, binary or exponent). */
function isQuantity(q: unknown): boolean {
  if (typeof q === 'number') return Number.isFinite(q) && q >= 0;
  return typeof q === 'string' && /^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$/.test(q);
}
