// Wire shapes of the MetalLB custom resources (group metallb.io) that the
// function reads. Field names follow the MetalLB API; ranges and enums live in
// schemas.ts.
import type { BFDSettings } from './bfd.ts';
import type { KubeObject, LabelSelector } from './k8s.ts';

export const METALLB_GROUP = 'metallb.io';

export interface IPAddressPoolSpec {
  addresses: string[];
  autoAssign?: boolean;
  avoidBuggyIPs?: boolean;
  serviceAllocation?: {
    priority?: number;
    namespaces?: string[];
    namespaceSelectors?: LabelSelector[];
    serviceSelectors?: LabelSelector[];
  };
}

export interface BGPPeerSpec {
  myASN: number;
  peerASN?: number;
  dynamicASN?: 'internal' | 'external';
  localASN?: number;
  peerAddress?: string;
  interface?: string;
  sourceAddress?: string;
  peerPort?: number;
  holdTime?: string;
  keepaliveTime?: string;
  connectTime?: string;
  routerID?: string;
  nodeSelectors?: LabelSelector[];
  password?: string;
  passwordSecret?: { name?: string; namespace?: string };
  bfdProfile?: string;
  enableGracefulRestart?: boolean;
  ebgpMultiHop?: boolean;
  vrf?: string;
  disableMP?: boolean;
  dualStackAddressFamily?: boolean;
}

export interface BGPAdvertisementSpec {
  aggregationLength?: number;
  aggregationLengthV6?: number;
  localPref?: number;
  communities?: string[];
  ipAddressPools?: string[];
  ipAddressPoolSelectors?: LabelSelector[];
  nodeSelectors?: LabelSelector[];
  peers?: string[];
  serviceSelectors?: LabelSelector[];
}

export interface L2AdvertisementSpec {
  ipAddressPools?: string[];
  ipAddressPoolSelectors?: LabelSelector[];
  nodeSelectors?: LabelSelector[];
  interfaces?: string[];
  serviceSelectors?: LabelSelector[];
  preferredNodeSelectors?: Array<{ weight: number; preference: LabelSelector }>;
}

export interface CommunitySpec {
  communities?: Array<{ name?: string; value?: string }>;
}

export type BFDProfileSpec = BFDSettings;

export type Typed<S> = KubeObject & { spec: S };
