// Where the FRR library finds password Secrets: a SecretSource (namespace,
// name → Secret). frr-k8s reads them from its own namespace only. Reading a
// Secret's password is src/api/secret.ts.
import type { KubeObject } from '../api/k8s.ts';
import { isSecret, type SecretObject } from '../api/secret.ts';

export interface SecretKey {
  namespace: string;
  name: string;
}

/** Finds a Secret by namespace and name; undefined when there is none. */
export type SecretSource = (key: SecretKey) => SecretObject | undefined;

/** No Secrets at all (the function's preview, a dry run). */
export const noSecrets: SecretSource = () => undefined;

/** A SecretSource over a list of objects; objects other than v1 Secrets are ignored. */
export function secretsFrom(objects: Iterable<KubeObject>, defaultNamespace = ''): SecretSource {
  const byKey = new Map<string, SecretObject>();
  for (const o of objects) {
    if (!isSecret(o)) continue;
    const ns = o.metadata?.namespace ?? defaultNamespace;
    byKey.set(`${ns}/${o.metadata?.name ?? ''}`, o);
  }
  return ({ namespace, name }) => byKey.get(`${namespace}/${name}`);
}
