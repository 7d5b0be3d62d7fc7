// FRR's BGP and BFD metrics under frr-k8s' names and labels, so that the
// dashboards and alerts written for frr-k8s work unchanged: every series has
// the labels `peer` (the neighbour as FRR names it) and `vrf` (FRR's VRF
// name, "default" for the default VRF), as frr-k8s' exporter has them.
//
//   frrk8s_bgp_session_up                    1 when Established, else 0
//   frrk8s_bgp_announced_prefixes_total      prefixes sent (gauge)
//   frrk8s_bgp_received_prefixes_total       prefixes accepted (gauge)
//   frrk8s_bgp_opens_sent, _opens_received, _notifications_sent,
//   _updates_total (sent), _updates_total_received, _keepalives_sent,
//   _keepalives_received, _route_refresh_sent, _total_sent, _total_received
//                                            FRR's message counters (counters)
//   frrk8s_bfd_session_up                    1 when the BFD peer is up, else 0
//   frrk8s_bfd_control_packet_input, _control_packet_output,
//   _echo_packet_input, _echo_packet_output, _session_up_events,
//   _session_down_events, _zebra_notifications
//                                            bfdd's counters (counters)
//
// Collected when scraped: one FRR state read (frrstate.ts, through the
// reloader) serves every metric of a scrape, and waits at most the reader's
// timeout, so a scrape never hangs. When the read fails (FRR or the reloader
// down, no answer in time), the sessions known from the last good read are
// reported down (session_up 0, BGP and BFD), their other series are left out,
// and metallb_frr_agent_frr_state_failures_total counts the failure: an
// alert on session_up == 0 fires, where an exporter that shows nothing would
// stay silent.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BFDCounts, BFDPeerState, BGPNeighborState, FRRState, MessageCounts, StateResult } from './frrstate.ts';

const LABELS = ['peer', 'vrf'] as const;
type Label = (typeof LABELS)[number];

/** What the metrics read FRR's state from (FRRStateReader). */
export interface StateSource {
  read(): Promise<StateResult>;
  lastGood(): FRRState | undefined;
}

/** The BGP message counters: metric name, FRR's field, help. */
const BGP_COUNTERS: Array<[string, keyof MessageCounts, string]> = [
  ['frrk8s_bgp_opens_sent', 'opensSent', 'BGP OPEN messages sent on the session.'],
  ['frrk8s_bgp_opens_received', 'opensRecv', 'BGP OPEN messages received on the session.'],
  ['frrk8s_bgp_notifications_sent', 'notificationsSent', 'BGP NOTIFICATION messages sent on the session.'],
  ['frrk8s_bgp_updates_total', 'updatesSent', 'BGP UPDATE messages sent on the session.'],
  ['frrk8s_bgp_updates_total_received', 'updatesRecv', 'BGP UPDATE messages received on the session.'],
  ['frrk8s_bgp_keepalives_sent', 'keepalivesSent', 'BGP KEEPALIVE messages sent on the session.'],
  ['frrk8s_bgp_keepalives_received', 'keepalivesRecv', 'BGP KEEPALIVE messages received on the session.'],
  ['frrk8s_bgp_route_refresh_sent', 'routeRefreshSent', 'BGP ROUTE-REFRESH messages sent on the session.'],
  ['frrk8s_bgp_total_sent', 'totalSent', 'BGP messages of every type sent on the session.'],
  ['frrk8s_bgp_total_received', 'totalRecv', 'BGP messages of every type received on the session.'],
];

const BFD_COUNTERS: Array<[string, keyof BFDCounts, string]> = [
  ['frrk8s_bfd_control_packet_input', 'controlPacketInput', 'BFD control packets received from the peer.'],
  ['frrk8s_bfd_control_packet_output', 'controlPacketOutput', 'BFD control packets sent to the peer.'],
  ['frrk8s_bfd_echo_packet_input', 'echoPacketInput', 'BFD echo packets received from the peer.'],
  ['frrk8s_bfd_echo_packet_output', 'echoPacketOutput', 'BFD echo packets sent to the peer.'],
  ['frrk8s_bfd_session_up_events', 'sessionUp', 'Times the BFD session came up.'],
  ['frrk8s_bfd_session_down_events', 'sessionDown', 'Times the BFD session went down.'],
  ['frrk8s_bfd_zebra_notifications', 'zebraNotifications', 'BFD notifications from zebra about the peer.'],
];

