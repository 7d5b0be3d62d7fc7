// BGPPeer: parsing and MetalLB's rules (internal/config/config.go peerFromCR,
// parseTimers; validation.go checkFRRPeersCompatible).
import type { Diagnostics } from '../api/diagnostic.ts';
import { formatNanos } from '../api/duration.ts';
import { BASIC_AUTH_SECRET_TYPE, interfaceNameProblem, passwordProblem } from '../api/frr-input.ts';
import { formatIP, parseIP } from '../api/ip.ts';
import { refOf } from '../api/k8s.ts';
import { METALLB_GROUP, type BGPPeer, type BGPPeerV1beta1 } from '../api/metallb.ts';
import type { SecretInfo } from './cluster.ts';
import type { BFDProfile, NodeInfo, Peer } from './model.ts';
import { checkSelectors, selectionsCanMeet, selectsNode } from './selectors.ts';
import { byName } from '../api/order.ts';
import type { FieldProblem } from '../api/parsed.ts';
import { connectTime, holdKeepalive, type ConnectTimeProblem, type TimerName, type TimersProblem } from '../api/timers.ts';

/**
 * v1beta1 BGPPeers are read as MetalLB's conversion webhook stores them as
 * v1beta2 (api/v1beta1/bgppeer_conversion.go). Surprising but faithful:
 * v1beta1's timers are plain (not pointer) durations, so an absent holdTime
 * or keepaliveTime arrives as 0s — a v1beta1 peer with no timers gets
 * "0s"/"0s", one with only a holdTime gets keepalive 0s, and one with only a
 * keepaliveTime is rejected (keepalive > hold 0s). An absent or zero port
 * is omitted, so the v1beta2 default 179 applies.
 */
export function convertV1beta1Peer(p: BGPPeer | BGPPeerV1beta1): BGPPeer {
  if (!isV1beta1(p)) return p;
  const spec = { ...p.spec };
  if (!spec.peerPort) delete spec.peerPort;
  spec.holdTime ??= '0s';
  spec.keepaliveTime ??= '0s';
  return { ...p, spec };
}

function isV1beta1(p: BGPPeer | BGPPeerV1beta1): boolean {
  // Only MetalLB's group reaches here (parse.ts classifies by apiVersion).
  return p.apiVersion === `${METALLB_GROUP}/v1beta1`;
}

export interface PeerContext {
  bfdProfiles: BFDProfile[];
  nodes: NodeInfo[] | undefined;
  secrets: Map<string, SecretInfo>;
  metallbNamespace: string;
  frrk8sNamespace: string;
}

/** A parsed peer, and the fields that did not parse (left out of cross-peer checks). */
interface Parsed {
  peer: Peer;
  ok: boolean;
  broken: Set<'address' | 'routerID'>;
}

/**
 * Parses every peer and checks the peers that can meet on a node against each
 * other (also the ones with errors elsewhere, so that every problem is
 * reported at once). Returns the peers without errors, sorted by name.
 */
export function parsePeers(crs: BGPPeer[], ctx: PeerContext, diags: Diagnostics): Peer[] {
  const parsed = crs.map((cr) => parsePeer(cr, ctx, diags)).sort((a, b) => byName(a.peer, b.peer));
  checkPeersOnSameNode(parsed, ctx.nodes, diags);
  return parsed.filter((p) => p.ok).map((p) => p.peer);
}

