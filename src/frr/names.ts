// Names of the prefix-lists and route-maps rendered for a neighbour. They are
// derived from the VRF and the neighbour only, so they stay the same from one
// render to the next (frr-reload.py then changes entries, not names), and a
// reader of frr.conf or of `show running-config` sees whose policy it is:
//
//   <vrf>-<peer>-in / -out                      route-maps (vrf "default" for the default VRF)
//   <vrf>-<peer>-out-v4 / -out-v6                prefixes the neighbour may receive
//   <vrf>-<peer>-localpref-<N>-v4 / -v6          prefixes sent with local preference N
//   <vrf>-<peer>-community-<A:B>-v4 / -v6        prefixes sent with community A:B
//   <vrf>-<peer>-large-community-<A:B:C>-v4/-v6  prefixes sent with large community A:B:C
//   <vrf>-<peer>-in-v4 / -in-v6                  prefixes accepted from the neighbour
//
// Addresses are written as FRR prints them; interface and VRF names keep
// letters, digits, '.', '_' and '-', anything else becomes '_'.

export type AF = 'v4' | 'v6';

export interface NeighborNames {
  routeMapIn: string;
  routeMapOut: string;
  allowedOut(af: AF): string;
  localPref(value: number, af: AF): string;
  community(value: string, large: boolean, af: AF): string;
  allowedIn(af: AF): string;
}

export function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export function neighborNames(vrf: string, peer: string, kind: 'address' | 'interface'): NeighborNames {
  const base = `${vrf === '' ? 'default' : sanitize(vrf)}-${kind === 'address' ? peer : sanitize(peer)}`;
  return {
    routeMapIn: `${base}-in`,
    routeMapOut: `${base}-out`,
    allowedOut: (af) => `${base}-out-${af}`,
    localPref: (value, af) => `${base}-localpref-${value}-${af}`,
    community: (value, large, af) => `${base}-${large ? 'large-community' : 'community'}-${value}-${af}`,
    allowedIn: (af) => `${base}-in-${af}`,
  };
}
