// The small decisions compile makes about one announcement, named so that
// `metallb-frr explain` walks the same rules rather than a copy of them
// (MetalLB's speaker: ShouldAnnounce, the advertisement's peers and
// aggregation, the session's address families).
import { aggregate, type Family, type Prefix } from '../api/ip.ts';
import { HOSTNAME_LABEL, type LabelSelector } from '../api/k8s.ts';
import { selectorMatches } from '../api/selector.ts';
import type { BGPAdvertisement, NodeInfo, Peer, ServiceInfo } from '../metallb/model.ts';

/** The aggregation length an advertisement applies to a prefix of this family. */
export function aggregationLength(ad: BGPAdvertisement, family: Family): number {
  return family === 4 ? ad.aggregationLength : ad.aggregationLengthV6;
}

/** The prefix announced for a pool CIDR (or a service IP's host prefix) under an advertisement. */
export function announcedPrefix(p: Prefix, ad: BGPAdvertisement): Prefix {
  return aggregate(p, aggregationLength(ad, p.family));
}

/**
 * Why MetalLB announces nothing from this node, if it does not: excluded
 * from load balancers (the label), or its network unavailable (the condition).
 */
export function nodeSilence(node: NodeInfo | undefined): 'excluded' | 'networkUnavailable' | undefined {
  if (!node) return undefined;
  if (node.excludedFromLoadBalancers) return 'excluded';
  if (node.networkUnavailable) return 'networkUnavailable';
  return undefined;
}

/** An advertisement's (or announcement's) peers: empty means every peer. */
export function toPeer(peers: string[], peer: Peer): boolean {
  return peers.length === 0 || peers.includes(peer.name);
}

/** The address families a session carries: interface (unnumbered) and dual-stack sessions carry both. */
export function peerFamilies(peer: Peer): Family[] {
  return peer.iface || peer.dualStackAddressFamily ? [4, 6] : [peer.addressFamily ?? 4];
}

/** Whether an advertisement applies to a service: no serviceSelectors, or one matching its labels. */
export function selectsService(ad: BGPAdvertisement, svc: ServiceInfo): boolean {
  return ad.serviceSelectors.length === 0 || ad.serviceSelectors.some((s) => selectorMatches(s, svc.labels));
}

/**
 * Whether the service's endpoints let the node announce it: for
 * externalTrafficPolicy Local a ready endpoint on the node, for Cluster one
 * anywhere. Returns extra node conditions (without Node objects), [] for
 * "yes", false for "no".
 */
export function endpointCondition(svc: ServiceInfo, node: NodeInfo | undefined): LabelSelector[] | false {
  if (svc.externalTrafficPolicy === 'Cluster') {
    return svc.hasReadyEndpoint === false ? false : [];
  }
  // Stryker disable next-line ConditionalExpression: equivalent: with no ready node no node is in the set, and an In without values never holds (conjunction drops it)
  if (!svc.readyNodes || svc.readyNodes.size === 0) return false;
  if (node) return svc.readyNodes.has(node.name) ? [] : false;
  // (In any order: conjunction() orders the values.)
  return [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [...svc.readyNodes] }] }];
}

/**
 * MetalLB's checkBGPAdvConflicts: the first two of the advertisements
 * selecting one service whose local preferences cannot both hold (then the
 * service is not announced); `compatible` is compatibleLocalPref for the pool.
 */
export function localPrefConflict(ads: BGPAdvertisement[], compatible: (a: BGPAdvertisement, b: BGPAdvertisement) => boolean): [BGPAdvertisement, BGPAdvertisement] | undefined {
  // Stryker disable next-line EqualityOperator: equivalent: at i = ads.length the inner loop starts past the end and compares no pair
  for (let i = 0; i < ads.length; i++) {
    for (let j = i + 1; j < ads.length; j++) {
      if (!compatible(ads[i], ads[j])) return [ads[i], ads[j]];
    }
  }
  return undefined;
}
