// Which inputs the function compiles and which reach the cluster. Local
// configuration (the Kptfile, the function's own configuration, previews)
// never reaches the cluster; MetalLB's resources are compiled whether marked
// local-config or not, since marking them is how a kpt or kustomize package
// keeps them out of the cluster (metallbResources: controller: only MetalLB's
// controller runs there, and it reads pools, not peers).
import type { Diagnostics } from '../api/diagnostic.ts';
import { groupOf, refOf, type KubeObject } from '../api/k8s.ts';
import { METALLB_GROUP } from '../api/metallb.ts';
import { LOCAL_CONFIG_ANNOTATION } from '../krm/resourcelist.ts';
import { isGenerated } from './generated.ts';
import type { FnConfig } from './options.ts';

export function isLocalConfig(o: KubeObject): boolean {
  return o.metadata?.annotations?.[LOCAL_CONFIG_ANNOTATION] === 'true';
}

/** What the function compiles: every object but local configuration, except MetalLB's resources, read either way. */
export function isCompiled(o: KubeObject): boolean {
  return !isLocalConfig(o) || groupOf(o.apiVersion) === METALLB_GROUP;
}

/** The MetalLB kinds only the function reads: MetalLB's controller assigns addresses without them. */
export const METALLB_BGP_KINDS: readonly string[] = ['BGPPeer', 'BGPAdvertisement', 'BFDProfile', 'Community'];

/** Whether metallbResources keeps `o` out of the cluster. */
export function keptOutOfCluster(o: KubeObject, cfg: FnConfig): boolean {
  return cfg.metallbResources === 'controller' && groupOf(o.apiVersion) === METALLB_GROUP && METALLB_BGP_KINDS.includes(String(o.kind));
}

/**
 * metallbResources: controller under kpt or kustomize: a KRM function cannot
 * leave an input item out (kpt would delete its file), so each BGP kind must
 * carry the local-config annotation that keeps it out of `kpt live apply`
 * and `kustomize build`; one error per object without it.
 */
export function checkKeptOutMarked(objects: readonly KubeObject[], cfg: FnConfig, diags: Diagnostics): void {
  for (const o of objects) {
    if (!keptOutOfCluster(o, cfg) || isLocalConfig(o) || isGenerated(o)) continue;
    diags.error(
      refOf(o),
      'metadata.annotations',
      `metallbResources: controller keeps ${o.kind}s out of the cluster, and a KRM function cannot leave an input out (kpt would delete its file): annotate it ${LOCAL_CONFIG_ANNOTATION}: "true" (kpt live apply and kustomize then leave it out; the function reads it all the same), or use metallb-frr build, which leaves it out itself`,
    );
  }
}
