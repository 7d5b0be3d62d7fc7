// Values of the function's configuration (fn.metallb-frr.dev/v1alpha1
// MetalLBFRR; schema in schemas.ts, defaults in src/compile/options.ts,
// reading in src/compile/function-config.ts) that the compiler, the review
// tools and the command line share.
import type { KubeObject } from './k8s.ts';

export const FN_CONFIG_GROUP = 'fn.metallb-frr.dev';
export const FN_CONFIG_API_VERSION = `${FN_CONFIG_GROUP}/v1alpha1`;
export const FN_CONFIG_KIND = 'MetalLBFRR';

/** A MetalLBFRR object, of any version (an unknown version is reported when it is read). */
export function isFnConfigObject(o: KubeObject): boolean {
  return o.kind === FN_CONFIG_KIND && o.apiVersion?.startsWith(`${FN_CONFIG_GROUP}/`) === true;
}

/**
 * What the function announces: every pool a BGPAdvertisement selects (the
 * default), or each LoadBalancer service's addresses, as MetalLB's speaker does.
 */
export const ADVERTISE_MODES = ['pools', 'services'] as const;
export type AdvertiseMode = (typeof ADVERTISE_MODES)[number];

/**
 * Which MetalLB resources reach the cluster: every one (default), or only
 * what MetalLB's controller reads to assign addresses (`controller`: no
 * BGPPeer, BGPAdvertisement, BFDProfile or Community, which only the
 * function reads, so that no MetalLB speaker or frr-k8s could act on them).
 */
export const METALLB_RESOURCES_MODES = ['all', 'controller'] as const;
export type MetalLBResourcesMode = (typeof METALLB_RESOURCES_MODES)[number];

/** MetalLB resources outside metallbNamespace: an error (default), or left out with an info. */
export const OTHER_NAMESPACES_MODES = ['error', 'ignore'] as const;
export type OtherNamespacesMode = (typeof OTHER_NAMESPACES_MODES)[number];
