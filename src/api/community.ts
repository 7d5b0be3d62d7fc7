// BGP communities as MetalLB and frr-k8s write them: standard `A:B` (two
// 16-bit numbers) or large `large:A:B:C` (three 32-bit numbers).
import { bad, ok, type Parsed } from './parsed.ts';

export interface ParsedCommunity {
  large: boolean;
  parts: number[];
  /** Canonical text: `A:B` or `large:A:B:C` (leading zeros dropped). */
  value: string;
}

/** Parses a community, or says why it is not one. */
export function parseCommunity(text: string): Parsed<ParsedCommunity> {
  const fs = text.split(':');
  if (fs.length === 2) {
    const parts = fs.map((f) => uint(f, 0xffff));
    if (parts.some((p) => p === undefined)) return bad(`invalid community "${text}": each part of A:B must be a number from 0 to 65535`);
    return ok({ large: false, parts: parts as number[], value: parts.join(':') });
  }
  if (fs.length === 4) {
    if (fs[0] !== 'large') return bad(`invalid community "${text}": a large community is written large:A:B:C`);
    const parts = fs.slice(1).map((f) => uint(f, 0xffffffff));
    if (parts.some((p) => p === undefined)) return bad(`invalid community "${text}": each part of large:A:B:C must be a number from 0 to 4294967295`);
    return ok({ large: true, parts: parts as number[], value: `large:${parts.join(':')}` });
  }
  return bad(`invalid community "${text}": expected A:B (16-bit numbers) or large:A:B:C (32-bit numbers)`);
}

/** True when the text is community-shaped (2 or 4 colon-separated parts), valid or not. */
export function looksLikeCommunity(text: string): boolean {
  const n = text.split(':').length;
  return n === 2 || n === 4;
}

/** MetalLB's order: a standard community counts as the large one (A<<16|B):0:0. */
export function compareCommunities(a: ParsedCommunity, b: ParsedCommunity): number {
  const ka = a.large ? a.parts : [a.parts[0] * 65536 + a.parts[1], 0, 0];
  const kb = b.large ? b.parts : [b.parts[0] * 65536 + b.parts[1], 0, 0];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return Number(a.large) - Number(b.large);
}

/** Go's strconv.ParseUint(s, 10, …): decimal digits only, leading zeros allowed. */
function uint(s: string, max: number): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const digits = s.replace(/^0+(?=\d)/, '');
  if (digits.length > 10) return undefined;
  const n = Number(digits);
  return n <= max ? n : undefined;
}
