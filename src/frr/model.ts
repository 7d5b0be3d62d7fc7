// The merged configuration of one node: what every FRRConfiguration selecting
// the node says, united under frr-k8s' rules and checked. merge() builds it,
// render() turns it into frr.conf. All values are canonical (addresses and
// prefixes in their shortest text, defaults removed) and every list is sorted,
// so two equal inputs give equal models and equal bytes.
import type { BFDSettings } from '../api/bfd.ts';
import { describeRef, type ObjectRef } from '../api/k8s.ts';
import type { SecretText } from '../api/secret.ts';

/** Where a value came from: an object and the field path inside it. */
export interface Origin {
  ref: ObjectRef;
  field: string;
}

export function describeOrigin(o: Origin): string {
  return `${describeRef(o.ref)} ${o.field}`;
}

/** A BGP peer AS: a number, or frr-k8s' dynamic modes. */
export type PeerASN = number | 'internal' | 'external';

/** The address families a neighbour's session carries (unicast). */
export type NeighborFamily = 'ipv4' | 'ipv6' | 'dual';

export const DEFAULT_PORT = 179;
export const DEFAULT_HOLD_TIME = 180;
export const DEFAULT_KEEPALIVE_TIME = 60;
export const DEFAULT_CONNECT_TIME = 60;

/** Where a neighbour's TCP-MD5 password comes from. */
export type PasswordSpec =
  | { kind: 'text'; text: SecretText; origin: Origin }
  | { kind: 'secret'; namespace: string; name: string; origin: Origin };

/** One entry of an inbound prefix-list, lengths already in FRR's form. */
export interface PrefixFilter {
  prefix: string;
  /** Only when longer than the prefix (FRR refuses ge <= len). */
  ge?: number;
  /** Only when it adds something to ge (FRR refuses le <= len). */
  le?: number;
}

export interface LocalPrefEntry {
  localPref: number;
  v4: string[];
  v6: string[];
}

export interface CommunityEntry {
  /** Canonical text: `A:B`, or `A:B:C` for a large community. */
  value: string;
  large: boolean;
  v4: string[];
  v6: string[];
}

export interface Advertise {
  /** Prefixes this neighbour may receive from the node. */
  v4: string[];
  v6: string[];
  localPrefs: LocalPrefEntry[];
  communities: CommunityEntry[];
  nextHopV4?: string;
  nextHopV6?: string;
}

export interface Receive {
  /** Accept every prefix. */
  all: boolean;
  v4: PrefixFilter[];
  v6: PrefixFilter[];
}

export interface MergedNeighbor {
  /** Canonical address, or interface name; unique within its router. */
  peer: string;
  kind: 'address' | 'interface';
  family: NeighborFamily;
  asn: PeerASN;
  localASN?: number;
  /** Absent when the default (179). */
  port?: number;
  /** Seconds; both or neither, absent when the defaults (180/60). */
  holdTime?: number;
  keepaliveTime?: number;
  /** Seconds; absent when the default (60). */
  connectTime?: number;
  ebgpMultiHop: boolean;
  gracefulRestart: boolean;
  bfdProfile?: string;
  sourceAddress?: string;
  password?: PasswordSpec;
  advertise: Advertise;
  receive: Receive;
  /** Every place the neighbour was declared, in merge order. */
  origins: Origin[];
}

export interface MergedRouter {
  /** '' is the default VRF. */
  vrf: string;
  asn: number;
  routerId?: string;
  /** Networks the node originates, IPv4 first, numeric order. */
  prefixes: string[];
  /** VRFs whose routes are imported; 'default' is the default VRF. */
  imports: string[];
  neighbors: MergedNeighbor[];
  origins: Origin[];
}

/** A BFD profile, echo and passive mode defaulted (false). */
export interface MergedBFDProfile extends BFDSettings {
  name: string;
  echoMode: boolean;
  passiveMode: boolean;
  origin: Origin;
}

export interface RawSnippet {
  priority: number;
  text: string;
  origin: Origin;
}

export interface Merged {
  /** The FRRConfigurations merged, in merge order (namespace, then name). */
  sources: ObjectRef[];
  /** Default VRF first, then by VRF name. */
  routers: MergedRouter[];
  bfdProfiles: MergedBFDProfile[];
  /** In priority order, then by configuration name. */
  raw: RawSnippet[];
}

/** How messages name a neighbour: `neighbor 10.0.0.1` or `neighbor eth0 in VRF red`. */
export function describeNeighbor(peer: string, vrf: string): string {
  return `neighbor ${peer}${vrf ? ` in VRF ${vrf}` : ''}`;
}
