// BGPSessionStates (frrk8s.metallb.io/v1beta1, API-compatible with frr-k8s'):
// one object per BGP session of this node, from FRR's own view of it
// (frrstate.ts), as frr-k8s publishes them:
//
//   namespace   the agent's (frr-k8s-system by default), name <node>-<random>
//   labels      frrk8s.metallb.io/node=<node>, frrk8s.metallb.io/peer=<peer>,
//               frrk8s.metallb.io/vrf=<vrf>  (kubectl get bgpsessionstates -l
//               frrk8s.metallb.io/node=NODE lists a node's sessions)
//   status      node, peer (IPv6 written out with "-" for ":", a label value
//               cannot hold ":"; an interface name as is), vrf ("" for the
//               default VRF), bgpStatus (FRR's bgpState: Established, Active,
//               ...), bfdStatus (FRR's BFD status of the session: Up, Down,
//               ...; "N/A" without BFD)
//
// This file is the pure part: the statuses FRR's state asks for, and the
// plan that brings the existing objects there (delete duplicates and sessions
// FRR no longer has, create missing ones, update changed statuses; nothing
// when nothing changed). sessionstates.ts carries the plan out against the
// API server.
import ipaddr from 'ipaddr.js';
import { BGP_SESSION_STATE_LABELS, NO_BFD_STATUS, type BGPSessionStateStatus } from '../api/frrk8s.ts';
import { labelValueProblem } from '../api/selector.ts';
import type { BGPNeighborState } from './frrstate.ts';

/** FRR's name of the default VRF; BGPSessionStates say "" (as frr-k8s). */
const FRR_DEFAULT_VRF = 'default';

/** A neighbour's name as a label value: an IPv6 address written out, "-" for ":"; others as they are. */
export function peerLabel(peer: string): string {
  if (ipaddr.IPv6.isValid(peer) && !ipaddr.IPv4.isValid(peer)) {
    // Each group as four hex digits, as Go's StringExpanded (frr-k8s) writes it.
    const b = ipaddr.IPv6.parse(peer).toByteArray();
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16).padStart(4, '0'));
    return groups.join('-');
  }
  return peer;
}

/** `v` if it is a valid label value, else with the characters a label cannot hold replaced (and cut to 63). */
export function labelSafe(v: string): string {
  if (labelValueProblem(v) === undefined) return v;
  const cut = v.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cut;
}

/** The status of each of the node's sessions, in a stable order. */
export function sessionStatuses(node: string, neighbors: BGPNeighborState[]): BGPSessionStateStatus[] {
  return neighbors
    .map((n) => ({
      node,
      peer: peerLabel(n.peer),
      vrf: n.vrf === FRR_DEFAULT_VRF ? '' : n.vrf,
      bgpStatus: n.state,
      bfdStatus: n.bfdStatus ?? NO_BFD_STATUS,
    }))
    .sort((a, b) => (a.vrf < b.vrf ? -1 : a.vrf > b.vrf ? 1 : a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
}

/** The labels of a session's object. */
export function sessionLabels(s: BGPSessionStateStatus): Record<string, string> {
  return {
    [BGP_SESSION_STATE_LABELS.node]: labelSafe(s.node ?? ''),
    [BGP_SESSION_STATE_LABELS.peer]: labelSafe(s.peer ?? ''),
    [BGP_SESSION_STATE_LABELS.vrf]: labelSafe(s.vrf ?? ''),
  };
}

/** Which session an object is for: its VRF and peer labels (as frr-k8s matches them). */
export function sessionKey(labels: Record<string, string | undefined>): string | undefined {
  const peer = labels[BGP_SESSION_STATE_LABELS.peer];
  if (!peer) return undefined;
  return `${labels[BGP_SESSION_STATE_LABELS.vrf] ?? ''}\0${peer}`;
}

/** An existing BGPSessionState of this node. */
export interface ExistingSession {
  name: string;
  /** sessionKey of its labels; undefined when it has no peer label. */
  key: string | undefined;
  /** Its status; undefined right after its creation (the status subresource drops it from a create). */
  status: BGPSessionStateStatus | undefined;
}

export type SessionAction =
  | { kind: 'delete'; name: string }
  | { kind: 'create'; status: BGPSessionStateStatus }
  | { kind: 'update'; name: string; status: BGPSessionStateStatus };

const sameStatus = (a: BGPSessionStateStatus | undefined, b: BGPSessionStateStatus) =>
  a !== undefined && a.node === b.node && a.peer === b.peer && a.vrf === b.vrf && a.bgpStatus === b.bgpStatus && a.bfdStatus === b.bfdStatus;

/**
 * What to do so that `existing` becomes `desired`: deletions first (an
 * object without a peer label, the second object of a session, sessions FRR
 * no longer has), then creations, then status updates. Empty when they agree.
 */
export function planSessions(desired: BGPSessionStateStatus[], existing: ExistingSession[]): SessionAction[] {
  const want = new Map(desired.map((s) => [sessionKey(sessionLabels(s))!, s]));
  const have = new Map<string, ExistingSession>();
  const deletes: SessionAction[] = [];
  for (const e of [...existing].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.key === undefined || have.has(e.key) || !want.has(e.key)) deletes.push({ kind: 'delete', name: e.name });
    else have.set(e.key, e);
  }
  const creates: SessionAction[] = [];
  const updates: SessionAction[] = [];
  for (const [key, status] of want) {
    const e = have.get(key);
    if (!e) creates.push({ kind: 'create', status });
    else if (!sameStatus(e.status, status)) updates.push({ kind: 'update', name: e.name, status });
  }
  return [...deletes, ...creates, ...updates];
}
