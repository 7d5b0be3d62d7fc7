// Checks and canonical forms of the scalar values an FRRConfiguration puts
// into frr.conf: addresses, prefixes, names, durations, passwords. Each reader
// returns the canonical value or a sentence saying what is wrong; none of
// them ever repeats a password in that sentence.
import { parseDuration } from '../api/duration.ts';
import { bitsOf, comparePrefixes, formatIP, formatPrefix, parseCIDR, parseIP, type Family, type Prefix } from '../api/ip.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(problem: string): Read<T> => ({ ok: false, problem });

/** An IP address in canonical text (IPv4-mapped IPv6 reads as IPv4). */
export function readAddress(text: string): Read<{ text: string; family: Family }> {
  const ip = parseIP(text);
  if (!ip) return bad(`"${text}" is not an IP address`);
  return ok({ text: formatIP(ip.value, ip.family), family: ip.family });
}

export interface PrefixValue {
  text: string;
  prefix: Prefix;
}

/** A CIDR in canonical text; host bits must be clear (FRR would refuse or mask them). */
export function readPrefix(text: string): Read<PrefixValue> {
  const p = parseCIDR(text);
  if (!p) return bad(`"${text}" is not a CIDR prefix`);
  const addr = parseIP(text.slice(0, text.indexOf('/')));
  const canonical = formatPrefix(p);
  if (addr && addr.value !== p.base) return bad(`"${text}" has host bits set; write ${canonical}`);
  return ok({ text: canonical, prefix: p });
}

/** The family of a canonical prefix text. */
export function prefixFamily(text: string): Family {
  return text.includes(':') ? 6 : 4;
}

const prefixCache = new Map<string, Prefix>();

function parsed(text: string): Prefix {
  let p = prefixCache.get(text);
  if (!p) {
    p = parseCIDR(text)!;
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
 * A Linux network device name (interfaces and VRFs): 1 to 15 bytes, no '/',
 * ':', whitespace or control characters, not "." or "..".
 */
export function interfaceNameProblem(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (Buffer.byteLength(name) > 15) return `"${name}" is longer than 15 characters, the limit of a Linux interface name`;
  if (name === '.' || name === '..' || /[/:\s\x00-\x1f\x7f]/.test(name) || !/^[\x21-\x7e]+$/.test(name)) {
    return `"${name}" is not a valid Linux interface name (printable ASCII without '/', ':' or spaces)`;
  }
  return undefined;
}

/** A single token of FRR configuration: printable ASCII, no spaces. */
export function wordProblem(name: string, max = 64): string | undefined {
  if (name === '') return 'must not be empty';
  if (!/^[\x21-\x7e]+$/.test(name)) return `"${name}" must be printable ASCII without spaces`;
  if (name.length > max) return `"${name}" is longer than ${max} characters`;
  if (name.startsWith('!') || name.startsWith('#')) return `"${name}" must not start with '!' or '#' (FRR comment characters)`;
  return undefined;
}

/** TCP-MD5 keys are at most 80 bytes (TCP_MD5SIG_MAXKEYLEN). */
export const MAX_PASSWORD_LENGTH = 80;

/**
 * What is wrong with a password for FRR, in words that never include it:
 * frr.conf carries it as one token on one line.
 */
export function passwordProblem(password: string): string | undefined {
  if (password === '') return 'the password is empty';
  if (!/^[\x21-\x7e]+$/.test(password)) {
    return 'the password has characters frr.conf cannot carry (spaces, line breaks, control or non-ASCII characters); use printable ASCII without spaces';
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `the password is longer than ${MAX_PASSWORD_LENGTH} characters, the TCP-MD5 key limit`;
  return undefined;
}

/** A Go duration as whole seconds within [min, max]. */
export function readSeconds(text: string, min: number, max: number): Read<number> {
  const ms = parseDuration(text);
  if (ms === undefined) return bad(`"${text}" is not a duration (e.g. 90s, 1m30s)`);
  if (ms % 1000 !== 0) return bad(`"${text}" is not a whole number of seconds`);
  const s = ms / 1000;
  if (s < min || s > max) return bad(`"${text}" must be between ${min}s and ${max}s`);
  return ok(s);
}

export { bitsOf };
