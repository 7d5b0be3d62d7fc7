// IPAddressPool: addresses as CIDRs or ranges, no overlap anywhere
// (internal/config/config.go addressPoolFromCR, poolsFor).
import type { Diagnostics } from '../api/diagnostic.ts';
import { formatPrefix, lastAddress, parseCIDR, parseIP, summarizeRange, type Prefix } from '../api/ip.ts';
import { refOf } from '../api/k8s.ts';
import type { IPAddressPool } from '../api/metallb.ts';
import type { Pool, PoolCIDR } from './model.ts';
import { checkSelectors } from './selectors.ts';
import { byName } from '../api/order.ts';
import { bad, ok, type Parsed } from '../api/parsed.ts';

/** A pool address entry: CIDR, or start-end range summarised to CIDRs. */
export function parseAddresses(text: string): Parsed<Prefix[]> {
  if (!text.includes('-')) {
    const p = parseCIDR(text);
    return p ? ok([p]) : bad(`invalid CIDR "${text}"`);
  }
  const [a, b] = text.split('-', 2).map((x) => x.trim());
  const rest = text.slice(text.indexOf('-') + 1);
  if (rest.includes('-')) return bad(`invalid IP range "${text}"`);
  const start = parseIP(a);
  if (!start) return bad(`invalid IP range "${text}": invalid start IP "${a}"`);
  const end = parseIP(b);
  if (!end) return bad(`invalid IP range "${text}": invalid end IP "${b}"`);
  if (start.family !== end.family) return bad(`invalid IP range "${text}": start and end are of different IP families`);
  if (start.value > end.value) return bad(`invalid IP range "${text}": start IP is after the end IP`);
  return ok(summarizeRange(start.value, end.value, start.family));
}

/**
 * The CIDRs accepted so far, per family, sorted by address. They never
 * overlap each other (an overlapping one is refused), so the ones a new
 * prefix overlaps are found by binary search, not by a scan of every pool.
 */
class Accepted {
  private readonly byFamily = new Map<number, Array<{ first: bigint; last: bigint; seq: number; cidr: PoolCIDR; pool: string }>>();
  private seq = 0;

  /** The earliest accepted CIDR that shares an address with `p`. */
  clash(p: Prefix): { cidr: PoolCIDR; pool: string } | undefined {
    const list = this.byFamily.get(p.family) ?? [];
    const last = lastAddress(p);
    let found: (typeof list)[number] | undefined;
    for (let i = this.firstEndingAtOrAfter(list, p.base); i < list.length && list[i].first <= last; i++) {
      if (!found || list[i].seq < found.seq) found = list[i];
    }
    return found;
  }

  add(cidr: PoolCIDR, pool: string): void {
    let list = this.byFamily.get(cidr.prefix.family);
    if (!list) this.byFamily.set(cidr.prefix.family, (list = []));
    const entry = { first: cidr.prefix.base, last: lastAddress(cidr.prefix), seq: this.seq++, cidr, pool };
    list.splice(this.firstEndingAtOrAfter(list, entry.first), 0, entry);
  }

  private firstEndingAtOrAfter(list: Array<{ last: bigint }>, address: bigint): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].last < address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface PoolOptions {
  /** Accept pools of every address (0.0.0.0/0, ::/0): announced whole, they are a default route. */
  allowDefaultRoute?: boolean;
}

export function parsePools(crs: IPAddressPool[], diags: Diagnostics, opts: PoolOptions = {}): Pool[] {
  const pools: Pool[] = [];
  const accepted = new Accepted();
  for (const cr of crs) {
    const ref = refOf(cr);
    const name = cr.metadata?.name ?? '';
    const s = cr.spec;
    if (s.addresses.length === 0) {
      diags.error(ref, 'spec.addresses', 'a pool needs at least one address (CIDR or start-end range)');
    }
    const cidrs: PoolCIDR[] = [];
    s.addresses.forEach((text, index) => {
      const r = parseAddresses(text);
      if (!r.ok) {
        diags.error(ref, `spec.addresses[${index}]`, r.problem);
        return;
      }
      for (const prefix of r.value) {
        if (prefix.len === 0 && !opts.allowDefaultRoute) {
          // A default route leaking to the fabric is an outage: never by accident.
          diags.error(ref, `spec.addresses[${index}]`, `"${text}" is every IPv${prefix.family} address: announced whole (advertise: pools) it is a default route to every peer; set allowDefaultRoute: true in the function's configuration if that is meant`);
          continue;
        }
        const cidr = { prefix, source: text, index };
        const clash = accepted.clash(prefix);
        if (clash) {
          const other = clash.pool === name ? `${clash.cidr.source} in the same pool` : `${clash.cidr.source} of IPAddressPool "${clash.pool}"`;
          diags.error(ref, `spec.addresses[${index}]`, `${formatPrefix(prefix)} (from "${text}") overlaps with ${other}`);
          continue;
        }
        cidrs.push(cidr);
        accepted.add(cidr, name);
      }
    });
    const sa = s.serviceAllocation;
    if (sa) {
      const dup = (sa.namespaces ?? []).find((n, i, a) => a.indexOf(n) !== i);
      if (dup !== undefined) diags.error(ref, 'spec.serviceAllocation.namespaces', `duplicate namespace "${dup}"`);
      checkSelectors(sa.namespaceSelectors, 'spec.serviceAllocation.namespaceSelectors', ref, diags);
      checkSelectors(sa.serviceSelectors, 'spec.serviceAllocation.serviceSelectors', ref, diags);
    }
    // A pool with errors is kept (with its valid addresses) so that references
    // to it resolve; the caller compiles nothing when there are errors.
    pools.push({
      name,
      ref,
      labels: cr.metadata?.labels ?? {},
      cidrs,
      autoAssign: s.autoAssign ?? true,
      avoidBuggyIPs: s.avoidBuggyIPs ?? false,
      ...(sa ? { serviceAllocation: { namespaces: sa.namespaces ?? [], namespaceSelectors: sa.namespaceSelectors ?? [], serviceSelectors: sa.serviceSelectors ?? [] } } : {}),
      bgpAdvertisements: [],
    });
  }
  return pools.sort(byName);
}

/**
 * The pool holding an address, found by binary search over every pool's
 * CIDRs (which never overlap in a valid input; with overlaps, one of them).
 */
export function poolOfAddress(pools: Pool[]): (family: 4 | 6, address: bigint) => Pool | undefined {
  const byFamily = new Map<number, Array<{ first: bigint; last: bigint; pool: Pool }>>();
  for (const pool of pools) {
    for (const c of pool.cidrs) {
      let list = byFamily.get(c.prefix.family);
      if (!list) byFamily.set(c.prefix.family, (list = []));
      list.push({ first: c.prefix.base, last: lastAddress(c.prefix), pool });
    }
  }
  for (const list of byFamily.values()) list.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  return (family, address) => {
    const list = byFamily.get(family) ?? [];
    // The last CIDR starting at or before the address.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].first <= address) lo = mid + 1;
      else hi = mid;
    }
    const c = list[lo - 1];
    return c && address <= c.last ? c.pool : undefined;
  };
}
