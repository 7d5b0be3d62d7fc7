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

/**
 * A SecretSource over a list of objects; objects other than v1 Secrets are
 * ignored, and so are Secrets whose name or namespace is no string: files can
 * hold anything there (a map with a toString key breaks a template), and only
 * a string can be referred to.
 */
export function secretsFrom(objects: Iterable<KubeObject>, defaultNamespace = ''): SecretSource {
  const byKey = new Map<string, SecretObject>();
  for (const o of objects) {
    const name: unknown = o.metadata?.name;
    const ns: unknown = o.metadata?.namespace ?? defaultNamespace;
    if (!isSecret(o) || typeof name !== 'string' || typeof ns !== 'string') continue;
    byKey.set(`${ns}/${name}`, o);
  }
  return ({ namespace, name }) => byKey.get(`${namespace}/${name}`);
}
