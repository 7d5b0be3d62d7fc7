// model → FRRConfiguration: what MetalLB's speaker publishes in frr-k8s mode
// (internal/bgp/frrk8s/frrk8s.go updateConfig, speaker/bgp_controller.go),
// computed at build time.
//
// Shape. With Node objects in the input there is one configuration per node,
// `metallb-<node>` with nodeSelector kubernetes.io/hostname: <node> and the
// label metallb-frr.dev/node: <node> (the agent's watch filters on it), for every
// node with at least one BGP session (or every node when any BFDProfile
// exists), as the speaker on that node would publish it. Without Nodes there is
// one per BGPPeer (`metallb-<peer>`, `-<i>` per node selector term), selected
// by the peer's own node selector; an advertisement or service that only some
// nodes announce adds a `-partN` configuration whose node selector is the
// conjunction of both, and frr-k8s merges them on the node.
//
// What is announced. advertise: pools (default) announces each selected
// pool's CIDRs, aggregated to the advertisement's length; advertise: services
// announces each LoadBalancer service's IPs by the speaker's rules
// (ShouldAnnounce): its IPs in one pool, an advertisement of that pool for the
// node and the service's labels, node neither excluded from load balancers nor
// network-unavailable, ready endpoints anywhere (Cluster) or on the node
// (Local); each IP masked to the aggregation length.
//
// Neighbours. Everything MetalLB sets: asn or dynamicASN, address (normalised)
// or interface, port (always), hold/keepalive (both, or neither), connectTime,
// ebgpMultiHop, bfdProfile, enableGracefulRestart, dualStackAddressFamily,
// disableMP, toAdvertise (allowed, withLocalPref per localPref, withCommunity
// per community). Each neighbour gets the prefixes of its address family;
// interface and dual-stack neighbours get both. Two deliberate differences:
// - sourceaddress and localASN are emitted (the speaker drops them in
//   frr-k8s mode although frr-k8s supports both; MetalLB's FRR mode honours
//   them); the metallb stage says so with an info result.
// - a passwordSecret is a reference into the FRR-K8s namespace, never
//   resolved; an inline password stays inline.
// Empty lists MetalLB writes (toAdvertise.allowed.prefixes: []) are omitted:
// frr-k8s reads both the same.
//
// Ordering (documented in fn/README.md; MetalLB sorts strings, we sort
// numerically, which frr-k8s treats the same): configurations by name; routers
// by VRF (default first), then ASN, then router ID; neighbours by address
// (numerically, IPv4 first), then interface name; prefixes numerically (IPv4
// first, then address, then length); withLocalPref by localPref;
// withCommunity by community value (MetalLB's LessThan: a standard A:B counts
// as large (A<<16|B):0:0); BFD profiles by name.
import { NODE_CONFIG_LABEL, nodeLabelValue } from '../api/agent.ts';
import { pickBFDSettings } from '../api/bfd.ts';
import type { Diagnostics } from '../api/diagnostic.ts';
import type { AdvertiseMode } from '../api/fnconfig.ts';
import { FRRK8S_API_VERSION, type BFDProfile as FRRBFDProfile, type BGPConfig, type GeneratedFRRConfiguration, type Neighbor, type Router } from '../api/frrk8s.ts';
import { bitsOf, compareAddresses, comparePrefixes, formatPrefix, type Prefix } from '../api/ip.ts';
import { HOSTNAME_LABEL, type LabelSelector } from '../api/k8s.ts';
import { compareCommunities } from '../api/community.ts';
import type { BFDProfile, BGPAdvertisement, Community, Model, NodeInfo, Peer, Pool, ServiceInfo } from '../metallb/model.ts';
import { compareStrings } from '../api/order.ts';
import { compatibleLocalPref } from '../metallb/advertisements.ts';
import { canonicalSelector as selectorKey } from '../api/selector.ts';
import { conjunction, selectsNode } from '../metallb/selectors.ts';
import { announcedPrefix, endpointCondition, localPrefConflict, nodeSilence, peerFamilies, selectsService, toPeer } from './decisions.ts';

