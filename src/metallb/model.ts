// The typed model the metallb stage produces from the input resources: every
// field parsed, defaulted and validated. compile reads only this.
import type { LabelSelector, ObjectRef } from '../api/k8s.ts';
import type { FRRConfiguration } from '../api/frrk8s.ts';
import type { Family, Prefix } from '../api/ip.ts';
import type { ParsedCommunity } from '../api/community.ts';
import type { BFDProfileSpec } from '../api/metallb.ts';

export interface Model {
  metallbNamespace: string;
  /** Sorted by name. */
  pools: Pool[];
  /** Sorted by name. */
  peers: Peer[];
  /** Sorted by name. */
  bgpAdvertisements: BGPAdvertisement[];
  /** Sorted by name. */
  bfdProfiles: BFDProfile[];
  /** undefined when the input holds no Node: the output is then per peer, not per node. */
  nodes?: NodeInfo[];
  /** LoadBalancer services, sorted by namespace/name. */
  services: ServiceInfo[];
  /** Hand-written FRRConfigurations of the input (structurally valid). */
  frrConfigurations: FRRConfiguration[];
}

export interface Pool {
  name: string;
  ref: ObjectRef;
  labels: Record<string, string>;
  /** The pool's addresses as CIDRs (ranges summarised), in the order written. */
  cidrs: PoolCIDR[];
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  /** spec.serviceAllocation: who MetalLB's controller gives this pool's addresses to. */
  serviceAllocation?: ServiceAllocation;
  /** The BGP advertisements that select this pool, sorted by name. */
  bgpAdvertisements: BGPAdvertisement[];
}

export interface ServiceAllocation {
  namespaces: string[];
  namespaceSelectors: LabelSelector[];
  serviceSelectors: LabelSelector[];
}

export interface PoolCIDR {
  prefix: Prefix;
  /** The spec.addresses entry it came from, and its index. */
  source: string;
  index: number;
}

export interface Peer {
  name: string;
  ref: ObjectRef;
  myASN: number;
  asn?: number;
  dynamicASN?: 'internal' | 'external';
  localASN?: number;
  /** Normalised address text. */
  address?: string;
  addressFamily?: Family;
  iface?: string;
  sourceAddress?: string;
  port: number;
  /**
   * Go duration text, as the FRRConfiguration carries it (src/api/timers.ts);
   * hold and keepalive both set or both unset (the missing one derived as
   * MetalLB does).
   */
  holdTime?: string;
  keepaliveTime?: string;
  connectTime?: string;
  routerID?: string;
  /** The node selector terms; empty means every node. */
  nodeSelectors: LabelSelector[];
  password?: string;
  passwordSecret?: { name: string; namespace: string };
  bfdProfile?: string;
  enableGracefulRestart: boolean;
  ebgpMultiHop: boolean;
  vrf: string;
  dualStackAddressFamily: boolean;
  disableMP: boolean;
}

/** `value` is the text frr-k8s wants: `A:B` or `large:A:B:C`. */
export type Community = ParsedCommunity;

export interface BGPAdvertisement {
  name: string;
  ref: ObjectRef;
  aggregationLength: number;
  aggregationLengthV6: number;
  /** 0 = not set. */
  localPref: number;
  /** Sorted, unique. */
  communities: Community[];
  /** Node selector terms; empty = every node. */
  nodeSelectors: LabelSelector[];
  /** Peer names; empty = every peer. */
  peers: string[];
  serviceSelectors: LabelSelector[];
  /** Names of the pools it selects, sorted. */
  pools: string[];
}

/** The BFDProfile's spec, echo and passive mode defaulted (false). */
export interface BFDProfile extends BFDProfileSpec {
  name: string;
  ref: ObjectRef;
  echoMode: boolean;
  passiveMode: boolean;
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  networkUnavailable: boolean;
  excludedFromLoadBalancers: boolean;
}

export interface ServiceInfo {
  name: string;
  namespace: string;
  ref: ObjectRef;
  labels: Record<string, string>;
  /** The addresses to announce, normalised, with where they came from. */
  ips: Array<{ value: bigint; family: Family; text: string }>;
  ipsFrom: 'status' | 'annotation' | 'spec' | 'none';
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** The pool the IPs belong to, when one does. */
  pool?: string;
  /**
   * Nodes with a ready endpoint, per EndpointSlices of the input; undefined
   * when the input has no EndpointSlice for the service.
   */
  readyNodes?: Set<string>;
  /** True when some ready endpoint exists (for ETP Cluster). */
  hasReadyEndpoint?: boolean;
}
