// BGPPeer: parsing and MetalLB's rules (internal/config/config.go peerFromCR,
// validation.go checkFRRPeersCompatible).
import type { Diagnostics } from '../api/diagnostic.ts';
import { parseDuration } from '../api/duration.ts';
import { formatIP, parseIP } from '../api/ip.ts';
import { refOf } from '../api/k8s.ts';
import type { BGPPeerSpec, Typed } from '../api/metallb.ts';
import { selectorMatches } from '../api/selector.ts';
import type { SecretInfo } from './cluster.ts';
import type { BFDProfile, NodeInfo, Peer } from './model.ts';
import { checkSelectors } from './selectors.ts';

/**
 * v1beta1 BGPPeers are read as MetalLB's conversion webhook turns them into
 * v1beta2: the same fields, node selectors copied term by term.
 */
export function convertV1beta1Peer(p: Typed<BGPPeerSpec>): Typed<BGPPeerSpec> {
  if (!p.apiVersion?.endsWith('/v1beta1')) return p;
  const spec = { ...p.spec };
  // v1beta1 had no default port; an absent or zero port is BGP's 179.
  if (!spec.peerPort) delete spec.peerPort;
  return { ...p, spec };
}

export interface PeerContext {
  bfdProfiles: BFDProfile[];
  secrets: Map<string, SecretInfo>;
  metallbNamespace: string;
  frrk8sNamespace: string;
}

export function parsePeers(crs: Array<Typed<BGPPeerSpec>>, ctx: PeerContext, diags: Diagnostics): Peer[] {
  const peers: Peer[] = [];
  for (const cr of crs) {
    const p = parsePeer(cr, ctx, diags);
    if (p) peers.push(p);
  }
  // MetalLB refuses two peers that are identical in every parsed field.
  for (let i = 0; i < peers.length; i++) {
    for (let j = 0; j < i; j++) {
      if (samePeer(peers[i], peers[j])) {
        diags.error(peers[i].ref, 'spec', `BGPPeer "${peers[i].name}" is identical to BGPPeer "${peers[j].name}"`);
      }
    }
  }
  return peers.sort((a, b) => cmp(a.name, b.name));
}