export interface CompileOptions {
  frrk8sNamespace: string;
  advertise: AdvertiseMode;
}

/** One prefix to announce, with its attributes and who may announce it. */
interface Announcement {
  prefix: Prefix;
  /** The prefix's text, formatted once (nodes share their announcements). */
  text: string;
  /** The prefix's place in numeric order among all announced prefixes: sorting compares these. */
  rank: number;
  localPref: number;
  communities: Community[];
  /** Peer names; empty = every peer. */
  peers: string[];
  /** Extra node conditions (AND); only used without Node objects. */
  conditions: LabelSelector[];
  /** The advertisement it comes from. */
  ad: BGPAdvertisement;
}


export function compileFRRConfigurations(model: Model, opts: CompileOptions, diags: Diagnostics): GeneratedFRRConfiguration[] {
  if (opts.advertise === 'pools') {
    for (const ad of model.bgpAdvertisements) {
      if (ad.serviceSelectors.length > 0) {
        diags.info(ad.ref, 'spec.serviceSelectors', 'serviceSelectors have no effect with advertise: pools (every selected pool is announced whole)');
      }
    }
  } else {
    reportEndpointAssumptions(model, diags);
  }
  const findings: Findings = { conflicts: new Map(), clashes: new Map() };
  const configs = model.nodes === undefined ? perPeer(model, opts, findings, diags) : perNode(model, model.nodes, opts, findings);
  for (const c of findings.clashes.values()) diags.error(c.b.ref, 'spec.localPref', clashMessage(c));
  for (const c of findings.conflicts.values()) {
    const where = c.nodes.length > 0 ? ` from node${c.nodes.length > 1 ? 's' : ''} ${c.nodes.join(', ')}` : '';
    diags.warning(c.svc.ref, 'metadata.labels', `not announced${where}: BGPAdvertisements "${c.a.name}" and "${c.b.name}" select it with conflicting localPref (${c.a.localPref} vs ${c.b.localPref})`);
  }
  return configs;
}

/** What compiling found, each reported once after all configurations are built. */
interface Findings {
  /** Services left out because two advertisements conflict, by service and pair. */
  conflicts: Map<string, { svc: ServiceInfo; a: BGPAdvertisement; b: BGPAdvertisement; nodes: string[] }>;
  /** Prefixes sent to a neighbour with two localPrefs (possible only when whole pools are announced), by advertisement pair. */
  clashes: Map<string, Clash>;
}

interface Clash {
  a: BGPAdvertisement;
  b: BGPAdvertisement;
  prefixes: Map<string, Prefix>;
  peers: Set<string>;
}

/**
 * One sentence per pair of advertisements: what clashes, why their
 * difference does not separate them in pools mode, and the recipe for
 * MetalLB's aggregate-plus-host-routes pattern.
 */
