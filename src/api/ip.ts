// IP addresses and prefixes as (family, bigint) pairs: parsing with ipaddr.js,
// arithmetic for ranges, masks and containment.
import ipaddr from 'ipaddr.js';
import { bad, ok, type Parsed } from './parsed.ts';

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

// One parser for addresses and prefixes, used everywhere: four-part decimal
// IPv4 without leading zeros (as Go's net.ParseIP), IPv6 without a zone, and
// IPv4-mapped IPv6 read as IPv4 (as Go). The two common shapes are read
// without ipaddr.js' cost (it tries IPv4 first, and throws and catches inside
// for every IPv6 text): a node can carry tens of thousands of prefixes.
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Parses an IP address; undefined when it is not one. IPv4-mapped IPv6 is IPv4, as in Go. */
export function parseIP(text: string): { family: Family; value: bigint } | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (m) {
    let v = 0;
    for (let i = 1; i <= 4; i++) {
      const part = Number(m[i]);
      if (part > 255) return undefined;
      v = v * 256 + part;
    }
    return { family: 4, value: BigInt(v) };
  }
  // Any other IPv4 form (leading zeros, fewer parts, hex) is refused, as by Go.
  if (!text.includes(':') || text.trim() !== text || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const bytes = ipaddr.IPv6.parse(text).toByteArray();
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return { family: mapped ? 4 : 6, value: bytesToBig(mapped ? bytes.slice(12) : bytes) };
}

/** A CIDR's network and whether the text had host bits set; undefined when it is no CIDR. */
function cidrOf(text: string): { prefix: Prefix; host: boolean } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > BITS[ip.family]) return undefined;
  const base = mask(ip.value, ip.family, len);
  return { prefix: { family: ip.family, base, len }, host: base !== ip.value };
}

/** Parses a CIDR; host bits are cleared (as Go's net.ParseCIDR returns the network). */
export function parseCIDR(text: string): Prefix | undefined {
  return cidrOf(text)?.prefix;
}

/** An IP address in canonical text (the shortest IPv6 form; IPv4-mapped IPv6 reads as IPv4). */
export function readAddress(text: string): Parsed<{ text: string; family: Family }> {
  const ip = parseIP(text);
  if (!ip) return bad(`"${text}" is not an IP address`);
  return ok({ text: formatIP(ip.value, ip.family), family: ip.family });
}

export interface PrefixValue {
  text: string;
  prefix: Prefix;
}

const DOTTED_QUAD_CIDR = /^[\d.]+\/(0|[1-9]\d?)$/;

/** A CIDR in canonical text; host bits must be clear (FRR would refuse or mask them). */
export function readPrefix(text: string): Parsed<PrefixValue> {
  const c = cidrOf(text);
  if (!c) return bad(`"${text}" is not a CIDR prefix`);
  // Dotted-quad IPv4 without leading zeros is already canonical.
  const canonical = c.prefix.family === 4 && !c.host && DOTTED_QUAD_CIDR.test(text) ? text : formatPrefix(c.prefix);
  if (c.host) return bad(`"${text}" has host bits set; write ${canonical}`);
  return ok({ text: canonical, prefix: c.prefix });
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

/** The family of a canonical address or prefix text. */
export function familyOfText(text: string): Family {
  return text.includes(':') ? 6 : 4;
}

// Canonical texts parsed once: merging sorts the same prefixes and addresses
// many times.
const canonicalCache = new Map<string, Prefix>();

function parsedCanonical(text: string): Prefix {
  let p = canonicalCache.get(text);
  if (!p) {
    p = cidrOf(text)!.prefix;
    if (canonicalCache.size > 200_000) canonicalCache.clear();
    canonicalCache.set(text, p);
  }
  return p;
}

/** Canonical prefix texts in numeric order (IPv4 first), duplicates removed. */
export function sortPrefixes(texts: Iterable<string>): string[] {
  return [...new Set(texts)].sort((a, b) => comparePrefixes(parsedCanonical(a), parsedCanonical(b)));
}

/** Canonical addresses in numeric order (IPv4 first). */
export function compareAddresses(a: string, b: string): number {
  return comparePrefixes(parsedCanonical(`${a}/${a.includes(':') ? 128 : 32}`), parsedCanonical(`${b}/${b.includes(':') ? 128 : 32}`));
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
