// IPAddressPool: addresses as CIDRs or ranges, no overlap anywhere
// (internal/config/config.go addressPoolFromCR, poolsFor).
import type { Diagnostics } from '../api/diagnostic.ts';
import { bitsOf, formatPrefix, lastAddress, parseCIDR, parseIP, summarizeRange, type Family, type Prefix } from '../api/ip.ts';
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
 * CIDRs that never overlap, per family, in address order, each with what it
 * belongs to. The ones a prefix meets are found by binary search (no overlap:
 * ordered by first address is ordered by last), not by a scan of every pool.
 */
class CIDRIndex<T> {
  private readonly byFamily = new Map<Family, Array<{ first: bigint; last: bigint; value: T }>>();

  /** An index of CIDRs known not to overlap, built at once. */
  static of<T>(entries: Iterable<readonly [Prefix, T]>): CIDRIndex<T> {
    const index = new CIDRIndex<T>();
    for (const [prefix, value] of entries) index.list(prefix.family).push({ first: prefix.base, last: lastAddress(prefix), value });
    // Stryker disable next-line EqualityOperator: equivalent: the CIDRs never overlap, so no two start at one address
    for (const list of index.byFamily.values()) list.sort((a, b) => (a.first < b.first ? -1 : 1));
    return index;
  }

  /** Adds a CIDR that overlaps none of the index. */
  add(prefix: Prefix, value: T): void {
    const list = this.list(prefix.family);
    list.splice(firstEndingAtOrAfter(list, prefix.base), 0, { first: prefix.base, last: lastAddress(prefix), value });
  }

  /** What the CIDRs sharing an address with `p` belong to, in address order. */
  meeting(p: Prefix): T[] {
    const list = this.list(p.family);
    const last = lastAddress(p);
    const out: T[] = [];
    for (let i = firstEndingAtOrAfter(list, p.base); i < list.length && list[i].first <= last; i++) out.push(list[i].value);
    return out;
  }

  private list(family: Family): Array<{ first: bigint; last: bigint; value: T }> {
    let list = this.byFamily.get(family);
    if (!list) this.byFamily.set(family, (list = []));
    return list;
  }
}

/** The index of the first entry that ends at or after the address (entries in address order). */
function firstEndingAtOrAfter(list: Array<{ last: bigint }>, address: bigint): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].last < address) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PoolOptions {
  /** Accept pools of every address (0.0.0.0/0, ::/0): announced whole, they are a default route. */
  allowDefaultRoute?: boolean;
}

export function parsePools(crs: IPAddressPool[], diags: Diagnostics, opts: PoolOptions = {}): Pool[] {
  const pools: Pool[] = [];
  // The CIDRs accepted so far; an overlapping one is refused, naming the first accepted it meets.
  let seq = 0;
  const accepted = new CIDRIndex<{ seq: number; cidr: PoolCIDR; pool: string }>();
  for (const cr of crs) {
    const ref = refOf(cr);
    // Stryker disable next-line OptionalChaining,StringLiteral: unreachable: the KRM layer refuses an item without metadata.name
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
        // The first accepted of those it meets (a range's CIDR can meet several).
        const clash = accepted.meeting(prefix).sort((a, b) => a.seq - b.seq)[0];
        if (clash) {
          const other = clash.pool === name ? `${clash.cidr.source} in the same pool` : `${clash.cidr.source} of IPAddressPool "${clash.pool}"`;
          diags.error(ref, `spec.addresses[${index}]`, `${formatPrefix(prefix)} (from "${text}") overlaps with ${other}`);
          continue;
        }
        cidrs.push(cidr);
        accepted.add(prefix, { seq: seq++, cidr, pool: name });
      }
    });
    const sa = s.serviceAllocation;
    if (sa) {
      const dup = sa.namespaces?.find((n, i, a) => a.indexOf(n) !== i);
      if (dup !== undefined) diags.error(ref, 'spec.serviceAllocation.namespaces', `duplicate namespace "${dup}"`);
      checkSelectors(sa.namespaceSelectors, 'spec.serviceAllocation.namespaceSelectors', ref, diags);
      checkSelectors(sa.serviceSelectors, 'spec.serviceAllocation.serviceSelectors', ref, diags);
    }
    // A pool with errors is kept (with its valid addresses) so that references
    // to it resolve; the caller compiles nothing when there are errors.
    pools.push({
      name,
      ref,
      // Stryker disable next-line OptionalChaining: unreachable: the KRM layer refuses an item without metadata.name
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
 * The pool holding an address. Pools' CIDRs never overlap (parsePools refuses
 * an overlapping one), so it is found by binary search.
 */
export function poolOfAddress(pools: Pool[]): (family: Family, address: bigint) => Pool | undefined {
  const index = CIDRIndex.of(pools.flatMap((pool) => pool.cidrs.map((c) => [c.prefix, pool] as const)));
  return (family, address) => index.meeting({ family, base: address, len: bitsOf(family) })[0];
}