function clashMessage(c: Clash): string {
  const prefixes = [...c.prefixes.values()].sort(comparePrefixes);
  const shown = prefixes.slice(0, 3).map(formatPrefix).join(', ') + (prefixes.length > 3 ? ` and ${prefixes.length - 3} more` : '');
  const peers = [...c.peers].sort(compareStrings);
  const pools = c.a.pools.filter((p) => c.b.pools.includes(p));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: unreachable: pools do not overlap and an aggregate never reaches beyond its CIDR, so a clashing prefix is in a pool both advertisements select
  const what = pools.length > 0
    ? `IPAddressPool${pools.length > 1 ? 's' : ''} ${pools.map((p) => `"${p}"`).join(', ')} (${shown})`
    : shown;
  const splits: string[] = [];
  const v4 = prefixes.some((p) => p.family === 4);
  const v6 = prefixes.some((p) => p.family === 6);
  if (v4 && c.a.aggregationLength !== c.b.aggregationLength) splits.push(`aggregationLength ${c.a.aggregationLength} and ${c.b.aggregationLength}`);
  if (v6 && c.a.aggregationLengthV6 !== c.b.aggregationLengthV6) splits.push(`aggregationLengthV6 ${c.a.aggregationLengthV6} and ${c.b.aggregationLengthV6}`);
  if (c.a.serviceSelectors.length > 0 || c.b.serviceSelectors.length > 0) splits.push('serviceSelectors');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: unreachable: two localPrefs meet on one peer and node only when serviceSelectors or an aggregation length of every family of the pool differ (as below)
  const why = splits.length > 0
    ? `with advertise: pools each announces the pool whole, so their ${splits.join(' and ')}, which MetalLB applies per service, do not separate them`
    // Stryker disable next-line StringLiteral: unreachable: MetalLB's check (compatibleLocalPref) lets two localPrefs meet on one peer and node only when serviceSelectors or an aggregation length of every family of the pool differ
    : 'with advertise: pools each announces the pool whole';
  return `BGPAdvertisements "${c.a.name}" and "${c.b.name}" both announce ${what} to BGPPeer${peers.length > 1 ? 's' : ''} ${peers.map((p) => `"${p}"`).join(', ')} with localPref ${c.a.localPref} and ${c.b.localPref}: ${why}, and frr-k8s sends a prefix with one localPref only. To announce per service as MetalLB does (an aggregate plus host routes, a localPref per set of services), use advertise: services with the services' IPs pinned in Git (metallb.io/loadBalancerIPs or spec.loadBalancerIP); otherwise give both one localPref`;
}


// ------------------------------------------------------------ per node ---

function perNode(model: Model, nodes: NodeInfo[], opts: CompileOptions, findings: Findings): GeneratedFRRConfiguration[] {
  const out: GeneratedFRRConfiguration[] = [];
  const announcements = announcer(model, opts.advertise, findings);
  // Nodes with the same sessions and announcements (the same objects: the
  // announcer shares them) get the same spec.bgp, built once and shared.
  const ids = new WeakMap<object, number>();
  let next = 0;
  const idOf = (o: object) => {
    let i = ids.get(o);
    // Stryker disable next-line UpdateOperator: equivalent: the ids only need to be distinct
    if (i === undefined) ids.set(o, (i = next++));
    return i;
  };
  const built = new Map<string, BGPConfig>();
  for (const node of nodes) {
    const sessions = model.peers.filter((p) => selectsNode(p.nodeSelectors, node.labels));
    if (sessions.length === 0 && model.bfdProfiles.length === 0) continue;
    const anns = announcements(node);
    const nodeSelector = { matchLabels: { [HOSTNAME_LABEL]: node.name } };
    const name = `metallb-${node.name}`;
    const key = `${sessions.map(idOf).join(',')}|${anns.map(idOf).join(',')}`;
    const bgp = built.get(key);
    if (bgp) {
      out.push(forNode({ apiVersion: FRRK8S_API_VERSION, kind: 'FRRConfiguration', metadata: { name, namespace: opts.frrk8sNamespace }, spec: { nodeSelector, bgp } }, node.name));
      continue;
    }
    const c = frrConfiguration(name, opts.frrk8sNamespace, nodeSelector, sessions, anns, model.bfdProfiles, findings);
    built.set(key, c.spec.bgp);
    out.push(forNode(c, node.name));
  }
  return out;
}

/**
 * Labels a per-node configuration with its node (NODE_CONFIG_LABEL): each
 * node's agent watches only its own and the unlabelled ones. (Node names
 * longer than a label value are refused before this, by the parser.)
 */
function forNode(c: GeneratedFRRConfiguration, node: string): GeneratedFRRConfiguration {
  const value = nodeLabelValue(node);
  if (value === undefined) return c;
  return { ...c, metadata: { ...c.metadata, labels: { [NODE_CONFIG_LABEL]: value } } };
}

// ------------------------------------------------------------ per peer ---