function parsePeer(cr: BGPPeer, ctx: PeerContext, diags: Diagnostics): Parsed {
  const s = cr.spec;
  const ref = refOf(cr);
  const before = diags.list.length;
  const err = (field: string, msg: string) => diags.error(ref, field, msg);

  if (!s.myASN) err('spec.myASN', 'myASN must be set to a non-zero ASN');
  if (!s.peerASN && !s.dynamicASN) err('spec.peerASN', 'one of peerASN or dynamicASN must be set');
  if (s.peerASN && s.dynamicASN) err('spec.dynamicASN', 'peerASN and dynamicASN are mutually exclusive');
  // MetalLB compares the ASNs only; we count dynamicASN "internal" as iBGP too.
  // (myASN is required: an absent peerASN never equals it.)
  const ibgp = s.peerASN === s.myASN || s.dynamicASN === 'internal';
  if (ibgp && s.ebgpMultiHop) err('spec.ebgpMultiHop', `ebgpMultiHop cannot be set for an iBGP peer (${s.dynamicASN === 'internal' ? 'dynamicASN is internal' : 'peerASN equals myASN'})`);

  if (!s.peerAddress && !s.interface) err('spec.peerAddress', 'one of peerAddress or interface must be set');
  if (s.peerAddress && s.interface) err('spec.interface', 'peerAddress and interface are mutually exclusive');
  // Values MetalLB passes on as they are but FRR cannot take (the node agent
  // refuses them with the same words): refused here, at build time.
  const ifaceProblem = s.interface ? interfaceNameProblem(s.interface) : undefined;
  if (ifaceProblem) err('spec.interface', `interface ${ifaceProblem}`);
  const vrfProblem = s.vrf ? interfaceNameProblem(s.vrf) : undefined;
  if (vrfProblem) err('spec.vrf', `VRF name ${vrfProblem}`);
  const pwProblem = s.password ? passwordProblem(s.password) : undefined;
  if (pwProblem) err('spec.password', pwProblem);
  if (s.localASN) {
    if (ibgp) err('spec.localASN', `localASN cannot be set for an iBGP peer (${s.dynamicASN === 'internal' ? 'dynamicASN is internal' : 'peerASN equals myASN'})`);
    else if (s.localASN === s.myASN) err('spec.localASN', `localASN ${s.localASN} equals myASN: it must differ`);
    else if (s.localASN === s.peerASN) err('spec.localASN', `localASN ${s.localASN} equals peerASN: it must differ`);
  }
  const address = s.peerAddress ? ipField(s.peerAddress, 'spec.peerAddress', 'peer address', err) : undefined;
  // MetalLB parses any IP here, but FRR's "bgp router-id" takes IPv4 only.
  const routerID = s.routerID ? ipField(s.routerID, 'spec.routerID', 'router ID', err, 4) : undefined;
  const source = s.sourceAddress ? ipField(s.sourceAddress, 'spec.sourceAddress', 'source address', err) : undefined;

  const timers = holdKeepalive({ holdTime: s.holdTime, keepaliveTime: s.keepaliveTime }, 'derive');
  if (!timers.ok) {
    const p = timersProblemText(timers.problem[0], s.holdTime, s.keepaliveTime, isV1beta1(cr));
    err(p.field!, p.message);
  }
  const connect = s.connectTime === undefined ? undefined : connectTime(s.connectTime);
  if (connect && !connect.ok) err('spec.connectTime', CONNECT_TIME_PROBLEMS[connect.problem](s.connectTime!));

  checkSelectors(s.nodeSelectors, 'spec.nodeSelectors', ref, diags);

  let passwordSecret: Peer['passwordSecret'];
  // `passwordSecret: {}` is how Go writes "none" (MetalLB's configmaptocrs
  // output, its migration docs): nothing to say about it.
  if (s.passwordSecret && !s.passwordSecret.name && Object.keys(s.passwordSecret).length > 0) {
    // MetalLB only looks at a secret reference that has a name.
    diags.warning(ref, 'spec.passwordSecret.name', 'ignored: passwordSecret has no name');
  } else if (s.passwordSecret?.name) {
    if (s.password) err('spec.passwordSecret', 'password and passwordSecret are mutually exclusive');
    else passwordSecret = checkPasswordSecret(cr, ctx, diags);
  }

  if (s.bfdProfile && !ctx.bfdProfiles.some((b) => b.name === s.bfdProfile)) {
    err('spec.bfdProfile', `BFDProfile "${s.bfdProfile}" does not exist in namespace ${ctx.metallbNamespace}`);
  }
  if (s.disableMP) {
    // The warning MetalLB's webhook gives; the flag is still passed to frr-k8s, as MetalLB does.
    diags.warning(ref, 'spec.disableMP', 'disableMP is deprecated and has no effect: separate sessions per address family are the default; see dualStackAddressFamily');
  }
  // MetalLB's speaker leaves these two out of the frr-k8s neighbour; we keep them (see compile/frrconfig.ts).
  if (source) diags.info(ref, 'spec.sourceAddress', `emitted as the neighbour's sourceaddress; MetalLB's own speaker in frr-k8s mode drops it`);
  if (s.localASN) diags.info(ref, 'spec.localASN', `emitted as the neighbour's localASN; MetalLB's own speaker in frr-k8s mode drops it`);

  const peer: Peer = {
    // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
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
    peer.address = address.text;
    peer.addressFamily = address.family;
  }
  if (s.interface) peer.iface = s.interface;
  if (source) peer.sourceAddress = source.text;
  // As the FRRConfiguration will carry them: Go duration text.
  if (timers.ok && timers.value) {
    peer.holdTime = formatNanos(timers.value.hold);
    peer.keepaliveTime = formatNanos(timers.value.keepalive);
  }
  if (connect?.ok) peer.connectTime = formatNanos(connect.value);
  if (routerID) peer.routerID = routerID.text;
  if (s.password) peer.password = s.password;
  if (passwordSecret) peer.passwordSecret = passwordSecret;
  if (s.bfdProfile) peer.bfdProfile = s.bfdProfile;
  const broken = new Set<'address' | 'routerID'>();
  if ((s.peerAddress && !address) || (!s.peerAddress && !s.interface)) broken.add('address');
  if (s.routerID && !routerID) broken.add('routerID');
  return { peer, ok: !diags.list.slice(before).some((d) => d.severity === 'error'), broken };
}

