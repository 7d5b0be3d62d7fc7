// Checks and canonical forms of the scalar values an FRRConfiguration puts
// into frr.conf: addresses, prefixes, names, durations (interface names and
// passwords, which MetalLB checks too: src/api/frr-input.ts). Each reader
// returns the canonical value or a sentence saying what is wrong; none of
// them ever repeats a password in that sentence.
import { parseDuration } from '../api/duration.ts';
import ipaddr from 'ipaddr.js';
import { bitsOf, comparePrefixes, formatIP, formatPrefix, mask, parseIP, type Family, type Prefix } from '../api/ip.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(problem: string): Read<T> => ({ ok: false, problem });

/** An IP address in canonical text (IPv4-mapped IPv6 reads as IPv4). */
export function readAddress(text: string): Read<{ text: string; family: Family }> {
  const ip = ipOf(text);
  if (!ip) return bad(`"${text}" is not an IP address`);
  return ok({ text: formatIP(ip.value, ip.family), family: ip.family });
}

export interface PrefixValue {
  text: string;
  prefix: Prefix;
}

/** A CIDR in canonical text; host bits must be clear (FRR would refuse or mask them). */
export function readPrefix(text: string): Read<PrefixValue> {
  const c = cidrOf(text);
  if (!c) return bad(`"${text}" is not a CIDR prefix`);
  // Dotted-quad IPv4 without leading zeros is already canonical.
  const canonical = c.prefix.family === 4 && !c.host && DOTTED_QUAD_CIDR.test(text) ? text : formatPrefix(c.prefix);
  if (c.host) return bad(`"${text}" has host bits set; write ${canonical}`);
  return ok({ text: canonical, prefix: c.prefix });
}

// Addresses and prefixes are parsed with the rules of parseIP and parseCIDR
// (src/api/ip.ts: four-part decimal IPv4 without leading zeros, IPv6 without
// zone, IPv4-mapped IPv6 as IPv4), but without their cost on the two common
// shapes: parseIP tries IPv4 first, and ipaddr.js throws and catches
// internally for every IPv6 text. A node can carry tens of thousands.
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

const DOTTED_QUAD_CIDR = /^[\d.]+\/(0|[1-9]\d?)$/;

function ipOf(text: string): { family: Family; value: bigint } | undefined {
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
  if (!text.includes(':')) return parseIP(text);
  if (text.trim() !== text || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const bytes = ipaddr.IPv6.parse(text).toByteArray();
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  let value = 0n;
  for (const b of mapped ? bytes.slice(12) : bytes) value = (value << 8n) | BigInt(b);
  return { family: mapped ? 4 : 6, value };
}

function cidrOf(text: string): { prefix: Prefix; host: boolean } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = ipOf(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > bitsOf(ip.family)) return undefined;
  const base = mask(ip.value, ip.family, len);
  return { prefix: { family: ip.family, base, len }, host: base !== ip.value };
}

/** The family of a canonical prefix text. */
export function prefixFamily(text: string): Family {
  return text.includes(':') ? 6 : 4;
}

const prefixCache = new Map<string, Prefix>();

function parsed(text: string): Prefix {
  let p = prefixCache.get(text);
  if (!p) {
    p = cidrOf(text)!.prefix;
    if (prefixCache.size > 200_000) prefixCache.clear();
    prefixCache.set(text, p);
  }
  return p;
}

/** Canonical prefix texts in numeric order (IPv4 first), duplicates removed. */
export function sortPrefixes(texts: Iterable<string>): string[] {
  return [...new Set(texts)].sort((a, b) => comparePrefixes(parsed(a), parsed(b)));
}

/** Canonical addresses in numeric order (IPv4 first). */
export function compareAddresses(a: string, b: string): number {
  return comparePrefixes(parsed(`${a}/${a.includes(':') ? 128 : 32}`), parsed(`${b}/${b.includes(':') ? 128 : 32}`));
}

/**
 * A Go duration as whole seconds within [min, max]. With `truncate`, a
 * fraction is dropped as frr-k8s drops it (Duration / time.Second): MetalLB's
 * speaker publishes keepaliveTime 3.333333333s for holdTime 10s, and a
 * cluster must be able to move between frr-k8s and this agent. Without it a
 * fraction is refused (connectTime, whose CRD rule requires whole seconds).
 */
export function readSeconds(text: string, min: number, max: number, truncate = false): Read<number> {
  const ms = parseDuration(text);
  if (ms === undefined) return bad(`"${text}" is not a duration (e.g. 90s, 1m30s)`);
  if (ms % 1000 !== 0 && !truncate) return bad(`"${text}" is not a whole number of seconds`);
  const s = Math.trunc(ms / 1000);
  if (s < min || s > max) return bad(`"${text}" must be between ${min}s and ${max}s`);
  return ok(s);
}