function perPeer(model: Model, opts: CompileOptions, findings: Findings, diags: Diagnostics): GeneratedFRRConfiguration[] {
  const out: GeneratedFRRConfiguration[] = [];
  const owner = new Map<string, Peer>();
  const emit = (c: GeneratedFRRConfiguration, peer: Peer) => {
    // A peer "a-0" and the first node selector term of a peer "a" would clash.
    const name = c.metadata.name!;
    const other = owner.get(name);
    if (other) diags.error(peer.ref, 'metadata.name', `BGPPeers "${other.name}" and "${peer.name}" both produce an FRRConfiguration named "${name}": rename one`);
    owner.set(name, peer);
    out.push(c);
  };
  const anns = announcer(model, opts.advertise, findings)(undefined);
  // The selector under which an announcement applies, per peer term and
  // conditions (announcements share their conditions arrays; peers, their terms).
  const joined = new Map<string, Map<LabelSelector[], { key: string; selector: LabelSelector } | null>>();
  const join = (term: LabelSelector, termKey: string, conditions: LabelSelector[]) => {
    let byConditions = joined.get(termKey);
    if (!byConditions) joined.set(termKey, (byConditions = new Map()));
    let j = byConditions.get(conditions);
    if (j === undefined) {
      const selector = conjunction([term, ...conditions]);
      // null: the conditions can never hold together
      byConditions.set(conditions, (j = selector ? { key: selectorKey(selector), selector } : null));
    }
    return j;
  };
  for (const peer of model.peers) {
    const mine = anns.filter((a) => toPeer(a.peers, peer));
    const terms: LabelSelector[] = peer.nodeSelectors.length === 0 ? [{}] : peer.nodeSelectors;
    terms.forEach((term, i) => {
      const base = terms.length === 1 ? `metallb-${peer.name}` : `metallb-${peer.name}-${i}`;
      // Group the announcements by the extra condition under which they apply.
      const termKey = selectorKey(term);
      const groups = new Map<string, { selector: LabelSelector; anns: Announcement[] }>();
      groups.set(termKey, { selector: term, anns: [] });
      for (const a of mine) {
        const j = join(term, termKey, a.conditions);
        if (!j) continue;
        const g = groups.get(j.key) ?? { selector: j.selector, anns: [] };
        g.anns.push(a);
        groups.set(j.key, g);
      }
      const [first, ...rest] = [...groups.entries()];
      emit(frrConfiguration(base, opts.frrk8sNamespace, first[1].selector, [peer], first[1].anns, model.bfdProfiles, findings), peer);
      rest
        .sort(([a], [b]) => compareStrings(a, b))
        .forEach(([, g], j) => {
          emit(frrConfiguration(`${base}-part${j + 1}`, opts.frrk8sNamespace, g.selector, [peer], g.anns, model.bfdProfiles, findings), peer);
        });
    });
  }
  return out.sort((a, b) => compareStrings(a.metadata.name!, b.metadata.name!));
}

// ------------------------------------------------------- announcements ---

/**
 * What a node announces (node given), or what any node may announce with the
 * conditions under which it does (node undefined). Everything that does not
 * depend on the node (prefixes, their text, which advertisements select a
 * service, whether two advertisements conflict) is worked out once, not once
 * per node.
 */
