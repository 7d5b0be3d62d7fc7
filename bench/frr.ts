// The FRR library at scale:
//  - one node with 1,000 neighbours and 10,000 prefixes: render() of the
//    merged model, and renderNode() (select + merge + render) end to end;
//  - merge() of 1,000 configurations selecting one node.
// Inputs are built in memory; each figure is the median of several runs
// after warm-up runs.
import type { FRRConfiguration, Neighbor } from '../src/api/frrk8s.ts';
import { merge, noSecrets, render, renderNode } from '../src/frr/index.ts';
import type { Measurement } from './types.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(runs: number, fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

const v4 = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.0/24`;
const v6 = (i: number) => `2001:db8:${i.toString(16)}::/48`;
const config = (name: string, spec: FRRConfiguration['spec']): FRRConfiguration => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name, namespace: 'frr-k8s-system' },
  spec,
});

/**
 * 10,000 prefixes (8,000 IPv4, 2,000 IPv6); 1,000 neighbours (800 IPv4,
 * 200 IPv6), each sent its own 10 prefixes, 2 of them with a local
 * preference and 2 with a community, and accepting 2 prefix ranges.
 */
export function bigNode(): FRRConfiguration {
  const prefixes = [...Array.from({ length: 8000 }, (_, i) => v4(i)), ...Array.from({ length: 2000 }, (_, i) => v6(i))];
  const neighbors: Neighbor[] = Array.from({ length: 1000 }, (_, n) => {
    const ipv6 = n >= 800;
    const own = prefixes.slice(n * 10, n * 10 + 10);
    return {
      address: ipv6 ? `fd00::${(n + 1).toString(16)}` : `172.16.${n >> 8}.${n & 255}`,
      asn: 65000 + (n % 100),
      toAdvertise: {
        allowed: { prefixes: own },
        withLocalPref: [{ localPref: 100 + (n % 5), prefixes: own.slice(0, 2) }],
        withCommunity: [{ community: `65000:${n % 50}`, prefixes: own.slice(2, 4) }],
      },
      toReceive: { allowed: { prefixes: [{ prefix: ipv6 ? 'fd10::/32' : '192.168.0.0/16', le: ipv6 ? 64 : 24 }, { prefix: ipv6 ? 'fd20::/32' : '10.250.0.0/16' }] } },
    };
  });
  return config('big', { bgp: { routers: [{ asn: 64512, prefixes, neighbors }] } });
}

/**
 * 1,000 configurations on one node: one router (ASN 64512), 10 prefixes
 * each, every configuration peering with one of 100 shared neighbours and
 * sending it its prefixes with a community.
 */
export function manyConfigs(): FRRConfiguration[] {
  return Array.from({ length: 1000 }, (_, c) => {
    const prefixes = Array.from({ length: 10 }, (_, k) => v4(c * 10 + k));
    return config(`cfg-${String(c).padStart(4, '0')}`, {
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes,
            neighbors: [{ address: `172.16.0.${(c % 100) + 1}`, asn: 65000, toAdvertise: { allowed: { prefixes }, withCommunity: [{ community: `65000:${c % 7}`, prefixes: prefixes.slice(0, 3) }] } }],
          },
        ],
      },
    });
  });
}

export async function benchFrr(runs = 11): Promise<Measurement[]> {
  const big = bigNode();
  const merged = merge([big]);
  if (!merged.merged) throw new Error(`bench input does not merge: ${JSON.stringify(merged.diagnostics.slice(0, 3))}`);
  const m = merged.merged;
  // Time the success path only: an input that stopped rendering would time the error path.
  const once = renderNode([big], { name: 'bench', labels: {} }, noSecrets, {});
  if (once.text === '' || once.diagnostics.length > 0) throw new Error(`bench input does not render: ${JSON.stringify(once.diagnostics.slice(0, 3))}`);
  let lines = 0;
  const renderMs = time(runs, () => {
    lines = render(m, { hostname: 'bench' }).text.split('\n').length;
  });
  const node = { name: 'bench', labels: {} };
  const endToEndMs = time(runs, () => {
    renderNode([big], node, noSecrets, {});
  });
  const many = manyConfigs();
  const check = merge(many);
  if (!check.merged) throw new Error(`bench configurations do not merge: ${JSON.stringify(check.diagnostics.slice(0, 3))}`);
  const mergeMs = time(runs, () => {
    merge(many);
  });
  return [
    { name: 'render: 1,000 neighbours, 10,000 prefixes', value: renderMs, unit: 'ms', note: `median of ${runs}, ${lines} lines; aim < 100 ms` },
    { name: 'renderNode (select+merge+render), same node', value: endToEndMs, unit: 'ms', note: `median of ${runs}` },
    { name: 'merge: 1,000 configurations on one node', value: mergeMs, unit: 'ms', note: `median of ${runs}, 100 shared neighbours` },
  ];
}