/** Every frrk8s_* metric name, in the order registered. */
export const FRRK8S_METRICS: readonly string[] = [
  'frrk8s_bgp_session_up',
  'frrk8s_bgp_announced_prefixes_total',
  'frrk8s_bgp_received_prefixes_total',
  ...BGP_COUNTERS.map(([n]) => n),
  'frrk8s_bfd_session_up',
  ...BFD_COUNTERS.map(([n]) => n),
];

type Items<T> = () => Promise<{ items: T[]; failed: boolean }>;

/** Registers the frrk8s_* metrics on `registry`, collected from `source` when scraped. */
export function registerFRRMetrics(registry: Registry, source: StateSource): void {
  const registers = [registry];
  // Every metric of a scrape asks at once; the reader answers them all from one read.
  const neighbors: Items<BGPNeighborState> = async () => {
    const r = await source.read();
    return r.ok ? { items: r.state.neighbors, failed: false } : { items: source.lastGood()?.neighbors ?? [], failed: true };
  };
  const bfdPeers: Items<BFDPeerState> = async () => {
    const r = await source.read();
    return r.ok ? { items: r.state.bfd ?? [], failed: false } : { items: source.lastGood()?.bfd ?? [], failed: true };
  };
  const bgpLabels = (n: BGPNeighborState) => ({ peer: n.peer, vrf: n.vrf });
  const bfdLabels = (p: BFDPeerState) => ({ peer: p.peer, vrf: p.vrf });

  /** A gauge per session; `value` undefined leaves the series out. */
  const gauge = <T>(name: string, help: string, items: Items<T>, labels: (x: T) => Record<Label, string>, value: (x: T, failed: boolean) => number | undefined) =>
    new Gauge<Label>({
      name,
      help,
      labelNames: LABELS,
      registers,
      async collect() {
        const { items: list, failed } = await items();
        this.reset();
        for (const x of list) {
          const v = value(x, failed);
          if (v !== undefined) this.set(labels(x), v);
        }
      },
    });
  /** FRR's own counter per session; left out while FRR does not answer (unknown, not zero). */
  const counter = <T>(name: string, help: string, items: Items<T>, labels: (x: T) => Record<Label, string>, value: (x: T) => number | undefined) =>
    new Counter<Label>({
      name,
      help,
      labelNames: LABELS,
      registers,
      async collect() {
        const { items: list, failed } = await items();
        this.reset();
        if (failed) return;
        for (const x of list) {
          const v = value(x);
          if (v !== undefined) this.inc(labels(x), v);
        }
      },
    });

  gauge('frrk8s_bgp_session_up', 'BGP session state: 1 when Established, 0 otherwise (0 too while FRR does not answer).', neighbors, bgpLabels, (n, failed) => (!failed && n.state === 'Established' ? 1 : 0));
  gauge('frrk8s_bgp_announced_prefixes_total', 'Prefixes currently announced to the BGP peer.', neighbors, bgpLabels, (n, failed) => (failed ? undefined : n.announced));
  gauge('frrk8s_bgp_received_prefixes_total', 'Prefixes currently accepted from the BGP peer.', neighbors, bgpLabels, (n, failed) => (failed ? undefined : n.received));
  for (const [name, field, help] of BGP_COUNTERS) counter(name, help, neighbors, bgpLabels, (n) => n.messages[field]);
  gauge('frrk8s_bfd_session_up', 'BFD session state: 1 when up, 0 otherwise (0 too while FRR does not answer).', bfdPeers, bfdLabels, (p, failed) => (!failed && p.status === 'up' ? 1 : 0));
  for (const [name, field, help] of BFD_COUNTERS) counter(name, help, bfdPeers, bfdLabels, (p) => p.counters?.[field]);
}