function ipField(
  text: string,
  field: string,
  what: string,
  err: (field: string, msg: string) => void,
  family?: 4 | 6,
): { text: string; family: 4 | 6 } | undefined {
  const ip = parseIP(text);
  if (!ip || (family && ip.family !== family)) {
    err(field, `invalid ${what} "${text}": must be an ${family === 4 ? 'IPv4' : 'IP'} address`);
    return undefined;
  }
  return { text: formatIP(ip.value, ip.family), family: ip.family };
}

/**
 * MetalLB's words for the hold/keepalive rule (src/api/timers.ts: the
 * missing one derived as MetalLB derives it, FRR's range refused). One
 * problem, the first, as MetalLB reports one; a derived time is named by what
 * it was derived from, and the fix is to write it.
 */
function timersProblemText(p: TimersProblem, hold: string | undefined, keepalive: string | undefined, fromV1beta1: boolean): FieldProblem {
  const written: Record<TimerName, string | undefined> = { holdTime: hold, keepaliveTime: keepalive };
  // Only a derived holdTime is ever described (or named by its source): a
  // keepaliveTime derived from holdTime (a third of it) is never over it, and
  // too long only when holdTime, written and reported first, is.
  const source = (t: TimerName): TimerName => (written[t] !== undefined ? t : 'keepaliveTime');
  const describe = (t: TimerName, ns: number) => (written[t] !== undefined ? `${t} "${written[t]}"` : `${t} ${formatNanos(ns)} (3 × keepaliveTime "${keepalive}")`);
  switch (p.kind) {
    case 'unpaired': // only where a missing time is not derived, never here
      // Stryker disable next-line StringLiteral: unreachable: a BGPPeer's missing time is derived (holdKeepalive 'derive')
      return { field: `spec.${p.written}`, message: 'set both holdTime and keepaliveTime, or neither' };
    case 'not-a-duration':
    case 'negative':
      return { field: `spec.${p.timer}`, message: `invalid duration "${written[p.timer]}"` };
    case 'hold-too-short':
      return p.derived
        ? { field: 'spec.keepaliveTime', message: `invalid holdTime (3 × keepaliveTime "${keepalive}"): must be 0 or at least 3s` }
        : { field: 'spec.holdTime', message: `invalid holdTime "${hold}": must be 0 or at least 3s` };
    case 'keepalive-over-hold': {
      const v1 = fromV1beta1 && hold === '0s' ? ' (a v1beta1 BGPPeer without holdTime converts to holdTime 0s, as in MetalLB)' : '';
      return { field: 'spec.keepaliveTime', message: `${describe('keepaliveTime', p.keepalive)} must not be greater than ${describe('holdTime', p.hold)}${v1}` };
    }
    case 'too-long':
      return { field: `spec.${source(p.timer)}`, message: `${describe(p.timer, p.ns)} is longer than 65535s, the most FRR takes${p.derived ? `: set ${p.timer} too` : ''}` };
  }
}

/** MetalLB's words for a connectTime the CRD's rules refuse (src/api/timers.ts). */
const CONNECT_TIME_PROBLEMS: Record<ConnectTimeProblem, (text: string) => string> = {
  'not-a-duration': (text) => `invalid duration "${text}"`,
  fraction: (text) => `connectTime "${text}" must be a whole number of seconds`,
  'out-of-range': (text) => `connectTime "${text}" must be between 1s and 65535s`,
};