function announcer(model: Model, mode: AdvertiseMode, findings: Findings): (node: NodeInfo | undefined) => Announcement[] {
  const compatible = new Map<string, boolean>();
  const conflictOf = (ads: BGPAdvertisement[], pool: Pool): [BGPAdvertisement, BGPAdvertisement] | undefined =>
    localPrefConflict(ads, (a, b) => {
      const key = `${pool.name}|${a.name}|${b.name}`;
      let ok = compatible.get(key);
      // Stryker disable next-line ConditionalExpression: equivalent: a memo of a pure function
      if (ok === undefined) compatible.set(key, (ok = compatibleLocalPref(a, b, pool, model.nodes)));
      return ok;
    });
  // Without a node, an advertisement limited by node selectors applies under each of its terms.
  const nodeTerms = (ad: BGPAdvertisement, node: NodeInfo | undefined): LabelSelector[][] => (node || ad.nodeSelectors.length === 0 ? [[]] : ad.nodeSelectors.map((s) => [s]));
  // Appended one by one: a pool's CIDRs can outnumber what a spread may pass.
  const addUnder = (out: Announcement[], anns: Announcement[], conditions: LabelSelector[]) => {
    for (const a of anns) out.push(conditions.length === 0 ? a : { ...a, conditions });
  };
  // MetalLB announces nothing from a node that is excluded from load
  // balancers or whose network is unavailable.
  const silent = (node: NodeInfo | undefined) => nodeSilence(node) !== undefined;
  const adsOn = (node: NodeInfo | undefined): ((ad: BGPAdvertisement) => boolean) => {
    if (!node) return () => true;
    const on = new Set(model.bgpAdvertisements.filter((ad) => selectsNode(ad.nodeSelectors, node.labels)));
    return (ad) => on.has(ad);
  };

  if (mode === 'pools') {
    const byAd = model.pools.flatMap((pool) =>
      pool.bgpAdvertisements.map((ad) => ({
        ad,
        anns: pool.cidrs.map((c) => announcement(announcedPrefix(c.prefix, ad), ad)),
      })),
    );
    rank(byAd.flatMap((x) => x.anns));
    return (node) => {
      if (silent(node)) return [];
      const out: Announcement[] = [];
      const onNode = adsOn(node);
      for (const { ad, anns } of byAd) {
        if (!onNode(ad)) continue;
        for (const conditions of nodeTerms(ad, node)) addUnder(out, anns, conditions);
      }
      return out;
    };
  }

  const pools = new Map(model.pools.map((p) => [p.name, p]));
  const bySvc = model.services.flatMap((svc) => {
    const pool = svc.pool === undefined ? undefined : pools.get(svc.pool);
    // A service has a pool only when it has IPs (metallb/cluster.ts).
    if (!pool) return [];
    const ads = pool.bgpAdvertisements
      .filter((ad) => selectsService(ad, svc))
      .map((ad) => ({
        ad,
        anns: svc.ips.map((ip) => announcement(announcedPrefix({ family: ip.family, base: ip.value, len: bitsOf(ip.family) }, ad), ad)),
      }));
    return [{ svc, pool, ads }];
  });
  rank(bySvc.flatMap((x) => x.ads.flatMap((a) => a.anns)));
  return (node) => {
    if (silent(node)) return [];
    const out: Announcement[] = [];
    const onNode = adsOn(node);
    for (const { svc, pool, ads: all } of bySvc) {
      const ads = node ? all.filter((x) => onNode(x.ad)) : all;
      // Stryker disable next-line ConditionalExpression: equivalent: a shortcut; without advertisements nothing below adds anything
      if (ads.length === 0) continue;
      const conflict = conflictOf(ads.map((x) => x.ad), pool);
      if (conflict) {
        const key = `${svc.namespace}/${svc.name}|${conflict[0].name}|${conflict[1].name}`;
        const c = findings.conflicts.get(key) ?? { svc, a: conflict[0], b: conflict[1], nodes: [] };
        if (node) c.nodes.push(node.name);
        findings.conflicts.set(key, c);
        continue;
      }
      const endpointConditions = endpointCondition(svc, node);
      if (endpointConditions === false) continue;
      for (const { ad, anns } of ads) {
        for (const conditions of nodeTerms(ad, node)) addUnder(out, anns, [...conditions, ...endpointConditions]);
      }
    }
    return out;
  };
}

/** The conditions of an announcement that has none, one array for all of them. */
const NO_CONDITIONS: LabelSelector[] = [];

function announcement(prefix: Prefix, ad: BGPAdvertisement): Announcement {
  return { prefix, text: formatPrefix(prefix), rank: 0, localPref: ad.localPref, communities: ad.communities, peers: ad.peers, conditions: NO_CONDITIONS, ad };
}

