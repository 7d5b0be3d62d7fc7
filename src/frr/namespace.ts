// frr-k8s reads FRRConfigurations and Secrets from its own namespace only; an
// object of a file or stream without a namespace is where `kubectl apply -n`
// would put it: in that namespace.
import type { KubeObject } from '../api/k8s.ts';

/** The objects of `namespace` (those without one given it); `ignored` hears of each object of another namespace. */
export function inNamespace<T extends KubeObject>(objects: readonly T[], namespace: string, ignored?: (o: T) => void): T[] {
  const out: T[] = [];
  for (const o of objects) {
    const ns = o.metadata?.namespace ?? namespace;
    if (ns !== namespace) {
      ignored?.(o);
      continue;
    }
    out.push(o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace } });
  }
  return out;
}