function checkPasswordSecret(cr: BGPPeer, ctx: PeerContext, diags: Diagnostics): Peer['passwordSecret'] {
  const ref = refOf(cr);
  const name = cr.spec.passwordSecret?.name as string;
  const ns = cr.spec.passwordSecret?.namespace;
  const want = ctx.frrk8sNamespace;
  // frr-k8s reads password Secrets from its own namespace, and the function
  // never copies a Secret's value (MetalLB's --frrk8s-secret-passthrough).
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
  if (here.type !== BASIC_AUTH_SECRET_TYPE) {
    diags.error(ref, 'spec.passwordSecret', `Secret ${want}/${name} has type "${here.type}"; a BGP password Secret must be of type ${BASIC_AUTH_SECRET_TYPE}`);
  } else if (!here.hasPassword) {
    diags.error(ref, 'spec.passwordSecret', `Secret ${want}/${name} has no "password" key`);
  } else if (here.passwordProblem) {
    diags.error(ref, 'spec.passwordSecret', here.passwordProblem);
  }
  return { name, namespace: want };
}

/** The id MetalLB gives a session per VRF: address or interface, plus VRF. */
function peerIdentifier(p: Peer): string {
  const id = sessionAddress(p);
  return p.vrf ? `${id}-${p.vrf}` : id;
}

/** The address, else the interface, of a peer whose address is not broken (it has one or the other). */
function sessionAddress(p: Peer): string {
  return p.address ?? p.iface!;
}


/**
 * Peers that can land on the same node must share the router ID, must not be
 * the same session twice, and must share myASN within a VRF
 * (checkFRRPeersCompatible). Whether two peers can meet is judged from the
 * Node objects when there are any. Without them MetalLB assumes any two can
 * meet; we assume so too unless their node selectors exclude each other
 * (e.g. rack: r1 against rack: r2), which no set of nodes could change.
 * Identical peers fall under "the same session twice".
 */
function checkPeersOnSameNode(parsed: Parsed[], nodes: NodeInfo[] | undefined, diags: Diagnostics): void {
  for (let i = 0; i < parsed.length; i++) {
    for (let j = 0; j < i; j++) {
      const p = parsed[i].peer;
      const q = parsed[j].peer;
      const broken = new Set([...parsed[i].broken, ...parsed[j].broken]);
      // The rules first, whether the two meet only when one is broken: most pairs break none.
      const otherRouterID = !broken.has('routerID') && (p.routerID ?? '') !== (q.routerID ?? '');
      const sameSession = !broken.has('address') && peerIdentifier(p) === peerIdentifier(q);
      const otherASN = p.myASN !== q.myASN && p.vrf === q.vrf;
      // Stryker disable next-line ConditionalExpression: equivalent: a shortcut; a pair that breaks no rule reports nothing whether it meets or not
      if (!otherRouterID && !sameSession && !otherASN) continue;
      const meet = nodes === undefined
        ? selectionsCanMeet(p.nodeSelectors, q.nodeSelectors)
        : nodes.some((n) => selectsNode(p.nodeSelectors, n.labels) && selectsNode(q.nodeSelectors, n.labels));
      if (!meet) continue;
      const where = nodes === undefined ? 'peers whose node selectors can select the same node' : 'peers selecting the same node';
      if (otherRouterID) {
        const show = (id?: string) => (id ? `"${id}"` : 'unset');
        diags.error(p.ref, 'spec.routerID', `routerID ${show(p.routerID)} differs from BGPPeer "${q.name}" (${show(q.routerID)}): ${where} must share one router ID`);
      }
      if (sameSession) {
        diags.error(p.ref, p.address ? 'spec.peerAddress' : 'spec.interface', `BGPPeer "${q.name}" already peers with ${sessionAddress(p)} in ${p.vrf ? `VRF "${p.vrf}"` : 'the default VRF'}: ${where} must not repeat a session`);
      }
      if (otherASN) {
        diags.error(p.ref, 'spec.myASN', `myASN ${p.myASN} differs from ${q.myASN} of BGPPeer "${q.name}" in ${p.vrf ? `VRF "${p.vrf}"` : 'the default VRF'}: ${where} must share myASN within a VRF`);
      }
    }
  }
}