function parsePeer(cr: Typed<BGPPeerSpec>, ctx: PeerContext, diags: Diagnostics): Peer | undefined {
  const s = cr.spec;
  const ref = refOf(cr);
  const before = diags.list.length;
  const err = (field: string, msg: string) => diags.error(ref, field, msg);

  if (!s.myASN) err('spec.myASN', 'myASN must be set to a non-zero ASN');
  if (!s.peerASN && !s.dynamicASN) err('spec.peerASN', 'one of peerASN or dynamicASN must be set');
  if (s.peerASN && s.dynamicASN) err('spec.dynamicASN', 'peerASN and dynamicASN are mutually exclusive');
  // MetalLB compares the ASNs only; dynamicASN "internal" is iBGP as well.
  const ibgp = (s.peerASN !== undefined && s.peerASN === s.myASN) || s.dynamicASN === 'internal';
  if (ibgp && s.ebgpMultiHop) err('spec.ebgpMultiHop', 'ebgpMultiHop cannot be set for an iBGP peer (peerASN equals myASN)');

  if (!s.peerAddress && !s.interface) err('spec.peerAddress', 'one of peerAddress or interface must be set');
  if (s.peerAddress && s.interface) err('spec.interface', 'peerAddress and interface are mutually exclusive');
  let address: string | undefined;
  let addressFamily: 4 | 6 | undefined;
  if (s.peerAddress) {
    const ip = parseIP(s.peerAddress);
    if (!ip) err('spec.peerAddress', `invalid IP address "${s.peerAddress}"`);
    else {
      address = formatIP(ip.value, ip.family);
      addressFamily = ip.family;
    }
  }
  let routerID: string | undefined;
  if (s.routerID) {
    const ip = parseIP(s.routerID);
    // MetalLB parses any IP here, but FRR's "bgp router-id" takes IPv4 only.
    if (!ip || ip.family !== 4) err('spec.routerID', `invalid router ID "${s.routerID}": must be an IPv4 address`);
    else routerID = formatIP(ip.value, 4);
  }
  let sourceAddress: string | undefined;
  if (s.sourceAddress) {
    const ip = parseIP(s.sourceAddress);
    if (!ip) err('spec.sourceAddress', `invalid IP address "${s.sourceAddress}"`);
    else sourceAddress = formatIP(ip.value, ip.family);
  }

  const timers = parseTimers(s.holdTime, s.keepaliveTime, (f, m) => err(f, m));
  let connectTime: number | undefined;
  if (s.connectTime !== undefined) {
    connectTime = parseDuration(s.connectTime);
    // The CRD's CEL rules: whole seconds, 1 to 65535.
    if (connectTime === undefined) err('spec.connectTime', `invalid duration "${s.connectTime}"`);
    else if (connectTime % 1000 !== 0) err('spec.connectTime', 'connect time should contain a whole number of seconds');
    else if (connectTime < 1000 || connectTime > 65535_000) err('spec.connectTime', 'connect time should be between 1 seconds to 65535');
  }

  checkSelectors(s.nodeSelectors, 'spec.nodeSelectors', ref, diags);

  let passwordSecret: Peer['passwordSecret'];
  if (s.password && s.passwordSecret?.name) err('spec.passwordSecret', 'password and passwordSecret are mutually exclusive');
  if (s.passwordSecret && !s.passwordSecret.name) err('spec.passwordSecret.name', 'passwordSecret needs a name');
  if (s.passwordSecret?.name) {
    passwordSecret = checkPasswordSecret(cr, ctx, diags);
  }

  if (s.bfdProfile && !ctx.bfdProfiles.some((b) => b.name === s.bfdProfile)) {
    err('spec.bfdProfile', `BFDProfile "${s.bfdProfile}" does not exist in namespace ${ctx.metallbNamespace}`);
  }

  if (diags.list.length !== before && diags.list.slice(before).some((d) => d.severity === 'error')) return undefined;
  const peer: Peer = {
    name: cr.metadata?.name ?? '',
    ref,
    myASN: s.myASN,
    port: s.peerPort ?? 179,
    nodeSelectors: s.nodeSelectors ?? [],
    enableGracefulRestart: s.enableGracefulRestart ?? false,
    ebgpMultiHop: s.ebgpMultiHop ?? false,
    vrf: s.vrf ?? '',
    dualStackAddressFamily: s.dualStackAddressFamily ?? false,
    disableMP: s.disableMP ?? false,
  };
  if (s.peerASN) peer.asn = s.peerASN;
  if (s.dynamicASN) peer.dynamicASN = s.dynamicASN;
  if (s.localASN) peer.localASN = s.localASN;
  if (address) {
    peer.address = address;
    peer.addressFamily = addressFamily;
  }
  if (s.interface) peer.iface = s.interface;
  if (sourceAddress) peer.sourceAddress = sourceAddress;
  if (timers) {
    peer.holdTime = timers.hold;
    peer.keepaliveTime = timers.keepalive;
  }
  if (connectTime !== undefined) peer.connectTime = connectTime;
  if (routerID) peer.routerID = routerID;
  if (s.password) peer.password = s.password;
  if (passwordSecret) peer.passwordSecret = passwordSecret;
  if (s.bfdProfile) peer.bfdProfile = s.bfdProfile;
  return peer;
}

/**
 * MetalLB's parseTimers: when only one of hold/keepalive is set the other is
 * derived (keepalive = hold/3, hold = keepalive*3); the hold time, truncated to
 * whole seconds, must be 0 or at least 3s; keepalive may not exceed hold.
 */
export function parseTimers(
  hold: string | undefined,
  keepalive: string | undefined,
  err: (field: string, msg: string) => void,
): { hold: number; keepalive: number } | undefined {
  if (hold === undefined && keepalive === undefined) return undefined;
  const h = hold === undefined ? undefined : parseDuration(hold);
  const k = keepalive === undefined ? undefined : parseDuration(keepalive);
  if (hold !== undefined && (h === undefined || h < 0)) {
    err('spec.holdTime', `invalid duration "${hold}"`);
    return undefined;
  }
  if (keepalive !== undefined && (k === undefined || k < 0)) {
    err('spec.keepaliveTime', `invalid duration "${keepalive}"`);
    return undefined;
  }
  const holdMs = h ?? (k as number) * 3;
  const keepMs = k ?? Math.trunc((h as number) / 3 * 1e6) / 1e6;
  const truncated = Math.trunc(holdMs / 1000);
  if (truncated !== 0 && truncated < 3) {
    err(hold !== undefined ? 'spec.holdTime' : 'spec.keepaliveTime', `invalid hold time ${hold ?? `${keepalive}×3`}: must be 0 or at least 3s`);
    return undefined;
  }
  if (keepMs > holdMs) {
    err('spec.keepaliveTime', `keepaliveTime ${keepalive} must not be greater than holdTime ${hold ?? `(derived ${holdMs / 1000}s)`}`);
    return undefined;
  }
  return { hold: holdMs, keepalive: keepMs };
}

