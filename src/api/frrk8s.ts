// Types of the frr-k8s API (group frrk8s.metallb.io, version v1beta1) as they
// appear on the wire, derived from the JSON schemas in schemas.ts (the
// authority on fields, ranges and enums; see there for what differs from
// upstream's CRD). Field names and optionality follow the upstream CRD.
import type { Static } from '@sinclair/typebox';
import { groupOf, type KubeObject } from './k8s.ts';
import type { bgpSessionStateStatus, frrConfigurationSpec, frrk8sSchemas, frrNodeStateStatus } from './schemas.ts';

export const FRRK8S_GROUP = 'frrk8s.metallb.io';
export const FRRK8S_API_VERSION = 'frrk8s.metallb.io/v1beta1';

/** An object of kind FRRConfiguration in frr-k8s' group (any version; not yet checked against the schema). */
export function isFRRConfiguration(o: KubeObject): boolean {
  return o.kind === 'FRRConfiguration' && groupOf(o.apiVersion) === FRRK8S_GROUP;
}

/** An FRRConfiguration that passed the schema (spec may be absent: the CRD does not require it). */
export type FRRConfiguration = Static<(typeof frrk8sSchemas)['FRRConfiguration_v1beta1']>;
export type FRRConfigurationSpec = Static<typeof frrConfigurationSpec>;
/** An FRRConfiguration the function generates: always with a spec and spec.bgp. */
export type GeneratedFRRConfiguration = FRRConfiguration & { spec: FRRConfigurationSpec & { bgp: BGPConfig } };
export type BGPConfig = NonNullable<FRRConfigurationSpec['bgp']>;
export type RawConfig = NonNullable<FRRConfigurationSpec['raw']>;
export type Router = NonNullable<BGPConfig['routers']>[number];
export type BFDProfile = NonNullable<BGPConfig['bfdProfiles']>[number];
export type Import = NonNullable<Router['imports']>[number];
export type Neighbor = NonNullable<Router['neighbors']>[number];
export type DynamicASNMode = NonNullable<Neighbor['dynamicASN']>;
export type SecretReference = NonNullable<Neighbor['passwordSecret']>;
export type Advertise = NonNullable<Neighbor['toAdvertise']>;
export type AllowedOutPrefixes = NonNullable<Advertise['allowed']>;
export type AllowMode = NonNullable<AllowedOutPrefixes['mode']>;
export type LocalPrefPrefixes = NonNullable<Advertise['withLocalPref']>[number];
export type CommunityPrefixes = NonNullable<Advertise['withCommunity']>[number];
export type Receive = NonNullable<Neighbor['toReceive']>;
export type AllowedInPrefixes = NonNullable<Receive['allowed']>;
export type PrefixSelector = NonNullable<AllowedInPrefixes['prefixes']>[number];

/** FRRNodeState's status, as the agent writes it. */
export type FRRNodeStateStatus = Static<typeof frrNodeStateStatus>;

/** BGPSessionState's status: one BGP session of a node, as FRR sees it. */
export type BGPSessionStateStatus = Static<typeof bgpSessionStateStatus>;

/**
 * BGPSessionState's labels, as frr-k8s sets them: `kubectl get
 * bgpsessionstates -l frrk8s.metallb.io/node=NODE` lists a node's sessions.
 */
export const BGP_SESSION_STATE_LABELS = {
  node: 'frrk8s.metallb.io/node',
  peer: 'frrk8s.metallb.io/peer',
  vrf: 'frrk8s.metallb.io/vrf',
} as const;

/** bfdStatus of a session without BFD (frr-k8s' word). */
export const NO_BFD_STATUS = 'N/A';
