// Durations an FRRConfiguration passes into frr.conf, checked and in whole
// seconds. Addresses and prefixes are read by src/api/ip.ts, names and
// passwords checked by src/api/frr-input.ts.
import { parseDuration } from '../api/duration.ts';
import { bad, ok, type Parsed } from '../api/parsed.ts';

/**
 * A Go duration as whole seconds within [min, max]. With `truncate`, a
 * fraction is dropped as frr-k8s drops it (Duration / time.Second): MetalLB's
 * speaker publishes keepaliveTime 3.333333333s for holdTime 10s, and a
 * cluster must be able to move between frr-k8s and this agent. Without it a
 * fraction is refused (connectTime, whose CRD rule requires whole seconds).
 */
export function readSeconds(text: string, min: number, max: number, truncate = false): Parsed<number> {
  const ms = parseDuration(text);
  if (ms === undefined) return bad(`"${text}" is not a duration (e.g. 90s, 1m30s)`);
  if (ms % 1000 !== 0 && !truncate) return bad(`"${text}" is not a whole number of seconds`);
  const s = Math.trunc(ms / 1000);
  if (s < min || s > max) return bad(`"${text}" must be between ${min}s and ${max}s`);
  return ok(s);
}
