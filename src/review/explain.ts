// `metallb-frr explain`: why a prefix, a service or a peer is (or is not)
// announced from one node, to whom, with which attributes, as a short chain
// of decisions, each naming the object, field and file it comes from. The
// decisions are the compile stage's own (compile/decisions.ts, metallb's
// poolSelection and selectsNode); the verdict is read from the node's merged
// configuration (the model diff and preview use), which is what the node
// agent runs. The chain's prediction from MetalLB's rules is checked against
// the generated configurations merged alone; `consistent` says whether they
// agree (they always should), and hand-written FRRConfigurations that change
// the outcome are named.
import type { AdvertiseMode } from '../api/fnconfig.ts';
import type { FRRConfiguration } from '../api/frrk8s.ts';
import { contains, formatPrefix, overlaps, parseCIDR, parseIP, type Prefix } from '../api/ip.ts';
import { describeRef, refOf, type KubeObject, type ObjectRef } from '../api/k8s.ts';
import { announcedPrefix, endpointCondition, localPrefConflict, nodeSilence, peerFamilies, selectsService, toPeer } from '../compile/decisions.ts';
import { compatibleLocalPref, poolSelection } from '../metallb/advertisements.ts';
import type { SecretSource } from '../frr/index.ts';
import { EXCLUDE_LB_LABEL } from '../metallb/cluster.ts';
import type { BGPAdvertisement, Model, NodeInfo, Pool, ServiceInfo } from '../metallb/model.ts';
import { selectsNode } from '../metallb/selectors.ts';
import { selectorMatches } from '../api/selector.ts';
import { EMPTY_MODEL, nodeModel, type NodeModel, type PrefixModel } from './model.ts';
import { nodeViews } from '../frr/views.ts';

export const EXPLAIN_JSON_VERSION = 1;

export type Query = { prefix: string } | { service: { namespace: string; name: string } } | { peer: string };

export interface Step {
  outcome: 'yes' | 'no' | 'note';
  /** "Kind ns/name" of the object the decision reads. */
  object?: string;
  file?: string;
  field?: string;
  text: string;
}

export interface Announced {
  vrf: string;
  /** The node's AS. */
  asn: number;
  neighbor: string;
  prefix: string;
  localPref?: number;
  communities: string[];
  largeCommunities: string[];
}

export interface Explanation {
  version: number;
  node: string;
  labels: Record<string, string>;
  query: string;
  steps: Step[];
  verdict: { announced: boolean; text: string; to: Announced[] };
  /** Whether MetalLB's rules, walked step by step, predict what the generated configurations say. */
  consistent: boolean;
}

export interface ExplainInput {
  model: Model;
  /** The input objects with the file each came from. */
  objects: Array<{ obj: KubeObject; source: string }>;
  mode: AdvertiseMode;
  /** Generated configurations, then the hand-written ones of the FRR-K8s namespace. */
  generated: FRRConfiguration[];
  handWritten: FRRConfiguration[];
  secrets: SecretSource;
  node: NodeInfo;
  /** Where the node's labels come from ("Node worker-1 (nodes.yaml)", "--labels"). */
  nodeFrom: string;
}

/** A query that cannot be answered (no such service or peer, a prefix that is none): one line. */
export class ExplainError extends Error {}