function checkPasswordSecret(cr: Typed<BGPPeerSpec>, ctx: PeerContext, diags: Diagnostics): Peer['passwordSecret'] {
  const ref = refOf(cr);
  const name = cr.spec.passwordSecret?.name as string;
  const ns = cr.spec.passwordSecret?.namespace;
  const want = ctx.frrk8sNamespace;
  // frr-k8s reads password Secrets from its own namespace, and the function
  // never copies a Secret's value: the Secret must be created there.
  if (ns && ns !== want) {
    diags.error(ref, 'spec.passwordSecret.namespace', `the password Secret must live in the FRR-K8s namespace "${want}", where frr-k8s reads it (got "${ns}")`);
    return undefined;
  }
  const here = ctx.secrets.get(`${want}/${name}`);
  if (!here) {
    const elsewhere = [...ctx.secrets.values()].find((s) => s.ref.name === name);
    if (elsewhere) {
      diags.error(ref, 'spec.passwordSecret', `Secret "${name}" is in namespace "${elsewhere.ref.namespace ?? ''}", but frr-k8s reads password Secrets from "${want}": move it there`);
      return undefined;
    }
    diags.warning(ref, 'spec.passwordSecret', `Secret ${want}/${name} is not in the input; it must exist in the cluster (e.g. from a sealed or external secret) or the session will not come up`);
    return { name, namespace: want };
  }
  if (here.type !== 'kubernetes.io/basic-auth') {
    diags.error(ref, 'spec.passwordSecret', `Secret ${want}/${name} has type "${here.type}"; a BGP password Secret must be of type kubernetes.io/basic-auth`);
  } else if (!here.hasPassword) {
    diags.error(ref, 'spec.passwordSecret', `Secret ${want}/${name} has no "password" key`);
  }
  return { name, namespace: want };
}

function samePeer(a: Peer, b: Peer): boolean {
  const strip = (p: Peer) => JSON.stringify({ ...p, name: '', ref: undefined });
  return strip(a) === strip(b);
}

/** The id MetalLB gives a session per VRF: address or interface, plus VRF. */
export function peerIdentifier(p: Peer): string {
  const id = p.address ?? p.iface ?? '';
  return p.vrf ? `${id}-${p.vrf}` : id;
}

/** True when the peer's session runs on a node with these labels. */
export function peerSelectsNode(p: Peer, labels: Record<string, string>): boolean {
  return p.nodeSelectors.length === 0 || p.nodeSelectors.some((s) => selectorMatches(s, labels));
}

/**
 * Peers that can land on the same node must share the router ID, must not be
 * the same session twice, and must share myASN within a VRF. Whether two peers
 * can meet is judged from the Node objects, or assumed when there are none.
 */
export function checkPeersOnSameNode(peers: Peer[], nodes: NodeInfo[] | undefined, diags: Diagnostics): void {
  for (let i = 0; i < peers.length; i++) {
    for (let j = 0; j < i; j++) {
      const p = peers[i];
      const q = peers[j];
      const meet = nodes === undefined || nodes.some((n) => peerSelectsNode(p, n.labels) && peerSelectsNode(q, n.labels));
      if (!meet) continue;
      const where = nodes === undefined ? 'peers that can select the same node' : 'peers selecting the same node';
      if ((p.routerID ?? '') !== (q.routerID ?? '')) {
        const show = (id?: string) => (id ? `"${id}"` : 'unset');
        diags.error(p.ref, 'spec.routerID', `routerID ${show(p.routerID)} differs from BGPPeer "${q.name}" (${show(q.routerID)}): ${where} must share one router ID`);
      }
      if (peerIdentifier(p) === peerIdentifier(q)) {
        diags.error(p.ref, p.address ? 'spec.peerAddress' : 'spec.interface', `BGPPeer "${q.name}" already peers with ${peerIdentifier(p)}${p.vrf ? '' : ' in the default VRF'}: ${where} must not repeat a session`);
      }
      if (p.myASN !== q.myASN && p.vrf === q.vrf) {
        diags.error(p.ref, 'spec.myASN', `myASN ${p.myASN} differs from ${q.myASN} of BGPPeer "${q.name}": ${where} must share myASN within a VRF`);
      }
    }
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