/**
 * Numbers the announcements in the numeric order of their prefixes. Equal
 * prefixes are never compared by rank: every list sorted by rank is keyed by
 * the prefix's text.
 */
function rank(anns: Announcement[]): void {
  [...anns].sort((a, b) => comparePrefixes(a.prefix, b.prefix)).forEach((a, i) => {
    a.rank = i;
  });
}

function reportEndpointAssumptions(model: Model, diags: Diagnostics): void {
  for (const svc of model.services) {
    if (!svc.pool || svc.readyNodes !== undefined) continue;
    if (svc.externalTrafficPolicy === 'Cluster') {
      diags.info(svc.ref, 'spec.externalTrafficPolicy', 'no EndpointSlice for this service in the input: assuming it has ready endpoints (externalTrafficPolicy Cluster)');
    } else {
      diags.info(svc.ref, 'spec.externalTrafficPolicy', 'no EndpointSlice for this service in the input: assuming no node has a local endpoint, so it is not announced (externalTrafficPolicy Local)');
    }
  }
}

// --------------------------------------------------------------- output ---

function frrConfiguration(
  name: string,
  namespace: string,
  nodeSelector: LabelSelector,
  sessions: Peer[],
  anns: Announcement[],
  bfdProfiles: BFDProfile[],
  findings: Findings,
): GeneratedFRRConfiguration {
  const routers = new Map<string, { router: Router; prefixes: Map<string, Announcement>; neighbors: Array<{ peer: Peer; n: Neighbor }> }>();
  // One router per VRF: the peers of one configuration share myASN within a
  // VRF and one router ID (metallb/peers.ts checkPeersOnSameNode).
  for (const peer of sessions) {
    const key = peer.vrf;
    let r = routers.get(key);
    if (!r) {
      const router: Router = { asn: peer.myASN };
      if (peer.routerID) router.id = peer.routerID;
      if (peer.vrf) router.vrf = peer.vrf;
      r = { router, prefixes: new Map(), neighbors: [] };
      routers.set(key, r);
    }
    const { neighbor, prefixes } = neighborFor(peer, anns.filter((a) => toPeer(a.peers, peer)), findings);
    for (const [text, p] of prefixes) r.prefixes.set(text, p);
    r.neighbors.push({ peer, n: neighbor });
  }
  const routerList = [...routers.values()]
    .sort((a, b) => compareStrings(a.router.vrf ?? '', b.router.vrf ?? ''))
    .map(({ router, prefixes, neighbors }) => {
      neighbors.sort((a, b) => compareNeighbors(a.peer, b.peer));
      const out: Router = { ...router, neighbors: neighbors.map((x) => x.n) };
      const sorted = sortedTexts(prefixes);
      if (sorted.length > 0) out.prefixes = sorted;
      return out;
    });
  const bgp: BGPConfig = {};
  if (routerList.length > 0) bgp.routers = routerList;
  if (bfdProfiles.length > 0) bgp.bfdProfiles = bfdProfiles.map(bfdProfile);
  return {
    apiVersion: FRRK8S_API_VERSION,
    kind: 'FRRConfiguration',
    metadata: { name, namespace },
    spec: { nodeSelector, bgp },
  };
}

/** Prefix texts in numeric order (IPv4 first, then address, then length). */
function sortedTexts(m: Map<string, Announcement>): string[] {
  return [...m.values()].sort((a, b) => a.rank - b.rank).map((a) => a.text);
}

