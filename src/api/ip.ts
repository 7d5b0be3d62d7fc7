// IP addresses and prefixes as (family, bigint) pairs: parsing with ipaddr.js,
// arithmetic for ranges, masks and containment.
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Prefix {
  family: Family;
  /** Network address (host bits cleared). */
  base: bigint;
  len: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export function bitsOf(f: Family): number {
  return BITS[f];
}

/** Parses an IP address; undefined when it is not one. IPv4-mapped IPv6 is IPv4, as in Go. */
export function parseIP(text: string): { family: Family; value: bigint } | undefined {
  const s = text.trim();
  if (s !== text || s === '' || s.includes('%')) return undefined;
  let a: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    if (s.includes(':')) {
      if (!ipaddr.IPv6.isValid(s)) return undefined;
      a = ipaddr.IPv6.parse(s);
    } else if (ipaddr.IPv4.isValidFourPartDecimal(s)) a = ipaddr.IPv4.parse(s);
    else return undefined;
  } catch {
    return undefined;
  }
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return { family: a.kind() === 'ipv4' ? 4 : 6, value: bytesToBig(a.toByteArray()) };
}

/** Parses a CIDR; host bits are cleared (as Go's net.ParseCIDR returns the network). */
export function parseCIDR(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > BITS[ip.family]) return undefined;
  return { family: ip.family, base: mask(ip.value, ip.family, len), len };
}

export function mask(value: bigint, family: Family, len: number): bigint {
  const bits = BITS[family];
  const hostBits = BigInt(bits - len);
  return (value >> hostBits) << hostBits;
}

export function lastAddress(p: Prefix): bigint {
  return p.base + (1n << BigInt(BITS[p.family] - p.len)) - 1n;
}

export function formatIP(value: bigint, family: Family): string {
  const bytes = bigToBytes(value, BITS[family] / 8);
  return family === 4 ? bytes.join('.') : ipaddr.fromByteArray(bytes).toString();
}

export function formatPrefix(p: Prefix): string {
  return `${formatIP(p.base, p.family)}/${p.len}`;
}

/** True when a and b share at least one address. */
export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** True when `inner` lies within `outer`. */
export function contains(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.len <= inner.len && mask(inner.base, inner.family, outer.len) === outer.base;
}

/** The prefix of length `len` that covers `p` (p itself when len >= p.len). */
export function aggregate(p: Prefix, len: number): Prefix {
  if (len >= p.len) return p;
  return { family: p.family, base: mask(p.base, p.family, len), len };
}

/** The minimal list of CIDRs covering start..end inclusive (same family, start <= end). */
export function summarizeRange(start: bigint, end: bigint, family: Family): Prefix[] {
  const bits = BITS[family];
  const out: Prefix[] = [];
  let cur = start;
  while (cur <= end) {
    // The largest block aligned at cur that does not pass end.
    let hostBits = 0;
    while (hostBits < bits) {
      const block = 1n << BigInt(hostBits + 1);
      if (cur % block !== 0n || cur + block - 1n > end) break;
      hostBits++;
    }
    out.push({ family, base: cur, len: bits - hostBits });
    cur += 1n << BigInt(hostBits);
  }
  return out;
}

/** Numeric order: family, then address, then length. */
export function comparePrefixes(a: Prefix, b: Prefix): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.base !== b.base) return a.base < b.base ? -1 : 1;
  return a.len - b.len;
}

function bytesToBig(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function bigToBytes(v: bigint, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
