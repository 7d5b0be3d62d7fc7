// Types of the frr-k8s API (group frrk8s.metallb.io, version v1beta1) as they
// appear on the wire. Field names and optionality follow the upstream CRD; the
// JSON schema in schemas.ts is the authority on ranges and enums.
import type { BFDSettings } from './bfd.ts';
import type { LabelSelector, ObjectMeta } from './k8s.ts';

export const FRRK8S_GROUP = 'frrk8s.metallb.io';
export const FRRK8S_API_VERSION = 'frrk8s.metallb.io/v1beta1';

export interface FRRConfiguration {
  apiVersion: typeof FRRK8S_API_VERSION;
  kind: 'FRRConfiguration';
  metadata: ObjectMeta;
  spec: FRRConfigurationSpec;
  status?: Record<string, unknown>;
}

export interface FRRConfigurationSpec {
  bgp?: BGPConfig;
  raw?: RawConfig;
  nodeSelector?: LabelSelector;
}

export interface RawConfig {
  priority?: number;
  rawConfig?: string;
}

export interface BGPConfig {
  routers?: Router[];
  bfdProfiles?: BFDProfile[];
}

export interface Router {
  asn: number;
  id?: string;
  vrf?: string;
  neighbors?: Neighbor[];
  prefixes?: string[];
  imports?: Import[];
  evpn?: Record<string, unknown>;
}

export interface Import {
  vrf?: string;
}

export type DynamicASNMode = 'internal' | 'external';

export interface SecretReference {
  name?: string;
  namespace?: string;
}

export interface Neighbor {
  asn?: number;
  dynamicASN?: DynamicASNMode;
  localASN?: number;
  sourceaddress?: string;
  address?: string;
  interface?: string;
  port?: number;
  password?: string;
  passwordSecret?: SecretReference;
  holdTime?: string;
  keepaliveTime?: string;
  connectTime?: string;
  ebgpMultiHop?: boolean;
  bfdProfile?: string;
  enableGracefulRestart?: boolean;
  toAdvertise?: Advertise;
  toReceive?: Receive;
  disableMP?: boolean;
  dualStackAddressFamily?: boolean;
  addressFamilies?: Array<'unicast' | 'evpn'>;
}

export interface Advertise {
  allowed?: AllowedOutPrefixes;
  withLocalPref?: LocalPrefPrefixes[];
  withCommunity?: CommunityPrefixes[];
  nextHop?: { ipv4?: string; ipv6?: string };
}

export interface AllowedOutPrefixes {
  prefixes?: string[];
  mode?: AllowMode;
}

export type AllowMode = 'all' | 'filtered';

export interface LocalPrefPrefixes {
  prefixes: string[];
  localPref: number;
}

export interface CommunityPrefixes {
  prefixes: string[];
  community: string;
}

export interface Receive {
  allowed?: AllowedInPrefixes;
}

export interface AllowedInPrefixes {
  prefixes?: PrefixSelector[];
  mode?: AllowMode;
}

export interface PrefixSelector {
  prefix: string;
  le?: number;
  ge?: number;
}

export interface BFDProfile extends BFDSettings {
  name: string;
}

export interface FRRNodeState {
  apiVersion: typeof FRRK8S_API_VERSION;
  kind: 'FRRNodeState';
  metadata: ObjectMeta;
  spec?: Record<string, never>;
  status?: FRRNodeStateStatus;
}

export interface FRRNodeStateStatus {
  runningConfig?: string;
  lastConversionResult?: string;
  lastReloadResult?: string;
}