/** The neighbour, and the prefixes it announces by text. */
function neighborFor(peer: Peer, anns: Announcement[], findings: Findings): { neighbor: Neighbor; prefixes: Map<string, Announcement> } {
  const n: Neighbor = {};
  if (peer.address) n.address = peer.address;
  if (peer.iface) n.interface = peer.iface;
  if (peer.asn !== undefined) n.asn = peer.asn;
  if (peer.dynamicASN) n.dynamicASN = peer.dynamicASN;
  if (peer.localASN !== undefined) n.localASN = peer.localASN;
  if (peer.sourceAddress) n.sourceaddress = peer.sourceAddress;
  n.port = peer.port;
  if (peer.password) n.password = peer.password;
  if (peer.passwordSecret) n.passwordSecret = { name: peer.passwordSecret.name, namespace: peer.passwordSecret.namespace };
  if (peer.holdTime !== undefined) n.holdTime = peer.holdTime;
  if (peer.keepaliveTime !== undefined) n.keepaliveTime = peer.keepaliveTime;
  if (peer.connectTime !== undefined) n.connectTime = peer.connectTime;
  if (peer.ebgpMultiHop) n.ebgpMultiHop = true;
  if (peer.bfdProfile) n.bfdProfile = peer.bfdProfile;
  if (peer.enableGracefulRestart) n.enableGracefulRestart = true;
  if (peer.dualStackAddressFamily) n.dualStackAddressFamily = true;
  if (peer.disableMP) n.disableMP = true;

  const families = peerFamilies(peer);
  const allowed = new Map<string, Announcement>();
  const byCommunity = new Map<string, { c: Community; prefixes: Map<string, Announcement> }>();
  const byLocalPref = new Map<number, Map<string, Announcement>>();
  const localPrefOf = new Map<string, Announcement>();
  for (const a of anns) {
    if (!families.includes(a.prefix.family)) continue;
    const key = a.text;
    allowed.set(key, a);
    const first = localPrefOf.get(key);
    if (first && first.localPref !== a.localPref) {
      // Stryker disable next-line EqualityOperator: equivalent: the two advertisements differ in localPref, so they are two, of two names
      const [x, y] = compareStrings(first.ad.name, a.ad.name) <= 0 ? [first.ad, a.ad] : [a.ad, first.ad];
      const pair = `${x.name}|${y.name}`;
      const clash = findings.clashes.get(pair) ?? { a: x, b: y, prefixes: new Map(), peers: new Set() };
      clash.prefixes.set(key, a.prefix);
      clash.peers.add(peer.name);
      findings.clashes.set(pair, clash);
    }
    if (!first) localPrefOf.set(key, a);
    for (const c of a.communities) {
      const e = byCommunity.get(c.value) ?? { c, prefixes: new Map() };
      e.prefixes.set(key, a);
      byCommunity.set(c.value, e);
    }
    if (a.localPref !== 0) {
      const e = byLocalPref.get(a.localPref) ?? new Map<string, Announcement>();
      e.set(key, a);
      byLocalPref.set(a.localPref, e);
    }
  }
  if (allowed.size > 0) {
    n.toAdvertise = { allowed: { prefixes: sortedTexts(allowed) } };
    const lp = [...byLocalPref.entries()].sort(([a], [b]) => a - b);
    if (lp.length > 0) n.toAdvertise.withLocalPref = lp.map(([localPref, m]) => ({ prefixes: sortedTexts(m), localPref }));
    const cs = [...byCommunity.values()].sort((a, b) => compareCommunities(a.c, b.c));
    if (cs.length > 0) n.toAdvertise.withCommunity = cs.map((e) => ({ prefixes: sortedTexts(e.prefixes), community: e.c.value }));
  }
  return { neighbor: n, prefixes: allowed };
}

function bfdProfile(p: BFDProfile): FRRBFDProfile {
  return { name: p.name, ...pickBFDSettings(p) };
}

/** Neighbours of one router (one VRF): addresses numerically, then interfaces by name. */
function compareNeighbors(a: Peer, b: Peer): number {
  if (a.address && b.address) return compareAddresses(a.address, b.address) || compareStrings(a.name, b.name);
  if (a.address || b.address) return a.address ? -1 : 1;
  // A peer without an address has an interface (metallb/peers.ts).
  return compareStrings(a.iface!, b.iface!) || compareStrings(a.name, b.name);
}