export function explain(input: ExplainInput, query: Query): Explanation {
  const x = new Walk(input);
  const node = input.node;
  const queryText = 'prefix' in query ? query.prefix : 'service' in query ? `Service ${query.service.namespace}/${query.service.name}` : `BGPPeer ${query.peer}`;
  x.step('note', undefined, undefined, `node ${node.name} (${input.nodeFrom}): labels ${Object.entries(node.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`);
  const silence = nodeSilence(node);
  const why = silence === 'excluded' ? `the node has the label ${EXCLUDE_LB_LABEL}` : 'the node has condition NetworkUnavailable=True';
  if (silence && input.model.nodes) x.step('no', undefined, undefined, `${why}: MetalLB announces nothing from it`);
  // Without Node objects the build selects nodes by label only: it cannot see this.
  if (silence && !input.model.nodes) x.step('note', undefined, undefined, `${why}, but the input has no Node objects: the build selects nodes by their selectors only and cannot leave this one out (add the Nodes to the input for MetalLB's behaviour)`);

  // What the question is about: the prefix asked for, or the service's
  // addresses. An announcement is about it when one holds the other.
  let anchors: Prefix[] = [];
  if ('prefix' in query) anchors = x.prefix(query.prefix);
  else if ('service' in query) anchors = x.service(query.service.namespace, query.service.name);
  else x.peer(query.peer);

  const all = x.merged([...input.generated, ...input.handWritten]);
  const generatedOnly = x.merged(input.generated);
  const matches = (p: string) => {
    if ('peer' in query) return true;
    const q = parseCIDR(p);
    return q !== undefined && anchors.some((a) => contains(q, a) || contains(a, q));
  };
  const to = announcements(all, matches, 'peer' in query ? x.peerKey(query.peer) : undefined);
  const fromRules = announcements(generatedOnly, matches, 'peer' in query ? x.peerKey(query.peer) : undefined);
  const consistent = 'peer' in query || sameSet(fromRules, x.predicted);
  if (!consistent) x.step('note', undefined, undefined, `internal: the rules above predict ${describeSet(x.predicted)}, the generated configurations say ${describeSet(fromRules)} (please report)`);
  x.handWrittenEffect(all, generatedOnly, matches, 'peer' in query ? x.peerKey(query.peer) : undefined);

  let text: string;
  if (to.length > 0) {
    text = `announced ${to.map((a) => `to ${a.neighbor}${a.vrf ? ` in VRF ${a.vrf}` : ''} as ${a.prefix}${attrs(a)}`).join('; ')}`;
  } else if ('peer' in query) {
    text = x.session ? `the session with ${x.session} is up on the node but nothing is announced to it` : `no session with BGPPeer ${query.peer} on node ${node.name}: ${x.missing ?? 'it does not select the node'}`;
  } else {
    text = `not announced: ${x.missing ?? 'nothing selects it on this node'}`;
  }
  if ('peer' in query && to.length > 0) text = `session with ${x.session ?? query.peer} on the node; ${text}`;
  return { version: EXPLAIN_JSON_VERSION, node: node.name, labels: node.labels, query: queryText, steps: x.steps, verdict: { announced: to.length > 0, text, to }, consistent };
}

