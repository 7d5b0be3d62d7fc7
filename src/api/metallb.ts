// Types of the MetalLB custom resources (group metallb.io) that the function
// reads, derived from their JSON schemas in schemas.ts (the authority on
// fields, ranges and enums). Field names follow the MetalLB API.
import type { Static } from '@sinclair/typebox';
import type { metallbSchemas } from './schemas.ts';

export const METALLB_GROUP = 'metallb.io';

type Resource<N extends keyof typeof metallbSchemas> = Static<(typeof metallbSchemas)[N]>;

export type IPAddressPool = Resource<'IPAddressPool_v1beta1'>;
/** v1beta2, as the function reads every BGPPeer (v1beta1 ones are converted). */
export type BGPPeer = Resource<'BGPPeer_v1beta2'>;
export type BGPPeerV1beta1 = Resource<'BGPPeer_v1beta1'>;
export type BGPAdvertisement = Resource<'BGPAdvertisement_v1beta1'>;
export type L2Advertisement = Resource<'L2Advertisement_v1beta1'>;
export type Community = Resource<'Community_v1beta1'>;
export type BFDProfile = Resource<'BFDProfile_v1beta1'>;

export type IPAddressPoolSpec = IPAddressPool['spec'];
export type BGPPeerSpec = BGPPeer['spec'];
export type BGPAdvertisementSpec = NonNullable<BGPAdvertisement['spec']>;
export type L2AdvertisementSpec = NonNullable<L2Advertisement['spec']>;
export type CommunitySpec = NonNullable<Community['spec']>;
export type BFDProfileSpec = NonNullable<BFDProfile['spec']>;
