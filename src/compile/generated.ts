// What marks an object the function generated (so that a rerun replaces it,
// and build and the review tools leave it out of their input), and where kpt
// writes one into the package.
import type { KubeObject } from '../api/k8s.ts';
import { PATH_ANNOTATIONS } from '../krm/resourcelist.ts';

export const GENERATED_ANNOTATION = 'metallb-frr.dev/generated';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'metallb-frr';

export function isGenerated(o: KubeObject): boolean {
  return o.metadata?.annotations?.[GENERATED_ANNOTATION] === 'true';
}

/** The object with the generated marks (and only name, namespace, labels and annotations in its metadata). */
export function markGenerated<T extends KubeObject>(o: T): T {
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

/** Where kpt writes a generated object, relative to the package (unless the object says: previews). */
export function generatedPath(o: KubeObject): string {
  // Stryker disable next-line StringLiteral: unreachable: every generated object has a kind and a name
  return o.metadata?.annotations?.[PATH_ANNOTATIONS[1]] ?? `generated/${(o.kind ?? 'object').toLowerCase()}_${o.metadata?.name ?? 'unnamed'}.yaml`;
}

/** The object with kpt's path annotations set to generatedPath (the function's output). */
export function withGeneratedPath(o: KubeObject): KubeObject {
  const path = generatedPath(o);
  const annotations: Record<string, string> = { ...(o.metadata?.annotations ?? {}) };
  for (const k of PATH_ANNOTATIONS) annotations[k] = path;
  return { ...o, metadata: { ...o.metadata, annotations } };
}