function attrs(a: Announced): string {
  const parts: string[] = [];
  if (a.localPref !== undefined) parts.push(`localPref ${a.localPref}`);
  if (a.communities.length) parts.push(`communities ${a.communities.join(' ')}`);
  if (a.largeCommunities.length) parts.push(`large communities ${a.largeCommunities.join(' ')}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The announcements of a node model matching the query. */
function announcements(m: NodeModel, matches: (p: string) => boolean, neighbor: string | undefined): Announced[] {
  const out: Announced[] = [];
  for (const r of m.routers) {
    for (const n of r.neighbors) {
      if (neighbor !== undefined && n.peer !== neighbor) continue;
      for (const p of n.prefixes) if (matches(p.prefix)) out.push(announced(r.vrf, r.asn, n.peer, p));
    }
  }
  return out;
}

function announced(vrf: string, asn: number, neighbor: string, p: PrefixModel): Announced {
  return { vrf, asn, neighbor, prefix: p.prefix, ...(p.localPref !== undefined ? { localPref: p.localPref } : {}), communities: p.communities, largeCommunities: p.largeCommunities };
}

const key = (a: { neighbor: string; prefix: string; vrf: string }) => `${a.vrf}|${a.neighbor}|${a.prefix}`;

function sameSet(a: Announced[], b: Array<{ neighbor: string; prefix: string; vrf: string }>): boolean {
  const x = new Set(a.map(key));
  const y = new Set(b.map(key));
  return x.size === y.size && [...x].every((k) => y.has(k));
}

function describeSet(a: Array<{ neighbor: string; prefix: string }>): string {
  return a.length ? a.map((x) => `${x.prefix} to ${x.neighbor}`).join(', ') : 'nothing';
}

/** The chain being built, with what the rules predict. */
class Walk {
  readonly steps: Step[] = [];
  /** (neighbour, prefix) pairs MetalLB's rules say the generated configuration announces. */
  readonly predicted: Array<{ neighbor: string; prefix: string; vrf: string }> = [];
  /** The first link that is missing, for the verdict. */
  missing?: string;
  /** --peer: the session's neighbour, when there is one. */
  session?: string;
  private readonly files = new Map<string, string>();

  constructor(private readonly input: ExplainInput) {
    for (const o of input.objects) this.files.set(refKey(refOf(o.obj)), o.source);
  }

  step(outcome: Step['outcome'], ref: ObjectRef | undefined, field: string | undefined, text: string): void {
    const s: Step = { outcome, text };
    if (ref) {
      s.object = describeRef(ref);
      const file = this.files.get(refKey(ref));
      if (file) s.file = file;
    }
    if (field) s.field = field;
    this.steps.push(s);
  }

  /** Records the first missing link. */
  lack(text: string): void {
    this.missing ??= text;
  }

  private raw(ref: ObjectRef): KubeObject | undefined {
    return this.input.objects.find((o) => refKey(refOf(o.obj)) === refKey(ref))?.obj;
  }

  merged(configs: FRRConfiguration[]): NodeModel {
    const [view] = nodeViews(configs, [{ name: this.input.node.name, labels: this.input.node.labels }]);
    return view.merged ? nodeModel(view.merged, this.input.secrets) : EMPTY_MODEL;
  }

  peerKey(name: string): string | undefined {
    const p = this.input.model.peers.find((x) => x.name === name);
    return p ? (p.address ?? p.iface) : undefined;
  }

  // ------------------------------------------------------------ prefix ---

  prefix(text: string): Prefix[] {
    const q = parseCIDR(text) ?? ipPrefix(text);
    if (!q) throw new ExplainError(`--prefix: "${text}" is neither an IP address nor a CIDR prefix`);
    const m = this.input.model;
    const holders = m.pools.flatMap((pool) => pool.cidrs.filter((c) => overlaps(c.prefix, q)).map((c) => ({ pool, cidr: c })));
    if (holders.length === 0) {
      this.step('no', undefined, undefined, `no IPAddressPool holds ${formatPrefix(q)}`);
      this.lack(`no IPAddressPool holds ${formatPrefix(q)}`);
      return [q];
    }
    for (const { pool, cidr } of holders) {
      this.step('yes', pool.ref, `spec.addresses[${cidr.index}]`, `IPAddressPool ${pool.name} holds ${formatPrefix(q)} ("${cidr.source}" → ${formatPrefix(cidr.prefix)})`);
      if (this.input.mode === 'services') {
        this.step('note', undefined, undefined, `advertise: services: a pool's addresses are announced through the LoadBalancer services that have them`);
        // Services with an address in the prefix, or announced under a prefix that holds it.
        const svcs = m.services.filter((s) => s.pool === pool.name && s.ips.some((ip) => pool.bgpAdvertisements.some((ad) => overlaps(q, announcedPrefix(hostPrefix(ip.family, ip.value), ad)))));
        if (svcs.length === 0) {
          this.step('no', undefined, undefined, `no LoadBalancer service of IPAddressPool ${pool.name} has an address in ${formatPrefix(q)}`);
          this.lack(`no LoadBalancer service has an address in ${formatPrefix(q)}`);
        }
        for (const s of svcs) this.serviceChain(s, pool, q);
        continue;
      }
      this.poolChain(pool, [cidr.prefix], q);
    }
    return [q];
  }

  /** advertise: pools: each advertisement of the pool, whether it applies here, and to which peers. */
  private poolChain(pool: Pool, cidrs: Prefix[], within?: Prefix): void {
    const selecting = this.advertisementsOf(pool);
    for (const ad of selecting) {
      for (const c of cidrs) {
        const p = announcedPrefix(c, ad);
        if (within && !overlaps(p, within)) continue;
        this.step('note', ad.ref, p.family === 4 ? 'spec.aggregationLength' : 'spec.aggregationLengthV6', `aggregation length ${p.family === 4 ? ad.aggregationLength : ad.aggregationLengthV6}: ${formatPrefix(c)} is announced as ${formatPrefix(p)}`);
        if (this.adOnNode(ad)) this.peersFor(ad, p);
      }
    }
  }

  /** The advertisements that select the pool, each said; the missing link when none does. */
  private advertisementsOf(pool: Pool): BGPAdvertisement[] {
    const m = this.input.model;
    if (m.bgpAdvertisements.length === 0) {
      this.step('no', undefined, undefined, 'no BGPAdvertisement in the input');
      this.lack(`no BGPAdvertisement selects IPAddressPool ${pool.name}`);
      return [];
    }
    const out: BGPAdvertisement[] = [];
    for (const ad of m.bgpAdvertisements) {
      const spec = (this.raw(ad.ref)?.spec ?? {}) as { ipAddressPools?: string[]; ipAddressPoolSelectors?: Array<{ matchLabels?: Record<string, string> }> };
      const how = poolSelection(spec.ipAddressPools, spec.ipAddressPoolSelectors, pool);
      if (how === undefined || !pool.bgpAdvertisements.includes(ad)) {
        this.step('no', ad.ref, 'spec.ipAddressPools', `BGPAdvertisement ${ad.name} does not select IPAddressPool ${pool.name} (neither by name nor by ipAddressPoolSelectors)`);
        continue;
      }
      this.step('yes', ad.ref, how || undefined, `BGPAdvertisement ${ad.name} selects IPAddressPool ${pool.name}${how === '' ? ' (it names no pool: every pool)' : how.startsWith('spec.ipAddressPools') ? ' by name' : ' by its labels'}`);
      out.push(ad);
    }
    if (out.length === 0) this.lack(`no BGPAdvertisement selects IPAddressPool ${pool.name}`);
    return out;
  }

  /** Whether the advertisement applies on the node (its nodeSelectors; silent nodes announce nothing). */
  private adOnNode(ad: BGPAdvertisement): boolean {
    const node = this.input.node;
    const term = ad.nodeSelectors.findIndex((s) => selectorMatches(s, node.labels));
    if (!selectsNode(ad.nodeSelectors, node.labels)) {
      this.step('no', ad.ref, 'spec.nodeSelectors', `BGPAdvertisement ${ad.name} does not select node ${node.name} (no nodeSelectors term matches its labels)`);
      this.lack(`BGPAdvertisement ${ad.name} does not select node ${node.name} (spec.nodeSelectors)`);
      return false;
    }
    this.step('yes', ad.ref, term >= 0 ? `spec.nodeSelectors[${term}]` : undefined, `BGPAdvertisement ${ad.name} applies on node ${node.name}${term >= 0 ? '' : ' (no nodeSelectors: every node)'}`);
    if (this.input.model.nodes && nodeSilence(node)) {
      this.lack(`node ${node.name} announces nothing (${nodeSilence(node) === 'excluded' ? `label ${EXCLUDE_LB_LABEL}` : 'NetworkUnavailable'})`);
      return false;
    }
    return true;
  }

  /** Each peer: a session on the node, named by the advertisement, of the prefix's family. */
  private peersFor(ad: BGPAdvertisement, p: Prefix): void {
    const node = this.input.node;
    const m = this.input.model;
    if (m.peers.length === 0) {
      this.step('no', undefined, undefined, 'no BGPPeer in the input');
      this.lack('no BGPPeer in the input');
      return;
    }
    let any = false;
    for (const peer of m.peers) {
      const who = peer.address ?? `interface ${peer.iface}`;
      if (!selectsNode(peer.nodeSelectors, node.labels)) {
        this.step('no', peer.ref, 'spec.nodeSelectors', `BGPPeer ${peer.name} (${who}) has no session on node ${node.name}`);
        continue;
      }
      if (!toPeer(ad.peers, peer)) {
        this.step('no', ad.ref, 'spec.peers', `BGPAdvertisement ${ad.name} is limited to ${ad.peers.join(', ')}: not BGPPeer ${peer.name}`);
        continue;
      }
      if (!peerFamilies(peer).includes(p.family)) {
        this.step('no', peer.ref, peer.address ? 'spec.peerAddress' : 'spec.interface', `BGPPeer ${peer.name} (${who}) carries IPv${peerFamilies(peer)[0]} only, not ${formatPrefix(p)} (spec.dualStackAddressFamily would carry both)`);
        continue;
      }
      const attrs: string[] = [];
      if (ad.localPref) attrs.push(`localPref ${ad.localPref} (spec.localPref)`);
      if (ad.communities.length) attrs.push(`communities ${ad.communities.map((c) => c.value).join(' ')} (spec.communities)`);
      this.step('yes', peer.ref, undefined, `BGPPeer ${peer.name} (${who}, AS ${peer.asn ?? peer.dynamicASN}) has a session on node ${node.name} and gets ${formatPrefix(p)} from BGPAdvertisement ${ad.name}${attrs.length ? `, with ${attrs.join(', ')}` : ''}`);
      this.predicted.push({ neighbor: (peer.address ?? peer.iface)!, prefix: formatPrefix(p), vrf: peer.vrf });
      any = true;
    }
    if (!any) this.lack(`no BGPPeer with a session on node ${node.name} takes ${formatPrefix(p)} from BGPAdvertisement ${ad.name}`);
  }

  // ----------------------------------------------------------- service ---

  service(namespace: string, name: string): Prefix[] {
    const rawSvc = this.input.objects.find((o) => o.obj.apiVersion === 'v1' && o.obj.kind === 'Service' && o.obj.metadata?.name === name && (o.obj.metadata?.namespace ?? 'default') === namespace);
    if (!rawSvc) throw new ExplainError(`--service: no Service ${namespace}/${name} in the input`);
    const ref = refOf(rawSvc.obj);
    const spec = (rawSvc.obj.spec ?? {}) as { type?: string; loadBalancerClass?: string };
    if (spec.type !== 'LoadBalancer') {
      this.step('no', ref, 'spec.type', `Service ${namespace}/${name} is of type ${spec.type ?? 'ClusterIP'}, not LoadBalancer`);
      this.lack(`Service ${namespace}/${name} is not of type LoadBalancer`);
      return [];
    }
    if (spec.loadBalancerClass) {
      this.step('no', ref, 'spec.loadBalancerClass', `the service asks for load balancer class "${spec.loadBalancerClass}": not MetalLB's`);
      this.lack(`the service has loadBalancerClass "${spec.loadBalancerClass}"`);
      return [];
    }
    const svc = this.input.model.services.find((s) => s.namespace === namespace && s.name === name)!;
    const from = { status: 'status.loadBalancer.ingress', annotation: 'metadata.annotations', spec: 'spec.loadBalancerIP', none: 'status.loadBalancer.ingress' }[svc.ipsFrom];
    if (svc.ips.length === 0) {
      this.step('no', ref, from, 'the service has no IP to announce (no status.loadBalancer.ingress, loadBalancerIPs annotation or spec.loadBalancerIP)');
      this.lack('the service has no IP');
      return [];
    }
    this.step('yes', ref, from, `the service's IPs: ${svc.ips.map((i) => i.text).join(', ')} (from ${svc.ipsFrom === 'status' ? 'its status' : svc.ipsFrom === 'annotation' ? 'the loadBalancerIPs annotation' : 'spec.loadBalancerIP'})`);
    const pool = this.input.model.pools.find((p) => p.name === svc.pool);
    if (!pool) {
      this.step('no', ref, from, 'its IPs are not all in one IPAddressPool that would assign them to it');
      this.lack('the service\'s IPs are in no IPAddressPool MetalLB would assign them from');
      return [];
    }
    this.step('yes', pool.ref, 'spec.addresses', `IPAddressPool ${pool.name} holds them`);
    const hosts = svc.ips.map((ip) => hostPrefix(ip.family, ip.value));
    if (this.input.mode === 'pools') {
      this.step('note', undefined, undefined, 'advertise: pools: the whole pool is announced, whatever its services');
      const cidrs = pool.cidrs.filter((c) => hosts.some((h) => contains(c.prefix, h))).map((c) => c.prefix);
      this.poolChain(pool, cidrs);
      return hosts;
    }
    this.serviceChain(svc, pool);
    return hosts;
  }

  /** advertise: services: the speaker's ShouldAnnounce for this node, then the peers. */
  private serviceChain(svc: ServiceInfo, pool: Pool, within?: Prefix): void {
    const node = this.input.node;
    const ep = endpointCondition(svc, node);
    const where = svc.externalTrafficPolicy === 'Local' ? `ready endpoint on node ${node.name}` : 'ready endpoint anywhere';
    this.step(ep === false ? 'no' : 'yes', svc.ref, 'spec.externalTrafficPolicy', `externalTrafficPolicy ${svc.externalTrafficPolicy}: needs a ${where}: ${ep === false ? (svc.readyNodes === undefined ? 'no EndpointSlice in the input (assumed none on any node)' : 'none') : 'yes'}`);
    if (ep === false) this.lack(`Service ${svc.namespace}/${svc.name} has no ${where}`);
    const m = this.input.model;
    const selecting = this.advertisementsOf(pool).filter((ad) => {
      if (selectsService(ad, svc)) return true;
      this.step('no', ad.ref, 'spec.serviceSelectors', `BGPAdvertisement ${ad.name}'s serviceSelectors do not match the service's labels`);
      this.lack(`BGPAdvertisement ${ad.name} does not select the service (spec.serviceSelectors)`);
      return false;
    });
    // Advertisements that would both apply with localPrefs that cannot both hold: not announced.
    const applying = m.nodes ? selecting.filter((ad) => selectsNode(ad.nodeSelectors, node.labels)) : selecting;
    const conflict = localPrefConflict(applying, (a, b) => compatibleLocalPref(a, b, pool, m.nodes));
    if (conflict) {
      const [a, b] = conflict;
      this.step('no', b.ref, 'spec.localPref', `BGPAdvertisements ${a.name} and ${b.name} both select the service with conflicting localPref (${a.localPref} vs ${b.localPref}): MetalLB announces it from neither`);
      this.lack(`BGPAdvertisements ${a.name} and ${b.name} select it with conflicting localPref`);
      return;
    }
    for (const ad of selecting) {
      for (const ip of svc.ips) {
        const p = announcedPrefix(hostPrefix(ip.family, ip.value), ad);
        if (within && !overlaps(p, within)) continue;
        this.step('note', ad.ref, ip.family === 4 ? 'spec.aggregationLength' : 'spec.aggregationLengthV6', `${ip.text} is announced as ${formatPrefix(p)}`);
        if (this.adOnNode(ad) && ep !== false) this.peersFor(ad, p);
      }
    }
  }

  // -------------------------------------------------------------- peer ---

  peer(name: string): void {
    const peer = this.input.model.peers.find((p) => p.name === name);
    if (!peer) throw new ExplainError(`--peer: no BGPPeer ${name} in the input (or it has errors)`);
    const node = this.input.node;
    if (!selectsNode(peer.nodeSelectors, node.labels)) {
      this.step('no', peer.ref, 'spec.nodeSelectors', `BGPPeer ${name} does not select node ${node.name}`);
      this.lack(`BGPPeer ${name}'s spec.nodeSelectors do not match the node's labels`);
      return;
    }
    this.session = peer.address ?? peer.iface;
    this.step('yes', peer.ref, peer.nodeSelectors.length ? 'spec.nodeSelectors' : undefined, `BGPPeer ${name} has a session on node ${node.name}: ${peer.address ?? `interface ${peer.iface}`}, AS ${peer.asn ?? peer.dynamicASN}${peer.vrf ? `, VRF ${peer.vrf}` : ''}`);
    if (this.input.mode !== 'pools') return;
    for (const pool of this.input.model.pools) {
      for (const ad of pool.bgpAdvertisements) {
        if (!toPeer(ad.peers, peer) || !selectsNode(ad.nodeSelectors, node.labels) || (this.input.model.nodes && nodeSilence(node))) continue;
        for (const c of pool.cidrs) {
          const p = announcedPrefix(c.prefix, ad);
          if (!peerFamilies(peer).includes(p.family)) continue;
          this.step('yes', ad.ref, 'spec.ipAddressPools', `BGPAdvertisement ${ad.name} announces ${formatPrefix(p)} of IPAddressPool ${pool.name} to it`);
        }
      }
    }
  }

  // ------------------------------------------------------ hand-written ---

  /** Hand-written FRRConfigurations that announce the prefixes, or change their attributes, on this node. */
  handWrittenEffect(all: NodeModel, generated: NodeModel, matches: (p: string) => boolean, neighbor: string | undefined): void {
    const before = new Map(announcements(generated, matches, neighbor).map((a) => [key(a), a]));
    const after = announcements(all, matches, neighbor);
    const changed = after.filter((a) => {
      const b = before.get(key(a));
      return !b || JSON.stringify(b) !== JSON.stringify(a);
    });
    if (changed.length === 0) return;
    const node = this.input.node;
    const selecting = this.input.handWritten.filter((c) => selectorMatches(c.spec?.nodeSelector, { ...node.labels }));
    for (const a of changed) {
      const by = selecting.filter((c) => (c.spec?.bgp?.routers ?? []).some((r) => (r.vrf ?? '') === a.vrf && (r.neighbors ?? []).some((n) => (n.address ?? n.interface) !== undefined && sameNeighbor(n.address ?? n.interface!, a.neighbor))));
      const names = by.map((c) => describeRef(refOf(c))).join(', ') || 'a hand-written FRRConfiguration';
      this.step('yes', by[0] ? refOf(by[0]) : undefined, 'spec.bgp.routers', `${names} ${before.has(key(a)) ? 'changes the attributes of' : 'announces'} ${a.prefix} to ${a.neighbor}${attrs(a)}`);
    }
  }
}

function sameNeighbor(written: string, canonical: string): boolean {
  if (written === canonical) return true;
  const a = parseIP(written);
  const b = parseIP(canonical);
  return a !== undefined && b !== undefined && a.family === b.family && a.value === b.value;
}

function ipPrefix(text: string): Prefix | undefined {
  const ip = parseIP(text);
  return ip ? hostPrefix(ip.family, ip.value) : undefined;
}

function hostPrefix(family: 4 | 6, value: bigint): Prefix {
  return { family, base: value, len: family === 4 ? 32 : 128 };
}

function refKey(r: ObjectRef): string {
  return `${r.kind ?? ''}|${r.namespace ?? ''}|${r.name ?? ''}`;
}

